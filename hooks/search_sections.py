"""A large page's search entries, made section by section, so that an edit parses again only the sections it changed.

Material's search plugin parses a page's whole HTML into one entry per section (a heading with an
id and what follows it). At 1,000 articles the comparison page is 1.8 MB, and an edit of one source
changes one of its sections: parsing the page again costs a third of a second, parsing that section
a tenth of it. So the HTML is cut before each heading with an id, each piece is parsed by Material's
own parser and kept under a key of its own, and the entries are put together.

That gives the entries of the whole page only if the parser, at the start of each piece, is where
a parse of the whole page would be. Each piece is therefore checked as it is parsed, and if any
check fails the page is parsed whole, as the plugin does:

- every piece but the last ends with no element open, nothing excluded but what the parser always
  skips (`script`, `style`, `object`), no text held back and no raw-text element open: the state a
  fresh parser starts in, but for the sections found. A piece that does not (a block that holds
  headings, a comment, a script, a tag cut short) is read on together with the next one;
- every piece but the first starts a section with its first tag: a top-level heading with an id.
  Until it does, the parser would read on into the previous section; from then on it reads only the
  sections of this piece (its look-back over open sections stops at this one, at depth 1);
- some piece before it found a section, so that its heading is not taken for the page's first.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from mkdocs.structure.pages import Page

_HEADING = re.compile(r"<h[1-6][\s][^<>]*\bid=")
"""Where a piece may start: a heading tag with an id. Whether it opens a top-level section is checked by parsing."""

_SKIPPED = frozenset({"object", "script", "style"})
"""What Material's parser always skips (its own starting list)."""


def pieces(html: str) -> list[str]:
    """The page's HTML cut before each heading tag with an id but the first, which opens the first piece."""
    bounds = [0, *[match.start() for match in _HEADING.finditer(html)][1:], len(html)]
    return [html[start:end] for start, end in pairwise(bounds)]


def search_parser(index: Any) -> type | None:
    """Material's search parser, if `index` is Material's search index; None for any other search plugin."""
    module = sys.modules.get(type(index).__module__)
    if module is None or module.__name__ != "material.plugins.search.plugin" or not all(
            isinstance(getattr(module, name, None), type) for name in ("Parser", "Section", "Element")):
        return None
    return module.Parser


class _PieceParser:
    """Parses one piece with Material's parser, after a stand-in section unless it is the first piece, and says
    whether the piece kept to the rules above."""

    def __init__(self, parser_class: type, *, first: bool) -> None:
        module = sys.modules[parser_class.__module__]
        opened: list[bool] = []

        class Watched(parser_class):  # type: ignore[misc, valid-type]
            """Material's parser, noting whether its first event opens a section at the top."""

            def handle_starttag(self, tag: str, attrs: Any) -> None:
                sections = len(self.data)
                super().handle_starttag(tag, attrs)
                if not opened:
                    opened.append(len(self.data) > sections and self.data[-1].depth == 1)

            def handle_endtag(self, tag: str) -> None:
                if not opened:
                    opened.append(False)
                super().handle_endtag(tag)

            def handle_data(self, data: str) -> None:
                if not opened:
                    opened.append(False)
                super().handle_data(data)

        self.parser = Watched()
        self.first = first
        self._opened = opened
        if not first:  # a section before this piece: the parser then reads a heading as it does after the first
            self.parser.section = module.Section(module.Element("hx"))
            self.parser.data.append(self.parser.section)

    def parse(self, html: str, *, last: bool) -> list[Any] | bool | None:
        """The sections the piece holds; True if it ends inside an element (or the like), so that it is to be
        read on into the next piece; None if its first event opens no section (the page is to be parsed whole)."""
        parser = self.parser
        parser.feed(html)
        if not last and (parser.context or set(parser.skip) != _SKIPPED or parser.rawdata
                         or parser.cdata_elem is not None):
            return True
        parser.close()
        if self.first:
            return list(parser.data)
        if self._opened[:1] != [True]:
            return None
        return parser.data[1:]


def _valid(found: Any, *, last: bool) -> bool:
    """Whether an entry kept for a piece is one `entries_by_piece` made (the last piece is never read on)."""
    return isinstance(found, dict) and ((found.get("open") is True and not last) or (
        isinstance(found.get("entries"), list) and isinstance(found.get("sections"), int)))


def entries_by_piece(parser_class: type, html: str, add: Callable[[Any], list[Any]], *,
                     kept: Callable[[str, str], Any], keep: Callable[[str, str, dict[str, Any]], None]) -> list[Any] | None:
    """The page's entries, piece by piece; None if the pieces cannot be parsed apart.

    For each piece (given its text and its place: whether it is the first, whether the last),
    `kept` gives what an earlier build found, else the piece is parsed, each section given to
    `add` (which returns the entries the index makes of it), and what was found is given to
    `keep`: the entries and how many sections they come from, or that the piece ends inside an
    element, in which case it is read on together with the next piece.
    """
    cut = pieces(html)
    out: list[Any] = []
    sections_before, number = 0, 0
    while number < len(cut):
        start, text = number, cut[number]
        if start and not sections_before:
            return None
        while True:
            first, last = start == 0, number == len(cut) - 1
            place = f"{'first' if first else ''} {'last' if last else ''}"
            found = kept(text, place)
            if not _valid(found, last=last):
                sections = _PieceParser(parser_class, first=first).parse(text, last=last)
                if sections is None:
                    return None
                found = {"open": True} if sections is True else {
                    "entries": [entry for section in sections if not section.is_excluded() for entry in add(section)],
                    "sections": len(sections)}
                keep(text, place, found)
            if not found.get("open"):
                break
            number += 1
            text += cut[number]
        sections_before += found["sections"]
        out += found["entries"]
        number += 1
    return out


def page_entries(index: Any, page: Page) -> Callable[[Any], list[Any]]:
    """A function giving the entries the index makes of one section of `page`."""
    def add(section: Any) -> list[Any]:
        before = len(index.entries)
        index.create_entry_for_section(section, page.toc, page.url, page)
        made = index.entries[before:]
        del index.entries[before:]
        return made
    return add
