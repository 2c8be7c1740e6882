"""The timeline: event dates, the checks on timeline.yml, support, disputes, filters and exports."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from story.citations.notes import Library
from story.cleaning.dates import PartialDate
from story.render.timeline_blocks import events_data, timelinejs
from story.sources.load import read_source
from story.timeline.events import EventDate, Timeline, load_timeline, parse_event_date
from storytest import article

DAILY = """\
The company said on Monday it would close its offices from July 20.
Officials said the ban takes effect on Sept. 29, and sanctions came last month.
The firm was founded in 1997.
"""
HERALD = "The company announced on Tuesday it would close its offices.\n"


def library() -> Library:
    sources = []
    for slug, body, outlet, date in (("daily", DAILY, "The Daily", "2024-07-16"),
                                     ("herald", HERALD, "The Herald", "2024-07-17")):
        source, problems = read_source(article(body, outlet=outlet, published={"date": date}).encode(),
                                       f"sources/articles/{slug}.txt", slug)
        assert source is not None, problems
        sources.append(source)
    return Library(sources)


def load(tmp_path: Path, text: str) -> tuple[Timeline | None, list[str], list[str]]:
    path = tmp_path / "timeline.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    timeline, errors, warnings = load_timeline(path, "sources/timeline.yml", library())
    return timeline, [str(e) for e in errors], [str(w) for w in warnings]


GOOD = """\
events:
  - date: 2024-07-15
    title: The company announces the closure
    kind: company
    description: It *says* it will close.
    cite:
      - daily: The company said on Monday
      - herald: The company announced on Tuesday
  - date: 2024-07-20/2024-09-29
    title: The closure
    kind: government
    cite:
      - daily: close its offices from July 20
      - daily: the ban takes effect on Sept. 29
  - date: 1997
    title: Founding
    kind: company
    cite:
      - daily: The firm was founded in 1997
