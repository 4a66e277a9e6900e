"""The one bridge between the engine and the widgets.

:class:`ExerciseBridge` subscribes to an :class:`~simulator.engine.Exercise` and re-emits every
journal record as a Qt signal, so views never call the engine's callbacks themselves and never
hold engine internals: they read records (the journal is the contract) and the folded
:class:`~simulator.state.IncidentState`. Human and facilitator actions go back through
:meth:`ExerciseBridge.act`, which the engine journals like any other action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from simulator.actions import Action
from simulator.journal import Record

if TYPE_CHECKING:
    from simulator.engine import Exercise


class ExerciseBridge(QObject):
    """Turns engine records into Qt signals and carries actions back to the engine.

    Signals:
        recordAdded(Record): every journal record, in order, as the engine writes it.
        changed(): after a batch of records (one clock slice or one action): views that
            show the folded state refresh once per batch, not once per record.
        finished(str): the exercise ended (``resolved``, ``time_limit`` or ``stopped``).
    """

    recordAdded = Signal(object)
    changed = Signal()
    finished = Signal(str)

    def __init__(self, exercise: Exercise, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.exercise = exercise
        self._finished_sent = False
        self._unsubscribe: Callable[[], None] | None = exercise.subscribe(self._on_record)

    def _on_record(self, record: Record) -> None:
        self.recordAdded.emit(record)
        if record.kind == "end" and not self._finished_sent:
            self._finished_sent = True
            self.finished.emit(str(record.payload.get("reason", "stopped")))

    def act(self, action: Action) -> Record:
        """Hand ``action`` to the engine; returns its ``action`` or ``rejected`` record."""
        record = self.exercise.act(action)
        self.changed.emit()
        return record

    def advance(self, seconds: float) -> None:
        """Advance the simulation by ``seconds`` of sim time, then emit :attr:`changed`."""
        if not self.exercise.finished and seconds > 0:
            self.exercise.advance(seconds)
        self.changed.emit()

    def run_until_next_event(self) -> None:
        """Advance to the engine's next scheduled event, then emit :attr:`changed`."""
        if not self.exercise.finished:
            self.exercise.run_until_next_event()
        self.changed.emit()

    def stop(self, reason: str = "stopped") -> None:
        """End the exercise now (journaled as an ``end`` record)."""
        if not self.exercise.finished:
            self.exercise.stop(reason)
        self.changed.emit()

    def close(self) -> None:
        """Stop listening to the engine."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
