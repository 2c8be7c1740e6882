"""The checkable facts in a piece of text: numbers, dates, weekdays, names and negations, with where each is.

The same reading serves both sides of the claim check: the sentence a page writes, and the
words of a source that should support it. Everything is lexical, so every verdict can be
explained by pointing at words:

- numbers in digits or words ("12", "twelve", "400 million", "nearly three decades", "5%",
  "$2bn"), with the approximation they are stated with ("over", "fewer than", "nearly");
- dates as printed ("20 June 2024", "June 20", "in July", "1997") and weekdays;
- names: capitalised words and acronyms ("Gina Raimondo", "CNN"); "U.S." and "United States"
  read as "US", and a possessive or a demonym ending does not count ("Russia's", "Russian");
- negations ("not", "no longer", "never", "cannot", "denies").

Number words are read with text2num, the maintained number-word parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from text_to_num import text2num

from ..cleaning.date_mentions import date_matches, month_number, weekday_number
from ..cleaning.sentences import is_abbreviation

_QUALIFIERS = {
    "more than": "over", "over": "over", "above": "over", "at least": "over", "upwards of": "over",
    "just over": "over", "in excess of": "over",
    "fewer than": "under", "less than": "under", "under": "under", "below": "under", "up to": "under",
    "at most": "under", "just under": "under",
    "almost": "about", "nearly": "about", "about": "about", "around": "about", "some": "about",
    "roughly": "about", "approximately": "about", "close to": "about", "an estimated": "about",
}
_QUALIFIER = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
          "thousand million billion trillion").split()
_NUMBER_WORD = "|".join(_UNITS)
_WORD_RUN = rf"(?:(?:a|one)\s+dozen|dozen|(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUMBER_WORD}))*)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,$€£¥-])(?:(?P<qualifier>{_QUALIFIER})\s+)?(?P<currency>US\$|[$€£¥])?"
    rf"(?:(?P<digits>{_DIGITS})(?:(?P<suffix>bn|m|k)\b|(?![\w]))|(?P<words>{_WORD_RUN})\b)"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<percent>\s*%|\s+per\s?cent\b|\s+percent\b)?", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_PER_UNIT = {"decade": 10, "decades": 10, "dozen": 12, "dozens": 12, "century": 100, "centuries": 100}
"""Units that are a number of another unit: 'two decades' is 20 years."""
_OUTLETS = re.compile(r"^\s+(?:(?:news|other|different|separate|major)\s+)?(?:outlets?|sources?|articles?|"
                      r"publications?|newspapers?|reports?)\b(?!-)", re.IGNORECASE)
_NEXT_WORDS = re.compile(r"^(?:[\s-]+[\w’'.%-]+){1,2}")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|den(?:y|ies|ied|ial|ying))\b|"
                       r"\w+n[’']t\b", re.IGNORECASE)
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:[’'][A-Za-z]+)*(?:-[A-Za-z0-9]+(?:[’'][A-Za-z]+)*)*[’']?")
_DATE_WORDS = {name for name in ("january february march april may june july august september october november "
                                 "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday "
                                 "wednesday thursday friday saturday sunday").split()}
_ALIASES = {("United", "States"): "US", ("United", "Kingdom"): "UK", ("European", "Union"): "EU"}
_CLAUSE_OPENERS = set(".!?:;\"“‘(–—|")


@dataclass(frozen=True)
class Checkable:
    """One checkable fact as written: its kind, its words and span, and its value.

    `kind` is "number", "outlets" (a count of the story's own outlets), "date", "weekday",
    "name" or "negation". A number has `number`, `qualifier` ("over", "under", "about" or "")
    and `unit`; a date has `year`, `month` and `day` as far as printed; a weekday `weekday`
    (Monday is 0); a name its canonical form in `name`.
    """

    kind: str
    text: str
    start: int
    end: int
    number: float | None = None
    qualifier: str = ""
    unit: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    name: str = ""

    def shown(self) -> str:
        """The fact's words, on one line, as a message quotes them."""
        return " ".join(self.text.split())


def _number_value(match: re.Match[str]) -> float | None:
    if match.group("digits"):
        value = float(match.group("digits").replace(",", ""))
        value *= _SCALES.get((match.group("suffix") or "").lower(), 1)
    else:
        words = " ".join(match.group("words").lower().replace("-", " ").split())
        if words.endswith("dozen"):
            value = 12.0
        else:
            try:
                value = float(text2num(re.sub(r"^a\s+", "one ", words), "en"))
            except ValueError:
                return None
    return value * _SCALES.get((match.group("scale") or "").lower(), 1)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def find_numbers(text: str, dates: Iterable[tuple[int, int]] = ()) -> list[Checkable]:
    """Every number in `text` outside the given date spans, with its qualifier and unit.

    A lone "one" is a pronoun more often than a count ("one of the leading ...") and is
    skipped, unless it counts outlets ("one outlet adds").
    """
    taken = list(dates)
    found = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        number_start = match.start("digits") if match.group("digits") else match.start("words")
        if _overlaps(number_start, end, taken):
            continue
        value = _number_value(match)
        if value is None:
            continue
        after = text[end:end + 60]
        outlets = _OUTLETS.match(after)
        if outlets:  # "of the five outlets", "all five outlets": the story's whole count, not the citation's
            whole = "of all" if re.search(r"\b(?:of|all)\s+(?:the\s+|its\s+)?$", text[max(0, start - 12):start],
                                          re.IGNORECASE) else ""
            found.append(Checkable("outlets", text[start:end + outlets.end()], start, end + outlets.end(),
                                   number=value, qualifier=whole))
            continue
        words = (match.group("words") or "").lower()
        if words == "dozen" or words == "one" and not match.group("qualifier"):  # "dozens of", "one of the ..."
            continue
        unit_match = _NEXT_WORDS.match(after)
        unit = ""
        if match.group("percent"):
            unit = "percent"
        elif unit_match:
            unit = unit_match.group().split()[0].strip(" -.,;:").lower()
        if unit in _PER_UNIT:
            value *= _PER_UNIT[unit]
            unit = "year" if unit.startswith(("decade", "centur")) else "item"
        qualifier = _QUALIFIERS.get(" ".join((match.group("qualifier") or "").lower().split()), "")
        found.append(Checkable("number", text[start:end], start, end, number=value, qualifier=qualifier,
                               unit=unit))
    return found


def find_dates(text: str) -> list[Checkable]:
    """Dates and weekdays as printed, to the precision printed; relative ones ("last month") are not read."""
    found = []
    for form, match in date_matches(text):
        groups = match.groupdict()
        start, end = match.span()
        if form == "weekday":
            found.append(Checkable("weekday", text[start:end], start, end,
                                   weekday=weekday_number(groups["weekday"] or "")))
        elif form in ("month-day", "day-month", "month", "month-year"):
            found.append(Checkable("date", text[start:end], start, end, year=_int(groups.get("year")),
                                   month=month_number(groups["month"] or ""), day=_int(groups.get("day"))))
        elif form == "year":
            found.append(Checkable("date", text[start:end], start, end, year=_int(groups.get("year"))))
    return found


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def canonical_name(word: str) -> str:
    """A name word as compared: acronyms as written without dots, other words folded and stemmed.

    'U.S.' is 'US'; "Russia's", 'Russian' and 'Russia' are one name, as are 'Americans' and 'America'.
    """
    word = re.sub(r"[’']s?$", "", word)
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word):
        return word.replace(".", "")
    if len(word) > 1 and word.isupper():
        return word
    word = word.casefold()
    for suffix, replacement in (("ians", "ia"), ("ian", "ia"), ("ans", "a"), ("an", "a"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)] + replacement
    return word


