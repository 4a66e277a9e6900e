"""Live validation off the GUI thread: the text is checked in a worker process.

Typing restarts a short timer; when it fires, the newest text goes to a worker process
(:func:`gui.authoring.checking.check`, the same checks as ``gameday validate``). Only one check
runs at a time; text typed meanwhile waits and only its newest version is checked next, and a
result older than the text on screen is shown only until the newer one arrives. The worker is
a separate process (``spawn``, so no Qt state is copied), so even a 5,000-inject scenario
never holds the interpreter lock the keyboard needs. A poll timer runs only while a check is
out. Should the worker process die or fail to start, checks go on in a worker thread.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, QTimer, Signal

from gui.authoring.checking import Checked, check
from simulator.problems import Problem

#: Milliseconds of no typing before the text is checked.
DEBOUNCE_MS = 250
#: Milliseconds between looks at a running check.
POLL_MS = 15

_POOL: Executor | None = None
#: Set when the worker process could not run (a platform without ``spawn``, a frozen app):
#: checks then run on a worker thread — slower to type beside, never lost.
_PROCESS_BROKEN = False


def worker_pool() -> Executor:
    """The one worker process of the app (started on first use, reused by every editor)."""
    global _POOL
    if _POOL is None:
        if _PROCESS_BROKEN:
            _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gameday-check")
        else:
            _POOL = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
    return _POOL


def _fresh_pool() -> Executor:
    """A new pool after the worker process died: a thread from then on."""
    global _POOL, _PROCESS_BROKEN
    _POOL = None
    _PROCESS_BROKEN = True
    return worker_pool()


class Checker(QObject):
    """Checks the text of one editor; emits :attr:`checked` with each result."""

    #: A :class:`~gui.authoring.checking.Checked` for the newest text checked.
    checked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._path = ""
        self._text = ""
        self._from_disk = False
        self._future: Future[Checked] | None = None
        self._future_generation = -1
        self._queued = False
        self.latest: Checked | None = None
        self._debounce = QTimer(self)
        self._debounce.setObjectName("authoringDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._submit)
        self._poll = QTimer(self)
        self._poll.setObjectName("authoringCheckPoll")
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

    @property
    def busy(self) -> bool:
        """True until the newest text has been checked and its result emitted."""
        return (
            self._debounce.isActive()
            or self._future is not None
            or self._queued
            or self.latest is None
            or self.latest.generation != self._generation
        )

    def request(self, path: str, text: str, now: bool = False, from_disk: bool = False) -> None:
        """Check ``text`` (as saved at ``path``) once the typing pauses (``now``: at once;
        ``from_disk``: the text is the file unchanged, check the file itself)."""
        self._generation += 1
        self._path, self._text, self._from_disk = path, text, from_disk
        if now:
            self._debounce.stop()
            self._submit()
        else:
            self._debounce.start()

    def _submit(self) -> None:
        if self._future is not None:
            self._queued = True
            return
        self._queued = False
        generation = self._generation
        try:
            self._future = worker_pool().submit(
                check, self._path, self._text, generation, self._from_disk
            )
        except (BrokenProcessPool, RuntimeError):
            self._future = _fresh_pool().submit(
                check, self._path, self._text, generation, self._from_disk
            )
        self._future_generation = generation
        self._poll.start()

    def _collect(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._future = None
        self._poll.stop()
        try:
            result = future.result()
        except BrokenProcessPool:
            _fresh_pool()
            self._queued = True
            result = None
        except Exception as exc:  # a check must never take the editor down: say what broke
            result = Checked(
                self._future_generation,
                "",
                (Problem(self._path, 0, 0, "", f"the file could not be checked: {exc}"),),
            )
        if result is not None:
            self.latest = result
            self.checked.emit(result)
        if (
            self._queued or (self.latest is not None and self.latest.generation != self._generation)
        ) and not self._debounce.isActive():
            self._submit()

    def stop(self) -> None:
        """Stop the timers (the view closes); a check still out is left to finish."""
        self._debounce.stop()
        self._poll.stop()
        self._queued = False
        if self._future is not None:
            self._future.cancel()
            self._future = None
