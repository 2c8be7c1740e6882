"""The real site, built once, served on 127.0.0.1, and opened in Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright
from storytest import build_project, serving

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
PHONE = {"width": 412, "height": 915}
DESKTOP = {"width": 1280, "height": 900}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("browser") / "site", SITE_URL="http://127.0.0.1/")


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serving(functools.partial(_Quiet, directory=str(built_site))) as address:  # type: ignore[arg-type]
        yield address + "/"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run the tests with ./dev test, which installs Debian's chromium, "
                    "or set CHROMIUM to a Chromium or Chrome executable")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    yield browser
    browser.close()
