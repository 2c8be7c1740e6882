"""What a build derives from a source, as the source cache keeps it: packed per value, unpacked when read."""

from __future__ import annotations

import pickle

import pytest
from story.citations.notes import Library
from story.sources.cache import Derived
from story.sources.load import Source, read_source
from storytest import article

TEXT = "The firm said on Monday it would close its offices.\nIt has over 400 million users.\n"


def source() -> Source:
    made, problems = read_source(article(TEXT).encode(), "sources/articles/daily.txt", "daily")
    assert made is not None, problems
    return made


def cached(original: Source) -> Source:
    """The source as the next build reads it from the cache."""
    return pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301


def test_a_read_value_points_into_its_own_source() -> None:
    first = source()
    Library([first]).indexes["daily"].find("400 million users")  # derives the quote index
    again = cached(first)
    match = Library([again]).indexes["daily"].find("400 million users")
    assert match is not None and match.paragraph is again.cleaned.paragraphs[1]


def test_nothing_is_unpacked_until_it_is_read() -> None:
    first = source()
    first.derived["numbers"] = [1, 2, 3]
    first.derived["words"] = {"a": 1}
    again = cached(first).derived
    assert set(again) == {"numbers", "words"} and len(again) == 2 and "numbers" in again
    assert again._values == {}  # both still bytes
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
def test_an_entry_is_written_again_only_when_it_grew(change, grown: bool) -> None:  # type: ignore[no-untyped-def]
    first = source()
    first.derived["numbers"] = [1, 2, 3]
    first.derived["words"] = {"a": 1}
    again = cached(first).derived
    change(again)
    assert again.grown() is grown


def test_a_missing_value_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Derived()["nothing"]
    with pytest.raises(KeyError):
        del Derived()["nothing"]
