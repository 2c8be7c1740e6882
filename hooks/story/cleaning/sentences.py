"""Split plain text into sentences, without breaking at abbreviations such as "U.S." or "Sept."."""

from __future__ import annotations

import re
from collections.abc import Iterator

MARKER = "\x00"
"""Stands for a note marker in text taken from a rendered page; it stays with its sentence."""

_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*" + MARKER + r"*\s+(?=[A-Z“\"‘(\d])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|vs|"
                           r"etc|Inc|Ltd|Co|Corp|Gen|Gov|Sen|Rep|Prof))\.$")


def is_abbreviation(text_before_stop: str) -> bool:
    """Whether the full stop that ends this text closes an abbreviation ('U.S.', 'Sept.'), not a sentence."""
    return bool(_ABBREVIATION.search(text_before_stop))


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`, as offsets into it, trailing spaces excluded."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        if is_abbreviation(text[max(0, match.start() - 6):match.start() + 1]):
            continue
        yield start, len(text[:match.end()].rstrip())
        start = match.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def split_sentences(text: str) -> list[str]:
    """Sentences of one block of plain text; a note marker after a full stop stays with its sentence."""
    text = " ".join(text.split())
    return [text[a:b].strip() for a, b in sentence_spans(text) if text[a:b].strip()]


