"""The site's story settings, read from `extra.story` in mkdocs.yml and checked."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problem

_SEGMENT = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def cache_on(variable: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the cache the environment variable `variable` switches is on: unset or 1 turns it on, 0 off;
    any other value is a ValueError of one line."""
    value = (os.environ if environ is None else environ).get(variable)
    if value is None or value.strip() in ("", "1"):
        return True
    if value.strip() == "0":
        return False
    raise ValueError(f"{variable} must be 0 (build without the cache) or 1, not {value!r}; unset it to keep the "
                     "cache")


@dataclass(frozen=True)
class Settings:
    """Where the story's material is and where its generated pages go."""

    sources: Path
    articles: Path
    outlets_dir: str
    publish: str = "full"
    timeline: str = "timeline.yml"
    contributors_dir: str = "contributors"
    nav_outlets: int = 30

    @property
    def excerpts_only(self) -> bool:
        """Whether outlet pages show only the cited paragraphs, not whole articles."""
        return self.publish == "excerpts"


DEFAULTS = {"sources": "sources", "outlets_dir": "outlets", "publish": "full", "timeline": "timeline.yml",
            "contributors_dir": "contributors", "nav_outlets": 30}
PUBLISH_MODES = ("full", "excerpts")


def read_settings(extra: Any, root: Path, config_name: str = "mkdocs.yml") -> tuple[Settings | None, list[Problem]]:
    """Check `extra.story` (a mapping or absent); paths are relative to `root`, the config's folder."""
    value = extra.get("story", {}) if isinstance(extra, Mapping) else {}
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        return None, [Problem(config_name, None, f"'extra.story' must be a mapping like {{sources: sources}}, not {value!r}")]
    problems = [Problem(config_name, None, f"unknown setting 'extra.story.{key}'; known settings: {', '.join(DEFAULTS)}")
                for key in value if key not in DEFAULTS]
    merged = {**DEFAULTS, **value}
    for key in DEFAULTS:
        if key == "nav_outlets":
            if not isinstance(merged[key], int) or isinstance(merged[key], bool) or merged[key] < 0:
                problems.append(Problem(config_name, None, "'extra.story.nav_outlets' must be a whole number (how "
                                                           f"many outlet pages the navigation lists), not {merged[key]!r}"))
            continue
        if not isinstance(merged[key], str) or not merged[key].strip():
            problems.append(Problem(config_name, None, f"'extra.story.{key}' must be text, not {merged[key]!r}"))
    if problems:
        return None, problems
    sources = (root / merged["sources"]).resolve()
    if not sources.is_relative_to(root.resolve()):
        problems.append(Problem(config_name, None, f"'extra.story.sources' must be a folder inside the project, not {merged['sources']!r}"))
    for key in ("outlets_dir", "contributors_dir"):
        if not _SEGMENT.match(merged[key]):
            problems.append(Problem(config_name, None, f"'extra.story.{key}' must be one folder name of lowercase "
                                                       f"letters, digits and hyphens, like {DEFAULTS[key]!r}, "
                                                       f"not {merged[key]!r}"))
    if not (sources / merged["timeline"]).resolve().is_relative_to(sources):
        problems.append(Problem(config_name, None, "'extra.story.timeline' must be a file inside the sources "
                                                   f"folder, like 'timeline.yml', not {merged['timeline']!r}"))
    if merged["publish"] not in PUBLISH_MODES:
        problems.append(Problem(config_name, None, "'extra.story.publish' must be 'full' (whole articles on outlet "
                                                   "pages) or 'excerpts' (only the cited paragraphs), "
                                                   f"not {merged['publish']!r}"))
    if problems:
        return None, problems
    return Settings(sources=sources, articles=sources / "articles", outlets_dir=merged["outlets_dir"],
                    publish=merged["publish"], timeline=merged["timeline"],
                    contributors_dir=merged["contributors_dir"], nav_outlets=merged["nav_outlets"]), []
