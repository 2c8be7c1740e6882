"""`mkdocs serve` as a contributor runs it: an edit in sources/ rebuilds the page it feeds."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from storytest import REPO, Story, article


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


@contextlib.contextmanager
def serving_story(story: Story, **env: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`mkdocs serve` on the story, on a free port of 127.0.0.1, stopped after the block."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=story.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def served(story: Story) -> Iterator[tuple[Story, str, subprocess.Popen[str]]]:
    story.add("daily.txt", article("The first version of the text.\n"))
    with serving_story(story) as (base, server):
        yield story, base, server


def test_editing_a_source_rebuilds_its_page(served: tuple[Story, str, subprocess.Popen[str]]) -> None:
    story, base, _ = served
    page = wait_for(f"{base}/outlets/daily/", "The first version of the text.")
    assert "livereload" in page
    time.sleep(1.5)  # the watcher compares modification times; give the edit a later one
    story.add("daily.txt", article("The second version of the text.\n"))
    wait_for(f"{base}/outlets/daily/", "The second version of the text.")


def test_a_mistake_while_serving_keeps_the_server_and_names_the_file(
        served: tuple[Story, str, subprocess.Popen[str]]) -> None:
    story, base, server = served
    wait_for(f"{base}/outlets/daily/", "The first version of the text.")
    time.sleep(1.5)
    story.add("daily.txt", article("Broken.\n", url="ftp://example.com"))
    time.sleep(3)
    assert server.poll() is None
    story.add("daily.txt", article("The mended text.\n"))
    wait_for(f"{base}/outlets/daily/", "The mended text.")
    server.terminate()
    output, _ = server.communicate(timeout=10)
    assert ("story: sources/articles/daily.txt:4: 'url' must be an http(s) address like "
            "https://example.com/story, not 'ftp://example.com'") in output
    assert "Traceback" not in output


def test_the_sources_folder_is_watched_even_when_mkdocs_yml_forgets_it(story: Story) -> None:
    from mkdocs.config import load_config

    story.add("daily.txt", article())
    story.config.write_text(story.config.read_text().replace("watch:\n  - sources\n", ""))
    assert "watch:" not in story.config.read_text()
    config = load_config(str(story.config))
    config = config.plugins.on_config(config)
    config.plugins.on_post_build(config=config)  # as a build would, after on_config
    assert str((story.root / "sources").resolve()) in map(str, config.watch)


@pytest.fixture
def previewed(story: Story) -> Iterator[tuple[Story, str]]:
    """`mkdocs serve` as `./dev serve` runs it: a preview, which shows the story's problems in the pages."""
    story.add("daily.txt", article("The first version of the text.\n"))
    with serving_story(story, STORY_PREVIEW="1") as (base, _):
        yield story, base


def test_a_preview_shows_a_broken_source_in_the_browser_until_it_is_mended(previewed: tuple[Story, str]) -> None:
    story, base = previewed
    wait_for(f"{base}/outlets/daily/", "The first version of the text.")
    time.sleep(1.5)
    story.add("daily.txt", article("Broken.\n", url="ftp://example.com"))
    page = wait_for(f"{base}/", "story-problems", seconds=30)  # answered at once, not held until the fix
    assert ("<li><code>sources/articles/daily.txt:4</code> &#x27;url&#x27; must be an http(s) address like "
            "https://example.com/story, not &#x27;ftp://example.com&#x27;</li>") in page
    assert "Preview: the story could not be loaded: it has 1 problem." in page
    time.sleep(1.5)
    story.add("daily.txt", article("The mended text.\n"))
    mended = wait_for(f"{base}/outlets/daily/", "The mended text.")
    assert "story-problems" not in mended
    assert "story-problems" not in (fetch(f"{base}/") or "story-problems")


def test_a_preview_lists_a_citation_that_fails_on_every_page(previewed: tuple[Story, str]) -> None:
    story, base = previewed
    wait_for(f"{base}/outlets/daily/", "The first version of the text.")
    time.sleep(1.5)
    story.page("index.md", '# A test story\n\nA claim [@daily "words nobody printed"].\n')
    page = wait_for(f"{base}/outlets/daily/", "story-problems", seconds=30)
    assert "Preview: the story has 1 problem." in page
    assert "<code>docs/index.md:3</code> “words nobody printed” is not in the article text" in page


