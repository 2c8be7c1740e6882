"""The story's timeline: cited events from a YAML file, checked against the dates the sources mention.

Each event has a date (YYYY, YYYY-MM, YYYY-MM-DD, or a range START/END), a title, a kind, an
optional Markdown description, and one or more citations verified like the explainer's. On top of
checking the file, the build compares each event with the date mentions in the sources:

- support: an event's date must be mentioned in a paragraph it cites, or be the publication date
  of a source it cites; otherwise it is a warning;
- disputes: when the dates mentioned inside the quotes an event cites disagree (a different day,
  or a different weekday), the event is disputed, and each side is shown with its sources;
- candidates: resolved mentions that no event covers are listed for contributors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..citations.notes import CitedQuote, Library, read_by_checks, verify_quote
from ..cleaning.date_mentions import DateMention, find_mentions
from ..cleaning.dates import PartialDate, parse_partial_date
from ..cleaning.rules import Paragraph
from ..problems import Problem
from ..sources.cache import code_version
from ..sources.derived_cache import DerivedCache, kept
from ..sources.frontmatter import FieldChecker, parse_yaml

DEFAULT_KINDS = {"government": "Government action", "company": "Company action", "reporting": "Reporting",
                 "other": "Other"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EVENT_FIELDS = ("date", "title", "kind", "description", "cite", "id")
_AMBIGUOUS = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_PRECISION = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True)
class EventDate:
    """When an event happened: one partial date, or a range from `start` to `end`."""

    start: PartialDate
    end: PartialDate | None = None

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last day the date can mean."""
        return self.start.first_day(), (self.end or self.start).last_day()

    def iso(self) -> str:
        """The date as written in the data: 2024-07-20 or 2024-07-20/2024-09-29."""
        return f"{self.start.iso()}/{self.end.iso()}" if self.end else self.start.iso()

    def human(self) -> str:
        """'20 July 2024', 'June 2024', or a range written once: '15 to 21 July 2024'."""
        start, end = self.start, self.end
        if end is None or end == start:
            return start.human()
        if start.precision == end.precision == "day" and start.year == end.year:
            if start.month == end.month:
                return f"{start.day} to {end.human()}"
            return f"{start.day} {start.human().split(' ')[1]} to {end.human()}"
        return f"{start.human()} to {end.human()}"


@dataclass(frozen=True)
class Side:
    """One side of a disputed date: what it is and the mentions that give it."""

    label: str
    date: PartialDate | None
    weekday: int | None
    mentions: tuple[tuple[CitedQuote, DateMention], ...]


@dataclass(frozen=True)
class Event:
    """A checked event of the timeline."""

    id: str
    date: EventDate
    title: str
    kind: str
    description: str
    citations: tuple[CitedQuote, ...]
    line: int
    disputed: tuple[Side, ...] = ()
    support: tuple[DateMention, ...] = ()


@dataclass
class Timeline:
    """The checked timeline of a story, with every date mention found in its sources."""

    title: str | None
    kinds: dict[str, str]
    events: list[Event]
    mentions: list[DateMention] = field(default_factory=list)
    _disputed_by: dict[int, list[Event]] | None = field(default=None, repr=False)
    _spans: list[tuple[dt.date, dt.date, Event]] | None = field(default=None, repr=False)
    _by_span: dict[tuple[dt.date, dt.date], list[Event]] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """What a cache keeps: not the lookups worked out for this build, keyed by objects' identities."""
        return {**self.__dict__, "_disputed_by": None, "_spans": None, "_by_span": {}}

    def covering(self, mention: DateMention) -> list[Event]:
        """The events whose dates contain this mention's date, lie within it, or dispute it."""
        span = mention.span()
        if span is None:
            return []
        if self._disputed_by is None:  # built once: which events dispute which mention
            self._disputed_by = {}
            for event in self.events:
                for side in event.disputed:
                    for _, disputed in side.mentions:
                        self._disputed_by.setdefault(id(disputed), []).append(event)
        if self._spans is None:  # each event's first and last day, worked out once for every mention
            self._spans = [(*event.date.span(), event) for event in self.events]
        found = self._by_span.get(span)
        if found is None:  # mentions of one date share the answer
            found = self._by_span[span] = [event for low, high, event in self._spans
                                           if (low <= span[0] and span[1] <= high) or (span[0] <= low and high <= span[1])]
        return found + [e for e in self._disputed_by.get(id(mention), []) if e not in found]

    def candidates(self) -> list[DateMention]:
        """Resolved mentions that no event covers: possible events a contributor may add."""
        return [m for m in self.mentions if m.date is not None and not self.covering(m)]

    def select(self, kinds: Iterable[str] | None = None, start: PartialDate | None = None,
               end: PartialDate | None = None) -> list[Event]:
        """The events of the given kinds that overlap the period from `start` to `end`."""
        wanted = set(kinds) if kinds else None
        low = start.first_day() if start else dt.date.min
        high = end.last_day() if end else dt.date.max
        return [e for e in self.events if (wanted is None or e.kind in wanted)
                and e.date.span()[1] >= low and e.date.span()[0] <= high]


