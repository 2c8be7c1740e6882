"""What the story-wide work reads of each source, which is what its cache keys hold.

A cache key that leaves a field out promises that the work never reads it. These tests run the
work on the real story with those fields out of reach, and check that it gives the very same
result (as the cache would store it) as with the sources whole.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Collection, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from story.citations.notes import NOT_READ_BY_CHECKS, Library
from story.citations.page_checks import PageChecks
from story.comparison.compare import _OTHER_KINDS, _grouped, _tokens, compare, shared_text
from story.comparison.facts import source_facts
from story.render.comparison_blocks import comparison_facts_sections, shared_section
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
    types = {type(source) for source in sources} | {type(p) for source in sources for p in source.cleaned.paragraphs}
    return pickle_naming(value, names, types)


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


@pytest.mark.parametrize("part", ["other facts", "quotations", "shared text"])
def test_comparing_reads_only_the_facts_and_the_paragraphs(part: str) -> None:
    whole = real_sources()
    for source in whole:  # worked out (and kept) with the source whole, as a build does
        source_facts(source)
        _tokens(source)
    readable = {"slug", "cleaned", "derived", "__class__", "__dict__"}
    hidden = {name for name in Source.__dataclass_fields__ if name not in readable} | {"name", "title"}
    reached = [out_of_reach(source, hidden, cleaned=SimpleNamespace(paragraphs=source.cleaned.paragraphs))
               for source in whole]
    work = {"other facts": lambda sources: _grouped(sources, _OTHER_KINDS),
            "quotations": lambda sources: _grouped(sources, ("quotation",)), "shared text": shared_text}[part]
    assert stored(work(reached), reached) == stored(work(whole), whole)


class _Unread:
    """A part of the comparison that the work at hand must not read."""

    def __init__(self, what: str) -> None:
        self.what = what

    def _read(self, *_: Any) -> Any:
        raise AssertionError(f"the work read the comparison's {self.what}, which its cache key leaves out")

    __getattr__ = __iter__ = __len__ = __bool__ = _read


def test_each_part_of_the_comparison_page_reads_only_its_part_of_the_comparison() -> None:
    """The page's Markdown is kept in two parts, one keyed by the facts' key, one by the shared text's."""
    whole = real_sources()
    comparison, _ = compare(whole)
    names = {source.slug: source.name for source in whole}
    made = ("comparison.md", "outlets")
    without_shared = dataclasses.replace(comparison, shared_later=_Unread("shared text"))
    assert comparison_facts_sections(without_shared, names, *made) == comparison_facts_sections(comparison, names,
                                                                                                 *made)
    without_facts = dataclasses.replace(comparison, groups=_Unread("facts"), conflicts=_Unread("conflicts"),
                                        wording=_Unread("quotations worded differently"))
    assert shared_section(without_facts, names, *made) == shared_section(comparison, names, *made)
