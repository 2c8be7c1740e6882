"""MkDocs hooks: wire build events to the story engine in `story/`, and nothing more.

No state lives in this module: `mkdocs serve` keeps it loaded across rebuilds, so each build
makes a new `StorySite` from the files on disk and keeps it on that build's config.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from rendered_pages import EntryStore, LaidOutPages, RenderedPages, stop_listening
from search_entries import SearchEntries
from story.background import Later, stop_all
from story.problems import Problem
from story.publish.theme_repairs import repair_theme_html
from story.render.preview import PREVIEW_VARIABLE, with_banner
from story.settings import cache_on
from story.site import CACHE_VARIABLE, KEY, StorySite
from theme_files import list_without_hidden_folders
from watching import WATCH_VARIABLE, WatchError, watch_choice, watch_file_events

log = get_plugin_logger("story")


def _stop(problems: list[Problem]) -> PluginError:
    for problem in problems:
        log.error(str(problem))
    count = len(problems)
    return PluginError(f"the story has {'1 problem' if count == 1 else f'{count} problems'} (listed above); "
                       "nothing was rebuilt")


PROBLEMS = "story_problems"
"""The key under which a build's config collects every problem, for the banner of a preview."""
RENDERED, LAID_OUT, SEARCH = "story_rendered", "story_laid_out", "story_search"
"""The keys under which a build's config holds its `RenderedPages`, `LaidOutPages` and `SearchEntries`."""
TIMINGS = "story_timings"
"""The key under which a finished build's config keeps the seconds the story's work took in each phase."""
LATE = "story_late"
"""The key under which a build's config holds the work done once every page is rendered (a `story.background.Later`):
the data files written, with the problems of writing them, and, in a build that forks, every page's search entries."""
RENDER_CACHE_VARIABLE = "STORY_RENDER_CACHE"
"""Set to 0 to render and lay out every page afresh while keeping the story's own caches."""


def _site(config: MkDocsConfig) -> StorySite | None:
    """This build's story; None only in a preview of a story that did not load."""
    return config[KEY]


def _preview(config: MkDocsConfig) -> bool:
    """Whether this is a preview (`./dev serve`): problems are shown in the pages, not a stopped build."""
    return os.environ.get(PREVIEW_VARIABLE) == "1" and not config.strict


def _report(config: MkDocsConfig, problems: list[Problem]) -> None:
    """Log problems that do not stop a preview: errors in a strict build, so no log level can hide them.

    `mkdocs build --strict -q` drops warnings before strict mode counts them; errors it counts
    and shows at every level. `mkdocs serve` keeps them as warnings and marks them in the page.
    """
    for problem in problems:
        (log.error if config.strict else log.warning)(str(problem))
    config[PROBLEMS].extend(problems)


