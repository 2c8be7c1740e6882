"""Facts, their alignment across outlets, conflicts, shared text and editors' annotations."""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from story.comparison import compare as compare_module
from story.comparison.compare import Passage, SharedText, _shingles, _tokens, compare, read_annotations, shared_text
from story.comparison.facts import source_facts
from story.markup import parts_of
from story.sources.load import Source, read_source
from storytest import article


def source(slug: str, body: str, date: str | None = "2024-07-16") -> Source:
    made, problems = read_source(article(body, outlet=slug.title(), published={"date": date}).encode(),
                                 f"sources/articles/{slug}.txt", slug)
    assert made is not None, problems
    return made


def facts(body: str, kind: str) -> list[tuple[str, str, str]]:
    return [(f.key, f.shown, f.text) for f in source_facts(source("daily", body)) if f.kind == kind]


FACTS = {
    "count with qualifier": ("It has over 400 million users worldwide.", "count",
                             [("count of user", "over 400,000,000 user", "over 400 million users")]),
    "count in words": ("The closure affects fewer than fifty employees.", "count",
                       [("count of employee", "under 50 employee", "fewer than fifty employees")]),
    "decades are years": ("It was a player for two decades.", "count", [("count of year", "20 year", "two decades")]),
    "dates are not counts": ("It began on July 20 and in 1997.", "count", []),
    "date of a happening": ("The company announced on Tuesday it would leave.", "date",
                            [("date of the announcement", "Tuesday 16 July 2024", "Tuesday")]),
    "a specific word wins": ("The restrictions were first announced on June 20.", "date",
                             [("date of the ban", "20 June 2024", "June 20")]),
    "people": ("US Commerce Secretary Gina Raimondo spoke.", "name", [("person: Gina Raimondo", "Gina Raimondo",
                                                                      "Gina Raimondo")]),
    "organisations": ("The Commerce Department and CNN reported it.", "name",
                      [("organisation: Commerce Department", "Commerce Department", "Commerce Department"),
                       ("organisation: CNN", "CNN", "CNN")]),
    "first reported by": ("The news was first reported by CNN on its site.", "attribution",
                          [("first reported by", "CNN", "first reported by CNN")]),
    "reporter first reported": ("Journalist Kim Zetter first reported the news.", "attribution",
                                [("first reported by", "Kim Zetter", "Journalist Kim Zetter first reported")]),
    "statement given to": ("It was first told to Zero Day, which received a statement from the firm.",
                           "attribution", [("statement given to", "Zero Day", "Zero Day, which received a statement")]),
    "quotation and speaker": ("“Business is no longer viable here,” the company said.", "quotation",
                              [("quotation: business is no longer viable here", "Business is no longer viable here",
                                "“Business is no longer viable here,”")]),
}


@pytest.mark.parametrize("body, kind, expected", FACTS.values(), ids=FACTS.keys())
def test_facts_of_each_kind(body: str, kind: str, expected: list[tuple[str, str, str]]) -> None:
    assert facts(body, kind) == expected


def test_quotation_speakers() -> None:
    found = source_facts(source("daily", "Kaspersky said it made the “sad but difficult decision” today.\n"
                                         "“We will stay,” the company said."))
    assert [(f.shown, f.qualifier) for f in found if f.kind == "quotation"] == [
        ("sad but difficult decision", "Kaspersky"), ("We will stay", "the company")]


def conflicts(*sources: Source) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    comparison, problems = compare(list(sources))
    assert problems == []
    return [(c.id, [(s.value, sorted({f.source for f in s.facts})) for s in c.sides]) for c in comparison.conflicts]


def test_a_different_day_for_the_same_happening_conflicts() -> None:
    assert conflicts(source("daily", "The firm said on Monday it would leave."),
                     source("herald", "The firm announced on Tuesday it would leave.", "2024-07-17")) == [
        ("date-announcement", [("Monday 15 July 2024", ["daily"]), ("Tuesday 16 July 2024", ["herald"])])]


def test_a_different_weekday_conflicts_even_unresolved() -> None:
    assert conflicts(source("daily", "The firm said on Monday it would leave."),
                     source("herald", "The firm announced on Tuesday it would leave.", None)) != []


def test_the_same_day_agrees() -> None:
    assert conflicts(source("daily", "The firm said on Monday it would leave."),
                     source("herald", "The firm said on July 15 it would leave.")) == []


