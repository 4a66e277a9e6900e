"""One running exercise in the app: the engine, its bridge and clock, and where its journal goes.

The journal of every GUI run is written to ``<user data dir>/runs/<stamp>-<scenario>-seed<n>/
journal.jsonl`` (``QStandardPaths.AppLocalDataLocation``), so ``gameday report <run dir>``
can regenerate the report later.

The session owns the journal writer (the engine runs without one and the writer listens to
its records). A write that fails mid-run (disk full, folder deleted, permission revoked,
read-only media) never raises into the clock: the run goes on in memory, and after the slice
or action the session pauses the clock and emits :attr:`Session.journalFailed`; the window
then offers to save the whole journal elsewhere (:meth:`Session.save_journal_as`), where the
rest of the run is recorded.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal

from gui.bridge import ExerciseBridge
from gui.clock import ExerciseClock
from gui.run_lock import RunLock
from gui.start_dialog import Mode, StartOptions
from simulator.bundle import Bundle
from simulator.journal import JournalWriter
from simulator.model import Role

if TYPE_CHECKING:
    from simulator.engine import Exercise, Seat

JOURNAL_NAME = "journal.jsonl"
#: Display names of the journal's system actors.
SYSTEM_ACTORS = {
    "monitoring": "Monitoring",
    "pager": "Pager",
    "world": "World",
    "engine": "Exercise",
    "clock": "Clock",
    "facilitator": "Facilitator",
    "coach": "Coach",
}


def runs_root() -> Path:
    """The folder GUI runs are written to (created on demand); ``$GAMEDAY_DATA_DIR`` moves
    the whole data folder (runs, history index, trash), as for the command line."""
    from simulator.history.paths import DATA_ENV, data_dir

    if os.environ.get(DATA_ENV, "").strip():
        return data_dir() / "runs"
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base) / "runs"


def new_run_dir(scenario_id: str, seed: int) -> Path:
    """A fresh, unique run folder name under :func:`runs_root`."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", scenario_id).strip("-") or "scenario"
    base = runs_root() / f"{stamp}-{safe}-seed{seed}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def make_exercise(
    bundle: Bundle, options: StartOptions, journal_path: Path | None = None
) -> Exercise:
    """The engine for a start-dialog choice: the human's seat follows the mode.

    Playing: the human is the on-call primary acting as incident commander. Tabletop: the
    same seat with ``tabletop=True`` (nobody is simulated). Watching: no seat.
    ``journal_path`` None: the caller records the journal (as :class:`Session` does).
    """
    from simulator.engine import Exercise, Seat

    primary = bundle.team.on_call.primary
    seat: Seat | None
    if options.mode is Mode.PLAY:
        seat = Seat(actor=primary, role=Role.INCIDENT_COMMANDER)
    elif options.mode is Mode.TABLETOP:
        seat = Seat(actor=primary, role=Role.INCIDENT_COMMANDER, tabletop=True)
    else:
        seat = None
    return Exercise(bundle, seed=options.seed, seat=seat, journal_path=journal_path)


class Session(QObject):
    """The engine, bridge and clock of one exercise, plus who the human is.

    Signals:
        journalFailed(str): the journal could not be written (the message names the file,
            the reason and the fix); emitted once per failure, after the slice or action
            in which it happened, with the clock already paused.
    """

    journalFailed = Signal(str)

    def __init__(
        self,
        bundle: Bundle,
        options: StartOptions,
        parent: QObject | None = None,
        exercise: Exercise | None = None,
        writer: JournalWriter | None = None,
    ):
        """``exercise``: an engine already under way (a branch rewound from a past run);
        its records so far are written to the new run's journal first. ``writer``: a journal
        that already holds the first records of ``exercise`` (an interrupted run resumed,
        :mod:`gui.resume`): the run goes on in its folder, writing on to it."""
        super().__init__(parent)
        self.bundle = bundle
        self.options = options
        self.mode = options.mode
        if writer is None:
            self.run_dir = new_run_dir(bundle.scenario.id, options.seed)
            # raises OSError when the run folder cannot be written: nothing has run yet
            writer = JournalWriter(self.run_dir / JOURNAL_NAME)
        self.run_dir = writer.path.parent
        self.journal_path = writer.path
        self.writer = writer
        # another app started meanwhile must not offer this live run for resuming
        self._run_lock = RunLock(self.run_dir)
        self.exercise = exercise if exercise is not None else make_exercise(bundle, options)
        # the header, written before anyone subscribed (a resumed journal holds some already)
        for record in self.exercise.records[writer.written :]:
            self.writer.write(record)
        self._unsubscribe_writer = self.exercise.subscribe(self.writer.write)
        self._failure_reported = False
        #: The clock was running when a failed write paused it (resume after a rescue).
        self.paused_by_failure = False
        self.seat: Seat | None = self.exercise.seat
        self.bridge = ExerciseBridge(self.exercise, self)
        self.clock = ExerciseClock(self.bridge, options.speed, self)
        self.bridge.finished.connect(self._on_finished)
        self.bridge.changed.connect(self.check_journal)

    @property
    def journal_failed(self) -> bool:
        """True while records are kept only in memory (the last write failed)."""
        return self.writer.failed

    def check_journal(self) -> None:
        """Pause and emit :attr:`journalFailed` once when the journal could not be written."""
        if self.writer.failed and not self._failure_reported:
            self._failure_reported = True
            self.paused_by_failure = self.clock.running
            self.clock.pause()
            self.journalFailed.emit(self.writer.error_message())

    def save_journal_as(self, path: Path) -> None:
        """Save the whole journal so far to ``path`` (atomically) and record the rest of the
        run there; the run folder becomes ``path``'s folder (reports are written next to it).

        Raises:
            OSError: ``path`` cannot be written either (nothing changed).
        """
        self.writer.relocate(path, self.exercise.records)
        self._failure_reported = False
        self.journal_path = path
        self.run_dir = path.parent
        if self.exercise.finished:
            self.writer.close()
            self.check_journal()

    def _on_finished(self, _reason: str) -> None:
        self.writer.close()  # fsync: a failure here is reported like any other
        self._run_lock.release()

    @property
    def human(self) -> str | None:
        """The person id the human acts as (None when watching)."""
        return self.seat.actor if self.seat else None

    def person_name(self, person_id: str) -> str:
        """A display name for a person, stakeholder or system actor id."""
        person = self.bundle.team.person(person_id)
        if person is not None:
            return person.name
        for s in self.bundle.team.stakeholders:
            if s.id == person_id:
                return s.name
        return SYSTEM_ACTORS.get(person_id, person_id)

    def shutdown(self) -> None:
        """Pause the clock, stop listening, and end the exercise if it still runs.

        The views are going away, so the ``end`` record goes only to the journal.
        """
        self.clock.pause()
        self.bridge.close()
        if not self.exercise.finished:
            self.exercise.stop("stopped")
        self._unsubscribe_writer()
        self.writer.close()
        self._run_lock.release()
