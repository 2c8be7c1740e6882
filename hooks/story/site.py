"""One build of a story site: the stages wired together, in the order the build events call them.

The MkDocs hooks keep one `StorySite` per build on the build's config (under `KEY`) and call it
at each event; it imports nothing from MkDocs, so another site generator could drive it. Each
stage is a function or a small class of its own package; this module only connects them, keeps
their caches and times them.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .background import BACKGROUND_VARIABLE, fork_from
from .citations.notes import Library, add_text_fragments
from .citations.page_checks import PageChecks
from .comparison.compare import Comparison, compare, read_annotations
from .problems import Problem
from .publish.checked import build_date, checked_line, with_checked_line
from .publish.data_files import BuiltStory, data_files, data_paths, write_data_files
from .publish.metadata import head_tags
from .publish.tables import label_cells
from .render.claim_marks import SLOT, claim_marks
from .render.generated_pages import GeneratedPages
from .render.macro_blocks import MacroProblems, comparison_macro, timeline_macro
from .render.outlet_pages import page_path
from .settings import DEFAULTS, Settings, cache_on, read_settings
from .sources.cache import SourceCache
from .sources.derived_cache import DerivedCache
from .sources.load import Source, load_sources
from .timeline.events import Timeline, load_timeline

CACHE_VARIABLE = "STORY_CACHE"
"""Set to 0 to build without any cache in .cache/ (see `settings.cache_on`)."""
KEY = "story_site"
"""The key under which a build's config holds its `StorySite`."""


