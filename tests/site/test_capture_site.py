"""An imported page built whole: its outlet page, what extraction left out, and the build's re-extraction check."""

from __future__ import annotations

import datetime as dt

from story.sources.capture import import_page
from storytest import REPO, Story, article

PAGE = REPO / "tests" / "captures" / "harbour-gazette.html"


def imported(story: Story) -> Story:
    story.add("daily.txt", article("The company said on Monday it would close its offices.\n", outlet="The Daily"))
    import_page(PAGE.read_bytes(), "harbour-gazette.html", story.root / "sources", today=dt.date(2026, 11, 25))
    story.page("index.md", "---\ncitations: required\n---\n# The story\n\nTwelve crew members will lose their jobs "
                           "[@harbour-gazette \"Twelve crew members will lose their jobs\"].\n")
    return story


def test_an_imported_page_is_an_outlet_page_that_shows_what_extraction_left_out(story: Story) -> None:
    result = imported(story).build()
    assert result.returncode == 0, result.output
    page = story.soup("outlets/harbour-gazette/index.html")
    assert page.select_one("h1").get_text(strip=True).rstrip("¶") == "Ferry operator to end Kellsay service after 62 years"
    left_out = page.select_one("#extracted").find_next("details").get_text(" ", strip=True)
    for text in ("Share on X Share on Facebook Email this story", "share bar", "Related stories", "related links",
                 "This is a disgrace.", "comments", "Get the Gazette in your inbox", "newsletter box"):
        assert text in left_out, text
    assert "Saved page: sources/captures/harbour-gazette.html" in page.get_text(" ", strip=True)
    assert story.soup("index.html").select("sup[id^='fnref:story-cite-']")


def test_an_edited_extraction_or_saved_page_fails_the_build_at_its_line(story: Story) -> None:
    imported(story)
    source = story.articles / "harbour-gazette.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Twelve crew members", "Fourteen crew members"), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("Twelve crew"))) + 1
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0] == (
        f"ERROR - story: sources/articles/harbour-gazette.txt:{line}: this line is not what trafilatura "
        f"{result.output.split('trafilatura ')[1].split(' ')[0]} extracts from sources/captures/harbour-gazette.html: "
        "it gives “Twelve crew members will lose their jobs, according to the RMT union, which said”; the text of "
        "an imported page is its extraction, so undo the edit and use 'cleaning:' rules, or import it again with "
        "./dev capture sources/captures/harbour-gazette.html --slug harbour-gazette --force")
    source.write_text(text, encoding="utf-8")
    saved = story.root / "sources" / "captures" / "harbour-gazette.html"
    saved.write_bytes(saved.read_bytes().replace(b"62 years", b"63 years"))
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0].startswith("ERROR - story: sources/articles/harbour-gazette.txt:")
    assert result.logged()[0].endswith(": the saved page sources/captures/harbour-gazette.html has changed since it "
                                       "was imported; pages are kept byte for byte, so restore it, or import it again "
                                       "with ./dev capture sources/captures/harbour-gazette.html --slug "
                                       "harbour-gazette --force")


def test_a_cached_source_is_not_trusted_when_its_saved_page_changed(story: Story) -> None:
    imported(story)
    assert story.build().returncode == 0
    assert "; 2 of 2 sources from the cache" in story.build().output
    saved = story.root / "sources" / "captures" / "harbour-gazette.html"
    saved.write_bytes(saved.read_bytes().replace(b"62 years", b"63 years"))
    result = story.build()
    assert result.returncode == 1
    assert result.logged()[0].endswith(": the saved page sources/captures/harbour-gazette.html has changed since it "
                                       "was imported; pages are kept byte for byte, so restore it, or import it again "
                                       "with ./dev capture sources/captures/harbour-gazette.html --slug "
                                       "harbour-gazette --force")
