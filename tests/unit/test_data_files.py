"""Data files are written as they are made: the same JSON as one `json.dumps`, never whole in memory."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from story.publish.data_files import write_json


def _items(n: int) -> Iterator[dict[str, Any]]:
    return ({"n": i, "text": f"“quote {i}”", "tags": [i, None, True]} for i in range(n))


@pytest.mark.parametrize("value, same_as", [
    ({"schema": "x/1", "items": _items(3)}, {"schema": "x/1", "items": list(_items(3))}),
    ({"empty": iter(())}, {"empty": []}),
    ({"nested": {"deeper": {"list": iter([1, 2])}, "é": "ü"}}, {"nested": {"deeper": {"list": [1, 2]}, "é": "ü"}}),
    (iter([{"a": 1}, {"b": [2, 3]}]), [{"a": 1}, {"b": [2, 3]}]),
    ([1, "two", {"three": 3.5}], [1, "two", {"three": 3.5}]),
    ("plain “text”", "plain “text”"),
    ({}, {}),
])
def test_streamed_json_is_the_same_as_dumped_json(value: Any, same_as: Any) -> None:
    out = io.BytesIO()
    write_json(out, value)
    assert out.getvalue() == json.dumps(same_as, ensure_ascii=False, separators=(",", ":")).encode()


def test_items_are_made_as_they_are_written() -> None:
    made: list[int] = []

    def lazily() -> Iterator[int]:
        for i in range(3):
            made.append(i)
            yield i

    class Watching(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            writes.append((data.decode(), list(made)))
            return super().write(data)

    writes: list[tuple[str, list[int]]] = []
    write_json(Watching(), {"items": lazily()})
    items = [(text.lstrip(","), seen) for text, seen in writes if text.lstrip(",").isdigit()]
    assert items == [("0", [0]), ("1", [0, 1]), ("2", [0, 1, 2])]  # each written before the next is made
