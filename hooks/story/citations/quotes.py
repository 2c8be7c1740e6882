"""Find a quote in a source's cleaned text, verbatim up to typography, and suggest one when it is wrong.

An index is built once per source: the folded text of all its paragraphs and, for each word,
where it occurs. A quote is looked up through its rarest word, so finding it costs the length
of the quote and that word's occurrences, not the length of the source.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import defaultdict
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
        self._words: dict[str, list[int]] = defaultdict(list)
        for word in _WORD.finditer(self.text):
            self._words[word.group()].append(word.start())

    def find(self, quote: str) -> QuoteMatch | None:
        """The first place the quote occurs as whole words in the article text, or None."""
        needle = fold(quote)
        words = list(_WORD.finditer(needle))
        if not words:
            start = self.text.find(needle) if needle else -1
            return self._match(start, len(needle)) if start >= 0 else None
        anchor = min(words, key=lambda w: len(self._words.get(w.group(), ())))
        for position in self._words.get(anchor.group(), ()):
            start = position - anchor.start()
            if start >= 0 and self.text.startswith(needle, start) and self._bounded(start, len(needle)):
                return self._match(start, len(needle))
        return None

    def _bounded(self, start: int, length: int) -> bool:
        before = self.text[start - 1] if start else " "
        after = self.text[start + length] if start + length < len(self.text) else " "
        first, last = self.text[start], self.text[start + length - 1]
        return not (before.isalnum() and first.isalnum()) and not (after.isalnum() and last.isalnum())

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