def _in_cache(config: MkDocsConfig, name: str, *switches: str) -> Path | None:
    """A path in `.cache/` beside mkdocs.yml, or None when STORY_CACHE=0 (or another of `switches`) turns the cache
    off; a switch set to anything but 0 or 1 stops the build with one line."""
    try:
        on = all(cache_on(variable) for variable in (CACHE_VARIABLE, *switches))
    except ValueError as err:
        raise _stop([Problem("environment", None, str(err))]) from None
    return Path(config.config_file_path).resolve().parent / ".cache" / name if on else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the story before MkDocs touches the site folder, so a mistake loses nothing."""
    list_without_hidden_folders(config.theme)
    store = EntryStore(_in_cache(config, "rendered.sqlite", RENDER_CACHE_VARIABLE))
    config[RENDERED], note = RenderedPages.for_build(store, config)
    config[SEARCH] = SearchEntries.install(config[RENDERED], config.plugins)
    config[LAID_OUT] = LaidOutPages(config[RENDERED])
    if note:
        log.info(note)
    config_file = Path(config.config_file_path).resolve()
    collecting = gc.isenabled()
    gc.disable()  # loading grows a large graph of objects and next to no garbage, which the collector would walk again
    # and again as it grows (0.2 s of a rebuild of 1,000 articles that compares them again); it runs once loading is done
    try:
        site, problems = StorySite.load(config.extra, config_file, Path(config.docs_dir).resolve(),
                                        title=config.site_name, base_url=config.site_url or "")
    finally:
        gc.freeze()  # the story lives until the build ends: the collector need not look at it on any pass, not even
        # the first once it runs again, which would walk everything loading made (0.1 s after a fact is edited)
        if collecting:
            gc.enable()
    config[PROBLEMS] = []
    if site is None:
        stop_all()  # the comparison may have started a copy of the process that nobody will ask
    if site is None and _preview(config):  # a stopped build would leave the browser hanging: show them instead
        for problem in problems:
            log.error(str(problem))
        config[PROBLEMS] = list(problems)
        config[KEY] = None
        return config
    if site is None:
        raise _stop(problems)
    _report(config, site.warnings)
    if str(site.settings.sources) not in map(str, config.watch):
        config.watch.append(str(site.settings.sources))
    site.language = config.theme["language"] or "en"
    config[KEY] = site
    return config


@event_priority(50)  # before the search plugin writes its index, which must have every page's entries by then
def on_post_build(config: MkDocsConfig) -> None:
    """Let the collector see the story again; wait for the data files and the search entries; drop the rendered
    pages this build did not use; let go of the story (`_let_go`)."""
    gc.unfreeze()
    late = config.get(LATE)
    problems, searched = late.get() if late is not None else ([], [])
    for search, entries in zip(config[SEARCH], searched):
        search.finish(entries)
    rendered: RenderedPages = config[RENDERED]
    rendered.store.save()
    if problems:
        _let_go(config)
        for problem in problems:
            log.error(str(problem))
        raise PluginError("the data files could not all be written (listed above)")
    if rendered.found:
        found = rendered.found
        parts = f", {found['part']} parts of other pages" if found["part"] else ""
        parts += f", {found['note']} notes of other pages" if found["note"] else ""
        pieces = f", {found['search piece']} pieces of other pages' search entries" if found["search piece"] else ""
        log.info(f"from the render cache: {found['page']} pages' HTML{parts}, {found['search']} pages' search entries"
                 f"{pieces}, {found['layout']} pages laid out")
    _let_go(config)


def _let_go(config: MkDocsConfig) -> None:
    """The build is done: let go of the story, so that it is freed now. MkDocs's cycles held it, so only a full pass
    of the collector freed it, in a later build, walking every story since its last pass (about a second, one rebuild
    in five at 1,000 articles). The timings stay, for the benchmark."""
    site = _site(config)
    config[TIMINGS] = site.timings if site is not None else {}
    config[KEY] = config[LATE] = config[SEARCH] = None


def on_build_error(error: Exception) -> None:
    """As after a build: nothing stays frozen, nothing listens to the log, no copy of the process works on."""
    gc.unfreeze()
    stop_listening()
    stop_all()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the outlet pages and their index, generated in memory, after every written page."""
    site = _site(config)
    if site is None:  # a preview of a story that did not load
        return files
    for path, front_matter in site.pages.front_matters().items():
        inclusion = InclusionLevel.UNDEFINED if site.pages.in_nav(path) else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=front_matter, inclusion=inclusion))
    for path in site.data_paths():
        files.append(File.generated(config, path, content=""))  # filled in on_env, when all is known
    site.page_urls = {file.src_uri: file.url for file in files.documentation_pages()}
    return files


def _shown(site: StorySite, page: Page) -> str:
    """The page file's path from the project folder, as messages name it."""
    return f"{site.docs}/{page.file.src_uri}"


def _file_text(site: StorySite, page: Page) -> str | None:
    return None if page.file.src_uri in site.pages else page.file.content_string


@event_priority(-50)  # after every plugin (mkdocs-macros among them): the render cache is keyed by the final Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Verify and render the citations of a written page; fill in a generated page."""
    site = _site(config)
    if site is None:  # a preview of a story that did not load
        return markdown

    def title_of(uri: str) -> str:
        cited = files.get_file_from_path(uri)
        return cited.page.title if cited and cited.page and cited.page.title else uri

    file_text = _file_text(site, page)
    markdown, problems = site.page_markdown(page.file.src_uri, markdown, shown=_shown(site, page),
                                            file_text=file_text, title_of=title_of)
    _report(config, site.macros.take(page.file.src_uri, file_text) + problems)
    return config[RENDERED].before_render(page, markdown, files)


