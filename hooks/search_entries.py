"""The search plugin's entries for each page: from the render cache, parsed piece by piece, or made by the plugin.

Material's search plugin indexes each page as MkDocs lays it out (its `on_page_context`), and
writes the index once every page is laid out (its `on_post_build`). `SearchEntries` takes a
page's entries from the render cache (`rendered_pages`) when nothing they are made from changed,
parses a large page piece by piece (`search_sections`), and leaves the rest to the plugin.

A build that works in the background (`story.background`) lets a forked copy of the process
find every page's entries once every page is rendered (`on_env`, `finder`), while MkDocs lays
the pages out; the plugin's event only notes each page, and the entries go into the index in the
pages' order before the plugin writes it (`finish`). The copy reads the render cache with a connection
of its own and sends what it would have written, which the build writes. A page whose HTML
changed after the copy read it, or every page if the copy failed, is indexed by the build itself.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from rendered_pages import EntryStore, RenderedPages, _key, _page_value, _stable, _toc_data, _versions
from search_sections import CODE, entries_by_piece, page_entries, search_parser

SECTIONS_FROM = 1 << 15
"""The size of HTML (32 KiB) from which a page's search entries are made and kept section by section
(`search_sections`): parsing a smaller page whole costs less than finding its pieces in the cache."""
_SEARCH_ATTRIBUTES = "data-search-"
"""What every attribute the search plugin strips from a page after indexing it starts with."""
_Found = tuple[dict[str, list[Any]], dict[str, Any], set[str], Counter[str]]
"""What a copy of the process sends: each page's entries, the entries to write, those it read, and the counts."""


class _Read(EntryStore):
    """The render cache as a copy of the process reads it: a connection of its own that writes nothing, and what it
    would have written kept for the build to write."""

    def __init__(self, store: EntryStore) -> None:
        super().__init__(store.file)
        self.written: dict[str, Any] = {}

    def _open(self) -> sqlite3.Connection | None:
        if self._db is None and self.file is not None:
            try:
                self._db = sqlite3.connect(f"{self.file.as_uri()}?mode=ro", uri=True, timeout=2)
                self._db.text_factory = bytes
            except sqlite3.Error:
                self._give_up()
        return self._db

    def _discard(self) -> None:
        self._give_up()  # the build's own connection deals with a file SQLite cannot read

    def _forget(self, key: str) -> None:
        pass  # a damaged entry is made again, and the build writes it over the damaged one

    def get(self, key: str) -> Any | None:
        return self.written[key] if key in self.written else super().get(key)

    def put(self, key: str, value: Any) -> None:
        self.written[key] = value
        self._used.add(key)

    def done(self) -> tuple[dict[str, Any], set[str]]:
        """Close the connection; what the build is to write, and the entries read (which the build keeps)."""
        self._give_up()
        return self.written, self._used


