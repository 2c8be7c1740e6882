"""The render cache's keys and its store: settings written the same in every process, entries checked and
pruned."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rendered_pages import EntryStore, _framed, _page_value, _reads_only_the_page, _stable, _unframed


class _Opaque:
    pass


def _named() -> None:
    pass


STABLE = [
    ({"b": [1, 2], "a": {"c": None}}, "{'b':[1,2],'a':{'c':None}}"),
    ((True, 1.5, "x"), "[True,1.5,'x']"),
    ({"beta", "alpha"}, "{'alpha','beta'}"),
    (frozenset({3, 1}), "{1,3}"),
    (_named, "<test_rendered_pages._named>"),
    (_Opaque(), "<test_rendered_pages._Opaque>"),
    (dt.date(2024, 7, 16), "datetime.date(2024, 7, 16)"),
]


@pytest.mark.parametrize(("value", "text"), STABLE)
def test_settings_are_written_the_same_in_every_process(value: Any, text: str) -> None:
    assert _stable(value) == text


PAGE_VALUES = [  # a page's metadata, table of contents and template context, as the page keys read them
    ({"title": "About", "tags": ["a", "b"]}, b'{"title":"About","tags":["a","b"]}'),
    ({"tags": {"beta", "alpha"}}, b'{"tags":"{\'alpha\',\'beta\'}"}'),  # what JSON cannot hold: `_stable`'s text
    ({"when": _named}, b'{"when":"<test_rendered_pages._named>"}'),
    ({1: "one"}, b'{"1":"one"}'),
    ({("a", "b"): 1}, b"{['a','b']:1}"),  # a key JSON cannot hold: the whole value as `_stable` writes it
    ({"big": 2 ** 70}, b"{'big':1180591620717411303424}"),  # so is a number too big for it
]


@pytest.mark.parametrize(("value", "text"), PAGE_VALUES)
def test_a_pages_values_are_written_the_same_in_every_process(value: Any, text: bytes) -> None:
    assert _page_value(value) == text


EXTENSIONS = [
    ("toc", True),
    ("markdown.extensions.tables", True),
    ("pymdownx.details", True),
    ("material.extensions.emoji", True),
    ("pymdownx.snippets", False),
    ("mkdocstrings", False),
    ("markdown_include.include", False),
]


@pytest.mark.parametrize(("name", "pure"), EXTENSIONS)
def test_only_extensions_known_to_read_nothing_but_the_page_keep_the_page_cache_on(name: str, pure: bool) -> None:
    assert _reads_only_the_page(name) is pure


def test_the_store_keeps_what_a_build_used_and_drops_the_rest(tmp_path: Path) -> None:
    file = tmp_path / "rendered.sqlite"
    first = EntryStore(file)
    first.put("kept", {"html": "<p>kept</p>"})
    first.put("dropped", ["an", "entry"])
    first.save()
    second = EntryStore(file)
    assert second.get("kept") == {"html": "<p>kept</p>"}
    second.save()
    third = EntryStore(file)
    assert (third.get("kept"), third.get("dropped"), third.get("never")) == ({"html": "<p>kept</p>"}, None, None)


def test_a_damaged_entry_is_deleted_and_the_others_kept(tmp_path: Path) -> None:
    file = tmp_path / "rendered.sqlite"
    store = EntryStore(file)
    store.put("whole", 1)
    store.put("damaged", 2)
    store.save()
    with sqlite3.connect(file) as db:
        db.execute("UPDATE entries SET entry = CAST('garbage' AS BLOB) WHERE key = 'damaged'")
    db.close()
    again = EntryStore(file)
    assert (again.get("damaged"), again.get("whole")) == (None, 1)
    with sqlite3.connect(file) as db:
        assert [key for (key,) in db.execute("SELECT key FROM entries")] == ["whole"]
    db.close()


def test_a_store_that_cannot_be_made_costs_time_only(tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("in the way of a folder")
    store = EntryStore(tmp_path / "a file" / "rendered.sqlite")
    store.put("key", 1)
    assert store.get("key") is None
    store.save()
    off = EntryStore(None)
    off.put("key", 1)
    assert off.get("key") is None


_CONTENT = "<p>" + "words of the page " * 80 + "</p>"
FRAMED = [  # (laid-out page, page's HTML, kept as a frame)
    (f"<html><nav>x</nav><article>{_CONTENT}</article></html>", _CONTENT, True),
    (f"<html>{_CONTENT}<aside>{_CONTENT}</aside></html>", _CONTENT, False),  # twice: which one is the page's?
    ("<html><article><p>repaired</p></article></html>", _CONTENT, False),  # not in it unchanged
    ("<html><article><p>short</p></article></html>", "<p>short</p>", False),  # too short to be worth it
    (f"{_CONTENT}", _CONTENT, True),
]


@pytest.mark.parametrize(("output", "content", "frame"), FRAMED)
def test_a_laid_out_page_is_kept_without_its_html_when_that_is_in_it_once(output: str, content: str,
                                                                           frame: bool) -> None:
    kept = _framed(output, content)
    assert isinstance(kept, dict) == frame
    assert _unframed(kept, content) == output


@pytest.mark.parametrize("kept", [None, 3, {"before": "<html>"}, {"before": 1, "after": ""}, ["<html>", "</html>"]])
def test_a_laid_out_page_kept_in_no_known_form_is_laid_out_again(kept: Any) -> None:
    assert _unframed(kept, _CONTENT) is None
