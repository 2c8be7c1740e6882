"""Importing saved pages: text kept and furniture dropped, metadata with evidence, and every refusal."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from story.sources.capture import CaptureError, fetch, import_page
from story.sources.load import load_sources
from storytest import REPO, serving

PAGES = REPO / "tests" / "captures"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    (folder / "articles").mkdir(parents=True)
    return folder


def imported(sources: Path, page: str, **options: object) -> tuple[dict, str, Path]:
    done = import_page((PAGES / page).read_bytes(), f"tests/captures/{page}", sources, today=TODAY, **options)
    text = done.article.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body, done.article


def test_a_news_page_becomes_a_source_with_its_evidence(sources: Path) -> None:
    data, body, article = imported(sources, "harbour-gazette.html")
    assert article == sources / "articles" / "harbour-gazette.txt"
    assert (sources / "captures" / "harbour-gazette.html").read_bytes() == (PAGES / "harbour-gazette.html").read_bytes()
    assert data["outlet"] == "The Harbour Gazette"
    assert data["url"] == "https://www.harbourgazette.example/news/2025/03/12/ferry-operator-ends-kellsay-service"
    assert data["published"] == {"date": "2025-03-12", "time": "09:44", "as_printed": "2025-03-12T09:44:00+00:00"}
    assert data["byline"] == ["Morag Campbell", "Iain Ross"]
    assert data["headline"] == "Ferry operator to end Kellsay service after 62 years"
    assert data["capture"]["extraction"]["tool"].startswith("trafilatura ")
    assert data["capture"]["extraction"]["imported"] == "2026-11-25"
    assert data["evidence"]["url"] == ("link rel=canonical; JSON-LD url agrees; but meta og:url says “https://www."
                                       "harbourgazette.example/news/2025/03/12/ferry-operator-ends-kellsay-service"
                                       "?utm_source=og”")
    assert data["evidence"]["byline"] == ("JSON-LD author; rel=author links, byline element agree; but meta author "
                                          "says “Morag Campbell”")
    assert data["evidence"]["published.date"].startswith("JSON-LD datePublished; meta article:published_time")
    assert "Twelve crew members will lose their jobs" in body
    for furniture in ("cookies", "Share on", "newsletter", "Related stories", "disgrace", "All rights reserved",
                      "Transport Correspondent"):
        assert furniture not in body, furniture
    loaded, problems = load_sources(sources / "articles", sources.parent)
    assert problems == []
    removed = {(r.rule, r.text) for r in loaded[0].capture.removed}
    assert ("extraction: comments", "This is a disgrace. The council knew about this for months.") in removed
    assert ("extraction: share bar", "Share on X Share on Facebook Email this story") in removed
    assert ("extraction: newsletter box", "Get the Gazette in your inbox") in removed
    assert ("extraction: related links", "Islanders launch petition to save ferry") in removed
    assert ("extraction: cookie notice", "Accept all cookies") in removed


def test_a_page_in_a_declared_latin_charset_with_an_address_byline_and_a_dateline(sources: Path) -> None:
    data, body, _ = imported(sources, "courrier-latin1.html", url="https://courrier.example/kellsay")
    assert data["byline"] == ["Hélène Lefèvre", "Frédéric Morel"]
    assert data["evidence"]["byline"] == "<address> element"
    assert data["agency"] == "Reuters"
    assert data["evidence"]["agency"] == "dateline “ÉDIMBOURG (Reuters) -”"
    assert data["language"] == "fr"
    assert data["url"] == "https://courrier.example/kellsay"
    assert data["evidence"]["url"] == "the --url option"
    assert "après soixante-deux ans de traversées" in body
    assert data["cleaning"] == {"remove": [{"line": "Par Hélène Lefèvre et Frédéric Morel, envoyés spéciaux",
                                            "reason": "the byline, kept in the front matter (rule added by "
                                                      "./dev capture)"}]}
    loaded, problems = load_sources(sources / "articles", sources.parent)
    assert problems == []
    assert not any("Hélène" in p.text for p in loaded[0].cleaned.paragraphs)


def test_a_live_blog_keeps_its_updates_and_credits_the_wire(sources: Path) -> None:
    data, body, _ = imported(sources, "coast-wire-live.html", outlet="Coast Wire News")
    assert [line for line in body.splitlines() if line in ("Last ferry leaves", "Petition handed in", "Welcome")] == [
        "Last ferry leaves", "Petition handed in", "Welcome"]
    assert data["agency"] == "Reuters" and data["evidence"]["agency"] == "JSON-LD author"
    assert data["outlet"] == "Coast Wire News"
    assert data["evidence"]["outlet"].startswith("the --outlet option; but JSON-LD publisher says “Coast Wire”")
    assert data["byline"] == [] and data["evidence"]["byline"].startswith("no byline element")
    assert "Copy link" not in body


def test_a_paywall_prompt_is_not_article_text(sources: Path) -> None:
    data, body, _ = imported(sources, "island-post-paywall.html")
    assert "Subscribe" not in body and "free articles" not in body
    assert "from existing budgets" in body
    assert data["byline"] == ["Ewan McLeod"]
    assert data["published"]["date"] == "2025-03-13" and data["evidence"]["published.date"] == "htmldate"


REFUSED = {
    "an empty file": (b"  \n", "page.html: the file is empty; save the page again from the browser"),
    "a binary file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "page.html: this is a binary file, not a saved web "
                                                               "page; in the browser use Save Page As, 'Web Page, "
                                                               "HTML only'"),
    "a page that is not HTML": (b"Just some notes about the ferry.\n", "page.html: this is not an HTML page (no "
                                                                        "<html>, <body> or <p> in it); save the "
                                                                        "article's page from the browser as 'Web "
                                                                        "Page, HTML only'"),
    "a front page": ((PAGES / "front-page.html").read_bytes(), "page.html: no article text found (23 words); is this a "
                                                               "front page, an index or an error page? Save the "
                                                               "article's own page"),
}


@pytest.mark.parametrize("raw, message", REFUSED.values(), ids=REFUSED.keys())
def test_bad_input_is_refused_and_nothing_is_written(sources: Path, raw: bytes, message: str) -> None:
    with pytest.raises(CaptureError) as refused:
        import_page(raw, "page.html", sources, today=TODAY)
    assert str(refused.value) == message
    assert sorted(p.name for p in sources.rglob("*")) == ["articles"]


def test_a_page_already_among_the_sources_is_refused(sources: Path) -> None:
    imported(sources, "harbour-gazette.html")
    raw = (PAGES / "harbour-gazette.html").read_bytes()
    with pytest.raises(CaptureError) as same_page:
        import_page(raw, "again.html", sources, slug="other", today=TODAY)
    assert str(same_page.value) == (f"again.html: this page is already a source: {sources.as_posix()}/articles/"
                                    "harbour-gazette.txt has the same saved page (SHA-256); cite that source, or add "
                                    "--force --slug with its name to import the page again")
    edited = raw.replace(b"Twelve crew", b"Twelve ship crew")
    with pytest.raises(CaptureError) as same_address:
        import_page(edited, "edited.html", sources, slug="other", today=TODAY)
    assert "has the same address (https://www.harbourgazette.example/news/2025/03/12/ferry-operator-ends-kellsay-" \
           "service)" in str(same_address.value)
    assert not (sources / "articles" / "other.txt").exists()


def test_an_existing_slug_needs_force(sources: Path) -> None:
    imported(sources, "harbour-gazette.html")
    with pytest.raises(CaptureError) as taken:
        import_page((PAGES / "island-post-paywall.html").read_bytes(), "post.html", sources, slug="harbour-gazette",
                    today=TODAY)
    assert str(taken.value) == (f"{sources.as_posix()}/articles/harbour-gazette.txt exists already; choose another "
                                "name with --slug, or add --force to replace it")
    done = import_page((PAGES / "harbour-gazette.html").read_bytes(), "again.html", sources, force=True, today=TODAY)
    assert done.article.name == "harbour-gazette.txt"


@pytest.mark.parametrize("options, message", [
    ({"url": "ftp://example.com/x"}, "--url 'ftp://example.com/x' is not an http(s) address; give the article's "
                                     "address, like https://example.com/story"),
    ({"slug": "Bad Slug"}, "--slug 'Bad Slug' cannot be a page address; use lowercase letters, digits and hyphens, "
                           "like daily-news"),
])
def test_bad_options_are_refused(sources: Path, options: dict[str, str], message: str) -> None:
    with pytest.raises(CaptureError) as refused:
        import_page((PAGES / "harbour-gazette.html").read_bytes(), "page.html", sources, today=TODAY, **options)
    assert str(refused.value) == message


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "story", "capture", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "hooks")}, timeout=120)


def test_the_command_prints_the_new_file_last_and_refuses_a_missing_file(sources: Path) -> None:
    done = _cli(str(PAGES / "harbour-gazette.html"), cwd=sources.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "sources/articles/harbour-gazette.txt"
    missing = _cli("nowhere.html", cwd=sources.parent)
    assert missing.returncode == 1
    assert missing.stderr.strip() == ("capture: nowhere.html: no such file; save the article from your browser (Save "
                                      "Page As, 'Web Page, HTML only') and give the saved file")


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = (PAGES / "island-post-paywall.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_address_is_fetched_first(sources: Path) -> None:
    with serving(_Page) as base:
        done = _cli(f"{base}/2025/03/13/water-taxi", cwd=sources.parent)
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load((sources / "articles" / "island-post.txt").read_text(encoding="utf-8").split("---\n")[1])
    assert data["url"] == f"{base}/2025/03/13/water-taxi"


def test_an_address_that_does_not_answer_is_one_line() -> None:
    with serving(_Page) as base:
        pass  # the server is stopped: nothing listens on its port any more
    with pytest.raises(CaptureError) as refused:
        fetch(f"{base}/story", timeout=5)
    assert str(refused.value).startswith(f"{base}/story: could not fetch it (")
    assert str(refused.value).endswith("); check the address and the network, or save the page from your browser "
                                       "and run ./dev capture PAGE.html")
