"""The theme's files MkDocs copies into the site: the same with the theme's hidden folders left unwalked."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files
from theme_files import list_without_hidden_folders


def _copied(config: object) -> list[str]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)  # type: ignore[attr-defined]
    return sorted(file.src_uri for file in files)


def test_the_site_gets_the_same_theme_files_and_every_template_still_loads(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    for name in ("kept.css", "scripts/kept.js", ".hidden.css", ".folder/a.css", "scripts/.inner/b.js",
                 "scripts/.c.js", "main.html"):
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text("/* x */\n" if not name.endswith(".html") else
                                      '{% extends "base.html" %}\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Test\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8")
    config = load_config(str(config_file))
    plain = _copied(config)
    list_without_hidden_folders(config.theme)
    assert _copied(config) == plain
    assert {"kept.css", "scripts/kept.js"} <= set(plain) and len(plain) > 10  # the theme's own assets too
    env = config.theme.get_env()
    listed = env.loader.list_templates()  # type: ignore[union-attr]
    assert ".hidden.css" in listed and "scripts/.c.js" in listed  # hidden files are the filter's to drop
    assert not any(part.startswith(".") for name in listed for part in name.split("/")[:-1])
    assert env.get_template(".icons/material/check.svg").render()  # icons still include from the hidden folder
    assert env.get_template(".folder/a.css").render() == "/* x */"
