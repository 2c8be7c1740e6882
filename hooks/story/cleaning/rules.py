"""Separate article text from page furniture in a raw capture, keeping a record of every removal.

`clean` is a pure function: the same capture and profile always give the same paragraphs and
removals, every non-blank line of the capture ends up in exactly one of the two, and nothing
is rewritten except the capture tool's metadata prefix and the surrounding whitespace.
Generic rules come first in this module; a source's own rules (`CleaningProfile.rules`) are
tried before them, so a page can keep a line a generic rule would remove, or remove more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .typography import fold

Action = Literal["remove", "keep", "cut_from"]
SplitMode = Literal["lines", "blank-lines"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of article text, numbered from 1 in reading order."""

    number: int
    text: str
    line: int

    @property
    def anchor(self) -> str:
        """The paragraph's id on its outlet page, stable as long as capture and cleaning are."""
        return f"p{self.number}"


@dataclass(frozen=True)
class Removal:
    """Text that cleaning took out, the capture line it was on, and the rule that took it."""

    line: int
    text: str
    rule: str
    reason: str


@dataclass(frozen=True)
class LineRule:
    """A source's own cleaning rule: a line to keep, remove, or cut the rest of the page from."""

    action: Action
    reason: str
    text: str | None = None
    pattern: re.Pattern[str] | None = None

    def matches(self, line: str) -> bool:
        """Whether the rule applies to this (stripped) line."""
        if self.text is not None:
            return fold(line).casefold() == fold(self.text).casefold()
        return bool(self.pattern and self.pattern.search(line))

    @property
    def name(self) -> str:
        """How the removal is labelled on the outlet page."""
        return f"source rule: {self.action.replace('_', ' ')}"


@dataclass(frozen=True)
class CleaningProfile:
    """What cleaning knows about one page: its own metadata and its own rules."""

    headline: str | None = None
    section: str | None = None
    byline: tuple[str, ...] = ()
    agency: str | None = None
    rules: tuple[LineRule, ...] = ()
    paragraphs: SplitMode = "lines"


@dataclass(frozen=True)
class Cleaned:
    """The outcome of cleaning one capture."""

    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...] = field(default=())


@dataclass(frozen=True)
class _Generic:
    name: str
    reason: str
    test: Callable[[str, CleaningProfile], bool]
    cuts: bool = False


def _words(text: str) -> int:
    return len(text.split())


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fold(a).casefold() == fold(b).casefold()  # type: ignore[arg-type]


def _short_match(pattern: str, max_words: int) -> Callable[[str, CleaningProfile], bool]:
    regex = re.compile(pattern, re.IGNORECASE)
    return lambda text, _profile: _words(text) <= max_words and bool(regex.search(fold(text)))