class StorySite:
    """Everything one build knows about the story; made anew for every build."""

    def __init__(self, settings: Settings, library: Library, *, comparison: Comparison | None = None,
                 timeline: Timeline | None = None, docs: str = "docs", title: str = "", base_url: str = "",
                 built: dt.date | None = None) -> None:
        self.settings = settings
        self.library = library
        self.sources: list[Source] = list(library.sources.values())
        self.comparison = comparison
        self.timeline = timeline
        self.checks = PageChecks(self.library, settings.outlets_dir)
        self.pages = GeneratedPages(settings, self.sources, comparison, timeline)
        self.macros = MacroProblems()
        self.docs, self.title, self.base_url = docs, title, base_url
        self.language = "en"
        """The site's language, for the annotations' bodies."""
        self.timings: dict[str, float] = defaultdict(float)
        """Seconds this build spent in each phase of the story's work, for the benchmark."""
        self.warnings: list[Problem] = []
        """Problems that do not stop the build; under --strict, they fail it."""
        self.cache: SourceCache | None = None
        """Where the sources were loaded from and are kept for the next build (see story.sources.cache)."""
        self.compared: DerivedCache | None = None
        """Where the comparison, its page and the timeline are kept (see story.sources.derived_cache)."""
        self.page_urls: dict[str, str] = {}
        """Docs-relative path of each page to its URL from the site root, once the pages are known."""
        self.built = built or build_date({})
        """The date of this build, for the pages' "last checked" line."""
        self.fork = False  # whether work no page reads goes on in a copy of the process (story.background)

    @classmethod
    def load(cls, extra: Any, config_file: Path, docs_dir: Path, *, title: str = "",
             base_url: str = "") -> tuple[StorySite | None, list[Problem]]:
        """Read the settings and the story; check that no docs page is in the way of a generated one."""
        root = config_file.parent
        settings, problems = read_settings(extra, root, config_file.name)
        if settings is None:
            return None, problems
        try:
            built, caching = build_date(), cache_on(CACHE_VARIABLE)
            forking = fork_from(os.environ.get(BACKGROUND_VARIABLE))
        except ValueError as err:
            return None, [Problem("environment", None, str(err))]
        timings: dict[str, float] = defaultdict(float)
        story, problems = _read_story(settings, root, config_file.name, timings, caching=caching, fork_from=forking)
        if story is None:
            return None, problems
        library, comparison, timeline, warnings, cache, compared = story
        site = cls(settings, library, comparison=comparison, timeline=timeline, docs=_shown(docs_dir, root),
                   title=title, base_url=base_url, built=built)
        site.cache, site.compared, site.warnings, site.pages.cache = cache, compared, warnings, compared
        site.fork = _forks(forking, site.sources)
        site.checks.cache = _derived_cache(cache, library, "pages")
        site.timings.update(timings)
        clashes = _clashes(site.pages, docs_dir, root)
        return (None, clashes) if clashes else (site, [])

    def page_markdown(self, page: str, markdown: str, *, shown: str, file_text: str | None,
                      title_of: Callable[[str], str]) -> tuple[str, list[Problem]]:
        """A page's Markdown with its claims checked and its citations rendered, or a generated page's body.

        `title_of` gives the title of a written page by its path, for the outlet pages' back-links.
        """
        if page in self.pages:
            with _timed(self.timings, "generated pages"):
                body = self.pages.body(page, self.checks, title_of)
            if body is not None:
                return body, []
        with _timed(self.timings, "citations"):
            cited, uncited = self.pages.cited_markdown(page) or (markdown, "")
            return self.checks.cite(page, cited, shown=shown, file_text=file_text, uncited=uncited)

    def page_content(self, page: str, html: str, *, meta: dict[str, Any], shown: str,
                     file_text: Callable[[], str | None]) -> tuple[str, list[Problem]]:
        """A page's rendered HTML with text fragments on its note links and labelled table cells, and the
        problems of its uncited text.

        `file_text` reads the page file, which only a page that requires citations needs.
        """
        html = label_cells(add_text_fragments(html))
        if meta.get("citations") is None:
            return html, []
        with _timed(self.timings, "citations"):
            return html, self.checks.coverage(page, html, meta=meta, shown=shown, file_text=file_text())

    def head(self, page: str, *, title: str, description: str, url: str, site_name: str, language: str) -> str:
        """The metadata tags of a page's head: Open Graph, Twitter card and JSON-LD."""
        title, description = html.unescape(title), html.unescape(description)
        if page in self.pages.outlets:
            source = self.pages.outlets[page]
            return head_tags(title=source.title, description=description, url=url, site_name=site_name,
                             language=language, kind="outlet", source=source)
        cited = self.checks.cited_on(page)
        outlets = self.settings.outlets_dir  # JSON-LD wants absolute addresses: none without site_url
        outlet_urls = {s.slug: self.base_url + self.page_urls.get(page_path(outlets, s.slug), "") for s in cited} \
            if self.base_url else {}
        kind = "explainer" if cited and page not in self.pages else "page"
        return head_tags(title=title, description=description, url=url, site_name=site_name, language=language,
                         kind=kind, cited=cited, outlet_urls=outlet_urls)

    def finished(self, page_html: str, page_url: str) -> str:
        """A built page with its slots filled, now that every page is: the list of synthesis marks and
        repeated facts that `claim_marks()` asked for, and the line that says what the build verified."""
        checks = self.checks
        if SLOT in page_html:
            shown = {page: f"{self.docs}/{page}" for page in checks.claims}
            page_html = page_html.replace(SLOT, claim_marks(checks.claims, checks.citations, checks.repeated, shown,
                                                            self.page_urls, page_url))
        def line() -> str:
            citations, pages, facts = checks.totals()
            return checked_line(citations=citations, pages=pages, sources=len(self.sources), facts=facts,
                                when=self.built)
        return with_checked_line(page_html, line)

    def comparison_macro(self, page: str, what: str) -> str:
        """`conflicts()`, `disagreements()` or `comparison_matrix()` on a page."""
        settings = self.settings
        return self.macros.keep(page, comparison_macro(self.comparison, self.pages.names(), page, settings.outlets_dir,
                                                       settings.excerpts_only, what))

    def timeline_macro(self, page: str, kinds: Any = None, start: Any = None, end: Any = None) -> str:
        """`timeline(kinds=..., start=..., end=...)` on a page."""
        timeline_file = f"{self.settings.sources.name}/{self.settings.timeline}"
        return self.macros.keep(page, timeline_macro(self.timeline, f"{self.docs}/{page}", timeline_file, kinds,
                                                     start, end))

    def data_paths(self) -> list[str]:
        """The site paths of the data files, known before their contents are."""
        return data_paths(self.comparison is not None, self.timeline is not None)

    def data_files_writer(self, targets: Mapping[str, Path]) -> Callable[[], list[Problem]]:
        """What writes the data files to their places (by site path) and gives the problems of writing them; it may
        be called by a forked copy of the process (`fork`), as no page reads them. Ask for it before
        `finish_deriving`, which lets go of what they are made from."""
        if self.comparison is not None:
            self.comparison.shared  # noqa: B018  found now: a copy cannot wait for a copy it did not start
        return functools.partial(_written, self.timings, targets, BuiltStory(
            self.sources, self.checks.citations, self.checks.counts(), self.comparison, self.timeline,
            self.settings.outlets_dir, self.page_urls, self.title, self.base_url, self.language))

    def finish_deriving(self) -> None:
        """Keep the sources, with what this build derived from them, for the next build; then drop what they
        derived (quote indexes, facts, date mentions), the comparison and the timeline: every page's Markdown
        and data file is made, only templates are left to fill, and the memory goes to the pages."""
        if self.cache is not None:
            with _timed(self.timings, "source cache"):
                self.cache.save()
        for derived in (self.checks.cache, self.compared):
            if derived is not None:
                with _timed(self.timings, "derived caches"):
                    derived.save()
        for source in self.sources:
            source.derived.clear()
        self.library.indexes.clear()
        self.comparison = self.timeline = self.pages.comparison = self.pages.timeline = None

    def summary(self) -> str:
        """One line for the build log: citations, pages, facts, and what came from the caches."""
        return _summary(self.checks, self.cache, self.compared, len(self.sources))


