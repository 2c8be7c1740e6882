"""Pages as an earlier build rendered and laid them out, kept between builds by everything they are made from.

Python-Markdown turns each page's final Markdown into HTML, about half of a large site's build;
Material's search plugin parses that HTML again into index entries; the theme's templates lay
it out with the navigation. Each gives the same result from the same inputs, so each is kept in
`.cache/rendered.sqlite` under the SHA-256 of those inputs (README, "The render cache"):

- a page's HTML, table of contents, title and anchors: its final Markdown (after macros and the
  story's citations), its path and address, every file's path, address and place in the site
  (links resolve against them), the Markdown extensions with their settings, the link checks'
  settings, and the versions of the site generator, Python-Markdown and its extension packages;
- a page's search entries: its HTML as search reads it, address, title, metadata, table of
  contents, and the search plugin's settings;
- a page as the templates laid it out: its HTML, address, title, metadata, table of contents,
  neighbours and ancestors, the template context plugins add, the navigation, every setting,
  the theme's settings and the files of its custom folder. It is kept without the page's HTML, which the
  key covers and the page's own entry holds, when that HTML is in it once, unchanged: so a build reads
  each page's HTML once, not twice.

A page with parts (`story.markup.apart`: a part renders to the same HTML on its own) is rendered part by
part when it is not in the cache: the rest of the page with a place held for each part, then each part
with a copy of the page, each kept under a key of its own, so an edit renders again only what it
changed; the HTML put together is the page rendered whole.

A page found in the cache is not rendered: MkDocs calls its `render`, which for this build puts
the kept parts back instead, so the build goes on as if it had rendered the page; a layout found
is given to `main.html`, which writes it out as it is. A page whose rendering logged anything (an
unrecognised link, an anchor missing, an extension's complaint) is never kept, so every such
message is logged again by every build, as a strict build needs. An extension that may read
files of its own (pymdownx.snippets, or any this module does not know) turns the page cache off,
since its inputs cannot be hashed; the build log says so.

An entry is checked by its SHA-256 before use; a damaged one is deleted and made again.
Entries no page of a finished build used are deleted. STORY_RENDER_CACHE=0 turns this cache off,
STORY_CACHE=0 all of them; deleting the file is always safe.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import mkdocs
import orjson
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from story.markup import NOTE_PLACE, PART_PLACE, joined, notes_of, parts_of, runs_of, without_marks
from story.sources.cache import checked_payload, sealed

_MAGIC = b"STORYRENDERED1\n"
_PACKAGES = ("markdown", "pymdown-extensions", "mkdocs-material")
_KNOWN_EXTENSIONS = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks",
}
"""Python-Markdown's own extensions, which read nothing but the page; so do pymdownx's and Material's, but
pymdownx.snippets, which includes other files."""


def _extension_name(extension: Any) -> str:
    return extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__name__}"


def _reads_only_the_page(name: str) -> bool:
    if name.startswith("pymdownx.snippets"):
        return False
    return name.removeprefix("markdown.extensions.") in _KNOWN_EXTENSIONS or \
        name.startswith(("material.extensions.", "pymdownx."))


def _stable(value: Any) -> str:
    """A text for a settings value that is the same in every process: mappings and lists item by item, sets
    sorted, functions by their names, and an object that shows no more than its address by its type."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_stable, value)) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(map(_stable, value))) + "}"
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}>"
    text = repr(value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>" if " at 0x" in text else text


def _page_value(value: Any) -> bytes:
    """`_stable` for a page's own values (metadata, table of contents, template context), which every page of a
    build needs: JSON in C where it can be, `_stable`'s text for what JSON has no form for."""
    try:
        return orjson.dumps(value, default=_stable, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, ValueError):  # a key or number JSON cannot hold
        return _stable(value).encode()


@functools.cache
def _versions() -> str:
    found = [f"{mkdocs.__name__}={mkdocs.__version__}"]
    for name in _PACKAGES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return ";".join(found)


def _toc_data(items: Any) -> list[Any]:
    return [[item.title, item.id, item.level, getattr(item, "active", None), _toc_data(item.children)]
            for item in items]


def _toc_items(data: list[Any]) -> list[AnchorLink]:
    items = []
    for title, anchor, level, active, children in data:
        item = AnchorLink(title, anchor, level)
        if active is not None:
            item.active = active  # type: ignore[attr-defined]  as MkDocs marks the first entry
        item.children = _toc_items(children)
        items.append(item)
    return items


class _Heard(logging.Handler):
    """Counts what is logged while a page is rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _listened() -> list[logging.Logger]:
    """The site generator's logger, where its own messages go, and the root, where extensions' go."""
    return [logging.getLogger(mkdocs.__name__), logging.getLogger()]


def stop_listening() -> None:
    """Take away a listener a failed build left behind."""
    for logger in _listened():
        for handler in [h for h in logger.handlers if isinstance(h, _Heard)]:
            logger.removeHandler(handler)


class EntryStore:
    """Entries by key in one SQLite file, each sealed with its SHA-256; `None` as the file turns it off.

    One file rather than one per entry, since a large site reads thousands of entries per build.
    Each entry is written at once, in a transaction of its own, so that two builds of one project
    (`mkdocs serve` and a test build, say) never wait long for each other; entries the build did not
    use are deleted when it ends well. A cache needs no durability, so nothing waits for the disk.
    """

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._db: sqlite3.Connection | None = None
        self._used: set[str] = set()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is None and self.file is not None:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                self._db = self._connect(self.file)
            except sqlite3.DatabaseError:  # not a database: a new one in its place
                self._delete(self.file)
                try:
                    self._db = self._connect(self.file)
                except (OSError, sqlite3.Error):
                    self._give_up()
            except (OSError, sqlite3.Error):
                self._give_up()
        return self._db

    @staticmethod
    def _connect(file: Path) -> sqlite3.Connection:
        db = sqlite3.connect(file, timeout=2, isolation_level=None)
        db.text_factory = bytes  # an entry that is not a blob is damaged, not a reason to give up
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry BLOB)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    @staticmethod
    def _delete(file: Path) -> None:
        for path in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
            path.unlink(missing_ok=True)

    def _give_up(self) -> None:
        """A file that cannot be read or written costs time, never correctness: this build goes on without it."""
        if self._db is not None:
            self._db.close()
        self._db, self.file = None, None

    def _discard(self) -> None:
        """A file SQLite cannot read is deleted; the next build starts a new one."""
        file = self.file
        self._give_up()
        if file is not None:
            self._delete(file)

    def get(self, key: str) -> Any | None:
        """The entry under `key`, or None; a damaged one is deleted."""
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            value = orjson.loads(checked_payload(row[0], _MAGIC))
        except sqlite3.DatabaseError:
            self._discard()
            return None
        except (ValueError, TypeError):  # a damaged entry is made again, never trusted
            self._forget(key)
            return None
        self._used.add(key)
        return value

    def _forget(self, key: str) -> None:
        try:
            if self._db is not None:
                self._db.execute("DELETE FROM entries WHERE key = ?", (key,))
        except sqlite3.Error:
            self._give_up()

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these entries past this build, though it did not read them (the parts of a page it did read)."""
        self._used.update(keys)

    def put(self, key: str, value: Any) -> None:
        db = self._open()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, sealed(orjson.dumps(value), _MAGIC)))
        except sqlite3.Error:
            self._give_up()
            return
        self._used.add(key)

    def save(self) -> None:
        """After a build that ended well: drop the entries it did not use."""
        db = self._open()
        if db is None:
            return
        try:
            db.execute("BEGIN")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in self._used))
            db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
            db.execute("COMMIT")
        except sqlite3.Error:
            pass  # unused entries stay until a later build drops them
        self._give_up()


