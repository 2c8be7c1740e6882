"""Fact mentions in an article: counts, dates of happenings, names, attributions and quotations.

Everything here is generic newswriting: numbers followed by what they count ("over 400 million
users", "fewer than 50 employees"), dates next to the verb of what happened ("announced on
Tuesday"), capitalised names, who first reported a story or received a statement, and words in
quotation marks with the person or body that said them. Each fact keeps its source, paragraph
and exact span, so every cell of a comparison can link to the words it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cleaning.date_mentions import DateMention, paragraph_mentions
from ..cleaning.rules import Paragraph
from ..cleaning.sentences import sentence_spans
from ..cleaning.typography import fold
from ..sources.load import Source


@dataclass(frozen=True)
class Fact:
    """One fact as one outlet printed it."""

    source: str
    paragraph: Paragraph
    start: int
    end: int
    kind: str          # "count", "date", "name", "attribution", "quotation"
    key: str           # what the fact is about: facts with one key are about the same thing
    value: str         # what the outlet says about it, normalised for comparison
    shown: str         # the value for readers
    qualifier: str = ""  # for counts: "over", "under", "about", "" (exact), "vague" (no number) or "list"

    @property
    def text(self) -> str:
        """The words of the fact as printed."""
        return self.paragraph.text[self.start:self.end]

    def sentence(self) -> tuple[int, int]:
        """The span of the sentence the fact is in, within its paragraph."""
        for start, end in sentence_spans(self.paragraph.text):
            if start <= self.start < end:
                return start, end
        return 0, len(self.paragraph.text)


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30, "fifty": 50,
                 "hundred": 100}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_QUALIFIERS = {"over": "over", "more than": "over", "above": "over", "at least": "over",
               "fewer than": "under", "less than": "under", "under": "under", "up to": "under",
               "almost": "about", "nearly": "about", "about": "about", "around": "about", "some": "about",
               "roughly": "about", "approximately": "about"}
_UNIT_ALIASES = {"decade": ("year", 10), "leader": ("senior person", 1), "executive": ("senior person", 1),
                 "leadership": ("senior person", 1), "officer": ("senior person", 1),
                 "official": ("senior person", 1), "staff": ("employee", 1), "worker": ("employee", 1),
                 "job": ("employee", 1), "position": ("employee", 1), "customer": ("user", 1),
                 "client": ("client", 1), "person": ("person", 1), "people": ("person", 1)}
_SKIP_UNITS = {"percent", "per", "cent", "of", "and", "to", "in", "the", "a"}
_COUNT = re.compile(
    r"\b(?P<qualifier>over|more than|above|at least|fewer than|less than|under|up to|almost|nearly|about|around|"
    r"some|roughly|approximately)?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozen|twenty|thirty|fifty|hundred)"
    r"(?:\s+(?P<scale>thousand|million|billion))?"
    r"(?P<words>(?:\s+(?:top|senior|corporate|product|new|full|former|US|U\.S\.|Russian|American|more|"
    r"foreign|federal)){0,2})"
    r"\s+(?P<unit>[a-z]+)\b", re.IGNORECASE)

_VAGUE = re.compile(
    r"\b(?P<number>several|a few|a handful of|a number of|dozens of|hundreds of|thousands of|many|numerous)"
    r"(?P<words>(?:\s+(?:top|senior|corporate|former|US|U\.S\.|[A-Z][\w’']+)){0,2})\s+(?P<unit>[a-z]+)\b")
"""A count given without a number: "several senior executives"."""
_LISTED = re.compile(r"\b(?P<unit>[a-z]+),?\s+including\s+(?P<items>(?:[^,.;:()–—]+,\s*)+[^,.;:()–—]+?\s+and\s+"
                     r"[^,.;:()–—]+)")
"""A count given as a list: "senior leadership, including the A, B, C and D"."""
_HAPPENINGS = [
    ("first report", True, re.compile(r"\bfirst report(ed|s)?\b", re.I)),
    ("taking effect", True, re.compile(r"\b(come into effect|take[s]? effect|kick in|in force)\b", re.I)),
    ("start of the wind-down", True, re.compile(r"\b(wind(ing)? down|wind-down|shut(ting)? down|leav(e|ing))\b",
                                                re.I)),
    ("founding", True, re.compile(r"\bfounded\b", re.I)),
    ("sanctions", True, re.compile(r"\bsanction\w*\b", re.I)),
    ("ban", True, re.compile(r"\b(ban(ned|s)?|bar(red|s)?|restrictions?)\b", re.I)),
    ("announcement", False, re.compile(r"\b(announc\w*|said|says|told|unveil\w*|reported)\b", re.I)),
]
"""What a date in a sentence is the date of, read from the words beside it; True marks the specific ones."""
_WINDOW = 60
_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]*[a-z0-9][\w’'-]*|[A-Z]{2,}|U\.S\.)(?:\s+(?:of\s+|the\s+|for\s+)?"
                   r"(?:[A-Z][\w’'.-]*[a-z0-9][\w’'-]*|[A-Z]{2,}))*")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "As", "But", "And", "Last", "This", "That", "It", "Its", "Both",
              "After", "Before", "Despite", "Additionally", "Moreover", "However", "Some", "There", "These",
              "Starting", "New", "Washington", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "Sept", "CEO", "COO", "US", "U.S.", "IT",
              "Russian", "American", "Antivirus", "Journalist", "Secretary", "Commerce Secretary", "One", "U.S",
              "For", "With", "From", "To", "By", "If", "When", "While", "Since", "Until", "Under", "Over",
              "Following", "According", "Because", "Although", "During", "Among", "Even", "Only", "Also",
              "Then", "Now", "Yet", "So", "Or", "Nor", "Americans"}
_ORG_WORDS = {"Department", "Treasury", "Commerce", "administration", "Administration", "Lab", "Labs", "Inc",
              "Ltd", "Reuters", "CNN", "AFP", "KGB", "Day", "Agency", "Ministry", "Bureau", "Office", "Group",
              "Times", "News", "Post", "Bank", "Company", "Corporation", "University", "Court", "Congress"}
_WHO = r"(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
_ATTRIBUTIONS = [
    ("first reported by", re.compile(r"\bfirst reported by " + _WHO)),
    ("first reported by", re.compile(r"\b(?:[Jj]ournalist\s+)?" + _WHO + r"\s+first reported\b")),
    ("statement given to", re.compile(r"\bstatement to " + _WHO)),
    ("statement given to", re.compile(r"\b" + _WHO + r",? which received a statement\b")),
    ("reported by", re.compile(r"(?:,\s*|\baccording to\s+)" + _WHO + r"\s+reports?\b")),
]
_QUOTE = re.compile(r"[“\"](?P<words>[^”\"]{8,}?)[”\"]")
_SPEAKER_AFTER = re.compile(r"^[,.]?\s*(?P<who>(?:the\s+)?(?:[A-Z][\w’'-]*|company|firm|department|government)"
                            r"(?:\s+[A-Z][\w’'-]*)*)\s+(?:said|says|added|stated|wrote)\b")
_SPEAKER_BEFORE = re.compile(r"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w’'-]*|company|firm)(?:\s+[A-Z][\w’'-]*)*)\s+"
                             r"(?:said|says|added|vowed|claimed|stated|told \w+)\b[^“\"]*$")


def _number(text: str, scale: str | None) -> float:
    if text.lower() in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text.lower()])
    else:
        value = float(text.replace(",", ""))
    return value * _SCALE.get((scale or "").lower(), 1)


def _unit(word: str) -> tuple[str, int] | None:
    word = word.lower()
    if word in _SKIP_UNITS or len(word) < 3:
        return None
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and \
        not word.endswith("ss") else word
    return _UNIT_ALIASES.get(singular, (singular, 1))


def _counts(source: Source, paragraph: Paragraph, taken: list[tuple[int, int]]) -> list[Fact]:
    found = []
    for match in _COUNT.finditer(paragraph.text):
        start = match.start("number") if not match.group("qualifier") else match.start("qualifier")
        if any(start < b and a < match.end() for a, b in taken):
            continue
        unit = _unit(match.group("unit"))
        if unit is None:
            continue
        name, factor = unit
        value = _number(match.group("number"), match.group("scale")) * factor
        qualifier = _QUALIFIERS.get((match.group("qualifier") or "").lower(), "")
        shown = f"{({'over': 'over ', 'under': 'under ', 'about': 'about '}).get(qualifier, '')}{value:,.0f} {name}"
        found.append(Fact(source.slug, paragraph, start, match.end(), "count", f"count of {name}",
                          f"{value:g}", shown, qualifier))
    return found


def happenings(sentence: str) -> set[str]:
    """The specific happenings a sentence speaks of ("sanctions", "founding", "taking effect")."""
    return {name for name, specific, pattern in _HAPPENINGS if specific and pattern.search(sentence)}


def _other_counts(source: Source, paragraph: Paragraph) -> list[Fact]:
    """Counts without a number: vague quantities ("several executives") and lists ("including A, B and C")."""
    found = []
    for match in _VAGUE.finditer(paragraph.text):
        unit = _unit(match.group("unit"))
        if unit is not None:
            quantity = match.group("number").lower()
            found.append(Fact(source.slug, paragraph, match.start(), match.end(), "count", f"count of {unit[0]}",
                              quantity, f"{quantity} {unit[0]}", "vague"))
    for match in _LISTED.finditer(paragraph.text):
        unit = _unit(match.group("unit"))
        items = [i for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("items")) if i.strip()]
        if unit is not None and len(items) >= 2 and all(len(i.split()) <= 6 for i in items):
            found.append(Fact(source.slug, paragraph, match.start(), match.end(), "count", f"count of {unit[0]}",
                              f"{len(items)} named", f"{len(items)} named {unit[0]}", "list"))
    return found


def _happening(sentence: str, start: int, end: int) -> str | None:
    """The happening a date is the date of.

    The words just before the date govern it ("announced on Tuesday"), then the words just
    after it ("on June 20 announced a ban"); within each, a specific word beats a general one
    ("restrictions were first announced on June 20" is the date of the restrictions), and the
    nearest wins. Failing both, the nearest specific word in the sentence.
    """
    windows = [(max(0, start - _WINDOW), start, True), (end, min(len(sentence), end + _WINDOW), False)]
    for low, high, before in windows:
        hits = []
        for name, specific, pattern in _HAPPENINGS:
            for match in pattern.finditer(sentence, low, high):
                distance = start - match.end() if before else match.start() - end
                hits.append((not specific, distance, name))
        if hits:
            return min(hits)[2]
    hits = [(abs(m.start() - start), name) for name, specific, pattern in _HAPPENINGS if specific
            for m in pattern.finditer(sentence)]
    return min(hits)[1] if hits else None


def _dates(source: Source, paragraph: Paragraph, mentions: list[DateMention]) -> list[Fact]:
    found = []
    spans = list(sentence_spans(paragraph.text))
    for mention in mentions:
        if mention.form == "year" and mention.date is None:
            continue
        start, end = next(((a, b) for a, b in spans if a <= mention.start < b), (0, len(paragraph.text)))
        happening = _happening(paragraph.text[start:end], mention.start - start, mention.end - start)
        if happening is None:
            continue
        if mention.weekday is not None:
            weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[mention.weekday]
            value = f"{mention.date.iso()} ({weekday})" if mention.date else weekday
            shown = f"{weekday} {mention.date.human()}" if mention.date else f"{weekday} (date not resolved)"
        elif mention.date is not None:
            value, shown = mention.date.iso() + (f"/{mention.last.iso()}" if mention.last else ""), mention.human()
        else:
            continue
        found.append(Fact(source.slug, paragraph, mention.start, mention.end, "date", f"date of the {happening}",
                          value, shown))
    return found


_TITLES = {"Secretary", "Commerce", "CEO", "President", "Journalist", "Minister", "Senator", "Chancellor",
           "Governor", "Director", "Chief", "Mr", "Mrs", "Ms", "Dr", "Prof", "Judge", "Spokesman", "Spokeswoman"}
_PLACE_WORDS = {"States", "Kingdom", "America", "Europe", "Asia", "Africa", "Delhi", "Moscow", "Washington",
                "Russia", "China", "India", "Ireland", "Pakistan", "Kenya"}


def _names(source: Source, paragraph: Paragraph) -> list[Fact]:
    found = []
    spans = [a for a, _ in sentence_spans(paragraph.text)]
    for match in _NAME.finditer(paragraph.text):
        words = []
        for word in match.group().split():
            bare = re.sub(r"[’']s$", "", word)
            words.append(bare.rstrip(".,’'"))
            if bare != word:
                break  # a possessive ends the name: "Kaspersky's US website"
        while words and (words[0] in _NOT_NAMES or not words[0][:1].isupper()
                         or (words[0] in _TITLES and (words[0] != "Commerce" or words[1:2] == ["Secretary"]))
                         or re.search(r"-(based|born|led|backed|owned|made)$", words[0])):
            words.pop(0)
        while words and not words[-1][:1].isupper():
            words.pop()
        if not words or any(w in _NOT_NAMES for w in words if len(words) == 1):
            continue
        name = " ".join(words)
        start = paragraph.text.find(words[0], match.start())
        if len(words) == 1 and (start in spans or words[0].isupper() and len(words[0]) > 4):
            continue  # a lone capitalised word at a sentence start, or a dateline, is usually not a name
        if len(name) < 2 or "-" in name:
            continue
        if any(w in _ORG_WORDS for w in words) or name.isupper():
            kind = "organisation"
        elif any(w in _PLACE_WORDS for w in words):
            kind = "place"
        else:
            kind = "person" if len(words) in (2, 3) else "name"
        found.append(Fact(source.slug, paragraph, start, start + len(match.group()[match.group().find(words[0]):]),
                          "name", f"{kind}: {name}", name, name))
    return found


def _attributions(source: Source, paragraph: Paragraph) -> list[Fact]:
    found = []
    for question, pattern in _ATTRIBUTIONS:
        for match in pattern.finditer(paragraph.text):
            who = match.group("who").strip().rstrip(".,")
            if who in _NOT_NAMES or who.split()[0] in {"The", "It", "This", "Journalist"}:
                continue
            found.append(Fact(source.slug, paragraph, match.start(), match.end(), "attribution", question, who, who))
    return found


def _quotations(source: Source, paragraph: Paragraph) -> list[Fact]:
    found = []
    text = paragraph.text
    for match in _QUOTE.finditer(text):
        words = match.group("words").strip(" ,.")
        if len(words.split()) < 3:
            continue
        after = _SPEAKER_AFTER.match(text[match.end():match.end() + 80])
        before = _SPEAKER_BEFORE.search(text[max(0, match.start() - 120):match.start()])
        speaker = (after or before).group("who") if (after or before) else "unattributed"
        speaker = re.sub(r"^[Tt]he\s+", "the ", speaker)
        found.append(Fact(source.slug, paragraph, match.start(), match.end(), "quotation",
                          f"quotation: {fold(words).casefold()}", fold(words), words, speaker))
    return found


def paragraph_facts(source: Source, paragraph: Paragraph) -> list[Fact]:
    """Every fact in one paragraph, in reading order."""
    mentions = paragraph_mentions(source, paragraph)
    taken = [(m.start, m.end) for m in mentions]
    facts = (_counts(source, paragraph, taken) + _other_counts(source, paragraph) + _dates(source, paragraph, mentions)
             + _names(source, paragraph)
             + _attributions(source, paragraph) + _quotations(source, paragraph))
    return sorted(facts, key=lambda f: (f.start, f.kind))


def source_facts(source: Source) -> list[Fact]:
    """Every fact in a source's cleaned article text, read once and kept with the source."""
    if "facts" not in source.derived:
        source.derived["facts"] = [fact for paragraph in source.cleaned.paragraphs
                                   for fact in paragraph_facts(source, paragraph)]
    return source.derived["facts"]
