"""Check the claims a page file makes: each cited clause's checkable facts against the sources it cites.

The check reads the page file as written, not the page after macros ran, so the clauses it
checks are the writer's own, and every report names the line where the fact is written.
A clause is the words since the sentence began or the previous citation in it ended, and,
after the last citation of a sentence, the words up to its end.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..cleaning.sentences import is_abbreviation
from ..problems import Problem
from .claim_facts import find_facts
from .claim_support import FactCheck, claim_checks
from .notes import SENTENCE_END, CitedQuote, Library, verify_quote
from .syntax import RawCitation, find_citations, mask_code

_BLANKED_MARKUP = [
    re.compile(r"(!?\[)[^\]\n]*(\]\([^)\n]*\))"),       # links and images: their text stays
    re.compile(r"(\[\^[^\]\n]+\])"),                     # footnote references
    re.compile(r"(<[^>]+>)"),                              # inline HTML
    re.compile(r"(\{:?[ \t]*[.#][^}\n]*\})"),              # attribute lists
    re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w)|`)"),          # emphasis and code marks
    re.compile(r"^([ \t]*(?:!!!|\?\?\?\+?).*)$", re.M),      # admonition headers
    re.compile(r"^(\s*(?:[-*+]|\d+[.)]|#+|>)\s)", re.M),     # list, heading and quote markers
    re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S),  # template expressions: macros are not prose
]
_ITEM_START = re.compile(r"\n[ \t]*(?:[-*+]|\d+[.)])[ \t]")


@dataclass(frozen=True)
class CheckedClaim:
    """One citation of a page file with the checks of the clause it supports."""

    text: str          # the citation as written, on one line
    line: int
    checks: tuple[FactCheck, ...]
    synthesis: str | None
    lines: tuple[int, int] = (0, 0)
    """The first and last line of the clause the citation supports."""
    span: tuple[int, int] = (0, 0)
    """The clause's offsets in the page file."""


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def plain_prose(prose: str) -> str:
    """The Markdown with its markup blanked out, so every character keeps its place and its line."""
    def blank(match: re.Match[str]) -> str:
        text, origin = match.group(0), match.start()
        for group in range(1, (match.re.groups or 0) + 1):
            a, b = match.start(group) - origin, match.end(group) - origin
            text = text[:a] + _blank(text[a:b]) + text[b:]
        return text

    out = prose
    for pattern in _BLANKED_MARKUP:
        out = pattern.sub(blank, out)
    return out


def claim_span(prose: str, start: int, end: int, floor: int = 0, ceiling: int | None = None,
               window: int = 1000) -> tuple[int, int]:
    """The span of the words a citation at [start, end) supports, in `prose` (code and citations blanked).

    `floor` is where the previous citation ended and `ceiling` where the next one starts: the
    words between two citations belong to the second, and the words after the last citation of
    a sentence to that citation.
    """
    def sentence_start(low: int) -> int:
        head = prose[low:start]
        ends = [0] + [m.end() for m in SENTENCE_END.finditer(head)
                      if not is_abbreviation(head[max(0, m.start() - 6):m.start() + 1])]
        ends += [m.start() + 1 for m in _ITEM_START.finditer(head)]
        return low + max(ends)

    begin = sentence_start(max(floor, start - window))
    if not prose[begin:start].strip(" .,;:!?\t\n"):
        begin = sentence_start(max(0, start - window))
    limit = min(end + window, len(prose) if ceiling is None else ceiling)
    tail = prose[end:limit]
    ends = (m for m in SENTENCE_END.finditer(tail) if not is_abbreviation(tail[max(0, m.start() - 6):m.start() + 1]))
    stops = [m.start() for m in (next(ends, None), _ITEM_START.search(tail)) if m]
    if not stops and limit == ceiling:
        return begin, end  # the next citation comes first, in the same sentence: the words are its own
    return begin, end + (min(stops) if stops else len(tail))


def _check(raw: RawCitation, plain: str, quotes: tuple[CitedQuote, ...], library: Library,
           line_at: Callable[[int], int], begin: int, end: int) -> tuple[tuple[FactCheck, ...], list[tuple[int, str]]]:
    words = plain[begin:end]
    facts = [replace(f, start=f.start + begin, end=f.end + begin) for f in find_facts(words, library.proper)]
    facts = [f for f in facts if not raw.start <= f.start < raw.end]  # the citation itself is blanked
    slugs = list(dict.fromkeys(q.source.slug for q in quotes))
    lines = {f.start: line_at(f.start) for f in facts}
    lines[-1] = line_at(begin + len(words) - len(words.lstrip()))  # a negative quote: the clause's first line
    checks = claim_checks(facts, [library.support(quotes, slug) for slug in slugs], len(library), lines)
    problems: list[tuple[int, str]] = []
    unsupported = [c for c in checks if c.status == "unsupported"]
    if raw.synthesis is not None:
        if not unsupported:
            problems.append((line_at(raw.start), "the synthesis mark is not needed: the sources state every fact of this "
                                        f"claim; remove 'synthesis \"{raw.synthesis}\"'"))
        checks = [replace(c, status="synthesis") if c.status == "unsupported" else c for c in checks]
    else:
        for check in unsupported:
            for slug, why in check.unsupported:
                problems.append((check.line, f"claim not supported{f' by [@{slug}]' if slug else ''}: {why}"))
    return tuple(checks), problems


def check_claims(file_text: str, body_line: int, library: Library,
                 shown: str) -> tuple[dict[tuple[str, int], CheckedClaim], list[Problem]]:
    """Check every cited clause of a page file whose Markdown starts at line `body_line`.

    Returns the checked claims by (citation text on one line, line) and the problems: each
    unsupported fact, each needless synthesis mark. Citations that fail verification are left
    to `cite_page`, which reports them.
    """
    head = len("".join(file_text.splitlines(keepends=True)[:body_line - 1]))
    body = _blank(file_text[:head]) + file_text[head:]  # the front matter blanked: offsets are the file's
    found, _ = find_citations(body)
    blanked = list(mask_code(body))
    for raw in found:
        blanked[raw.start:raw.end] = _blank(body[raw.start:raw.end])
    prose = "".join(blanked)
    plain = plain_prose(prose)
    line_starts = [0] + [i + 1 for i, char in enumerate(body) if char == "\n"]

    def line_at(position: int) -> int:
        return bisect.bisect_right(line_starts, position)

    claims: dict[tuple[str, int], CheckedClaim] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(found):
        quotes = [verify_quote(library, item.key, item.quote)[0] for item in raw.items]
        if not all(quotes):
            continue
        floor = found[index - 1].end if index else 0
        ceiling = found[index + 1].start if index + 1 < len(found) else None
        begin, end = claim_span(prose, raw.start, raw.end, floor, ceiling)
        checks, found_problems = _check(raw, plain, tuple(q for q in quotes if q), library, line_at, begin, end)
        text = " ".join(raw.source_text(body).split())
        claims[(text, raw.line)] = CheckedClaim(text, raw.line, checks, raw.synthesis,
                                                (line_at(begin + len(plain[begin:end]) - len(plain[begin:end].lstrip())),
                                                 line_at(max(begin, end - 1))), (begin, end))
        problems += [Problem(shown, line, message) for line, message in found_problems]
    return claims, problems
