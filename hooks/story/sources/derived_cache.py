"""What a build derived from the sources, kept between builds by content key: verified pages, the comparison,
its page and the checked timeline.

An entry holds what one piece of work gave (a page's Markdown with notes, citations, checked
claims and problems; the comparison's groups, conflicts and shared text; the timeline with its
warnings; the comparison page's Markdown), under the SHA-256 of what the work reads of each
source, worked out once per version of the source and kept with it: the comparison's quotations, its
other facts and its paragraphs (`comparison.compare._reads`, and the comparison's two keys for the two
parts of its page); everything a check may read (`read_by_checks` in `citations.notes`), for the timeline of
every source and for a page's verification of each source its citations name. Such work is kept
with `story_wide=False` and names the engine's code among its inputs; work kept `story_wide` (the
sources' names) is keyed by the story's digest, the cache keys of every source, which already
cover the engine's code. Sources and their paragraphs are not copied into an entry: it names them
(by slug, and by slug and position), and they are taken from this build's library when the entry
is read, so a fact's paragraph is the very paragraph of its source. An entry is
checked by its digest like the source cache's; a damaged one is deleted and the work done again,
never trusted. Verified pages have a folder of their own in `.cache/story/`, and the story-wide
work shares `comparison/`; entries are saved once every page is verified (MkDocs' `on_env`),
and one that no work of the build used is dropped then. `kept` is the one way in: the work's
kind and inputs, how to do it, and the type it gives.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..background import Later
from .cache import checked_payload, pickle_naming, unpickle_naming, write_entry
from .load import Source

_MAGIC = b"STORYDERIVED1\n"
_Made = TypeVar("_Made")


def _resolver(sources: dict[str, Source]) -> Any:
    """Turns an entry's names back into this build's sources and paragraphs; a source it does not have fails the
    entry."""
    def resolve(name: Any) -> Any:
        kind, slug, *place = name
        if slug not in sources:
            raise pickle.UnpicklingError(f"no source {slug!r}")
        if kind == "source":
            return sources[slug]
        if kind == "paragraph" and len(place) == 1:
            return sources[slug].cleaned.paragraphs[place[0]]
        raise pickle.UnpicklingError(f"unknown reference {name!r}")
    return resolve


class DerivedCache:
    """Derived entries by content key, in one folder; `None` as the folder turns it off."""

    def __init__(self, folder: Path | None, sources: dict[str, Source], source_keys: Iterable[str]) -> None:
        self.folder = folder
        self.sources = sources
        digest = hashlib.sha256()
        for key in sorted(source_keys):
            digest.update(key.encode())
        self.story = digest.hexdigest()
        """The story's digest: the cache keys of every source, for work kept `story_wide`."""
        self.found: Counter[str] = Counter()
        """How many entries of each kind of work came from the cache this build."""
        self._names: dict[int, tuple[str, ...]] | None = None
        """Each source and paragraph of the library by identity, with the name an entry gives it."""
        self._types: set[type] = set()
        """The types of the sources and paragraphs, which pickling looks up in `_names`."""
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    def kept(self, kind: str, parts: Sequence[str | None], make: Callable[[], _Made], made: type, *,
             story_wide: bool = True) -> _Made:
        """What `make` gives, from the cache if an earlier build stored it under the same story and `parts`.

        `made` is the type `make` gives: an entry of any other type is not trusted, but made again.
        Work that is not `story_wide` is kept under `parts` alone, which must then name the engine's
        code and what it reads of every source it reads (as `read_by_checks` gives it, say).
        """
        if self.folder is None:
            return make()
        key, value = self._found(kind, parts, made, story_wide)
        if value is None:
            value = make()
            self._put(key, value)
        return value

    def later(self, kind: str, parts: Sequence[str | None], make: Callable[[], _Made], made: type, *,
              story_wide: bool = True, fork: bool = False) -> Later[_Made]:
        """As `kept`, but work the cache does not have is started (in a forked copy of the process if `fork`, see
        `story.background`) and kept once its result is taken."""
        if self.folder is None:
            return Later(make, fork=fork)
        key, value = self._found(kind, parts, made, story_wide)
        if value is not None:
            return Later.known(value)
        return Later(make, lambda value: self._put(key, value), fork=fork)

    def _found(self, kind: str, parts: Sequence[str | None], made: type, story_wide: bool) -> tuple[str, Any | None]:
        """The entry's key, and what the work gave if an earlier build kept it and it is of type `made`."""
        key = self.digest(self.story, kind, *parts) if story_wide else self.digest(kind, *parts)
        value = self._get(key)
        if not isinstance(value, made):
            return key, None
        self.found[kind] += 1
        return key, value

    @staticmethod
    def digest(*parts: str | None) -> str:
        """The SHA-256 of a sequence of texts, told apart from any other sequence; how entries are keyed."""
        digest = hashlib.sha256()
        for part in parts:
            digest.update(b"\0" if part is None else b"\1" + part.encode())
        return digest.hexdigest()

    def _get(self, key: str) -> Any | None:
        """What the work gave, or None; a damaged entry is removed."""
        file = self.folder / f"{key}.pickle" if self.folder else None
        if file is None or not file.is_file():
            return None
        try:
            value = unpickle_naming(checked_payload(file.read_bytes(), _MAGIC), _resolver(self.sources))
        except Exception:  # noqa: BLE001  a damaged entry of any kind is rebuilt, never trusted
            file.unlink(missing_ok=True)
            return None
        self._used.add(key)
        return value

    def _put(self, key: str, value: Any) -> None:
        """Keep what the work gave, to be written by `save`."""
        if self._names is None:
            self._names = {id(source): ("source", slug) for slug, source in self.sources.items()}
            self._names.update((id(paragraph), ("paragraph", slug, index)) for slug, source in self.sources.items()
                               for index, paragraph in enumerate(source.cleaned.paragraphs))
            self._types = {type(source) for source in self.sources.values()} | {
                type(paragraph) for source in self.sources.values() for paragraph in source.cleaned.paragraphs}
        self._new[key] = pickle_naming(value, self._names, self._types)

    def save(self) -> None:
        """Write this build's new entries and drop those no work of this build used."""
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


def kept(cache: DerivedCache | None, kind: str, parts: Sequence[str | None], make: Callable[[], _Made],
         made: type, *, story_wide: bool = True) -> _Made:
    """`DerivedCache.kept`, or `make()` when the build keeps no cache."""
    return cache.kept(kind, parts, make, made, story_wide=story_wide) if cache is not None else make()


def later(cache: DerivedCache | None, kind: str, parts: Sequence[str | None], make: Callable[[], _Made],
          made: type, *, story_wide: bool = True, fork: bool = False) -> Later[_Made]:
    """`DerivedCache.later`, or the work started when the build keeps no cache."""
    return cache.later(kind, parts, make, made, story_wide=story_wide, fork=fork) if cache is not None \
        else Later(make, fork=fork)