def test_the_server_watches_with_file_events_and_says_so(served: tuple[Story, str, subprocess.Popen[str]]) -> None:
    story, base, server = served
    wait_for(f"{base}/outlets/daily/", "The first version of the text.")
    story.add("daily.txt", article("The edit seen through file events.\n"))  # no wait for a later mtime
    wait_for(f"{base}/outlets/daily/", "The edit seen through file events.")
    time.sleep(3)  # a rebuild reads every file: reading must not count as a change, or rebuilds never stop
    server.terminate()
    output, _ = server.communicate(timeout=10)
    assert "story: file changes are noticed as they happen (set STORY_WATCH=poll if saves go unnoticed)" in output
    assert output.count("Detected file changes") == 1, output


def test_story_watch_poll_keeps_mkdocs_polling(story: Story) -> None:
    story.add("daily.txt", article("The first version of the text.\n"))
    with serving_story(story, STORY_WATCH="poll") as (base, server):
        wait_for(f"{base}/outlets/daily/", "The first version of the text.")
        time.sleep(1.5)
        story.add("daily.txt", article("The polled version of the text.\n"))
        wait_for(f"{base}/outlets/daily/", "The polled version of the text.")
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "story: file changes are polled twice a second (STORY_WATCH=poll)" in output


def test_a_wrong_story_watch_stops_the_server_with_one_line(story: Story) -> None:
    story.add("daily.txt", article())
    with serving_story(story, STORY_WATCH="sometimes") as (_, server):
        output, _ = server.communicate(timeout=120)
    assert server.returncode != 0
    assert output.splitlines()[-1] == ("Error: environment: STORY_WATCH must be 'events' or 'poll', not "
                                       "'sometimes'; unset it to use the system's file events")
    assert "Building documentation" not in output and "Traceback" not in output


@pytest.mark.parametrize("page, fails", [
    ("# Story\n\nIt has over 400 million users [@daily \"400 million users\"].\n", False),
    ("# Story\n\nIt has over 500 million users [@daily \"400 million users\"].\n", True),  # stops at the end
    ("# Story\n\nNot UTF-8: \udcff.\n", True),  # MkDocs cannot read the page: stops in the middle
])
def test_a_build_leaves_nothing_frozen_for_the_next(story: Story, page: str, fails: bool) -> None:
    """The hooks keep the story out of the collector's passes during a build (`gc.freeze`); `mkdocs serve`
    builds again in the same process, so every build, failed or not, must hand everything back."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    story.add("daily.txt", article("It has over 400 million users.\n", outlet="The Daily"))
    (story.docs / "index.md").write_bytes(page.encode("utf-8", "surrogateescape"))
    before = gc.get_freeze_count()
    config = load_config(str(story.config), site_dir=str(story.site), strict=True)
    with pytest.raises(Exception) if fails else contextlib.nullcontext():
        build(config)
    assert gc.get_freeze_count() == before


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK) or shutil.disk_usage("/dev/shm").free < 1 << 30,
                    reason="no RAM disk with 1 GiB free at /dev/shm on this system")
@pytest.mark.parametrize("own_tmpdir", [False, True])
def test_dev_serve_writes_the_site_folder_in_memory_unless_tmpdir_says_otherwise(
        tmp_path: Path, own_tmpdir: bool) -> None:
    """`mkdocs serve` writes the whole site on every rebuild: `./dev serve` has it write into /dev/shm, and
    MkDocs deletes the folder when it stops."""
    shm = Path("/dev/shm")
    before = set(shm.glob("mkdocs_*"))
    env = {key: value for key, value in os.environ.items() if key != "TMPDIR"}
    if own_tmpdir:
        env["TMPDIR"] = str(tmp_path)
    port = free_port()
    server = subprocess.Popen([str(REPO / "dev"), "serve", "--dev-addr", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "Kaspersky", seconds=120)
        made = (set(tmp_path.glob("mkdocs_*")) if own_tmpdir else set(shm.glob("mkdocs_*")) - before)
        assert len(made) == 1 and (made.pop() / "index.html").is_file()
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, after which MkDocs deletes the folder
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    said = "dev: the preview's site folder is in memory (/dev/shm); set TMPDIR to put it elsewhere"
    assert (said in output.splitlines()) is not own_tmpdir, output
    assert set(shm.glob("mkdocs_*")) == before
