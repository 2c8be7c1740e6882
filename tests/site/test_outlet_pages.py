"""Outlet pages and the outlet index, built whole from small stories of the tests' own."""

from __future__ import annotations

from bs4 import BeautifulSoup
from storytest import Story, article

CAPTURE = """\
 date 2024-07-16 World

Firm to close offices

16 July 2024 - 09:44 By Jane Doe
Subscribe now
The company said on Monday it would close its offices in the country.

Officials said the ban takes effect on 29 September.
Officials said the ban takes effect on 29 September.

Reuters

Most read
  1. Another story entirely
"""



def test_an_outlet_page_shows_provenance_text_anchors_and_removals(story: Story) -> None:
    story.add("daily.txt", article(CAPTURE, headline="Firm to close offices", section="World", agency="Reuters",
                                   published={"date": "2024-07-16", "time": "09:44"},
                                   evidence={"agency": "The page ends with “Reuters”."}))
    result = story.build()
    assert result.returncode == 0, result.output
    page = story.soup("outlets/daily/index.html")
    assert page.h1.get_text(strip=True).rstrip("¶") == "Firm to close offices"
    card = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in
            zip(page.select(".story-provenance dl dt"), page.select(".story-provenance dl dd"))}
    assert card["Outlet"] == "The Daily Test"
    assert card["Published"] == "16 July 2024 , 09:44"
    assert card["Agency"] == "Reuters Evidence: The page ends with “Reuters”."
    assert card["Original"] == "https://example.com/story"
    assert page.select_one(".story-provenance time")["datetime"] == "2024-07-16"
    # The first screen: a one-line summary; every field and its evidence behind a closed <details>.
    summary = page.select_one("h1 + p.story-card")
    assert summary.get_text(" ", strip=True) == "The Daily Test · 16 July 2024 · By Jane Doe · Original article"
    assert summary.a["href"] == "https://example.com/story"
    assert page.select_one("p.story-card + details.story-provenance:not([open]) summary").get_text() == (
        "Provenance: every field and its evidence")
    paragraphs = page.select("p.story-paragraph")
    assert [(p["id"], p.get_text(" ", strip=True)) for p in paragraphs] == [
        ("p1", "1 The company said on Monday it would close its offices in the country."),
        ("p2", "2 Officials said the ban takes effect on 29 September.")]
    assert paragraphs[0].a["href"] == "#p1"
    removed = [[td.get_text() for td in tr.select("td")] for tr in page.select("details table tbody tr")]
    assert [(row[0], row[2]) for row in removed] == [
        ("1", "capture-metadata"), ("3", "headline"), ("5", "byline"), ("6", "subscription-prompt"),
        ("10", "repeated-paragraph"), ("12", "agency-credit"), ("14", "closing-rail"), ("15", "closing-rail")]
    assert page.select_one("#removed ~ details summary").get_text() == "What cleaning removed (8 lines)"
    assert page.select_one("#cited + p").get_text() == "No page of this site cites this article."
    assert page.select_one('meta[name="description"]')["content"] == (
        "The Daily Test: The company said on Monday it would close its offices in the country.")


def test_unknowns_are_shown_as_unknown(story: Story) -> None:
    story.add("mystery.txt", article(outlet=None, country=None, url=None, byline=[], headline=None,
                                     published={"date": None, "not_after": "2024-07-20"},
                                     evidence={"outlet": "No outlet name appears in the capture."}))
    assert story.build().returncode == 0
    page = story.soup("outlets/mystery/index.html")
    card = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in
            zip(page.select(".story-provenance dl dt"), page.select(".story-provenance dl dd"))}
    assert card["Outlet"] == "Unknown Evidence: No outlet name appears in the capture."
    assert card["Country"] == "Unknown"
    assert card["Published"] == "Unknown (not after 20 July 2024 )"
    assert card["Byline"] == "None printed"
    assert card["Agency"] == "Not stated"
    assert card["Original"] == "Unknown"
    assert page.select_one("p.story-card").get_text(" ", strip=True) == (
        "Outlet unknown · Publication date unknown · No byline")
    assert page.h1.get_text(strip=True).rstrip("¶") == "Unknown outlet article (headline not captured)"
    assert page.title.get_text().startswith("Unknown outlet - ")


def test_the_index_lists_every_outlet_by_date(story: Story) -> None:
    story.add("later.txt", article(outlet="Later Times", published={"date": "2024-07-17"}, agency="AFP"))
    story.add("earlier.txt", article(outlet="Earlier Post", published={"date": "2024-07"}, headline=None))
    story.add("undated.txt", article(outlet="Undated News", published={"date": None}))
    assert story.build().returncode == 0
    page = story.soup("outlets/index.html")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table tbody tr")]
    assert rows == [
        ["Earlier Post", "Ireland", "July 2024", "Not stated", "Not in the capture", "1", "0"],
        ["Later Times", "Ireland", "17 July 2024", "AFP", "Test headline", "1", "0"],
        ["Undated News", "Ireland", "Unknown", "Not stated", "Test headline", "1", "0"]]
    assert [a["href"] for a in page.select("table tbody a")] == ["earlier/", "later/", "undated/"]
    assert "3 articles" in page.select_one("article p").get_text()


HOSTILE = """\
Plain words with {{ config.site_name }} and {% for x in [1, 2] %}loop{% endfor %}.
<script>window.pwned = 1</script>
<img src=x onerror="window.pwned = 2">
[click](javascript:alert(3)) and <a href="javascript:alert(4)">x</a> and \x02wzxhzdk:0\x03
"""


