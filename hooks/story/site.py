"""One build of a story site: what it loaded, the citations it has verified, and its generated pages.

The MkDocs hooks keep one `StorySite` per build on the build's config (under `KEY`) and call it
at each event; it imports nothing from MkDocs, so another site generator could drive it.
"""

from __future__ import annotations

import html
import os
import posixpath
import time
from contextlib import contextmanager
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .citations import Citation, Library, add_text_fragments, cite_page, text_fragment
from .annotations import annotation_collection, check_data
from .claim_support import site_names
from .claims import CheckedClaim, check_claims
from .claims_render import SLOT, claim_marks
from .coverage import coverage_problems, uncited_facts
from .frontmatter import split_front_matter
from .comparison import Comparison, compare, read_annotations
from .comparison_render import comparison_data, comparison_page, conflicts_block, matrix_block, unique_list
from .dates import PartialDate, parse_partial_date
from .markup import md_text
from .metadata import head_tags
from .outlet_pages import (CitedBy, front_matter, index_body, index_front_matter, outlet_body, outlet_front_matter,
                           page_path)
from .problems import Problem
from .settings import DEFAULTS, Settings, read_settings
from .source_cache import SourceCache
from .sources import Source, load_sources
from .timeline import Timeline, load_timeline
from .timeline_render import events_data, mentions_page, timeline_block, timelinejs

DEFAULT_TIMELINE = DEFAULTS["timeline"]
CACHE_VARIABLE = "STORY_CACHE"
"""Set to 0 to build without the source cache in .cache/story/."""
KEY = "story_site"
"""The key under which a build's config holds its `StorySite`."""


