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


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text` and map each folded character back to the index it came from in `text`.

    A non-empty folded span [i, j) came from text[offsets[i] : offsets[j - 1] + 1].
    """
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        if not folded:
            continue
        if folded == " ":
            if not out or out[-1] == " ":
                continue
        for piece in folded:
            out.append(piece)
            offsets.append(index)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets
