"""Find citations in Markdown: `[@slug "quote"]`, or several as `[@a "quote"; @b "quote"]`.

A citation may end with `synthesis "why"`: the writer's mark that the claim combines or
restates its sources in words they do not print, so the claim check does not report it.

The syntax is Pandoc's citation syntax with the quote as the locator. The quote runs from its
opening `"` (or `“`) to the first closing `"` (or `”`) that is followed by `;` or `]`, so a
quote may itself contain quotation marks, and it may wrap onto the next line. Citations inside
code (fenced blocks and inline code spans) and after a backslash (`\\[@`) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
START_OF_CITATION = re.compile(r"(?<!\\)\[@")
"""Where a citation starts: `[@` without a backslash before it."""
_KEY = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.:-]*)")
_SYNTHESIS = re.compile(r"synthesis\b\s*")
_CLOSE = re.compile(r"[\"”]\s*(;|\])")
_OPEN_QUOTES = "\"“"


@dataclass(frozen=True)
class CitedItem:
    """One source named in a citation, with the quote that supports the claim."""

    key: str
    quote: str


@dataclass(frozen=True)
class RawCitation:
    """A citation as written: where it is in the Markdown, and what it cites."""

    start: int
    end: int
    line: int
    items: tuple[CitedItem, ...]
    synthesis: str | None = None
    """The writer's reason, when the citation carries a `synthesis "why"` mark."""

    def source_text(self, markdown: str) -> str:
        """The citation exactly as written in `markdown`."""
        return markdown[self.start:self.end]


@dataclass(frozen=True)
class Malformed:
    """Text that starts like a citation but is not one."""

    start: int
    end: int
    line: int
    reason: str


def mask_code(markdown: str) -> str:
    """The Markdown with code blocks and code spans blanked out, every other character in place."""
    out = list(markdown)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = " "

    position = 0
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            blank(position, position + len(line))
        elif fence is not None:
            blank(position, position + len(line))
            closing = match.group(1) if match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence) and not line.strip(" \t>\r\n" + fence[0]):
                fence = None
        position += len(line)
    for span in _CODE_SPAN.finditer("".join(out)):
        if "\n\n" not in span.group(0):
            blank(span.start(), span.end())
    return "".join(out)


def named_keys(markdown: str) -> set[str]:
    """Every source key a citation in `markdown` may name, and perhaps more (an `@word` in code, in a quote or in
    prose): each `@` with a key's letters after it. A quick superset of the keys of `find_citations`, for keying
    work by the sources it may read."""
    return set(_KEY.findall(markdown))


def find_citations(markdown: str) -> tuple[list[RawCitation], list[Malformed]]:
    """Every citation outside code in `markdown`, and every `[@` that does not make one."""
    masked = mask_code(markdown)
    citations: list[RawCitation] = []
    malformed: list[Malformed] = []
    position = 0
    while match := START_OF_CITATION.search(masked, position):
        start = match.start()
        line = markdown.count("\n", 0, start) + 1
        parsed = _parse(masked, start + 1)
        if isinstance(parsed, str):
            end = _malformed_end(masked, start)
            malformed.append(Malformed(start, end, line, parsed))
            position = end
            continue
        items, end = parsed
        quotes = [(key, " ".join(markdown[a:b].split())) for key, a, b in items]
        synthesis = next((quote for key, quote in quotes if key is None), None)
        if not any(key for key, _ in quotes):
            malformed.append(Malformed(start, end, line, "a synthesis mark needs the citations it combines"))
            position = end
            continue
        citations.append(RawCitation(start, end, line, tuple(CitedItem(key, quote) for key, quote in quotes if key),
                                     synthesis))
        position = end
    return citations, malformed


def _parse(text: str, position: int) -> tuple[list[tuple[str | None, int, int]], int] | str:
    """Parse '@key "quote"; @key "quote"]' from `position`; return the items and the end, or why not.

    An item whose key is None is the synthesis mark, with its reason as the quote.
    """
    items: list[tuple[str | None, int, int]] = []
    limit = text.find("\n\n", position)
    limit = len(text) if limit < 0 else limit
    while True:
        while position < limit and text[position].isspace():
            position += 1
        synthesis = _SYNTHESIS.match(text, position)
        key = None if synthesis else _KEY.match(text, position)
        if synthesis and any(k is None for k, _, _ in items):
            return "a citation has one synthesis mark"
        if not key and not synthesis:
            return "each source is written @slug, like @daily-news"
        position = (key or synthesis).end()  # type: ignore[union-attr]
        while position < limit and text[position] in " \t\n":
            position += 1
        name = f"@{key.group(1)}" if key else "synthesis"
        if position >= limit or text[position] not in _OPEN_QUOTES:
            wanted = "words the outlet printed" if key else "why the claim fairly restates its sources"
            return f"{'the source ' if key else 'the mark '}{name} needs a quote: {name} \"{wanted}\""
        quote_start = position + 1
        close = _CLOSE.search(text, quote_start, limit)
        if not close:
            return "the quote has no closing \" followed by ] or ;"
        if synthesis and not text[quote_start:close.start()].strip():
            return "the synthesis mark needs its reason: synthesis \"why the claim fairly restates its sources\""
        items.append((key.group(1) if key else None, quote_start, close.start()))
        position = close.end()
        if close.group(1) == "]":
            return items, position


def _malformed_end(text: str, start: int) -> int:
    end = text.find("]", start)
    newline = text.find("\n", start)
    candidates = [i + 1 for i in (end,) if i >= 0] + [i for i in (newline,) if i >= 0]
    return min(candidates) if candidates else len(text)