@event_priority(100)  # before any plugin changes the page: the render cache keeps it as Python-Markdown made it
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep a page just rendered in the render cache; add text fragments to note links; on pages that require it,
    find sentences without a citation."""
    config[RENDERED].after_render(page, html)
    site = _site(config)
    if site is None:  # a preview of a story that did not load
        return html
    html, problems = site.page_content(page.file.src_uri, html, meta=page.meta, shown=_shown(site, page),
                                       file_text=lambda: _file_text(site, page))
    _report(config, problems)
    return html


@event_priority(-100)  # after every plugin: what they add to the context is part of the layout cache's key
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give the page's head its description, Open Graph, Twitter and JSON-LD tags; give the page as an earlier
    build laid it out, if nothing it is made from changed.

    The tags go in the template's context, not in `page.meta`: the theme reads every page's
    metadata in each page's navigation, and more keys there cost every page of a large site.
    """
    site = _site(config)
    if site is not None:
        description = (page.meta.get("description") or config.site_description or "").strip()
        context["story_head"] = site.head(
            page.file.src_uri, title=page.title or config.site_name, description=description,
            url=page.canonical_url or "", site_name=config.site_name, language=config.theme["language"] or "en")
    return config[LAID_OUT].before_layout(context, page, config, nav, context["pages"])


@event_priority(100)  # before any plugin changes the page: it is kept as the theme laid it out, repaired
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Repair what the theme gets wrong; fill in the list of synthesis marks and the "last checked" line, once
    every page is known.

    In a preview, every page opens with the story's problems, if it has any.
    """
    output = config[LAID_OUT].after_layout(page, output, repair_theme_html)  # kept repaired: repaired once
    site = _site(config)
    if _preview(config):
        output = with_banner(output, config[PROBLEMS], loaded=site is not None)
    return output if site is None else site.finished(output, page.url)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same repairs for pages made from templates alone, such as 404.html."""
    return repair_theme_html(output_content) if template_name.endswith(".html") else output_content


def _template_cache(env: Environment, config: MkDocsConfig) -> None:
    """Keep the theme's compiled templates in .cache/jinja/ between builds, as the sources are kept.

    Every build makes a new Jinja environment and would compile Material's templates again (a
    sixth of a rebuild of this site); Jinja checks each cached template against its source, so
    a changed template is compiled afresh. STORY_CACHE=0 turns it off with the source cache.
    """
    folder = _in_cache(config, "jinja")
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        log.info(f"templates are compiled afresh: cannot make {folder} ({err.strerror})")
        return
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is rendered now: write the data files into the site folder (which MkDocs has cleaned), and
    keep the sources with what was derived from them for the next build.

    Each is written and let go at once rather than kept in memory, as a generated file's content
    would be, until the build ends, by a copy of the process while the pages are laid out, where
    the system allows (`story.background`); its entry leaves `files`, whose links were checked
    already, so MkDocs does not copy its empty placeholder over it.
    """
    _template_cache(env, config)
    site = _site(config)
    if site is None:  # a preview of a story that did not load
        return env
    targets = {}
    for path in site.data_paths():
        file = files.get_file_from_path(path)
        if file is not None:
            targets[path] = Path(file.abs_dest_path)
            files.remove(file)
    write = site.data_files_writer(targets)
    find = [search.finder([file.page for file in files.documentation_pages() if file.page is not None])
            for search in config[SEARCH]] if site.fork else []
    config[LATE] = Later(lambda: (write(), [found() for found in find]), fork=site.fork)  # while pages are laid out
    site.finish_deriving()
    log.info(site.summary())
    return env


def on_startup(command: str, dirty: bool) -> None:
    """Before `mkdocs serve` builds anything, check how it is asked to watch files."""
    if command == "serve":
        try:
            watch_choice(os.environ.get(WATCH_VARIABLE))
        except WatchError as err:
            raise PluginError(str(err)) from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild as soon as a file is saved: the system's file events, not MkDocs's half-second polling."""
    try:
        log.info(watch_file_events(server, os.environ.get(WATCH_VARIABLE)))
    except WatchError as err:
        raise PluginError(str(err)) from None
    return server
