"""Loaded sources kept between builds, on disk, keyed by their content and the engine's code.

A source is read, checked and cleaned once, and what the build derives from it (its quote
index, facts, date mentions and the facts of cited paragraphs) is kept with it; the next
build, `mkdocs serve`'s rebuilds among them, loads it back in a few milliseconds. What was
derived is a file of its own beside the source's, read only when a build first asks for one of
its values, so a build whose pages come from their own caches never reads it. The key is
the SHA-256 of the article file's bytes and path, together with the engine's own code and the
versions of the libraries that read sources, so an edit to either makes a new key and the
old entry is never used. A saved page is checked by its digest on every build all the same.
An entry that is damaged (a wrong digest, a short file, one that does not unpickle to the
source it names) is deleted and the source read again, never trusted; a damaged file of
derived values is deleted and the values derived again. The folder is
`.cache/story/` beside mkdocs.yml; deleting it is always safe.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

_MAGIC = b"STORY1\n"
_DERIVED_MAGIC = b"STORYD1\n"
_LIBRARIES = ("trafilatura", "htmldate", "extruct", "text2num", "rapidfuzz", "PyYAML", "lxml")


@functools.cache
def code_version() -> str:
    """A digest of the engine's code and of the libraries that read sources, for cache keys."""
    digest = hashlib.sha256(sys.version.encode())
    engine = Path(__file__).resolve().parents[1]
    for path in sorted(engine.rglob("*.py")):
        digest.update(path.relative_to(engine).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


class SourceCache:
    """Sources by content key, read from and written to one folder; `None` as the folder turns it off."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._loaded: set[str] = set()
        """Keys of the entries read this build: written back only if what was derived from them grew."""
        self._current: dict[str, Any] = {}
        """This build's sources by key: what `save` writes."""

    def keys(self) -> list[str]:
        """The key of each of this build's sources."""
        return list(self._current)

    def keep(self, key: str, source: Any) -> None:
        """Note a source of this build, to be written by `save` once the build has derived what it needs."""
        self._current[key] = source

    @staticmethod
    def key(path: str, raw: bytes) -> str:
        """The key of an article file: its path and bytes, and the engine's code."""
        return hashlib.sha256(code_version().encode() + b"\0" + path.encode() + b"\0" + raw).hexdigest()

    def _file(self, key: str) -> Path | None:
        return self.folder / f"{key}.pickle" if self.folder else None

    def get(self, key: str, path: str) -> Any | None:
        """The source stored under `key`, or None; a damaged entry is removed."""
        file = self._file(key)
        if file is None or not file.is_file():
            self.misses += 1
            return None
        try:
            source = pickle.loads(checked_payload(file.read_bytes(), _MAGIC))  # noqa: S301  our own, digest checked
            if getattr(source, "path", None) != path:
                raise ValueError("another source")
        except Exception:  # noqa: BLE001  a damaged cache entry of any kind is rebuilt, never trusted
            file.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        self._loaded.add(key)
        source.derived.stored_in(functools.partial(self._derived_values, key))
        return source

    def _derived_values(self, key: str) -> dict[str, bytes]:
        """The packed values derived from the source under `key`; none if the file is missing or damaged."""
        file = self.folder / f"{key}.derived" if self.folder else None
        if file is None or not file.is_file():
            return {}
        try:
            values = pickle.loads(checked_payload(file.read_bytes(), _DERIVED_MAGIC))  # noqa: S301  digest checked
            if not isinstance(values, dict):
                raise ValueError("not derived values")
        except Exception:  # noqa: BLE001  derived again, never trusted
            file.unlink(missing_ok=True)
            return {}
        return values

    def save(self) -> None:
        """Write this build's sources (new ones, and those whose derived data grew); drop every other entry."""
        if self.folder is None:
            return
        sources = self._current
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, source in sources.items():
                if key in self._loaded and not source.derived.grown():
                    continue
                values = pickle.dumps(source.derived.packed(), protocol=pickle.HIGHEST_PROTOCOL)
                write_entry(self.folder / f"{key}.derived", _DERIVED_MAGIC, values)
                if key not in self._loaded:
                    write_entry(self.folder / f"{key}.pickle", _MAGIC,
                                pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
            for stale in [*self.folder.glob("*.pickle"), *self.folder.glob("*.derived")]:
                if stale.stem not in sources:
                    stale.unlink(missing_ok=True)
        except OSError:
            return  # a cache that cannot be written costs time, never correctness


class Derived(MutableMapping[str, Any]):
    """What a build derived from a source, by name (quote index, facts, date mentions, ...).

    In the source cache the values are a file of their own, each value pickled on its own. A
    source from the cache reads that file only when a build first asks for a value, and a value
    stays packed, as bytes, until it is read: a build whose pages and comparison come from their
    own caches neither reads the file nor unpacks the quote indexes or facts it does not need.
    `grown` tells the cache whether the values must be written again.
    """

    def __init__(self, paragraphs: Sequence[Any] = ()) -> None:
        self.paragraphs = paragraphs
        """The source's paragraphs: a packed value names them by position, so that a quote index's or a
        fact's paragraph is, once unpacked, the very paragraph of its source."""
        self._values: dict[str, Any] = {}
        self._packed: dict[str, bytes] = {}
        self._stored: Callable[[], dict[str, bytes]] | None = None
        """Where the packed values are until a build first asks for one: the cache's file."""
        self._sizes: dict[str, int] = {}
        """Of each value unpacked from the cache, its length then: a value that grew is written back."""
        self._added = False

    def stored_in(self, read: Callable[[], dict[str, bytes]]) -> None:
        """Take the packed values from `read` (the cache's file) when one is first asked for."""
        self._stored = read

    def _read(self) -> None:
        if self._stored is not None:
            read, self._stored = self._stored, None
            self._packed = {**read(), **self._packed}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            self._read()
            value = unpickle_naming(self._packed.pop(name), self.paragraphs.__getitem__)
            self._values[name] = value
            self._sizes[name] = _length(value)
        return self._values[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._read()
        self._values[name] = value
        self._packed.pop(name, None)
        self._sizes.pop(name, None)
        self._added = True

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._values.pop(name, None)
        self._packed.pop(name, None)

    def __contains__(self, name: object) -> bool:
        if name in self._values:
            return True
        self._read()
        return name in self._packed

    def __iter__(self) -> Iterator[str]:
        self._read()
        return iter([*self._packed, *self._values])

    def __len__(self) -> int:
        self._read()
        return len(self._packed) + len(self._values)

    def clear(self) -> None:
        """Drop every value, packed or not, without reading or unpacking any."""
        self._values.clear()
        self._packed.clear()
        self._stored = None

    def grown(self) -> bool:
        """Whether anything was added since the cache gave it: a new value, or one that grew."""
        return self._added or any(_length(self._values[name]) != size for name, size in self._sizes.items())

    def packed(self) -> dict[str, bytes]:
        """Every value, packed: what the cache writes."""
        self._read()
        places = {id(paragraph): index for index, paragraph in enumerate(self.paragraphs)}
        types = {type(paragraph) for paragraph in self.paragraphs}
        return {**self._packed, **{name: pickle_naming(value, places, types) for name, value in self._values.items()}}

    def __getstate__(self) -> Sequence[Any]:
        return self.paragraphs  # the values are written apart, by `packed`

    def __setstate__(self, paragraphs: Sequence[Any]) -> None:
        self.__init__(paragraphs)  # type: ignore[misc]


def pickle_naming(value: Any, names: Mapping[int, Any], types: Iterable[type]) -> bytes:
    """`value` pickled with the objects `names` knows (by identity, each of one of `types`) written as their names,
    not copied. Only objects of those types are looked up, so the rest is pickled at the pickler's own speed (a
    lookup of every object took most of the time)."""
    out = io.BytesIO()
    _NamingPickler(out, names, types).dump(value)
    return out.getvalue()


def unpickle_naming(data: bytes, resolve: Callable[[Any], Any]) -> Any:
    """What `pickle_naming` wrote, each name turned back into its object by `resolve`."""
    return _ResolvingUnpickler(io.BytesIO(data), resolve).load()


def _named(name: Any) -> Any:
    """Where `pickle_naming` writes a name: read back by `unpickle_naming`, never called."""
    raise pickle.UnpicklingError(f"{name!r} is a name that only unpickle_naming reads")


class _NamingPickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, names: Mapping[int, Any], types: Iterable[type]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = names
        self.dispatch_table = {**copyreg.dispatch_table, **dict.fromkeys(types, self._reduce)}

    def _reduce(self, obj: Any) -> Any:
        name = self.names.get(id(obj))
        return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL) if name is None else (_named, (name,))


class _ResolvingUnpickler(pickle.Unpickler):
    def __init__(self, data: io.BytesIO, resolve: Callable[[Any], Any]) -> None:
        super().__init__(data)
        self.resolve = resolve

    def find_class(self, module: str, name: str) -> Any:  # noqa: D102
        if (module, name) == (__name__, _named.__name__):
            return self.resolve
        return super().find_class(module, name)


def _length(value: Any) -> int:
    return len(value) if hasattr(value, "__len__") else 1


def checked_payload(data: bytes, magic: bytes) -> bytes:
    """An entry's payload, once its header and SHA-256 show it is whole; ValueError if not."""
    payload = data[len(magic) + 32:]
    if not data.startswith(magic) or data[len(magic):len(magic) + 32] != hashlib.sha256(payload).digest():
        raise ValueError("damaged")
    return payload


def sealed(payload: bytes, magic: bytes) -> bytes:
    """An entry as `checked_payload` reads it: header, SHA-256 and payload."""
    return magic + hashlib.sha256(payload).digest() + payload


def write_entry(file: Path, magic: bytes, payload: bytes) -> None:
    """Write an entry whole or not at all: header, SHA-256 and payload to a temporary file, then renamed."""
    handle, name = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(sealed(payload, magic))
    os.replace(name, file)

