"""How `mkdocs serve` notices a saved file: the system's file events where it has them, else polling.

MkDocs 1.6 (and ProperDocs) watch with watchdog's polling observer: every watched file is looked
at twice a second, and the rebuild starts 0.1 s after the last change. On a small site that wait
is most of the time from saving a file to the new page. Before the server starts, `on_serve`
moves the same watches to watchdog's native observer (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows), which reports a save at once, and shortens the quiet time
to 0.02 s. `STORY_WATCH=poll` keeps MkDocs's polling, for folders whose changes the system
does not report (some network drives and container mounts).

The server keeps its watches in `_watched_paths`, which MkDocs documents nowhere; where a
server does not have it, polling stays and the log says so.
"""

from __future__ import annotations

from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

WATCH_VARIABLE = "STORY_WATCH"
_CHOICES = ("events", "poll")
QUIET_SECONDS = 0.02
"""How long no further change must come before a rebuild starts, with file events (MkDocs: 0.1 s). A save
reports its changes within a few milliseconds; one slower than this costs a second rebuild, never a missed one."""


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
    DirCreatedEvent, DirModifiedEvent, DirDeletedEvent, DirMovedEvent]
"""The events that change a file. Not opening or reading one: a build reads every watched file,
and MkDocs rebuilds on any event, so each rebuild would start the next."""


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]  the platform's native observer
    """The system's native observer, reporting only changes to files (`CHANGES`), whatever the caller asks."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=CHANGES,
                                follow_symlink=follow_symlink)


class WatchError(Exception):
    """STORY_WATCH names no way of watching."""


def watch_choice(value: str | None) -> str:
    """'events' or 'poll', from the value of STORY_WATCH; anything else is a WatchError of one line."""
    choice = (value or "events").strip().lower()
    if choice not in _CHOICES:
        raise WatchError(f"environment: {WATCH_VARIABLE} must be 'events' or 'poll', not {value!r}; "
                         f"unset it to use the system's file events")
    return choice


def watch_file_events(server: Any, value: str | None) -> str:
    """Move the server's watches to the system's file events; a line for the log says what was done."""
    if watch_choice(value) == "poll":
        return f"file changes are polled twice a second ({WATCH_VARIABLE}=poll)"
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(observer, PollingObserver) or observer.is_alive():
        return "file changes are polled twice a second: this server's watches cannot be moved"
    native = ChangesObserver()
    if isinstance(native, PollingObserver):
        return "file changes are polled twice a second: this system reports no file events"
    try:
        _try(list(watched))
    except OSError as err:
        return (f"file changes are polled twice a second: the system's file events failed ({err.strerror or err}); "
                f"on Linux, raise fs.inotify.max_user_watches")
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = QUIET_SECONDS
    return f"file changes are noticed as they happen (set {WATCH_VARIABLE}=poll if saves go unnoticed)"


def _try(paths: list[str]) -> None:
    """Start and stop a native observer on every path, so that a failure (such as Linux's limit of
    watches) shows now, not as a traceback when the server starts."""
    trial = ChangesObserver()
    handler = FileSystemEventHandler()
    for path in paths:
        trial.schedule(handler, path, recursive=True)
    try:
        trial.start()
    finally:
        trial.stop()
        if trial.is_alive():
            trial.join()
