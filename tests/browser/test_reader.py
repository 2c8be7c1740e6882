"""The site as a reader meets it, in Chromium, on a phone and on a desktop."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from browser.conftest import DESKTOP, PHONE
from playwright.sync_api import Browser, Page, expect

PAGES = {"explainer": "", "outlet": "outlets/dawn/", "comparison": "comparison/", "index of outlets": "outlets/",
         "timeline": "timeline/", "date mentions": "contributors/date-mentions/", "method": "method/"}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@contextlib.contextmanager
def open_page(browser: Browser, url: str, size: dict[str, int],
              **options: object) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The page loaded in a context of its own, with its console errors and requests; closed after."""
    context = browser.new_context(viewport=size, **options)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url, wait_until="networkidle")
        yield page, errors, requests
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_pages_render_cleanly_and_stay_on_the_site(browser: Browser, base_url: str, path: str,
                                                   size: dict[str, int]) -> None:
    with open_page(browser, base_url + path, size) as (page, errors, requests):
        assert errors == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {size['width']}px"
        assert page.locator("article h1").first.is_visible()
        outside = [r for r in requests if not r.startswith(base_url) and not r.startswith("data:")]
        assert outside == []


def test_the_timeline_reads_on_a_phone(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, PHONE) as (page, errors, _):
        events = page.locator("ol.story-timeline > li.story-event")
        assert events.count() >= 10
        first = events.first.bounding_box()
        assert first and first["x"] >= 0 and first["x"] + first["width"] <= PHONE["width"]
        assert page.locator(".story-event-dispute").count() >= 2
        assert errors == []


def test_a_citation_leads_to_the_paragraph_with_the_quote(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP) as (page, errors, _):
        link = page.locator("li[id='fn:story-cite-1'] a.story-cite-link")
        href = link.get_attribute("href")
        assert href and re.search(r"outlets/timeslive/#p2:~:text=", href)
        link.click()
        page.wait_for_url(re.compile(r"outlets/timeslive/"))
        page.wait_for_load_state("networkidle")
        # Chromium takes the text directive out of the address when it has used it to highlight.
        assert page.evaluate("location.hash") == "#p2"
        target = page.locator(":target")
        assert target.get_attribute("id") == "p2"
        assert "gradually wind down its US operations from July 20" in target.inner_text()
        expect(target).to_be_in_viewport()
        assert errors == []


def test_a_note_shows_on_hover_and_on_keyboard_focus(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP) as (page, _, _):
        marker = page.locator("sup[id='fnref:story-cite-2'] a")
        marker.hover()
        tip = page.locator(".md-tooltip2").filter(has_text="Hello Entrepreneurs")
        expect(tip.first).to_be_visible(timeout=5000)
        page.mouse.move(0, 0)
        page.locator("sup[id='fnref:story-cite-3'] a").focus()
        expect(page.locator(".md-tooltip2").filter(has_text="Silicon Republic").first).to_be_visible(timeout=5000)


def test_search_finds_a_word_from_an_outlet_page(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP) as (page, _, _):
        page.locator("input.md-search__input").click()
        page.keyboard.type("Zetter", delay=30)
        results = page.locator(".md-search-result__item a")
        expect(results.first).to_be_visible(timeout=10000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any("outlets/helloentrepreneurs/" in h for h in hrefs), hrefs


def test_the_explainer_prints_as_an_article(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP) as (page, _, _):
        page.emulate_media(media="print")
        assert page.locator(".md-sidebar--primary").first.is_hidden()
        assert page.locator(".md-header").first.is_hidden()
        assert page.locator("div.footnote").is_visible()
        addresses = page.evaluate("""[...document.querySelectorAll('article a[href^="https://www.timeslive"]')]
            .map(a => getComputedStyle(a, '::after').content)""")
        assert addresses and all("timeslive.co.za" in content for content in addresses)
        note = page.locator("div.footnote li").first
        assert "Original: https://www.timeslive.co.za/" in note.inner_text()
        assert note.locator("a.story-cite-link").is_hidden()
        page.emulate_media(media="screen")
        assert "Original:" not in note.inner_text()
        page.emulate_media(media="print")
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
