"""What a preview shows when the story has problems: a banner on every page, listing each with its file and line.

`mkdocs serve` waits for a good build before it answers the browser, so a story that stopped
the build would leave the browser hanging. In a preview (`./dev serve`), the build goes on
instead and every page opens with this banner; saving the fix rebuilds and reloads the page.
Everything in the banner is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ..problems import Problem

PREVIEW_VARIABLE = "STORY_PREVIEW"
"""Set to 1 by `./dev serve`: show the story's problems in the pages instead of stopping the build."""
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def problems_banner(problems: Sequence[Problem], *, loaded: bool) -> str:
    """The banner: how many problems, what the preview shows meanwhile, and each problem on its line."""
    count = len(problems)
    what = "the story has" if loaded else "the story could not be loaded: it has"
    meanwhile = ("Cited passages with a problem are marked in the page." if loaded else
                 "Meanwhile these pages show the written text without the sources.")
    items = "".join(f"<li><code>{html.escape(f'{p.path}:{p.line}' if p.line else p.path)}</code> "
                    f"{html.escape(p.message)}</li>" for p in problems)
    return (f'<div class="story-problems" role="alert"><p><strong>Preview: {what} {count} '
            f"{'problem' if count == 1 else 'problems'}.</strong> {meanwhile} The page reloads when you save a "
            f"fix; <code>./dev build</code> fails until then.</p><ul>{items}</ul></div>")


def with_banner(page: str, problems: Sequence[Problem], *, loaded: bool) -> str:
    """A built page with the banner first in its body."""
    if not problems:
        return page
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + problems_banner(problems, loaded=loaded) + page[at:]
