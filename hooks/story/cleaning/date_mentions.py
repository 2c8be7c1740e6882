"""Find the dates an article mentions, and resolve relative ones against its publication date.

Absolute mentions: "July 20, 2024", "Sept. 29", "29 September", "July 17th", "in June", "1997".
Relative mentions: "on Monday", "As of Tuesday", "last month", "this week", "yesterday".
A mention without a year takes the year that puts it nearest the publication date; a relative
one needs the publication date to the day (or the month, for "last month"). When that is not
known, the mention is kept with the reason it cannot be resolved, never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

from .dates import PartialDate, Published
from .rules import Cleaned, Paragraph
from .sentences import sentence_spans


class Source(Protocol):
    """What reading dates needs of a source: its names, publication date and cleaned text."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def published(self) -> Published: ...
    @property
    def cleaned(self) -> Cleaned: ...
    @property
    def derived(self) -> dict[str, Any]: ...

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-day", re.compile(rf"\b(?P<month>{_MONTH})\.?\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day-month", re.compile(rf"\b{_DAY}\s+(?P<month>{_MONTH})\b\.?(?:,?\s+{_YEAR}\b)?")),
    ("month", re.compile(rf"\b(?:(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s+)"
                         rf"(?P<month>{_FULL_MONTH})\b(?:\s+{_YEAR}\b)?")),
    ("month-year", re.compile(rf"\b(?P<month>{_FULL_MONTH})\s+{_YEAR}\b")),
    ("weekday", re.compile(r"\b(?:(?P<which>last|next|this)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)\b")),
    ("relative-month", re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext)\s+month\b")),
    ("relative-week", re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext)\s+week\b")),
    ("relative-year", re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b")),
    ("relative-day", re.compile(r"\b(?P<which>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b")),
    ("year", re.compile(rf"\b{_YEAR}\b(?![,.]?\d)")),
]


@dataclass(frozen=True)
class DateMention:
    """One date an article mentions: where, as printed, and what it resolves to."""

    source: str
    paragraph: Paragraph
    start: int
    end: int
    sentence: str
    form: str
    date: PartialDate | None
    last: PartialDate | None = None
    weekday: int | None = None
    unresolved: str | None = None

    @property
    def text(self) -> str:
        """The words of the mention as the outlet printed them."""
        return self.paragraph.text[self.start:self.end]

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the mention can mean, if it resolved."""
        if self.date is None:
            return None
        return self.date.first_day(), (self.last or self.date).last_day()

    def human(self) -> str:
        """The resolved date for readers, or why it could not be resolved."""
        if self.date is None:
            return f"unresolved: {self.unresolved}"
        if self.last and self.last != self.date:
            return f"{self.date.human()} to {self.last.human()}"
        return self.date.human()


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _reference(source: Source) -> tuple[PartialDate | None, str]:
    """The publication date to resolve against, and how it is described when it is missing."""
    published = source.published
    return published.date, f"the publication date of {source.name} is not known to the day"


def _nearest_year(month: int, day: int | None, source: Source) -> int | None:
    published = source.published
    anchor = published.date or published.not_before or published.not_after
    if anchor is None:
        return None
    if anchor.month is None:
        return anchor.year
    reference = anchor.first_day()
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day or 15))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - reference).days)).year if candidates else None


def _resolve(form: str, groups: dict[str, str | None], source: Source
             ) -> tuple[PartialDate | None, PartialDate | None, int | None, str | None]:
    """(date, last day of a range, weekday, reason unresolved) for one matched mention."""
    reference, missing = _reference(source)
    if form in ("month-day", "day-month", "month", "month-year"):
        month = _MONTHS[(groups["month"] or "").lower().rstrip(".")]
        day = int(groups["day"]) if groups.get("day") else None
        year = int(groups["year"]) if groups.get("year") else _nearest_year(month, day, source)
        if year is None:
            return None, None, None, f"no year is printed and {missing.replace('to the day', 'at all')}"
        try:
            return PartialDate(year, month, day) if day else PartialDate(year, month), None, None, None
        except ValueError:
            return None, None, None, "it is not a calendar date"
    if form == "year":
        return PartialDate(int(groups["year"] or 0)), None, None, None
    which = (groups.get("which") or "").lower()
    if form == "weekday":
        weekday = _WEEKDAYS[(groups["weekday"] or "").lower()]
        if reference is None or reference.day is None:
            return None, None, weekday, missing
        published = reference.first_day()
        back = (published.weekday() - weekday) % 7
        if which == "last" and back == 0:
            back = 7
        if which == "next":
            ahead = (weekday - published.weekday()) % 7 or 7
            return _day(published + dt.timedelta(days=ahead)), None, weekday, None
        return _day(published - dt.timedelta(days=back)), None, weekday, None
    if form == "relative-day":
        if reference is None or reference.day is None:
            return None, None, None, missing
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[which]
        return _day(reference.first_day() + dt.timedelta(days=shift)), None, None, None
    if form == "relative-week":
        if reference is None or reference.day is None:
            return None, None, None, missing
        monday = reference.first_day() - dt.timedelta(days=reference.first_day().weekday())
        monday += dt.timedelta(weeks={"last": -1, "this": 0, "next": 1}[which])
        return _day(monday), _day(monday + dt.timedelta(days=6)), None, None
    if form == "relative-month":
        if reference is None or reference.month is None:
            return None, None, None, missing.replace("to the day", "to the month")
        index = reference.year * 12 + reference.month - 1 + {"last": -1, "this": 0, "next": 1}[which]
        return PartialDate(index // 12, index % 12 + 1), None, None, None
    if form == "relative-year":
        if reference is None:
            return None, None, None, missing.replace("to the day", "")
        return PartialDate(reference.year + {"last": -1, "this": 0, "next": 1}[which]), None, None, None
    raise AssertionError(form)


def date_matches(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every date expression in `text` as (form, match), in reading order, none overlapping another.

    The forms are tried from the most to the least specific, so "July 20, 2024" is one mention,
    not a month-day and a year.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, re.Match[str]]] = []
    for form, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append((form, match))
    return sorted(found, key=lambda item: item[1].start())


def month_number(name: str) -> int:
    """The number of a month written in full or abbreviated ('Sept', 'Sep.'), 1 to 12."""
    return _MONTHS[name.lower().rstrip(".")]


def weekday_number(name: str) -> int:
    """Monday is 0, Sunday 6."""
    return _WEEKDAYS[name.lower()]


def paragraph_mentions(source: Source, paragraph: Paragraph) -> list[DateMention]:
    """Every date mention in one paragraph, in reading order, none overlapping another."""
    text = paragraph.text
    found: list[DateMention] = []
    spans = list(sentence_spans(text))
    for form, match in date_matches(text):
        start, end = match.span()
        date, last, weekday, unresolved = _resolve(form, match.groupdict(), source)
        sentence = next((text[a:b] for a, b in spans if a <= start < b), text)
        found.append(DateMention(source.slug, paragraph, start, end, sentence, form, date, last, weekday,
                                 unresolved))
    return found


def find_mentions(source: Source) -> list[DateMention]:
    """Every date mention in a source's cleaned article text, read once and kept with the source."""
    if "mentions" not in source.derived:
        source.derived["mentions"] = [m for paragraph in source.cleaned.paragraphs
                                      for m in paragraph_mentions(source, paragraph)]
    return source.derived["mentions"]
