"""Loading and checking article files: every mistake gives one exact, located line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from story.cleaning.dates import PartialDate
from story.sources.load import load_sources, read_source
from storytest import article

PATH = "sources/articles/daily.txt"


def problems_of(text: str | bytes, stem: str = "daily") -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source, problems = read_source(raw, PATH, stem)
    assert (source is None) == bool(problems)
    return [str(p) for p in problems]


GOOD = article()
EDITED_SHA = hashlib.sha256(b"Edited text.\n").hexdigest()


def test_a_valid_article_loads_with_every_field() -> None:
    source, problems = read_source(GOOD.encode(), PATH, "daily")
    assert problems == []
    assert source is not None
    assert (source.slug, source.outlet, source.country, source.url) == (
        "daily", "The Daily Test", "Ireland", "https://example.com/story")
    assert source.published.date == PartialDate(2024, 7, 16)
    assert source.byline == ("Jane Doe",)
    assert source.agency is None
    assert source.body == "A first paragraph of the test article.\n"
    assert source.body_line == 14
    assert [p.text for p in source.cleaned.paragraphs] == ["A first paragraph of the test article."]


def test_the_body_is_kept_byte_for_byte() -> None:
    body = "  date 2024-01-01 News\r\n\r\nTabs\tand “curly” quotes — kept.\n\n\n"
    source, _ = read_source(article(body).encode(), PATH, "daily")
    assert source is not None and source.body == body


def test_unknown_values_stay_unknown() -> None:
    text = article(outlet=None, country=None, url=None, byline=None, headline=None,
                   published={"date": None, "not_before": "2024-07-16"})
    source, problems = read_source(text.encode(), PATH, "daily")
    assert problems == [] and source is not None
    assert (source.outlet, source.country, source.url, source.byline, source.headline) == (None,) * 5
    assert source.name == "Unknown outlet"
    assert source.published.human() == "Unknown (not before 16 July 2024)"


# Each case: the file's text, and the exact line the contributor sees.
CASES = {
    "malformed YAML": (
        "---\noutlet: The Daily Test\ncountry: [Ireland\n---\nText.\n",
        "sources/articles/daily.txt:3: the front matter is not valid YAML: while parsing a flow sequence, "
        "did not find expected ',' or ']'; check the indentation, and quote values that contain "
        "': ' or start with a symbol"),
    "unquoted colon": (
        "---\nheadline: Kaspersky: a headline\n---\nText.\n",
        "sources/articles/daily.txt:2: the front matter is not valid YAML: mapping values are not allowed "
        "in this context; check the indentation, and quote values that contain ': ' or start with a symbol"),
    "no front matter": (
        "Just a capture.\n",
        "sources/articles/daily.txt:1: the file must start with a '---' line that opens the YAML front matter"),
    "no closing fence": (
        "---\noutlet: X\nText.\n",
        "sources/articles/daily.txt:1: the front matter has no closing '---' line; add one between the YAML "
        "and the capture"),
    "front matter not a mapping": (
        "---\n- a\n- b\n---\nText.\n",
        "sources/articles/daily.txt:2: the front matter must be a mapping of 'field: value' lines"),
    "missing field": (
        article(country=...),
        "sources/articles/daily.txt:1: the required field 'country' is missing; add 'country: Ireland  "
        "(or null if unknown)'"),
    "unknown field": (
        article(outlte="X"),
        "sources/articles/daily.txt:13: unknown field 'outlte'; did you mean 'outlet'?"),
    "unknown nested field": (
        article(published={"date": "2024-07-16", "hour": "9"}),
        "sources/articles/daily.txt:7: unknown field 'published.hour'; known fields: date, time, as_printed, "
        "not_before, not_after"),
    "duplicate field": (
        "---\noutlet: A\noutlet: B\n---\nText.\n",
        "sources/articles/daily.txt:3: the field 'outlet' is given twice; keep one of them"),
    "wrong type": (
        article(byline="Jane Doe"),
        "sources/articles/daily.txt:7: 'byline' must be a list of names like [Jane Doe, John Roe], [] when "
        "none is printed, or null when it is not known; not 'Jane Doe'"),
    "number for text": (
        article(country=42),
        "sources/articles/daily.txt:3: 'country' must be text, or null when it is not known, not a number (42)"),
    "impossible date": (
        article(published={"date": "2024-02-30"}),
        "sources/articles/daily.txt:6: 'published.date' '2024-02-30' is an impossible date: February 2024 "
        "has no day 30"),
    "impossible month": (
        article(published={"date": "2024-13"}),
        "sources/articles/daily.txt:6: 'published.date' '2024-13' is an impossible date: there is no month 13"),
    "date in another form": (
        article(published={"date": "16/07/2024"}),
        "sources/articles/daily.txt:6: 'published.date' '16/07/2024' is not a date; write YYYY, YYYY-MM or "
        "YYYY-MM-DD (for example 2024-07-16)"),
    "bad time": (
        article(published={"date": "2024-07-16", "time": "9.44"}),
        "sources/articles/daily.txt:7: 'published.time' must be a 24-hour time in quotes, like \"09:44\", "
        "not '9.44'"),
    "javascript address": (
        article(url="javascript:alert(1)"),
        "sources/articles/daily.txt:4: 'url' must be an http(s) address like https://example.com/story, "
        "not 'javascript:alert(1)'"),
    "relative address": (
        article(archive_url="/archive/story"),
        "sources/articles/daily.txt:13: 'archive_url' must be an http(s) address like "
        "https://example.com/story, not '/archive/story'"),
    "slug that escapes": (
        article(slug="../../etc"),
        "sources/articles/daily.txt:13: 'slug' must be lowercase letters, digits and single hyphens, like "
        "'daily-news', not '../../etc'"),
    "empty article": (
        article(""),
        "sources/articles/daily.txt:1: the article is empty: paste the capture below the closing '---' line"),
    "blank article": (
        article("\n   \n\n"),
        "sources/articles/daily.txt:1: the article is empty: paste the capture below the closing '---' line"),
    "everything is furniture": (
        article("Subscribe now\nMost read\n"),
        "sources/articles/daily.txt:14: cleaning removed every line of the article; add a "
        "'cleaning: {keep: [{line: ..., reason: ...}]}' rule for its text"),
    "not UTF-8": (
        article().encode("utf-8") + b"caf\xe9\n",
        "sources/articles/daily.txt:15: the file is not UTF-8 text (byte 0xe9 cannot be read); save it with "
        "UTF-8 encoding"),
    "evidence for no field": (
        article(evidence={"mood": "cheerful"}),
        "sources/articles/daily.txt:14: 'evidence.mood' is not a field; evidence is given for a field like "
        "outlet, agency, headline or published.date"),
    "bad cleaning pattern": (
        article(cleaning={"remove": [{"pattern": "(unclosed", "reason": "x"}]}),
        "sources/articles/daily.txt:15: 'cleaning.remove[0].pattern' is not a valid regular expression: "
        "missing ), unterminated subpattern at position 0; escape special characters like ( ) [ ] . * with "
        "a backslash"),
    "cleaning rule without reason": (
        article(cleaning={"keep": [{"line": "Opinion"}]}),
        "sources/articles/daily.txt:15: 'cleaning.keep[0]' must be {line: exact text, reason: why} or "
        "{pattern: regular expression, reason: why}, with exactly one of line or pattern"),
    "unknown paragraph mode": (
        article(cleaning={"paragraphs": "double"}),
        "sources/articles/daily.txt:14: 'cleaning.paragraphs' must be 'lines' (each line a paragraph) or "
        "'blank-lines' (paragraphs end at a blank line), not 'double'"),
    "changed capture": (
        article("Edited text.\n", capture={"method": "x", "sha256": hashlib.sha256(b"Original text.\n").hexdigest()}),
        "sources/articles/daily.txt:13: the capture below the front matter has changed since it was recorded; "
        "captures are kept byte for byte, so undo the edit and use 'cleaning:' rules instead (or, for a new "
        f"capture, set sha256: {EDITED_SHA})"),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_is_one_exact_line(text: str | bytes, expected: str) -> None:
    assert problems_of(text) == [expected]


def test_a_file_name_that_cannot_be_an_address_needs_a_slug() -> None:
    assert problems_of(GOOD, stem="My Story") == [
        "sources/articles/daily.txt:1: the file name 'My Story' cannot be a page address; rename the file to "
        "lowercase letters, digits and hyphens (like daily-news.txt) or add 'slug: daily-news'"]
    assert problems_of(article(slug="my-story"), stem="My Story") == []


def test_several_mistakes_are_all_reported() -> None:
    assert len(problems_of(article(country=42, url="ftp://x", byline="Jane"))) == 3


def write(folder: Path, name: str, text: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode() if isinstance(text, str) else text)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    sources, problems = load_sources(tmp_path / "sources" / "articles", tmp_path)
    assert sources == []
    assert [str(p) for p in problems] == [
        "sources/articles: the articles folder does not exist; create it and add one .txt file per article "
        "(see the README)"]


def test_two_sources_with_one_slug(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "articles"
    write(folder, "alpha.txt", article(slug="daily"))
    write(folder, "beta.txt", article(slug="daily"))
    sources, problems = load_sources(folder, tmp_path)
    assert [s.slug for s in sources] == ["daily"]
    assert [str(p) for p in problems] == [
        "sources/articles/beta.txt: the slug 'daily' is already used by sources/articles/alpha.txt; give one "
        "of them another file name or 'slug:'"]


def test_other_files_are_named_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "articles"
    write(folder, "good.txt", GOOD)
    write(folder, "notes.md", "# notes")
    write(folder, ".good.txt.swp", b"\x00editor swap file")
    write(folder, "good.txt~", "backup")
    (folder / "nested").mkdir()
    sources, problems = load_sources(folder, tmp_path)
    assert [s.slug for s in sources] == ["good"]
    assert [str(p) for p in problems] == [
        "sources/articles/nested: folders are not read inside the articles folder; move its .txt files up one level",
        "sources/articles/notes.md: only .txt files are articles; rename it to notes.txt or move it out of "
        "sources/articles"]


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "articles"
    write(tmp_path, "outside.txt", GOOD)
    folder.mkdir(parents=True)
    (folder / "linked.txt").symlink_to(tmp_path / "outside.txt")
    _, problems = load_sources(folder, tmp_path)
    assert [str(p) for p in problems] == [
        "sources/articles/linked.txt: this link points outside sources/articles; copy the article into the "
        "folder instead"]


def test_an_empty_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    _, problems = load_sources(tmp_path / "articles", tmp_path)
    assert [str(p) for p in problems] == ["articles: the articles folder has no .txt files; add one per article"]


def test_the_digest_command_prints_what_the_check_expects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from story.__main__ import main

    path = tmp_path / "daily.txt"
    path.write_text(article("Captured text.\n"), encoding="utf-8")
    assert main(["digest", str(path)]) == 0
    digest = capsys.readouterr().out.split("sha256: ")[1].strip()
    assert digest == hashlib.sha256(b"Captured text.\n").hexdigest()
    assert problems_of(article("Captured text.\n", capture={"method": "x", "sha256": digest})) == []
