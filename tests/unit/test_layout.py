"""The engine's layout as ARCHITECTURE.md describes it: stages in order, no MkDocs, a docstring per module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from storytest import REPO

ENGINE = REPO / "hooks" / "story"
STAGES = ["cleaning", "sources", "citations", "timeline", "comparison", "render", "publish"]
"""In the order a package may import: each only from those before it (sources calls cleaning on load)."""
SHARED = {"problems", "settings", "markup"}
"""Top-level modules every stage may use."""
MODULES = sorted(ENGINE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The engine's packages and top-level modules a module imports, by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.parent.relative_to(ENGINE).parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1]) if node.level <= len(package) + 1 else []
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found |= {n.split(".")[0] for n in names}
    return found


def test_every_stage_is_a_package_that_says_what_comes_in_and_goes_out() -> None:
    assert sorted(p.name for p in ENGINE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(STAGES)
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((ENGINE / stage / "__init__.py").read_text()))
        assert doc and "In:" in doc and "Out:" in doc, stage


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ENGINE)) for p in MODULES])
def test_each_module_says_what_it_holds_and_imports_no_mkdocs_nor_a_later_stage(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and doc.splitlines()[0].strip(), f"{path.name} has no one-line docstring"
    imported = _imports(path)
    assert not imported & {"mkdocs", "properdocs", "material", "mkdocs_macros"}
    relative = path.relative_to(ENGINE).parts
    if len(relative) == 2:
        later = set(STAGES[STAGES.index(relative[0]) + 1:])
        assert not imported & (later | {"site"}), f"{relative[0]} imports a later stage: {imported & later}"


def test_no_class_of_the_engine_is_longer_than_about_150_lines() -> None:
    long = [f"{path.relative_to(ENGINE)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for path in MODULES for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ClassDef) and node.end_lineno and node.end_lineno - node.lineno + 1 > 160]
    assert long == []
