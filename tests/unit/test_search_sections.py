"""A large page's search entries made piece by piece are the entries Material's search plugin makes of the page
whole, or the page is parsed whole: for pages of every shape its parser reads differently."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import Parser, SearchIndex
from search_sections import entries_by_piece, page_entries, pieces, search_parser

H = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'

PAGES = {  # a page, and whether its pieces can be parsed apart (a piece that ends inside something is read on
    # together with the next: a comment, a script, a tag, a block, a character reference)
    "sections at the top": (
        (f'<h1 id="t">Title{H}</h1>\n<p>Intro.</p>\n<h2 id="a">A</h2>\n<p>One <em>x</em>.</p>\n'
         '<h2 id="b">B</h2>\n<ul>\n<li>two</li>\n</ul>\n<h3 id="c">C</h3>\n<p>three</p>\n'), True),
    "headings inside a block, read on to its end": (
        ('<h1 id="t">T</h1>\n<h2 id="a">A</h2>\n<div class="uncited">\n<h3 id="n">N</h3>\n<p>in</p>\n'
         '<h3 id="d">D</h3>\n<p>in too</p>\n</div>\n<p>after</p>\n<h2 id="b">B</h2>\n<p>last</p>\n'), True),
    "a page that opens with a second-level heading": ('<h2 id="a">A</h2>\n<p>x</p>\n<h2 id="b">B</h2>\n<p>y</p>\n',
                                                     True),
    "text before the first heading": ('Loose text <p>p</p>\n<h1 id="t">T</h1>\n<p>x</p>\n<h2 id="a">A</h2>\n', True),
    "empty paragraphs at the cuts": (('<h1 id="t">T</h1><p> </p>\n<h2 id="a">A</h2><p></p><p>x</p><p>  </p>'
                                      '<h2 id="b">B</h2><p> </p>'), True),
    "a heading in a comment": (('<h1 id="t">T</h1>\n<p>x</p>\n<!-- <h2 id="c">hidden</h2> -->\n<p>y</p>\n'
                                '<h2 id="a">A</h2>\n<p>z</p>\n'), True),
    "a heading in a script": (('<h1 id="t">T</h1>\n<script>var s = \'<h2 id="s">S</h2>\';</script>\n<p>y</p>\n'
                               '<h2 id="a">A</h2>\n'), True),
    "a heading in an attribute": ('<h1 id="t">T</h1>\n<p title="<h2 id=q>">y</p>\n<h2 id="a">A</h2>\n<p>z</p>\n',
                                  True),
    "a block excluded from search across a heading": (
        ('<h1 id="t">T</h1>\n<div data-search-exclude>\n<h2 id="x">X</h2>\n<p>gone</p>\n</div>\n<h2 id="a">A</h2>\n'
         '<p>kept</p>\n'), True),
    "a heading excluded from search": (('<h1 id="t">T</h1>\n<h2 id="x" data-search-exclude>X</h2>\n<p>x</p>\n'
                                        '<h2 id="a">A</h2>\n<p>a</p>\n'), True),
    "a heading whose id is in another attribute": (('<h1 id="t">T</h1>\n<p>a</p>\n<h2 data-x="id=1">No id</h2>\n'
                                                    '<p>b</p>\n<h2 id="a">A</h2>\n'), False),
    "a character reference cut short by a heading": ('<h1 id="t">T</h1>\n<p>x</p>AT&T<h2 id="a">A</h2>\n', True),
    "preformatted text": (('<h1 id="t">T</h1>\n<pre><code>a\n\n  b\n</code></pre>\n<h2 id="a">A</h2>\n'
                           '<pre><code>  c\n</code></pre>\n'), True),
    "a heading nested at the start of a piece's block": (('<h1 id="t">T</h1>\n<p>x</p>\n<div><h2 id="a">A</h2>\n'
                                                          '<p>y</p></div>\n<p>z</p>\n<h2 id="b">B</h2>\n'), True),
    "two first-level headings": ('<h1 id="t">T</h1>\n<p>x</p>\n<h1 id="u">U</h1>\n<p>y</p>\n', True),
    "a first piece of a comment and a line": ('<!-- <h1 id="t">T</h1> -->\n<h2 id="a">A</h2>\n<p>x</p>\n', True),
    "a first piece with no section": ('<!-- <h1 id="t">T</h1> --><h2 id="a">A</h2>\n<p>x</p>\n', False),
    "one heading": ('<h1 id="t">T</h1>\n<p>x</p>\n', True),
}


def _page(html: str) -> Any:
    return SimpleNamespace(content=html, toc=[], url="page/", meta={}, title="The page")


def _whole(html: str) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(_page(html))
    return index.entries


def _by_piece(html: str, kept: dict[tuple[str, str], Any]) -> list[dict[str, Any]] | None:
    index = SearchIndex()
    return entries_by_piece(Parser, html, page_entries(index, _page(html)),
                            kept=lambda piece, place: kept.get((piece, place)),
                            keep=lambda piece, place, found: kept.__setitem__((piece, place), found))


@pytest.mark.parametrize(("html", "apart"), PAGES.values(), ids=PAGES.keys())
def test_entries_made_piece_by_piece_are_the_entries_of_the_page_parsed_whole(html: str, apart: bool) -> None:
    kept: dict[tuple[str, str], Any] = {}
    made = _by_piece(html, kept)
    assert (made is not None) is apart
    if made is not None:
        assert made == _whole(html)
        assert _by_piece(html, kept) == made  # and again from what was kept


def test_a_piece_kept_as_the_last_is_parsed_again_when_another_follows_it() -> None:
    """The last piece need not end outside every element; the same text followed by more is checked again."""
    kept: dict[tuple[str, str], Any] = {}
    open_at_the_end = '<h1 id="t">T</h1>\n<p>x</p>\n<h2 id="a">A</h2>\n<div>\n<p>y</p>\n'
    assert _by_piece(open_at_the_end, kept) == _whole(open_at_the_end)
    longer = open_at_the_end + '<h2 id="b">B</h2>\n<p>z</p>\n</div>\n<h2 id="c">C</h2>\n'
    assert _by_piece(longer, kept) == _whole(longer)


def test_an_edit_parses_again_only_the_piece_it_changed() -> None:
    html = PAGES["sections at the top"][0]
    kept: dict[tuple[str, str], Any] = {}
    _by_piece(html, kept)
    edited = html.replace("One <em>x</em>", "One <em>y</em>")
    before = set(kept)
    assert _by_piece(edited, kept) == _whole(edited)
    assert len(set(kept) - before) == 1


def test_what_was_kept_for_a_piece_is_not_trusted_unless_it_is_what_parsing_gives() -> None:
    html = PAGES["sections at the top"][0]
    kept: dict[tuple[str, str], Any] = {}
    _by_piece(html, kept)
    for key in kept:
        kept[key] = {"open": True} if "last" in key[1] else {"entries": "not a list"}
    assert _by_piece(html, kept) == _whole(html)


def test_the_page_is_cut_before_each_heading_with_an_id_but_the_first() -> None:
    assert pieces('<p>a</p><h1 id="t">T</h1><p>b</p><h2 class="x" id="a">A</h2><h2>no id</h2>') == \
        ['<p>a</p><h1 id="t">T</h1><p>b</p>', '<h2 class="x" id="a">A</h2><h2>no id</h2>']


def test_only_materials_index_is_indexed_by_piece() -> None:
    assert search_parser(SearchIndex()) is Parser
    assert search_parser(object()) is None
