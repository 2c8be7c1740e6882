"""Markdown that shows untrusted text literally, whatever Markdown extensions a site enables."""

from __future__ import annotations

import string
from urllib.parse import quote

_ENTITIES = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_ENTITIES.update({code: "\ufffd" for code in [*range(0x20), 0x7F]})
"""Control characters: Python-Markdown uses two of them as placeholders for stashed HTML."""
_ENTITIES.update({ord(c): " " for c in "\r\n\t\f\v"})


def md_text(text: str) -> str:
    """Inline Markdown that renders to exactly `text`: every ASCII punctuation mark as an entity.

    No Markdown or HTML syntax, and no extension's syntax (emoji, attribute lists, macros), can
    be made of letters and spaces alone, so the result can contain none. Control characters,
    which HTML cannot carry, show as U+FFFD.
    """
    return text.translate(_ENTITIES)


def md_url(url: str) -> str:
    """A link destination that cannot end the link early or break out of it."""
    return quote(url, safe="/:?#&=%@+,;~!$*-._")


def md_link(text: str, url: str, title: str | None = None) -> str:
    """An inline link whose text, address and title come from untrusted input."""
    label = f' "{md_text(title)}"' if title else ""
    return f"[{md_text(text)}]({md_url(url)}{label})"
