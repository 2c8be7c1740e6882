"""What the story-wide work reads of each source, which is what its cache keys hold.

A cache key that leaves a field out promises that the work never reads it. These tests run the
work on the real story with those fields out of reach, and check that it gives the very same
result (as the cache would store it) as with the sources whole.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from story.citations.notes import NOT_READ_BY_CHECKS, Library
from story.citations.page_checks import PageChecks
from story.comparison.compare import _grouped, _tokens, shared_text
from story.comparison.facts import source_facts
from story.sources.cache import pickle_naming
from story.sources.load import Source, load_sources
from story.timeline.events import load_timeline

REPO = Path(__file__).resolve().parents[2]


def real_sources() -> list[Source]:
    sources, problems = load_sources(REPO / "sources" / "articles", REPO)
    assert sources and not problems
    return sources


def out_of_reach(source: Source, hidden: Collection[str], **replaced: Any) -> Source:
    """A copy of `source` that fails the test when the work reads one of the `hidden` fields."""

    class OutOfReach(Source):
        def __getattribute__(self, name: str) -> Any:
            if name in hidden:
                raise AssertionError(f"the work read the source's {name!r}, which its cache key leaves out")
            return super().__getattribute__(name)

    made = copy.copy(source)
    object.__setattr__(made, "__class__", OutOfReach)
    for name, value in replaced.items():
        object.__setattr__(made, name, value)
    return made


def stored(value: Any, sources: Sequence[Source]) -> bytes:
    """`value` as the derived cache stores it: sources and paragraphs by name, so copies compare equal."""
    names: dict[int, Any] = {id(source): ("source", source.slug) for source in sources}
    names.update((id(paragraph), ("paragraph", source.slug, index)) for source in sources
                 for index, paragraph in enumerate(source.cleaned.paragraphs))
    return pickle_naming(value, names)


def checked(sources: Sequence[Source]) -> bytes:
    """The explainer's citations and claims verified, and the timeline checked, against `sources`."""
    library = Library(sources)
    text = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    page = PageChecks(library, "outlets")
    cited = page._verify("index.md", text, shown="docs/index.md", file_text=text)
    timeline = load_timeline(REPO / "sources" / "timeline.yml", "sources/timeline.yml", library)
    return stored((cited, timeline), sources)


def test_verifying_citations_and_the_timeline_reads_nothing_their_keys_leave_out() -> None:
    whole = real_sources()
    hidden = NOT_READ_BY_CHECKS - {"derived"}  # `derived` is where the checks keep what they work out
    assert hidden == {"headline", "notes", "evidence"}
    assert checked([out_of_reach(source, hidden) for source in whole]) == checked(whole)


@pytest.mark.parametrize("part", ["facts", "shared text"])
def test_comparing_reads_only_the_facts_and_the_paragraphs(part: str) -> None:
    whole = real_sources()
    for source in whole:  # worked out (and kept) with the source whole, as a build does
        source_facts(source)
        _tokens(source)
    readable = {"slug", "cleaned", "derived", "__class__", "__dict__"}
    hidden = {name for name in Source.__dataclass_fields__ if name not in readable} | {"name", "title"}
    reached = [out_of_reach(source, hidden, cleaned=SimpleNamespace(paragraphs=source.cleaned.paragraphs))
               for source in whole]
    work = _grouped if part == "facts" else shared_text
    assert stored(work(reached), reached) == stored(work(whole), whole)
