"""One running exercise in the app: the engine, its bridge and clock, and where its journal goes.

The journal of every GUI run is written to ``<user data dir>/runs/<stamp>-<scenario>-seed<n>/
journal.jsonl`` (``QStandardPaths.AppLocalDataLocation``), so ``gameday report <run dir>``
can regenerate the report later.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths

from gui.bridge import ExerciseBridge
from gui.clock import ExerciseClock
from gui.start_dialog import Mode, StartOptions
from simulator.bundle import Bundle
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
}


def runs_root() -> Path:
    """The folder GUI runs are written to (created on demand)."""
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


def make_exercise(bundle: Bundle, options: StartOptions, journal_path: Path) -> Exercise:
    """The engine for a start-dialog choice: the human's seat follows the mode.

    Playing: the human is the on-call primary acting as incident commander. Tabletop: the
    same seat with ``tabletop=True`` (nobody is simulated). Watching: no seat.
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
    """The engine, bridge and clock of one exercise, plus who the human is."""

    def __init__(self, bundle: Bundle, options: StartOptions, parent: QObject | None = None):
        super().__init__(parent)
        self.bundle = bundle
        self.options = options
        self.mode = options.mode
        self.run_dir = new_run_dir(bundle.scenario.id, options.seed)
        self.journal_path = self.run_dir / JOURNAL_NAME
        self.exercise = make_exercise(bundle, options, self.journal_path)
        self.seat: Seat | None = self.exercise.seat
        self.bridge = ExerciseBridge(self.exercise, self)
        self.clock = ExerciseClock(self.bridge, options.speed, self)

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
