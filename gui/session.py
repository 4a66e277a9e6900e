"""One running exercise in the app: the engine, its bridge and clock, and where its journal goes.

The journal of every GUI run is written to ``<user data dir>/runs/<stamp>-<scenario>-seed<n>/
journal.jsonl`` (``QStandardPaths.AppLocalDataLocation``), so ``gameday report <run dir>``
can regenerate the report later.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths

from gui.bridge import ExerciseBridge
from gui.clock import ExerciseClock
from gui.start_dialog import Mode, StartOptions
from simulator.bundle import Bundle
from simulator.model import Role

JOURNAL_NAME = "journal.jsonl"


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


class Session(QObject):
    """The engine, bridge and clock of one exercise, plus who the human is."""

    def __init__(self, bundle: Bundle, options: StartOptions, parent: QObject | None = None):
        super().__init__(parent)
        from simulator.engine import Exercise, Seat

        self.bundle = bundle
        self.options = options
        self.mode = options.mode
        primary = bundle.team.on_call.primary
        if options.mode is Mode.PLAY:
            self.seat: Seat | None = Seat(actor=primary, role=Role.INCIDENT_COMMANDER)
        elif options.mode is Mode.TABLETOP:
            self.seat = Seat(actor=primary, role=Role.INCIDENT_COMMANDER, tabletop=True)
        else:
            self.seat = None
        self.run_dir = new_run_dir(bundle.scenario.id, options.seed)
        self.journal_path = self.run_dir / JOURNAL_NAME
        self.exercise = Exercise(
            bundle, seed=options.seed, seat=self.seat, journal_path=self.journal_path
        )
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
        return person_id

    def shutdown(self) -> None:
        """Pause the clock, end the exercise if it still runs, and stop listening to it."""
        self.clock.pause()
        if not self.exercise.finished:
            self.exercise.stop("stopped")
        self.bridge.close()
