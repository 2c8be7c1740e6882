"""Markdown blocks that macros put into pages, built from one build's `StorySite`."""

from __future__ import annotations

from .citations import outlet_link
from .markup import md_link, md_text
from .site import StorySite


def outlet_list(site: StorySite, page: str) -> str:
    """A bulleted list of the outlets, each linked to its page and to the original, with country and date.

    The details come from the sources' provenance, not from claims, so the list is marked
    `uncited` for the check that every sentence of a page is cited.
    """
    lines = []
    for source in sorted(site.sources, key=lambda s: (s.published.date is None, s.published.human(), s.name)):
        details = [md_text(source.country or "country unknown"), md_text(source.published.human())]
        link = md_link(source.name, outlet_link(page, site.settings.outlets_dir, source.slug))
        original = f": {md_link('the original article', source.url)}" if source.url else ""
        archived = f" ({md_link('archived copy', source.archive_url)})" if source.archive_url else ""
        lines.append(f"- {link} ({', '.join(details)}){original}{archived}")
    return '<div class="uncited story-made" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"
