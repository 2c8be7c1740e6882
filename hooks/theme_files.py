"""The theme's files, listed for MkDocs to copy into the site without walking the theme's hidden folders.

Every build, MkDocs asks the theme's Jinja loader for every file under the theme's folders and
keeps those its filter allows (`Files.add_files_from_theme`). The filter leaves out every path
with a part that starts with a dot; Material keeps its 14,000 icons in `.icons/`, so a build
walked and filtered 14,500 names to copy about 40 (0.05 to 0.08 s of every build, and of every
`mkdocs serve` rebuild). The listing below does not go into a folder whose name starts with a dot,
so the filter gets every file it keeps, and none of those folders' files, which it would drop.
Templates are found as before: Jinja looks a template up by its name, not in this listing, so
`.icons/...` still includes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2


class _ListedWithoutHiddenFolders(jinja2.FileSystemLoader):
    """Jinja's loader of files, listing none under a folder whose name starts with a dot."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            for at, folders, names in os.walk(folder, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                inside = Path(at).relative_to(folder)
                found.update((inside / name).as_posix() for name in names)
        return sorted(found)


def list_without_hidden_folders(theme: Any) -> None:
    """Have `theme` (MkDocs' `Theme`) make environments whose loader lists no hidden folder. Only a plain file
    loader, as MkDocs makes, is replaced; any other is left as it is."""
    make: Callable[[], jinja2.Environment] = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = _ListedWithoutHiddenFolders(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env