def _written(timings: dict[str, float], targets: Mapping[str, Path], story: BuiltStory) -> list[Problem]:
    """The data files written to their places, timed (in a copy of the process: timed there, not here)."""
    with _timed(timings, "data files"):
        return write_data_files(data_files(story), targets)


def _summary(checks: PageChecks, sources: SourceCache | None, compared: DerivedCache | None, count: int) -> str:
    """`StorySite.summary`: the checks' tally, then what came from each cache."""
    pages = checks.cache
    return checks.tally() + "".join(
        [f"; {sources.hits} of {count} sources from the cache" if sources and sources.folder else "",
         f"; {pages.found['page']} of {checks.pages_cited} pages' citations from the cache" if pages else "",
         *(f"; {what} from the cache" for what in _story_wide_found(compared))])


def _clashes(pages: GeneratedPages, docs_dir: Path, root: Path) -> list[Problem]:
    """A file in docs/ where a generated page goes, as a problem each."""
    return [Problem(_shown(docs_dir / path, root), None, "a file in docs/ has the address of a generated "
                    f"page; {pages.way_out(path)}") for path in pages.paths() if (docs_dir / path).exists()]


def _story_wide_found(compared: DerivedCache | None) -> list[str]:
    """What of the story-wide work came from the cache: the comparison (or some of its three parts), the timeline."""
    found = compared.found if compared else Counter()
    parts = {"comparison facts": "other facts", "comparison quotations": "quotations", "shared text": "shared text"}
    have, missing = ([name for kind, name in parts.items() if bool(found[kind]) is wanted] for wanted in (True, False))
    have, missing = _facts_as_one(have), _facts_as_one(missing)
    kept = ("the comparison" if not missing else
            f"the comparison's {' and '.join(have)} (not its {' or '.join(missing)})" if have else None)
    return [what for what in (kept, found["timeline"] and "the timeline") if what]


def _facts_as_one(parts: list[str]) -> list[str]:
    """The comparison's parts, its quotations and other facts named as its facts when both are there."""
    return ["facts", *parts[2:]] if parts[:2] == ["other facts", "quotations"] else parts


@contextmanager
def _timed(timings: dict[str, float], phase: str) -> Iterator[None]:
    """Add the time spent inside the block to the phase's total."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[phase] += time.perf_counter() - start


def _derived_cache(cache: SourceCache, library: Library, kind: str) -> DerivedCache | None:
    """Work derived from the sources (verified pages; the story-wide work), kept beside them in a folder of its
    own, each entry by what its work reads of the sources (or, for work kept `story_wide`, by the source cache's
    keys)."""
    if cache.folder is None:
        return None
    return DerivedCache(cache.folder / kind, library.sources, cache.keys())


_Story = tuple[Library, Comparison | None, Timeline | None, list[Problem], SourceCache, DerivedCache | None]


def _read_story(settings: Settings, root: Path, config_name: str, timings: dict[str, float], *,
                caching: bool = True, fork_from: int | None = None) -> tuple[_Story | None, list[Problem]]:
    """Every source (from the cache when unchanged), the comparison and the timeline, each stage timed;
    the warnings of the timeline come back in the story, the first stage's problems instead of it. With `fork_from`
    sources or more, shared text not in the cache is found by a copy of the process (story.background) while the
    build goes on."""
    start = time.perf_counter()
    cache = SourceCache(root / ".cache" / "story" if caching else None)
    sources, problems = load_sources(settings.articles, root, cache)
    if problems:
        return None, problems
    library = Library(sources)
    timings["loading and cleaning sources"] = time.perf_counter() - start
    start = time.perf_counter()
    notes_file = settings.sources / "comparison.yml"
    notes, problems = read_annotations(notes_file, _shown(notes_file, root)) if notes_file.exists() else ({}, [])
    derived = _derived_cache(cache, library, "comparison")
    fork = _forks(fork_from, sources)
    comparison, problems = (None, problems) if problems else compare(sources, notes, _shown(notes_file, root),
                                                                     derived, fork=fork)
    timings["comparison"] = time.perf_counter() - start
    if problems:
        return None, problems
    timeline, warnings = None, []
    timeline_file = settings.sources / settings.timeline
    if not timeline_file.exists() and settings.timeline != DEFAULTS["timeline"]:
        return None, [Problem(config_name, None, f"'extra.story.timeline' names {_shown(timeline_file, root)}, "
                                                 "which does not exist; create it or remove the setting")]
    if timeline_file.exists():
        start = time.perf_counter()
        timeline, problems, warnings = load_timeline(timeline_file, _shown(timeline_file, root), library, derived)
        timings["timeline"] = time.perf_counter() - start
        if problems:
            return None, problems
    return (library, comparison, timeline, warnings, cache, derived), []


def _forks(fork_from: int | None, sources: Sequence[Source]) -> bool:
    """Whether a build of these sources forks copies of itself for work no page reads yet (story.background)."""
    return fork_from is not None and len(sources) >= fork_from


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
