"""The list of what the claim check did not read as stated by a source: synthesis marks and repeated facts.

The method page shows it (macro `claim_marks()`), so no mark is hidden: every claim a writer
marked as a synthesis, with the reason and the facts the check could not find, and every
heading or uncited text that repeats a fact of a cited sentence. It is made after every page
is rendered, so it lists the marks of every page, and it is HTML: all text in it is escaped.
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter
from collections.abc import Mapping, Sequence

from ..citations.claims import CheckedClaim
from ..citations.notes import Citation
from ..problems import Problem

_KIND_NAMES = {"outlets": "count of outlets", "date": "date", "name": "name", "negation": "negation",
               "number": "number", "weekday": "weekday"}
SLOT = "<!-- story:claim-marks -->"
"""What the macro puts in the page; replaced by the list once every page is rendered."""


def _plural(name: str, count: int) -> str:
    """'1 date', '2 dates', '2 counts of outlets'."""
    if count == 1:
        return name
    head, _, tail = name.partition(" ")
    return f"{head}s {tail}".strip()


def _href(from_url: str, page_url: str, anchor: str) -> str:
    """A link from one page of the site to an anchor of another, both given as URLs from the site root."""
    base = posixpath.dirname("/" + from_url)
    target = posixpath.relpath(posixpath.normpath("/" + page_url), base)
    if target == ".":
        target = "./"
    elif not target.endswith(("/", ".html")):
        target += "/"
    return f"{target}#{anchor}"


def claim_marks(claims: Mapping[str, Sequence[CheckedClaim]], citations: Sequence[Citation],
                repeated: Sequence[Problem], shown_of: Mapping[str, str], page_urls: Mapping[str, str],
                from_url: str) -> str:
    """The HTML list of synthesis marks and repeated facts, with a count of the facts checked by kind."""
    esc = html.escape
    kinds: Counter[str] = Counter(check.fact.kind for page in claims.values() for claim in page for check in claim.checks)
    total = sum(kinds.values())
    parts = [f"<p>The build checked {total} facts in {sum(len(c) for c in claims.values())} cited claims: "
             + ", ".join(f"{count} {esc(_plural(_KIND_NAMES.get(kind, kind), count))}"
                         for kind, count in sorted(kinds.items())) + ".</p>"]
    marks = []
    for page, checked in claims.items():
        for claim in checked:
            if claim.synthesis is None:
                continue
            citation = next((c for c in citations if c.page == page and c.line == claim.line
                             and c.synthesis == claim.synthesis), None)
            where = f"{shown_of.get(page, page)}:{claim.line}"
            link = esc(_href(from_url, page_urls.get(page, ""), citation.anchor)) if citation else None
            place = f'<a href="{link}">{esc(where)}</a>' if link else esc(where)
            facts = [c.fact.shown() for c in claim.checks if c.status == "synthesis"]
            said = f"“{esc(citation.claim)}”, " if citation else ""
            parts_of = ", ".join(f"“{esc(f)}”" for f in facts)
            marks.append(f"<li>{place}: {said}because {esc(claim.synthesis)}; not found in the sources as "
                         f"printed: {parts_of}</li>")
    parts.append(f"<p>Claims marked as a synthesis: {len(marks)}.</p>")
    if marks:
        parts.append("<ul>" + "".join(marks) + "</ul>")
    parts.append(f"<p>Headings and uncited text that repeat a fact of a cited sentence: {len(repeated)}.</p>")
    if repeated:
        parts.append("<ul>" + "".join(f"<li>{esc(str(note))}</li>" for note in repeated) + "</ul>")
    return '<div class="story-claim-marks">' + "".join(parts) + "</div>"
