"""Citations: the syntax, verification against sources, claims, notes and text fragments."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from story.citations.notes import Library, add_text_fragments, cite_page, claim_text, outlet_link, text_fragment
from story.citations.page_checks import PageChecks
from story.citations.syntax import CitedItem, find_citations, mask_code, named_keys
from story.markup import without_marks
from story.sources.load import read_source
from storytest import article

DAILY = """\
The company said on Monday it would close its “US-based” offices — all of them — from July 20.
Officials said the ban takes effect on 29 September, Reuters reports.
Subscribe now
"""
HERALD = "The firm will close its offices from July 20, a spokesman said.\n"


def library() -> Library:
    sources = []
    for slug, body, outlet in (("daily", DAILY, "The Daily"), ("herald", HERALD, "The Herald")):
        source, problems = read_source(article(body, outlet=outlet).encode(), f"sources/articles/{slug}.txt", slug)
        assert source is not None, problems
        sources.append(source)
    return Library(sources)


SYNTAX = {
    "one source": ('[@daily "the quote"]', [("daily", "the quote")]),
    "curly delimiters": ("[@daily “the quote”]", [("daily", "the quote")]),
    "quotes inside the quote": ('[@daily "he said "no" twice"]', [("daily", 'he said "no" twice')]),
    "several sources": ('[@daily "one"; @herald "two"]', [("daily", "one"), ("herald", "two")]),
    "wrapped onto the next line": ('[@daily "a long\n    quote"]', [("daily", "a long quote")]),
    "space before the bracket": ('[@daily "q" ]', [("daily", "q")]),
}


@pytest.mark.parametrize("text, items", SYNTAX.values(), ids=SYNTAX.keys())
def test_citation_syntax(text: str, items: list[tuple[str, str]]) -> None:
    citations, malformed = find_citations(f"Claim {text}.")
    assert malformed == []
    assert [c.items for c in citations] == [tuple(CitedItem(k, q) for k, q in items)]


MALFORMED = {
    "no quote": ('[@daily the quote]', 'the source @daily needs a quote: @daily "words the outlet printed"'),
    "no key": ('[@ "q"]', "each source is written @slug, like @daily-news"),
    "unclosed quote": ('[@daily "q', 'the quote has no closing " followed by ] or ;'),
    "quote ends at a blank line": ('[@daily "q\n\nnext"]', 'the quote has no closing " followed by ] or ;'),
}


@pytest.mark.parametrize("text, reason", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_citations(text: str, reason: str) -> None:
    citations, malformed = find_citations(f"Claim {text}")
    assert citations == []
    assert [m.reason for m in malformed] == [reason]


def test_code_and_escapes_are_not_citations() -> None:
    text = ('`[@daily "in a span"]` and \\[@daily "escaped"]\n\n```md\n[@daily "fenced"]\n```\n\n'
            '    ~~~\n    [@daily "fenced in a block"]\n    ~~~\n\nReal [@daily "quote"].\n')
    citations, malformed = find_citations(text)
    assert [c.items[0].quote for c in citations] == ["quote"] and malformed == []
    assert len(mask_code(text)) == len(text)


FOUND = {
    "as printed": ("close its “US-based” offices", 1, "close its “US-based” offices"),
    "straight quotes for curly": ('close its "US-based" offices', 1, "close its “US-based” offices"),
    "hyphen for an em dash": ("offices - all of them - from July 20", 1, "offices — all of them — from July 20"),
    "other spacing": ("all  of\u00a0them", 1, "all of them"),
    "soft hyphen": ("Offi\u00adcials said", 2, "Officials said"),
    "first inside a word, then whole": ("of", 1, "of"),  # "offices" comes before "all of them"
    "whole paragraph": ("Officials said the ban takes effect on 29 September, Reuters reports.", 2,
                        "Officials said the ban takes effect on 29 September, Reuters reports."),
}


@pytest.mark.parametrize("quote, paragraph, printed", FOUND.values(), ids=FOUND.keys())
def test_quotes_found_up_to_typography(quote: str, paragraph: int, printed: str) -> None:
    match = library().indexes["daily"].find(quote)
    assert match is not None
    assert (match.paragraph.number, match.text) == (paragraph, printed)


@pytest.mark.parametrize("quote", ["U.S.-based offices", "close its offices", "Monday it would clos",
                                   "ompany said", "from July 20. Officials said", "subscribe now", "Subscribe now",
                                   "said on monday", "ffices", "_said"])
def test_quotes_not_found(quote: str) -> None:
    assert library().indexes["daily"].find(quote) is None


def errors(markdown: str) -> list[str]:
    result = cite_page(markdown, page="index.md", library=library(), outlets_dir="outlets", shown="docs/index.md")
    assert not result.citations
    return [str(p) for p in result.problems]


ERRORS = {
    "unknown source": ('[@dialy "x"]', "docs/index.md:1: there is no source @dialy; did you mean @daily?"),
    "unknown, nothing close": ('[@zzz "x"]', "docs/index.md:1: there is no source @zzz; the sources are @daily, @herald"),
    "empty quote": ('[@daily " "]', "docs/index.md:1: the quote for @daily is empty; put the words The Daily "
                                    "printed between the quotes"),
    "quote not found": ('[@daily "the ban takes effect on 30 September"]',
                        "docs/index.md:1: “the ban takes effect on 30 September” is not in the article text of The "
                        "Daily (sources/articles/daily.txt); did you mean “the ban takes effect on 29 September” "
                        "(paragraph 2)?"),
    "only in furniture": ('[@daily "Subscribe now"]',
                          "docs/index.md:1: “Subscribe now” is in page furniture that cleaning removed from The "
                          "Daily (sources/articles/daily.txt line 16, rule subscription-prompt), not in its article "
                          "text; quote the article"),
    "malformed": ('[@daily quote]', "docs/index.md:1: '[@daily quote]' is not a citation: the source @daily needs a "
                                    'quote: @daily "words the outlet printed"; write [@source "quote"], several '
                                    "separated by ;"),
}


@pytest.mark.parametrize("text, message", ERRORS.values(), ids=ERRORS.keys())
def test_each_failure_is_one_exact_line(text: str, message: str) -> None:
    assert errors(f"Claim {text}.") == [message]


def test_lines_are_those_of_the_file_and_macro_output_is_located_too() -> None:
    file_text = '---\ntitle: T\n---\n# T\n\nFirst.\n\nSecond [@daily "nope"].\n{{ macro() }}\n'
    markdown = '# T\n\nFirst.\n\nSecond [@daily "nope"].\n[@herald "also nope"]\n'
    result = cite_page(markdown, page="index.md", library=library(), outlets_dir="outlets",
                       shown="docs/index.md", file_text=file_text, line_offset=3)
    assert [p.line for p in result.problems] == [8, 9]


JOINS = {
    "space before": ("Claim [@daily \"company said\"].", "Claim[^story-cite-1]."),
    "on a line of its own": ("    Claim\n    [@daily \"company said\"].", "    Claim[^story-cite-1]."),
    "starting a block": ("Intro.\n\n[@daily \"company said\"] starts it.", "Intro.\n\n[^story-cite-1] starts it."),
    "first thing on the page": ("[@daily \"company said\"] first.", "[^story-cite-1] first."),
}


@pytest.mark.parametrize("text, expected", JOINS.values(), ids=JOINS.keys())
def test_the_note_marker_joins_the_word_before(text: str, expected: str) -> None:
    result = cite_page(text, page="index.md", library=library(), outlets_dir="outlets")
    assert without_marks(result.markdown).split("\n\n[^story-cite-1]:")[0] == expected


def test_a_page_with_citations_becomes_notes() -> None:
    markdown = ('One claim [@daily "Officials said the ban takes effect on 29 September"].\n\n'
                'Another claim [@daily "close its “US-based” offices" ; @herald "close its offices from July 20"].\n')
    result = cite_page(markdown, page="story/index.md", library=library(), outlets_dir="outlets")
    assert result.problems == ()
    assert [(c.number, c.claim, c.anchor) for c in result.citations] == [
        (1, "One claim", "fnref:story-cite-1"), (2, "Another claim", "fnref:story-cite-2")]
    assert result.markdown.startswith("One claim[^story-cite-1].\n\nAnother claim[^story-cite-2].\n")
    assert ('[^story-cite-1]: **The Daily**, paragraph 2: “Officials said the ban takes effect on 29 '
            'September” [(in context)](../outlets/daily.md#p2){ .story-cite-link data-story-fragment='
            '"text=Officials%20said%20the%20ban%20takes%20effect%20on%2029%20September" } '
            '<span class="story-print-only">Original: https&#58;//example.com/story</span>') in result.markdown
    assert "[^story-cite-2]: Carried by 2 of the story's 2 sources:\n\n    - **The Daily**" in result.markdown


CLAIMS = {
    "sentence before": ("First sentence. The claim itself ", "The claim itself"),
    "after the full stop": ("The claim itself. ", "The claim itself."),
    "abbreviations": ("Before. The U.S. ban starts Sept. 29 ", "The U.S. ban starts Sept. 29"),
    "markup removed": ("- **Bold** claim with [a link](x.md) ", "Bold claim with a link"),
    "table cell": ("| other | the cell claim ", "the cell claim"),
    "admonition": ('!!! note "Title"\n    Inside the box ', "Inside the box"),
    "bold lead-in": ("**A lead-in.** The claim itself ", "The claim itself"),
    "escaped text from a macro": ("**The wind&#45;down &#40;begins&#41;** ", "The wind-down (begins)"),
}


@pytest.mark.parametrize("prose, claim", CLAIMS.values(), ids=CLAIMS.keys())
def test_claim_text(prose: str, claim: str) -> None:
    assert claim_text(prose, len(prose)) == claim


def test_text_fragments() -> None:
    assert text_fragment("a-b, c & d") == "text=a%2Db%2C%20c%20%26%20d"
    long = " ".join(f"w{i}" for i in range(20))
    assert text_fragment(long) == "text=w0%20w1%20w2%20w3%20w4%20w5,w14%20w15%20w16%20w17%20w18%20w19"
    html = '<a class="story-cite-link" data-story-fragment="text=x%20y" href="../outlets/a/#p2">(in context)</a>'
    assert add_text_fragments(html) == '<a class="story-cite-link" href="../outlets/a/#p2:~:text=x%20y">(in context)</a>'


@given(st.text())
def test_a_text_fragment_is_percent_encoded_as_urllib_encodes_it(text: str) -> None:
    from urllib.parse import quote

    words = text.split()
    expected = [" ".join(words)] if len(words) <= 12 else [" ".join(words[:6]), " ".join(words[-6:])]
    assert text_fragment(text) == "text=" + ",".join(quote(piece, safe="").replace("-", "%2D") for piece in expected)


def test_outlet_links_are_relative_to_the_page() -> None:
    assert outlet_link("index.md", "outlets", "daily", "p3") == "outlets/daily.md#p3"
    assert outlet_link("a/b/page.md", "outlets", "daily") == "../../outlets/daily.md"


@given(st.one_of(st.text(), st.text(alphabet='[@]";`~\n ab1_.:-“”\\\'synthe'), st.sampled_from(
    [text for text, _ in SYNTAX.values()] + ['`[@code "q"]` [@daily.x "q"]', '[@9news "q"; @_wire "r"]', '```\n[@fenced "q"]\n```\n[@a "b"]'])))
def test_the_keys_a_page_may_name_hold_every_key_its_citations_name(text: str) -> None:
    """A page's verification is keyed by the sources of `named_keys`, found without parsing the citations."""
    citations, _ = find_citations(text)
    assert {item.key for citation in citations for item in citation.items} <= named_keys(text)


