"""The comparison built whole: its page, macros, outlet-page lists, annotations and data."""

from __future__ import annotations

import json
import re

from storytest import Story, article

DAILY = "The news was first reported by CNN. The firm said on Monday it would leave.\nIt has over 400 million users.\n"
HERALD = "The news was first reported by Zero Day. It has over 400 million users and 270,000 clients.\n"
PAGE = "---\nrender_macros: true\n---\n# Story\n\n{{ conflicts() }}\n\n{{ comparison_matrix() }}\n"


def made(story: Story) -> Story:
    story.add("daily.txt", article(DAILY, outlet="The Daily"))
    story.add("herald.txt", article(HERALD, outlet="The Herald"))
    story.page("index.md", PAGE)
    return story



def test_the_comparison_page_shows_conflicts_matrix_unique_details_and_shared_text(story: Story) -> None:
    result = made(story).build()
    assert result.returncode == 0, result.output
    page = story.soup("comparison/index.html")
    conflict = page.select_one("#conflict-attribution-first-reported-by")
    text = conflict.get_text(" ", strip=True)
    assert text.startswith("First reported by attribution-first-reported-by CNN: The Daily")
    assert "Zero Day: The Herald" in text
    notes = [a["href"] for a in page.select("a.story-cite-link")]
    assert "../outlets/daily/#p1:~:text=The%20news%20was%20first%20reported%20by%20CNN." in notes
    matrix = page.select("article table")[0]
    assert [th.get_text() for th in matrix.select("thead th")] == ["Fact", "The Daily", "The Herald"]
    row = [td for td in matrix.select("tbody tr")[0].select("td")]
    assert row[0].get_text() == "more than 400 million users"  # comparison.json keeps "over 400,000,000 user"
    assert [td["data-label"] for td in row] == ["Fact", "The Daily", "The Herald"]  # stacked on phones
    assert [td.a["href"] for td in row[1:]] == ["../outlets/daily/#p2", "../outlets/herald/#p1"]


def test_outlet_pages_list_what_only_they_report(story: Story) -> None:
    assert made(story).build().returncode == 0
    unique = story.soup("outlets/herald/index.html").select_one("#unique").find_next("ul")
    items = [li.get_text(" ", strip=True) for li in unique.select("li")]
    assert "Number: “270,000 clients”" in items
    assert unique.a["href"].startswith("#p")


def test_the_macros_put_conflicts_and_the_matrix_in_a_page(story: Story) -> None:
    assert made(story).build().returncode == 0
    page = story.soup("index.html")
    assert page.select_one("#conflict-attribution-first-reported-by")
    assert page.select("article table")


def test_an_editor_dismisses_a_conflict_and_the_choice_shows(story: Story) -> None:
    made(story)
    (story.root / "sources" / "comparison.yml").write_text(
        "conflicts:\n  attribution-first-reported-by:\n    status: dismissed\n    note: Both ran it *that day*.\n")
    assert story.build().returncode == 0
    page = story.soup("comparison/index.html")
    conflict = page.select_one("#conflict-attribution-first-reported-by")
    assert "(dismissed by the editors)" in conflict.get_text()
    assert conflict.em.get_text() == "Editors' note:" and conflict.select("em")[1].get_text() == "that day"
    assert conflict.find_previous("h3").get_text(strip=True).startswith("Dismissed by the editors")
    data = json.loads((story.site / "comparison.json").read_text())
    (first,) = [c for c in data["conflicts"] if c["id"] == "attribution-first-reported-by"]
    assert (first["status"], first["note"]) == ("dismissed", "Both ran it *that day*.")
    assert [side["outlets"] for side in first["sides"]] == [["daily"], ["herald"]]


def test_an_annotation_for_no_conflict_is_one_line(story: Story) -> None:
    made(story)
    (story.root / "sources" / "comparison.yml").write_text("conflicts:\n  first-reported:\n    status: noted\n")
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: sources/comparison.yml:2: no conflict has the id 'first-reported'; "
                                  "the conflicts are attribution-first-reported-by")


def test_a_box_of_disagreements_links_each_conflict_on_the_comparison_page(story: Story) -> None:
    made(story).page("index.md", "---\nrender_macros: true\ncitations: required\n---\n# Story\n\n"
                                 "{{ disagreements() }}\n\nThe firm will leave [@daily \"it would leave\"].\n")
    story.page("more/deep.md", "---\nrender_macros: true\n---\n# Deeper\n\n{{ disagreements() }}\n")
    result = story.build()
    assert result.returncode == 0, result.output
    box = story.soup("index.html").select_one("article h1 ~ div.admonition.story-disagreements")
    assert box.select_one(".admonition-title").get_text() == "What the sources disagree on"
    assert [(li.a["href"], li.get_text(" ", strip=True)) for li in box.select("li")] == [
        ("comparison/#conflict-attribution-first-reported-by",
         "First reported by : CNN (The Daily); Zero Day (The Herald)")]
    assert story.soup("more/deep/index.html").select_one(".story-disagreements li a")["href"] == (
        "../../comparison/#conflict-attribution-first-reported-by")


