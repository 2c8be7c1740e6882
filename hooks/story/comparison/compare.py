"""Compare what the outlets report: facts they share, facts only one has, conflicts, and shared copy.

Facts with the same key are about the same thing. They agree when their values match, and
conflict when they differ in a way that cannot be the same fact told twice:

- counts of the same thing in similar sentences, whose values cannot both be true;
- days or weekdays given for the same happening;
- different answers to the same attribution question ("first reported by").

Quotations of the same words with different wording are not a disagreement about facts: they
are listed apart, as quoted differently, with both wordings.

An editor can annotate or dismiss a conflict, by its id, in the comparison file.
Shared copy is found with word shingles, so the cost grows with the total length of the texts.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..background import Later
from ..cleaning.typography import fold
from ..problems import Problem
from ..sources.cache import code_version
from ..sources.derived_cache import DerivedCache, kept, later
from ..sources.frontmatter import parse_yaml
from ..sources.load import Source
from .facts import Fact, happenings, source_facts

STATUSES = ("noted", "confirmed", "dismissed")
_SHINGLE = 6
_MIN_SHARED_WORDS = 8
_MAX_SHARING = 50
"""A run of words printed by more outlets than this is treated as boilerplate, so cost stays near-linear."""


@dataclass(frozen=True)
class Group:
    """One fact as several outlets, or one, report it."""

    kind: str
    key: str
    label: str
    facts: tuple[Fact, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        """The slugs of the outlets that report it, in order of first appearance."""
        return tuple(dict.fromkeys(f.source for f in self.facts))


@dataclass(frozen=True)
class Side:
    """One answer in a conflict and the facts that give it."""

    value: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Annotation:
    """An editor's word on a conflict: noted, confirmed or dismissed, with a note."""

    status: str
    note: str


@dataclass(frozen=True)
class Conflict:
    """Outlets that give different values for the same thing."""

    id: str
    kind: str
    question: str
    sides: tuple[Side, ...]
    annotation: Annotation | None = None

    @property
    def dismissed(self) -> bool:
        """Whether an editor dismissed it."""
        return self.annotation is not None and self.annotation.status == "dismissed"


@dataclass(frozen=True)
class Passage:
    """Words that two or more outlets print the same: a place in each, in the order of the sources."""

    words: int
    spans: tuple[tuple[str, int, int, int], ...]  # source, paragraph number, start, end


@dataclass(frozen=True)
class SharedText:
    """Copy the outlets print the same: each passage once, and how much of each outlet's words is shared."""

    passages: tuple[Passage, ...] = ()
    pairs: dict[tuple[str, str], float] = field(default_factory=dict)
    """(a, b): the share of a's words that b prints too; both orders."""
    by_outlet: dict[str, float] = field(default_factory=dict)
    """The share of each outlet's words that some other outlet prints too."""


