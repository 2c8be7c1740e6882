"""Cleaning: generic rules, a source's own rules, and properties that hold for any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from story.cleaning.rules import CleaningProfile, LineRule, clean

ARTICLE = "The company said on Monday it would close its offices in the country."
PROFILE = CleaningProfile(headline="Firm to close offices", section="World", byline=("Jane Doe", "John Roe"),
                          agency="Reuters")

# Each case: one line placed after an article paragraph, and the rule expected to remove it
# (None: it is article text and stays).
LINES = {
    "capture metadata is only a first-line thing": ("date 2024-07-16 World", None),
    "headline": ("Firm to close offices", "headline"),
    "headline, other typography": ("FIRM TO CLOSE  OFFICES", "headline"),
    "section": ("World", "section-label"),
    "byline with date": ("16 July 2024 - 09:44 By Jane Doe and John Roe", "byline"),
    "bare byline": ("By Anna Smith", "byline"),
    "a sentence with by stays": ("The law was passed by Congress in a vote on Tuesday evening.", None),
    "agency credit": ("Reuters", "agency-credit"),
    "agency credit with dash": ("— Reuters", "agency-credit"),
    "agency named in a sentence stays": ("Reuters reported the move first, citing people familiar.", None),
    "subscribe prompt": ("subscribe Just R20 for the first month. Support independent journalism.",
                         "subscription-prompt"),
    "subscribe now": ("Subscribe now", "subscription-prompt"),
    "sign up or sign in": ("Sign up (it's quick and free) or sign in now.", "subscription-prompt"),
    "newsletter": ("Subscribe to Our Newsletter", "subscription-prompt"),
    "newsletter box": ("Get our daily newsletter", "newsletter"),
    "spam promise": ("*we hate spam as much as you do", "newsletter"),
    "comment invitation": ("Would you like to comment on this article?", "comment-invitation"),
    "comment policy": ("Please read our Comment Policy before commenting.", "comment-invitation"),
    "comment count": ("12 comments", "comment-invitation"),
    "image credit": ("Image: REUTERS/Dado Ruvic/File Photo", "image-credit"),
    "photo credit": ("Photo: AFP", "image-credit"),
    "print line": ("Published in Dawn, July 17th, 2024", "publication-line"),
    "advertisement": ("ADVERTISEMENT", "advertisement"),
    "most read": ("Most read", "closing-rail"),
    "trending now": ("Trending Now", "closing-rail"),
    "opinion": ("Opinion", "closing-rail"),
    "see also with colon": ("See also:", "closing-rail"),
    "a quote about subscribing stays": ("“Subscribers will get refunds for the remaining months,” the company "
                                        "said in a statement on its website.", None),
}


@pytest.mark.parametrize("line, rule", LINES.values(), ids=LINES.keys())
def test_generic_rules(line: str, rule: str | None) -> None:
    cleaned = clean(f"{ARTICLE}\n{line}\n", PROFILE)
    if rule is None:
        assert [p.text for p in cleaned.paragraphs] == [ARTICLE, line]
        assert cleaned.removed == ()
    else:
        assert [p.text for p in cleaned.paragraphs] == [ARTICLE]
        assert [(r.line, r.text, r.rule) for r in cleaned.removed] == [(2, line, rule)]


def test_capture_metadata_line_and_prefix() -> None:
    whole = clean(" date 2024-07-16 World\n\n" + ARTICLE)
    assert [(r.line, r.text, r.rule) for r in whole.removed] == [(1, "date 2024-07-16 World", "capture-metadata")]
    prefix = clean(" date 2024-07-16 Kaspersky initially planned to fight, but now says it is ‘no longer viable’.")
    assert [p.text for p in prefix.paragraphs] == ["Kaspersky initially planned to fight, but now says it is "
                                                   "‘no longer viable’."]
    assert [(r.text, r.rule) for r in prefix.removed] == [("date 2024-07-16", "capture-metadata")]


def test_a_closing_rail_removes_everything_after_it() -> None:
    text = f"{ARTICLE}\n\nMost read\n\n  1. Another story entirely\nA long paragraph that belongs to another story.\n"
    cleaned = clean(text)
    assert [p.text for p in cleaned.paragraphs] == [ARTICLE]
    assert [(r.line, r.rule) for r in cleaned.removed] == [(3, "closing-rail"), (5, "closing-rail"),
                                                          (6, "closing-rail")]


def test_a_rail_heading_above_the_article_is_only_a_label() -> None:
    cleaned = clean(f"Opinion\n{ARTICLE}\n")
    assert [p.text for p in cleaned.paragraphs] == [ARTICLE]
    assert [(r.text, r.rule) for r in cleaned.removed] == [("Opinion", "navigation-label")]


def test_a_repeated_paragraph_appears_once() -> None:
    caption = "Kaspersky, which will eliminate all U.S.-based positions, did not allow purchases."
    cleaned = clean(f"{caption}\n{caption.replace(',', ' ,').replace(' ,', ',')}\n\n{ARTICLE}\n{caption}\n")
    assert [p.text for p in cleaned.paragraphs] == [caption, ARTICLE]
    assert [(r.line, r.rule) for r in cleaned.removed] == [(2, "repeated-paragraph"), (5, "repeated-paragraph")]
    assert "(¶1)" in cleaned.removed[0].reason


def test_typography_alone_does_not_make_a_paragraph_new() -> None:
    cleaned = clean("He said “no” — twice\u00a0over.\nHe said \"no\" - twice over.\n")
    assert len(cleaned.paragraphs) == 1


def test_a_sources_rules_come_before_the_generic_ones() -> None:
    profile = CleaningProfile(rules=(
        LineRule("keep", "this page's section heading is article text", text="Opinion"),
        LineRule("remove", "comment widget label", text="speech bubbles"),
        LineRule("cut_from", "unrelated box", pattern=re.compile(r"^More on ")),
    ))
    cleaned = clean(f"{ARTICLE}\nOpinion\nSpeech Bubbles\nSecond paragraph of text.\nMore on this\nTail.\n", profile)
    assert [p.text for p in cleaned.paragraphs] == [ARTICLE, "Opinion", "Second paragraph of text."]
    assert [(r.line, r.rule, r.reason) for r in cleaned.removed] == [
        (3, "source rule: remove", "comment widget label"),
        (5, "source rule: cut from", "unrelated box"),
        (6, "source rule: cut from", "unrelated box")]


def test_paragraphs_by_blank_lines() -> None:
    text = "A hard-wrapped\nparagraph of text.\n\nAnother one\nhere.\n"
    cleaned = clean(text, CleaningProfile(paragraphs="blank-lines"))
    assert [(p.number, p.line, p.text) for p in cleaned.paragraphs] == [
        (1, 1, "A hard-wrapped paragraph of text."), (2, 4, "Another one here.")]
    assert [p.anchor for p in cleaned.paragraphs] == ["p1", "p2"]


def test_windows_line_endings() -> None:
    cleaned = clean(f"{ARTICLE}\r\n\r\nSubscribe now\r\nSecond paragraph of text.\r\n")
    assert [p.text for p in cleaned.paragraphs] == [ARTICLE, "Second paragraph of text."]


# Property-based tests. Article text here is made of plain news vocabulary, which is what
# article text is; furniture is drawn from the lines that the rules above exist to remove.
WORDS = ["the", "company", "said", "government", "on", "Monday", "would", "its", "users", "market",
         "security", "software", "in", "July", "officials", "announced", "a", "ban", "and", "sales",
         "Kaspersky", "Commerce", "Department", "customers", "updates", "2024", "20", "employees"]
sentences = st.lists(st.sampled_from(WORDS), min_size=6, max_size=40).map(
    lambda words: " ".join(words).capitalize() + ".")
FURNITURE = ["Subscribe now", "Would you like to comment on this article?", "Image: AFP/File",
             "Published in The Daily Test, July 17th, 2024", "ADVERTISEMENT", "Get our morning newsletter",
             "By Jane Doe", "Firm to close offices", "Reuters", "12 comments"]
TAIL = ["Most read", "Trending Now", "Related articles", "Opinion"]


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(sentences, min_size=1, max_size=15, unique=True),
       furniture=st.lists(st.tuples(st.integers(0, 15), st.sampled_from(FURNITURE)), max_size=10),
       tail=st.lists(st.sampled_from(TAIL + FURNITURE + WORDS), max_size=6),
       blank=st.booleans())
def test_cleaning_never_drops_article_text(paragraphs: list[str], furniture: list[tuple[int, str]],
                                           tail: list[str], blank: bool) -> None:
    lines = list(paragraphs)
    for position, line in sorted(furniture, reverse=True):
        lines.insert(min(position, len(lines)), line)
    if tail:
        lines += ["Most read", *tail]
    cleaned = clean(("\n\n" if blank else "\n").join(lines), PROFILE)
    assert [p.text for p in cleaned.paragraphs] == paragraphs
    assert len(cleaned.removed) == len(lines) - len(paragraphs)


@settings(max_examples=500, deadline=None)
@given(text=st.text(), rules=st.lists(st.sampled_from(["keep", "remove", "cut_from"]), max_size=3),
       mode=st.sampled_from(["lines", "blank-lines"]))
def test_cleaning_any_text_accounts_for_every_line(text: str, rules: list[str], mode: str) -> None:
    profile = CleaningProfile(headline=text[:20] or None, paragraphs=mode,  # type: ignore[arg-type]
                              rules=tuple(LineRule(a, "test", pattern=re.compile(re.escape(text[:3]))) for a in rules))
    cleaned = clean(text, profile)
    assert [p.number for p in cleaned.paragraphs] == list(range(1, len(cleaned.paragraphs) + 1))
    blocks = [line for line in text.splitlines() if line.strip()]
    if mode == "lines":
        assert len(cleaned.paragraphs) + len(cleaned.removed) >= len(blocks)
        kept_lines = {p.line for p in cleaned.paragraphs}
        removed_whole = {r.line for r in cleaned.removed} - kept_lines
        assert len(kept_lines) + len(removed_whole) == len(blocks)
    assert clean(text, profile) == cleaned
