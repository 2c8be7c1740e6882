"""A large page's search entries made piece by piece are the entries Material's search plugin makes of the page
whole: for pages of every shape its parser reads differently, cut wherever a piece may start."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser, SearchIndex
from search_sections import entries_by_piece, page_entries, pieces, search_parser

H = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
NOTE = ('<li id="fn:{0}">\n<p>Note {0}: “words” <a href="../o/#p{0}">Outlet</a>&#160;<a class="footnote-backref" '
        'href="#fnref:{0}" title="Jump back to footnote {0} in the text">&#8617;</a></p>\n</li>\n')
NOTES = '<h2 id="notes">Notes</h2>\n<div class="footnote">\n<hr />\n<ol>\n{0}</ol>\n</div>\n'

PAGES = {  # a piece that ends inside something (a comment, a script, a tag, a block, a character reference, a
    # heading) is read on together with the next
    "sections at the top": (f'<h1 id="t">Title{H}</h1>\n<p>Intro.</p>\n<h2 id="a">A</h2>\n<p>One <em>x</em>.</p>\n'
                            '<h2 id="b">B</h2>\n<ul>\n<li>two</li>\n</ul>\n<h3 id="c">C</h3>\n<p>three</p>\n'),
    "headings inside a block": ('<h1 id="t">T</h1>\n<h2 id="a">A</h2>\n<div class="uncited">\n<h3 id="n">N</h3>\n'
                                '<p>in</p>\n<h3 id="d">D</h3>\n<p>in too</p>\n</div>\n<p>after</p>\n<h2 id="b">B</h2>\n'
                                '<p>last</p>\n'),
    "a page that opens with a second-level heading": '<h2 id="a">A</h2>\n<p>x</p>\n<h2 id="b">B</h2>\n<p>y</p>\n',
    "text before the first heading": 'Loose text <p>p</p>\n<h1 id="t">T</h1>\n<p>x</p>\n<h2 id="a">A</h2>\n',
    "empty paragraphs at the cuts": ('<h1 id="t">T</h1><p> </p>\n<h2 id="a">A</h2><p></p><p>x</p><p>  </p>\n'
                                     '<p>y</p>\n<h2 id="b">B</h2><p> </p>'),
    "a heading in a comment": ('<h1 id="t">T</h1>\n<p>x</p>\n<!-- <h2 id="c">hidden</h2>\n<p>no</p> -->\n<p>y</p>\n'
                               '<h2 id="a">A</h2>\n<p>z</p>\n'),
    "a heading in a script": ('<h1 id="t">T</h1>\n<script>var s = \'<h2 id="s">S</h2>\';\n<p>no</p></script>\n'
                              '<p>y</p>\n<h2 id="a">A</h2>\n'),
    "a heading in an attribute": '<h1 id="t">T</h1>\n<p title="<h2 id=q>\n<p>">y</p>\n<h2 id="a">A</h2>\n<p>z</p>\n',
    "a block excluded from search across a heading": ('<h1 id="t">T</h1>\n<div data-search-exclude>\n'
                                                      '<h2 id="x">X</h2>\n<p>gone</p>\n</div>\n<h2 id="a">A</h2>\n'
                                                      '<p>kept</p>\n'),
    "a block excluded from search, lines in it": ('<h1 id="t">T</h1>\n<div data-search-exclude>\n<p>gone</p>\n'
                                                  '<div>\n<p>inner</p>\n</div>\n<p>still gone?</p>\n</div>\n'
                                                  '<p>kept</p>\n'),
    "a heading excluded from search": ('<h1 id="t">T</h1>\n<h2 id="x" data-search-exclude>X</h2>\n<p>x</p>\n'
                                       '<h2 id="a">A</h2>\n<p>a</p>\n'),
    "a heading whose id is in another attribute": ('<h1 id="t">T</h1>\n<p>a</p>\n<h2 data-x="id=1">No id</h2>\n'
                                                   '<p>b</p>\n<h2 id="a">A</h2>\n'),
    "a character reference cut short by a heading": '<h1 id="t">T</h1>\n<p>x</p>AT&T<h2 id="a">A</h2>\n',
    "a character reference cut short by a line": '<h1 id="t">T</h1>\n<p>x</p>AT&T\n<p>y</p>\n',
    "preformatted text": ('<h1 id="t">T</h1>\n<pre><code>a\n\n  b\n<span>c</span>\n</code></pre>\n<h2 id="a">A</h2>\n'
                          '<pre><code>  c\n</code></pre>\n'),
    "a heading nested at the start of a piece's block": ('<h1 id="t">T</h1>\n<p>x</p>\n<div><h2 id="a">A</h2>\n'
                                                         '<p>y</p></div>\n<p>z</p>\n<h2 id="b">B</h2>\n'),
    "two first-level headings": '<h1 id="t">T</h1>\n<p>x</p>\n<h1 id="u">U</h1>\n<p>y</p>\n',
    "a first piece of a comment and a line": '<!-- <h1 id="t">T</h1> -->\n<h2 id="a">A</h2>\n<p>x</p>\n',
    "a first piece with no section": '<!-- <h1 id="t">T</h1> --><h2 id="a">A</h2>\n<p>x</p>\n',
    "one heading": '<h1 id="t">T</h1>\n<p>x</p>\n',
    "a list of notes": '<h1 id="t">T</h1>\n<p>x</p>\n' + NOTES.format("".join(NOTE.format(n) for n in range(1, 6))),
    "an empty first item, closed after a cut": ('<h1 id="t">T</h1>\n<ul>\n<li>\n</li>\n<li>a</li>\n</ul>\n<ul><li>'
                                                '\n<li>b</li>\n</li></ul>\n<p>\n<em>x</em>\n</p>\n'),
    "a heading inside a list item": ('<h1 id="t">T</h1>\n<ul>\n<li>a</li>\n<li><h2 id="in">In</h2>\n<p>b</p>\n</li>\n'
                                     '<li>c</li>\n</ul>\n<p>d</p>\n'),
    "a heading of the section's level without an id": ('<h1 id="t">T</h1>\n<h2 id="a">A</h2>\n<div>\n<h2>B</h2>\n'
                                                        '<p>x</p>\n<h2>C <code>y</code>\n</h2>\n</div>\n'),
    "a table": ('<h1 id="t">T</h1>\n<table>\n<thead>\n<tr>\n<th>A</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n'
                '</tr>\n<tr>\n<td>2 <sub>n</sub></td>\n</tr>\n</tbody>\n</table>\n'),
    "stray and unclosed tags": '<h1 id="t">T</h1>\n</li>\n<p>a\n<li>b\n</p>\n<div>\n</ol>\n<p>c</p>\n',
    "a line that starts a tag cut short": '<h1 id="t">T</h1>\n<p>a</p>\n<a href="x"\n<p>b</p>\n',
}


def _page(html: str) -> Any:
    return SimpleNamespace(content=html, toc=[], url="page/", meta={}, title="The page")


def _whole(html: str) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(_page(html))
    return index.entries


def _by_piece(html: str, kept: dict[tuple[str, str], Any], every: int = 1) -> list[dict[str, Any]]:
    """The page's entries piece by piece; by default cut before every line that starts with a tag."""
    index = SearchIndex()
    return entries_by_piece(Parser, html, page_entries(index, _page(html)), every=every,
                            kept=lambda piece, place: kept.get((piece, place)),
                            keep=lambda piece, place, found: kept.__setitem__((piece, place), found))


