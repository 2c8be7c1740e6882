"""Repairs to the theme's HTML that no template block reaches.

Material for MkDocs writes its two menu toggles as checkboxes with `autocomplete="off"`, which HTML
allows only on text-like inputs (the Nu Html Checker reports it on every page), and gives its search
dialog no accessible name (axe: `aria-dialog-name`). Both are hard-coded in the theme's base
template, outside any block a site can override, so each built page is repaired instead.
"""

from __future__ import annotations

import re

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_SEARCH_DIALOG = re.compile(r'<div class="md-search"([^>]*)role="dialog"(?![^>]*aria-label)')


def repair_theme_html(html: str, search_label: str = "Search") -> str:
    """The page with valid toggles and a named search dialog; nothing else changes.

    Both sit before the end of the theme's header, so only that part of the page is read.
    """
    end = html.find("</header>")
    head, rest = (html, "") if end < 0 else (html[:end], html[end:])
    head = _CHECKBOX.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), head)
    head = _SEARCH_DIALOG.sub(lambda m: f'<div class="md-search"{m.group(1)}role="dialog" aria-label="{search_label}"',
                              head)
    return head + rest
