"""mkdocs-macros module: macros a page can call, each a one-liner over the story engine.

Pages opt in with `render_macros: true` in their front matter (`render_by_default` is off), so
no generated page, and no text from a source, is ever rendered as a template.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_HOOKS = str(Path(__file__).resolve().parent)
if _HOOKS not in sys.path:  # mkdocs-macros loads this file by path; the engine sits beside it
    sys.path.insert(0, _HOOKS)

from story.render.claim_marks import SLOT  # noqa: E402
from story.render.macro_blocks import outlet_list  # noqa: E402
from story.site import KEY  # noqa: E402

_NOT_LOADED = '<mark class="story-cite-error">the story did not load; its problems are listed above</mark>'


def define_env(env) -> None:  # type: ignore[no-untyped-def]
    """Register the macros; each reads the current build's story from the build's config.

    In a preview of a story that did not load (see story.preview), each says so instead.
    """

    def made(block: Callable[[Any, str], str]) -> str:
        site = env.conf[KEY]
        return _NOT_LOADED if site is None else block(site, env.page.file.src_uri)

    @env.macro
    def outlets() -> str:
        """A list of the story's outlets, linked to their pages: `{{ outlets() }}`."""
        return made(lambda site, page: outlet_list(site.sources, page, site.settings.outlets_dir))

    @env.macro
    def conflicts() -> str:
        """Where the outlets contradict one another, each side cited: `{{ conflicts() }}`."""
        return made(lambda site, page: site.comparison_macro(page, "conflicts"))

    @env.macro
    def disagreements() -> str:
        """A short box of what the outlets disagree on, linked to the comparison: `{{ disagreements() }}`."""
        return made(lambda site, page: site.comparison_macro(page, "disagreements"))

    @env.macro
    def comparison_matrix() -> str:
        """Which outlets report which facts, each cell linked to its paragraph: `{{ comparison_matrix() }}`."""
        return made(lambda site, page: site.comparison_macro(page, "matrix"))

    @env.macro
    def timeline(kinds=None, start=None, end=None) -> str:  # type: ignore[no-untyped-def]
        """The cited timeline: `{{ timeline() }}`, `{{ timeline(kinds="government", start="2024-06") }}`."""
        return made(lambda site, page: site.timeline_macro(page, kinds, start, end))

    @env.macro
    def claim_marks() -> str:
        """Every synthesis mark and repeated fact of the site, filled in once all pages are built: `{{ claim_marks() }}`."""
        return "\n" + SLOT + "\n"