def test_text_from_a_source_never_executes_or_injects(story: Story) -> None:
    story.add("hostile.txt", article(HOSTILE, outlet='<img src=x onerror="window.pwned=5">',
                                     headline='"><script>window.pwned=6</script>',
                                     country="{{ config.site_name }}"))
    result = story.build()
    assert result.returncode == 0, result.output
    for page in ("outlets/hostile/index.html", "outlets/index.html"):
        html = story.html(page)
        parsed = BeautifulSoup(html, "html.parser")
        code = [s.get_text() for s in parsed.find_all("script") if s.get("type") != "application/ld+json"]
        assert "pwned" not in " ".join(code)
        assert not parsed.select("[onerror]")
        assert not [a for a in parsed.find_all("a", href=True) if a["href"].startswith("javascript:")]
        assert "Test story" not in parsed.select_one("article").get_text()  # no template ran
    text = story.soup("outlets/hostile/index.html").select("p.story-paragraph")
    assert [p.get_text(" ", strip=True)[2:] for p in text] == [
        "Plain words with {{ config.site_name }} and {% for x in [1, 2] %}loop{% endfor %}.",
        "<script>window.pwned = 1</script>",
        '<img src=x onerror="window.pwned = 2">',
        '[click](javascript:alert(3)) and <a href="javascript:alert(4)">x</a> and \ufffdwzxhzdk:0\ufffd']


def test_a_sixth_article_is_one_new_file(story: Story) -> None:
    for n in range(5):
        story.add(f"outlet-{n}.txt", article(outlet=f"Outlet {n}"))
    assert story.build().returncode == 0
    assert len(story.soup("outlets/index.html").select("table tbody tr")) == 5
    story.add("newcomer.txt", article("The newcomer's own first paragraph of text.\n", outlet="Newcomer Daily"))
    assert story.build().returncode == 0
    rows = [tr.td.get_text(strip=True) for tr in story.soup("outlets/index.html").select("table tbody tr")]
    assert "Newcomer Daily" in rows and len(rows) == 6
    assert story.soup("outlets/newcomer/index.html").select_one("#p1").get_text(" ", strip=True) == (
        "1 The newcomer's own first paragraph of text.")


def test_a_mistake_is_one_error_line_and_keeps_the_last_site(story: Story) -> None:
    story.add("daily.txt", article())
    assert story.build().returncode == 0
    before = story.html("outlets/daily/index.html")
    story.add("broken.txt", article(published={"date": "2024-02-30"}))
    result = story.build()
    assert result.returncode == 1
    assert result.logged() == [
        "ERROR - story: sources/articles/broken.txt:6: 'published.date' '2024-02-30' is an impossible date: "
        "February 2024 has no day 30",
        "ERROR - the story has 1 problem (listed above); nothing was rebuilt"]
    assert result.lines()[-1] == "Aborted with a BuildError!"
    assert "Traceback" not in result.output
    assert story.html("outlets/daily/index.html") == before


def test_a_missing_sources_folder(story: Story) -> None:
    story.articles.rmdir()
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: sources/articles: the articles folder does not exist; create it "
                                 "and add one .txt file per article (see the README)")


def test_a_bad_setting_in_mkdocs_yml(story: Story) -> None:
    story.add("daily.txt", article())
    story.config.write_text(story.config.read_text().replace("outlets_dir: outlets", "outlets_dir: ../up"))
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == (
        "ERROR - story: mkdocs.yml: 'extra.story.outlets_dir' must be one folder name of lowercase letters, "
        "digits and hyphens, like 'outlets', not '../up'")


def test_a_docs_page_in_the_way_of_a_generated_page(story: Story) -> None:
    story.add("daily.txt", article())
    (story.docs / "outlets").mkdir()
    (story.docs / "outlets" / "daily.md").write_text("# Mine\n")
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: docs/outlets/daily.md: a file in docs/ has the address of a "
                                  "generated page; rename it, or move the outlet pages with extra.story.outlets_dir")


def test_past_nav_outlets_the_outlet_pages_leave_the_navigation(story: Story) -> None:
    story.add("one.txt", article(outlet="Outlet One"))
    story.add("two.txt", article(outlet="Outlet Two"))
    story.setting("nav_outlets", "1")
    assert story.build().returncode == 0
    nav = [a.get_text(strip=True) for a in story.soup("index.html").select("nav.md-nav--primary a")]
    assert "Outlets" in nav and "Outlet One" not in nav
    assert story.soup("outlets/one/index.html").select_one("#p1")
    assert [a["href"] for a in story.soup("outlets/index.html").select("table a")] == ["one/", "two/"]


def test_a_bad_nav_outlets_setting(story: Story) -> None:
    story.add("one.txt", article())
    story.setting("nav_outlets", "many")
    result = story.build()
    assert result.logged()[0] == ("ERROR - story: mkdocs.yml: 'extra.story.nav_outlets' must be a whole number (how "
                                  "many outlet pages the navigation lists), not 'many'")


def test_an_archived_copy_is_offered_beside_the_original(story: Story) -> None:
    story.add("daily.txt", article(archive_url="https://archive.example.org/daily"))
    story.page("index.md", "---\nrender_macros: true\n---\n# Home\n\n{{ outlets() }}\n")
    assert story.build().returncode == 0
    card = story.soup("outlets/daily/index.html")
    assert [a["href"] for a in card.select(".story-provenance dd a")] == ["https://example.com/story",
                                                                    "https://archive.example.org/daily"]
    listed = story.soup("index.html").select_one("article ul li")
    assert [a["href"] for a in listed.select("a")] == ["outlets/daily/", "https://example.com/story",
                                                       "https://archive.example.org/daily"]
