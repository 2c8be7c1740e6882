"""Date mentions: what is found, and how relative dates resolve against the publication date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from story.cleaning.date_mentions import find_mentions
from story.sources.load import read_source
from storytest import article


def mentions(text: str, published: dict[str, object] | None = None) -> list[tuple[str, str, str]]:
    body = text + "\n"
    source, problems = read_source(article(body, published=published or {"date": "2024-07-16"}).encode(),
                                   "sources/articles/daily.txt", "daily")
    assert source is not None, problems
    return [(m.text, m.form, m.human()) for m in find_mentions(source)]


# Published Tuesday 16 July 2024 unless a case says otherwise.
CASES = {
    "month day year": ("Starting from July 20, 2024 it winds down.", [("July 20, 2024", "month-day", "20 July 2024")]),
    "abbreviated month": ("It takes effect on Sept. 29 and Sept 30.",
                          [("Sept. 29", "month-day", "29 September 2024"), ("Sept 30", "month-day", "30 September 2024")]),
    "day month": ("It begins on 20 July, officials said.", [("20 July", "day-month", "20 July 2024")]),
    "ordinal": ("The paper printed it on July 17th, 2024.", [("July 17th, 2024", "month-day", "17 July 2024")]),
    "month only": ("In June, the department acted.", [("In June", "month", "June 2024")]),
    "a verb is not a month": ("Officials may act in may.", []),
    "years": ("Founded in 1997, it was banned in 2017.", [("1997", "year", "1997"), ("2017", "year", "2017")]),
    "numbers are not years": ("It has 2024 staff and 1,997 users, 400 million.", [("2024", "year", "2024")]),
    "weekday before publication": ("The company said on Monday it would go.", [("Monday", "weekday", "15 July 2024")]),
    "weekday of publication": ("As of Tuesday, sales had stopped.", [("Tuesday", "weekday", "16 July 2024")]),
    "last weekday": ("It was announced last Tuesday.", [("last Tuesday", "weekday", "9 July 2024")]),
    "next weekday": ("It closes next Friday.", [("next Friday", "weekday", "19 July 2024")]),
    "last month": ("Last month, sanctions followed.", [("Last month", "relative-month", "June 2024")]),
    "this week": ("It starts this week.", [("this week", "relative-week", "15 July 2024 to 21 July 2024")]),
    "yesterday": ("Staff were told yesterday.", [("yesterday", "relative-day", "15 July 2024")]),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_mentions_and_their_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentions(text) == expected


def test_a_year_is_inferred_nearest_the_publication_date() -> None:
    assert mentions("It ends on Dec. 30.", {"date": "2025-01-03"}) == [("Dec. 30", "month-day", "30 December 2024")]
    assert mentions("It starts on Jan. 2.", {"date": "2024-12-30"}) == [("Jan. 2", "month-day", "2 January 2025")]


def test_last_month_across_a_year() -> None:
    assert mentions("Last month it began.", {"date": "2024-01-10"}) == [("Last month", "relative-month", "December 2023")]


def test_unknown_publication_dates_leave_relative_mentions_unresolved() -> None:
    found = mentions("It was reported on Monday, and ends July 20.", {"date": None, "not_before": "2024-07-16"})
    assert found == [
        ("Monday", "weekday", "unresolved: the publication date of The Daily Test is not known to the day"),
        ("July 20", "month-day", "20 July 2024")]
    assert mentions("It ends July 20.", {"date": None}) == [
        ("July 20", "month-day", "unresolved: no year is printed and the publication date of The Daily Test is not "
                                 "known at all")]


def test_mentions_keep_their_sentence_and_paragraph() -> None:
    source, _ = read_source(article("First one.\nIt began on Monday. Then more.\n").encode(), "x.txt", "daily")
    assert source is not None
    (mention,) = find_mentions(source)
    assert (mention.paragraph.number, mention.sentence, mention.weekday) == (2, "It began on Monday.", 0)


@given(st.text(alphabet=st.sampled_from(list("Monday July 20, 2024 Sept. last this week In June 1997 \n.x")),
               max_size=200))
def test_any_text_gives_mentions_without_crashing(text: str) -> None:
    source, _ = read_source(article("Lead paragraph.\n" + text).encode(), "x.txt", "daily")
    assert source is not None
    for mention in find_mentions(source):
        assert mention.paragraph.text[mention.start:mention.end] == mention.text
        assert (mention.date is None) == (mention.unresolved is not None)
