"""The timeline built whole: the macro's HTML, filters, escaping, data files, the contributors' page, errors."""

from __future__ import annotations

import json

from storytest import Story, article

DAILY = """\
The company said on Monday it would close its offices from July 20.
Officials said the ban takes effect on Sept. 29, and sanctions came last month.
"""
HERALD = "The company announced on Tuesday it would close its offices.\n"
TIMELINE = """\
title: The closure
events:
  - date: 2024-07-15
    title: The company announces <b>the closure</b>
    kind: company
    description: It *says* it will close <script>alert(1)</script>.
    cite:
      - daily: The company said on Monday
      - herald: The company announced on Tuesday
  - date: 2024-09-29
    title: The ban takes effect
    kind: government
    cite:
      - daily: the ban takes effect on Sept. 29
"""
PAGE = """\
---
render_macros: true
---
# Story

{{ timeline() }}

## Government only

{{ timeline(kinds="government") }}

## Before August

{{ timeline(end="2024-07") }}
"""


def made(story: Story, timeline: str = TIMELINE, page: str = PAGE) -> Story:
    story.add("daily.txt", article(DAILY, outlet="The Daily"))
    story.add("herald.txt", article(HERALD, outlet="The Herald", published={"date": "2024-07-17"}))
    (story.root / "sources" / "timeline.yml").write_text(timeline, encoding="utf-8")
    story.page("index.md", page)
    return story



def test_the_macro_renders_a_semantic_cited_timeline(story: Story) -> None:
    result = made(story).build()
    assert result.returncode == 0, result.output
    lists = story.soup("index.html").select("ol.story-timeline")
    assert [len(ol.select("li.story-event")) for ol in lists] == [2, 1, 1]
    first = lists[0].select_one("li.story-event")
    assert first["id"] == "event-2024-07-15-the-company-announces-b-the-closure-b"
    assert "story-kind-company" in first["class"]
    assert first.time["datetime"] == "2024-07-15" and first.time.get_text() == "15 July 2024"
    assert first.select_one(".story-event-kind").get_text() == "Company action"
    assert first.select_one(".story-event-title").get_text() == "The company announces <b>the closure</b>"
    text = first.select_one(".story-event-text")
    assert text.em.get_text() == "says"
    assert "<script>alert(1)</script>" in text.get_text() and not first.find("script")
    assert text.select("sup[id^='fnref:story-cite-']")
    dispute = first.select_one(".story-event-dispute").get_text(" ", strip=True)
    assert dispute.startswith("Date disputed: Monday 15 July 2024 according to The Daily")
    assert "Tuesday 16 July 2024 according to The Herald" in dispute
    assert lists[1].select_one(".story-event-title").get_text() == "The ban takes effect"


def test_timeline_data_files(story: Story) -> None:
    assert made(story).build().returncode == 0
    tjs = json.loads((story.site / "timeline.json").read_text())
    assert tjs["title"]["text"]["headline"] == "The closure"
    assert [e["start_date"] for e in tjs["events"]] == [{"year": "2024", "month": "7", "day": "15"},
                                                        {"year": "2024", "month": "9", "day": "29"}]
    assert tjs["events"][0]["text"]["headline"] == "The company announces &lt;b&gt;the closure&lt;/b&gt;"
    own = json.loads((story.site / "events.json").read_text())
    assert [e["kind"] for e in own["events"]] == ["company", "government"]
    assert own["events"][0]["citations"][0]["link"].startswith("outlets/daily/#p1:~:text=")


def test_the_contributors_page_lists_candidate_events(story: Story) -> None:
    assert made(story).build().returncode == 0
    page = story.soup("contributors/date-mentions/index.html")
    tables = page.select("article table")
    candidates = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in tables[0].select("tbody tr")]
    assert candidates == [["20 July 2024", "The Daily, ¶1", "July 20",
                           "The company said on Monday it would close its offices from July 20."],
                          ["June 2024", "The Daily, ¶2", "last month",
                           "Officials said the ban takes effect on Sept. 29, and sanctions came last month."]]
    assert tables[0].select_one("a")["href"] == "../../outlets/daily/#p1"


def test_a_mistake_in_the_timeline_is_one_line_and_keeps_the_site(story: Story) -> None:
    made(story)
    assert story.build().returncode == 0
    (story.root / "sources" / "timeline.yml").write_text(TIMELINE.replace("kind: government", "kind: goverment"))
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: sources/timeline.yml:12: event 'The ban takes effect': unknown kind 'goverment'; did you "
        "mean 'government'? the kinds are government, company, reporting, other (set them under 'kinds:')",
        "ERROR - the story has 1 problem (listed above); nothing was rebuilt"]
    assert (story.site / "timeline.json").exists()


def test_an_undated_event_fails_the_strict_build(story: Story) -> None:
    made(story, TIMELINE.replace("date: 2024-09-29", "date: 2024-09-30"))
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: sources/timeline.yml:10: event 'The ban takes effect': no paragraph it cites mentions 30 "
        "September 2024, and it is not the publication date of The Daily; correct the date, or cite a passage that "
        "dates it"]


def test_a_bad_macro_argument_names_the_page_and_line(story: Story) -> None:
    made(story, page=PAGE.replace('kinds="government"', 'kinds="goverment"').replace('end="2024-07"',
                                                                                    'end="July 2024"'))
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: docs/index.md:10: timeline(kinds='goverment'): the kinds are government, company, "
        "reporting, other",
        "ERROR - story: docs/index.md:14: timeline(end='July 2024'): 'July 2024' is not a date; write YYYY, "
        "YYYY-MM or YYYY-MM-DD (for example 2024-07-16)"]
    assert len(story.soup("index.html").select("mark.story-cite-error")) == 2


