"""A build that forks copies of itself for the shared text and the data files (story.background) writes the site a
build that does all in its own process writes; STORY_BACKGROUND is checked like every other switch."""

from __future__ import annotations

import json
from pathlib import Path

from storytest import Story, article

WIRE = "Officials said the new restrictions on the company will come into effect at the end of September."


def _site(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*.*")}


def test_a_build_that_forks_writes_the_site_a_build_in_one_process_writes(story: Story, tmp_path: Path) -> None:
    for slug, intro in (("daily", "The Daily heard it first."), ("herald", "Our reporter confirmed it.")):
        story.add(f"{slug}.txt", article(f"{intro}\n{WIRE}\n", outlet=f"The {slug.title()}"))
    story.page("index.md", "# Story\n\nThe restrictions take effect at the end of September "
                           "[@daily \"come into effect at the end of September\"].\n")
    sites = {}
    for forking in ("1", "0"):
        folder = tmp_path / f"forking-{forking}"
        done = story.build("-d", str(folder), env={"STORY_CACHE": "0", "STORY_BACKGROUND": forking})
        assert done.returncode == 0 and done.logged() == [], done.output
        sites[forking] = _site(folder)
    assert sites["1"] == sites["0"]
    shared = json.loads(sites["1"][Path("comparison.json")])["shared_text"]
    assert [len(passage["places"]) for passage in shared] == [2]  # found, by the copy, and sent back
    assert json.loads(sites["1"][Path("citations.json")])["citations"][0]["sources"][0]["source"] == "daily"


def test_story_background_set_to_neither_0_nor_1_stops_the_build_with_one_line(story: Story) -> None:
    story.add("daily.txt", article(f"{WIRE}\n"))
    done = story.build(env={"STORY_BACKGROUND": "always"})
    assert done.returncode == 1 and "Traceback" not in done.output, done.output
    assert done.logged() == ["ERROR - story: environment: STORY_BACKGROUND must be 0 (do all the work in the build's "
                             "own process) or 1 (let work go on in a copy of the process for any story), not "
                             "'always'; unset it to let stories of 200 sources or more use a copy",
                             "ERROR - the story has 1 problem (listed above); nothing was rebuilt"]


def test_search_entries_found_by_a_copy_are_kept_and_found_again(story: Story) -> None:
    """The copy reads the render cache and sends what it would write; the build writes it, and keeps what the copy
    read, so that every build after the first finds every page's search entries."""
    for slug in ("daily", "herald"):
        story.add(f"{slug}.txt", article(f"{WIRE}\n", outlet=f"The {slug.title()}"))
    story.page("index.md", "# Story\n\nWords of the explainer.\n")
    forking = {"STORY_BACKGROUND": "1"}
    first = story.build(env=forking)
    assert first.returncode == 0, first.output
    pages = len([path for path in story.built() if path.name == "index.html"])
    for _ in range(2):
        again = story.build(env=forking)
        found = [line for line in again.lines() if "from the render cache" in line]
        assert found == [f"INFO - story: from the render cache: {pages} pages' HTML, {pages} pages' search entries, "
                         f"{pages} pages laid out"], again.output
