"""A second story of the engine's own (tests/stories/ferry): it builds strict, and the claim check catches its mutants."""

from __future__ import annotations

import shutil
import sys

from storytest import REPO, Story

FERRY = REPO / "tests" / "stories" / "ferry"
sys.path.insert(0, str(REPO / "bench"))

import claim_mutations  # noqa: E402


def test_the_second_story_builds_strict_with_every_claim_supported(story: Story) -> None:
    shutil.rmtree(story.root / "sources")
    shutil.copytree(FERRY / "sources", story.root / "sources")
    shutil.copy(FERRY / "docs" / "index.md", story.docs / "index.md")
    result = story.build("-q")
    assert result.returncode == 0, result.output
    assert story.soup("index.html").select("sup[id^='fnref:story-cite-']")


def test_the_claim_check_catches_the_mutants_of_both_stories() -> None:
    for root, goal in ((FERRY, 1.0), (REPO, 0.95)):
        report = claim_mutations.run(root)
        assert report.baseline == [], root
        assert len(report.results) > 40
        assert report.caught() >= goal, [m for m, ok in report.results if not ok]
        assert {m.kind for m, _ in report.results} >= {"day", "month", "year", "weekday", "number", "name",
                                                         "negation added", "negation dropped", "outlets"}


def test_a_mutant_is_a_page_with_one_fact_changed() -> None:
    report = claim_mutations.run(FERRY)
    text = (FERRY / "docs" / "index.md").read_text(encoding="utf-8")
    for mutant, _ in report.results:
        assert mutant.text != text
        assert len(mutant.text.splitlines()) == len(text.splitlines())
        assert sum(a != b for a, b in zip(mutant.text.splitlines(), text.splitlines())) == 1, mutant
