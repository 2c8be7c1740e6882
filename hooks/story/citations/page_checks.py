"""The citations and claims of one build's written pages, checked page by page as the build reaches them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from ..problems import Problem
from ..sources.cache import code_version
from ..sources.derived_cache import DerivedCache, kept
from ..sources.frontmatter import split_front_matter
from ..sources.load import Source
from .claim_support import site_names
from .claims import CheckedClaim, check_claims
from .coverage import coverage_problems, uncited_facts
from .notes import Citation, CitedQuote, Library, cite_page, read_by_checks
from .syntax import START_OF_CITATION, named_keys

_UNCITED = "<!-- story: the rest of the page, which cites nothing -->"
"""Where the part of a generated page that cites nothing goes back once the rest is verified."""


class PageChecks:
    """Every citation verified so far, the checked claims of each page, and the facts uncited text repeats."""

    def __init__(self, library: Library, outlets_dir: str, cache: DerivedCache | None = None) -> None:
        self.library = library
        self.outlets_dir = outlets_dir
        self.cache = cache
        """Pages verified by an earlier build, by content (see story.sources.derived_cache)."""
        self.pages_cited = 0
        """How many pages this build has passed through `cite`, from the cache or not."""
        self.citations: list[Citation] = []
        self.claims: dict[str, list[CheckedClaim]] = {}
        """The checked claims of each written page, by page."""
        self.repeated: list[Problem] = []
        """Headings and uncited text that repeat a cited fact, each located, for the method page's list."""
        self._by_source: tuple[int, dict[str, list[tuple[Citation, CitedQuote]]]] | None = None
        self._by_page: tuple[int, dict[str, list[Source]]] | None = None
        self._totals: tuple[tuple[int, int], tuple[int, int, int]] | None = None
        self._shape: str | None = None

    def cite(self, page: str, markdown: str, *, shown: str, file_text: str | None,
             uncited: str = "") -> tuple[str, list[Problem]]:
        """A page's Markdown with its claims checked and its citations verified and rendered as notes.

        `file_text` is the page file as written (None for a generated page): claims are read from
        it, so every problem names the line the writer wrote. `uncited` is the rest of a generated
        page, after `markdown`, which cites nothing: it is put back once the rest is verified, so the
        comparison page's verification reads (and is kept by) its conflicts, not the matrix, lists and
        shared text after them. Should it hold the start of a citation after all, the page is verified whole.
        """
        self.pages_cited += 1
        if START_OF_CITATION.search(uncited):  # never, as the pages are made
            markdown, uncited = f"{markdown}\n{uncited}", ""
        if uncited:
            markdown = f"{markdown}\n{_UNCITED}\n"
        cited, citations, claims, problems = kept(
            self.cache, "page", (page, shown, self.outlets_dir, markdown, file_text, *self._reads(markdown, file_text)),
            lambda: self._verify(page, markdown, shown=shown, file_text=file_text), tuple, story_wide=False)
        self.claims[page] = list(claims)
        self.citations.extend(citations)
        return cited.replace(_UNCITED, uncited, 1) if uncited else cited, list(problems)

    def _reads(self, markdown: str, file_text: str | None) -> list[str]:
        """What verifying a page reads besides the page: the engine's code; the sources' slugs, number and
        names (for hints, notes and claims); and each source its citations name, by its key (every `@key` in
        the page, found without parsing its citations: `named_keys`). A page is verified again when one of
        these changes, and only then: an edit to a source it does not cite leaves it be.
        """
        if self._shape is None:  # kept by the story's digest: a build with no source changed reads no names
            self._shape = kept(self.cache, "names", (), lambda: "\n".join(
                [code_version(), *sorted(self.library.sources), "", *sorted(self.library.proper)]), str)
        named = {key for text in (markdown, file_text) if text for key in named_keys(text)}
        sources = self.library.sources
        return [self._shape, *(f"{slug}={read_by_checks(sources[slug]) if slug in sources else '-'}"
                               for slug in sorted(named))]

    def _verify(self, page: str, markdown: str, *, shown: str,
                file_text: str | None) -> tuple[str, tuple[Citation, ...], tuple[CheckedClaim, ...], tuple[Problem, ...]]:
        offset = 0
        if file_text is not None and not isinstance(split := split_front_matter(file_text), str):
            offset = split[2] - 1
        claims, problems = check_claims(file_text, offset + 1, self.library, shown) if file_text is not None \
            else ({}, [])
        result = cite_page(markdown, page=page, library=self.library, outlets_dir=self.outlets_dir,
                           shown=shown, file_text=file_text, line_offset=offset,
                           claims={key: claim.checks for key, claim in claims.items()})
        return result.markdown, tuple(result.citations), tuple(claims.values()), (*result.problems, *problems)

    def coverage(self, page: str, html: str, *, meta: Mapping[str, Any], shown: str,
                 file_text: str | None) -> list[Problem]:
        """On a page whose front matter says `citations: required`: its uncited sentences, and the facts
        its headings and uncited text state that no cited sentence of the page does."""
        wanted = meta.get("citations")
        if wanted is None:
            return []
        if wanted != "required":
            return [Problem(shown, 1, f"'citations' in the front matter must be 'required' (every sentence "
                                      f"cited) or left out, not {wanted!r}")]
        cited = [check.fact for claim in self.claims.get(page, []) for check in claim.checks
                 if check.status != "unsupported"]
        sources = list(self.library.sources.values())
        problems, repeated = uncited_facts(html, shown, file_text, cited, self.library.proper, len(sources),
                                           site_names(sources))
        self.repeated.extend(repeated)
        return coverage_problems(html, shown, file_text) + problems

    def counts(self) -> Counter[str]:
        """How many citations name each source."""
        return Counter(slug for c in self.citations for slug in {q.source.slug for q in c.quotes})

    def citing(self, slug: str) -> list[tuple[Citation, CitedQuote]]:
        """Each citation of a source with its quote from it, indexed once for all the outlet pages."""
        if self._by_source is None or self._by_source[0] != len(self.citations):
            index: dict[str, list[tuple[Citation, CitedQuote]]] = defaultdict(list)
            for citation in self.citations:
                for quote in citation.quotes:
                    index[quote.source.slug].append((citation, quote))
            self._by_source = (len(self.citations), index)
        return self._by_source[1].get(slug, [])

    def cited_on(self, page: str) -> list[Source]:
        """The sources a page cites, each once, in the order of its first citation."""
        if self._by_page is None or self._by_page[0] != len(self.citations):
            by_page: dict[str, dict[str, Source]] = defaultdict(dict)
            for citation in self.citations:
                for quote in citation.quotes:
                    by_page[citation.page].setdefault(quote.source.slug, quote.source)
            self._by_page = (len(self.citations), {p: list(s.values()) for p, s in by_page.items()})
        return self._by_page[1].get(page, [])

    def totals(self) -> tuple[int, int, int]:
        """How many citations, pages that cite, and facts of claims this build has checked; counted again only
        when a page has been checked since (every finished page asks)."""
        if self._totals is None or self._totals[0] != (len(self.citations), len(self.claims)):
            facts = sum(len(claim.checks) for claims in self.claims.values() for claim in claims)
            self._totals = ((len(self.citations), len(self.claims)),
                            (len(self.citations), len({c.page for c in self.citations}), facts))
        return self._totals[1]

    def tally(self) -> str:
        """Citations, pages, citations per source and facts checked, for the build log's summary."""
        counts = self.counts()
        _, pages, facts = self.totals()
        per_source = ", ".join(f"{slug} {counts.get(slug, 0)}" for slug in sorted(self.library.sources))
        marked = sum(claim.synthesis is not None for claims in self.claims.values() for claim in claims)
        return (f"verified {len(self.citations)} citations on {pages} {'page' if pages == 1 else 'pages'} "
                f"against {len(self.library)} sources ({per_source}); checked {facts} "
                f"{'fact' if facts == 1 else 'facts'} of their claims, {marked} marked as a synthesis")
