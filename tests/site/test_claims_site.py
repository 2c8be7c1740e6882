"""Claim support built whole: exact report lines, strict at every log level, evidence and annotations in the data."""

from __future__ import annotations

import json

import pytest
from storytest import Story, article

DAILY = """\
The company said on Monday it would close its offices in the country from July 20.
The US Treasury sanctioned 12 top leaders last month.
"""

GOOD = """\
---
citations: required
---
# The story

The closure starts on 20 July [@daily "close its offices in the country from July 20"].
The US sanctioned 12 top leaders in June 2024 [@daily "The US Treasury sanctioned 12 top leaders last month"].
"""


def made(story: Story, page: str = GOOD) -> Story:
    story.add("daily.txt", article(DAILY, outlet="The Daily", url="https://example.com/daily"))
    story.page("index.md", page)
    return story


WRONG_CLAIM = GOOD.replace("12 top leaders in", "14 top leaders in")
WRONG_QUOTE = GOOD.replace('"close its offices in', '"close its shops in')
CLAIM_LINE = ("ERROR - story: docs/index.md:7: claim not supported by [@daily]: “14” is in none of its quotes or the "
              "cited paragraph (it says “12 top leaders”)")


@pytest.mark.parametrize("level", ["-q", "", "-v"], ids=["quiet", "default", "verbose"])
def test_an_unsupported_claim_fails_a_strict_build_at_every_log_level(story: Story, level: str) -> None:
    result = made(story, WRONG_CLAIM).build(*([level] if level else []))
    assert result.returncode == 1
    assert CLAIM_LINE in result.lines()


@pytest.mark.parametrize("level", ["-q", "", "-v"], ids=["quiet", "default", "verbose"])
def test_a_wrong_quote_fails_a_strict_build_at_every_log_level(story: Story, level: str) -> None:
    result = made(story, WRONG_QUOTE).build(*([level] if level else []))
    assert result.returncode == 1
    assert any(line.startswith("ERROR - story: docs/index.md:6: “close its shops in the country from July 20” is not "
                               "in the article text of The Daily") for line in result.lines())


def test_a_preview_build_warns_and_goes_on(story: Story) -> None:
    result = made(story, WRONG_CLAIM).build("--no-strict")
    assert result.returncode == 0
    assert CLAIM_LINE.replace("ERROR", "WARNING") in result.lines()


def test_the_data_records_each_fact_and_annotates_each_quote(story: Story) -> None:
    assert made(story).build().returncode == 0
    citations = json.loads(story.html("citations.json"))["citations"]
    facts = {f["text"]: f for f in citations[1]["facts"]}
    assert facts["12"]["status"] == "supported"
    assert facts["12"]["found"] == [{"source": "daily", "where": "quote", "text": "12", "paragraph": 2,
                                     "start": 27, "end": 29}]
    assert facts["in June 2024"]["found"][0]["text"] == "last month"
    annotations = json.loads(story.html("annotations.jsonld"))
    assert annotations["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotations["total"] == 2
    first = annotations["first"]["items"][0]
    assert first["body"][0]["value"] == "The closure starts on 20 July"
    assert [t["source"] for t in first["target"]] == ["outlets/daily/#p1", "https://example.com/daily"]
    assert first["target"][0]["selector"] == {"type": "TextQuoteSelector",
                                              "exact": "close its offices in the country from July 20",
                                              "prefix": "company said on Monday it would ", "suffix": "."}


def test_a_synthesis_mark_shows_in_the_note(story: Story) -> None:
    page = GOOD.replace('[@daily "The US Treasury sanctioned 12 top leaders last month"]',
                        '[@daily "The US Treasury sanctioned 12 top leaders last month"; synthesis "a <b>count</b>"]'
                        ).replace("12 top leaders in", "a dozen and two top leaders in")
    result = made(story, page).build()
    assert result.returncode == 0, result.output
    note = story.soup("index.html").select_one("#fn\\:story-cite-2")
    assert "The writer's synthesis: a <b>count</b>" in note.get_text()


def test_a_fact_in_a_heading_or_uncited_text_must_repeat_a_cited_one(story: Story) -> None:
    page = GOOD.replace("# The story", "# The story of 2023\n\n## The Daily on 12 leaders") + \
        "\nA reading guide that names Tom Hardy.\n{: .uncited }\n"
    result = made(story, page).build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: docs/index.md:4: “2023” in a heading is stated in no cited sentence of this page: “The story "
        "of 2023”; cite it in a sentence, or take it out",
        "ERROR - story: docs/index.md:11: “Tom” in text marked uncited is stated in no cited sentence of this page: "
        "“A reading guide that names Tom Hardy.”; cite it in a sentence, or take it out",
        "ERROR - story: docs/index.md:11: “Hardy” in text marked uncited is stated in no cited sentence of this page: "
        "“A reading guide that names Tom Hardy.”; cite it in a sentence, or take it out"]