class SearchEntries:
    """One search index's entries for each page, as the plugin's `add_entry_from_context` is asked for them."""

    def __init__(self, rendered: RenderedPages, index: Any, add: Callable[[Page], None]) -> None:
        self.rendered, self.index, self._add = rendered, index, add
        self._config = _stable(getattr(index, "config", None))
        self._parser = search_parser(index)
        self._given: dict[str, str] | None = None
        """Of each page, the HTML `finder` indexes; None while the plugin's event indexes each page itself."""
        self._asked: list[tuple[Page, str]] = []
        """Each page the plugin asked to index while the copy works, with its HTML then."""

    @classmethod
    def install(cls, rendered: RenderedPages, plugins: Any) -> list[SearchEntries]:
        """Take over the indexing of each search plugin's pages, when the render cache is on."""
        installed = []
        for plugin in plugins.values():
            index = getattr(plugin, "search_index", None)
            add = getattr(index, "add_entry_from_context", None)
            if rendered.store.file is not None and callable(add) and isinstance(getattr(index, "entries", None), list):
                installed.append(entries := cls(rendered, index, add))
                index.add_entry_from_context = entries.add_entry_from_context
                _strip_only_where_found(plugins, plugin, index)
        return installed

    def add_entry_from_context(self, page: Page) -> None:
        """Index the page, or note it for `finish` when a copy of the process finds the entries."""
        if self._given is not None:
            self._asked.append((page, page.content or ""))
        else:
            self.index.entries.extend(self.entries(page, page.content or "", self.rendered.store, self.rendered.found))

    def finder(self, pages: Iterable[Page]) -> Callable[[], _Found]:
        """What finds the entries of these pages, all rendered, for `finish`: to be called by a forked copy of the
        process while they are laid out, the plugin's event meanwhile only noting each page."""
        given = [(page, page.content or "") for page in pages]
        self._given = {page.file.src_uri: content for page, content in given}
        return lambda: self._all(given)

    def _all(self, given: list[tuple[Page, str]]) -> _Found:
        store, found = _Read(self.rendered.store), Counter[str]()
        by_page = {page.file.src_uri: self.entries(page, content, store, found) for page, content in given}
        return by_page, *store.done(), found

    def finish(self, found: _Found) -> None:
        """Put what `finder` found into the index, each page's entries in the order the plugin asked, before it
        writes the index; a page whose HTML changed since is indexed here."""
        by_page, written, used, counts = found
        store = self.rendered.store
        for key, value in written.items():
            store.put(key, value)
        store.keep(used)
        self.rendered.found.update(counts)
        given = self._given or {}
        for page, content in self._asked:
            source = page.file.src_uri
            same = source in by_page and given.get(source) == content
            self.index.entries.extend(by_page[source] if same else self.entries(page, content, store,
                                                                                 self.rendered.found))
        self._asked.clear()
        self._given = None

    def entries(self, page: Page, content: str, store: EntryStore, found: Counter[str]) -> list[Any]:
        """The page's entries, with `content` as its HTML: from `store` if it has them, else made and kept there."""
        page_key = [_versions(), self._config, page.url, str(page.title), _page_value(page.meta),
                    _page_value(_toc_data(page.toc))]
        key = _key("search", *page_key, content)
        entries = _kept_entries(store, key)
        if entries is not None:
            found["search"] += 1
            return entries
        search = page.meta.get("search")  # a page's own search settings: parsed whole, as the plugin does
        if self._parser is not None and len(content) >= SECTIONS_FROM and not (isinstance(search, dict) and search):
            keys: list[str] = []

            def kept(piece: str, place: str) -> Any:
                keys.append(_key("search piece", CODE, *page_key, place, piece))
                piece_found = store.get(keys[-1])
                found["search piece"] += piece_found is not None
                return piece_found

            def keep(piece: str, place: str, made: dict[str, Any]) -> None:
                store.put(keys[-1], made)

            entries = entries_by_piece(self._parser, content, page_entries(self.index, page), kept=kept, keep=keep)
            store.put(key, {"entries": entries, "pieces": keys})
            return entries
        before, now = len(self.index.entries), page.content
        page.content = content  # the plugin reads the page's HTML as it was when it asked
        try:
            self._add(page)
        finally:
            page.content = now
        entries = self.index.entries[before:]
        del self.index.entries[before:]
        store.put(key, entries)
        return entries


def _kept_entries(store: EntryStore, key: str) -> list[Any] | None:
    """A page's search entries from the cache: kept whole, or with the keys of its pieces (`search_sections`), which
    are kept for the next build too."""
    entries = store.get(key)
    if isinstance(entries, dict) and isinstance(entries.get("pieces"), list):
        store.keep(piece for piece in entries["pieces"] if isinstance(piece, str))
        entries = entries.get("entries")
    return entries if isinstance(entries, list) else None


def _strip_only_where_found(plugins: Any, plugin: Any, index: Any) -> None:
    """Give the search plugin's page event a page without search attributes to index alone.

    After indexing a page, the plugin strips its `data-search-*` attributes with a regular
    expression that tries every character of the page: a tenth of a second a build at 1,000
    pages, all of it for pages that have none. A page that has the text runs the plugin's own
    event, as does every page when the plugin is off. Nothing changes where MkDocs does not keep
    the plugin's event where this expects it; the render cache's tests compare the site with one
    built without the cache, where the plugin runs untouched.
    """
    events = getattr(plugins, "events", {}).get("page_context")
    original = getattr(plugin, "on_page_context", None)
    if not isinstance(events, list) or original is None or original not in events:
        return

    def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if _SEARCH_ATTRIBUTES in (page.content or "") or not getattr(plugin.config, "enabled", True):
            return original(context, page=page, config=config, nav=nav)
        index.add_entry_from_context(page)  # all the plugin's event does to a page with nothing to strip
        return None

    events[events.index(original)] = on_page_context
    origins = getattr(plugins, "_event_origins", None)
    if isinstance(origins, dict) and original in origins:
        origins[on_page_context] = origins[original]