@pytest.mark.parametrize("every", [1, 20, 8192])
@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_entries_made_piece_by_piece_are_the_entries_of_the_page_parsed_whole(html: str, every: int) -> None:
    kept: dict[tuple[str, str], Any] = {}
    made = _by_piece(html, kept, every)
    assert made == _whole(html)
    assert _by_piece(html, kept, every) == made  # and again from what was kept


def _edited(html: str, kept: dict[tuple[str, str], Any], old: str, new: str, every: int = 1) -> set[tuple[str, str]]:
    """What an edit parsed again: the pieces kept anew."""
    _by_piece(html, kept, every)
    before = set(kept)
    edited = html.replace(old, new, 1)
    assert _by_piece(edited, kept, every) == _whole(edited)
    return set(kept) - before


def test_an_edit_parses_again_only_the_piece_it_changed() -> None:
    kept: dict[tuple[str, str], Any] = {}
    assert len(_edited(PAGES["sections at the top"], kept, "One <em>x</em>", "One <em>y</em>")) == 1


def test_an_edit_of_one_note_parses_that_note_alone() -> None:
    html = '<h1 id="t">T</h1>\n' + NOTES.format("".join(NOTE.format(n) for n in range(1, 40)))
    kept: dict[tuple[str, str], Any] = {}
    again = _edited(html, kept, "Note 17: “words”", "Note 17: “other words”", every=1 << 20)
    assert [piece for piece, _ in again] == [NOTE.format(17).replace("words", "other words")]  # a note, a piece


def test_an_edit_of_a_line_in_a_long_list_parses_that_line_alone() -> None:
    html = '<h1 id="t">T</h1>\n<div class="uncited">\n<ul>\n' + "".join(
        f"<li>Item {n} <a href=\"#x{n}\">x</a></li>\n" for n in range(300)) + "</ul>\n</div>\n"
    kept: dict[tuple[str, str], Any] = {}
    again = _edited(html, kept, "Item 150 ", "Item one hundred and fifty ")
    assert [piece for piece, _ in again] == ['<li>Item one hundred and fifty <a href="#x150">x</a></li>\n']


def test_a_piece_kept_as_the_last_is_parsed_again_when_another_follows_it() -> None:
    """The last piece need not end outside every element; the same text followed by more is checked again."""
    kept: dict[tuple[str, str], Any] = {}
    open_at_the_end = '<h1 id="t">T</h1>\n<p>x</p>\n<h2 id="a">A</h2>\n<div>\n<p>y</p>\n'
    assert _by_piece(open_at_the_end, kept) == _whole(open_at_the_end)
    longer = open_at_the_end + '<h2 id="b">B</h2>\n<p>z</p>\n</div>\n<h2 id="c">C</h2>\n'
    assert _by_piece(longer, kept) == _whole(longer)


