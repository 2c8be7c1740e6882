"""The "last checked" line every page carries: what the build verified, and when.

The date is the build's: `SOURCE_DATE_EPOCH` when it is set (reproducible builds set it to the
last commit's time, as `./dev` does), else today's, in UTC. A value that is not a date is a
one-line error before MkDocs, which reads the same variable, can stop with a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

SLOT = "<!-- story:last-checked -->"
"""Where the theme override leaves room for the line."""


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """The date of this build: SOURCE_DATE_EPOCH's when it is set, as MkDocs reads it, else today's.

    Raises ValueError, saying what is wrong, when it is set to something that is not a date.
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (the time of the build, "
                         f"for reproducible builds), not {value!r}; set it to one, or unset it") from None


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def checked_line(*, citations: int, pages: int, sources: int, facts: int, when: dt.date) -> str:
    """The line as HTML; it holds only numbers and a date, so there is nothing to escape."""
    day = f"{when.day} {when:%B %Y}"
    return (f'<p class="story-checked">Last checked <time datetime="{when.isoformat()}">{day}</time>: '
            f"{_count(citations, 'citation', 'citations')} on {_count(pages, 'page', 'pages')} verified against "
            f"{_count(sources, 'source', 'sources')}, and {_count(facts, 'fact', 'facts')} of their claims checked "
            "by the build.</p>")


def with_checked_line(page_html: str, line: Callable[[], str]) -> str:
    """A built page with `line()` in the slot the theme left for it, found from the end (the slot is in the
    footer, so the page is not read through for it); any other copy of the slot is filled as well."""
    at = page_html.rfind(SLOT)
    if at < 0:
        return page_html
    if page_html.find(SLOT, 0, at) >= 0:
        return page_html.replace(SLOT, line())
    return f"{page_html[:at]}{line()}{page_html[at + len(SLOT):]}"