@given(st.text())
def test_any_text_is_parsed_without_crashing(text: str) -> None:
    citations, malformed = find_citations(text)
    spans = sorted([(c.start, c.end) for c in citations] + [(m.start, m.end) for m in malformed])
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    cite_page(text, page="index.md", library=library(), outlets_dir="outlets")


UNCITED = {
    "a table and a list": "## What several outlets report\n\n| Fact | The Daily |\n| --- | --- |\n| July 20 | ✓ |\n\n"
                          "- one item\n- [a link](outlets/daily.md#p1)\n",
    "a footnote of its own": "Words with a note.[^own]\n\n[^own]: The note's own text.\n",
    "nothing": "",
}


@pytest.mark.parametrize("tail", UNCITED.values(), ids=UNCITED.keys())
def test_a_part_that_cites_nothing_is_not_verified_and_the_page_renders_as_if_whole(tail: str) -> None:
    head = '# Story\n\nIt closes on 20 July [@daily "from July 20"].\n\nA spokesman spoke [@herald "a spokesman said"].\n'
    whole, whole_problems = PageChecks(library(), "outlets").cite("index.md", f"{head}\n{tail}", shown="index.md",
                                                                   file_text=None)
    parts, parts_problems = PageChecks(library(), "outlets").cite("index.md", head, shown="index.md",
                                                                   file_text=None, uncited=tail)
    assert parts_problems == whole_problems == []
    extensions = ["footnotes", "tables", "attr_list", "md_in_html"]
    assert markdown.markdown(parts, extensions=extensions) == markdown.markdown(whole, extensions=extensions)
    assert "story: the rest of the page" not in parts


def test_a_part_said_to_cite_nothing_that_holds_a_citation_is_verified_all_the_same() -> None:
    checks = PageChecks(library(), "outlets")
    cited, problems = checks.cite("index.md", "# Story\n", shown="index.md", file_text=None,
                                  uncited='It closes [@daily "not in the article"].\n')
    assert len(problems) == 1 and "not in the article text of The Daily" in problems[0].message
    assert "[@daily" not in cited
