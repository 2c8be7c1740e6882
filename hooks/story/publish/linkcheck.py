"""Check every internal link of a built site: the file it points to, its fragment, and its text fragment.

MkDocs checks the links that Markdown makes; this reads the built HTML, so it also checks links in
raw HTML, in macros' output and in theme templates. A fragment must name an element of the target
page. A text fragment (`#p4:~:text=start,end`) must name an element, and its words must be in it,
which is what makes the browser highlight a quote: generic link checkers read `p4:~:text=...` as a
missing id. External addresses are not fetched. `javascript:` links are errors.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRIBUTES = {"href": {"a", "link", "area", "base"}, "src": {"img", "script", "iframe", "source", "audio",
                                                                   "video", "track", "embed", "input"},
                    "poster": {"video"}, "action": {"form"}}
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "ftp:")


@dataclass(frozen=True)
class BrokenLink:
    """A link that does not lead where it says, with the page and line it is on."""

    page: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.reason}: {self.url}"


class _Page(HTMLParser):
    """The ids, the text of each id'd element, and the links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []
        self.text_by_id: dict[str, list[str]] = {}
        self.text: list[str] = []
        self.canonical: str | None = None
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        element_id = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
        if element_id:
            self.ids.add(element_id)
            self.text_by_id.setdefault(element_id, [])
        for attribute, tags in _LINK_ATTRIBUTES.items():
            value = attributes.get(attribute)
            if tag in tags and value is not None:
                self.links.append((self.getpos()[0], value))
        if tag == "img" and attributes.get("srcset"):
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.links.append((self.getpos()[0], candidate.split()[0]))
        if tag not in {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed",
                       "track"}:
            self._open.append((tag, element_id))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, element_id in self._open:
            if element_id:
                self.text_by_id[element_id].append(data)


def _space(text: str) -> str:
    return " ".join(text.split())


def _text_directive(directive: str) -> list[str] | str:
    """The words a `text=` directive asks for, or why it is malformed."""
    if not directive.startswith("text="):
        return f"an unknown fragment directive '{directive.split('=')[0]}'"
    parts = directive[5:].split(",")
    parts = [p for p in parts if not (p.endswith("-") or p.startswith("-"))]  # prefix- and -suffix
    if not parts or len(parts) > 2 or not all(parts):
        return "a malformed text fragment"
    return [_space(unquote(p)) for p in parts]


class _Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, _Page] = {}

    def page(self, relative: str) -> _Page | None:
        if relative not in self.pages:
            path = self.root / relative
            if not path.is_file():
                return None
            parser = _Page()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self.pages[relative] = parser
        return self.pages[relative]

    def target(self, relative: str) -> str | None:
        """The file a site path resolves to: itself, or its index.html."""
        candidates = [relative] if relative and not relative.endswith("/") else []
        candidates.append(posixpath.join(relative, "index.html") if relative else "index.html")
        return next((c for c in candidates if (self.root / c).is_file()), None)


def check_site(root: Path) -> tuple[list[BrokenLink], int]:
    """Every broken internal link in the built site at `root`, and how many links were checked.

    A link from the server root ("/story/assets/...", as on the 404 page) is resolved against the
    folder the site is published in, read from the canonical link of its home page.
    """
    site = _Site(root)
    home = site.page("index.html")
    prefix = urlsplit(home.canonical).path if home and home.canonical else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    broken: list[BrokenLink] = []
    checked = 0
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root).as_posix()
        page = site.page(relative)
        assert page is not None
        base = posixpath.dirname(relative)
        for line, url in page.links:
            url = url.strip()
            checked += 1
            lowered = url.lower()
            if lowered.startswith("javascript:"):
                broken.append(BrokenLink(relative, line, url, "a javascript: address"))
                continue
            if lowered.startswith(_EXTERNAL) or url.startswith("//"):
                continue
            parts = urlsplit(url)
            path = unquote(parts.path)
            if path.startswith("/"):
                if not (path + "/").startswith(prefix):
                    broken.append(BrokenLink(relative, line, url, f"a path from the server root outside the site's "
                                                                  f"folder {prefix}; use a relative link"))
                    continue
                path = path[len(prefix):] or "."
                target_path = posixpath.normpath(path)
            else:
                target_path = posixpath.normpath(posixpath.join(base, path)) if path else relative
            if target_path.startswith(".."):
                broken.append(BrokenLink(relative, line, url, "a link out of the site"))
                continue
            target = site.target("" if target_path == "." else target_path)
            if target is None:
                broken.append(BrokenLink(relative, line, url, "no such file in the site"))
                continue
            if not parts.fragment or not target.endswith(".html"):
                continue
            problem = _fragment_problem(site.page(target), parts.fragment)
            if problem:
                broken.append(BrokenLink(relative, line, url, problem))
    return broken, checked


def _fragment_problem(page: _Page | None, fragment: str) -> str | None:
    if page is None:
        return "the target page cannot be read"
    element, _, directive = fragment.partition(":~:")
    element = unquote(element)
    if element and element not in page.ids:
        return f"the target page has no element with the id '{element}'"
    if not directive:
        return None
    words = _text_directive(directive)
    if isinstance(words, str):
        return words
    scope = _space("".join(page.text_by_id.get(element, []) if element else page.text))
    start = scope.find(words[0])
    if start < 0 or (len(words) == 2 and scope.find(words[1], start + len(words[0])) < 0):
        where = f"element '{element}'" if element else "page"
        return f"the text fragment's words are not in the target {where}"
    return None