def _opens_clause(text: str, start: int) -> bool:
    before = text[max(0, start - 80):start].rstrip()
    if not before:
        return True
    return before[-1] in _CLAUSE_OPENERS and not (before[-1] == "." and is_abbreviation(before[-6:]))


def _parts(token: str) -> list[str]:
    """The words of a hyphenated token ('Russia-born', 'US-based'); 'U.S.' is one word."""
    return [token] if "." in token else token.split("-")


def find_names(text: str, proper: frozenset[str] | None = None) -> list[Checkable]:
    """Capitalised words and acronyms that name someone or something, each with its canonical form.

    A capitalised word that opens a sentence (or a quotation) counts only if the story's
    sources use it as a name elsewhere (`proper`, canonical forms), so "Shoppers were told"
    names no one while "Kaspersky said" does; with `proper` None, every capitalised word
    counts, as on the side of the sources. Months and weekdays are dates, not names.
    """
    tokens = list(_TOKEN.finditer(text))
    found: list[Checkable] = []
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        pair = (token.group(), following.group() if following else "")
        if pair in _ALIASES and following is not None and not text[token.end():following.start()].strip():
            found.append(Checkable("name", text[token.start():following.end()], token.start(), following.end(),
                                   name=_ALIASES[pair]))
            skip = 1
            continue
        offset = token.start()
        for part in _parts(token.group()):
            start = offset
            offset += len(part) + 1
            bare = re.sub(r"[’']s?$", "", part)
            if not bare[:1].isupper() or bare.casefold() in _DATE_WORDS or bare == "I" or len(bare) < 2:
                continue
            name = canonical_name(bare)
            if proper is not None and start == token.start() and _opens_clause(text, start) and name not in proper:
                continue
            found.append(Checkable("name", bare, start, start + len(bare), name=name))
    return found


def find_negations(text: str) -> list[Checkable]:
    """Words that negate: "not", "no longer", "never", "cannot", "won't", "denies" and the like."""
    return [Checkable("negation", m.group(), m.start(), m.end()) for m in _NEGATION.finditer(text)]


def find_facts(text: str, proper: frozenset[str] | None = frozenset()) -> list[Checkable]:
    """Every checkable fact in `text`, in reading order."""
    dates = find_dates(text)
    spans = [(d.start, d.end) for d in dates]
    facts = dates + find_numbers(text, spans) + find_names(text, proper) + find_negations(text)
    return sorted(facts, key=lambda f: (f.start, f.kind))


def proper_names(texts: Iterable[str]) -> frozenset[str]:
    """Canonical forms of the words `texts` capitalise where no sentence starts: the story's names."""
    found: set[str] = set()
    for text in texts:
        for token in _TOKEN.finditer(text):
            word = token.group()
            if word[:1].isupper() and not _opens_clause(text, token.start()):
                for part in _parts(word):
                    if part[:1].isupper():
                        found.add(canonical_name(part))
    return frozenset(found)
