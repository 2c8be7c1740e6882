"""Accessibility (axe-core, WCAG 2.2 AA and best practices) and valid HTML (the Nu Html Checker)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.conftest import DESKTOP, PHONE
from playwright.sync_api import Browser
from storytest import REPO

PAGES = {"explainer": "", "outlet": "outlets/timeslive/", "comparison": "comparison/", "index of outlets": "outlets/",
         "timeline": "timeline/", "date mentions": "contributors/date-mentions/", "method": "method/",
         "not found": "404.html"}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                               "best-practice"]}}
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violation(browser: Browser, base_url: str, path: str, scheme: str) -> None:
    context = browser.new_context(viewport=PHONE if scheme == "dark" else DESKTOP, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="networkidle")
        violations = Axe().run(page, options=RULES).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    finally:
        context.close()


def test_every_page_is_valid_html(built_site: Path) -> None:
    if not VNU.is_file():
        pytest.fail("the Nu Html Checker is missing: run the tests with ./dev test, which installs vnu-jar")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(built_site)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip() == ""
    assert len(list(built_site.rglob("*.html"))) >= 10
