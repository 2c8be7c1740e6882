"""The generated Markdown of each outlet's page and of the index of outlets.

Every piece of text that comes from a source goes through `md_text` or `md_link`, so it shows
literally; the pages carry `render_macros: false` so no template engine ever sees it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml

from .cleaning import Paragraph, Removal
from .dates import PartialDate
from .markup import md_link, md_text
from .sources import Source


@dataclass(frozen=True)
class CitedBy:
    """A claim elsewhere on the site that cites a paragraph: its label and its address from the outlet page."""

    label: str
    href: str


def page_path(outlets_dir: str, slug: str) -> str:
    """The docs-relative path of an outlet's generated page."""
    return f"{outlets_dir}/{slug}.md"


def _front_matter(title: str, description: str) -> str:
    # The theme prints both values into HTML unescaped, the description inside an attribute.
    meta = {"title": html.escape(title), "description": html.escape(description), "render_macros": False}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


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
    if source.capture.sha256:
        capture += f" SHA-256 of the capture: `{source.capture.sha256}`."
    rows.append(("Capture", capture, "capture"))
    if source.notes:
        rows.append(("Notes", md_text(source.notes), None))
    return rows


def _card(source: Source) -> str:
    lines = ['!!! abstract "Provenance"', ""]
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
        return "\n".join(out + ["No page of this site cites this article yet.", ""])
    for paragraph in anchors:
        links = "; ".join(md_link(c.label, c.href) for c in cited[paragraph.anchor])
        out.append(f"- [Paragraph {paragraph.number}](#{paragraph.anchor}): {links}")
    return "\n".join(out + [""])


def _removed_section(removed: Sequence[Removal]) -> str:
    if not removed:
        return "Cleaning removed nothing from this capture.\n"
    rows = ["| Line | Removed text | Rule | Why |", "| ---: | --- | --- | --- |"]
    rows += [f"| {r.line} | {md_text(r.text)} | {md_text(r.rule)} | {md_text(r.reason)} |" for r in removed]
    title = f"What cleaning removed ({len(removed)} {'line' if len(removed) == 1 else 'lines'})"
    return f'??? note "{title}"\n\n' + _indent(rows) + "\n"


def outlet_page(source: Source, cited: Mapping[str, Sequence[CitedBy]] | None = None) -> str:
    """The Markdown of one outlet's page."""
    cited = cited or {}
    first = source.cleaned.paragraphs[0].text
    description = f"{source.name}: {first[:150]}{'…' if len(first) > 150 else ''}"
    parts = [
        _front_matter(source.name, description),
        f"# {md_text(source.title)}\n",
        _card(source),
        "## The article { #article }\n",
        "\n".join(paragraph_markdown(p) for p in source.cleaned.paragraphs),
        _cited_section(source, cited),
        "## What cleaning removed { #removed }\n",
        "The capture is kept byte for byte in the source file; these lines of it are page furniture, "
        "not article text.\n",
        _removed_section(source.cleaned.removed),
    ]
    return "\n".join(parts)


def _sort_key(source: Source) -> tuple[int, str, str]:
    date = source.published.date
    return (0 if date else 1, date.iso() if date else "", source.name.casefold())


def outlets_index(sources: Sequence[Source]) -> str:
    """The Markdown of the index of outlets: one table row per article."""
    rows = ["| Outlet | Country | Published | Agency | Headline | Paragraphs |",
            "| --- | --- | --- | --- | --- | ---: |"]
    for source in sorted(sources, key=_sort_key):
        date = source.published.date
        rows.append("| " + " | ".join([
            md_link(source.name, f"{source.slug}.md"),
            md_text(source.country) if source.country else _unknown(),
            _time(date) if date else _unknown(),
            md_text(source.agency) if source.agency else _unknown("Not stated"),
            md_text(source.headline) if source.headline else _unknown("Not in the capture"),
            str(len(source.cleaned.paragraphs)),
        ]) + " |")
    count = len(sources)
    intro = (f"This site is built from {count} {'article' if count == 1 else 'articles'}, one page each. "
             "Every page shows the article's provenance, its text cleaned of page furniture with a "
             "numbered anchor on every paragraph, and what cleaning removed.")
    return _front_matter("Outlets", intro) + "# Outlets\n\n" + intro + "\n\n" + "\n".join(rows) + "\n"
