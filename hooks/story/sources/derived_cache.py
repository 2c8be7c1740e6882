"""What a build derived from the sources, kept between builds by content key: verified pages, the comparison.

An entry holds what one piece of work gave (a page's Markdown with notes, citations, checked
claims and problems; the comparison's groups, conflicts and shared passages), under the SHA-256
of the story's digest (the cache keys of every source, which already cover the engine's code)
and of the work's own inputs (a page's text as written and after macros, its paths). Claims are
checked against the names and the number of all the sources, and the comparison reads them all,
so any source edit changes every key. Sources and their paragraphs are not copied into an entry:
it names them (by slug, and by slug and position), and they are taken from this build's library
when the entry is read, so a fact's paragraph is the very paragraph of its source. An entry is
checked by its digest like the source cache's; a damaged one is deleted and the work done again,
never trusted. Each kind of entry has a folder of its own in `.cache/story/`; an entry no build
used is dropped when the build ends.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cleaning.rules import Paragraph
from .cache import checked_payload, write_entry
from .load import Source

_MAGIC = b"STORYDERIVED1\n"


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, places: dict[int, tuple[str, int]]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = places

    def persistent_id(self, obj: Any) -> Any:  # noqa: D102  sources and their paragraphs are named, not copied
        if isinstance(obj, Source):
            return ("source", obj.slug)
        if isinstance(obj, Paragraph) and id(obj) in self.places:
            return ("paragraph", *self.places[id(obj)])
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, sources: dict[str, Source]) -> None:
        super().__init__(io.BytesIO(data))
        self.sources = sources

    def persistent_load(self, pid: Any) -> Any:  # noqa: D102  a source this build does not have fails the entry
        kind, slug, *place = pid
        if slug not in self.sources:
            raise pickle.UnpicklingError(f"no source {slug!r}")
        if kind == "source":
            return self.sources[slug]
        if kind == "paragraph" and len(place) == 1:
            return self.sources[slug].cleaned.paragraphs[place[0]]
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


class DerivedCache:
    """Derived entries of one kind by content key, in one folder; `None` as the folder turns it off."""

    def __init__(self, folder: Path | None, sources: dict[str, Source], source_keys: Iterable[str]) -> None:
        self.folder = folder
        self.sources = sources
        digest = hashlib.sha256()
        for key in sorted(source_keys):
            digest.update(key.encode())
        self.story = digest.hexdigest()
        self.hits = 0
        self._places: dict[int, tuple[str, int]] | None = None
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    def key(self, *parts: str | None) -> str | None:
        """The key of a piece of work: the story's digest and the work's own parts (paths, texts); None when off."""
        if self.folder is None:
            return None
        digest = hashlib.sha256(self.story.encode())
        for part in parts:
            digest.update(b"\0" if part is None else b"\1" + part.encode())
        return digest.hexdigest()

    def get(self, key: str | None) -> Any | None:
        """What the work gave, or None; a damaged entry is removed."""
        if key is None or self.folder is None:
            return None
        file = self.folder / f"{key}.pickle"
        if not file.is_file():
            return None
        try:
            value = _Unpickler(checked_payload(file.read_bytes(), _MAGIC), self.sources).load()  # noqa: S301
        except Exception:  # noqa: BLE001  a damaged entry of any kind is rebuilt, never trusted
            file.unlink(missing_ok=True)
            return None
        self.hits += 1
        self._used.add(key)
        return value

    def put(self, key: str | None, value: Any) -> None:
        """Keep what the work gave, to be written by `save` if the build ends well."""
        if key is None:
            return
        if self._places is None:
            self._places = {id(paragraph): (slug, index) for slug, source in self.sources.items()
                            for index, paragraph in enumerate(source.cleaned.paragraphs)}
        out = io.BytesIO()
        _Pickler(out, self._places).dump(value)
        self._new[key] = out.getvalue()

    def save(self) -> None:
        """Write this build's new entries and drop those no page used."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, payload in self._new.items():
                write_entry(self.folder / f"{key}.pickle", _MAGIC, payload)
            for stale in self.folder.glob("*.pickle"):
                if stale.stem not in self._new and stale.stem not in self._used:
                    stale.unlink(missing_ok=True)
        except OSError:
            return  # a cache that cannot be written costs time, never correctness