class StorySite:
    """Everything one build knows about the story; made anew for every build."""

    def __init__(self, settings: Settings, sources: list[Source], *, docs: str = "docs", title: str = "",
                 base_url: str = "") -> None:
        self.settings = settings
        self.sources = sources
        self.timings: dict[str, float] = defaultdict(float)
        """Seconds this build spent in each phase of the story's work, for the benchmark."""
        with self.timed("loading and cleaning sources"):
            self.library = Library(sources)
        self.citations: list[Citation] = []
        self.claims: dict[str, list[CheckedClaim]] = {}
        """The checked claims of each written page, by page."""
        self.repeated: list[Problem] = []
        """Headings and uncited text that repeat a cited fact, each located, for the method page's list."""
        self.outlet_pages = {page_path(settings.outlets_dir, s.slug): s for s in sources}
        self.index_page = f"{settings.outlets_dir}/index.md"
        self.mentions_page = f"{settings.contributors_dir}/date-mentions.md"
        self.comparison_page = "comparison.md"
        self.comparison: Comparison | None = None
        self.docs = docs
        self.title = title
        self.base_url = base_url
        self.language = "en"
        """The site's language, for the annotations' bodies."""
        self.timeline: Timeline | None = None
        self._citing: tuple[int, dict[str, list[tuple[Citation, Any]]]] | None = None
        self._cited_on: tuple[int, dict[str, list[Source]]] | None = None
        self.macro_problems: dict[str, list[tuple[Problem, str]]] = {}
        """Problems found by macros, by page, with the text to find the call by, until the hook logs them."""
        self.warnings: list[Problem] = []
        """Problems that do not stop the build; under --strict, they fail it."""
        self.cache: SourceCache | None = None
        """Where the sources were loaded from and are kept for the next build (see story.source_cache)."""
        self.page_urls: dict[str, str] = {}
        """Docs-relative path of each page to its URL from the site root, once the pages are known."""

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Add the time spent inside the block to the phase's total."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] += time.perf_counter() - start

    @classmethod
    def load(cls, extra: Any, config_file: Path, docs_dir: Path, *, title: str = "",
             base_url: str = "") -> tuple[StorySite | None, list[Problem]]:
        """Read the settings, every source and the timeline, and check no docs page is in the way of a generated one."""
        root = config_file.parent
        settings, problems = read_settings(extra, root, config_file.name)
        if settings is None:
            return None, problems
        start = time.perf_counter()
        cache = SourceCache(None if os.environ.get(CACHE_VARIABLE) == "0" else root / ".cache" / "story")
        sources, problems = load_sources(settings.articles, root, cache)
        if problems:
            return None, problems
        site = cls(settings, sources, docs=_shown(docs_dir, root), title=title, base_url=base_url)
        site.cache = cache
        site.timings["loading and cleaning sources"] += time.perf_counter() - start
        with site.timed("comparison"):
            annotations_file = settings.sources / "comparison.yml"
            annotations, problems = ({}, []) if not annotations_file.exists() else read_annotations(
                annotations_file, _shown(annotations_file, root))
            if not problems:
                site.comparison, problems = compare(sources, annotations, _shown(annotations_file, root))
        if problems:
            return None, problems
        timeline_file = settings.sources / settings.timeline
        if not timeline_file.exists() and settings.timeline != DEFAULT_TIMELINE:
            return None, [Problem(config_file.name, None, f"'extra.story.timeline' names {_shown(timeline_file, root)}, "
                                                          "which does not exist; create it or remove the setting")]
        if timeline_file.exists():
            with site.timed("timeline"):
                site.timeline, problems, site.warnings = load_timeline(timeline_file, _shown(timeline_file, root),
                                                                       site.library)
            if problems:
                return None, problems
        clashes = [Problem(_shown(docs_dir / path, root), None, "a file in docs/ has the address of a generated "
                           "page; rename it, or move the generated pages with extra.story.outlets_dir or "
                           "extra.story.contributors_dir")
                   for path in site.generated_paths() if (docs_dir / path).exists()]
        return (None, clashes) if clashes else (site, [])

    def generated_paths(self) -> list[str]:
        """The docs-relative paths of the generated pages."""
        paths = [self.comparison_page] if self.comparison is not None else []
        paths += [*self.outlet_pages, self.index_page]
        return paths + ([self.mentions_page] if self.timeline is not None else [])

    def generated_pages(self) -> dict[str, str]:
        """Docs-relative path and front matter of each generated page; bodies follow once citations are known."""
        excerpts = self.settings.excerpts_only
        pages = {}
        if self.comparison is not None:  # first, so outlet pages see its citations
            pages[self.comparison_page] = front_matter("How the outlets compare", "Where the outlets agree, "
                                                       "what only one reports, where they conflict, and shared copy.")
        pages.update({path: outlet_front_matter(source, excerpts) for path, source in self.outlet_pages.items()})
        pages[self.index_page] = index_front_matter(self.sources)
        if self.timeline is not None:
            pages[self.mentions_page] = front_matter("Date mentions", "Every date the articles mention, and the "
                                                     "ones the timeline does not cover yet.")
        return pages

    def in_nav(self, page: str) -> bool:
        """Whether a generated page is listed in the navigation: outlet pages only while there are few.

        Every page carries the whole navigation, so listing a thousand outlets would make every page
        a thousand links longer; past `nav_outlets`, the index of outlets lists them instead.
        """
        return page not in self.outlet_pages or len(self.outlet_pages) <= self.settings.nav_outlets

    def is_generated(self, page: str) -> bool:
        """Whether a docs-relative path is one of this site's generated pages."""
        return page in self.outlet_pages or page in (self.index_page, self.mentions_page, self.comparison_page)

    def page_markdown(self, page: str, markdown: str, *, shown: str, file_text: str | None,
                      title_of: Callable[[str], str]) -> tuple[str, list[Problem]]:
        """A page's Markdown with its citations verified and rendered, or a generated page's body.

        Generated pages come after every written page in the build, so their back-links see
        every citation; `title_of` gives the title of a written page by its path.
        """
        with self.timed("generated pages" if self.is_generated(page) and page != self.comparison_page
                        else "citations"):
            return self._page_markdown(page, markdown, shown=shown, file_text=file_text, title_of=title_of)

    def _page_markdown(self, page: str, markdown: str, *, shown: str, file_text: str | None,
                       title_of: Callable[[str], str]) -> tuple[str, list[Problem]]:
        if page in self.outlet_pages:
            source = self.outlet_pages[page]
            cited = self.cited_by(source, title_of)
            unique = None
            if self.comparison is not None:
                unique = unique_list(self.comparison.unique(source.slug), page, self.settings.outlets_dir,
                                     source.slug, self.settings.excerpts_only, set(cited))
            return outlet_body(source, cited, self.settings.excerpts_only, unique), []
        if page == self.index_page:
            return index_body(self.sources, self.citation_counts()), []
        if page == self.mentions_page and self.timeline is not None:
            names = {source.slug: source.name for source in self.sources}
            return mentions_page(self.timeline, names, page, self.settings.outlets_dir), []
        if page == self.comparison_page and self.comparison is not None:
            markdown = comparison_page(self.comparison, self.names(), page, self.settings.outlets_dir,
                                       self.settings.excerpts_only)
        offset = 0
        if file_text is not None and not isinstance(split := split_front_matter(file_text), str):
            offset = split[2] - 1
        claims, problems = check_claims(file_text, offset + 1, self.library, shown) if file_text is not None \
            else ({}, [])
        self.claims[page] = list(claims.values())
        result = cite_page(markdown, page=page, library=self.library, outlets_dir=self.settings.outlets_dir,
                           shown=shown, file_text=file_text, line_offset=offset,
                           claims={key: claim.checks for key, claim in claims.items()})
        self.citations.extend(result.citations)
        return result.markdown, list(result.problems) + problems

    def page_content(self, page: str, html: str, *, meta: dict[str, Any], shown: str,
                     file_text: Callable[[], str | None]) -> tuple[str, list[Problem]]:
        """A page's rendered HTML with text fragments on its note links, its uncited sentences, and the
        facts its headings and uncited text state that no cited sentence does.

        `file_text` reads the page file, which only a page that requires citations needs.
        """
        html = add_text_fragments(html)
        wanted = meta.get("citations")
        if wanted is None:
            return html, []
        if wanted != "required":
            return html, [Problem(shown, 1, f"'citations' in the front matter must be 'required' (every sentence "
                                            f"cited) or left out, not {wanted!r}")]
        text = file_text()
        cited = [check.fact for claim in self.claims.get(page, []) for check in claim.checks
                 if check.status != "unsupported"]
        problems, repeated = uncited_facts(html, shown, text, cited, self.library.proper, len(self.sources),
                                           site_names(self.sources))
        self.repeated.extend(repeated)
        return html, coverage_problems(html, shown, text) + problems

    def head(self, page: str, *, title: str, description: str, url: str, site_name: str, language: str) -> str:
        """The metadata tags of a page's head: Open Graph, Twitter card and JSON-LD."""
        title, description = html.unescape(title), html.unescape(description)
        if page in self.outlet_pages:
            return head_tags(title=self.outlet_pages[page].title, description=description, url=url,
                             site_name=site_name, language=language, kind="outlet", source=self.outlet_pages[page])
        if self._cited_on is None or self._cited_on[0] != len(self.citations):
            by_page: dict[str, dict[str, Source]] = defaultdict(dict)
            for citation in self.citations:
                for quote in citation.quotes:
                    by_page[citation.page].setdefault(quote.source.slug, quote.source)
            self._cited_on = (len(self.citations), {p: list(s.values()) for p, s in by_page.items()})
        cited = self._cited_on[1].get(page, [])
        outlet_urls = {s.slug: self.base_url + self.page_urls.get(path, "") for path, s in self.outlet_pages.items()} \
            if cited and self.base_url else {}  # JSON-LD wants absolute addresses: none without site_url
        kind = "explainer" if cited and not self.is_generated(page) else "page"
        return head_tags(title=title, description=description, url=url, site_name=site_name, language=language,
                         kind=kind, cited=cited, outlet_urls=outlet_urls)

    def cited_by(self, source: Source, title_of: Callable[[str], str]) -> dict[str, list[CitedBy]]:
        """For each paragraph of `source`, the claims that cite it, with links from its outlet page.

        The citations are indexed by source the first time an outlet page asks: outlet pages come
        after every page that cites, so the index is complete, and it is built once per build.
        """
        if self._citing is None or self._citing[0] != len(self.citations):
            index: dict[str, list[tuple[Citation, Any]]] = defaultdict(list)
            for citation in self.citations:
                for quote in citation.quotes:
                    index[quote.source.slug].append((citation, quote))
            self._citing = (len(self.citations), index)
        cited: dict[str, list[CitedBy]] = defaultdict(list)
        outlet_folder = self.settings.outlets_dir
        for citation, quote in self._citing[1].get(source.slug, []):
            href = f"{posixpath.relpath(citation.page, outlet_folder)}#{citation.anchor}"
            entry = CitedBy(title_of(citation.page), citation.claim, href)
            if entry not in cited[quote.match.paragraph.anchor]:
                cited[quote.match.paragraph.anchor].append(entry)
        return dict(cited)

    def claim_marks(self, page_html: str, page_url: str) -> str:
        """A rendered page with the list of synthesis marks and repeated facts in the slot `claim_marks()` left."""
        if SLOT not in page_html:
            return page_html
        shown = {page: f"{self.docs}/{page}" for page in self.claims}
        return page_html.replace(SLOT, claim_marks(self.claims, self.citations, self.repeated, shown, self.page_urls,
                                                   page_url))

    def save_cache(self) -> None:
        """Keep the sources, with what this build derived from them, for the next build."""
        if self.cache is not None:
            with self.timed("source cache"):
                self.cache.save()

    def citation_counts(self) -> Counter[str]:
        """How many citations name each source."""
        return Counter(slug for c in self.citations for slug in {q.source.slug for q in c.quotes})

    def summary(self) -> str:
        """One line for the build log: citations, pages, and citations per source."""
        counts = self.citation_counts()
        pages = len({c.page for c in self.citations})
        per_source = ", ".join(f"{slug} {counts.get(slug, 0)}" for slug in sorted(self.library.sources))
        facts = sum(len(claim.checks) for claims in self.claims.values() for claim in claims)
        marked = sum(claim.synthesis is not None for claims in self.claims.values() for claim in claims)
        return (f"verified {len(self.citations)} citations on {pages} {'page' if pages == 1 else 'pages'} "
                f"against {len(self.sources)} sources ({per_source}); checked {facts} {'fact' if facts == 1 else 'facts'} "
                f"of their claims, "
                f"{marked} marked as a synthesis"
                + (f"; {self.cache.hits} of {len(self.sources)} sources from the cache" if self.cache and self.cache.folder
                   else ""))

    def names(self) -> dict[str, str]:
        """Each source's outlet name, by slug."""
        return {source.slug: source.name for source in self.sources}

    def comparison_macro(self, page: str, what: str) -> tuple[str, list[tuple[Problem, str]]]:
        """The conflicts or the outlet-by-fact matrix, for `conflicts()` or `comparison_matrix()`."""
        if self.comparison is None:
            return _macro_error("no comparison"), []
        if what == "conflicts":
            return conflicts_block(self.comparison, self.names()), []
        block = matrix_block(self.comparison, self.names(), page, self.settings.outlets_dir,
                             excerpts=self.settings.excerpts_only)
        return '<div class="uncited story-made" markdown>\n\n' + block + "\n</div>\n", []

    def timeline_macro(self, page: str, kinds: Any = None, start: Any = None,
                       end: Any = None) -> tuple[str, list[tuple[Problem, str]]]:
        """The timeline block a page asked for with `timeline(kinds=..., start=..., end=...)`.

        Problems come with the text that finds the offending call in the page file.
        """
        shown = f"{self.docs}/{page}"
        if self.timeline is None:
            path = f"{self.settings.sources.name}/{self.settings.timeline}"
            return _macro_error("there is no timeline"), [(Problem(shown, None, f"timeline() needs {path}; create it "
                                                                               "(see the README) or remove the macro"),
                                                           "timeline(")]
        wanted = [k.strip() for k in kinds.split(",")] if isinstance(kinds, str) else kinds
        if wanted is not None and (not isinstance(wanted, (list, tuple)) or
                                   any(k not in self.timeline.kinds for k in wanted)):
            return _macro_error("unknown kind"), [(Problem(shown, None, f"timeline(kinds={kinds!r}): the kinds are "
                                                                        f"{', '.join(self.timeline.kinds)}"),
                                                   str(kinds))]
        bounds: list[PartialDate | None] = []
        for name, value in (("start", start), ("end", end)):
            try:
                bounds.append(None if value is None else parse_partial_date(value))
            except ValueError as err:
                return _macro_error(f"bad {name}"), [(Problem(shown, None, f"timeline({name}={value!r}): {err}"),
                                                      str(value))]
        events = self.timeline.select(wanted, bounds[0], bounds[1])
        return timeline_block(self.timeline, events), []

    def macro(self, page: str, result: tuple[str, list[tuple[Problem, str]]]) -> str:
        """Keep a macro's problems for the page's hook to log; return what the macro puts in the page."""
        self.macro_problems.setdefault(page, []).extend(result[1])
        return result[0]

    def take_macro_problems(self, page: str, file_text: str | None) -> list[Problem]:
        """The problems macros found on a page, each on the line of the file where its macro is called."""
        found = []
        lines = (file_text or "").splitlines()
        for problem, needle in self.macro_problems.pop(page, []):
            call = problem.message.split("(", 1)[0] + "("
            line = next((n for n, text in enumerate(lines, 1) if call in text and needle in text), None)
            found.append(Problem(problem.path, line, problem.message))
        return found

    def data_paths(self) -> list[str]:
        """The site paths of the data files, known before their contents are."""
        paths = ["citations.json", "annotations.jsonld"] + (["comparison.json"] if self.comparison is not None else [])
        return paths + (["timeline.json", "events.json"] if self.timeline is not None else [])

    def data_files(self) -> dict[str, dict[str, Any]]:
        """The machine-readable files published beside the pages, by site path."""
        with self.timed("data files"):
            return self._data_files()

    def _data_files(self) -> dict[str, dict[str, Any]]:
        outlets = self.settings.outlets_dir
        files: dict[str, dict[str, Any]] = {
            "citations.json": self.citations_data(),
            "annotations.jsonld": annotation_collection(
                self.citations, base_url=self.base_url, page_url=lambda page: self.page_urls.get(page, "").removeprefix("./"),
                outlet_url=lambda slug: self.page_urls.get(page_path(outlets, slug), ""), language=self.language,
                label=f"{self.title}: every claim and the words that support it")}
        if self.comparison is not None:
            files["comparison.json"] = comparison_data(self.comparison, self.page_urls, self.settings.outlets_dir)
        if self.timeline is not None:
            outlets = self.settings.outlets_dir
            files["timeline.json"] = timelinejs(self.timeline, self.title, self.page_urls, outlets, self.base_url)
            files["events.json"] = events_data(self.timeline, self.page_urls, outlets)
        return files

    def citations_data(self) -> dict[str, Any]:
        """The contents of citations.json: every citation with its claim, sources, quotes and links."""
        url_of = self.page_urls
        counts = self.citation_counts()
        return {
            "schema": "story-citations/1",
            "sources": {
                s.slug: {"outlet": s.outlet, "headline": s.headline, "url": s.url, "file": s.path,
                         "page": url_of.get(page_path(self.settings.outlets_dir, s.slug)),
                         "citations": counts.get(s.slug, 0)}
                for s in sorted(self.sources, key=lambda s: s.slug)
            },
            "citations": [
                {"page": c.page, "page_url": f"{url_of.get(c.page, '')}#{c.anchor}", "line": c.line,
                 "number": c.number, "claim": c.claim, "synthesis": c.synthesis,
                "facts": [check_data(check) for check in c.checks],
                 "sources": [{"source": q.source.slug, "outlet": q.source.outlet, "quote": q.quote,
                              "printed": q.match.text, "paragraph": q.match.paragraph.number,
                              "link": (f"{url_of.get(page_path(self.settings.outlets_dir, q.source.slug), '')}"
                                       f"#{q.match.paragraph.anchor}:~:{text_fragment(q.match.text)}")}
                             for q in c.quotes]}
                for c in self.citations
            ],
        }


def _macro_error(what: str) -> str:
    return f'<mark class="story-cite-error">timeline: {md_text(what)}, see the build log</mark>\n'


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