def test_a_different_count_of_the_same_thing_conflicts() -> None:
    assert conflicts(source("daily", "The closure will affect 40 employees in the country."),
                     source("herald", "The closure will affect 60 employees in the country.")) == [
        ("count-employee", [("40 employee", ["daily"]), ("60 employee", ["herald"])])]


@pytest.mark.parametrize("left, right", [
    ("The closure will affect fewer than 50 employees.", "The closure will affect 45 employees."),
    ("It has over 400 million users.", "It has 400 million users."),
    ("It operated for almost 20 years here.", "It operated for 19 years here."),
    ("The closure will affect 40 employees in the country.", "It has 60 employees on a different continent, mostly in sales."),
])
def test_counts_that_can_both_be_true_do_not_conflict(left: str, right: str) -> None:
    assert conflicts(source("daily", left), source("herald", right)) == []


@pytest.mark.parametrize("lower, expected", [
    # Counts all "over" (or all "under") some number never conflict with each other, however many there are;
    # an exact count below one of them still conflicts with it, wherever it stands among them.
    ("It has over 300 million users.", []),
    ("It has 250 million users.",
     [("count-user", [("250,000,000 user", ["gazette"]), ("over 400,000,000 user", ["daily"]),
                      ("over 500,000,000 user", ["herald"])])]),
])
def test_one_sided_counts_conflict_only_with_a_count_they_exclude(lower: str, expected: list) -> None:
    assert conflicts(source("daily", "It has over 400 million users."),
                     source("herald", "It has over 500 million users."),
                     source("gazette", lower),
                     source("courier", "It has under 900 million users."),
                     source("ledger", "It has under 950 million users.")) == expected


def test_a_different_answer_to_who_reported_first_conflicts() -> None:
    assert conflicts(source("daily", "The news was first reported by CNN."),
                     source("herald", "The news was first reported by Zero Day."),
                     source("gazette", "The news was first reported by CNN yesterday.")) == [
        ("attribution-first-reported-by", [("CNN", ["daily", "gazette"]), ("Zero Day", ["herald"])])]


def test_a_quotation_worded_differently_is_listed_apart_from_the_conflicts() -> None:
    comparison, _ = compare([source("daily", "It called it a “sad but difficult decision” in a note."),
                             source("herald", "“We made this sad and difficult decision as business is over,” it said."),
                             source("gazette", "“This sad and difficult decision hurts,” it said.")])
    assert comparison.conflicts == []
    assert [(c.id, [(s.value, sorted({f.source for f in s.facts})) for s in c.sides]) for c in comparison.wording] == [
        ("wording-sad-but-difficult-decision", [("“sad but difficult decision”", ["daily"]),
                                                ("“sad and difficult decision”", ["gazette", "herald"])])]


COUNTS_HOW_MANY = {
    "a number against a vague count": ("The US sanctioned 12 top leaders of the firm.",
                                       "The Treasury sanctioned several senior executives of the firm.",
                                       [("12 senior person", ["daily"]), ("several senior person", ["herald"])]),
    "a number against a list": ("The US sanctioned 12 top leaders of the firm.",
                                "Sanctions hit its leadership, including the CEO, the COO and the legal chief.",
                                [("12 senior person", ["daily"]), ("3 named senior person", ["herald"])]),
}


@pytest.mark.parametrize("left, right, sides", COUNTS_HOW_MANY.values(), ids=COUNTS_HOW_MANY.keys())
def test_counts_without_a_number_answer_how_many_differently(left: str, right: str,
                                                            sides: list[tuple[str, list[str]]]) -> None:
    assert conflicts(source("daily", left), source("herald", right)) == [("count-senior-person", sides)]


def test_a_long_list_is_not_a_count() -> None:
    assert conflicts(source("daily", "The US sanctioned 12 top leaders of the firm."),
                     source("herald", "Sanctions hit its leadership, including the banning of every software update "
                                      "the company makes, resales and licensing of the product in the US.")) == []


def test_u_s_and_us_are_the_same_wording() -> None:
    assert conflicts(source("daily", "It said “purchase unavailable for U.S. customers” online."),
                     source("herald", "It said “purchase unavailable for US customers” online.")) == []


