"""Front matter splitting, partial dates, typographic folding and Markdown escaping."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from story.cleaning.dates import PartialDate, parse_partial_date
from story.cleaning.typography import fold, fold_with_offsets
from story.markup import (
    NOTE_PLACE,
    NOTES_START,
    PART_END,
    PART_PLACE,
    PART_START,
    apart,
    joined,
    md_link,
    md_text,
    notes_apart,
    notes_of,
    parts_of,
    runs_of,
    without_marks,
)
from story.sources.frontmatter import parse_document, split_front_matter

SPLITS = {
    "plain": ("---\na: 1\n---\nbody\n", ("a: 1\n", "body\n", 4)),
    "no body newline": ("---\na: 1\n---\nbody", ("a: 1\n", "body", 4)),
    "empty body": ("---\na: 1\n---", ("a: 1\n", "", 4)),
    "windows fences": ("---\r\na: 1\r\n---\r\nbody\r\n", ("a: 1\r\n", "body\r\n", 4)),
    "byte order mark": ("\ufeff---\na: 1\n---\nbody", ("a: 1\n", "body", 4)),
    "dashes in body": ("---\n---\nx\n---\ny", ("", "x\n---\ny", 3)),
}


@pytest.mark.parametrize("text, expected", SPLITS.values(), ids=SPLITS.keys())
def test_split_front_matter(text: str, expected: tuple[str, str, int]) -> None:
    assert split_front_matter(text) == expected


def test_front_matter_keeps_lines_and_leaves_dates_as_text() -> None:
    doc, problems = parse_document("---\na: 1\nb:\n  c: 2024-07-16\n  d: [x, y]\n---\nbody", "f.txt")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 1, "b": {"c": "2024-07-16", "d": ["x", "y"]}}
    assert doc.lines[("b", "c")] == 4
    assert doc.line_of("b", "d", 1) == 5
    assert doc.line_of("zzz") is None


DATES = {
    "year": ("2024", PartialDate(2024), "year", "2024", "2024"),
    "month": ("2024-06", PartialDate(2024, 6), "month", "June 2024", "2024-06"),
    "day": ("2024-07-16", PartialDate(2024, 7, 16), "day", "16 July 2024", "2024-07-16"),
    "leap day": ("2024-02-29", PartialDate(2024, 2, 29), "day", "29 February 2024", "2024-02-29"),
    "year as number": (1997, PartialDate(1997), "year", "1997", "1997"),
}


@pytest.mark.parametrize("value, date, precision, human, iso", DATES.values(), ids=DATES.keys())
def test_partial_dates(value: object, date: PartialDate, precision: str, human: str, iso: str) -> None:
    parsed = parse_partial_date(value)
    assert (parsed, parsed.precision, parsed.human(), parsed.iso()) == (date, precision, human, iso)


@pytest.mark.parametrize("value, message", [
    ("2023-02-29", "'2023-02-29' is an impossible date: February 2023 has no day 29"),
    ("2024-00", "'2024-00' is an impossible date: there is no month 0"),
    ("July 2024", "'July 2024' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-07-16)"),
    (True, "'True' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-07-16)"),
])
def test_bad_dates(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_partial_date(value)
    assert str(caught.value) == message


def test_partial_date_bounds() -> None:
    assert PartialDate(2024, 2).last_day().isoformat() == "2024-02-29"
    assert PartialDate(2024).first_day().isoformat() == "2024-01-01"


FOLDS = {
    "curly quotes": ("“no longer viable”, it’s", '"no longer viable", it\'s'),
    "dashes": ("a – b — c ‑ d", "a - b - c - d"),
    "spaces": ("  a \u00a0\t b\n c ", "a b c"),
    "soft hyphen": ("inter\u00adnational", "international"),
    "ellipsis": ("wait…", "wait..."),
    "US is not U.S.": ("U.S.", "U.S."),
}


@pytest.mark.parametrize("text, folded", FOLDS.values(), ids=FOLDS.keys())
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_with_offsets_agrees_and_maps_back(text: str) -> None:
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets)
    for i, char in enumerate(folded):
        assert fold(text[offsets[i]]) in (char, "...") or char == " "


@given(st.text())
def test_md_text_renders_to_exactly_the_text(text: str) -> None:
    rendered = markdown.markdown(md_text(text), extensions=["attr_list", "md_in_html", "tables", "footnotes",
                                                             "def_list", "abbr", "admonition"])
    shown = text.translate({c: "\ufffd" for c in [*range(0x20), 0x7F] if chr(c) not in "\r\n\t\f\v"})
    stripped = " ".join(shown.split())
    body = html.unescape(rendered.removeprefix("<p>").removesuffix("</p>"))
    if stripped:
        assert " ".join(body.split()) == stripped
    assert "<" not in rendered.removeprefix("<p>").removesuffix("</p>")


def test_md_link_cannot_break_out() -> None:
    link = md_link('a](javascript:alert(1))', 'https://example.com/a b?(x)="y"')
    html_out = markdown.markdown(link)
    assert html_out == '<p><a href="https://example.com/a%20b?%28x%29=%22y%22">a&#93;(javascript&#58;alert(1))</a></p>'


@pytest.mark.parametrize("table, labelled", [
    ("<table><thead><tr><th>Fact</th><th>The <em>Daily</em></th></tr></thead><tbody>"
     "<tr><td>12 leaders</td><td><a href=\"x\">✓</a></td></tr><tr><td>50</td><td></td></tr></tbody></table>",
     "<table><thead><tr><th>Fact</th><th>The <em>Daily</em></th></tr></thead><tbody>"
     "<tr><td data-label=\"Fact\">12 leaders</td><td data-label=\"The Daily\"><a href=\"x\">✓</a></td></tr>"
     "<tr><td data-label=\"Fact\">50</td><td data-label=\"The Daily\"></td></tr></tbody></table>"),
    # Header text is escaped again for the attribute; alignment attributes stay.
    ('<table><thead><tr><th>&quot;A&quot; &amp; B</th></tr></thead><tbody><tr><td align="right">1</td></tr>'
     "</tbody></table>",
     '<table><thead><tr><th>&quot;A&quot; &amp; B</th></tr></thead><tbody><tr>'
     '<td data-label="&quot;A&quot; &amp; B" align="right">1</td></tr></tbody></table>'),
    # No header row, no labels; cells past the headers stay unlabelled; no table, nothing changes.
    ("<table><tbody><tr><td>1</td></tr></tbody></table>", "<table><tbody><tr><td>1</td></tr></tbody></table>"),
    ("<table><thead><tr><th></th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
     "<table><thead><tr><th></th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
    ("<p>No table</p>", "<p>No table</p>"),
])
def test_table_cells_are_labelled_with_their_column_for_phones(table: str, labelled: str) -> None:
    from story.publish.tables import label_cells

    assert label_cells(table) == labelled


@pytest.mark.parametrize("epoch, day", [("1721174400", "2024-07-17"), ("1721174399", "2024-07-16"),
                                         (" 0 ", "1970-01-01")])
def test_the_build_date_comes_from_source_date_epoch(epoch: str, day: str) -> None:
    from story.publish.checked import build_date

    assert build_date({"SOURCE_DATE_EPOCH": epoch}).isoformat() == day


def test_without_source_date_epoch_the_build_date_is_today() -> None:
    import datetime as dt

    from story.publish.checked import build_date

    assert build_date({}) == dt.datetime.now(dt.timezone.utc).date()


_SLOT = "<!-- story:last-checked -->"


@pytest.mark.parametrize(("page", "filled"), [
    (f"<main>text</main><footer>{_SLOT}</footer>", "<main>text</main><footer>LINE</footer>"),
    ("<main>no slot</main>", "<main>no slot</main>"),
    (_SLOT, "LINE"),
    (f"<p>{_SLOT}</p><footer>{_SLOT}</footer>", "<p>LINE</p><footer>LINE</footer>"),  # every copy, as before
])
def test_the_checked_line_goes_in_every_slot_the_page_has(page: str, filled: str) -> None:
    from story.publish.checked import with_checked_line

    made = []
    assert with_checked_line(page, lambda: made.append(1) or "LINE") == filled
    assert len(made) == (1 if _SLOT in page else 0)  # made once, and only for a page that has a slot


@pytest.mark.parametrize("value", ["", "yesterday", "1.5", "99999999999999999999"])
def test_a_source_date_epoch_that_is_not_a_date_is_said_so(value: str) -> None:
    from story.publish.checked import build_date

    with pytest.raises(ValueError) as err:
        build_date({"SOURCE_DATE_EPOCH": value})
    assert str(err.value) == ("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (the time of the "
                              f"build, for reproducible builds), not {value!r}; set it to one, or unset it")


@pytest.mark.parametrize("page, repaired", [
    ('<header><input type="checkbox" autocomplete="off" id="t"></header><p>'
     '<input type="checkbox" autocomplete="off"></p><footer></footer>'
     '<script id="__config" type="application/json">{}</script>'
     '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
     '<header><input type="checkbox" id="t"></header><p><input type="checkbox" autocomplete="off"></p>'
     '<footer></footer><script id="__config" type="application/json">{}</script>'
     '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>'),
    ('<header><div class="md-search" data-md-component="search" role="dialog"></div></header>',
     '<header><div class="md-search" data-md-component="search" role="dialog" aria-label="Search"></div></header>'),
    # A script a writer adds, or the bundle's name in the text of the page, stays as it is.
    ('<header></header><p><script src="assets/javascripts/bundle.a5f9d56c.min.js"></script></p><footer></footer>'
     '<script src="js/extra.js"></script>',
     '<header></header><p><script src="assets/javascripts/bundle.a5f9d56c.min.js"></script></p><footer></footer>'
     '<script src="js/extra.js"></script>'),
])
def test_the_theme_is_repaired_where_no_template_block_reaches(page: str, repaired: str) -> None:
    from story.publish.theme_repairs import repair_theme_html

    assert repair_theme_html(page) == repaired


@given(st.text(), st.text())
def test_a_generated_pages_front_matter_reads_back_as_the_escaped_title_and_description(title: str,
                                                                                       description: str) -> None:
    import yaml
    from story.render.outlet_pages import front_matter

    made = front_matter(title, description)
    assert made.startswith("---\n") and made.endswith("\n---\n\n")
    meta = yaml.safe_load(made[4:-6])
    assert meta == {"title": html.escape(title), "description": html.escape(description), "render_macros": False}


LIST, TABLE = "- a\n- b", "| A |\n| --- |\n| 1 |"
PARTED = {
    "one part": ("# Page\n" + apart(LIST) + "After.\n", [LIST]),
    "two parts side by side": ("Intro.\n" + apart(TABLE) + apart("- x"), [TABLE, "- x"]),
    "inside raw HTML with markdown": ('<div class="uncited" markdown>\n' + apart(LIST) + "</div>\n", [LIST]),
    "none": ("# Page\n\n- a\n", []),
}
EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "toc"]


@pytest.mark.parametrize("text, parts", PARTED.values(), ids=PARTED.keys())
def test_a_page_in_parts_renders_as_the_page_whole(text: str, parts: list[str]) -> None:
    rest, found = parts_of(text)
    assert found == parts
    whole = without_marks(text)
    assert PART_START not in whole and PART_START not in rest
    html = markdown.markdown(rest, extensions=EXTENSIONS)
    for index, part in enumerate(found):
        place = f"<p>{PART_PLACE.format(index)}</p>"
        assert html.count(place) == 1
        html = html.replace(place, markdown.markdown(part, extensions=EXTENSIONS))
    assert html == markdown.markdown(whole, extensions=EXTENSIONS)


NOTED = {  # a page whose notes are marked by `notes_apart`, and the notes `notes_of` finds
    "a note of one line": ("Claim[^a].\n" + notes_apart(["[^a]: The words.\n"]), [("a", "The words.\n")]),
    "a note with a list, then another": (
        "One[^a], two[^b].\n" + notes_apart(["[^a]: Carried by 2:\n\n    - *x*\n    - y\n", "[^b]: Last.\n"]),
        [("a", "Carried by 2:\n\n    - *x*\n    - y\n\n"), ("b", "Last.\n")]),
    "text after the notes, which stays in the page": ("Claim[^a].\n" + notes_apart(["[^a]: Note.\n"]) + "\nAfter.\n",
                                                       []),
    "no notes marked": ("Claim[^a].\n\n[^a]: Note.\n", []),
    "the mark written in the page too": (f"Claim[^a].\n\n{NOTES_START}\n\nMore.\n" + notes_apart(["[^a]: Note.\n"]),
                                         [("a", "Note.\n")]),
}


@pytest.mark.parametrize("text, notes", NOTED.values(), ids=NOTED.keys())
def test_a_page_with_its_notes_held_renders_as_the_page_whole(text: str, notes: list[tuple[str, str]]) -> None:
    """Each note's text, rendered on its own, takes the place of the word that held it in the page's notes."""
    held, found = notes_of(text)
    assert found == notes
    whole = markdown.markdown(without_marks(text), extensions=EXTENSIONS)
    assert NOTES_START not in without_marks(text)
    html = markdown.markdown(held, extensions=EXTENSIONS)
    for index, (label, note) in enumerate(found):
        alone = markdown.markdown(f"[^{label}]\n\n[^{label}]: {note}", extensions=EXTENSIONS)
        item = alone[alone.index(f'<li id="fn:{label}">'):alone.rindex("</li>")]
        link = re.search(r'<a [^>]*class="footnote-backref"[^>]*>&#8617;</a>', item)[0]  # type: ignore[index]
        held_item = re.search(rf'<p>{NOTE_PLACE.format(index)}&#160;(<a [^>]*class="footnote-backref"[^>]*>&#8617;</a>)</p>',
                              html)
        assert held_item is not None
        html = html.replace(held_item[0], item.split(">", 1)[1].strip("\n").replace(link, held_item[1]), 1)
    assert html == whole


def _items(count: int, line: str) -> str:
    return "\n".join(line.format(n=n) for n in range(count))


RUNS = {  # a part; the kind `runs_of` cuts it as (None: it is not cut); whether its runs are joined (or it is
    # rendered whole, as a run holds a list of its own)
    "a list of links and emphasis": (_items(300, "- item {n} [¶{n}](outlets/a{n}.md#p2 \"title\") *x* &#50;"), "list",
                                     True),
    "a table with aligned columns": ("| A | B | C |\n| :--- | ---: | :---: |\n" + _items(300, "| r{n} | {n}% | *c* |"),
                                     "table", True),
    "a list whose items hold lists": (_items(300, "- - item {n}"), "list", False),
    "a list whose items hold numbered lists": (_items(300, "- 1. item {n}"), "list", False),
    "a short list": ("- a\n- b", None, False),
    "a list with a line of text": (_items(300, "- item {n}") + "\nmore", None, False),
    "paragraphs": (_items(300, "Text {n}."), None, False),
}


@pytest.mark.parametrize("part, kind, joins", RUNS.values(), ids=RUNS.keys())
def test_a_long_list_or_table_rendered_run_by_run_is_rendered_as_it_is_whole(part: str, kind: str | None,
                                                                             joins: bool) -> None:
    runs = runs_of(part, every=256)
    assert (runs[0] if runs else None) == kind
    if runs is not None:
        assert len(runs[1]) > 10
        made = joined(runs[0], [markdown.markdown(run, extensions=EXTENSIONS) for run in runs[1]])
        assert made == (markdown.markdown(part, extensions=EXTENSIONS) if joins else None)


def test_an_item_changed_changes_its_run_alone() -> None:
    part = _items(500, "- item {n} of a list sorted anew")
    runs = runs_of(part, every=256)[1]  # type: ignore[index]
    edited = runs_of(part.replace("item 250 of", "item 250, changed, of"), every=256)[1]  # type: ignore[index]
    assert len(set(edited) - set(runs)) == 1
    moved = runs_of(part.replace("- item 5 of a list sorted anew\n", "") + "\n- item 5 of a list sorted anew",
                    every=256)[1]  # type: ignore[index]
    assert len(set(moved) - set(runs)) <= 2


def test_text_escaped_for_markdown_cannot_mark_a_part() -> None:
    assert parts_of(md_text(f"{PART_START}\n\nnot a part\n\n{PART_END}"))[1] == []
