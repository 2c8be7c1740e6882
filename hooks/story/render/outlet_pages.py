"""The generated Markdown of each outlet's page and of the index of outlets.

Every piece of text that comes from a source goes through `md_text` or `md_link`, so it shows
literally; the pages carry `render_macros: false` so no template engine ever sees it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml

from ..cleaning.dates import PartialDate
from ..cleaning.rules import Paragraph, Removal
from ..markup import apart, md_link, md_text
from ..sources.load import Source


@dataclass(frozen=True)
class CitedBy:
    """A claim elsewhere on the site that cites a paragraph: its page, its text, and a link back to it."""

    page_title: str
    claim: str
    href: str


def page_path(outlets_dir: str, slug: str) -> str:
    """The docs-relative path of an outlet's generated page."""
    return f"{outlets_dir}/{slug}.md"


def front_matter(title: str, description: str) -> str:
    """The front matter of a generated page: its title and description, escaped, and macros off."""
    # The theme prints both values into HTML unescaped, the description inside an attribute.
    title, description = html.escape(title), html.escape(description)
    if _NOT_YAML.search(title + description):  # characters YAML cannot carry raw: PyYAML escapes all but ASCII
        meta = {"title": title, "description": description, "render_macros": False}
        return "---\n" + yaml.safe_dump(meta, allow_unicode=False, sort_keys=False, width=1 << 30) + "---\n\n"
    # JSON strings are YAML double-quoted scalars with the same escapes, and JSON writes them far faster.
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(description, ensure_ascii=False)}\nrender_macros: false\n---\n\n")


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What JSON leaves raw in a string but YAML does not allow there, or reads as a line break."""


def _indent(lines: Iterable[str], by: str = "    ") -> str:
    return "\n".join(by + line if line else "" for line in lines)


def _time(date: PartialDate) -> str:
    return f'<time datetime="{date.iso()}">{date.human()}</time>'


def _unknown(label: str = "Unknown") -> str:
    return f"*{label}*"


def _published(source: Source) -> str:
    published = source.published
    if published.date:
        shown = _time(published.date) + (f", {md_text(published.time)}" if published.time else "")
    else:
        bounds = [f"not before {_time(published.not_before)}" if published.not_before else "",
                  f"not after {_time(published.not_after)}" if published.not_after else ""]
        known = " and ".join(b for b in bounds if b)
        shown = _unknown() + (f" ({known})" if known else "")
    if published.as_printed:
        shown += f" (printed as “{md_text(published.as_printed)}”)"
    return shown


def _card_rows(source: Source) -> list[tuple[str, str, str | None]]:
    """(label, value as Markdown, evidence key) for each line of the provenance card."""
    byline = ("None printed" if source.byline == () else None)
    rows = [
        ("Outlet", md_text(source.outlet) if source.outlet else _unknown(), "outlet"),
        ("Country", md_text(source.country) if source.country else _unknown(), "country"),
        ("Published", _published(source), "published"),
        ("Byline", md_text(", ".join(source.byline)) if source.byline else _unknown(byline or "Unknown"), "byline"),
        ("Agency", md_text(source.agency) if source.agency else _unknown("Not stated"), "agency"),
        ("Headline", md_text(source.headline) if source.headline else _unknown("Not in the capture"), "headline"),
        ("Original", md_link(source.url, source.url) if source.url else _unknown(), "url"),
    ]
    if source.archive_url:
        rows.append(("Archived copy", md_link(source.archive_url, source.archive_url), "archive_url"))
    capture = md_text(source.capture.method)
    if source.capture.html:
        capture += (f" Saved page: {md_text(source.capture.html)}" + (f", imported on {md_text(source.capture.imported)}"
                                                                if source.capture.imported else "")
                    + (f" with {md_text(source.capture.extractor)}" if source.capture.extractor else "") + ".")
    if source.capture.sha256:
        capture += f" SHA-256 of the {'saved page' if source.capture.html else 'capture'}: `{source.capture.sha256}`."
    rows.append(("Capture", capture, "capture"))
    if source.notes:
        rows.append(("Notes", md_text(source.notes), None))
    return rows


def _summary(source: Source) -> str:
    """The card's first line, what a reader needs before the article: outlet, date, byline and addresses."""
    published = source.published
    parts = [f"**{md_text(source.outlet)}**" if source.outlet else "Outlet unknown",
             _time(published.date) if published.date else "Publication date unknown",
             f"By {md_text(', '.join(source.byline))}" if source.byline else "No byline"]
    if source.url:
        parts.append(md_link("Original article", source.url))
    if source.archive_url:
        parts.append(md_link("Archived copy", source.archive_url))
    return " · ".join(parts) + "\n{: .story-card }\n"


