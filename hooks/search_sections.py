"""A large page's search entries, made piece by piece, so that an edit parses again only the pieces it changed.

Material's search plugin parses a page's whole HTML into one entry per section (a heading with an
id and what follows it). At 1,000 articles the comparison page is 1.8 MB, and an edit of one source
changes a few of its lists and one of its notes: parsing the page again costs a third of a second,
parsing what changed a few hundredths. So the HTML is cut into pieces, each piece is parsed by
Material's own parser, started where a parse of the whole page would stand, and what it found is
kept under a key of its own (its text and that start); the sections are put together and made into
entries as the plugin makes them.

The page is cut before a `<` at three kinds of places:

- before each heading with an id but the first. A parser that starts there is a fresh one with a
  stand-in section before it: that is where a whole parse stands if the piece before ends with
  nothing open (no element, nothing excluded but what the parser always skips, no text held back,
  no raw-text element), if some piece before found a section, and if the piece opens a top-level
  section with its first event (its look-back over open sections then stops there);
- before each note of a list of notes (`<li id="fn:`), and before some of the lines that start with
  a tag, about one in `EVERY` characters, each chosen by the digest of its text (up to the next such
  line) and its length: cuts chosen by content, so that a line added or taken away moves no other
  cut. A parser that starts there is seeded with the state the piece before ended in: its open
  elements, what they exclude, and its current section, whose text is stood in for by what the
  parser reads of it again (for each tag it keeps, whether the first one has text after it; and
  whether the text ends in a space). That is the whole parse's state if the section is a top-level
  one (so no look-back reaches past it), it is the last found, no kept tag in it is empty so far,
  the parser is not inside an element it takes for the section's heading (a heading without an id
  of the same level counts: the parser compares elements by tag), and the piece adds no section
  and nothing to the title.

A cut whose start does not hold is not made: the piece before it is read on into the next, and the
page is put together again. With every cut given up the page is one piece, parsed as the plugin does.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page
from story.markup import chosen

_HEADING = re.compile(r"<h[1-6][\s][^<>]*\bid=")
"""Where a piece may start a section: a heading tag with an id. Whether it opens a top-level section is checked by
parsing."""
_NOTE = '<li id="fn:'
"""A note of a list of notes, as the footnotes extension opens it."""
_RESUME = re.compile(r"\n(?=<)|" + re.escape(_NOTE))
"""Where a piece may go on with the section before it: a note, or a line that starts with a tag (found by its line
break, which the pattern looks for first, rather than by looking back from every `<`)."""
EVERY = 8192
"""About how many characters apart the lines that start with a tag and are places to cut are (`markup.chosen`)."""

CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""The digest of this module, in the key of every piece kept: a change to how pieces are cut or parsed makes them
again, never trusts what the code before found."""

_SKIPPED = frozenset({"object", "script", "style"})
"""What Material's parser always skips (its own starting list)."""


def pieces(html: str, every: int = EVERY) -> list[tuple[str, str]]:
    """The page's HTML cut as the module says: each piece's kind (`first`, `heading` or `resume`) and its text."""
    headings = [match.start() for match in _HEADING.finditer(html)][1:]
    cuts = dict.fromkeys(headings, "heading")
    places: list[tuple[int, bool]] = []
    for match in _RESUME.finditer(html):
        at = match.end() if match.group() == "\n" else match.start()
        if not places or places[-1][0] != at:  # a note at the start of a line is found twice
            places.append((at, html.startswith(_NOTE, at)))
    for (at, note), (after, _) in zip(places, [*places[1:], (len(html), False)]):
        if at and at not in cuts and (note or chosen(html[at:after], every)):
            cuts[at] = "resume"
    bounds = sorted(cuts)
    return [("first", html[:bounds[0] if bounds else len(html)]),
            *((cuts[start], html[start:end]) for start, end in zip(bounds, [*bounds[1:], len(html)]))]