def parse_event_date(value: Any) -> EventDate:
    """Read a date or a START/END range; raise ValueError saying what is wrong."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if _AMBIGUOUS.match(text):
        raise ValueError(f"'{text}' is ambiguous (day and month could be either way round); "
                         "write YYYY-MM-DD, for example 2024-07-20")
    if "/" in text:
        first, _, last = text.partition("/")
        start, end = parse_partial_date(first), parse_partial_date(last)
        if end.last_day() < start.first_day():
            raise ValueError(f"the range '{text}' ends before it starts; write START/END with the earlier date first")
        return EventDate(start, end)
    return EventDate(parse_partial_date(value))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "event"


def _precision(mention: DateMention) -> float:
    if mention.date is None:
        return -1
    if mention.last and mention.last != mention.date:
        return 1.5  # a week: finer than a month, coarser than a day
    return _PRECISION[mention.date.precision]


def supports(mention: DateMention, date: PartialDate) -> bool:
    """Whether a mention dates `date` at least as precisely as it is given."""
    span = mention.span()
    return (span is not None and date.first_day() <= span[0] and span[1] <= date.last_day()
            and _precision(mention) >= _PRECISION[date.precision])


_Mentions = Mapping[tuple[str, Paragraph], Sequence[DateMention]]
"""The date mentions of each paragraph, by source slug and paragraph, in the order of the sources."""


def _by_paragraph(mentions: Sequence[DateMention]) -> _Mentions:
    found: dict[tuple[str, Paragraph], list[DateMention]] = defaultdict(list)
    for mention in mentions:
        found[(mention.source, mention.paragraph)].append(mention)
    return found


def _in_quote(mentions: _Mentions, cited: CitedQuote) -> list[DateMention]:
    match = cited.match
    return [m for m in mentions.get((cited.source.slug, match.paragraph), ())
            if m.start < match.end and match.start < m.end]


_NEAR = dt.timedelta(days=7)
"""Only quoted dates this close to an event's date are taken to date that event."""


def _disputes(date: EventDate, cited: Sequence[CitedQuote], mentions: _Mentions) -> tuple[Side, ...]:
    """Sides that disagree among the day and weekday mentions inside an event's quotes.

    A quote can mention the dates of other happenings too ("30 days after ... June 20"), so only
    mentions within a week of the event's date count, and in a range, each mention is compared
    with the others near the same end. A weekday that could not be resolved joins the side that
    names the same weekday.
    """
    ends = [date.start.first_day()] + ([date.end.last_day()] if date.end else [])
    groups: list[dict[str, list[tuple[CitedQuote, DateMention]]]] = [{} for _ in ends]
    unresolved: dict[int, list[tuple[CitedQuote, DateMention]]] = {}
    for quote in cited:
        for mention in _in_quote(mentions, quote):
            precise = mention.date is not None and mention.date.precision == "day" and not mention.last
            if precise and mention.date:
                day = mention.date.first_day()
                nearest = min(range(len(ends)), key=lambda i: abs((day - ends[i]).days))
                if abs((day - ends[nearest]).days) <= _NEAR.days:
                    label = f"{day.strftime('%A')} {mention.date.human()}"
                    groups[nearest].setdefault(label, []).append((quote, mention))
            elif mention.date is None and mention.weekday is not None:
                unresolved.setdefault(mention.weekday, []).append((quote, mention))
    sides = groups[0]
    for weekday, group in unresolved.items():
        name = dt.date(2024, 1, 1 + weekday).strftime("%A")  # 1 January 2024 was a Monday
        same = [label for label in sides if label.startswith(name + " ")]
        sides.setdefault(same[0] if len(same) == 1 else f"{name} (date not resolved)", []).extend(group)
    disputed = next((g for g in [sides] + groups[1:] if len(g) > 1), {})
    return tuple(Side(label, next((m.date for _, m in group if m.date), None), group[0][1].weekday, tuple(group))
                 for label, group in sorted(disputed.items(), key=lambda item: _side_order(item[1])))


