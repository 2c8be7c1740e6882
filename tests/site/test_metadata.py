"""What search engines and link previews read: descriptions, Open Graph, Twitter cards, JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from storytest import Story, article, build_project


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("meta") / "site", SITE_URL="https://newsroom.github.io/story/")


def head(site: Path, page: str) -> tuple[dict[str, str], dict]:
    soup = BeautifulSoup((site / page).read_text(), "html.parser")
    meta = {(m.get("property") or m.get("name")): m["content"] for m in soup.find_all("meta")
            if (m.get("property") or m.get("name")) and m.get("content") is not None}
    data = json.loads(soup.find("script", type="application/ld+json").string)
    return meta, data


def test_the_explainer_is_a_news_article_citing_the_outlets(published: Path) -> None:
    meta, data = head(published, "index.html")
    assert meta["description"].startswith("Why the Russian cybersecurity company Kaspersky")
    assert meta["og:url"] == "https://newsroom.github.io/story/"
    assert (meta["og:type"], meta["og:title"], meta["twitter:card"]) == ("article", "Kaspersky leaves the US", "summary")
    assert data["@type"] == "NewsArticle" and data["url"] == "https://newsroom.github.io/story/"
    publishers = sorted(c.get("publisher", {}).get("name", "?") for c in data["citation"])
    assert publishers == ["?", "Dawn", "Hello Entrepreneurs", "Silicon Republic", "TimesLIVE"]
    assert "https://dawn.com/news/1846306/sanctioned-russian-software-firm-kaspersky-to-quit-us" in data["isBasedOn"]


def test_an_outlet_page_is_an_article_described_by_its_text(published: Path) -> None:
    meta, data = head(published, "outlets/timeslive/index.html")
    assert meta["description"].startswith("TimesLIVE: Kaspersky, which will eliminate all U.S.-based positions")
    assert meta["og:url"] == "https://newsroom.github.io/story/outlets/timeslive/"
    assert data["@type"] == "Article"
    assert data["headline"] == "Russian cybersecurity firm Kaspersky Labs to wind down US operations"
    assert data["isBasedOn"]["url"].startswith("https://www.timeslive.co.za/")
    assert data["isBasedOn"]["author"] == [{"@type": "Person", "name": "Chandni Shah"},
                                           {"@type": "Person", "name": "Kanjyik Ghosh"}]
    assert data["datePublished"] == "2024-07-16"


def test_every_page_has_a_description(published: Path) -> None:
    for page in published.rglob("*.html"):
        if page.name == "404.html":
            continue
        meta, _ = head(published, page.relative_to(published).as_posix())
        assert meta.get("description"), page


def test_metadata_from_a_source_cannot_break_out(story: Story) -> None:
    story.add("evil.txt", article("A </script><script>alert(1)</script> paragraph.\n",
                                  outlet='"><script>alert(2)</script>', headline="</script><b>x</b>"))
    assert story.build().returncode == 0
    soup = BeautifulSoup(story.html("outlets/evil/index.html"), "html.parser")
    code = [s.string or "" for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in text for text in code)
    raw = story.html("outlets/evil/index.html")
    assert "</script><script>alert(1)" not in raw and "</script><b>x</b>" not in raw
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["headline"] == "</script><b>x</b>"
    assert data["description"].startswith('"><script>alert(2)</script>: A </script>')
    assert soup.find("meta", property="og:site_name")["content"] == "Test story"
