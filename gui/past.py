"""Past runs in the app: a journal read back as the session the debrief and the exercise
view read, without an engine running and without writing anything.

:class:`PastSession` is a finished run from its journal (its records, folded state, bundle,
run folder): the debrief opens on it exactly as on a run that just ended. :class:`ReplaySession`
is a past run re-run up to a moment by a :class:`~simulator.history.rewind.ReplayCursor`: the
exercise view shows the engine's own state at that moment. Neither writes a journal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject

from gui.bridge import ExerciseBridge
from gui.clock import ExerciseClock
from gui.session import Session
from gui.start_dialog import Mode, StartOptions
from reports.history import LoadedJournal
from simulator.bundle import Bundle
from simulator.engine.replay import seat_of
from simulator.journal import Record
from simulator.state import IncidentState, fold

if TYPE_CHECKING:
    from simulator.engine import Exercise
    from simulator.history.rewind import ReplayCursor


def mode_of(records: Sequence[Record]) -> Mode:
    """How the human took part in a recorded run."""
    seat = seat_of(records[0]) if records else None
    if seat is None:
        return Mode.WATCH
    return Mode.TABLETOP if seat.tabletop else Mode.PLAY


def options_of(records: Sequence[Record], speed: float = 10.0) -> StartOptions:
    """The start options a recorded run was started with (its seed and mode)."""
    seed = records[0].payload.get("seed", 1) if records else 1
    return StartOptions(
        team_path=None,
        mode=mode_of(records),
        speed=speed,
        seed=int(seed) if isinstance(seed, int) else 1,
    )


class _Finished:
    """What the debrief reads of an engine, taken from a journal: records and state."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records: Sequence[Record] = tuple(records)
        self.state: IncidentState = fold(list(self.records))
        self.finished = True
        self.now = self.records[-1].t if self.records else 0.0

    def subscribe(self, _callback: Callable[[Record], None]) -> Callable[[], None]:
        return lambda: None


class _ReadOnly(Session):
    """A session that writes nothing: no journal writer, no failure to report."""

    def _init_read_only(
        self, bundle: Bundle, options: StartOptions, journal: Path, parent: QObject | None
    ) -> None:
        QObject.__init__(self, parent)
        self.bundle = bundle
        self.options = options
        self.mode = options.mode
        self.journal_path = journal
        self.run_dir = journal.parent
        self._failure_reported = False
        self.paused_by_failure = False

    @property
    def journal_failed(self) -> bool:
        """Nothing is written, so nothing can fail."""
        return False

    def check_journal(self) -> None:
        """Nothing is written."""

    def shutdown(self) -> None:
        """Stop listening (there is no engine to stop)."""
        self.clock.pause()
        self.bridge.close()


class PastSession(_ReadOnly):
    """A finished run read from its journal (the debrief's input)."""

    def __init__(self, loaded: LoadedJournal, parent: QObject | None = None) -> None:
        if loaded.bundle is None:
            raise ValueError("a past session needs the run's scenario files")
        self._init_read_only(loaded.bundle, options_of(loaded.records), loaded.path, parent)
        self.loaded = loaded
        self.exercise = cast("Exercise", _Finished(loaded.records))
        self.seat = seat_of(loaded.records[0])
        self.bridge = ExerciseBridge(self.exercise, self)
        self.clock = ExerciseClock(self.bridge, 10.0, self)


class ReplaySession(_ReadOnly):
    """A past run re-run up to a moment: the engine's own state then (read only)."""

    def __init__(
        self, loaded: LoadedJournal, cursor: ReplayCursor, parent: QObject | None = None
    ) -> None:
        assert loaded.bundle is not None
        self._init_read_only(loaded.bundle, options_of(loaded.records), loaded.path, parent)
        self.loaded = loaded
        self.cursor = cursor
        self.exercise = cursor.exercise
        self.seat = cursor.exercise.seat
        self.bridge = ExerciseBridge(self.exercise, self)
        self.clock = ExerciseClock(self.bridge, 10.0, self)

    def advance_to(self, t: float) -> None:
        """Move the replay forward to ``t`` (the views hear every record on the way)."""
        self.cursor.advance_to(t)
        self.bridge.changed.emit()