def _side_order(group: list[tuple[CitedQuote, DateMention]]) -> tuple[int, dt.date]:
    dates = [m.date.first_day() for _, m in group if m.date]
    return (0, min(dates)) if dates else (1, dt.date.max)


def _kinds(checker: FieldChecker, value: Any) -> dict[str, str]:
    if value is None:
        return dict(DEFAULT_KINDS)
    if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and _ID.match(k) and isinstance(v, str) and v.strip() for k, v in value.items()):
        checker.problem(("kinds",), "'kinds' must map short names (lowercase, hyphens) to labels, like "
                                    "{government: Government action, company: Company action}")
        return dict(DEFAULT_KINDS)
    return {k: v.strip() for k, v in value.items()}


def _event(checker: FieldChecker, index: int, raw: Any, kinds: dict[str, str], library: Library,
           mentions: _Mentions) -> Event | None:
    where: tuple[str | int, ...] = ("events", index)
    if not isinstance(raw, dict):
        checker.problem(where, "each event must be a mapping with date, title, kind and cite")
        return None
    name = raw.get("title") if isinstance(raw.get("title"), str) else f"number {index + 1}"
    label = f"event '{name}'"
    before = len(checker.problems)
    for key in raw:
        if key not in _EVENT_FIELDS:
            close = difflib.get_close_matches(key, _EVENT_FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the fields are {', '.join(_EVENT_FIELDS)}"
            checker.problem(where + (key,), f"{label}: unknown field '{key}'; {hint}")
    for key in ("date", "title", "kind", "cite"):
        if key not in raw:
            checker.problem(where, f"{label}: the required field '{key}' is missing")
    date = None
    if "date" in raw:
        try:
            date = parse_event_date(raw["date"])
        except ValueError as err:
            checker.problem(where + ("date",), f"{label}: the date {err}")
    title = raw.get("title")
    if "title" in raw and (not isinstance(title, str) or not title.strip()):
        checker.problem(where + ("title",), f"{label}: 'title' must be a line of text")
    kind = raw.get("kind")
    if "kind" in raw and kind not in kinds:
        close = difflib.get_close_matches(str(kind), list(kinds), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        checker.problem(where + ("kind",), f"{label}: unknown kind '{kind}'; {hint}the kinds are "
                                           f"{', '.join(kinds)} (set them under 'kinds:')")
    description = raw.get("description", "")
    if not isinstance(description, str):
        checker.problem(where + ("description",), f"{label}: 'description' must be text (Markdown)")
    event_id = raw.get("id")
    if event_id is not None and not (isinstance(event_id, str) and _ID.match(event_id)):
        checker.problem(where + ("id",), f"{label}: 'id' must be lowercase letters, digits and hyphens")
    cited = _citations(checker, where, label, raw.get("cite"), library) if "cite" in raw else []
    if len(checker.problems) > before or date is None or not isinstance(title, str):
        return None
    line = checker.doc.line_of(*where) or 1
    support = [m for quote in cited for m in mentions.get((quote.source.slug, quote.match.paragraph), ())]
    dated = [m for m in support if supports(m, date.start) or (date.end and supports(m, date.end))
             or m.span() == date.span()]
    return Event(event_id or f"{date.start.iso()}-{_slug(title)}", date, title.strip(), str(kind),
                 description.strip() if isinstance(description, str) else "", tuple(cited), line,
                 _disputes(date, cited, mentions), tuple(dated))


def _citations(checker: FieldChecker, where: tuple[str | int, ...], label: str, raw: Any,
               library: Library) -> list[CitedQuote]:
    if not isinstance(raw, list) or not raw:
        checker.problem(where + ("cite",), f"{label}: an event needs at least one citation, written "
                                           "'cite: [{source-slug: words the outlet printed}]'")
        return []
    cited = []
    for number, item in enumerate(raw):
        at = where + ("cite", number)
        if not isinstance(item, dict) or len(item) != 1:
            checker.problem(at, f"{label}: each citation is one 'source-slug: quote' pair, like "
                                "'- dawn: Kaspersky was founded in 1997'")
            continue
        ((key, quote),) = item.items()
        if not isinstance(quote, str):
            checker.problem(at, f"{label}: the quote for @{key} must be text")
            continue
        if re.search(r"[\"”]\s*[;\]]", quote):
            checker.problem(at, f"{label}: the quote for @{key} contains a closing quotation mark followed by "
                                "';' or ']', which would end a citation early; quote fewer words")
            continue
        found, error = verify_quote(library, str(key), quote)
        if found is None:
            checker.problem(at, f"{label}: {error}")
        else:
            cited.append(found)
    return cited


def load_timeline(path: Path, shown: str, library: Library,
                  cache: DerivedCache | None = None) -> tuple[Timeline | None, list[Problem], list[Problem]]:
    """Read and check a timeline file; return it, its errors, and its warnings (unsupported dates).

    What the file and the sources give is kept in `cache`, by the file's text and what checking
    citations reads of every source (`read_by_checks`), so an unchanged story, or one whose
    sources changed only where no check reads, reads neither date mentions nor quotes again.
    """
    if not path.is_file():
        return None, [Problem(shown, None, "this is a folder, not a YAML file; the timeline is one file")], []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(shown, None, f"the file is not UTF-8 text (at byte {err.start}); save it with UTF-8 "
                                           "encoding")], []
    reads = [f"{slug}={read_by_checks(source)}" for slug, source in library.sources.items()]
    return kept(cache, "timeline", (code_version(), shown, text, *reads), lambda: _timeline(text, shown, library),
                tuple, story_wide=False)


def _timeline(text: str, shown: str, library: Library) -> tuple[Timeline | None, list[Problem], list[Problem]]:
    doc, problems = parse_yaml(text, shown)
    if doc is None:
        return None, problems, []
    checker = FieldChecker(doc, shown)
    for key in doc.data:
        if key not in ("title", "kinds", "events"):
            checker.problem((key,), f"unknown field '{key}'; a timeline file has title, kinds and events")
    title = doc.data.get("title")
    if title is not None and not isinstance(title, str):
        checker.problem(("title",), "'title' must be a line of text")
    kinds = _kinds(checker, doc.data.get("kinds"))
    raw_events = doc.data.get("events")
    if not isinstance(raw_events, list):
        checker.problem(("events",) if "events" in doc.data else (),
                        "the timeline needs 'events:', a list of events with date, title, kind and cite")
        raw_events = []
    mentions = [m for source in library.sources.values() for m in find_mentions(source)]
    by_paragraph = _by_paragraph(mentions)
    events: list[Event] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_events):
        event = _event(checker, index, raw, kinds, library, by_paragraph)
        if event is None:
            continue
        if event.id in seen:
            checker.problem(("events", index), f"event '{event.title}': its id '{event.id}' is also the id of the "
                                               f"event on line {seen[event.id]}; give one of them an 'id:'")
            continue
        seen[event.id] = event.line
        events.append(event)
    if checker.problems:
        return None, checker.problems, []
    events.sort(key=lambda e: (e.date.span()[0], e.date.span()[1], e.line))
    timeline = Timeline(title, kinds, events, mentions)
    return timeline, [], [_unsupported(e, shown) for e in events if not _is_supported(e)]


def _is_supported(event: Event) -> bool:
    if event.date.end and any(m.span() == event.date.span() for m in event.support):
        return True  # a mention of exactly this period, like "this week"
    dates = [event.date.start] + ([event.date.end] if event.date.end else [])
    for date in dates:
        by_mention = any(supports(m, date) for m in event.support)
        by_publication = any(q.source.published.date and q.source.published.date.precision != "year"
                             and date.first_day() <= q.source.published.date.first_day()
                             and q.source.published.date.last_day() <= date.last_day()
                             and _PRECISION[q.source.published.date.precision] >= _PRECISION[date.precision]
                             for q in event.citations)
        if not (by_mention or by_publication):
            return False
    return True


def _unsupported(event: Event, shown: str) -> Problem:
    names = sorted({q.source.name for q in event.citations})
    return Problem(shown, event.line, f"event '{event.title}': no paragraph it cites mentions {event.date.human()}, "
                                      f"and it is not the publication date of {' or '.join(names)}; correct the "
                                      "date, or cite a passage that dates it")
