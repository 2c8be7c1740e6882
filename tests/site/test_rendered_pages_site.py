"""Pages kept rendered between builds: a build that takes them from the cache writes the site a build without
the cache writes, whatever changed in between, and every message of a page's rendering is logged again."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from story.markup import apart, notes_apart, runs_of
from storytest import Story, article

CLAIM_PAGE = """---
citations: required
---
# Claims

## What happened

The company would close its office in July [@the-daily-test "would close its office in July"].

See [the other section](#what-happened) and [the outlets](outlets/index.md).
{: .uncited }
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    story = Story(tmp_path / "story")
    story.add("the-daily-test.txt", article("The company said it would close its office in July.\n"))
    story.add("the-other-paper.txt", article("Staff were told on Monday that the office would close.\n",
                                             outlet="The Other Paper", url="https://example.org/other"))
    story.page("claims.md", CLAIM_PAGE)
    story.page("about.md", "# About\n\nHow this site is made.\n\n## Sources\n\nTwo papers.\n")
    return story


def _site(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*.*")}


def _uncached(story: Story, tmp_path: Path) -> dict[Path, bytes]:
    """The site as a build with no cache at all writes it, doing all its work in its own process."""
    folder = tmp_path / "uncached"
    done = story.build("-d", str(folder), env={"STORY_CACHE": "0", "STORY_BACKGROUND": "0"})
    assert done.returncode == 0, done.output
    return _site(folder)


def _from_cache(story: Story) -> str:
    found = [line for line in story.build().lines() if "from the render cache" in line]
    return found[0] if found else ""


def test_a_build_with_nothing_changed_takes_every_page_from_the_cache_and_writes_the_same_site(
        story: Story, tmp_path: Path) -> None:
    first = story.build()
    assert first.returncode == 0 and "from the render cache" not in first.output, first.output
    assert (story.root / ".cache" / "rendered.sqlite").is_file()
    site = story.built()
    pages = len([path for path in site if path.name == "index.html"])
    assert _from_cache(story) == (f"INFO - story: from the render cache: {pages} pages' HTML, {pages} pages' "
                                  f"search entries, {pages} pages laid out")
    assert story.built() == site == _uncached(story, tmp_path)
    page = site[Path("index.html")].decode()  # kept as the theme's HTML repaired (theme_repairs), not repaired again
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*autocomplete', page)
    assert 'role="dialog" aria-label="Search"' in page and " defer></script>" in page


def test_a_page_from_the_cache_is_not_rendered_at_all(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild in one process, as `mkdocs serve` makes it: no page makes a Markdown converter, and the site is
    the one the first build wrote."""
    import markdown
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    assert story.build().returncode == 0
    site = story.built()
    made = []
    real_init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, *args: object, **kwargs: object) -> None:
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.chdir(story.root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(story.config), site_dir=str(story.site), strict=True)  # checks the extensions
    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    build(config)
    assert made == []
    assert story.built() == site


def _replace(path: str, old: str, new: str) -> Callable[[Story], None]:
    def change(story: Story) -> None:
        file = story.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


CHANGES = {
    "a page's text": _replace("docs/about.md", "How this site is made.", "How this site was made."),
    "a title in the navigation": _replace("docs/about.md", "# About", "# About this site"),
    "a new page": lambda story: story.page("more.md", "# More\n\nMore words.\n"),
    "a source": _replace("sources/articles/the-other-paper.txt", "on Monday", "on Tuesday"),
    "what another outlet reports": _replace("sources/articles/the-other-paper.txt", "the office would close.",
                                            "the office would close in July."),
    "a citation of a source": _replace("docs/claims.md", "in July [@the-daily-test \"would close its office in July\"].",
                                       "in July [@the-daily-test \"would close its office in July\"]. Staff were told "
                                       "on Monday [@the-other-paper \"Staff were told on Monday\"]."),
    "publishing excerpts only": lambda story: story.setting("publish", "excerpts"),
    "copy another outlet prints too": _replace("sources/articles/the-other-paper.txt", "would close.\n",
                                               "would close. The company said it would close its office in July.\n"),
    "a section kept out of search": _replace("docs/about.md", "## Sources",
                                             "## Sources {: data-search-exclude=\"true\" }"),
    "the site's name": _replace("mkdocs.yml", "site_name: Test story", "site_name: Another story"),
    "a template": _replace("docs/overrides/main.html", "{% block extrahead %}",
                           "{% block extrahead %}<meta name=\"test\" content=\"changed\">"),
    "an extension's setting": _replace("mkdocs.yml", "permalink: true", "permalink: \"#\""),
    "a theme setting": _replace("mkdocs.yml", "primary: indigo", "primary: teal"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_after_a_change_the_cache_gives_what_a_build_without_it_gives(
        story: Story, tmp_path: Path, change: Callable[[Story], None]) -> None:
    """The builds with the cache fork copies of themselves for the shared text and the data files, as a large
    story's do (story.background); the one without does all in its own process."""
    forking = {"STORY_BACKGROUND": "1"}
    assert story.build(env=forking).returncode == 0
    change(story)
    again = story.build(env=forking)
    assert again.returncode == 0, again.output
    assert story.built() == _uncached(story, tmp_path)


def test_a_page_whose_rendering_logged_a_message_is_rendered_again_and_logs_it_again(story: Story) -> None:
    story.config.write_text(story.config.read_text(encoding="utf-8").replace(
        "  anchors: warn\n", "  anchors: warn\n  not_found: info\n"), encoding="utf-8")
    story.page("about.md", "# About\n\nSee [the missing page](missing.md).\n")
    message = ("INFO - Doc file 'about.md' contains a link 'missing.md', but the target is not found among "
               "documentation files.")
    first = story.build()
    assert first.returncode == 0 and message in first.lines(), first.output
    again = story.build()
    assert message in again.lines(), again.output
    pages = len([path for path in story.built() if path.name == "index.html"])
    assert f"from the render cache: {pages - 1} pages' HTML" in again.output


def test_an_anchor_taken_away_from_a_page_fails_a_page_that_links_to_it_from_the_cache(story: Story) -> None:
    story.page("links.md", "# Links\n\nSee [the sources](about.md#sources).\n")
    assert story.build().returncode == 0
    pages = len([path for path in story.built() if path.name == "index.html"])
    _replace("docs/about.md", "## Sources", "## Papers")(story)
    again = story.build()
    assert again.returncode == 1
    assert again.logged("WARNING") == ["WARNING - Doc file 'links.md' contains a link 'about.md#sources', but the "
                                       "doc 'about.md' does not contain an anchor '#sources'."]
    assert f"from the render cache: {pages - 1} pages' HTML" in again.output  # the linking page among them


def test_a_damaged_entry_is_made_again_and_never_trusted(story: Story, tmp_path: Path) -> None:
    assert story.build().returncode == 0
    database = story.root / ".cache" / "rendered.sqlite"
    with sqlite3.connect(database) as db:
        count = db.execute("SELECT count(*) FROM entries").fetchone()[0]
        db.execute("UPDATE entries SET entry = CAST(substr(entry, 1, length(entry) - 9) || 'tampered!' AS BLOB)")
    db.close()
    again = story.build()
    assert again.returncode == 0 and "from the render cache" not in again.output, again.output
    assert story.built() == _uncached(story, tmp_path)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == count
    db.close()


def test_a_cache_file_that_is_not_a_database_is_replaced(story: Story, tmp_path: Path) -> None:
    database = story.root / ".cache" / "rendered.sqlite"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not a database at all" * 100)
    first = story.build()
    assert first.returncode == 0, first.output
    assert _from_cache(story).startswith("INFO - story: from the render cache:")
    assert story.built() == _uncached(story, tmp_path)


@pytest.mark.parametrize(("variable", "story_cache"), [("STORY_CACHE", False), ("STORY_RENDER_CACHE", True)])
def test_0_keeps_no_rendered_pages(story: Story, variable: str, story_cache: bool) -> None:
    """STORY_CACHE=0 turns every cache off; STORY_RENDER_CACHE=0 this one alone."""
    assert story.build(env={variable: "0"}).returncode == 0
    assert not (story.root / ".cache" / "rendered.sqlite").exists()
    assert (story.root / ".cache" / "story").is_dir() is story_cache


@pytest.mark.parametrize("variable", ["STORY_CACHE", "STORY_RENDER_CACHE"])
def test_a_cache_switch_set_to_neither_0_nor_1_stops_the_build_with_one_line(story: Story, variable: str) -> None:
    done = story.build(env={variable: "off"})
    assert done.returncode == 1 and "Traceback" not in done.output, done.output
    assert done.logged() == [f"ERROR - story: environment: {variable} must be 0 (build without the cache) or 1, "
                             "not 'off'; unset it to keep the cache",
                             "ERROR - the story has 1 problem (listed above); nothing was rebuilt"]
    assert not (story.root / ".cache").exists()


def test_a_page_laid_out_by_another_template_is_laid_out_by_every_build(story: Story) -> None:
    (story.docs / "overrides" / "plain.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    story.page("about.md", "---\ntemplate: plain.html\n---\n# About\n\nHow this site is made.\n")
    assert story.build().returncode == 0
    pages = len([path for path in story.built() if path.name == "index.html"])
    assert _from_cache(story) == (f"INFO - story: from the render cache: {pages} pages' HTML, {pages} pages' "
                                  f"search entries, {pages - 1} pages laid out")


def test_an_extension_that_reads_files_turns_the_page_cache_off_and_says_so(story: Story) -> None:
    story.config.write_text(story.config.read_text(encoding="utf-8").replace(
        "  - pymdownx.details\n", "  - pymdownx.details\n  - pymdownx.snippets\n"), encoding="utf-8")
    first = story.build()
    assert ("INFO - story: pages are rendered afresh: the Markdown extension pymdownx.snippets may read files the "
            "render cache cannot see") in first.lines(), first.output
    line = _from_cache(story)
    assert re.search(r"from the render cache: 0 pages' HTML, \d+ pages' search entries", line), line


WIRE = "Officials said the new restrictions on the company will come into effect at the end of September."


def test_a_large_page_is_rendered_in_parts_kept_one_by_one_and_gives_the_page_rendered_whole(tmp_path: Path) -> None:
    """The comparison page of thirty outlets: its lists of what several and what one outlet reports and its shared
    text are parts (`story.markup.apart`); a source edit renders again the parts it changes, and the site is the
    one a build without any cache, which renders every page whole, writes."""
    story = Story(tmp_path / "story")
    for n in range(30):
        story.add(f"o{n:02d}.txt", article(f"Outlet {n} said over {n + 2} million users were affected.\n{WIRE}\n"
                                           "The firm has 270,000 clients.\n"
                                           f"A paragraph of its own, number {n}, in words of its own.\n",
                                           outlet=f"Outlet {n:02d}", url=f"https://example.com/{n}"))
    # A page that defines an abbreviation for the whole page is rendered whole: its parts would not see it.
    story.page("index.md", "---\nrender_macros: true\n---\n# Story\n\nThe outlets disagree.\n\n"
                           "{{ comparison_matrix() }}\n\n*[Outlet]: A news outlet\n")
    first = story.build()
    assert first.returncode == 0, first.output
    assert story.built() == _uncached(story, tmp_path)
    assert 'title="A news outlet">Outlet</abbr> 00</a>' in (story.site / "index.html").read_text()
    # A build that takes the page whole from the cache keeps its parts there for the next edit.
    assert "parts of other pages" not in _from_cache(story)
    _replace("sources/articles/o07.txt", "number 7, in words", "number seven, in other words")(story)
    edited = story.build()
    assert edited.returncode == 0, edited.output
    (line,) = [line for line in edited.lines() if "from the render cache" in line]
    parts = int(re.search(r"(\d+) parts of other pages", line)[1])  # type: ignore[index]
    assert 3 <= parts  # the list of facts several outlets report, and the twenty-five outlets the edit left be
    # The page's search entries are made again only for the sections the edit changed.
    pieces = int(re.search(r"(\d+) pieces of other pages' search entries", line)[1])  # type: ignore[index]
    assert 3 <= pieces
    assert story.built() == _uncached(story, tmp_path)
    # With nothing changed since, the page's entries come from the cache as the page's, pieces and all.
    assert "pieces of other pages' search entries" not in _from_cache(story)
    # A fact changed: the conflicts and one side's note are rendered again, each other note comes from the cache.
    _replace("sources/articles/o07.txt", "over 9 million", "over 2 million")(story)
    refacted = story.build()
    assert refacted.returncode == 0, refacted.output
    (line,) = [line for line in refacted.lines() if "from the render cache" in line]
    assert int(re.search(r"(\d+) notes of other pages", line)[1]) >= 1  # type: ignore[index]
    assert story.built() == _uncached(story, tmp_path)


NOT_APART = {  # a page whose marked parts do not render the same on their own: the page is rendered as one
    "a heading in a part": "# Page\n\nThe rest, with the Outlet.\n" + apart("## Inside\n\n- the Outlet"),
    "a note in a part": "# Page\n" + apart("- a claim[^n]\n\n[^n]: The note.") + "The rest, after it.\n",
    "an abbreviation defined in a part": "# Page\n\nThe Outlet speaks.\n" + apart("- one\n\n*[Outlet]: A paper"),
    "a link defined in the rest": "# Page\n\n[paper]: https://example.com/paper\n" + apart("- see [the paper][paper]"),
    # Notes marked to render apart (`notes_apart`) whose text does not: they are rendered with the page.
    "a note that cites a note": "# Page\n\nA claim[^a].\n" + apart("- one") + notes_apart(["[^a]: See[^b].\n",
                                                                                        "[^b]: The other.\n"]),
    "text after the notes": "# Page\n\nA claim[^a].\n" + apart("- one") + notes_apart(["[^a]: A note.\n"])
                            + "\nThe end of the page.\n",
}


@pytest.mark.parametrize("text", NOT_APART.values(), ids=NOT_APART.keys())
def test_a_page_whose_parts_do_not_render_apart_is_rendered_whole(story: Story, tmp_path: Path, text: str) -> None:
    story.page("about.md", text)
    first = story.build()
    assert first.returncode == 0, first.output
    assert "story:" not in (story.site / "about" / "index.html").read_text().split("<article", 1)[1]  # no mark shows
    assert story.built() == _uncached(story, tmp_path)


def test_a_long_list_and_table_are_rendered_run_by_run_and_give_the_page_rendered_whole(story: Story,
                                                                                        tmp_path: Path) -> None:
    """Parts of one-line items and of table rows, long enough to be cut into runs (`story.markup.runs_of`): each run
    is rendered with the page's links and kept, an edit renders its own run again, and the site is the one a build
    without any cache writes."""
    story.add("daily.txt", article("The firm said it would close its offices.\n", outlet="The Daily"))
    items = "\n".join(f"- Item {n} is [in the Daily](outlets/daily.md#p1) and *stressed*." for n in range(200))
    rows = "| Item | Share |\n| --- | ---: |\n" + "\n".join(f"| [Item {n}](outlets/daily.md) | {n}% |" for n in range(200))
    story.page("long.md", "# Long\n\nA list.\n" + apart(items) + "A table.\n" + apart(rows))
    assert story.build().returncode == 0
    assert story.built() == _uncached(story, tmp_path)
    page = (story.site / "long" / "index.html").read_text()
    assert page.count("<ul>") == 1 and page.count("<table>") == 1 and page.count('href="../outlets/daily/#p1"') == 200
    _replace("docs/long.md", "- Item 100 is", "- Item one hundred is")(story)
    (line,) = [line for line in story.build().lines() if "from the render cache" in line]
    runs = int(re.search(r"(\d+) parts of other pages", line)[1])  # type: ignore[index]
    cut = [runs_of(part) for part in (items, rows)]
    assert all(cut) and len(cut[0][1]) > 1 and len(cut[1][1]) > 1  # type: ignore[index]
    assert runs == len(cut[0][1]) - 1 + len(cut[1][1])  # type: ignore[index]  # every run but the edited one
    assert story.built() == _uncached(story, tmp_path)


def test_a_headline_edited_renders_its_own_run_of_the_outlets_index_again(story: Story, tmp_path: Path) -> None:
    """The index of outlets is a table rendered run by run: with many outlets, an edited headline renders again the
    run of rows it is in, the other runs come from the cache, and the site is the one a build without any cache
    writes."""
    for n in range(60):
        story.add(f"paper-{n:02d}.txt", article(f"Paper {n} reported that the office would close.\n",
                                                outlet=f"Paper {n:02d}", headline=f"Headline of paper {n}"))
    assert story.build().returncode == 0
    _replace("sources/articles/paper-30.txt", "Headline of paper 30", "Another headline of paper 30")(story)
    (line,) = [line for line in story.build().lines() if "from the render cache" in line]
    assert int(re.search(r"(\d+) parts of other pages", line)[1]) >= 1, line  # type: ignore[index]
    assert "Another headline of paper 30" in (story.site / "outlets" / "index.html").read_text()
    assert story.built() == _uncached(story, tmp_path)
