"""Fold text so that typography alone (quotes, dashes, spaces, soft hyphens) never makes two texts differ."""

from __future__ import annotations

import re

_SAME_AS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
}
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TABLE = str.maketrans({**_SAME_AS, **dict.fromkeys(_DROPPED, None)})
_SPACES = re.compile(r"\s+")


def fold_char(char: str) -> str:
    """The folded form of one character: '' for invisible ones, ' ' for any space."""
    if char.isspace():
        return " "
    return char.translate(_TABLE)


def fold(text: str) -> str:
    """Straight quotes, hyphen-minus dashes, '...' for an ellipsis, single spaces, no soft hyphens.

    Letters, digits, case and punctuation other than quotes and dashes are kept: "U.S." and
    "US" stay different, because a quote is what the outlet printed.
    """
    return _SPACES.sub(" ", text.translate(_TABLE)).strip()


_SPECIAL = re.compile("[\\s" + re.escape("".join(_SAME_AS)) + _DROPPED + "]+")
"""Runs of characters that folding changes; everything between them is copied as it is."""


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` and map each folded character back to the index it came from in `text`.

    A non-empty folded span [i, j) came from text[offsets[i] : offsets[j - 1] + 1]. Plain stretches
    are copied whole; only the characters that fold are looked at one by one.
    """
    out: list[str] = []
    offsets: list[int] = []
    position = 0

    def plain(start: int, end: int) -> None:
        if start < end:
            out.append(text[start:end])
            offsets.extend(range(start, end))

    for match in _SPECIAL.finditer(text):
        plain(position, match.start())
        for index in range(match.start(), match.end()):
            folded = fold_char(text[index])
            if not folded:
                continue
            if folded == " ":
                if not offsets or (out and out[-1].endswith(" ")):
                    continue
            out.append(folded)
            offsets.extend([index] * len(folded))
        position = match.end()
    plain(position, len(text))
    joined = "".join(out)
    stripped = joined.rstrip(" ")
    return stripped, offsets[:len(stripped)]