_DEFINED_FOR_THE_PAGE = re.compile(r"^ {0,3}(\*\[[^\]]*\]:|\[(?!\^)[^\]]+\]:)", re.MULTILINE)
"""An abbreviation or a link defined for the whole page, which a part rendered on its own would not see."""


def _renders_apart(skeleton: str, parts: list[str]) -> bool:
    """Whether each part renders the same on its own: nothing in the page, a part or the rest, defines anything for
    the whole page, and no part has a note (whose number and text belong to the page's list of notes)."""
    return not any(_DEFINED_FOR_THE_PAGE.search(text) for text in (skeleton, *parts)) and \
        not any("[^" in part for part in parts)


def _backref(item: str, label: str) -> tuple[int, int] | None:
    """Where in a note's item is its one link back to its reference, as the footnotes extension writes it."""
    href = f'href="#fnref:{label}"'
    if item.count(href) != 1:
        return None
    start = item.rfind("<a ", 0, item.index(href))
    end = item.find("</a>", start) + len("</a>")
    link = item[start:end]
    if start < 0 or end < len("</a>") or 'class="footnote-backref"' not in link or link.count("<a ") != 1:
        return None
    return start, end


def _note_place(html: str, label: str, word: str) -> tuple[str | None, str]:
    """Where a note's text is held in its page's list of notes (its item's paragraph: the word, then the link
    back), and the link back; no place unless the item is exactly that, once."""
    opening = f'<li id="fn:{label}">\n'
    at = html.find(opening)
    if at < 0 or html.find(opening, at + 1) >= 0:
        return None, ""
    end = html.find("\n</li>", at)
    item = html[at + len(opening):end] if end >= 0 else ""
    backref = _backref(item, label)
    link = item[backref[0]:backref[1]] if backref else ""
    if backref is None or item != f"<p>{word}&#160;{link}</p>":
        return None, ""
    return opening + item, link


