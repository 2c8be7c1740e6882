"""What a build derives from a source, as the source cache keeps it: a file of its own, read when first asked
for, and packed per value, unpacked when read."""

from __future__ import annotations

from pathlib import Path

import pytest
from story.citations.notes import Library
from story.sources.cache import Derived, SourceCache
from story.sources.load import Source, read_source
from storytest import article

TEXT = "The firm said on Monday it would close its offices.\nIt has over 400 million users.\n"


def source() -> Source:
    made, problems = read_source(article(TEXT).encode(), "sources/articles/daily.txt", "daily")
    assert made is not None, problems
    return made


def cached(original: Source, folder: Path) -> Source:
    """The source as the next build reads it from the cache in `folder`: saved by one build, read by the next."""
    key = SourceCache.key(original.path, b"article")
    first = SourceCache(folder)
    first.keep(key, original)
    first.save()
    again = SourceCache(folder).get(key, original.path)
    assert again is not None
    return again


def test_a_read_value_points_into_its_own_source(tmp_path: Path) -> None:
    first = source()
    Library([first]).indexes["daily"].find("400 million users")  # derives the quote index
    again = cached(first, tmp_path)
    match = Library([again]).indexes["daily"].find("400 million users")
    assert match is not None and match.paragraph is again.cleaned.paragraphs[1]


def test_nothing_is_unpacked_until_it_is_read(tmp_path: Path) -> None:
    first = source()
    first.derived["numbers"] = [1, 2, 3]
    first.derived["words"] = {"a": 1}
    again = cached(first, tmp_path).derived
    assert again._stored is not None and again._packed == {}  # the file is not read yet
    assert set(again) == {"numbers", "words"} and len(again) == 2 and "numbers" in again
    assert again._stored is None and again._values == {}  # read, and both still bytes
    assert again["numbers"] == [1, 2, 3] and list(again._values) == ["numbers"]
    again.clear()
    assert len(again) == 0 and "words" not in again


GROWTH = {
    "only read": (lambda d: d["numbers"], False),
    "not even read": (lambda d: None, False),
    "a value grew": (lambda d: d["numbers"].append(4), True),
    "a new value": (lambda d: d.__setitem__("more", 1), True),
    "a value set again": (lambda d: d.setdefault("words", {}).update(b=2), True),
    "setdefault of one there": (lambda d: d.setdefault("numbers", []), False),
}


@pytest.mark.parametrize(("change", "grown"), GROWTH.values(), ids=GROWTH.keys())
def test_an_entry_is_written_again_only_when_it_grew(change, grown: bool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = source()
    first.derived["numbers"] = [1, 2, 3]
    first.derived["words"] = {"a": 1}
    again = cached(first, tmp_path).derived
    change(again)
    assert again.grown() is grown


def test_a_missing_value_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Derived()["nothing"]
    with pytest.raises(KeyError):
        del Derived()["nothing"]


def test_values_are_read_only_when_asked_for(tmp_path: Path) -> None:
    first = source()
    first.derived["numbers"] = [1, 2, 3]
    cache = SourceCache(tmp_path)
    key = SourceCache.key(first.path, b"article")
    cache.keep(key, first)
    cache.save()
    again = SourceCache(tmp_path).get(key, first.path)
    assert again is not None
    (tmp_path / f"{key}.derived").unlink()  # after loading the source, before asking for a value
    assert "numbers" not in again.derived  # read when asked for, so the file's loss shows: derived again
    again.derived["numbers"] = [1, 2, 3]
    assert again.derived.grown()


@pytest.mark.parametrize("damage", [
    lambda data: data[:-3],
    lambda data: data[:10],
    lambda data: b"",
    lambda data: data.replace(b"STORYD1", b"STORYX1"),
])
def test_damaged_derived_values_are_derived_again(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    first = source()
    Library([first]).indexes["daily"].find("400 million users")
    cache = SourceCache(tmp_path)
    key = SourceCache.key(first.path, b"article")
    cache.keep(key, first)
    cache.save()
    file = tmp_path / f"{key}.derived"
    file.write_bytes(damage(file.read_bytes()))
    again = SourceCache(tmp_path).get(key, first.path)
    assert again is not None and "quote_index" not in again.derived and not file.exists()
    match = Library([again]).indexes["daily"].find("400 million users")
    assert match is not None and match.paragraph is again.cleaned.paragraphs[1]
    assert again.derived.grown()  # so the next save writes the values again
