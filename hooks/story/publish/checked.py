"""The "last checked" line every page carries: what the build verified, and when.

The date is the build's: `SOURCE_DATE_EPOCH` when it is set (reproducible builds set it to the
last commit's time, as `./dev` does), else today's, in UTC.
"""

from __future__ import annotations

import datetime as dt
import os

SLOT = "<!-- story:last-checked -->"
"""Where the theme override leaves room for the line."""


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """The date of this build, from SOURCE_DATE_EPOCH when it holds a whole number of seconds."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if value.strip().isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def checked_line(*, citations: int, pages: int, sources: int, facts: int, when: dt.date) -> str:
    """The line as HTML; it holds only numbers and a date, so there is nothing to escape."""
    day = f"{when.day} {when:%B %Y}"
    return (f'<p class="story-checked">Last checked <time datetime="{when.isoformat()}">{day}</time>: '
            f"{_count(citations, 'citation', 'citations')} on {_count(pages, 'page', 'pages')} verified against "
            f"{_count(sources, 'source', 'sources')}, and {_count(facts, 'fact', 'facts')} of their claims checked "
            "by the build.</p>")
