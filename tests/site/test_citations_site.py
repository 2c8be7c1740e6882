"""Citations built whole: notes, links, text fragments, back-links, excerpts, data and errors."""

from __future__ import annotations

import json
from pathlib import Path

from storytest import Story, article

DAILY = """\
The company said on Monday it would close its offices in the country from July 20.
Officials said the ban takes effect on 29 September.
A third paragraph that nobody cites at all.
"""
HERALD = "The firm will close its offices from July 20, a spokesman said.\n"

EXPLAINER = """\
---
render_macros: true
---
# The story

The closure starts on 20 July [@daily "close its offices in the country from July 20"; @herald "close its offices from July 20"].

| When | What |
| --- | --- |
| 29 September | The ban takes effect [@daily "the ban takes effect on 29 September"]. |

!!! note "Aside"
    A spokesman spoke [@herald "a spokesman said"].

{{ '[@daily "The company said on Monday"]' }}
"""


def made(story: Story) -> Story:
    story.add("daily.txt", article(DAILY, outlet="The Daily"))
    story.add("herald.txt", article(HERALD, outlet="The Herald", published={"date": "2024-07-17"}))
    story.page("index.md", EXPLAINER)
    return story



def test_citations_become_notes_that_link_to_the_quoted_paragraph(story: Story) -> None:
    result = made(story).build()
    assert result.returncode == 0, result.output
    # Four citations on the page, and two where the comparison page cites each side of the Monday/Tuesday conflict.
    assert ("INFO - story: verified 6 citations on 2 pages against 2 sources (daily 4, herald 3); checked 1 fact of "
            "their claims, 0 marked as a synthesis; 0 of 2 sources from the cache; 0 of 2 pages' citations from "
            "the cache") in result.lines()
    page = story.soup("index.html")
    markers = page.select("sup[id^='fnref:story-cite-']")
    assert [m.get_text() for m in markers] == ["1", "2", "3", "4"]
    assert page.select_one("table sup#fnref\\:story-cite-2") and page.select_one(".admonition sup#fnref\\:story-cite-3")
    first = page.select_one("li#fn\\:story-cite-1")
    assert first.p.get_text(" ", strip=True).startswith("Carried by 2 of the story's 2 sources:")
    items = [li.get_text(" ", strip=True) for li in first.select("ul li")]
    assert items[0].startswith("The Daily , paragraph 1: “close its offices in the country from July 20” (in context)")
    assert items[1].startswith("The Herald , paragraph 1: “close its offices from July 20” (in context)")
    links = [a["href"] for a in first.select("a.story-cite-link")]
    assert links == ["outlets/daily/#p1:~:text=close%20its%20offices%20in%20the%20country%20from%20July%2020",
                     "outlets/herald/#p1:~:text=close%20its%20offices%20from%20July%2020"]
    assert not page.select("[data-story-fragment]")
    macro_note = page.select_one("li#fn\\:story-cite-4").get_text(" ", strip=True)
    assert macro_note.startswith("The Daily , paragraph 1: “The company said on Monday”")


def test_outlet_pages_link_back_to_the_claims(story: Story) -> None:
    assert made(story).build().returncode == 0
    page = story.soup("outlets/daily/index.html")
    cited = page.select_one("#cited").find_next("ul")
    entries = [(li.a["href"], li.get_text(" ", strip=True)) for li in cited.find_all("li", recursive=False)]
    assert [href for href, _ in entries] == ["#p1", "#p2"]
    backlinks = [(a["href"], a.get_text()) for a in cited.select("ul ul a")]
    assert backlinks == [("../../#fnref:story-cite-1", "The closure starts on 20 July"),
                         ("../../#fnref:story-cite-4", "A spokesman spoke."),
                         ("../../comparison/#fnref:story-cite-1", "Monday 15 July 2024: The Daily"),
                         ("../../#fnref:story-cite-2", "The ban takes effect")]
    index = story.soup("outlets/index.html")
    counts = {tr.td.get_text(strip=True): tr.select("td")[-1].get_text() for tr in index.select("tbody tr")}
    assert counts == {"The Daily": "4", "The Herald": "3"}


