"""Helpers shared by the tests: write small stories of their own and build them."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]


def front_matter(**fields: object) -> dict[str, object]:
    """A complete, valid front matter, with `fields` replacing or adding to it."""
    base: dict[str, object] = {
        "outlet": "The Daily Test",
        "country": "Ireland",
        "url": "https://example.com/story",
        "published": {"date": "2024-07-16"},
        "byline": ["Jane Doe"],
        "agency": None,
        "headline": "Test headline",
        "capture": {"method": "Typed by the test."},
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def article(body: str = "A first paragraph of the test article.\n", **fields: object) -> str:
    """The text of an article file: front matter over the capture."""
    return "---\n" + yaml.safe_dump(front_matter(**fields), sort_keys=False, allow_unicode=True) + "---\n" + body


@dataclass
class Build:
    returncode: int
    output: str

    def lines(self) -> list[str]:
        """Log lines with MkDocs' padding squeezed: 'ERROR - story: ...'."""
        return [re.sub(r"^([A-Z]+)\s+-\s+", r"\1 - ", line) for line in self.output.splitlines()]

    def logged(self, *levels: str) -> list[str]:
        """The log lines of the given levels (default: errors and warnings), in order."""
        wanted = levels or ("ERROR", "WARNING")
        return [line for line in self.lines() if line.split(" ", 1)[0] in wanted]


class Story:
    """A small story in a temporary folder, configured like this project's own site."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.articles = root / "sources" / "articles"
        self.docs = root / "docs"
        self.site = root / "site"
        self.articles.mkdir(parents=True)
        shutil.copytree(REPO / "docs" / "stylesheets", self.docs / "stylesheets")
        shutil.copytree(REPO / "docs" / "overrides", self.docs / "overrides")
        (self.docs / "index.md").write_text("# A test story\n\nSee [the outlets](outlets/index.md).\n")
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"^site_name: .*$", "site_name: Test story", config, flags=re.M)
        config = config.replace("hooks/", f"{REPO / 'hooks'}/").replace("  - hooks\n", "")
        self.config = root / "mkdocs.yml"
        self.config.write_text(config, encoding="utf-8")

    def add(self, name: str, text: str | bytes) -> Path:
        path = self.articles / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def page(self, name: str, text: str) -> Path:
        """Write a hand-written page into docs/."""
        path = self.docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def setting(self, name: str, value: str) -> None:
        """Set one `extra.story` setting in the story's mkdocs.yml."""
        text = self.config.read_text(encoding="utf-8")
        text = re.sub(rf"^    {name}: .*$", f"    {name}: {value}", text, flags=re.M)
        if f"    {name}: {value}" not in text:
            text = text.replace("  story:\n", f"  story:\n    {name}: {value}\n")
        self.config.write_text(text, encoding="utf-8")

    @classmethod
    def copy_of_project(cls, root: Path) -> Story:
        """A copy of this project's own story (sources and docs) in a temporary folder."""
        story = cls(root)
        shutil.rmtree(story.docs)
        shutil.copytree(REPO / "docs", story.docs)
        shutil.rmtree(root / "sources")
        shutil.copytree(REPO / "sources", root / "sources")
        return story

    def build(self, *args: str, env: dict[str, str] | None = None) -> Build:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                              cwd=self.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=300)
        return Build(done.returncode, done.stdout)

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        """A built page, parsed."""
        return BeautifulSoup(self.html(page), "html.parser")

    def built(self) -> dict[Path, bytes]:
        """Every file of the built site, by its path in the site folder: to compare two builds byte for byte."""
        return {path.relative_to(self.site): path.read_bytes() for path in self.site.rglob("*.*")}

    def rebuilt_from_cache(self, work: str) -> Build:
        """Build twice: the first build does `work` itself, the second takes it from the cache (its summary
        line says "; the <work> from the cache") and writes the very same site."""
        first = self.build()
        assert first.returncode == 0 and f"the {work} from the cache" not in first.output, first.output
        site = self.built()
        again = self.build()
        assert f"; the {work} from the cache" in again.output and self.built() == site, again.output
        return again


def build_project(site: Path, *, strict: bool = True, **env: str) -> Path:
    """Build this project's own site into `site`, with extra environment variables; fail the test on any error."""
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", str(site)]
    done = subprocess.run(command, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert done.returncode == 0, done.stdout
    assert "WARNING" not in done.stdout, done.stdout
    return site


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve on 127.0.0.1 (a free port) in a thread for the block; yield the base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
