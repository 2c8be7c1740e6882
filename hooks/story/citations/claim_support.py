"""Check that a cited claim says what its sources say: each checkable fact found in the quotes or the paragraph.

For each source a citation names, each fact of the claim is looked for first in that source's
quotes, then in the paragraphs the quotes are in, then in what the site itself knows about
the source (its outlet, agency, byline and country, and how many sources the story has).
Equivalent forms count as the same fact: "20 June" and "June 20"; a weekday and the date the
publication date makes it ("Tuesday" and "July 16"); "US", "U.S." and "United States"; a
number within the approximation it is stated with. A negation in the claim needs one in the
support, and a negative quote needs a negative claim.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ..cleaning.date_mentions import paragraph_mentions
from ..cleaning.rules import Paragraph
from ..cleaning.sentences import sentence_spans
from ..sources.load import Source
from .claim_facts import (
    Checkable,
    find_dates,
    find_names,
    find_negations,
    find_numbers,
    proper_names,
)


@dataclass(frozen=True)
class Evidence:
    """Where one source supports one fact: in a quote, in the cited paragraph, or in what the site knows."""

    source: str
    where: str                 # "quote", "paragraph" or "site"
    text: str
    paragraph: int | None = None
    start: int | None = None   # offsets in the paragraph's text, as the outlet printed it
    end: int | None = None


@dataclass(frozen=True)
class FactCheck:
    """One fact of a claim and what became of it: evidence from each source, or the sources that lack it."""

    fact: Checkable
    line: int
    evidence: tuple[Evidence, ...]
    unsupported: tuple[tuple[str, str], ...] = ()   # (source slug, why), for each source that lacks it
    status: str = "supported"                        # "supported", "synthesis" or "unsupported"


@dataclass(frozen=True)
class _Date:
    """A date a source mentions, as precisely as it can be known."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None


@dataclass
class ParagraphFacts:
    """The facts of one source paragraph, read once per build: dates (resolved), numbers, names, negations."""

    paragraph: Paragraph
    dates: list[_Date] = field(default_factory=list)
    numbers: list[Checkable] = field(default_factory=list)
    names: list[Checkable] = field(default_factory=list)
    negations: list[Checkable] = field(default_factory=list)

    @classmethod
    def read(cls, source: Source, paragraph: Paragraph) -> ParagraphFacts:
        """Read a paragraph: date mentions resolved against the publication date, and the printed dates too."""
        text = paragraph.text
        facts = cls(paragraph)
        printed = {(d.start, d.end): d for d in find_dates(text)}
        for mention in paragraph_mentions(source, paragraph):
            date = mention.date
            raw = printed.get((mention.start, mention.end))
            if date is not None and mention.last is None:
                weekday = mention.weekday
                if weekday is None and date.day:
                    weekday = dt.date(date.year, date.month or 1, date.day).weekday()
                facts.dates.append(_Date(mention.start, mention.end, mention.text, date.year, date.month, date.day,
                                         weekday))
            elif raw is not None:  # printed without a year the publication date could give
                facts.dates.append(_Date(raw.start, raw.end, raw.text, None, raw.month, raw.day, raw.weekday))
        facts.numbers = find_numbers(text, list(printed))
        facts.names = find_names(text, None)
        facts.negations = find_negations(text)
        return facts


@dataclass(frozen=True)
class Support:
    """What one source offers a claim: its quotes' spans in their paragraphs, and those paragraphs' facts."""

    source: Source
    quotes: tuple[tuple[ParagraphFacts, int, int], ...]

    def places(self) -> list[tuple[str, ParagraphFacts, int, int]]:
        """Where to look, in order: each quote's span, then each cited paragraph whole."""
        paragraphs = list({id(p): p for p, _, _ in self.quotes}.values())
        return [("quote", p, a, b) for p, a, b in self.quotes] + \
               [("paragraph", p, 0, len(p.paragraph.text)) for p in paragraphs]


def site_names(sources: Iterable[Source]) -> set[str]:
    """Names the site knows of the sources a citation names: their outlets, agencies, bylines and countries."""
    words = [text for s in sources for text in (s.outlet, s.agency, s.country, *(s.byline or ())) if text]
    return {name.name for text in words for name in find_names(text, None)}


