"""Work a build needs only later, done meanwhile by a copy of the process on another core.

A build is one thread, and a large one spends most of its time in MkDocs' page loop, on one
core. Work that reads the story but feeds no page until late (the shared text, which only the
comparison page and its data file read; the data files and the search entries, which no page
reads) can go on in a
forked copy of the process meanwhile: the copy sees the story as it was at the fork, sends back
what the work gave (pickled), and exits. A fork costs a few milliseconds, and every page either
process writes afterwards is copied, so only a story of `FORK_FROM` sources or more forks unless
`STORY_BACKGROUND=1` says to; `STORY_BACKGROUND=0` never does. Where a copy cannot be forked
safely (Windows has no fork; macOS's system libraries are not safe to fork), or on one core, the
work is done in this process when it starts: the same result, sooner.

If the copy fails, whatever the reason, the work is done again here when its result is asked
for, so a mistake in it is met where it would have been met without the copy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

BACKGROUND_VARIABLE = "STORY_BACKGROUND"
"""Set to 0 to do every piece of work in the build's own process, to 1 to fork copies for any story."""
FORK_FROM = 200
"""How many sources a story needs for its build to fork copies when STORY_BACKGROUND is unset. At 100 articles a
fork saves about what it costs (bench/results/notes.md); at 1,000 a rebuild after a fact is edited takes a sixth
less."""
_NAME = "story background work"
"""The name of every copy, by which a failed build stops the ones it started."""

_T = TypeVar("_T")


def fork_from(value: str | None) -> int | None:
    """From STORY_BACKGROUND's `value`, how many sources a story needs for its build to fork copies; None if it
    never does, as where the system cannot (`can_fork`). Any value but 0, 1 or none is a ValueError of one line."""
    choice = (value or "").strip()
    if choice not in ("", "0", "1"):
        raise ValueError(f"{BACKGROUND_VARIABLE} must be 0 (do all the work in the build's own process) or 1 (let "
                         f"work go on in a copy of the process for any story), not {value!r}; unset it to let "
                         f"stories of {FORK_FROM} sources or more use a copy")
    if choice == "0" or not can_fork():
        return None
    return 0 if choice == "1" else FORK_FROM


def can_fork() -> bool:
    """Whether this system can fork a copy of a running build safely, with a core for it."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


class Later(Generic[_T]):
    """The result of a piece of work: made by a copy of the process, or here, or known already."""

    def __init__(self, make: Callable[[], _T], then: Callable[[_T], None] | None = None, *,
                 fork: bool = False) -> None:
        """Start `make`: in a forked copy if `fork`, else here and now. `then` is given the result once it is here."""
        self._make, self._then = make, then
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiving: Connection | None = None
        self._have = False
        self._value: _T | None = None
        if fork:
            context = multiprocessing.get_context("fork")
            self._receiving, sending = context.Pipe(duplex=False)
            self._process = context.Process(target=_send, args=(make, sending), name=_NAME, daemon=True)
            self._process.start()
            sending.close()
        else:
            self._keep(make())

    @classmethod
    def known(cls, value: _T) -> Later[_T]:
        """A result there is no work left to make."""
        return cls(lambda: value)

    def _keep(self, value: _T) -> None:
        self._value, self._have = value, True
        if self._then is not None:
            self._then(value)
        self._make = self._then = None  # type: ignore[assignment]  nothing is made again: what they hold can go

    def get(self) -> _T:
        """The result, waiting for the copy if it is not done; made here if the copy failed."""
        if not self._have:
            self._keep(self._received())
        return self._value  # type: ignore[return-value]  set by _keep

    def _received(self) -> _T:
        payload = b""
        try:
            if self._receiving is not None:
                payload = self._receiving.recv_bytes()
        except (EOFError, OSError):  # the copy died before it sent anything
            pass
        finally:
            self._close()
        if payload:
            with contextlib.suppress(Exception):  # what cannot be read is made again here
                return pickle.loads(payload)  # sent by this build's own copy, through a pipe
        return self._make()

    def _close(self) -> None:
        if self._receiving is not None:
            self._receiving.close()
            self._receiving = None
        if self._process is not None:
            self._process.join()
            self._process.close()
            self._process = None


def _send(make: Callable[[], object], sending: Connection) -> None:
    """In the copy: the work's result, pickled, or nothing, so that the build does the work itself."""
    try:
        payload = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001  whatever went wrong happens again in the build, where it is reported
        payload = b""
    try:
        sending.send_bytes(payload)
    except OSError:  # the build stopped and closed its end: nobody is waiting
        pass


def stop_all() -> None:
    """Stop every copy this process started and has not yet heard from: a build that failed will not ask."""
    for process in multiprocessing.active_children():
        if process.name == _NAME:
            process.terminate()
            process.join()
