"""Tables that phones can read: every body cell labelled with its column's header, for the stylesheet to stack.

Below about 600 px the stylesheet turns each table row into a block of labelled lines (the
header row is kept for screen readers, off screen), so no table scrolls sideways. The labels
are the headers' own text, re-escaped for an attribute.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<tbody>.*?</tbody>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<td\b(?![^>]*\bdata-label=)")
_TAG = re.compile(r"<[^>]+>")


def _text(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell)).split())


def _label_rows(table: str) -> str:
    thead = table.split("<tbody>", 1)[0]
    headers = [_text(h) for h in _HEADER.findall(thead)]
    if not headers:
        return table

    def row(match: re.Match[str]) -> str:
        pieces = _CELL.split(match.group(0))
        out = pieces[0]
        for index, rest in enumerate(pieces[1:]):
            label = headers[index] if index < len(headers) else ""
            out += (f'<td data-label="{html.escape(label, quote=True)}"' if label else "<td") + rest
        return out

    return _BODY.sub(lambda body: _ROW.sub(row, body.group(0)), table)


def label_cells(page_html: str) -> str:
    """The page's HTML with `data-label` on every body cell of every table that has a header row."""
    if "<table" not in page_html:
        return page_html
    return _TABLE.sub(lambda m: _label_rows(m.group(0)), page_html)
