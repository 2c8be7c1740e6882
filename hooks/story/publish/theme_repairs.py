"""Repairs to the theme's HTML that no template block reaches.

Material for MkDocs writes its two menu toggles as checkboxes with `autocomplete="off"`, which HTML
allows only on text-like inputs (the Nu Html Checker reports it on every page), and gives its search
dialog no accessible name (axe: `aria-dialog-name`). Both are hard-coded in the theme's base
template, outside any block a site can override, so each built page is repaired instead.

The theme's script bundle is loaded `defer`: it only enhances a page that is whole without it
(search, tooltips, the palette toggle), so the page paints before the script runs. The block
that writes it names the bundle by its hash, so overriding the block would break on every
Material release; the tag is rewritten instead.
"""

from __future__ import annotations

import re

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
_SEARCH_DIALOG = re.compile(r'<div class="md-search"([^>]*)role="dialog"(?![^>]*aria-label)')


def repair_theme_html(html: str, search_label: str = "Search") -> str:
    """The page with valid toggles, a named search dialog and the theme's script deferred; nothing else changes.

    The first two sit before the end of the theme's header and the script after its footer, so
    only those parts of the page are read.
    """
    end = html.find("</header>")
    end = len(html) if end < 0 else end
    footer = html.rfind("</footer>", end)
    footer = len(html) if footer < 0 else footer
    head = _CHECKBOX.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), html[:end])
    head = _SEARCH_DIALOG.sub(lambda m: f'<div class="md-search"{m.group(1)}role="dialog" aria-label="{search_label}"',
                              head)
    tail = _BUNDLE.sub(r'<script src="\1" defer></script>', html[footer:], count=1)
    return "".join((head, html[end:footer], tail))  # one copy of the long middle: a page can be megabytes