def test_the_method_page_lists_every_synthesis_mark_and_repeated_fact(story: Story) -> None:
    page = GOOD.replace("# The story", "# The story of the 12 leaders").replace(
        '[@daily "close its offices in the country from July 20"]',
        '[@daily "close its offices in the country from July 20"; synthesis "the offices are the whole company"]'
    ).replace("The closure starts", "The whole company closes")
    made(story, page.replace("on 20 July", "on 20 July, with 3 offices"))
    story.page("method.md", "---\nrender_macros: true\n---\n# Method\n\n{{ claim_marks() }}\n")
    result = story.build()
    assert result.returncode == 0, result.output
    marks = story.soup("method/index.html").select_one(".story-claim-marks")
    assert [li.get_text() for li in marks.select("li")] == [
        "docs/index.md:6: “The whole company closes on 20 July, with 3 offices”, because the offices are the whole "
        "company; not found in the sources as printed: “3”",
        "docs/index.md:4: a heading repeats “12” from a cited sentence: “The story of the 12 leaders”"]
    assert marks.select_one("a")["href"] == "../#fnref:story-cite-1"


def test_a_synthesis_mark_with_nothing_to_cover_fails(story: Story) -> None:
    page = GOOD.replace('from July 20"]', 'from July 20"; synthesis "restated"]')
    result = made(story, page).build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: docs/index.md:6: the synthesis mark is not needed: the sources state every fact of this "
        "claim; remove 'synthesis \"restated\"'"]


def test_a_second_build_takes_the_sources_from_the_cache_and_builds_the_same_site(story: Story) -> None:
    made(story)
    first = story.build()
    assert first.returncode == 0 and "; 0 of 1 sources from the cache" in first.output
    before = {p.relative_to(story.site): p.read_bytes() for p in story.site.rglob("*.html")}
    second = story.build()
    assert "; 1 of 1 sources from the cache" in second.output
    assert {p.relative_to(story.site): p.read_bytes() for p in story.site.rglob("*.html")} == before


def test_a_damaged_or_stale_cache_entry_is_read_again(story: Story) -> None:
    made(story)
    assert story.build().returncode == 0
    (entry,) = (story.root / ".cache" / "story").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")
    damaged = story.build()
    assert damaged.returncode == 0 and "; 0 of 1 sources from the cache" in damaged.output
    assert "; 1 of 1 sources from the cache" in story.build().output
    story.add("daily.txt", article(DAILY.replace("12 top leaders", "14 top leaders"), outlet="The Daily",
                                   url="https://example.com/daily"))
    edited = story.build()
    assert edited.returncode == 1 and "; 0 of 1 sources from the cache" in edited.output
    assert any("“The US Treasury sanctioned 12 top leaders last month” is not in the article text of The Daily"
               in line for line in edited.logged())  # read from the edited file, not from the cache


HERALD = "The Herald reported that the closure would start in July.\n"


