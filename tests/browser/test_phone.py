"""The reader's first screen on a phone, no sideways scrolling anywhere, and screenshots for review.

Screenshots of the three kinds of page (explainer, outlet, comparison) and the timeline, at
360×740 and 1280×800, light and dark, go to $STORY_SCREENSHOTS (default test-results/screenshots);
CI keeps them as an artifact of every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser.test_reader import open_page
from playwright.sync_api import Browser, expect
from storytest import REPO

PHONE_SMALL = {"width": 360, "height": 740}
DESKTOP_WIDE = {"width": 1280, "height": 800}
KINDS = {"explainer": "", "outlet": "outlets/timeslive/", "comparison": "comparison/", "timeline": "timeline/"}
SCREENS = {"360x740": PHONE_SMALL, "1280x800": DESKTOP_WIDE}
SCHEMES = ("light", "dark")
FOLD = 0.8
"""Text must start within this share of the first screen's height."""


def screenshots() -> Path:
    folder = Path(os.environ.get("STORY_SCREENSHOTS", REPO / "test-results" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS, ids=SCREENS.keys())
@pytest.mark.parametrize("kind", KINDS, ids=KINDS.keys())
def test_the_first_screen_shows_the_heading_and_the_text(browser: Browser, base_url: str, kind: str, screen: str,
                                                         scheme: str) -> None:
    size = SCREENS[screen]
    with open_page(browser, base_url + KINDS[kind], size, color_scheme=scheme) as (page, errors, _):
        assert errors == []
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default")
        page.screenshot(path=str(screenshots() / f"{kind}-{screen}-{scheme}.png"))
        heading = page.locator("article h1").first.bounding_box()
        first_text = page.evaluate("""() => {
            const h1 = document.querySelector('article h1');
            const all = [...document.querySelectorAll('article p, article li')];
            const text = all.find(p => (h1.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING)
                                       && !p.closest('.story-card, details, .admonition')
                                       && p.textContent.trim().split(/\\s+/).length >= 8);
            return text.getBoundingClientRect().top;
        }""")
        assert heading and heading["y"] + heading["height"] < size["height"] * FOLD, f"{kind}: heading at {heading}"
        assert first_text < size["height"] * FOLD, f"{kind}: the text starts at {first_text}px of {size['height']}"


def _pages(site: Path) -> list[str]:
    """The address of every page of the built site, from its root: '' for the home page, 'outlets/dawn/'."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                  for p in site.rglob("index.html"))


def test_no_page_scrolls_sideways_on_a_small_phone(browser: Browser, base_url: str, built_site: Path) -> None:
    pages = _pages(built_site)
    assert len(pages) >= 10 and "timeline/" in pages
    wide = []
    context = browser.new_context(viewport=PHONE_SMALL)
    try:
        page = context.new_page()
        for path in pages:
            page.goto(base_url + path, wait_until="load")
            overflow = page.evaluate("""() => {
                const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
                const boxes = [...document.querySelectorAll('article table, article .md-typeset__scrollwrap')]
                    .filter(el => el.scrollWidth - el.clientWidth > 1).length;
                return [page, boxes];
            }""")
            if overflow != [0, 0]:
                wide.append(f"{path or '/'}: page {overflow[0]}px wider, {overflow[1]} tables scroll sideways")
    finally:
        context.close()
    assert wide == []


def test_a_touch_screen_skips_the_note_tooltips_and_taps_through_to_the_note(browser: Browser, base_url: str) -> None:
    """Tooltips need hover; on a touch screen a tap goes to the note, so the theme does not prepare them."""
    context = browser.new_context(viewport=PHONE_SMALL, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url, wait_until="load")
        assert page.evaluate("matchMedia('(hover: none)').matches")
        features = page.evaluate("JSON.parse(document.getElementById('__config').textContent).features")
        assert "content.footnote.tooltips" not in features and "search.highlight" in features
        page.locator("sup[id='fnref:story-cite-2'] a").tap()
        page.wait_for_url("**#fn:story-cite-2")
        note = page.locator("li[id='fn:story-cite-2']")
        expect(note).to_be_in_viewport()
        assert "Hello Entrepreneurs" in note.inner_text()
        assert page.locator(".md-tooltip2").count() == 0
    finally:
        context.close()


def test_a_screen_with_hover_keeps_the_note_tooltips(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP_WIDE) as (page, errors, _):
        assert errors == []
        features = page.evaluate("JSON.parse(document.getElementById('__config').textContent).features")
        assert "content.footnote.tooltips" in features
