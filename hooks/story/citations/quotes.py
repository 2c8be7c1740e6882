"""Find a quote in a source's cleaned text, verbatim up to typography, and suggest one when it is wrong.

An index is built once per source: the folded text of all its paragraphs and, for each word,
where it occurs. A quote is looked up through its rarest word, so finding it costs the length
of the quote and that word's occurrences, not the length of the source.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..cleaning.rules import Cleaned, Paragraph, Removal
from ..cleaning.typography import fold, fold_with_offsets

_WORD = re.compile(r"\w+")
_SEPARATOR = "\n"  # folded text never contains one, so no match can span two paragraphs


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: the paragraph, and the span of its text as the outlet printed it."""

    paragraph: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        """The quoted passage in the outlet's own typography."""
        return self.paragraph.text[self.start:self.end]


def _joined(left: str, right: str) -> bool:
    """Whether two neighbouring characters are of one word."""
    return _WORD.fullmatch(left + right) is not None


class QuoteIndex:
    """The searchable cleaned text of one source."""

    def __init__(self, cleaned: Cleaned) -> None:
        self.paragraphs = cleaned.paragraphs
        self.removed = cleaned.removed
        pieces: list[str] = []
        self._starts: list[int] = []
        self._offsets: list[array[int]] = []
        position = 0
        for paragraph in self.paragraphs:
            folded, offsets = fold_with_offsets(paragraph.text)
            self._starts.append(position)
            self._offsets.append(array("I", offsets))  # 4 bytes a character, not a Python int each
            pieces.append(folded)
            position += len(folded) + len(_SEPARATOR)
        self.text = _SEPARATOR.join(pieces)

    def find(self, quote: str) -> QuoteMatch | None:
        """The first place the quote occurs as whole words in the article text, or None.

        `str.find` scans in C; no word index is kept, which would cost more memory than the text.
        """
        needle = fold(quote)
        if not needle:
            return None
        whole_words = _WORD.search(needle) is not None
        start = self.text.find(needle)
        while start >= 0:
            if not whole_words or self._bounded(start, len(needle)):
                return self._match(start, len(needle))
            start = self.text.find(needle, start + 1)
        return None

    def _bounded(self, start: int, length: int) -> bool:
        """Whether the span neither starts nor ends inside a word (a word as `\\w+` reads it)."""
        text = self.text
        before = text[start - 1] if start else " "
        after = text[start + length] if start + length < len(text) else " "
        return not _joined(before, text[start]) and not _joined(text[start + length - 1], after)

    def _match(self, start: int, length: int) -> QuoteMatch:
        number = bisect.bisect_right(self._starts, start) - 1
        local = start - self._starts[number]
        offsets = self._offsets[number]
        return QuoteMatch(self.paragraphs[number], offsets[local], offsets[local + length - 1] + 1)

    def in_removed(self, quote: str) -> Removal | None:
        """The removed furniture the quote occurs in, if it occurs only there."""
        needle = fold(quote)
        return next((r for r in self.removed if needle and needle in fold(r.text)), None)

    def closest(self, quote: str) -> QuoteMatch | None:
        """The passage most like the quote, widened to whole words; for 'did you mean'."""
        needle = fold(quote)
        best: tuple[float, int, int, int] | None = None
        for number, start in enumerate(self._starts):
            end = self._starts[number + 1] - 1 if number + 1 < len(self._starts) else len(self.text)
            hit = fuzz.partial_ratio_alignment(needle, self.text[start:end], processor=None)
            if hit and (best is None or hit.score > best[0]):
                best = (hit.score, number, hit.dest_start, hit.dest_end)
        if best is None or best[0] < 50:
            return None
        _, number, left, right = best
        paragraph_end = self._starts[number + 1] - 1 if number + 1 < len(self._starts) else len(self.text)
        text = self.text[self._starts[number]:paragraph_end]
        # The alignment window is as long as the quote; the passage meant may be longer or
        # shorter, so try the word boundaries near each end and keep the closest span.
        slack = max(12, len(needle) // 2)
        starts = [m.start() for m in _WORD.finditer(text) if abs(m.start() - left) <= slack] or [left]
        ends = [m.end() for m in _WORD.finditer(text) if abs(m.end() - right) <= slack] or [right]
        spans = [(a, b) for a in starts for b in ends if b > a]
        if not spans:
            return None
        left, right = max(spans, key=lambda span: (fuzz.ratio(needle, text[span[0]:span[1]], processor=None),
                                                   -abs(span[1] - span[0] - len(needle))))
        return self._match(self._starts[number] + left, right - left)
