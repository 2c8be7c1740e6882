"""The machine-readable files published beside the pages: citations, annotations, comparison, timeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..citations.notes import Citation, text_fragment
from ..comparison.compare import Comparison
from ..problems import Problem
from ..render.comparison_blocks import comparison_data
from ..render.outlet_pages import page_path
from ..render.timeline_blocks import events_data, timelinejs
from ..sources.load import Source
from ..timeline.events import Timeline
from .annotations import annotation_collection, check_data


@dataclass(frozen=True)
class BuiltStory:
    """What the data files are made from: the story, its citations, and where each page ended up."""

    sources: Sequence[Source]
    citations: Sequence[Citation]
    counts: Mapping[str, int]
    """How many citations name each source, by slug."""
    comparison: Comparison | None
    timeline: Timeline | None
    outlets_dir: str
    page_urls: Mapping[str, str]
    """Docs-relative path of each page to its URL from the site root."""
    title: str
    base_url: str
    language: str


def data_paths(comparison: bool, timeline: bool) -> list[str]:
    """The site paths of the data files, known before their contents are."""
    paths = ["citations.json", "annotations.jsonld"] + (["comparison.json"] if comparison else [])
    return paths + (["timeline.json", "events.json"] if timeline else [])


def data_files(story: BuiltStory) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each data file's site path and contents, one at a time, so that only one is in memory at once."""
    urls, outlets = story.page_urls, story.outlets_dir
    yield "citations.json", citations_data(story)
    yield "annotations.jsonld", annotation_collection(
        story.citations, base_url=story.base_url, page_url=lambda page: urls.get(page, "").removeprefix("./"),
        outlet_url=lambda slug: urls.get(page_path(outlets, slug), ""), language=story.language,
        label=f"{story.title}: every claim and the words that support it")
    if story.comparison is not None:
        yield "comparison.json", comparison_data(story.comparison, urls, outlets)
    if story.timeline is not None:
        yield "timeline.json", timelinejs(story.timeline, story.title, urls, outlets, story.base_url)
        yield "events.json", events_data(story.timeline, urls, outlets)


def write_data_files(files: Iterable[tuple[str, Any]], targets: Mapping[str, Path]) -> list[Problem]:
    """Write each data file `targets` has a place for (by site path) there, as `write_json` makes it; one that
    cannot be written is a problem of one line, and the others are written still."""
    problems = []
    for path, data in files:
        target = targets.get(path)
        if target is None:  # not in the site: another plugin took the path away
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                write_json(out, data)
                out.write(b"\n")
        except OSError as err:
            problems.append(Problem(target.as_posix(), None, f"cannot write this data file ({err.strerror or err}); "
                                                             "make sure the site folder can be written to and "
                                                             "its disk has room"))
    return problems


def write_json(out: BinaryIO, value: Any) -> None:
    """Write `value` as compact UTF-8 JSON, making and writing the items of any iterator in it one at a time.

    The data builders give their long lists (citations, facts, events, mentions) as iterators, so a
    data file is never whole in memory, neither as objects nor as text. Mappings with an iterator
    inside are walked; everything else, lists and the items an iterator gives among them, is
    written whole, by orjson (the standard library's encoder took a quarter of a second at 1,000
    articles; the output is the same JSON).
    """
    if isinstance(value, Iterator):
        out.write(b"[")
        for n, item in enumerate(value):
            out.write((b"," if n else b"") + orjson.dumps(item))
        out.write(b"]")
    elif isinstance(value, Mapping) and _streams(value):
        out.write(b"{")
        for n, (key, item) in enumerate(value.items()):
            out.write((b"," if n else b"") + orjson.dumps(key) + b":")
            write_json(out, item)
        out.write(b"}")
    else:
        out.write(orjson.dumps(value))


def _streams(value: Mapping[str, Any]) -> bool:
    return any(isinstance(item, Iterator) or (isinstance(item, Mapping) and _streams(item)) for item in value.values())


def citations_data(story: BuiltStory) -> dict[str, Any]:
    """The contents of citations.json: every citation with its claim, facts, sources, quotes and links."""
    url_of, outlets, counts = story.page_urls, story.outlets_dir, story.counts
    return {
        "schema": "story-citations/1",
        "sources": {
            s.slug: {"outlet": s.outlet, "headline": s.headline, "url": s.url, "file": s.path,
                     "page": url_of.get(page_path(outlets, s.slug)), "citations": counts.get(s.slug, 0)}
            for s in sorted(story.sources, key=lambda s: s.slug)
        },
        "citations": (
            {"page": c.page, "page_url": f"{url_of.get(c.page, '')}#{c.anchor}", "line": c.line,
             "number": c.number, "claim": c.claim, "synthesis": c.synthesis,
             "facts": [check_data(check) for check in c.checks],
             "sources": [{"source": q.source.slug, "outlet": q.source.outlet, "quote": q.quote,
                          "printed": q.match.text, "paragraph": q.match.paragraph.number,
                          "link": (f"{url_of.get(page_path(outlets, q.source.slug), '')}"
                                   f"#{q.match.paragraph.anchor}:~:{text_fragment(q.match.text)}")}
                         for q in c.quotes]}
            for c in story.citations
        ),
    }