def test_citations_json_lists_every_citation(story: Story) -> None:
    assert made(story).build().returncode == 0
    data = json.loads((story.site / "citations.json").read_text())
    assert data["schema"] == "story-citations/1"
    assert data["sources"]["daily"]["citations"] == 4
    first = data["citations"][0]
    assert (first["page"], first["line"], first["claim"], first["page_url"]) == (
        "index.md", 6, "The closure starts on 20 July", "./#fnref:story-cite-1")
    assert first["sources"][1] == {
        "source": "herald", "outlet": "The Herald", "quote": "close its offices from July 20",
        "printed": "close its offices from July 20", "paragraph": 1,
        "link": "outlets/herald/#p1:~:text=close%20its%20offices%20from%20July%2020"}


def test_excerpts_only_publishes_the_cited_paragraphs(story: Story) -> None:
    made(story).setting("publish", "excerpts")
    assert story.build().returncode == 0
    page = story.soup("outlets/daily/index.html")
    assert [p["id"] for p in page.select("p.story-paragraph")] == ["p1", "p2"]
    assert "A third paragraph" not in story.html("outlets/daily/index.html")
    assert [g.get_text() for g in page.select(".story-gap")] == ["[… 1 paragraph not republished …]"]
    assert page.select_one('meta[name="description"]')["content"] == "The Daily: Test headline"
    notes = story.soup("index.html").select("a.story-cite-link")
    assert notes[0]["href"].startswith("outlets/daily/#p1:~:text=")
    search = (story.site / "search" / "search_index.json").read_text()
    assert "A third paragraph" not in search


def test_a_bad_publish_setting(story: Story) -> None:
    made(story).setting("publish", "some")
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: mkdocs.yml: 'extra.story.publish' must be 'full' (whole articles "
                                 "on outlet pages) or 'excerpts' (only the cited paragraphs), not 'some'")


def test_every_failure_fails_the_strict_build_with_its_line(story: Story) -> None:
    made(story).page("other.md", """\
# Other

Wrong word [@daily "close its shops in the country"].
Unknown [@dialy "x"] and empty [@herald ""] and broken [@daily no quote].
""")
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: docs/other.md:4: '[@daily no quote]' is not a citation: the source @daily needs a quote: "
        '@daily "words the outlet printed"; write [@source "quote"], several separated by ;',
        "ERROR - story: docs/other.md:3: “close its shops in the country” is not in the article text of The Daily "
        "(sources/articles/daily.txt); did you mean “close its offices in the country” (paragraph 1)?",
        "ERROR - story: docs/other.md:4: there is no source @dialy; did you mean @daily?",
        "ERROR - story: docs/other.md:4: the quote for @herald is empty; put the words The Herald printed between "
        "the quotes"]
    assert "Aborted with 4 errors in strict mode!" in result.output
    assert "Traceback" not in result.output
    marks = story.soup("other/index.html").select("mark.story-cite-error")
    assert len(marks) == 3


def test_the_real_explainer_fails_on_a_quote_changed_by_one_word(tmp_path: Path) -> None:
    story = Story.copy_of_project(tmp_path / "copy")
    explainer = story.docs / "index.md"
    text = explainer.read_text(encoding="utf-8")
    good = '"Kaspersky Labs will gradually wind down its US operations from July 20"'
    assert good in text
    line = text[:text.index(good)].count("\n") + 1
    explainer.write_text(text.replace(good, good.replace("gradually", "slowly")), encoding="utf-8")
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        f"ERROR - story: docs/index.md:{line}: “Kaspersky Labs will slowly wind down its US operations from July "
        "20” is not in the article text of TimesLIVE (sources/articles/timeslive.txt); did you mean “Kaspersky Labs "
        "will gradually wind down its US operations from July 20” (paragraph 2)?"]


def test_a_page_that_requires_citations_names_each_uncited_sentence(story: Story) -> None:
    made(story).page("required.md", """\
---
citations: required
---
# Required

A cited claim [@herald "a spokesman said"]. An uncited claim.

A guide to reading this page.
{: .uncited }
""")
    story.page("wrong.md", "---\ncitations: yes please\n---\n# Wrong\n")
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: docs/required.md:6: this sentence has no citation: “An uncited claim.”; cite the source that "
        "supports it, or mark the paragraph {: .uncited } if it states no fact",
        "ERROR - story: docs/wrong.md:1: 'citations' in the front matter must be 'required' (every sentence cited) "
        "or left out, not 'yes please'"]