def _links(entry: dict[str, Any], files: Files) -> list[tuple[File, dict[str, str]]]:
    """The links to other pages' anchors a kept entry holds, with this build's files (by the path MkDocs gave each,
    which the entry holds as it was)."""
    by_path = files.src_uris
    return [(by_path.get(uri), to) for uri, to in entry["links"] or ()]


def _put_in(html: str, places: dict[str, str]) -> str:
    """`html` with each place (found once in it, as the caller made sure) replaced by its HTML, in one pass."""
    found = sorted((html.find(place), place) for place in places)
    out, at = [], 0
    for start, place in found:
        out += [html[at:start], places[place]]
        at = start + len(place)
    return "".join([*out, html[at:]])


def _part_rendered(piece: Page) -> dict[str, Any] | None:
    """What rendering a part (or a run of one) gave, as the cache keeps it; None if it has a heading."""
    return None if list(piece.toc) else _rendered(piece, piece.content or "")


def _rendered(page: Page, html: str) -> dict[str, Any]:
    """What rendering gave a page (or a part of one), as the cache keeps it."""
    links = page.links_to_anchors
    return {"html": html, "toc": _toc_data(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else [[file.src_uri, to] for file, to in links.items()]}


def _restore(page: Page, markdown: str, entry: dict[str, Any], files: Files) -> None:
    """A page as rendering left it, from what the cache kept (`_rendered`)."""
    page.markdown, page.content = markdown, entry["html"]
    page.toc = TableOfContents(_toc_items(entry["toc"]))
    page._title_from_render, page.present_anchor_ids = entry["title"], set(entry["anchors"])
    if entry["links"] is not None:
        page.links_to_anchors = dict(_links(entry, files))


def _key(*parts: str | bytes) -> str:
    """The SHA-256 of `parts`, each with its length, so that no two lists of parts give the same text."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class RenderedPages:
    """Pages as Python-Markdown rendered them, and their search entries, by content key."""

    def __init__(self, store: EntryStore, settings: str, *, pages: bool = True) -> None:
        self.store = store
        self.pages = pages
        """Whether pages are kept: not when an extension may read files the key does not cover."""
        self.settings = settings
        self.found: Counter[str] = Counter()
        """How many pages, search entries and laid-out pages came from the cache this build."""
        self._files: str | None = None
        self._waiting: dict[str, str] = {}
        """The key of each page being rendered, to keep it under once rendered."""
        self._parts: dict[str, list[str]] = {}
        """The keys of the rest and the parts of each page rendered in parts, kept with the page's entry so that a
        build that takes the page whole keeps them for the next edit."""
        self._heard = _Heard()

    @classmethod
    def for_build(cls, store: EntryStore, config: MkDocsConfig) -> tuple[RenderedPages, str | None]:
        """The cache for a build with `config`, and why pages are rendered afresh if they are."""
        unknown = [name for name in map(_extension_name, config.markdown_extensions)
                   if not _reads_only_the_page(name)]
        extensions = [extension if isinstance(extension, str) else [_extension_name(extension), extension.getConfigs()]
                      for extension in config.markdown_extensions]
        settings = _stable([_versions(), extensions, config.mdx_configs, config.use_directory_urls,
                            dict(config.validation.links), dict(config.validation.nav),
                            logging.getLogger(mkdocs.__name__).getEffectiveLevel() > logging.DEBUG])
        note = (f"pages are rendered afresh: the Markdown extension {unknown[0]} may read files the render cache "
                "cannot see") if unknown and store.file is not None else None
        return cls(store, settings, pages=not unknown), note

    def files_digest(self, files: Iterable[File]) -> str:
        """Every file's path, address and place in the site: what links resolve against."""
        if self._files is None:
            digest = hashlib.sha256()
            for file in files:
                digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.inclusion.name}\n".encode())
            self._files = digest.hexdigest()
        return self._files

    def before_render(self, page: Page, markdown: str, files: Files) -> str:
        """The page's Markdown, without the marks of its parts (`story.markup.apart`); if the page is in the cache,
        MkDocs is to put it back rather than render it, and if not, to render its parts on their own, each of
        them from the cache if it is there."""
        skeleton, parts = parts_of(markdown)
        markdown = without_marks(markdown)
        if not self.pages or self.store.file is None or not hasattr(page, "_title_from_render"):
            return markdown
        key = _key("page", self.settings, self.files_digest(files), page.file.src_uri, page.file.dest_uri, markdown)
        entry = self.store.get(key)
        if entry is not None:
            page.render = functools.partial(self._put_back, page, markdown, entry)  # type: ignore[method-assign]
            return markdown
        self._waiting[page.file.src_uri] = key
        self._heard.count = 0
        for logger in _listened():
            logger.addHandler(self._heard)
        if parts and _renders_apart(skeleton, parts):
            page.render = functools.partial(  # type: ignore[method-assign]
                self._render_in_parts, page, markdown, skeleton, parts)
        return markdown

    def _render_in_parts(self, page: Page, markdown: str, skeleton: str, parts: list[str], config: MkDocsConfig,
                         files: Files) -> None:
        """In place of `Page.render` for a page with parts: the page with each part's place, and each note's text
        held by a word (`story.markup.notes_apart`), then each part and each note's text (from the cache, or
        rendered on its own with a copy of the page, so that its links resolve from the page). The rest of the
        page is kept too, so an edit that changes one part or one note renders that part or note alone."""
        del page.render  # the page's own again
        held, notes = notes_of(skeleton)
        if any("[^" in text for _, text in notes):  # a note that cites a note: the notes are rendered with the page
            held, notes = without_marks(skeleton), []
        keys = self._parts[page.file.src_uri] = []
        rest = self._piece(page, "rest", held, config, files, keys, lambda piece: _rendered(piece, piece.content or ""))
        _restore(page, held, rest, files)  # type: ignore[arg-type]  # the rest is always what rendering gave
        content, anchors, links = page.content or "", set(page.present_anchor_ids or ()), page.links_to_anchors
        places = [f"<p>{PART_PLACE.format(index)}</p>" for index in range(len(parts))]
        made = [self._part(page, part, config, files, keys) if content.count(place) == 1 else None
                for place, part in zip(places, parts)]
        for index, (label, text) in enumerate(notes):
            place, backref = _note_place(content, label, NOTE_PLACE.format(index))
            note = self._note(page, label, text, config, files, keys) if place else None
            places.append(place or "")
            made.append(None if note is None else (f'<li id="fn:{label}">\n{note[0]}{backref}{note[1]}', *note[2:]))
        page.markdown = markdown
        if any(part is None for part in made):  # a part that is not what `apart` promises: the page as one
            page.render(config, files)
            return
        content = _put_in(content, {place: html for place, (html, _, _) in zip(places, made)})  # type: ignore[misc]
        for _, part_anchors, part_links in made:  # type: ignore[misc]
            anchors |= part_anchors
            for file, to in part_links if links is not None else ():
                links.setdefault(file, {}).update(to)
        page.content, page.present_anchor_ids, page.links_to_anchors = content, anchors, links

    def _note(self, page: Page, label: str, text: str, config: MkDocsConfig, files: Files,
              keys: list[str]) -> tuple[str, str, set[str], list[tuple[File, dict[str, str]]]] | None:
        """A note's HTML in its item of the list of notes, before and after its link back (whose title holds the
        note's number on its page), its anchors and links; None if rendering it on its own gives no such item."""
        def made(piece: Page) -> dict[str, Any] | None:
            html, opening, closing = piece.content or "", f'<li id="fn:{label}">\n', "\n</li>\n</ol>\n</div>"
            at = html.find(opening)
            item = html[at + len(opening):-len(closing)] if at >= 0 and html.endswith(closing) else ""
            backref = _backref(item, label)
            if backref is None or list(piece.toc):
                return None
            return {**_rendered(piece, ""), "before": item[:backref[0]], "after": item[backref[1]:]}

        entry = self._piece(page, "note", f"[^{label}]\n\n[^{label}]: {text.rstrip()}\n", config, files, keys, made)
        return None if entry is None else (entry["before"], entry["after"], set(entry["anchors"]), _links(entry, files))

    def _part(self, page: Page, part: str, config: MkDocsConfig, files: Files,
              keys: list[str]) -> tuple[str, set[str], list[tuple[File, dict[str, str]]]] | None:
        """A part's HTML, anchors and links to other pages' anchors; None if it has a heading, which belongs in the
        page's table of contents. A long list or table is rendered (and kept) run by run (`story.markup.runs_of`),
        so that an edit to one item renders its run again, not the list."""
        runs = runs_of(part)
        if runs is not None:
            made = [entry for run in runs[1] if (entry := self._piece(page, "part", run, config, files, keys,
                                                                      _part_rendered)) is not None]
            html = joined(runs[0], [entry["html"] for entry in made]) if len(made) == len(runs[1]) else None
            if html is not None:
                return html, {anchor for entry in made for anchor in entry["anchors"]}, \
                    [link for entry in made for link in _links(entry, files)]
        entry = self._piece(page, "part", part, config, files, keys, _part_rendered)
        return None if entry is None else (entry["html"], set(entry["anchors"]), _links(entry, files))

    def _piece(self, page: Page, kind: str, markdown: str, config: MkDocsConfig, files: Files, keys: list[str],
               made: Callable[[Page], dict[str, Any] | None]) -> dict[str, Any] | None:
        """What `made` keeps of `markdown` (the rest of the page, a part or a run of one, a note's text) rendered with
        a copy of the page, so that its links resolve and are checked from the page; None if `made` finds it is not
        what it promises. From the cache, or rendered and kept, unless its rendering logged anything (as a page is
        not kept). Its key goes in `keys`."""
        key = _key(kind, self.settings, self.files_digest(files), page.file.src_uri, page.file.dest_uri, markdown)
        keys.append(key)
        entry = self.store.get(key)
        if entry is not None:
            self.found[kind] += 1
            return entry
        heard, piece = self._heard.count, copy.copy(page)
        piece.markdown = markdown
        piece.render(config, files)
        entry = made(piece)
        if entry is not None and self._heard.count == heard:
            self.store.put(key, entry)
        return entry

    def _put_back(self, page: Page, markdown: str, entry: dict[str, Any], config: MkDocsConfig, files: Files) -> None:
        """In place of `Page.render` for a page found in the cache: its parts as rendering gave them, without
        making a Markdown converter (which alone costs a large site a third of a second)."""
        del page.render  # the page's own again: this build holds no second copy of the kept parts
        _restore(page, markdown, entry, files)
        self.store.keep(entry.get("parts") or ())
        self.found["page"] += 1

    def after_render(self, page: Page, html: str) -> None:
        """Keep a page just rendered, if it was rendered without a message."""
        key = self._waiting.pop(page.file.src_uri, None)
        if key is None:
            return
        for logger in _listened():
            logger.removeHandler(self._heard)
        parts = self._parts.pop(page.file.src_uri, None)
        if not self._heard.count:
            self.store.put(key, {**_rendered(page, html), **({"parts": parts} if parts else {})})


