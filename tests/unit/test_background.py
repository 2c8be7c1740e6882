"""Work done by a forked copy of the process: the result it sends, or the same work done here when the copy fails;
when a build forks at all; the data files it writes; the search entries it finds, and those made here instead."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from story.background import FORK_FROM, Later, can_fork, fork_from, stop_all
from story.comparison.compare import compare
from story.publish.data_files import write_data_files
from story.sources.load import load_sources

HERE = os.getpid()
REPO = Path(__file__).resolve().parents[2]
forking = pytest.mark.skipif(not can_fork(), reason="this system does not fork copies of a build")


def _where() -> str:
    return "here" if os.getpid() == HERE else "copy"


def _fails_in_the_copy() -> str:
    if os.getpid() != HERE:
        raise RuntimeError("only the copy meets this")
    return "here"


def _dies_in_the_copy() -> str:
    if os.getpid() != HERE:
        os._exit(3)
    return "here"


def _unpicklable_in_the_copy() -> Any:
    return (lambda: "copy") if os.getpid() != HERE else "here"


def _waits_in_the_copy() -> str:
    if os.getpid() != HERE:
        time.sleep(60)
    return "here"


@forking
@pytest.mark.parametrize(("make", "result"), [
    (_where, "copy"),  # made by the copy, sent back
    (lambda: {"pairs": {("a", "b"): 0.5}, "passages": (1, 2)}, {"pairs": {("a", "b"): 0.5}, "passages": (1, 2)}),
    (_fails_in_the_copy, "here"),  # the work raised in the copy: made again here
    (_dies_in_the_copy, "here"),  # the copy ended without a word
    (_unpicklable_in_the_copy, "here"),  # the copy's result could not be sent
])
def test_a_forked_copy_sends_its_result_or_the_work_is_done_here(make: Any, result: Any) -> None:
    kept: list[Any] = []
    later = Later(make, kept.append, fork=True)
    assert kept == []  # nothing is here before it is asked for
    assert later.get() == result
    assert later.get() == result
    assert kept == [result]  # given to `then` once


def test_without_a_fork_the_work_is_done_at_once_here() -> None:
    kept: list[str] = []
    later = Later(_where, kept.append, fork=False)
    assert kept == ["here"]
    assert later.get() == "here"
    assert Later.known(5).get() == 5


@forking
def test_a_failed_build_stops_the_copies_it_started_and_their_work_is_done_here_if_asked() -> None:
    start = time.perf_counter()
    later = Later(_waits_in_the_copy, fork=True)
    stop_all()
    assert later.get() == "here"
    assert time.perf_counter() - start < 30


@forking
def test_a_comparison_that_forks_finds_the_same_shared_text_and_keeps_the_sources_words_here() -> None:
    """What the copy derives from a source is lost with it; the words the source cache keeps are made here."""
    sources, problems = load_sources(REPO / "sources" / "articles", REPO)
    assert sources and not problems
    forked, _ = compare(sources, fork=True)
    assert all("comparison shingles" in source.derived for source in sources)
    inline, _ = compare(load_sources(REPO / "sources" / "articles", REPO)[0], fork=False)
    assert forked.shared == inline.shared and forked.shared.passages


@pytest.mark.parametrize(("value", "sources"), [
    (None, FORK_FROM), ("", FORK_FROM), ("1", 0), (" 1 ", 0), ("0", None),
])
def test_story_background_says_from_how_many_sources_a_build_forks(value: str | None, sources: int | None) -> None:
    assert fork_from(value) == (sources if can_fork() else None)


@pytest.mark.parametrize("value", ["yes", "2", "off"])
def test_story_background_set_to_anything_else_is_one_line(value: str) -> None:
    with pytest.raises(ValueError, match="^STORY_BACKGROUND must be 0") as raised:
        fork_from(value)
    assert str(raised.value) == (f"STORY_BACKGROUND must be 0 (do all the work in the build's own process) or 1 (let "
                                 f"work go on in a copy of the process for any story), not {value!r}; unset it to "
                                 f"let stories of {FORK_FROM} sources or more use a copy")


def test_a_data_file_that_cannot_be_written_is_a_problem_and_the_others_are_written(tmp_path: Path) -> None:
    (tmp_path / "taken.json").mkdir()  # a folder where the file goes
    files = [("taken.json", {"a": 1}), ("sub/kept.json", iter([1, 2])), ("elsewhere.json", {"b": 2})]
    problems = write_data_files(files, {"taken.json": tmp_path / "taken.json", "sub/kept.json": tmp_path / "sub" /
                                        "kept.json"})
    assert [str(problem) for problem in problems] == [
        f"{(tmp_path / 'taken.json').as_posix()}: cannot write this data file (Is a directory); make sure the site "
        "folder can be written to and its disk has room"]
    assert (tmp_path / "sub" / "kept.json").read_bytes() == b"[1,2]\n"
    assert not (tmp_path / "elsewhere.json").exists()  # not in the site: nothing to write


def test_search_entries_found_by_a_copy_are_made_again_for_a_page_whose_html_changed_since() -> None:
    """`finish` takes the copy's entries for a page whose HTML is as the copy read it, and indexes any other here."""
    from types import SimpleNamespace

    from rendered_pages import EntryStore
    from search_entries import SearchEntries

    index = SimpleNamespace(entries=[], config={})
    index.add_entry_from_context = lambda page: index.entries.append({"location": page.url, "text": page.content})
    rendered = SimpleNamespace(store=EntryStore(None), found=Counter())
    search = SearchEntries(rendered, index, index.add_entry_from_context)  # type: ignore[arg-type]
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=f"{name}.md"), url=f"{name}/", title=name, meta={}, toc=[],
                             content=f"<p>{name}</p>") for name in ("kept", "changed")]
    found = search.finder(pages)()
    pages[1].content = "<p>changed since</p>"
    for page in pages:
        search.add_entry_from_context(page)  # type: ignore[arg-type]
    assert index.entries == []  # only noted, while the copy works
    search.finish(found)
    assert index.entries == [{"location": "kept/", "text": "<p>kept</p>"},
                             {"location": "changed/", "text": "<p>changed since</p>"}]