def _number_supports(claim: Checkable, found: Checkable) -> bool:
    """Whether a printed number supports a claimed one, within the approximation each is stated with."""
    value, printed = claim.number or 0.0, found.number or 0.0
    if claim.qualifier == "about":  # "about 20" is 18 to 22, whatever the source's own qualifier
        return abs(value - printed) <= 0.1 * abs(value)
    if claim.qualifier == "over":
        return (found.qualifier == "over" and printed >= value) or (found.qualifier == "" and printed > value)
    if claim.qualifier == "under":
        return (found.qualifier == "under" and printed <= value) or (found.qualifier == "" and printed < value)
    return value == printed and found.qualifier == ""


def _date_supports(claim: Checkable, found: _Date) -> bool:
    if claim.kind == "weekday":
        return found.weekday == claim.weekday
    if claim.day is not None:
        if found.day != claim.day or found.month != claim.month:
            return False
    elif claim.month is not None:
        if found.month != claim.month:
            return False
    return claim.year is None or found.year is None and claim.month is not None or found.year == claim.year


def _same_precision(fact: Checkable, found: _Date) -> bool:
    """Whether a date the source mentions is given as precisely as the claimed one, for the hint."""
    if fact.kind == "weekday":
        return bool(_WEEKDAY_WORD.search(found.text))
    if fact.day is not None:
        return found.day is not None
    return found.day is None and (found.month is not None) == (fact.month is not None)


_WEEKDAY_WORD = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.I)


def _inside(fact: Checkable | _Date, start: int, end: int) -> bool:
    return start <= fact.start and fact.end <= end


def _evidence(support: Support, where: str, facts: ParagraphFacts, item: Checkable | _Date) -> Evidence:
    return Evidence(support.source.slug, where, facts.paragraph.text[item.start:item.end],
                    facts.paragraph.number, item.start, item.end)


def _sentence_around(facts: ParagraphFacts, start: int, end: int) -> tuple[int, int]:
    spans = [(a, b) for a, b in sentence_spans(facts.paragraph.text) if a < end and start < b]
    return (spans[0][0], spans[-1][1]) if spans else (start, end)


def find_support(fact: Checkable, support: Support, known: Collection[str] = frozenset()) -> Evidence | None:
    """The first place `support` states `fact`: a quote, then a cited paragraph, then the names the site
    knows (`known`); None if it does not."""
    places = support.places()
    if fact.kind == "negation":
        for where, facts, start, end in places:
            if where == "paragraph":  # a negation must be in the sentence that is quoted, not anywhere
                start, end = _sentence_around(facts, *next((a, b) for _, p, a, b in places if p is facts))
            hit = next((n for n in facts.negations if _inside(n, start, end)), None)
            if hit:
                return _evidence(support, "quote" if where == "quote" else "paragraph", facts, hit)
        return None
    for where, facts, start, end in places:
        if fact.kind == "number":
            hit = next((n for n in facts.numbers if _inside(n, start, end) and _number_supports(fact, n)), None)
        elif fact.kind in ("date", "weekday"):
            hit = next((d for d in facts.dates if _inside(d, start, end) and _date_supports(fact, d)), None)
        else:
            hit = next((n for n in facts.names if _inside(n, start, end) and n.name == fact.name), None)
        if hit is not None:
            return _evidence(support, where, facts, hit)
    if fact.kind == "name" and fact.name in known:
        return Evidence(support.source.slug, "site", f"{fact.text} (the source's metadata)")
    return None


def hint(fact: Checkable, support: Support, claimed: Iterable[Checkable]) -> str | None:
    """What the source says instead, for the message: its nearest fact of the same kind."""
    mentioned = {c.name for c in claimed if c.kind == "name"}
    for _, facts, start, end in support.places():
        text = facts.paragraph.text
        if fact.kind == "number":
            numbers = [n for n in facts.numbers if _inside(n, start, end)]
            same_unit = [n for n in numbers if n.unit == fact.unit] or numbers
            if same_unit:
                found = same_unit[0]
                return _with_next_words(text, found.start, found.end)
        elif fact.kind in ("date", "weekday"):
            dates = [d for d in facts.dates if _inside(d, start, end)]
            wanted = [d for d in dates if _same_precision(fact, d)] or dates
            if wanted:
                return wanted[0].text
        elif fact.kind == "name":
            names = list(dict.fromkeys(n.text for n in facts.names if _inside(n, start, end) and n.name not in mentioned))
            if names:
                return " ".join(names[:4])
        elif fact.kind == "negation":
            return None
    return None