def _card(source: Source) -> str:
    """A one-line summary, then every field with its evidence behind a native `<details>`."""
    lines = [_summary(source), '??? abstract story-provenance "Provenance: every field and its evidence"', ""]
    body: list[str] = []
    for label, value, key in _card_rows(source):
        body += [label, f":   {value}"]
        notes = [note for name, note in source.evidence.items()
                 if key and (name == key or name.startswith(key + "."))]
        for note in notes:
            body += ["", f"    *Evidence:* {md_text(note)}"]
        body.append("")
    return "\n".join(lines) + "\n" + _indent(body) + "\n"


def paragraph_markdown(paragraph: Paragraph) -> str:
    """One article paragraph with its number link and its stable id."""
    number = paragraph.number
    return (f'[{number}](#{paragraph.anchor} "Link to paragraph {number}"){{ .story-pnum }} '
            f"{md_text(paragraph.text)}\n{{: #{paragraph.anchor} .story-paragraph }}\n")


def _cited_section(source: Source, cited: Mapping[str, Sequence[CitedBy]]) -> str:
    out = ["## Cited on this site { #cited }", ""]
    anchors = [p for p in source.cleaned.paragraphs if cited.get(p.anchor)]
    if not anchors:
        return "\n".join(out + ["No page of this site cites this article.", ""])
    for paragraph in anchors:
        out.append(f"- [Paragraph {paragraph.number}](#{paragraph.anchor}) supports:")
        for claim in cited[paragraph.anchor]:
            text = claim.claim or "a claim"
            out.append(f"    - {md_link(text, claim.href)} ({md_text(claim.page_title)})")
    return "\n".join(out + [""])


_LISTED = 300
"""How many pieces of a saved page that extraction left out are listed on its outlet page."""


def _extracted_section(source: Source) -> list[str]:
    """What extraction left out of a saved page: its navigation, share bars, related links, comments."""
    if not source.capture.html:
        return []
    removed = source.capture.removed
    intro = (f"The saved page {md_text(source.capture.html)} is kept byte for byte; every build extracts the article "
             "from it again and checks that it gives the text above. These parts of the page are not article "
             "text, so extraction left them out.\n")
    if not removed:
        return ["## What extraction left out { #extracted }\n", intro, "Nothing: the page is all article.\n"]
    rows = ["| Line | Text | What it is | Why |", "| ---: | --- | --- | --- |"]
    rows += [f"| {r.line} | {md_text(r.text[:300])} | {md_text(r.rule.removeprefix('extraction: '))} | "
             f"{md_text(r.reason)} |" for r in removed[:_LISTED]]
    if len(removed) > _LISTED:  # a page with thousands of comments: the saved page has them all
        rows.append(f"| | *and {len(removed) - _LISTED:,} more pieces, in the saved page* | | |")
    title = f"What extraction left out ({len(removed)} {'piece' if len(removed) == 1 else 'pieces'} of the page)"
    return ["## What extraction left out { #extracted }\n", intro, f'??? note "{title}"\n\n' + _indent(rows) + "\n"]


def _removed_section(removed: Sequence[Removal], excerpts_only: bool) -> str:
    if not removed:
        return "Cleaning removed nothing from this capture.\n"
    rows = ["| Line | Removed text | Rule | Why |", "| ---: | --- | --- | --- |"]
    for r in removed:
        # A repeated paragraph is article text: with excerpts only, it is not republished here.
        text = "*(article text, not republished)*" if excerpts_only and r.rule == "repeated-paragraph" else md_text(r.text)
        rows.append(f"| {r.line} | {text} | {md_text(r.rule)} | {md_text(r.reason)} |")
    title = f"What cleaning removed ({len(removed)} {'line' if len(removed) == 1 else 'lines'})"
    return f'??? note "{title}"\n\n' + _indent(rows) + "\n"