"""


DATES = {
    "day": ("2024-07-20", EventDate(PartialDate(2024, 7, 20)), "20 July 2024"),
    "month": ("2024-06", EventDate(PartialDate(2024, 6)), "June 2024"),
    "year": (1997, EventDate(PartialDate(1997)), "1997"),
    "range in a month": ("2024-07-15/2024-07-21", EventDate(PartialDate(2024, 7, 15), PartialDate(2024, 7, 21)),
                         "15 to 21 July 2024"),
    "range across months": ("2024-07-20/2024-09-29", EventDate(PartialDate(2024, 7, 20), PartialDate(2024, 9, 29)),
                            "20 July to 29 September 2024"),
    "range of months": ("2024-06/2024-09", EventDate(PartialDate(2024, 6), PartialDate(2024, 9)),
                        "June 2024 to September 2024"),
}


@pytest.mark.parametrize("value, date, human", DATES.values(), ids=DATES.keys())
def test_event_dates(value: object, date: EventDate, human: str) -> None:
    parsed = parse_event_date(value)
    assert (parsed, parsed.human()) == (date, human)


ERRORS = {
    "malformed YAML": ("events:\n  - date: [2024\n", "sources/timeline.yml:2: the YAML is not valid: while parsing "
                       "a flow sequence, did not find expected ',' or ']'; check the indentation, and "
                       "quote values that contain ': ' or start with a symbol"),
    "no events": ("title: T\n", "sources/timeline.yml: the timeline needs 'events:', a list of events with date, "
                  "title, kind and cite"),
    "impossible date": ("events:\n  - date: 2024-02-30\n    title: T\n    kind: company\n    cite: [{daily: The firm}]\n",
                        "sources/timeline.yml:2: event 'T': the date '2024-02-30' is an impossible date: February "
                        "2024 has no day 30"),
    "ambiguous date": ("events:\n  - date: 04/05/2024\n    title: T\n    kind: company\n    cite: [{daily: The firm}]\n",
                       "sources/timeline.yml:2: event 'T': the date '04/05/2024' is ambiguous (day and month could "
                       "be either way round); write YYYY-MM-DD, for example 2024-07-20"),
    "end before start": ("events:\n  - date: 2024-09-29/2024-07-20\n    title: T\n    kind: company\n"
                         "    cite: [{daily: The firm}]\n",
                         "sources/timeline.yml:2: event 'T': the date the range '2024-09-29/2024-07-20' ends before "
                         "it starts; write START/END with the earlier date first"),
    "unknown kind": ("events:\n  - date: 1997\n    title: T\n    kind: goverment\n    cite: [{daily: The firm}]\n",
                     "sources/timeline.yml:4: event 'T': unknown kind 'goverment'; did you mean 'government'? the "
                     "kinds are government, company, reporting, other (set them under 'kinds:')"),
    "no citation": ("events:\n  - date: 1997\n    title: T\n    kind: company\n    cite: []\n",
                    "sources/timeline.yml:5: event 'T': an event needs at least one citation, written 'cite: "
                    "[{source-slug: words the outlet printed}]'"),
    "missing cite": ("events:\n  - date: 1997\n    title: T\n    kind: company\n",
                     "sources/timeline.yml:2: event 'T': the required field 'cite' is missing"),
    "citation fails": ("events:\n  - date: 1997\n    title: T\n    kind: company\n    cite:\n"
                       "      - daily: The firm was founded in 1998\n",
                       "sources/timeline.yml:6: event 'T': “The firm was founded in 1998” is not in the article "
                       "text of The Daily (sources/articles/daily.txt); did you mean “The firm was founded in 1997” "
                       "(paragraph 3)?"),
    "unknown source": ("events:\n  - date: 1997\n    title: T\n    kind: company\n    cite:\n      - dialy: The firm\n",
                       "sources/timeline.yml:6: event 'T': there is no source @dialy; did you mean @daily?"),
    "unknown field": ("events:\n  - date: 1997\n    title: T\n    kind: company\n    cite: [{daily: The firm}]\n"
                      "    descripton: x\n",
                      "sources/timeline.yml:6: event 'T': unknown field 'descripton'; did you mean 'description'?"),
    "duplicate id": ("events:\n  - {date: 1997, title: T, kind: company, cite: [{daily: The firm}]}\n"
                     "  - {date: 1997, title: T, kind: company, cite: [{daily: The firm}]}\n",
                     "sources/timeline.yml:3: event 'T': its id '1997-t' is also the id of the event on line 2; "
                     "give one of them an 'id:'"),
    "bad kinds": ("kinds: [a, b]\nevents: []\n", "sources/timeline.yml:1: 'kinds' must map short names (lowercase, "
                  "hyphens) to labels, like {government: Government action, company: Company action}"),
}


@pytest.mark.parametrize("text, message", ERRORS.values(), ids=ERRORS.keys())
def test_each_mistake_is_one_exact_line(tmp_path: Path, text: str, message: str) -> None:
    timeline, errors, _ = load(tmp_path, text)
    assert timeline is None
    assert errors == [message]


def test_a_good_timeline_is_sorted_supported_and_checked(tmp_path: Path) -> None:
    timeline, errors, warnings = load(tmp_path, GOOD)
    assert errors == [] and warnings == [] and timeline is not None
    assert [e.title for e in timeline.events] == ["Founding", "The company announces the closure", "The closure"]
    assert [e.id for e in timeline.events] == ["1997-founding", "2024-07-15-the-company-announces-the-closure",
                                               "2024-07-20-the-closure"]
    assert [(m.source, m.text) for m in timeline.events[2].support] == [("daily", "July 20"), ("daily", "Sept. 29")]


def test_quoted_weekdays_that_disagree_make_a_dispute(tmp_path: Path) -> None:
    timeline, _, _ = load(tmp_path, GOOD)
    assert timeline is not None
    announced = timeline.events[1]
    assert [(side.label, [q.source.slug for q, _ in side.mentions]) for side in announced.disputed] == [
        ("Monday 15 July 2024", ["daily"]), ("Tuesday 16 July 2024", ["herald"])]
    assert timeline.events[2].disputed == ()


def test_an_undated_event_is_a_warning_naming_it(tmp_path: Path) -> None:
    text = "events:\n  - date: 2024-07-21\n    title: Closure\n    kind: company\n    cite:\n" \
           "      - daily: close its offices from July 20\n"
    timeline, errors, warnings = load(tmp_path, text)
    assert errors == [] and timeline is not None
    assert warnings == ["sources/timeline.yml:2: event 'Closure': no paragraph it cites mentions 21 July 2024, and it "
                        "is not the publication date of The Daily; correct the date, or cite a passage that dates it"]


def test_the_publication_date_dates_a_reporting_event(tmp_path: Path) -> None:
    text = "events:\n  - date: 2024-07-17\n    title: Report\n    kind: reporting\n    cite:\n" \
           "      - herald: it would close its offices\n"
    assert load(tmp_path, text)[2] == []


def test_filters_by_kind_and_period(tmp_path: Path) -> None:
    timeline, _, _ = load(tmp_path, GOOD)
    assert timeline is not None
    assert [e.title for e in timeline.select(["government"])] == ["The closure"]
    assert [e.title for e in timeline.select(None, PartialDate(2024, 7), PartialDate(2024, 7))] == [
        "The company announces the closure", "The closure"]
    assert [e.title for e in timeline.select(["company"], None, PartialDate(2000))] == ["Founding"]


def test_candidates_are_mentions_no_event_covers(tmp_path: Path) -> None:
    timeline, _, _ = load(tmp_path, GOOD)
    assert timeline is not None
    assert [(m.source, m.text, m.human()) for m in timeline.candidates()] == [("daily", "last month", "June 2024")]


def test_timelinejs_and_own_data(tmp_path: Path) -> None:
    timeline, _, _ = load(tmp_path, GOOD)
    assert timeline is not None
    urls = {"outlets/daily.md": "outlets/daily/", "outlets/herald.md": "outlets/herald/"}
    data = timelinejs(timeline, "Site", urls, "outlets", "https://example.org/story/")
    assert data["title"] == {"text": {"headline": "Site", "text": ""}}
    closure = data["events"][2]
    assert closure["start_date"] == {"year": "2024", "month": "7", "day": "20"}
    assert closure["end_date"] == {"year": "2024", "month": "9", "day": "29"}
    assert closure["group"] == "Government action" and closure["unique_id"] == "2024-07-20-the-closure"
    assert 'href="https://example.org/story/outlets/daily/#p1:~:text=close%20its%20offices%20from%20July%2020"' \
        in closure["text"]["text"]
    announced = data["events"][1]["text"]["text"]
    assert "<em>says</em>" in announced
    assert "Date disputed: Monday 15 July 2024 (The Daily); Tuesday 16 July 2024 (The Herald)." in announced
    own = {key: list(value) if isinstance(value, Iterator) else value
           for key, value in events_data(timeline, urls, "outlets").items()}
    assert own["schema"] == "story-timeline/1"
    assert own["events"][1]["disputed"][0]["side"] == "Monday 15 July 2024"
    assert {m["text"]: m["events"] for m in own["mentions"]}["last month"] == []


def test_a_timeline_from_the_cache_reads_no_date_mentions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from story.sources.cache import SourceCache
    from story.sources.derived_cache import DerivedCache
    from story.timeline import events

    path = tmp_path / "timeline.yml"
    path.write_text(textwrap.dedent(GOOD), encoding="utf-8")
    keys = [SourceCache.key(f"sources/articles/{slug}.txt", b"") for slug in ("daily", "herald")]
    first = library()
    cache = DerivedCache(tmp_path / "cache", first.sources, keys)
    made, _, _ = load_timeline(path, "sources/timeline.yml", first, cache)
    cache.save()
    read: list[str] = []
    monkeypatch.setattr(events, "find_mentions", lambda source: read.append(source.slug) or [])
    again = library()
    kept, errors, _ = load_timeline(path, "sources/timeline.yml", again, DerivedCache(tmp_path / "cache",
                                                                                      again.sources, keys))
    assert read == [] and errors == [] and kept is not None and made is not None
    assert [(e.id, e.date.iso()) for e in kept.events] == [(e.id, e.date.iso()) for e in made.events]
    assert kept.events[0].citations[0].source is again.sources["daily"]  # this build's source, not a copy
    path.write_text(textwrap.dedent(GOOD).replace("The closure", "The shutdown"), encoding="utf-8")
    load_timeline(path, "sources/timeline.yml", again, DerivedCache(tmp_path / "cache", again.sources, keys))
    assert read == ["daily", "herald"]  # an edited file is read again, with every source's mentions
