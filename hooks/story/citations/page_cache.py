"""Verified pages kept between builds: a page is verified again only when its text or the story's sources change.

A page's entry holds what verifying it gave (its Markdown with notes, its citations, its checked
claims and its problems), keyed by the SHA-256 of the page's text as written and after macros,
its paths, the outlets folder, and the digest of the story: the cache keys of every source,
which already cover the engine's code. Claims are checked against the names and the number of
all the sources, so any source edit changes every key. Sources are not stored in an entry: it
names them by slug, and they are taken from this build's library when the entry is read. An
entry is checked by its digest like the source cache's; a damaged one is deleted and the page
verified again, never trusted. Entries live in `.cache/story/pages/`.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..sources.cache import checked_payload, write_entry
from ..sources.load import Source

_MAGIC = b"STORYPAGE1\n"


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:  # noqa: D102  sources are named, not copied
        return ("source", obj.slug) if isinstance(obj, Source) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, sources: dict[str, Source]) -> None:
        super().__init__(io.BytesIO(data))
        self.sources = sources

    def persistent_load(self, pid: Any) -> Any:  # noqa: D102  a source this build does not have fails the entry
        kind, slug = pid
        if kind != "source" or slug not in self.sources:
            raise pickle.UnpicklingError(f"no source {slug!r}")
        return self.sources[slug]


class PageCache:
    """Verified pages by content key, in one folder; `None` as the folder turns it off."""

    def __init__(self, folder: Path | None, sources: dict[str, Source], source_keys: Iterable[str]) -> None:
        self.folder = folder
        self.sources = sources
        digest = hashlib.sha256()
        for key in sorted(source_keys):
            digest.update(key.encode())
        self.story = digest.hexdigest()
        self.hits = 0
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    def key(self, *parts: str | None) -> str | None:
        """The key of a page: the story's digest and the page's own parts (paths, texts); None when off."""
        if self.folder is None:
            return None
        digest = hashlib.sha256(self.story.encode())
        for part in parts:
            digest.update(b"\0" if part is None else b"\1" + part.encode())
        return digest.hexdigest()

    def get(self, key: str | None) -> Any | None:
        """What verifying the page gave, or None; a damaged entry is removed."""
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
        """Keep what verifying a page gave, to be written by `save` if the build ends well."""
        if key is None:
            return
        out = io.BytesIO()
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
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