def test_agreement_and_unique_details() -> None:
    comparison, _ = compare([source("daily", "It has over 400 million users. The news was first reported by CNN."),
                             source("herald", "It has over 400 million users, and 270,000 clients.")])
    assert [(g.label, g.outlets) for g in comparison.shared_groups() if g.kind == "count"] == [
        ("over 400,000,000 user", ("daily", "herald"))]
    assert [g.label for g in comparison.unique("herald")] == ["270,000 client"]
    assert [g.label for g in comparison.unique("daily")] == ["CNN", "CNN"]


def test_shared_text_is_found_across_typography_and_u_s() -> None:
    wire = "The new restrictions by the U.S. government will come into effect on Sept. 29, officials said."
    copy = "Officials spoke. The new restrictions by the US government will come into effect on Sept 29, officials said."
    shared = shared_text([source("daily", wire), source("herald", copy),
                          source("gazette", "An independent account of the same events, in other words.")])
    assert [(p.words, [(s, n) for s, n, _, _ in p.spans]) for p in shared.passages] == [
        (16, [("daily", 1), ("herald", 1)])]
    assert shared.pairs == {("daily", "herald"): 1.0, ("herald", "daily"): 16 / 18}
    assert shared.by_outlet == {"daily": 1.0, "herald": 16 / 18}


WIRE = "Officials said the new restrictions on the company will come into effect at the end of September."


@pytest.mark.parametrize("texts, passages", [
    # A wire passage five outlets print is one passage with five places, not ten pairs.
    ({f"o{n}": f"Intro {n} words differ here.\n{WIRE}" for n in range(5)},
     [(17, [(f"o{n}", 2) for n in range(5)])]),
    # A run that goes on into the next paragraph in one outlet is two passages, each within a paragraph.
    ({"one": "The firm said it would close its offices in the country this week, and cut every job there. "
             "Customers will keep getting updates for six months after that, a spokesperson said.",
      "two": "The firm said it would close its offices in the country this week, and cut every job there.\n"
             "Customers will keep getting updates for six months after that, a spokesperson said."},
     [(18, [("one", 1), ("two", 1)]), (13, [("one", 1), ("two", 2)])]),
    # Seven words in common are not a passage.
    ({"one": "Seven words are the same in both. Then nothing else is.",
      "two": "Seven words are the same in both, but the rest is different."}, []),
])
def test_shared_passages_are_listed_once_within_a_paragraph(texts: dict[str, str],
                                                            passages: list[tuple[int, list[tuple[str, int]]]]) -> None:
    shared = shared_text([source(slug, text) for slug, text in texts.items()])
    assert [(p.words, [(s, n) for s, n, _, _ in p.spans]) for p in shared.passages] == passages
    for passage in shared.passages:
        for slug, number, start, end in passage.spans:
            paragraph = texts[slug].split("\n")[number - 1]
            assert 0 <= start < end <= len(paragraph)


def test_runs_of_words_alike_only_by_their_digests_are_not_shared_text() -> None:
    one = source("one", "These particular words are printed by one outlet alone, and nowhere else at all.")
    two = source("two", "Quite different words are printed by the other outlet, that one alone, in its copy.")
    assert shared_text([one, two]).passages == ()
    shingles = _shingles(two)  # as if every run of six words of `two` had the digest of the run at the same place
    shingles[:] = _shingles(one)[:len(shingles)]  # in `one`: two digests alike by chance, many times over
    assert shared_text([one, two]).passages == ()