_LINKS = {"after", "of", "the", "a", "an", "in", "to", "and", "or", "for", "on", "by", "with", "from", "at", "as"}


def _with_next_words(text: str, start: int, end: int, words: int = 2) -> str:
    """A number with the words that say what it counts: '12 top leaders', not '12 top leaders of'."""
    tail = []
    for word in text[end:].split()[:words]:
        if word.lower().strip(",.;:") in _LINKS:
            break
        tail.append(word)
        if word[-1:] in ",.;:":
            break
    return " ".join([text[start:end], *tail]).rstrip(" ,.;:")


def claim_checks(claim_facts: Sequence[Checkable], supports: Sequence[Support], total_sources: int,
                 line_of: dict[int, int]) -> list[FactCheck]:
    """Check each fact of a claim against every source the citation names.

    `line_of` maps a fact's start to its line in the page file. Counts of outlets are checked
    against the citation itself: "two outlets" needs two sources in it (or the story to have two).
    """
    checks = []
    cited = len({s.source.slug for s in supports})
    claim_negated = any(f.kind == "negation" for f in claim_facts)
    known = site_names(s.source for s in supports)
    for fact in claim_facts:
        line = line_of.get(fact.start, 0)
        if fact.kind == "outlets":
            if fact.number == cited or fact.number == total_sources and fact.qualifier == "of all":
                checks.append(FactCheck(fact, line, (Evidence("", "site", f"the citation names {cited} of the "
                                                                          f"story's {total_sources} sources"),)))
            else:
                checks.append(FactCheck(fact, line, (), (("", f"“{fact.shown()}” counts {fact.number:g}, but the "
                                                              f"citation names {_sources(cited)} and the story "
                                                              f"has {total_sources}"),), "unsupported"))
            continue
        evidence, missing = [], []
        for support in supports:
            found = find_support(fact, support, known)
            if found is not None:
                evidence.append(found)
                continue
            said = hint(fact, support, claim_facts)
            place = "the cited sentence" if fact.kind == "negation" else \
                "the cited paragraphs" if len({p.paragraph.number for p, _, _ in support.quotes}) > 1 else \
                "the cited paragraph"
            why = f"“{fact.shown()}” is in none of its quotes or {place}" + (f" (it says “{said}”)" if said else "")
            missing.append((support.source.slug, why))
        checks.append(FactCheck(fact, line, tuple(evidence), tuple(missing),
                                "unsupported" if missing else "supported"))
    if not claim_negated:
        for support in supports:
            negative = next((n for facts, a, b in support.quotes for n in facts.negations if _inside(n, a, b)), None)
            if negative is not None:
                fact = Checkable("negation", negative.text, -1, -1)
                checks.append(FactCheck(fact, line_of.get(-1, 0), (), ((support.source.slug, (
                    f"its quote is negative (“{negative.text}”) and the claim is not; say what the source "
                    "denies, or quote the words the claim rests on")),), "unsupported"))
    return checks


def _sources(count: int) -> str:
    return "1 source" if count == 1 else f"{count} sources"


def proper_vocabulary(sources: Iterable[Source]) -> frozenset[str]:
    """The names the sources use, from the words they capitalise mid-sentence."""
    return proper_names(p.text for s in sources for p in s.cleaned.paragraphs)


def restates(fact: Checkable, cited: Checkable) -> bool:
    """Whether `fact`, written where no citation is needed, repeats `cited`, a fact of a cited sentence."""
    if fact.kind != cited.kind:
        return False
    if fact.kind in ("number", "outlets"):
        return fact.number == cited.number
    if fact.kind == "weekday":
        return fact.weekday == cited.weekday
    if fact.kind == "date":  # "July 2024" repeats "20 July 2024"; a year repeats a date printed without one
        return (fact.day is None or fact.day == cited.day) and (fact.month is None or fact.month == cited.month) \
            and (fact.year is None or cited.year == fact.year or cited.year is None and fact.month is not None)
    return fact.name == cited.name