def _gap(count: int) -> str:
    return f"*[… {count} {'paragraph' if count == 1 else 'paragraphs'} not republished …]*\n{{: .story-gap }}\n"


def _article(source: Source, cited: Mapping[str, Sequence[CitedBy]], excerpts_only: bool) -> str:
    paragraphs = source.cleaned.paragraphs
    if not excerpts_only:
        return "\n".join(paragraph_markdown(p) for p in paragraphs)
    shown = [p for p in paragraphs if cited.get(p.anchor)]
    out = [f"This site publishes only the paragraphs of this article that it cites: {len(shown)} of "
           f"{len(paragraphs)}. The whole article is at the original address above.\n"]
    previous = 0
    for paragraph in shown:
        if paragraph.number - previous > 1:
            out.append(_gap(paragraph.number - previous - 1))
        out.append(paragraph_markdown(paragraph))
        previous = paragraph.number
    if previous < len(paragraphs):
        out.append(_gap(len(paragraphs) - previous))
    return "\n".join(out)


def outlet_front_matter(source: Source, excerpts_only: bool = False) -> str:
    """The front matter of an outlet's page, known before any page is rendered."""
    if excerpts_only:
        description = f"{source.name}: {source.title}"
    else:
        first = source.cleaned.paragraphs[0].text
        description = f"{source.name}: {first[:150]}{'…' if len(first) > 150 else ''}"
    return front_matter(source.name, description)


def outlet_body(source: Source, cited: Mapping[str, Sequence[CitedBy]] | None = None,
                excerpts_only: bool = False, unique: str | None = None) -> str:
    """The Markdown of an outlet's page below its front matter, with links back to the claims citing it.

    `unique` is the Markdown list of what only this outlet reports, if the site compares outlets.
    """
    cited = cited or {}
    only = []
    if unique is not None:
        only = ["## What only this outlet reports { #unique }\n",
                unique or "Nothing that the comparison of the outlets looks at.\n"]
    return "\n".join([
        f"# {md_text(source.title)}\n",
        _card(source),
        "## The article { #article }\n",
        _article(source, cited, excerpts_only),
        *only,
        _cited_section(source, cited),
        *_extracted_section(source),
        "## What cleaning removed { #removed }\n",
        "The capture is kept byte for byte in the source file; these lines of it are page furniture, "
        "not article text.\n",
        _removed_section(source.cleaned.removed, excerpts_only),
    ])


def _sort_key(source: Source) -> tuple[int, str, str]:
    date = source.published.date
    return (0 if date else 1, date.iso() if date else "", source.name.casefold())


def _index_intro(count: int) -> str:
    return (f"This site is built from {count} {'article' if count == 1 else 'articles'}, one page each. "
            "Every page shows the article's provenance, its text cleaned of page furniture with a "
            "numbered anchor on every paragraph, and what cleaning removed.")


def index_front_matter(sources: Sequence[Source]) -> str:
    """The front matter of the index of outlets."""
    return front_matter("Outlets", _index_intro(len(sources)))


def index_body(sources: Sequence[Source], citation_counts: Mapping[str, int] | None = None) -> str:
    """The index of outlets: one table row per article, with how often the site cites it."""
    counts = citation_counts or {}
    rows = ["| Outlet | Country | Published | Agency | Headline | Paragraphs | Citations |",
            "| --- | --- | --- | --- | --- | ---: | ---: |"]
    for source in sorted(sources, key=_sort_key):
        date = source.published.date
        rows.append("| " + " | ".join([
            md_link(source.name, f"{source.slug}.md"),
            md_text(source.country) if source.country else _unknown(),
            _time(date) if date else _unknown(),
            md_text(source.agency) if source.agency else _unknown("Not stated"),
            md_text(source.headline) if source.headline else _unknown("Not in the capture"),
            str(len(source.cleaned.paragraphs)),
            str(counts.get(source.slug, 0)),
        ]) + " |")
    # the table renders the same on its own, run by run: an edit of one headline renders its run again, not 1,000 rows
    return "# Outlets\n\n" + _index_intro(len(sources)) + apart("\n".join(rows))
