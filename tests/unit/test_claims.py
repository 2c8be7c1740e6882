"""Claim support: the facts a sentence states, their equivalent forms, and each report line exactly."""

from __future__ import annotations

import pytest
from story.citations.notes import Library
from story.citations.claim_facts import canonical_name, find_facts
from story.citations.claims import check_claims
from story.sources.load import read_source
from storytest import article

# Published on Tuesday 16 July 2024.
DAILY = """\
The company said on Monday it would close its offices from July 20, cutting fewer than 50 jobs.
The US Treasury sanctioned 12 top leaders last month, Commerce Secretary Gina Raimondo said.
The firm does not accept the ruling, and it has over 400 million users after nearly three decades.
Its revenue fell 5% to $2bn in 1997.
It employs 18 people.
"""
HERALD = "The firm will close its offices from July 20, a spokesman said.\n"


def library() -> Library:
    sources = []
    for slug, body, outlet in (("daily", DAILY, "The Daily"), ("herald", HERALD, "The Herald")):
        source, problems = read_source(article(body, outlet=outlet, agency="Reuters").encode(),
                                       f"sources/articles/{slug}.txt", slug)
        assert source is not None, problems
        sources.append(source)
    return Library(sources)


READ = {
    "digits and their qualifier": ("over 400 million users", [("number", "over 400 million", 4e8, "over")]),
    "number words": ("twelve top leaders", [("number", "twelve", 12, "")]),
    "a unit that is a number of years": ("nearly three decades", [("number", "nearly three", 30, "about")]),
    "percent and money": ("fell 5% to $2bn", [("number", "5%", 5, ""), ("number", "$2bn", 2e9, "")]),
    "a count of outlets": ("Two outlets say so", [("outlets", "Two outlets", 2, "")]),
    "a lone 'one' is a pronoun": ("one of the leading firms", []),
    "a date in either order": ("on 20 June 2024", [("date", "20 June 2024", (2024, 6, 20), "")]),
    "a month": ("in July", [("date", "in July", (None, 7, None), "")]),
    "a year": ("since 1997", [("date", "1997", (1997, None, None), "")]),
    "a weekday": ("said on Tuesday", [("weekday", "Tuesday", 1, "")]),
    "names, not the word that opens the sentence": ("Shoppers saw Gina Raimondo at CNN",
                                                    [("name", "Gina", "gina", ""), ("name", "Raimondo", "raimondo", ""),
                                                     ("name", "CNN", "CNN", "")]),
    "U.S. and United States are US": ("the U.S. and the United States",
                                      [("name", "U.S.", "US", ""), ("name", "United States", "US", "")]),
    "negations": ("it cannot, won't and denies it", [("negation", "cannot", None, ""), ("negation", "won't", None, ""),
                                                     ("negation", "denies", None, "")]),
}


def _value(fact):  # type: ignore[no-untyped-def]
    if fact.kind in ("number", "outlets"):
        return fact.number
    if fact.kind == "date":
        return (fact.year, fact.month, fact.day)
    if fact.kind == "weekday":
        return fact.weekday
    return fact.name or None


@pytest.mark.parametrize("text, expected", READ.values(), ids=READ.keys())
def test_facts_read_from_a_sentence(text: str, expected: list[tuple[object, ...]]) -> None:
    facts = find_facts(text, frozenset())
    assert [(f.kind, f.text, _value(f), f.qualifier) for f in facts] == expected


@pytest.mark.parametrize("words, same", [("Russia's", "Russia"), ("Russian", "Russia"), ("Americans", "America"),
                                         ("U.S.", "US")])
def test_equivalent_name_forms(words: str, same: str) -> None:
    assert canonical_name(words) == canonical_name(same)


