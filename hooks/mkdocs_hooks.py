"""MkDocs hooks: wire build events to the story engine in `story/`, and nothing more.

No state lives in this module: `mkdocs serve` keeps it loaded across rebuilds, so everything a
build learns is kept on that build's config object and read again from disk on the next build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from story.outlet_pages import outlet_page, outlets_index, page_path
from story.problems import Problem
from story.settings import Settings, read_settings
from story.sources import Source, load_sources

log = get_plugin_logger("story")

_BUILD = "story_build"
"""The config key under which one build keeps what it loaded."""


class StoryBuild:
    """What one build knows: its settings and its checked, cleaned sources."""

    def __init__(self, settings: Settings, sources: list[Source]) -> None:
        self.settings = settings
        self.sources = sources


def _stop(problems: list[Problem], what: str) -> PluginError:
    for problem in problems:
        log.error(str(problem))
    count = len(problems)
    return PluginError(f"{what} {'has 1 problem' if count == 1 else f'has {count} problems'} "
                       "(listed above); nothing was rebuilt")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the story before MkDocs touches the site folder, so a mistake loses nothing."""
    root = Path(config.config_file_path).resolve().parent
    settings, problems = read_settings(config.extra, root, Path(config.config_file_path).name)
    if settings is None:
        raise _stop(problems, "the story configuration")
    sources, problems = load_sources(settings.articles, root)
    if problems:
        raise _stop(problems, _shown(settings.articles, root))
    docs = Path(config.docs_dir)
    generated = [page_path(settings.outlets_dir, s.slug) for s in sources] + [f"{settings.outlets_dir}/index.md"]
    clashes = [Problem(_shown(docs / path, root), None, "a file in docs/ has the address of a generated outlet "
                       "page; rename it, or move the outlet pages with extra.story.outlets_dir")
               for path in generated if (docs / path).exists()]
    if clashes:
        raise _stop(clashes, "docs/")
    if str(settings.sources) not in map(str, config.watch):
        config.watch.append(str(settings.sources))
    config[_BUILD] = StoryBuild(settings, sources)
    return config


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _build(config: MkDocsConfig) -> StoryBuild:
    return config[_BUILD]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the outlet pages and their index, generated in memory."""
    build = _build(config)
    outlets = build.settings.outlets_dir
    pages = {page_path(outlets, s.slug): outlet_page(s) for s in build.sources}
    pages[f"{outlets}/index.md"] = outlets_index(build.sources)
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    return files
