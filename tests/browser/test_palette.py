"""The light/dark toggle: the theme's markup, driven by the site's own script (docs/overrides/partials/), which
sets the colours while the page is read, follows the system until the reader chooses, and keeps a choice."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from browser.conftest import DESKTOP, _Quiet
from browser.test_reader import open_page
from playwright.sync_api import Browser, Page, expect
from storytest import Story, article, serving

def _colours(page: Page) -> dict[str, object]:
    return page.evaluate("""() => ({
        scheme: document.body.getAttribute('data-md-color-scheme'),
        shown: [...document.querySelectorAll('form[data-story-palette] label')].filter(l => !l.hidden)
            .map(l => l.title),
        bar: document.querySelector('meta[name=theme-color]')?.content,
        header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
        stored: __md_get('__palette'),
    })""")


@pytest.mark.parametrize("system, scheme, toggle", [("dark", "slate", "Switch to light mode"),
                                                    ("light", "default", "Switch to dark mode")])
def test_colours_follow_the_system_until_the_reader_chooses(browser: Browser, base_url: str, system: str,
                                                            scheme: str, toggle: str) -> None:
    """The theme's bundle does not drive the toggle (partials/palette.html): the page's own script sets the colours
    while the page is read, shows the one toggle that switches away, and colours the browser's bars as the
    header; nothing is stored until the reader chooses."""
    with open_page(browser, base_url, DESKTOP, color_scheme=system) as (page, errors, _):
        assert errors == []
        assert page.locator("[data-md-component=palette]").count() == 0
        colours = _colours(page)
        assert colours["scheme"] == scheme and colours["shown"] == [toggle] and colours["stored"] is None
        assert colours["bar"] == colours["header"]


def test_the_toggle_switches_the_colours_and_every_page_keeps_the_choice(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP, color_scheme="dark") as (page, errors, _):
        page.locator("label[title='Switch to light mode']").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        colours = _colours(page)
        assert colours["shown"] == ["Switch to dark mode"] and colours["bar"] == colours["header"]
        assert colours["stored"]["color"]["scheme"] == "default"  # type: ignore[index]
        page.goto(base_url + "method/", wait_until="networkidle")
        assert _colours(page)["scheme"] == "default"  # the system is still dark: the choice wins
        page.locator("form[data-story-palette] input:checked").focus()  # where Tab stops in the header
        page.keyboard.press("Enter")  # the keyboard switches too
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        assert page.evaluate("document.activeElement.checked && document.activeElement.getAttribute("
                             "'data-md-color-scheme')") == "slate"
        # colour transitions come back once the switch is made
        page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')", timeout=5000)
        assert errors == []


AUTOMATIC = """  palette:
    - media: "(prefers-color-scheme)"
      toggle:
        icon: material/brightness-auto
        name: Switch to light mode
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: teal
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: teal
      toggle:
        icon: material/weather-sunny
        name: Switch to the system's mode
"""


@pytest.fixture(scope="module")
def automatic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small story whose palette starts in the theme's automatic mode, built and served."""
    story = Story(tmp_path_factory.mktemp("automatic") / "story")
    story.add("daily.txt", article())
    config = story.config.read_text(encoding="utf-8")
    start, end = config.index("  palette:\n"), config.index("  features:\n")
    story.config.write_text(config[:start] + AUTOMATIC + config[end:], encoding="utf-8")
    done = story.build()
    assert done.returncode == 0, done.output
    with serving(functools.partial(_Quiet, directory=str(story.site))) as address:  # type: ignore[arg-type]
        yield address + "/"


def test_a_reader_who_has_not_chosen_follows_the_system_as_it_changes(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url, DESKTOP, color_scheme="light") as (page, errors, _):
        assert _colours(page)["scheme"] == "default"
        page.emulate_media(color_scheme="dark")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        colours = _colours(page)
        assert colours["shown"] == ["Switch to light mode"] and colours["bar"] == colours["header"]
        assert colours["stored"] is None and errors == []


@pytest.mark.parametrize("system, scheme", [("dark", "slate"), ("light", "default")])
def test_the_automatic_mode_takes_the_systems_colours(browser: Browser, automatic_site: str, system: str,
                                                      scheme: str) -> None:
    with open_page(browser, automatic_site, DESKTOP, color_scheme=system) as (page, errors, _):
        colours = _colours(page)
        assert colours["scheme"] == scheme and colours["shown"] == ["Switch to light mode"]
        assert page.locator("body").get_attribute("data-md-color-primary") == "teal"
        assert page.locator("body").get_attribute("data-md-color-media") == "(prefers-color-scheme)"
        page.emulate_media(color_scheme="light" if system == "dark" else "dark")  # it follows a change too
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default" if system == "dark"
                                                       else "slate")
        page.locator("label[title='Switch to light mode']").click()  # the next option: light, whatever the system
        expect(page.locator("body")).to_have_attribute("data-md-color-media", "(prefers-color-scheme: light)")
        assert _colours(page)["scheme"] == "default" and errors == []