def search_parser(index: Any) -> type | None:
    """Material's search parser, if `index` is Material's search index; None for any other search plugin."""
    module = sys.modules.get(type(index).__module__)
    if module is None or module.__name__ != "material.plugins.search.plugin" or not all(
            isinstance(getattr(module, name, None), type) for name in ("Parser", "Section", "Element")):
        return None
    return module.Parser


def _text_state(text: list[str], keep: set[str]) -> tuple[list[str], str] | None:
    """What a section's text is to the parser from here on: the kept tags whose first opening has text after it,
    and how the text ends; None if a kept tag's first opening has only space after it (a closing would take it
    back, and whatever follows it)."""
    found = []
    for tag in sorted(keep):
        try:
            at = text.index(f"<{tag}>")
        except ValueError:
            continue
        if all(item.isspace() for item in text[at + 1:]):
            return None
        found.append(tag)
    return found, ("empty" if not text else "space" if text[-1].isspace() else "word")


def _seed(found: list[str], end: str) -> list[str]:
    """Text the parser reads as it does a section's text in that state (`_text_state`)."""
    seed = [item for tag in found for item in (f"<{tag}>", "x")]
    if end == "word" and not seed:
        seed.append("x")
    return [*seed, " "] if end == "space" else seed


class _PieceParser:
    """Parses one piece with Material's parser, started as the piece's kind says, and tells what it found."""

    def __init__(self, parser_class: type, kind: str, start: dict[str, Any] | None) -> None:
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

        self.parser = parser = Watched()
        self.kind, self._opened, self._seed = kind, opened, []
        if kind == "heading":  # a section before this piece: the parser then reads a heading as it does after the first
            parser.section = module.Section(module.Element("hx"))
            parser.data.append(parser.section)
        elif kind == "resume" and start is not None:
            parser.context = [module.Element(tag, dict(attrs)) for tag, attrs in start["context"]]
            parser.skip.update(module.Element(tag) for tag in start["skip"])
            parser.section = module.Section(module.Element(start["heading"]), start["depth"])
            self._seed = _seed(start["kept"], start["ends"])
            parser.section.text = list(self._seed)
            parser.data.append(parser.section)

    def parse(self, html: str, *, last: bool) -> dict[str, Any]:
        """What the piece found, as it is kept: the sections it opened, the text it added to the section open before
        it, and the state it ends in; or `{"start": False}` if the parser did not start where a whole parse would."""
        parser = self.parser
        carried = parser.section
        try:
            parser.feed(html)
            if last:
                parser.close()
        except ValueError:  # a closing tag the seeded text has no opening for: not where a whole parse would be
            if self.kind != "resume":
                raise
            return {"start": False}
        if self.kind == "heading" and self._opened[:1] != [True]:
            return {"start": False}
        if self.kind == "resume":
            seed = self._seed
            if len(parser.data) != 1 or parser.section is not carried or carried.title or \
                    carried.text[:len(seed)] != seed:
                return {"start": False}
            return {"sections": [], "carry": carried.text[len(seed):], "end": self._end()}
        opened = parser.data[1:] if self.kind == "heading" else parser.data  # not the stand-in
        return {"sections": [_section_data(section) for section in opened], "carry": [], "end": self._end()}

    def _end(self) -> dict[str, Any]:
        """The state the piece ends in: whether a fresh parser may start after it (`clean`), and the state a parser
        is seeded with to go on after it (`resume`), if one can be."""
        parser = self.parser
        skip = {item if isinstance(item, str) else item.tag for item in parser.skip} - _SKIPPED
        held = bool(parser.rawdata) or parser.cdata_elem is not None
        section = parser.section
        resume = None
        if not held and section is not None and section is parser.data[-1] and section.depth <= 1 and \
                section.el not in parser.context:  # not inside its heading, whose title a seeded parser cannot hold
            state = _text_state(section.text, set(parser.keep))
            if state is not None:
                resume = {"context": [[el.tag, [list(item) for item in sorted(el.attrs.items())]]
                                      for el in parser.context],
                          "skip": sorted(skip), "heading": section.el.tag, "depth": section.depth,
                          "kept": state[0], "ends": state[1]}
        return {"clean": not held and not parser.context and not skip, "resume": resume}


