"""How `mkdocs serve` notices saved files: the system's file events, MkDocs's polling on request."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver
from watching import QUIET_SECONDS, ChangesObserver, WatchError, watch_file_events


def server(tmp_path: Path) -> LiveReloadServer:
    """A server as `mkdocs serve` has it when `on_serve` runs: watching, not yet started."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    live = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    live.watch(str(tmp_path / "docs"))
    live.watch(str(tmp_path / "mkdocs.yml"))
    live.watch(str(tmp_path / "docs"))  # watched twice, as a plugin may
    return live


CHOICES = {
    "unset": (None, "file changes are noticed as they happen (set STORY_WATCH=poll if saves go unnoticed)", True),
    "events": ("events", "file changes are noticed as they happen (set STORY_WATCH=poll if saves go unnoticed)",
               True),
    "poll": ("poll", "file changes are polled twice a second (STORY_WATCH=poll)", False),
    "poll, any case": (" Poll ", "file changes are polled twice a second (STORY_WATCH=poll)", False),
}


@pytest.mark.parametrize(("choice", "said", "native"), CHOICES.values(), ids=CHOICES.keys())
def test_each_choice_keeps_every_watch(tmp_path: Path, choice: str | None, said: str, native: bool) -> None:
    live = server(tmp_path)
    before = dict(live._watched_paths)
    assert watch_file_events(live, choice) == said
    assert isinstance(live.observer, PollingObserver) is not native
    assert type(live.observer) is (ChangesObserver if native else PollingObserver)
    assert live._watched_paths == before
    assert len(live.observer.emitters) == len(before)  # one system watch per watched path
    assert live.build_delay == (QUIET_SECONDS if native else 0.1)


def test_a_saved_file_asks_for_a_rebuild_at_once(tmp_path: Path) -> None:
    live = server(tmp_path)
    watch_file_events(live, None)
    asked = threading.Event()
    live._rebuild_cond = _Signal(asked)
    live.observer.start()
    try:
        (tmp_path / "docs" / "index.md").write_text("# Saved\n")
        assert asked.wait(timeout=30), "no rebuild was asked for after a save"
    finally:
        live.observer.stop()
        live.observer.join()


class _Signal:
    """Stands in for the server's condition: records that a rebuild was asked for."""

    def __init__(self, asked: threading.Event) -> None:
        self.asked = asked

    def __enter__(self) -> _Signal:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def notify_all(self) -> None:
        self.asked.set()


def test_a_wrong_choice_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(WatchError) as caught:
        watch_file_events(server(tmp_path), "inotify")
    assert str(caught.value) == ("environment: STORY_WATCH must be 'events' or 'poll', not 'inotify'; "
                                 "unset it to use the system's file events")


def test_a_server_without_the_expected_watches_keeps_polling(tmp_path: Path) -> None:
    class Other:
        observer = PollingObserver()

    other = Other()
    assert watch_file_events(other, None) == ("file changes are polled twice a second: "
                                              "this server's watches cannot be moved")
    assert isinstance(other.observer, PollingObserver)


def test_a_failing_system_watch_keeps_polling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import watching

    def refuse(paths: list[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(watching, "_try", refuse)
    live = server(tmp_path)
    assert watch_file_events(live, None) == (
        "file changes are polled twice a second: the system's file events failed (No space left on device); "
        "on Linux, raise fs.inotify.max_user_watches")
    assert isinstance(live.observer, PollingObserver)
    assert live._watched_paths == {str(tmp_path / "docs"): 2, str(tmp_path / "mkdocs.yml"): 1}