def _pairwise(sources: list[Source], sharing: int) -> SharedText:
    """Shared text found as its definition says, pair by pair of outlets: the runs of places where two outlets print
    the same six words (a run printed by two to `sharing` outlets), eight words or more; the reference that the
    build's faster way of finding them must agree with."""
    tokens = {s.slug: _tokens(s) for s in sources}
    shingles = {s.slug: _shingles(s) for s in sources}
    outlets: dict[int, set[str]] = defaultdict(set)
    for slug, found in shingles.items():
        for shingle in found:
            outlets[shingle].add(slug)
    runs: dict[tuple[str, ...], set[tuple[str, int, int, int]]] = defaultdict(set)
    covered: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for a, b in itertools.combinations(sorted(shingles), 2):
        sa, sb = shingles[a], shingles[b]
        hits = {(i, j) for i, x in enumerate(sa) for j, y in enumerate(sb)
                if x and x == y and 1 < len(outlets[x]) <= sharing}
        for i, j in hits:
            if (i - 1, j - 1) in hits:
                continue
            count = 1
            while (i + count, j + count) in hits:
                count += 1
            length = count + 5
            words = [w for w, *_ in tokens[a][i:i + length]]
            if length < 8 or words != [w for w, *_ in tokens[b][j:j + length]]:
                continue
            covered[(a, b)].append((i, i + length))
            covered[(b, a)].append((j, j + length))
            for slug, start in ((a, i), (b, j)):
                first, last = tokens[slug][start], tokens[slug][start + length - 1]
                runs[tuple(words)].add((slug, first[1], first[2], last[3]))
    order = {s.slug: n for n, s in enumerate(sources)}
    passages = sorted((Passage(len(words), tuple(sorted(places, key=lambda p: (order[p[0]], p[1:]))))
                       for words, places in runs.items()),
                      key=lambda p: (-p.words, [(order[s], n, a) for s, n, a, _ in p.spans]))

    def words_in(spans: list[tuple[int, int]]) -> int:
        return len({k for start, end in spans for k in range(start, end)})

    by_outlet: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (a, _), spans in covered.items():
        by_outlet[a] += spans
    return SharedText(tuple(passages), {pair: words_in(spans) / len(tokens[pair[0]]) for pair, spans in
                                        sorted(covered.items())},
                      {slug: words_in(by_outlet[slug]) / len(tokens[slug]) for slug in tokens if slug in by_outlet})


_WORDS = st.sampled_from(["the", "firm", "said", "it", "would", "close", "US", "U.S.", "offices", "today"])


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.lists(st.lists(_WORDS, min_size=1, max_size=30), min_size=1, max_size=3), min_size=2,
                      max_size=6),
       copies=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 2)), max_size=6),
       sharing=st.integers(2, 4))
@example(texts=[[["the"]], [["the"] * 7]], copies=[(1, 0, 0), (0, 1, 1)], sharing=2)  # a pair that goes on from
# the run before it, among places that start one: it starts no run of its own
def test_shared_text_is_what_comparing_each_pair_of_outlets_finds(
        texts: list[list[list[str]]], copies: list[tuple[int, int, int]], sharing: int) -> None:
    """Outlets of a few paragraphs of a few words, some copied from one outlet to another, so that runs are shared
    by several outlets, go on into other runs, and are printed by more outlets than are compared."""
    for source_index, target_index, paragraph in copies:  # a paragraph copied into another outlet, as a wire story
        origin, target = texts[source_index % len(texts)], texts[target_index % len(texts)]
        target.append(list(origin[paragraph % len(origin)]) + ["and", "more"])
    sources = [source(f"o{n}", "\n".join(" ".join(paragraph) + "." for paragraph in paragraphs))
               for n, paragraphs in enumerate(texts)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compare_module, "_MAX_SHARING", sharing)
        found = shared_text(sources)
    assert found == _pairwise(sources, sharing)
    assert list(found.pairs) == sorted(found.pairs)  # in the same order in every build


def test_editors_annotate_and_dismiss(tmp_path: Path) -> None:
    path = tmp_path / "comparison.yml"
    path.write_text("conflicts:\n  attribution-first-reported-by:\n    status: dismissed\n    note: Same newsletter.\n"
                    "  date-nothing:\n    status: noted\n", encoding="utf-8")
    annotations, problems = read_annotations(path, "sources/comparison.yml")
    assert problems == []
    comparison, problems = compare([source("daily", "The news was first reported by CNN."),
                                    source("herald", "The news was first reported by Zero Day.")],
                                   annotations, "sources/comparison.yml")
    assert [str(p) for p in problems] == ["sources/comparison.yml:5: no conflict has the id 'date-nothing'; the "
                                          "conflicts are attribution-first-reported-by"]
    (conflict,) = comparison.conflicts
    assert conflict.dismissed and conflict.annotation and conflict.annotation.note == "Same newsletter."