CLAIMS = {
    "date in the other order": ('It closes from 20 July [@daily "close its offices from July 20"].', []),
    "wrong day": ('It closes from 24 July [@daily "close its offices from July 20"].',
                  ['claim not supported by [@daily]: “24 July” is in none of its quotes or the cited paragraph '
                   '(it says “July 20”)']),
    "wrong month": ('It closes from 20 August [@daily "close its offices from July 20"].',
                    ['claim not supported by [@daily]: “20 August” is in none of its quotes or the cited paragraph '
                     '(it says “July 20”)']),
    "a weekday resolved to its date": ('It spoke on 15 July 2024 [@daily "The company said on Monday"].', []),
    "a date named by its weekday": ('It spoke on Monday [@daily "The company said on Monday"].', []),
    "wrong weekday": ('It spoke on Thursday [@daily "The company said on Monday"].',
                      ['claim not supported by [@daily]: “Thursday” is in none of its quotes or the cited paragraph '
                       '(it says “Monday”)']),
    "a relative month resolved": ('The US sanctioned 12 top leaders in June 2024 '
                                  '[@daily "The US Treasury sanctioned 12 top leaders last month"].', []),
    "wrong count": ('The US sanctioned 14 top leaders [@daily "sanctioned 12 top leaders"].',
                    ['claim not supported by [@daily]: “14” is in none of its quotes or the cited paragraph '
                     '(it says “12 top leaders”)']),
    "count in words": ('It sanctioned twelve leaders [@daily "sanctioned 12 top leaders"].', []),
    "U.S. for US": ('The U.S. Treasury acted [@daily "The US Treasury sanctioned 12 top leaders"].', []),
    "wrong name": ('Commerce Secretary Antony Blinken said so [@daily "Commerce Secretary Gina Raimondo said"].',
                   ['claim not supported by [@daily]: “Antony” is in none of its quotes or the cited paragraph '
                    '(it says “Gina Raimondo”)',
                    'claim not supported by [@daily]: “Blinken” is in none of its quotes or the cited paragraph '
                    '(it says “Gina Raimondo”)']),
    "an approximation kept": ('It has more than 400 million users [@daily "it has over 400 million users"].', []),
    "a smaller lower bound": ('It has over 300 million users [@daily "it has over 400 million users"].', []),
    "a larger lower bound": ('It has over 500 million users [@daily "it has over 400 million users"].',
                             ['claim not supported by [@daily]: “over 500 million” is in none of its quotes or the '
                              'cited paragraph (it says “over 400 million users”)']),
    "an upper bound kept": ('It cuts less than 50 jobs [@daily "cutting fewer than 50 jobs"].', []),
    "an upper bound dropped": ('It cuts 50 jobs [@daily "cutting fewer than 50 jobs"].',
                               ['claim not supported by [@daily]: “50” is in none of its quotes or the cited paragraph '
                                '(it says “fewer than 50 jobs”)']),
    "within a stated approximation": ('It employs about 20 people [@daily "It employs 18 people"].', []),
    "outside a stated approximation": ('It employs about 25 people [@daily "It employs 18 people"].',
                                       ['claim not supported by [@daily]: “about 25” is in none of its quotes or the '
                                        'cited paragraph (it says “18 people”)']),
    "decades as years": ('It is nearly 30 years old [@daily "after nearly three decades"].', []),
    "percent and money": ('Revenue fell 5 per cent to $2bn [@daily "Its revenue fell 5% to $2bn"].', []),
    "a year": ('Revenue fell in 1998 [@daily "Its revenue fell 5% to $2bn"].',
               ['claim not supported by [@daily]: “1998” is in none of its quotes or the cited paragraph '
                '(it says “1997”)']),
    "a negation kept": ('The firm does not accept it [@daily "does not accept the ruling"].', []),
    "a negation dropped": ('The firm accepts the ruling [@daily "does not accept the ruling"].',
                           ['claim not supported by [@daily]: its quote is negative (“not”) and the claim is not; say '
                            'what the source denies, or quote the words the claim rests on']),
    "a negation added": ('The firm will not close its offices [@daily "close its offices from July 20"].',
                         ['claim not supported by [@daily]: “not” is in none of its quotes or the cited sentence']),
    "a fact in the paragraph, not the quote": ('On Monday it said it would close [@daily "would close its offices"].',
                                               []),
    "the outlet's own name and agency": ('The Daily, carrying Reuters, says it will close '
                                         '[@daily "would close its offices"].', []),
    "outlets counted by the citation": ('Two outlets say it closes from July 20 [@daily "close its offices from '
                                        'July 20"; @herald "close its offices from July 20"].', []),
    "outlets miscounted": ('Three outlets say it closes [@daily "close its offices"; @herald "close its offices"].',
                           ['claim not supported: “Three outlets” counts 3, but the citation names 2 sources and the '
                            'story has 2']),
    "every source must carry the fact": ('Both said so on Monday [@daily "The company said on Monday"; '
                                         '@herald "a spokesman said"].',
                                         ['claim not supported by [@herald]: “Monday” is in none of its quotes or the '
                                          'cited paragraph (it says “July 20”)']),
    "a synthesis mark accepts it": ('The firm will shut 4 offices [@daily "close its offices"; '
                                    'synthesis "the four offices are listed on its website"].', []),
    "a synthesis mark that is not needed": ('It closes from 20 July [@daily "close its offices from July 20"; '
                                            'synthesis "restated"].',
                                            ["the synthesis mark is not needed: the sources state every fact of this "
                                             "claim; remove 'synthesis \"restated\"'"]),
    "the clause before a citation is its own": ('It will close on 20 July [@daily "close its offices from July 20"], '
                                                'a spokesman said on Monday [@daily "The company said on Monday"].',
                                                []),
}


@pytest.mark.parametrize("page, messages", CLAIMS.values(), ids=CLAIMS.keys())
def test_claims_checked_against_their_sources(page: str, messages: list[str]) -> None:
    text = "---\ntitle: T\n---\n\n" + page + "\n"
    _, problems = check_claims(text, 4, library(), "docs/page.md")
    assert [str(p) for p in problems] == [f"docs/page.md:5: {m}" for m in messages]


def test_report_names_the_line_of_the_fact_and_records_the_evidence() -> None:
    text = ("# Page\n\nThe company said it would close its offices\nfrom 24 July, cutting fewer than 50 jobs\n"
            '[@daily "would close its offices from July 20, cutting fewer than 50 jobs"].\n')
    claims, problems = check_claims(text, 1, library(), "docs/page.md")
    assert [str(p) for p in problems] == [
        "docs/page.md:4: claim not supported by [@daily]: “24 July” is in none of its quotes or the cited paragraph "
        "(it says “July 20”)"]
    (claim,) = claims.values()
    assert claim.lines == (3, 5)
    found = {c.fact.text: [(e.where, e.text) for e in c.evidence] for c in claim.checks}
    assert found["fewer than 50"] == [("quote", "fewer than 50")]
    assert [c.status for c in claim.checks if c.fact.text.startswith("24")] == ["unsupported"]


def test_macros_are_not_prose() -> None:
    text = '# Page\n\n{{ timeline(start="2023") }}\n\nIt closes from 20 July [@daily "close its offices from July 20"].\n'
    _, problems = check_claims(text, 1, library(), "docs/page.md")
    assert problems == []