def test_what_was_kept_for_a_piece_is_not_trusted_unless_it_is_what_parsing_gives() -> None:
    html = PAGES["a list of notes"]
    kept: dict[tuple[str, str], Any] = {}
    _by_piece(html, kept)
    damaged = [{"sections": "not a list", "carry": [], "end": {"clean": True, "resume": None}},
               {"sections": [], "carry": [], "end": {"clean": "yes", "resume": None}},
               {"sections": [["p"]], "carry": [], "end": {"clean": True, "resume": None}}, ["not", "a", "dict"]]
    for number, key in enumerate(kept):
        kept[key] = damaged[number % len(damaged)]
    assert _by_piece(html, kept) == _whole(html)


def test_the_page_is_cut_before_headings_with_an_id_but_the_first_notes_and_some_lines() -> None:
    html = '<p>a</p><h1 id="t">T</h1><p>b</p>\n<h2 class="x" id="a">A</h2><h2>no id</h2>\n<p>c</p><li id="fn:1">n'
    assert pieces(html, every=1) == [("first", '<p>a</p><h1 id="t">T</h1><p>b</p>\n'),
                                     ("heading", '<h2 class="x" id="a">A</h2><h2>no id</h2>\n'),
                                     ("resume", "<p>c</p>"), ("resume", '<li id="fn:1">n')]
    notes = '<p>a</p>\n<li id="fn:1">x</li>\n<li id="fn:2">y</li><li id="fn:3">z</li>\n<p>b</p>'
    assert pieces(notes, every=10**12) == [("first", "<p>a</p>\n"), ("resume", '<li id="fn:1">x</li>\n'),
                                           ("resume", '<li id="fn:2">y</li>'), ("resume", '<li id="fn:3">z</li>\n<p>b</p>')]
    for length in (10, 100, 1000):  # about one cut in 8,192 characters, however long the lines
        lines = "".join(f"<p>{n:0{length - 8}}</p>\n" for n in range(200_000 // length))
        assert 200_000 / 8192 / 2 < len(pieces(lines)) - 1 < 200_000 / 8192 * 2
    lines = "".join(f"<p>{n}</p>\n" for n in range(20_000))
    cut = pieces(lines, every=100)
    short = pieces(lines.replace("<p>7777</p>\n", ""), every=100)  # a line taken away: the other cuts stay
    assert [text for _, text in short] == [text.replace("<p>7777</p>\n", "") for _, text in cut]


def test_only_materials_index_is_indexed_by_piece() -> None:
    assert search_parser(SearchIndex()) is Parser
    assert search_parser(object()) is None


_TEXT = st.sampled_from(["x", "y z", " ", "\n", "  \n ", "&amp;", "AT&T", "a\nb", "“q”"])
_TAGS = st.sampled_from(["p", "li", "ul", "ol", "div", "pre", "code", "span", "em", "sub", "table", "tr", "td",
                         "h2", "h3", "a", "script"])
_ATTRIBUTES = st.sampled_from(["", ' id="h"', " data-search-exclude", ' class="headerlink"', ' id="fn:1"'])


@st.composite
def _html(draw: Any, depth: int = 0) -> str:
    """A piece of HTML as a generated page might hold, now and then malformed: elements with attributes Material's
    parser reads, text with spaces and references, comments, lines that start with a tag, stray tags."""
    out = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 1))):
        choice = draw(st.integers(0, 9))
        if choice < 3 or depth >= 3:
            out.append(draw(_TEXT))
        elif choice < 8:
            tag = draw(_TAGS)
            attributes = draw(_ATTRIBUTES) if tag[0] == "h" or draw(st.booleans()) else ""
            inner = "var a = '<p>';" if tag == "script" else draw(_html(depth + 1))
            close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"
            out.append(f"<{tag}{attributes}>{inner}{close}")
        elif choice == 8:
            out.append(draw(st.sampled_from(["<!-- c\n<p>x</p> -->", "</p>", "<br>", "<hr />", "</li>"])))
        else:
            out.append("\n")
        if draw(st.booleans()):
            out.append("\n")
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(_html(), min_size=1, max_size=5), st.integers(0, 4), st.text(alphabet="xyz <>/p\n", max_size=6))
@example(blocks=["<h2><p>x\n<p></p>"], at=0, inserted="")  # in a heading the parser takes for the section's
def test_pages_of_any_shape_cut_before_every_line_are_made_as_the_plugin_makes_them(
        blocks: list[str], at: int, inserted: str) -> None:
    html = "".join(f'<h2 id="s{n}">S{n}</h2>\n{block}' for n, block in enumerate(blocks))
    lines = html.split("\n")  # and after an edit, with the pieces of the page before it kept
    lines.insert(at % (len(lines) + 1), inserted)
    kept: dict[tuple[str, str], Any] = {}
    for page in (html, "\n".join(lines)):
        try:
            whole = _whole(page)
        except ValueError:  # Material's parser fails on a closing tag it kept no opening of: so must the pieces
            with pytest.raises(ValueError, match="is not in list"):
                _by_piece(page, kept)
            continue
        assert _by_piece(page, kept) == whole