@pytest.mark.parametrize("text, message", [
    ("conflicts:\n  x:\n    status: maybe\n", "sources/comparison.yml:2: conflict 'x' must be {status: noted, "
                                                "confirmed or dismissed, note: text}"),
    ("conflict: {}\n", "sources/comparison.yml:1: unknown field 'conflict'; the file has 'conflicts:', a mapping of "
                       "conflict ids to {status, note}"),
    ("conflicts: [a]\n", "sources/comparison.yml:1: 'conflicts' must map conflict ids to {status: "
                         "noted|confirmed|dismissed, note: ...}"),
])
def test_annotation_mistakes(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "comparison.yml"
    path.write_text(text, encoding="utf-8")
    assert [str(p) for p in read_annotations(path, "sources/comparison.yml")[1]] == [message]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("Aa Bb Cc“”\"'.,;:0123456789 \n-—") +
                                ["over ", "million ", "users ", "on Monday ", "first reported by ", "CNN ", "said ",
                                 "July 20 ", "U.S. ", "The ", "Department "]), max_size=120).map("".join))
def test_extraction_never_crashes_on_any_text(text: str) -> None:
    lead = "Lead paragraph of an article.\n"
    made, _ = read_source(article(lead + text).encode(), "x.txt", "daily")
    assert made is not None
    for fact in source_facts(made):
        assert fact.paragraph.text[fact.start:fact.end] == fact.text
    compare([made, source("herald", "The news was first reported by CNN on Monday, with over 400 million users.")])


def test_past_a_dozen_outlets_the_matrix_becomes_a_list() -> None:
    from story.render.comparison_blocks import MATRIX_COLUMNS, matrix_block

    many = [source(f"outlet{n:02d}", "It has over 400 million users.") for n in range(MATRIX_COLUMNS + 1)]
    comparison, _ = compare(many)
    names = {s.slug: s.name for s in many}
    block = matrix_block(comparison, names, "comparison.md", "outlets")
    assert "| Fact |" not in block
    assert f"- more than 400 million users ({MATRIX_COLUMNS + 1}): [Outlet00](outlets/outlet00.md#p1 " in block
    rest, (table,) = parts_of(matrix_block(compare(many[:2])[0], names, "comparison.md", "outlets"))
    assert rest.startswith("### Numbers\n") and table.startswith("| Fact | Outlet00 | Outlet01 |")  # rendered apart


@pytest.mark.parametrize("sentence, raw, reads", [
    ("It has over 400 million users.", "over 400,000,000 user", "more than 400 million users"),
    ("It employs fewer than 50 staff.", "under 50 employee", "fewer than 50 employees"),
    ("It sanctioned 12 top leaders.", "12 senior person", "12 senior people"),
    ("It named one executive.", None, None),
    ("It has 1 office.", "1 office", "1 office"),
    ("It has about 1.5 billion users.", "about 1,500,000,000 user", "about 1.5 billion users"),
    ("It has 12,000 employees.", "12,000 employee", "12,000 employees"),
    ("It sanctioned several senior executives.", "several senior person", "several senior people"),
    ("Sanctions hit its leadership, including the CEO, the COO and the CFO.", "3 named senior person",
     "3 senior people, named one by one"),
    ("It has 40 companies.", "40 company", "40 companies"),
])
def test_counts_read_as_a_reporter_writes_them_and_keep_their_raw_value(sentence: str, raw: str | None,
                                                                        reads: str | None) -> None:
    from story.comparison.compare import Group
    from story.render.readable import fact_label

    counts = [f for f in source_facts(source("daily", sentence)) if f.kind == "count"]
    if raw is None:
        assert counts == []
        return
    assert [(f.shown, fact_label(Group("count", f.key, f.shown, (f,)))) for f in counts] == [(raw, reads)]


def test_conflicts_ask_their_question_in_words_and_the_data_keeps_the_raw_values(tmp_path: Path) -> None:
    from story.render.comparison_blocks import comparison_data, conflict_block

    comparison, _ = compare([source("daily", "The department sanctioned 12 top leaders of the firm."),
                             source("herald", "The department sanctioned 4 top leaders of the firm.")])
    [conflict] = comparison.conflicts
    block = conflict_block(conflict, {"daily": "The Daily", "herald": "The Herald"})
    assert block.splitlines()[1] == "**How many senior people?** <small>`count-senior-person`</small>"
    assert [html.unescape(line.split(" [")[0]) for line in block.splitlines() if line.startswith("- ")] == [
        "- 4 senior people: The Herald", "- 12 senior people: The Daily"]
    data = comparison_data(comparison, {}, "outlets")["conflicts"][0]
    assert (data["question"], data["reads"]) == ("how many: senior person", "How many senior people?")
    assert [(s["value"], s["reads"]) for s in data["sides"]] == [("4 senior person", "4 senior people"),
                                                                 ("12 senior person", "12 senior people")]