def _section_data(section: Any) -> list[Any]:
    return [section.el.tag, section.el.attrs, section.id, section.title, section.text]


def _valid(found: Any) -> bool:
    """Whether what was kept for a piece is what `_PieceParser.parse` gives."""
    if not isinstance(found, dict):
        return False
    if found.get("start") is False:
        return True
    end = found.get("end")
    return isinstance(found.get("sections"), list) and isinstance(found.get("carry"), list) and \
        all(isinstance(s, list) and len(s) == 5 for s in found["sections"]) and isinstance(end, dict) and \
        isinstance(end.get("clean"), bool) and (end.get("resume") is None or isinstance(end["resume"], dict))


def entries_by_piece(parser_class: type, html: str, add: Callable[[Any], list[Any]], *,
                     kept: Callable[[str, str], Any], keep: Callable[[str, str, dict[str, Any]], None],
                     every: int = EVERY) -> list[Any]:
    """The page's entries, piece by piece.

    For each piece, given its text and its place (first or last, and the state it starts in), `kept`
    gives what an earlier build found, else the piece is parsed and what it found is given to `keep`.
    Each section found is given to `add`, which returns the entries the index makes of it.
    """
    cut = pieces(html, every)
    given_up: set[int] = set()
    while True:
        sections = _sections(parser_class, cut, given_up, kept, keep)
        if isinstance(sections, list):
            break
        given_up.add(sections)
    module = sys.modules[parser_class.__module__]
    out = []
    for tag, attrs, identifier, title, text in sections:
        section = module.Section(module.Element(tag, attrs))
        section.id, section.title, section.text = identifier, list(title), list(text)
        if not section.is_excluded():
            out += add(section)
    return out


def _sections(parser_class: type, cut: list[tuple[str, str]], given_up: set[int], kept: Callable[[str, str], Any],
              keep: Callable[[str, str, dict[str, Any]], None]) -> list[list[Any]] | int:
    """The page's sections, from its pieces but those whose cut is given up; or the number of a piece whose cut is to
    be given up, as its start does not hold."""
    sections: list[list[Any]] = []
    number, begin = 0, None
    while number < len(cut):
        start = number
        kind, text = cut[number]
        while True:
            last = number == len(cut) - 1
            state = begin if kind == "resume" else None
            place = f"{'last ' if last else ''}{kind} {json.dumps(state, sort_keys=True)}"
            found = kept(text, place)
            if not _valid(found):
                found = _PieceParser(parser_class, kind, state).parse(text, last=last)
                keep(text, place, found)
            if found.get("start") is False:
                return start
            if last or _goes_on(cut[number + 1][0], number + 1, found["end"], given_up, bool(sections or
                                                                                                 found["sections"])):
                break
            number += 1
            text += cut[number][1]
        if found["carry"]:
            sections[-1] = [*sections[-1][:4], sections[-1][4] + found["carry"]]
        sections += found["sections"]
        begin = found["end"]["resume"]  # where the next piece starts, if it goes on with this one's section
        number += 1
    return sections


def _goes_on(kind: str, number: int, end: dict[str, Any], given_up: set[int], found: bool) -> bool:
    """Whether the next piece starts a piece of its own: its cut is not given up, and the piece before ends as the
    cut needs: before a heading, with nothing open and a section found; before any other cut, in a state a parser
    can be seeded with."""
    if number in given_up:
        return False
    return end["clean"] and found if kind == "heading" else end["resume"] is not None


def page_entries(index: Any, page: Page) -> Callable[[Any], list[Any]]:
    """A function giving the entries the index makes of one section of `page`."""
    def add(section: Any) -> list[Any]:
        before = len(index.entries)
        index.create_entry_for_section(section, page.toc, page.url, page)
        made = index.entries[before:]
        del index.entries[before:]
        return made
    return add