_TEMPLATE_CONTEXT = {"nav", "pages", "config", "page", "build_date_utc"}
"""What MkDocs gives every page's template that the layout key covers otherwise, or that the theme does not read."""
_NOT_SETTINGS = {"plugins", "hooks", "theme", "site_dir"}
"""Settings that do not change a page's layout, or that the key takes from elsewhere (the theme)."""
_FRAMED_FROM = 1024
"""The size of HTML from which a laid-out page is kept without it (`_framed`): a shorter one costs little to read."""
LAYOUT = "story-rendered.html"
"""The template that gives a page laid out by an earlier build: `main.html` extends it instead of the theme's
base when the template context has `story_page_html`."""


def _nav_data(items: Any) -> list[Any]:
    """The navigation as the theme reads it: each item's kind, title, address and metadata, and its children."""
    return [[type(item).__name__, str(item.title), getattr(item, "url", None), getattr(item, "meta", None),
             _nav_data(getattr(item, "children", None) or [])] for item in items]


class LaidOutPages:
    """Pages as the theme's templates laid them out, by everything the templates read; a page found is given
    to `main.html`, which extends `LAYOUT` and so puts it out as it is."""

    def __init__(self, rendered: RenderedPages) -> None:
        self.rendered = rendered
        self.store = rendered.store
        self._site: str | None = None
        self._waiting: dict[str, str] = {}
        self._taken: set[str] = set()
        """The pages this build takes from the cache, as they were kept: laid out and repaired."""

    def _site_digest(self, config: MkDocsConfig, nav: Navigation, files: Iterable[File]) -> str:
        """The settings, templates, navigation and files every page's layout reads."""
        if self._site is None:
            custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
            templates = sorted(path for path in custom.rglob("*") if path.is_file()) if custom else []
            digest = hashlib.sha256(_stable([
                _versions(), {k: v for k, v in config.items() if k not in _NOT_SETTINGS and not k.startswith("story")},
                {name: getattr(plugin, "config", None) for name, plugin in config.plugins.items()},
                dict(config.theme.items()), config.theme.dirs, _nav_data(nav.items)]).encode())
            for path in templates:
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
            digest.update(self.rendered.files_digest(files).encode())
            self._site = digest.hexdigest()
        return self._site

    def before_layout(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation,
                      files: Iterable[File]) -> dict[str, Any]:
        """The template context: with the page as laid out before, if the cache has it."""
        if self.store.file is None or page.meta.get("template", "main.html") != "main.html":
            return context
        neighbours = [(getattr(other, "url", None), str(other.title)) if other else None
                      for other in (page.previous_page, page.next_page, page.parent, *page.ancestors)]
        key = _key("layout, framed", self._site_digest(config, nav, files), page.url, str(page.canonical_url),
                   str(page.edit_url), str(page.title), _page_value(page.meta), _page_value(_toc_data(page.toc)),
                   _page_value(neighbours),
                   _page_value({k: v for k, v in context.items() if k not in _TEMPLATE_CONTEXT}), page.content or "")
        html = _unframed(self.store.get(key), page.content or "")
        if html is not None:
            context["story_page_html"] = html
            context["story_layout"] = LAYOUT
            self.rendered.found["layout"] += 1
            self._taken.add(page.file.src_uri)
        else:
            self._waiting[page.file.src_uri] = key
        return context

    def after_layout(self, page: Page, output: str, repaired: Callable[[str], str]) -> str:
        """The page as the templates laid it out, `repaired`: as kept if it came from the cache (kept repaired), else
        repaired now, and kept for the next build."""
        if page.file.src_uri in self._taken:
            self._taken.discard(page.file.src_uri)
            return output
        output = repaired(output)
        key = self._waiting.pop(page.file.src_uri, None)
        if key is not None:
            self.store.put(key, _framed(output, page.content or ""))
        return output


def _framed(output: str, content: str) -> str | dict[str, str]:
    """A laid-out page as kept: the layout around the page's HTML, which the key covers and the page entry holds
    already (so a build reads each page's HTML once, not twice), when the HTML is in it once, unchanged; else whole."""
    at = output.find(content) if len(content) >= _FRAMED_FROM else -1
    if at < 0 or output.find(content, at + 1) >= 0:
        return output
    return {"before": output[:at], "after": output[at + len(content):]}


def _unframed(kept: Any, content: str) -> str | None:
    """A laid-out page from what `_framed` kept, with this page's HTML, or None if it is neither form."""
    if isinstance(kept, str):
        return kept
    if isinstance(kept, dict) and isinstance(before := kept.get("before"), str) and \
            isinstance(after := kept.get("after"), str):
        return before + content + after
    return None
