"""Command-line tools for contributors: `python -m story capture PAGE.html`, `digest FILE...`, and the checks."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from .publish.linkcheck import check_site
from .sources.capture import CaptureError, fetch, import_page
from .sources.frontmatter import split_front_matter
from .sources.linkrot import check_addresses, report
from .sources.load import load_sources


def digest(path: Path) -> str:
    """The line to put under `capture:` for an article file: the SHA-256 of its capture."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SystemExit(f"{path}: cannot read it as UTF-8 text ({err})") from None
    split = split_front_matter(text)
    if isinstance(split, str):
        raise SystemExit(f"{path}:1: {split}")
    return f"{path}: sha256: {hashlib.sha256(split[1].encode('utf-8')).hexdigest()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m story")
    commands = parser.add_subparsers(dest="command", required=True)
    digest_parser = commands.add_parser("digest", help="print the capture.sha256 of article files")
    digest_parser.add_argument("files", nargs="+", type=Path)
    links_parser = commands.add_parser("check-links", help="check every internal link of a built site")
    links_parser.add_argument("site", type=Path, help="the built site folder, such as site/")
    rot_parser = commands.add_parser("link-rot", help="report sources whose addresses no longer answer")
    rot_parser.add_argument("articles", type=Path, nargs="?", default=Path("sources/articles"))
    capture_parser = commands.add_parser("capture", help="import a news page saved from a browser (or an address)")
    capture_parser.add_argument("page", help="the saved page (Save Page As, 'Web Page, HTML only'), or an http(s) address")
    capture_parser.add_argument("--url", help="the article's address (wins over the page's own)")
    capture_parser.add_argument("--outlet", help="the outlet's name (wins over the page's own)")
    capture_parser.add_argument("--slug", help="the new source's name, its page address (default: from the outlet)")
    capture_parser.add_argument("--force", action="store_true", help="replace a source of the same name")
    capture_parser.add_argument("--sources", type=Path, default=Path("sources"), help="the sources folder")
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args)
    if args.command == "link-rot":
        sources, problems = load_sources(args.articles, Path.cwd())
        for problem in problems:
            print(problem)
        print(report(check_addresses(sources)))
        return 0
    if args.command == "check-links":
        return check_links(args.site)
    for path in args.files:
        print(digest(path))
    return 0


def capture(args: argparse.Namespace) -> int:
    """Import one page; print the new source's path last, or one line saying what is wrong."""
    try:
        if args.page.startswith(("http://", "https://")):
            raw, final = fetch(args.page)
            shown, url = args.page, args.url or final
        else:
            path = Path(args.page)
            if not path.is_file():
                raise CaptureError(f"{args.page}: no such file; save the article from your browser (Save Page As, "
                                   "'Web Page, HTML only') and give the saved file")
            raw, shown, url = path.read_bytes(), args.page, args.url
        if not args.sources.is_dir():
            raise CaptureError(f"{args.sources}: no sources folder here; run the command from the project folder, "
                               "or give --sources")
        done = import_page(raw, shown, args.sources, url=url, outlet=args.outlet, slug=args.slug, force=args.force)
    except CaptureError as err:
        print(f"capture: {err}", file=sys.stderr)
        return 1
    print(f"capture: kept the page as {done.page.as_posix()}")
    print(done.article.as_posix())
    return 0


def check_links(site: Path) -> int:
    """Print every broken internal link of a built site, one a line; 1 if there is any."""
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (no index.html); build it first with ./dev build")
        return 1
    broken, checked = check_site(site)
    for link in broken:
        print(f"{site.as_posix().rstrip('/')}/{link}")
    print(f"check-links: {checked} links checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