@dataclass
class Comparison:
    """Everything the build found by comparing the outlets."""

    sources: list[Source]
    groups: list[Group]
    conflicts: list[Conflict]
    shared_later: Later[SharedText] = field(default_factory=lambda: Later.known(SharedText()))
    """The shared text, which may still be being found (see `shared`)."""
    wording: list[Conflict] = field(default_factory=list)
    """Quotations of the same words worded differently: not conflicts of fact, listed apart."""
    keys: tuple[str, str] = ("", "")
    """Digests of what the comparison read of the sources, for work that reads the comparison: for its facts'
    groups and conflicts, and for its shared text (empty when it was not made from sources, as in tests)."""
    _unique: dict[str, list[Group]] | None = field(default=None, repr=False)

    @property
    def shared(self) -> SharedText:
        """The shared text, once it is found: a build may find it in a copy of its process meanwhile
        (`story.background`), since only the comparison page and its data file read it."""
        return self.shared_later.get()

    def unique(self, slug: str) -> list[Group]:
        """The facts only this outlet reports (names of people and organisations, counts, dates, and so on)."""
        if self._unique is None:
            self._unique = defaultdict(list)
            for group in self.groups:
                outlets = group.outlets
                if len(outlets) == 1 and not group.key.startswith(("place:", "name:")):
                    self._unique[outlets[0]].append(group)
        return self._unique.get(slug, [])

    def shared_groups(self) -> list[Group]:
        """Facts that two or more outlets report."""
        return [g for g in self.groups if len(g.outlets) > 1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-")


class _Contexts:
    """Each count's sentence as two counts are compared by it: its words without numbers, and the
    happenings it speaks of; worked out once per version of a source, and kept with what else is derived from it."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self._found: dict[int, tuple[str, set[str]]] = {  # by id: lives only while the counts are grouped
            id(fact): found for source in sources
            for fact, found in zip(source_facts(source), _count_contexts(source)) if found is not None}

    def __call__(self, fact: Fact) -> tuple[str, set[str]]:
        found = self._found.get(id(fact))
        return found if found is not None else _context(fact)


def _count_contexts(source: Source) -> list[tuple[str, set[str]] | None]:
    """The context of each of the source's facts that is a count (None for the others), in the order of its facts."""
    if "count contexts" not in source.derived:
        source.derived["count contexts"] = [_context(f) if f.kind == "count" else None for f in source_facts(source)]
    return source.derived["count contexts"]


def _context(fact: Fact) -> tuple[str, set[str]]:
    sentence = fact.paragraph.text[slice(*fact.sentence())]
    return re.sub(r"[\d,.]+", " ", fold(sentence).casefold()), happenings(sentence)


def _count_groups(facts: Sequence[Fact], contexts: Callable[[Fact], tuple[str, set[str]]] = _context,
                  ) -> tuple[list[Group], list[Conflict]]:
    """Counts of the same thing; one conflict per thing when two outlets' counts cannot both be true.

    A count with no number ("several executives") or given as a list ("including A, B and C")
    answers "how many" differently from a number, so it is a side of the conflict too.
    """
    by_unit: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_unit[fact.key].append(fact)
    groups, conflicts = [], []
    for key, items in by_unit.items():
        by_value: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in items:
            by_value[(fact.value, fact.qualifier)].append(fact)
        for same in by_value.values():
            groups.append(Group("count", key, same[0].shown, tuple(same)))
        values = list(by_value.items())
        sides: dict[tuple[str, str], dict[Fact, None]] = {}
        others = {side: [k for k, ((_, qualifier), _) in enumerate(values) if qualifier != side]
                  for side in _ONE_SIDED}
        for i, (left_value, left) in enumerate(values):
            later = others[left_value[1]] if left_value[1] in others else range(len(values))
            for k in later[bisect.bisect_right(later, i):]:
                right_value, right = values[k]
                if _compatible(left_value, right_value):
                    continue
                for a in left:
                    for b in right:
                        if a.source != b.source and _same_context(contexts(a), contexts(b)):
                            sides.setdefault(left_value, {})[a] = None
                            sides.setdefault(right_value, {})[b] = None
        if sides:
            ordered = sorted(sides.items(), key=lambda item: _count_order(item[0]))
            conflicts.append(Conflict(f"count-{_slug(key.removeprefix('count of '))}", "count",
                                      f"how many: {key.removeprefix('count of ')}",
                                      tuple(Side(next(iter(found)).shown, tuple(found)) for _, found in ordered)))
    return groups, conflicts


def _same_context(a: tuple[str, set[str]], b: tuple[str, set[str]]) -> bool:
    """Whether two counts are told of the same thing: similar sentences, or sentences of the same happening."""
    return bool(fuzz.token_set_ratio(a[0], b[0], score_cutoff=60)) or bool(a[1] & b[1])


def _count_order(value: tuple[str, str]) -> tuple[int, float, str]:
    number, qualifier = value
    return (1, 0.0, number) if qualifier in ("vague", "list") else (0, float(number), qualifier)


_ONE_SIDED = ("over", "under")
"""Two counts both 'over' (or both 'under') some number can always both be true: a story that gives a thousand
such counts of one thing is not compared pair by pair."""


def _compatible(left: tuple[str, str], right: tuple[str, str]) -> bool:
    """Whether two counts can both be true: '50' and 'under 50' cannot differ, '12' and '4' can.

    A count without a number and a list answer "how many" differently from a number, and from
    each other only when they differ.
    """
    (a, qa), (b, qb) = left, right
    if {qa, qb} & {"vague", "list"}:
        return (a, qa) == (b, qb)
    x, y = float(a), float(b)
    if x == y:
        return True
    if "about" in (qa, qb):
        return abs(x - y) <= 0.2 * max(x, y)
    if qa == "over" and y >= x or qb == "over" and x >= y:
        return True
    return qa == "under" and y <= x or qb == "under" and x <= y


def _date_groups(facts: Sequence[Fact]) -> tuple[list[Group], list[Conflict]]:
    by_key: dict[str, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        by_key[fact.key][fact.shown].append(fact)
    groups, conflicts = [], []
    for key, values in by_key.items():
        for shown, same in values.items():
            groups.append(Group("date", key, shown, tuple(same)))
        exact = {shown: same for shown, same in values.items()
                 if re.match(r"^\d{4}-\d{2}-\d{2}( \(\w+\))?$", same[0].value)
                 or re.match(r"^[A-Z][a-z]+day$", same[0].value)}
        days = {same[0].value[:10] for same in exact.values() if same[0].value[:1].isdigit()}
        weekdays = {re.sub(r"[^A-Za-z]", "", same[0].value.split("(")[-1]) for same in exact.values()
                    if "day" in same[0].value}
        outlets = {f.source for same in exact.values() for f in same}
        if len(exact) > 1 and len(outlets) > 1 and (len(days) > 1 or len(weekdays) > 1):
            # An unresolved weekday that matches a resolved side joins it.
            sides: dict[str, list[Fact]] = {}
            for shown, same in sorted(exact.items(), key=lambda item: item[1][0].value):
                match = next((label for label in sides if same[0].value.isalpha() and label.startswith(same[0].value)),
                             None)
                sides.setdefault(match or shown, []).extend(same)
            if len(sides) > 1:
                conflicts.append(Conflict(f"date-{_slug(key.removeprefix('date of the '))}", "date",
                                          f"when: the {key.removeprefix('date of the ')}",
                                          tuple(Side(label, tuple(same)) for label, same in sides.items())))
    return groups, conflicts


def _attribution_groups(facts: Sequence[Fact]) -> tuple[list[Group], list[Conflict]]:
    by_key: dict[str, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        by_key[fact.key][fact.value].append(fact)
    groups, conflicts = [], []
    for key, values in by_key.items():
        for value, same in values.items():
            groups.append(Group("attribution", key, value, tuple(same)))
        if len(values) > 1 and len({f.source for same in values.values() for f in same}) > 1:
            conflicts.append(Conflict(f"attribution-{_slug(key)}", "attribution", key,
                                      tuple(Side(value, tuple(same)) for value, same in values.items())))
    return groups, conflicts


def _quotation_groups(facts: Sequence[Fact]) -> tuple[list[Group], list[Conflict]]:
    """Cluster quotations of the same words; differently worded quotations of one passage conflict."""
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    texts = [_wording(f.value) for f in facts]
    # Only quotations that share a word (of four letters or more) can be of the same words:
    # compare those, and skip words so common that comparing all who share them would not scale.
    by_word: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        for word in {w for w in _TOKEN.findall(text) if len(w) >= 4}:
            by_word[word].append(index)
    pairs = {(i, j) for members in by_word.values() if len(members) <= _MAX_SHARING
             for a, i in enumerate(members) for j in members[a + 1:]}
    for i, j in sorted(pairs):
        short, long = sorted((texts[i], texts[j]), key=len)
        if short in long or fuzz.partial_ratio(short, long, score_cutoff=85):
            parent[find(i)] = find(j)
    clusters: dict[int, list[Fact]] = defaultdict(list)
    for i, fact in enumerate(facts):
        clusters[find(i)].append(fact)
    groups, conflicts = [], []
    differences: dict[tuple[str, str], tuple[str, str, list[Fact], list[Fact]]] = {}
    for members in clusters.values():
        longest = max(members, key=lambda f: len(f.value))
        groups.append(Group("quotation", f"quotation: {longest.value.casefold()}", f"“{longest.shown}”",
                            tuple(members)))
        for i, one in enumerate(members):
            for other in members[i + 1:]:
                if one.source == other.source:
                    continue
                short, long = sorted((one, other), key=lambda f: len(f.value))
                if _wording(short.value) in _wording(long.value):
                    continue
                window = _aligned(short.value, long.value)
                if window is None or _wording(window) == _wording(short.value):
                    continue
                key = (_wording(short.value), _wording(window))
                entry = differences.setdefault(key, (short.shown, window, [], []))
                entry[2].append(short)
                entry[3].append(long)
    for (short_key, _), (short_shown, window, shorts, longs) in differences.items():
        conflicts.append(Conflict(
            f"wording-{_slug(' '.join(short_key.split()[:6]))}", "wording",
            f"the wording of the quotation “{window}”",
            (Side(f"“{short_shown}”", tuple(dict.fromkeys(shorts))), Side(f"“{window}”", tuple(dict.fromkeys(longs))))))
    return groups, conflicts


def _wording(text: str) -> str:
    """Quoted words for comparing wording: case, typography and the dots of 'U.S.' do not count."""
    return re.sub(r"\b([A-Z])\.(?=[A-Z]\b|[A-Z]\.)|\b([A-Z])\.(?=\s|$|-)", r"\1\2", fold(text)).casefold()


def _aligned(short: str, long: str) -> str | None:
    """The words of `long` that `short` quotes with a different wording, if it nearly matches them.

    The window of `long` most like `short` must start and end with the same words as `short`, so
    that quoting a different stretch of one passage is not taken for a different wording of it.
    """
    words = short.split()
    theirs = list(re.finditer(r"\S+", long))
    best: tuple[float, int, int] | None = None
    for size in (len(words) - 1, len(words), len(words) + 1):
        for start in range(0, len(theirs) - size + 1):
            window = long[theirs[start].start():theirs[start + size - 1].end()]
            score = fuzz.ratio(_wording(short), _wording(window))
            if best is None or score > best[0]:
                best = (score, start, start + size - 1)
    if best is None or best[0] < 80:
        return None
    first, last = theirs[best[1]].group(), theirs[best[2]].group()
    edge = re.compile(r"[^\w]+")
    if edge.sub("", first).casefold() != edge.sub("", words[0]).casefold() or \
            edge.sub("", last).casefold() != edge.sub("", words[-1]).casefold():
        return None
    return long[theirs[best[1]].start():theirs[best[2]].end()].strip(" ,.;:“”\"")


def _name_groups(facts: Sequence[Fact]) -> list[Group]:
    by_key: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_key[fact.key].append(fact)
    return [Group("name", key, same[0].shown, tuple(same)) for key, same in by_key.items()]


_TOKEN = re.compile(r"[a-z0-9]+")
_first = itemgetter(0)


def _tokens(source: Source) -> list[tuple[str, int, int, int]]:
    """(word, paragraph number, start, end) for every word; 'U.S.' reads as 'us', like 'US'.

    Kept with what else is derived from the source, so a build that compares again reads them."""
    if "comparison words" not in source.derived:
        source.derived["comparison words"] = _words(source)
    return source.derived["comparison words"]


def _words(source: Source) -> list[tuple[str, int, int, int]]:
    out = []
    for paragraph in source.cleaned.paragraphs:
        text = fold(paragraph.text).casefold()
        text = re.sub(r"\bu\.s\.", lambda m: "us  ", text)  # same length keeps offsets
        for match in _TOKEN.finditer(text):
            out.append((match.group(), paragraph.number, match.start(), match.end()))
    return out


def _shingles(source: Source) -> array:
    """The run of six words that starts at each word of the source, as a 64-bit digest; 0 for a run that
    crosses into the next paragraph, since a passage never does.

    Kept with what else is derived from the source, so a build that compares again hashes no words.
    """
    if "comparison shingles" not in source.derived:
        words = _tokens(source)
        plain = [w for w, *_ in words]
        paragraphs = [paragraph for _, paragraph, *_ in words]
        found = array("Q")
        for k in range(len(plain) - _SHINGLE + 1):
            if paragraphs[k] != paragraphs[k + _SHINGLE - 1]:
                found.append(0)
                continue
            digest = hashlib.blake2b(" ".join(plain[k:k + _SHINGLE]).encode(), digest_size=8).digest()
            found.append(int.from_bytes(digest, "little") | 1)
        source.derived["comparison shingles"] = found
    return source.derived["comparison shingles"]


def shared_text(sources: Sequence[Source]) -> SharedText:
    """Runs of at least eight words, within a paragraph, that two or more outlets print the same.

    A run two outlets share is found once per pair; the same words found for several pairs are
    one passage with a place in each outlet, so a wire story printed by ten outlets is listed
    once, not forty-five times. Runs of six words are matched by their digests; a run whose words
    turn out to differ (two digests alike by chance, about one in 10^8 at 1,000 articles) is dropped.
    The runs are followed for all the outlets that print a run of six words at once, split as they
    part (`_split`), not pair by pair; a property test holds the result to the pairwise definition.
    """
    tokens = {s.slug: _tokens(s) for s in sources}
    shingles = {s.slug: _shingles(s) for s in sources}
    printed = Counter(chain.from_iterable(shingles.values()))  # most runs of words are printed once: index the rest
    repeated = {shingle for shingle, count in printed.items() if count > 1 and shingle}
    index: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for slug, found in shingles.items():
        for i, shingle in enumerate(found):
            if shingle in repeated:
                index[shingle].append((slug, i))
    shared = {shingle for shingle, places in index.items() if 1 < len({slug for slug, _ in places}) <= _MAX_SHARING}
    runs: dict[tuple[str, ...], dict[tuple[str, int, int, int], None]] = {}
    # Of each outlet, the spans of its words each other outlet prints too: the pair (a, b) as covered[a][b].
    covered: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    made: dict[tuple[str, int, int], tuple[tuple[str, ...], tuple[str, int, int, int]]] = {}

    def shingle_at(slug: str, i: int) -> int:
        """The run of six words at a place, if two outlets or more (and not too many) print it; else 0."""
        found = shingles[slug]
        value = found[i] if 0 <= i < len(found) else 0
        return value if value in shared else 0

    def run(slug: str, start: int, length: int) -> tuple[tuple[str, ...], tuple[str, int, int, int]]:
        """The words of a run of one outlet, and its place; made once, however many outlets print it too."""
        key = (slug, start, length)
        if key not in made:
            words = tokens[slug][start:start + length]
            made[key] = (tuple(map(_first, words)), (slug, words[0][1], words[0][2], words[-1][3]))
        return made[key]

    def record(split: list[list[tuple[str, int]]], count: int, before: dict[tuple[str, int], int]) -> None:
        """Runs of `count` runs of six words in common, from each pair of places in two outlets that `split` parts
        (the same words at every place, but for digests alike by chance), unless the pair goes on from the same run
        before it, where its run started."""
        length = count + _SHINGLE - 1
        if length < _MIN_SHARED_WORDS:
            return
        made_at = {place: run(*place, length) for part in split for place in part}
        for number, part in enumerate(split):
            for other in split[number + 1:]:
                for left in part:
                    left_before, (left_words, left_place) = before[left], made_at[left]
                    for right in other:
                        if left[0] == right[0] or (left_before and left_before == before[right]):
                            continue
                        right_words, right_place = made_at[right]
                        if left_words != right_words:
                            continue  # two runs of six words alike only by their digests
                        (a, i), (b, j) = left, right
                        covered[a][b].append((i, i + length))
                        covered[b][a].append((j, j + length))
                        places = runs.setdefault(left_words, {})
                        places[left_place] = places[right_place] = None

    for shingle in shared:
        # A pair of places in two outlets that print this run of six words starts a run of its own here unless both
        # print the same run just before it; its length is how far on both go on printing the same runs.
        before = {place: shingle_at(place[0], place[1] - 1) for place in index[shingle]}
        if len(set(before.values())) == 1 and 0 not in before.values():
            continue  # every place goes on from the same run before it: no run starts here
        _split(list(before), 1, shingle_at, lambda split, count, before=before: record(split, count, before))
    order = {s.slug: n for n, s in enumerate(sources)}
    passages = sorted((Passage(len(words), tuple(sorted(places, key=lambda p: (order[p[0]], p[1:]))))
                       for words, places in runs.items()), key=lambda p: (-p.words, [(order[s], n, a) for s, n, a, _ in p.spans]))
    return SharedText(tuple(passages),
                      {(a, b): _words_in(covered[a][b]) / max(1, len(tokens[a]))
                       for a in sorted(covered) for b in sorted(covered[a])},  # the pairs in order, sorting few
                      {slug: _words_in([span for spans in covered[slug].values() for span in spans]) /
                       max(1, len(tokens[slug])) for slug in tokens if slug in covered})


def _split(group: list[tuple[str, int]], offset: int, shingle_at: Callable[[str, int], int],
           parted: Callable[[list[list[tuple[str, int]]], int], Any]) -> None:
    """Places that print the same `offset` runs of six words from where they are, split by the run each prints next
    (a place whose next is printed too rarely, or too often, alone): each split into two parts or more is given to
    `parted` with how many runs the places print in common (each pair of places in two of its parts prints that
    many, and no more), and each part is split again, one run further on."""
    pending = [(group, offset)]
    while pending:
        group, offset = pending.pop()
        parts: dict[int, list[tuple[str, int]]] = defaultdict(list)
        alone: list[list[tuple[str, int]]] = []
        for place in group:
            following = shingle_at(place[0], place[1] + offset)
            if following:
                parts[following].append(place)
            else:
                alone.append([place])
        split = [*parts.values(), *alone]
        if len(split) > 1:
            parted(split, offset)
        pending += [(part, offset + 1) for part in parts.values() if len(part) > 1]


def _words_in(spans: list[tuple[int, int]]) -> int:
    """How many word positions the spans (start, end) cover, each counted once."""
    if len(spans) == 1:  # most pairs of outlets share one passage
        return spans[0][1] - spans[0][0]
    count, reached = 0, 0
    for start, end in sorted(spans):
        if end > reached:
            count += end - max(start, reached)
            reached = end
    return count


def read_annotations(path: Path, shown: str) -> tuple[dict[str, tuple[Annotation, int]], list[Problem]]:
    """An editor's annotations of conflicts, by conflict id, with the line of each."""
    if not path.is_file():
        return {}, [Problem(shown, None, "this is a folder, not a YAML file; the editors' notes are one file")]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        return {}, [Problem(shown, None, f"the file is not UTF-8 text (at byte {err.start}); save it with UTF-8 "
                                         "encoding")]
    doc, problems = parse_yaml(text, shown)
    if doc is None:
        return {}, problems
    out: dict[str, tuple[Annotation, int]] = {}
    for key in doc.data:
        if key != "conflicts":
            problems.append(Problem(shown, doc.line_of(key), f"unknown field '{key}'; the file has 'conflicts:', "
                                                            "a mapping of conflict ids to {status, note}"))
    conflicts = doc.data.get("conflicts") or {}
    if not isinstance(conflicts, dict):
        return {}, problems + [Problem(shown, doc.line_of("conflicts"), "'conflicts' must map conflict ids to "
                                                                       "{status: noted|confirmed|dismissed, note: ...}")]
    for conflict_id, value in conflicts.items():
        line = doc.line_of("conflicts", conflict_id)
        if not isinstance(value, dict) or set(value) - {"status", "note"} or value.get("status") not in STATUSES \
                or not isinstance(value.get("note", ""), str):
            problems.append(Problem(shown, line, f"conflict '{conflict_id}' must be {{status: noted, confirmed or "
                                                 "dismissed, note: text}"))
            continue
        out[str(conflict_id)] = (Annotation(value["status"], str(value.get("note", "")).strip()), line or 1)
    return out, problems


def compare(sources: Sequence[Source], annotations: dict[str, tuple[Annotation, int]] | None = None,
            shown: str = "", cache: DerivedCache | None = None, *,
            fork: bool = False) -> tuple[Comparison, list[Problem]]:
    """Compare the sources; annotations that name no conflict the build found are problems.

    What the sources alone give is kept in `cache` in three parts, each under the digests of what it
    reads of every source (see `_reads`): the quotations grouped (matching them is the costliest
    grouping), the other facts' groups and conflicts, and the shared text. An edit that changes no
    part of any source (a headline, the notes, the capture's details) compares nothing again, one
    that changes only words outside the facts finds shared text alone again, and one that changes a
    count, a date or a name leaves the quotations be. The editor's annotations are applied afresh
    in every build. With `fork`, shared text not in the cache is found by a copy of the process while
    the build goes on (`story.background`).
    """
    reads = [(source.slug, _reads(source)) for source in sources]
    code = code_version()
    others_key, quoted_key, words_key = ([code, *(f"{slug}={read[part]}" for slug, read in reads)] for part in range(3))
    if fork:  # what a copy of the process derives from a source is lost to the source cache: words are made here
        for source in sources:  # (only a source new or changed since the last build has none)
            if "comparison shingles" not in source.derived:
                _shingles(source)
    shared = later(cache, "shared text", words_key, lambda: shared_text(sources), SharedText, story_wide=False,
                   fork=fork)  # first: a copy of the process finds it while the facts are grouped here
    others = kept(cache, "comparison facts", others_key, lambda: _grouped(sources, _OTHER_KINDS), _Grouped,
                  story_wide=False)
    quoted = kept(cache, "comparison quotations", quoted_key, lambda: _grouped(sources, ("quotation",)), _Grouped,
                  story_wide=False)
    groups = [g for g in others.groups if g.kind != "name"] + [*quoted.groups] + [g for g in others.groups
                                                                                  if g.kind == "name"]
    annotations = annotations or {}
    known = {c.id for c in (*others.conflicts, *quoted.conflicts)}
    problems = [Problem(shown, line, f"no conflict has the id '{cid}'; the conflicts are {', '.join(sorted(known))}")
                for cid, (_, line) in annotations.items() if cid not in known]
    conflicts = [Conflict(c.id, c.kind, c.question, c.sides, annotations.get(c.id, (None, 0))[0])
                 for c in (*others.conflicts, *quoted.conflicts)]
    facts_at_odds = [c for c in conflicts if c.kind != "wording"]
    facts_key = DerivedCache.digest(DerivedCache.digest(*others_key), DerivedCache.digest(*quoted_key))
    return Comparison(list(sources), groups, facts_at_odds, shared, [c for c in conflicts if c.kind == "wording"],
                      keys=(facts_key, DerivedCache.digest(*words_key))), problems


_OTHER_KINDS = ("count", "date", "attribution", "name")
"""The kinds of fact grouped together; quotations are grouped (and kept) apart."""


def _reads(source: Source) -> tuple[str, str, str]:
    """Digests of what comparing reads of one source: its facts but its quotations, and its quotations, each with
    the paragraphs they are in (their place, number and text); and the number and text of every paragraph, whose
    words shared text reads.

    Worked out once per version of the source, and kept with what else is derived from it.
    """
    if "comparison reads" not in source.derived:
        place = {id(paragraph): index for index, paragraph in enumerate(source.cleaned.paragraphs)}

        def digest(facts: list[Fact]) -> str:
            read = [(f.kind, f.key, f.value, f.shown, f.qualifier, f.start, f.end, place[id(f.paragraph)])
                    for f in facts]
            paragraphs = {place[id(f.paragraph)]: (f.paragraph.number, f.paragraph.text) for f in facts}
            return DerivedCache.digest(repr(read), repr(sorted(paragraphs.items())))

        facts = source_facts(source)
        words = [(p.number, p.text) for p in source.cleaned.paragraphs]
        source.derived["comparison reads"] = (digest([f for f in facts if f.kind != "quotation"]),
                                              digest([f for f in facts if f.kind == "quotation"]),
                                              DerivedCache.digest(repr(words)))
    return source.derived["comparison reads"]


@dataclass(frozen=True)
class _Grouped:
    """Facts of every source grouped, and their conflicts before an editor's annotations: a part of a comparison a
    build can keep."""

    groups: tuple[Group, ...]
    conflicts: tuple[Conflict, ...]


def _grouped(sources: Sequence[Source], kinds: Sequence[str]) -> _Grouped:
    """The facts of these kinds grouped, in the order of `kinds`, with their conflicts (ids told apart by a
    number; each kind's conflicts have ids of their own)."""
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for source in sources:
        for fact in source_facts(source):
            if fact.kind in kinds:
                by_kind[fact.kind].append(fact)
    contexts = _Contexts(sources) if "count" in kinds else _context
    makers = {"count": lambda facts: _count_groups(facts, contexts), "date": _date_groups,
              "attribution": _attribution_groups, "quotation": _quotation_groups,
              "name": lambda facts: (_name_groups(facts), [])}
    groups: list[Group] = []
    conflicts: list[Conflict] = []
    for kind in kinds:
        found_groups, found_conflicts = makers[kind](by_kind[kind])
        groups += found_groups
        conflicts += found_conflicts
    seen: dict[str, int] = {}
    for index, conflict in enumerate(conflicts):
        count = seen[conflict.id] = seen.get(conflict.id, 0) + 1
        if count > 1:
            conflicts[index] = Conflict(f"{conflict.id}-{count}", conflict.kind, conflict.question, conflict.sides)
    return _Grouped(tuple(groups), tuple(conflicts))