def _is_byline(text: str, profile: CleaningProfile) -> bool:
    if _words(text) > 24 or not re.search(r"(^|\s)By\s+\S", text):
        return False
    if any(name and name.casefold() in text.casefold() for name in profile.byline):
        return True
    return bool(re.match(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$", text))


_METADATA = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}(?=\s|$)")
"""A capture tool's header: ' date 2024-07-16', sometimes followed by a section label."""

_RAIL_HEADINGS = frozenset({
    "most read", "most popular", "most viewed", "trending", "trending now", "latest",
    "latest news", "latest posts", "latest stories", "latest videos", "more from author",
    "more from the author", "more stories", "more on this story", "related", "related articles",
    "related stories", "related content", "read more", "read next", "recommended",
    "recommended for you", "you may also like", "you might also like", "opinion", "editorial",
    "top stories", "popular", "see also",
})


def _rail_heading(text: str) -> bool:
    return fold(text).strip(" :>»").casefold() in _RAIL_HEADINGS


GENERIC_RULES: tuple[_Generic, ...] = (
    _Generic("headline", "the headline, shown as the page title",
             lambda text, p: _same(text, p.headline)),
    _Generic("section-label", "the site section the page was filed under",
             lambda text, p: _same(text, p.section)),
    _Generic("byline", "the byline and date line, shown in the provenance card", _is_byline),
    _Generic("agency-credit", "the news agency's credit line, shown in the provenance card",
             lambda text, p: _same(text.strip(" -–—()"), p.agency)),
    _Generic("subscription-prompt", "a prompt to subscribe, sign up or sign in",
             _short_match(r"^(subscribe\b|support (our |independent )?journalism|already a subscriber"
                          r"|sign up\b.*\bsign in\b|(sign|log) in to (read|continue|comment)"
                          r"|become a (member|subscriber)|register (now|for free))", 30)),
    _Generic("newsletter", "a newsletter sign-up box",
             _short_match(r"\bnewsletter\b|we hate spam|unsubscribe at any time", 12)),
    _Generic("comment-invitation", "an invitation to comment",
             _short_match(r"comment on this (article|story)|comment policy|(leave|post|add) a comment"
                          r"|join the (conversation|discussion)|^\d* ?comments?( \(\d+\))?$", 20)),
    _Generic("image-credit", "an image credit",
             _short_match(r"^(image|photo|picture|photograph|illustration)s?( credit)?\s*:", 15)),
    _Generic("publication-line", "the print-edition line",
             _short_match(r"^(first )?published in\b.{1,80}\b\d{4}\.?$", 12)),
    _Generic("advertisement", "an advertising label",
             _short_match(r"^(advertisement|advertising|sponsored( content)?)$", 2)),
    _Generic("closing-rail", "a list of other stories starts here: it and everything after it is "
             "page furniture", lambda text, _p: _rail_heading(text), cuts=True),
)


def _blocks(capture: str, mode: SplitMode) -> list[tuple[int, str]]:
    """Non-blank blocks with the capture line each starts on: one a line, or runs of lines."""
    blocks: list[tuple[int, str]] = []
    run: list[str] = []
    start = 0
    for number, line in enumerate(capture.splitlines(), start=1):
        if not line.strip():
            if run:
                blocks.append((start, " ".join(run)))
                run = []
            continue
        if mode == "lines":
            blocks.append((number, line))
        else:
            if not run:
                start = number
            run.append(line.strip())
    if run:
        blocks.append((start, " ".join(run)))
    return blocks


def _is_label(text: str) -> bool:
    return _words(text) <= 3 and not re.search(r"[.!?:;,\"“”]", text)


def clean(capture: str, profile: CleaningProfile = CleaningProfile()) -> Cleaned:
    """Split `capture` into article paragraphs and removed furniture."""
    kept: list[Paragraph] = []
    removed: list[Removal] = []
    first_seen: dict[str, int] = {}
    cut: tuple[str, str] | None = None

    for line, raw in _blocks(capture, profile.paragraphs):
        text = raw.strip()
        if cut:
            removed.append(Removal(line, text, *cut))
            continue
        if line == 1 and (meta := _METADATA.match(raw)):
            rest = raw[meta.end():].strip()
            if not rest or _is_label(rest):
                removed.append(Removal(line, text, "capture-metadata",
                                       "a line the capture tool added: date and section"))
                continue
            removed.append(Removal(line, meta.group(0).strip(), "capture-metadata",
                                   "the capture tool's date stamp, in front of the first paragraph"))
            text = rest

        own = next((rule for rule in profile.rules if rule.matches(text)), None)
        if own is not None and own.action != "keep":
            removed.append(Removal(line, text, own.name, own.reason))
            if own.action == "cut_from":
                cut = (own.name, own.reason)
            continue
        if own is None:
            generic = next((rule for rule in GENERIC_RULES if rule.test(text, profile)), None)
            if generic is not None:
                if generic.cuts and not kept:
                    removed.append(Removal(line, text, "navigation-label",
                                           "a navigation label above the article"))
                    continue
                removed.append(Removal(line, text, generic.name, generic.reason))
                if generic.cuts:
                    cut = (generic.name, generic.reason)
                continue

        key = fold(text)
        if key in first_seen:
            removed.append(Removal(line, text, "repeated-paragraph",
                                   f"the page prints this paragraph twice; the first (¶{first_seen[key]}) is kept"))
            continue
        first_seen[key] = len(kept) + 1
        kept.append(Paragraph(len(kept) + 1, text, line))

    return Cleaned(tuple(kept), tuple(removed))