def test_an_unchanged_story_is_compared_once_and_its_annotations_apply_every_build(story: Story) -> None:
    made(story).rebuilt_from_cache("comparison")
    # An editor's annotation is read afresh: it applies with the comparison still from the cache.
    (story.root / "sources" / "comparison.yml").write_text(
        "conflicts:\n  attribution-first-reported-by:\n    status: dismissed\n    note: Both ran it.\n")
    annotated = story.build()
    assert "; the comparison from the cache" in annotated.output
    assert "(dismissed by the editors)" in story.soup("comparison/index.html").get_text()
    # A damaged entry is deleted and the outlets compared again; so does a source edit.
    entries = list((story.root / ".cache" / "story" / "comparison").glob("*.pickle"))
    assert len(entries) == 5  # the comparison's quotations, other facts, shared text, its page's two parts
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-4] + b"oops")
    assert "the comparison from the cache" not in story.build().output
    assert "; the comparison from the cache" in story.build().output
    story.add("herald.txt", article(HERALD.replace("Zero Day", "Reuters"), outlet="The Herald"))
    edited = story.build()
    assert edited.returncode == 0, edited.output
    assert "the comparison from the cache" not in edited.output
    conflict = story.soup("comparison/index.html").select_one("#conflict-attribution-first-reported-by")
    assert "Reuters: The Herald" in conflict.get_text(" ", strip=True)


def test_the_comparison_is_found_again_only_in_the_part_whose_reading_changed(story: Story) -> None:
    made(story).rebuilt_from_cache("comparison")
    # A headline and notes are not compared: the comparison, and its page, come from the cache.
    story.add("herald.txt", article(HERALD, outlet="The Herald", headline="Another headline", notes="Seen twice."))
    retitled = story.build()
    assert "; the comparison from the cache" in retitled.output, retitled.output
    assert "Another headline" in story.soup("outlets/index.html").get_text()
    # Words that state no fact: the outlets' shared text is found again, their facts' groups come from the cache.
    story.add("herald.txt", article(HERALD + "\nThe rest of this paragraph says nothing in particular.\n",
                                    outlet="The Herald"))
    entries = story.root / ".cache" / "story" / "comparison"
    before = {entry.name for entry in entries.glob("*.pickle")}
    reworded = story.build()
    assert "; the comparison's facts (not its shared text) from the cache" in reworded.output, reworded.output
    # So is the page's part made of the facts: the facts' two parts and that part are the entries left as they were.
    assert len(before & {entry.name for entry in entries.glob("*.pickle")}) == 3
    # Another day of publication: the same words, but "on Monday" is another date, so the facts are grouped again.
    story.add("daily.txt", article(DAILY, outlet="The Daily", published={"date": "2024-07-23"}))
    redated = story.build()
    assert "; the comparison's quotations and shared text (not its other facts) from the cache" in redated.output, \
        redated.output
    # A quotation: the quotations are grouped again. Then a count changed: the other facts and the shared text are
    # found again, the quotations are as they were; the page shows it.
    quoted = HERALD + "\n\u201cBusiness is no longer viable here,\u201d the company said.\n"
    story.add("herald.txt", article(quoted, outlet="The Herald"))
    requoted = story.build()
    kept = re.search(r"; the comparison('s [^;\n(]*)? (\(not [^)]*\) )?from the cache", requoted.output)
    assert kept is None or "quotations" not in (kept[1] or " quotations"), requoted.output
    story.add("herald.txt", article(quoted.replace("over 400 million", "over 300 million"), outlet="The Herald"))
    changed = story.build()
    assert changed.returncode == 0, changed.output
    assert "; the comparison's quotations (not its other facts or shared text) from the cache" in changed.output
    assert "more than 300 million users" in story.soup("comparison/index.html").get_text()


def test_shared_text_lists_each_passage_once_with_every_outlet_that_prints_it(story: Story) -> None:
    wire = "Officials said the new restrictions on the company will come into effect at the end of September."
    for slug, intro in (("daily", "The Daily heard it first."), ("herald", "Our reporter confirmed it."),
                        ("gazette", "Readers wrote in.")):
        story.add(f"{slug}.txt", article(f"{intro}\n{wire}\n", outlet=f"The {slug.title()}"))
    story.add("post.txt", article("An account of its own, in words nobody else printed at all.\n", outlet="The Post"))
    story.page("index.md", "# Story\n")
    assert story.build().returncode == 0
    section = story.soup("comparison/index.html").select_one("#shared-text").find_next("ul")
    (item,) = section.select("li")
    assert item.get_text(" ", strip=True) == (
        "17 words, printed by The Daily ¶2 ; The Gazette ¶2 ; The Herald ¶2 : “Officials said the new restrictions "
        "on the company will come into effect at the end of September”")
    assert [a["href"] for a in item.select("a")] == ["../outlets/daily/#p2", "../outlets/gazette/#p2",
                                                    "../outlets/herald/#p2"]
    table = story.soup("comparison/index.html").select_one("#shared-text").find_next("table")
    rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [["The Gazette", "85%", "The Daily (85%)"], ["The Herald", "81%", "The Daily (81%)"],
                    ["The Daily", "77%", "The Gazette (77%)"]]
    assert "No passage of The Post is printed by another outlet." in table.find_next("p").get_text()
    data = json.loads((story.site / "comparison.json").read_text())
    assert [len(p["places"]) for p in data["shared_text"]] == [3]
    assert set(data["shared_by_outlet"]) == {"daily", "herald", "gazette"}