def test_only_a_page_whose_text_or_sources_changed_is_verified_again(story: Story) -> None:
    made(story).page("more.md", "# More\n\nIt closes in July [@herald \"the closure would start in July\"].\n")
    story.add("herald.txt", article(HERALD, outlet="The Herald", url="https://example.com/herald"))
    assert "; 0 of 3 pages' citations from the cache" in story.build().output  # index, more, comparison
    first = story.built()
    again = story.build()
    assert "; 3 of 3 pages' citations from the cache" in again.output
    assert story.built() == first
    # An edited page is verified again, and its mistake reported at its line; the others come from the cache.
    story.page("index.md", WRONG_CLAIM)
    edited = story.build()
    assert edited.returncode == 1 and CLAIM_LINE in edited.logged()
    assert "; 2 of 3 pages' citations from the cache" in edited.output
    story.page("index.md", GOOD)  # the cache keeps the last build's pages: this one is verified again
    assert "; 2 of 3 pages' citations from the cache" in story.build().output
    assert "; 3 of 3 pages' citations from the cache" in story.build().output
    # A damaged entry is deleted and its page verified again.
    for entry in (story.root / ".cache" / "story" / "pages").glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:-4] + b"oops")
    assert "; 0 of 3 pages' citations from the cache" in story.build().output
    assert "; 3 of 3 pages' citations from the cache" in story.build().output
    # A source edit verifies again the pages that cite it (more.md), and those whose citations changed with it;
    # a page that cites other sources (index.md) is left be, and so is the comparison page: the edit adds a
    # fact to its matrix, which cites nothing, and changes none of its conflicts, which are all it verifies.
    story.add("herald.txt", article(HERALD + "\nIt said so on Monday.\n", outlet="The Herald",
                                    url="https://example.com/herald"))
    assert "; 2 of 3 pages' citations from the cache" in story.build().output
    matrix = story.soup("comparison/index.html").select_one("#what-several-outlets-report").find_next("table")
    assert matrix.select_one("td[data-label='The Herald'] a")["href"] == "../outlets/herald/#p2"
    # What no check reads (here a source's headline) verifies no page again; the pages that show it change. (Lines
    # added to the front matter move the text's lines, which messages name: those verify its pages again.)
    story.add("herald.txt", article(HERALD + "\nIt said so on Monday.\n", outlet="The Herald", headline="A new headline",
                                    url="https://example.com/herald"))
    retitled = story.build()
    assert "; 3 of 3 pages' citations from the cache" in retitled.output, retitled.output
    assert "A new headline" in story.soup("outlets/herald/index.html").h1.get_text()
    story.add("herald.txt", article(HERALD + "\nIt said so on Monday.\n", outlet="The Herald", headline="A new headline",
                                    url="https://example.com/herald", notes="A line more in the front matter."))
    assert "; 2 of 3 pages' citations from the cache" in story.build().output  # more.md, which cites it
    story.add("daily.txt", article(DAILY.replace("12 top leaders", "14 top leaders"), outlet="The Daily",
                                   url="https://example.com/daily"))
    edited = story.build()
    assert any("“The US Treasury sanctioned 12 top leaders last month” is not in the article text of The Daily"
               in line for line in edited.logged())
    assert "; 2 of 3 pages' citations from the cache" in edited.output  # index.md verified again
    # The names the sources use are read by every page's claims: a new one verifies every page again.
    story.add("herald.txt", article(HERALD + "\nIt was confirmed by Anna Lindqvist in Stockholm.\n",
                                    outlet="The Herald", url="https://example.com/herald"))
    assert "; 0 of 3 pages' citations from the cache" in story.build().output


def test_story_cache_0_builds_without_the_cache(story: Story) -> None:
    made(story)
    result = story.build(env={"STORY_CACHE": "0"})
    assert result.returncode == 0
    assert "sources from the cache" not in result.output and "pages' citations" not in result.output
    assert not (story.root / ".cache").exists()
