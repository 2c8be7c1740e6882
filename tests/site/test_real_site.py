"""The project's own story: five captures, built strict, exactly as CI and readers get it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from story.sources.load import load_sources
from storytest import REPO, build_project

SEEDS = REPO.parent / "shared" / "seed-articles"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("real") / "site")


def real_sources() -> list:
    sources, problems = load_sources(REPO / "sources" / "articles", REPO)
    assert problems == []
    return sources


def test_every_real_capture_is_recorded_and_verified() -> None:
    sources = real_sources()
    assert len(sources) >= 5
    for source in sources:
        assert source.capture.sha256 == hashlib.sha256(source.body.encode("utf-8")).hexdigest(), source.path


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed captures are only beside the steering checkout")
def test_the_real_captures_are_the_seeds_byte_for_byte() -> None:
    for source in real_sources():
        if source.capture.file:
            assert (SEEDS / source.capture.file).read_bytes() == source.body.encode("utf-8"), source.path


def test_the_real_site_has_a_page_per_outlet_and_an_index(real_site: Path) -> None:
    sources = real_sources()
    index = BeautifulSoup((real_site / "outlets" / "index.html").read_text(), "html.parser")
    rows = index.select("table tbody tr")
    assert len(rows) == len(sources)
    for source in sources:
        page = BeautifulSoup((real_site / "outlets" / source.slug / "index.html").read_text(), "html.parser")
        ids = [p["id"] for p in page.select("p.story-paragraph")]
        assert ids == [f"p{n}" for n in range(1, len(source.cleaned.paragraphs) + 1)]


def test_the_unknown_outlet_stays_unknown(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "outlets" / "unknown-outlet" / "index.html").read_text(), "html.parser")
    card = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in
            zip(page.select(".story-provenance dl dt"), page.select(".story-provenance dl dd"))}
    assert card["Outlet"].startswith("Unknown Evidence: No outlet name appears in the capture.")
    assert card["Original"] == "Unknown"


def test_the_citation_examples_in_the_docs_verify_against_the_real_sources() -> None:
    import re

    from story.citations.notes import Library, cite_page

    library = Library(real_sources())
    examples = []
    for doc in (REPO / "README.md", REPO / "docs" / "method.md"):
        for block in re.findall(r"```markdown\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S):
            examples.append((doc.name, block))
    assert len(examples) >= 2
    for name, block in examples:
        result = cite_page(block, page="index.md", library=library, outlets_dir="outlets", shown=name)
        assert result.problems == (), result.problems
        assert result.citations, name


def test_the_real_comparison_finds_the_conflicts_the_captures_contain() -> None:
    from story.comparison.compare import compare

    comparison, problems = compare(real_sources())
    assert problems == []
    found = {c.id: sorted({f.source for side in c.sides for f in side.facts}) for c in comparison.conflicts}
    assert found == {
        "date-announcement": ["dawn", "timeslive"],                       # Monday or Tuesday
        "attribution-first-reported-by": ["dawn", "helloentrepreneurs", "siliconrepublic", "timeslive"],
        "count-senior-person": ["dawn", "helloentrepreneurs", "timeslive"],  # 12, several, or four named
        "count-employee": ["helloentrepreneurs", "siliconrepublic"],      # several, or fewer than 50
    }
    assert [[side.value for side in c.sides] for c in comparison.conflicts if c.id == "count-senior-person"] == [
        ["12 senior person", "4 named senior person", "several senior person"]]
    worded = {c.id: sorted({f.source for side in c.sides for f in side.facts}) for c in comparison.wording}
    assert worded == {
        "wording-sad-but-difficult-decision": ["dawn", "siliconrepublic", "unknown-outlet"],
        "wording-gradually-winding-down": ["dawn", "helloentrepreneurs", "unknown-outlet"],
        "wording-purchase-unavailable-for-us-customers": ["dawn", "timeslive", "unknown-outlet"],
    }
