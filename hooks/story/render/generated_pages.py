"""The pages the engine writes itself: one per outlet, their index, the comparison, the timeline and date mentions."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Sequence

from ..citations.page_checks import PageChecks
from ..comparison.compare import Comparison
from ..settings import Settings
from ..sources.derived_cache import DerivedCache, kept
from ..sources.load import Source
from ..timeline.events import Timeline
from .comparison_blocks import COMPARISON_PAGE, comparison_facts_sections, shared_section, unique_list
from .outlet_pages import (
    CitedBy,
    front_matter,
    index_body,
    index_front_matter,
    outlet_body,
    outlet_front_matter,
    page_path,
)
from .timeline_blocks import mentions_page
from .timeline_page import timeline_page


def _outlet_body(source: Source, cited: dict[str, list[CitedBy]], excerpts: bool, unique: str | None) -> str:
    """`outlet_body`, kept with what else is derived from the source's version (in the source cache, so a build
    whose source, citations of it and comparison list are as before makes none of its Markdown again) together
    with the digest of what else it reads."""
    made_from = DerivedCache.digest(repr(sorted(cited.items())), str(excerpts), unique)
    kept_body = source.derived.get("outlet page")
    if isinstance(kept_body, tuple) and len(kept_body) == 2 and kept_body[0] == made_from:
        return kept_body[1]
    body = outlet_body(source, cited, excerpts, unique)
    source.derived["outlet page"] = (made_from, body)
    return body


class GeneratedPages:
    """Where each generated page goes, its front matter, and its body once the written pages are cited."""

    def __init__(self, settings: Settings, sources: Sequence[Source], comparison: Comparison | None,
                 timeline: Timeline | None) -> None:
        self.settings = settings
        self.sources = sources
        self.comparison = comparison
        self.timeline = timeline
        self.outlets = {page_path(settings.outlets_dir, s.slug): s for s in sources}
        self.index = f"{settings.outlets_dir}/index.md"
        self.mentions = f"{settings.contributors_dir}/date-mentions.md"
        self.comparison_page = COMPARISON_PAGE
        self.timeline_page = "timeline.md"
        self._back: dict[str, tuple[str, str]] = {}
        """Of each citing page: its title and its address from an outlet page, looked up once a build."""
        self.cache: DerivedCache | None = None
        """Where the comparison page's Markdown is kept, beside the comparison, by its annotations."""

    def paths(self) -> list[str]:
        """The docs-relative paths of the generated pages, in the order the build meets them.

        The comparison and the timeline come first, so the outlet pages see their citations.
        """
        first = [self.comparison_page] if self.comparison is not None else []
        first += [self.timeline_page] if self.timeline is not None else []
        return first + [*self.outlets, self.index] + ([self.mentions] if self.timeline is not None else [])

    def front_matters(self) -> dict[str, str]:
        """Each generated page's path, in `paths` order, and front matter; bodies follow once citations are known."""
        excerpts = self.settings.excerpts_only
        fixed = {self.comparison_page: ("How the outlets compare", "Where the outlets agree, what only one reports, "
                                                                   "where they conflict, and shared copy."),
                 self.timeline_page: ("Timeline", "Every event of the story, dated from the outlets' own words and "
                                                  "cited, by outlet and by precision."),
                 self.mentions: ("Date mentions", "Every date the articles mention, and the ones the timeline does "
                                                  "not cover yet.")}
        pages = {}
        for path in self.paths():
            if path in self.outlets:
                pages[path] = outlet_front_matter(self.outlets[path], excerpts)
            elif path == self.index:
                pages[path] = index_front_matter(self.sources)
            else:
                pages[path] = front_matter(*fixed[path])
        return pages

    def in_nav(self, page: str) -> bool:
        """Whether a generated page is listed in the navigation: outlet pages only while there are few.

        Every page carries the whole navigation, so listing a thousand outlets would make every page
        a thousand links longer; past `nav_outlets`, the index of outlets lists them instead.
        """
        return page not in self.outlets or len(self.outlets) <= self.settings.nav_outlets

    def way_out(self, page: str) -> str:
        """How a writer frees a generated page's address that a file in docs/ has taken."""
        if page == self.mentions:
            return "rename it, or move the contributors' pages with extra.story.contributors_dir"
        if page in (self.comparison_page, self.timeline_page):
            return (f"rename it: the engine writes {page} itself (the macros put its blocks in any other page, "
                    "see the README)")
        return "rename it, or move the outlet pages with extra.story.outlets_dir"

    def __contains__(self, page: str) -> bool:
        return page in self.outlets or page in (self.index, self.mentions, self.comparison_page, self.timeline_page)

    def names(self) -> dict[str, str]:
        """Each source's outlet name, by slug."""
        return {source.slug: source.name for source in self.sources}

    def body(self, page: str, checks: PageChecks, title_of: Callable[[str], str]) -> str | None:
        """The finished Markdown of an outlet page, the index or the date mentions; None for any other page.

        These come after every written page in the build, so their back-links see every citation;
        `title_of` gives the title of a written page by its path.
        """
        outlets_dir, excerpts = self.settings.outlets_dir, self.settings.excerpts_only
        if page in self.outlets:
            source = self.outlets[page]
            cited = self.cited_by(source, checks, title_of)
            unique = None
            if self.comparison is not None:
                unique = unique_list(self.comparison.unique(source.slug), page, outlets_dir, source.slug, excerpts,
                                     set(cited))
            return _outlet_body(source, cited, excerpts, unique)
        if page == self.index:
            return index_body(self.sources, checks.counts())
        if page == self.mentions and self.timeline is not None:
            return mentions_page(self.timeline, self.names(), page, outlets_dir)
        return None

    def cited_markdown(self, page: str) -> tuple[str, str] | None:
        """The Markdown of the comparison or the timeline page, whose citations are still to verify like any
        written page's, and the rest of the page after it, which cites nothing; None for any other page."""
        if page == self.comparison_page and self.comparison is not None:
            comparison, outlets_dir, excerpts = self.comparison, self.settings.outlets_dir, self.settings.excerpts_only
            annotations = repr([(c.id, c.annotation) for c in [*comparison.conflicts, *comparison.wording]])
            names = self.names()  # with what the comparison read (its keys), all the page reads of the sources
            facts_key, words_key = comparison.keys
            made_from = (page, outlets_dir, str(excerpts), repr(names))
            cited, facts, notes_heading = kept(
                self.cache, "comparison page, facts", (*made_from, annotations, facts_key),
                lambda: comparison_facts_sections(comparison, names, page, outlets_dir, excerpts), tuple,
                story_wide=not facts_key)
            shared = kept(self.cache, "comparison page, shared text", (*made_from, words_key),
                          lambda: shared_section(comparison, names, page, outlets_dir, excerpts), str,
                          story_wide=not words_key)
            return cited, facts + shared + notes_heading
        if page == self.timeline_page and self.timeline is not None:
            return timeline_page(self.timeline, self.names()), ""
        return None

    def cited_by(self, source: Source, checks: PageChecks, title_of: Callable[[str], str]) -> dict[str, list[CitedBy]]:
        """For each paragraph of `source`, the claims that cite it, with links from its outlet page."""
        cited: dict[str, list[CitedBy]] = defaultdict(list)
        for citation, quote in checks.citing(source.slug):
            if citation.page not in self._back:
                self._back[citation.page] = (title_of(citation.page),
                                             posixpath.relpath(citation.page, self.settings.outlets_dir))
            title, address = self._back[citation.page]
            entry = CitedBy(title, citation.claim, f"{address}#{citation.anchor}")
            if entry not in cited[quote.match.paragraph.anchor]:
                cited[quote.match.paragraph.anchor].append(entry)
        return dict(cited)