def test_without_a_timeline_file_the_macro_says_so(story: Story) -> None:
    story.add("daily.txt", article(DAILY))
    story.page("index.md", PAGE)
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: docs/index.md:6: timeline() needs sources/timeline.yml; create it "
                                  "(see the README) or remove the macro")
    assert not (story.site / "timeline.json").exists()


def test_a_named_timeline_that_is_missing_is_named(story: Story) -> None:
    story.add("daily.txt", article(DAILY))
    story.setting("timeline", "events.yml")
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: mkdocs.yml: 'extra.story.timeline' names sources/events.yml, which "
                                  "does not exist; create it or remove the setting")


def test_a_timeline_folder_is_named_not_skipped(story: Story) -> None:
    story.add("daily.txt", article(DAILY))
    (story.root / "sources" / "timeline.yml").mkdir()
    (story.root / "sources" / "comparison.yml").mkdir()
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: sources/comparison.yml: this is a folder, not a YAML file; the "
                                  "editors' notes are one file")
    (story.root / "sources" / "comparison.yml").rmdir()
    assert story.build().logged()[0] == ("ERROR - story: sources/timeline.yml: this is a folder, not a YAML file; "
                                         "the timeline is one file")


def test_the_timeline_has_a_page_of_its_own_with_filters_that_need_no_javascript(story: Story) -> None:
    result = made(story, page="# Story\n\nNo timeline here.\n{: .uncited }\n").build()
    assert result.returncode == 0, result.output
    page = story.soup("timeline/index.html")
    assert page.h1.get_text(strip=True).rstrip("¶") == "Timeline"
    assert [a["href"] for a in story.soup("index.html").select("nav.md-nav--primary a.md-nav__link")
            if "timeline" in a["href"]] == ["timeline/"]
    # The whole timeline, its citations rendered as notes, and the source's markup escaped.
    events = page.select("#events + ol.story-timeline > li.story-event")
    assert [e["id"] for e in events] == ["event-2024-07-15-the-company-announces-b-the-closure-b",
                                         "event-2024-09-29-the-ban-takes-effect"]
    assert page.select("li.story-event sup[id^='fnref:story-cite-']")
    assert not page.select("li.story-event b, li.story-event script")
    # Filters by outlet and by precision: links to anchors inside closed <details> groups.
    filters = [[(a.get_text(), a["href"]) for a in p.select("a")] for p in page.select("p.story-filters")]
    assert filters == [[("The Daily (2)", "#outlet-daily"), ("The Herald (1)", "#outlet-herald")],
                       [("To the day (2)", "#precision-day")]]
    group = page.select_one("details.story-filter:has(#outlet-herald)")
    assert group is not None and not group.has_attr("open")
    assert group.summary.get_text() == "The Herald: 1 event"
    assert [a["href"] for a in group.select("li a")] == ["#event-2024-07-15-the-company-announces-b-the-closure-b"]
    # The TimelineJS export, linked.
    assert page.select_one("a[href='../timeline.json']")
    assert json.loads((story.site / "timeline.json").read_text())["events"]
    # Outlet pages link back to the claims the timeline page cites.
    assert story.soup("outlets/herald/index.html").select("#cited ~ ul a[href^='../../timeline/#fnref:story-cite-']")


def test_a_page_of_the_writers_own_at_the_timeline_address_is_one_line(story: Story) -> None:
    made(story).page("timeline.md", "# My timeline\n\nText.\n{: .uncited }\n")
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == (
        "ERROR - story: docs/timeline.md: a file in docs/ has the address of a generated page; rename it: the "
        "engine writes timeline.md itself (the macros put its blocks in any other page, see the README)")
    assert "Traceback" not in result.output


def test_an_unchanged_timeline_is_read_once_and_its_warnings_stay(story: Story) -> None:
    made(story).rebuilt_from_cache("timeline")
    # A warning found once is given by every build that takes the timeline from the cache.
    (story.root / "sources" / "timeline.yml").write_text(TIMELINE.replace("date: 2024-09-29", "date: 2024-09-30"))
    for _ in range(2):
        result = story.build()
        assert result.returncode == 1 and result.logged() == [
            "ERROR - story: sources/timeline.yml:10: event 'The ban takes effect': no paragraph it cites mentions 30 "
            "September 2024, and it is not the publication date of The Daily; correct the date, or cite a passage "
            "that dates it"]
    assert "; the timeline from the cache" in story.build().output
    # An edit of a source, or a damaged entry, reads the timeline again.
    (story.root / "sources" / "timeline.yml").write_text(TIMELINE)
    story.add("herald.txt", article(HERALD.replace("its offices", "its US offices"), outlet="The Herald",
                                    published={"date": "2024-07-17"}))
    edited = story.build()
    assert edited.returncode == 0 and "the timeline from the cache" not in edited.output
    mentions = json.loads((story.site / "events.json").read_text())["mentions"]
    assert "The company announced on Tuesday it would close its US offices." in [m["sentence"] for m in mentions]
    for entry in (story.root / ".cache" / "story" / "comparison").glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:-4] + b"oops")
    assert "the timeline from the cache" not in story.build().output
