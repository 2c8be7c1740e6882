"""Command-line tools for contributors: `python -m story digest FILE...`."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from .frontmatter import split_front_matter


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
    args = parser.parse_args(argv)
    for path in args.files:
        print(digest(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
