"""A seat's stand-ins for the engine, bridge, clock and session.

The seat runs no engine: the host does. :class:`RemoteExercise` holds the records the host
sent this seat (folded into an :class:`~simulator.state.IncidentState` as the engine would)
and sends actions through the :class:`~gui.network.seat.SeatClient`; :class:`SeatBridge`,
:class:`SeatClock` and :class:`SeatSession` give the usual exercise view, header, command
panel and debrief what they read from a local run, so a seat sees the same screens, limited
to what its person knows. Only the facilitator moves the clock: the seat's play / pause and
step do nothing but say so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, QTimer, Signal

from gui.bridge import ExerciseBridge
from gui.clock import ExerciseClock
from gui.session import JOURNAL_NAME, Session, new_run_dir
from gui.start_dialog import Mode, StartOptions
from simulator.actions import Action
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.journal import Record, save_journal
from simulator.model import Role
from simulator.state import IncidentState

#: What a seat says when its player tries to move the clock.
FACILITATOR_ONLY = "Only the facilitator can pause, resume or speed up a game day."


class RemoteExercise:
    """The exercise as one seat knows it: the records the host sent, folded.

    Reads like :class:`simulator.engine.Exercise` where the views read one (``records``,
    ``state``, ``now``, ``finished``, ``subscribe``, ``act``, ``visible_metrics``).
    """

    def __init__(self, bundle: Bundle, seat: Seat, act: Callable[[Action], Record]) -> None:
        self.bundle = bundle
        self.seat = seat
        self.seats = (seat,)
        self._act = act
        self._records: list[Record] = []
        self._state = IncidentState()
        self._now = 0.0
        self._finished = False
        self._metrics: dict[str, float] = {}
        self._subscribers: list[Callable[[Record], None]] = []

    @property
    def records(self) -> Sequence[Record]:
        """The records this seat has seen, in order."""
        return self._records

    @property
    def state(self) -> IncidentState:
        """The incident as this seat's records tell it."""
        return self._state

    @property
    def now(self) -> float:
        """The host's sim time, as last heard."""
        return self._now

    @property
    def finished(self) -> bool:
        """True once the host's ``end`` record arrived."""
        return self._finished

    def set_now(self, t: float) -> None:
        """The host's clock said ``t``."""
        self._now = max(self._now, t)

    def add(self, record: Record) -> None:
        """A record from the host: fold it and tell the subscribers."""
        self._records.append(record)
        self._state.apply(record)
        self._now = max(self._now, record.t)
        if record.kind == "sample":
            self._metrics = {str(k): float(v) for k, v in dict(record.payload["metrics"]).items()}
        if record.kind == "end":
            self._finished = True
        for callback in tuple(self._subscribers):
            callback(record)

    def replace_with(self, journal: Sequence[Record]) -> None:
        """The host's whole journal (the shared debrief): the seat's records become it."""
        self._records = list(journal)
        self._state = IncidentState()
        for record in self._records:
            self._state.apply(record)
        self._finished = True

    def subscribe(self, callback: Callable[[Record], None]) -> Callable[[], None]:
        """Call ``callback`` with every new record; returns the unsubscriber."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def act(self, action: Action) -> Record:
        """Send ``action`` to the host; its ``action`` or ``rejected`` record."""
        return self._act(action)

    def visible_metrics(self) -> dict[str, float]:
        """The dashboards as last sampled."""
        return dict(self._metrics)

    def next_event_time(self) -> float | None:
        """Seats cannot jump to the next inject (the facilitator's schedule is theirs)."""
        return None


class SeatBridge(ExerciseBridge):
    """The bridge over a :class:`RemoteExercise`: the same signals, actions to the host."""

    def __init__(self, remote: RemoteExercise, parent: QObject | None = None) -> None:
        QObject.__init__(self, parent)
        self.exercise = cast(Exercise, remote)
        self._finished_sent = False
        self._unsubscribe = remote.subscribe(self._on_record)
        self._pending = False

    def changed_soon(self) -> None:
        """Emit :attr:`changed` once after the records that arrive together."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._flush)

    def _flush(self) -> None:
        self._pending = False
        self.changed.emit()

    def advance(self, seconds: float) -> None:
        """The host advances the clock; nothing to do here."""
        self.changed.emit()

    def run_until_next_event(self) -> None:
        """Only the facilitator steps the exercise."""

    def stop(self, reason: str = "stopped") -> None:
        """Only the facilitator ends the exercise."""


class SeatClock(ExerciseClock):
    """The host's clock as a seat sees it: it follows the ``clock`` messages.

    Signals:
        refusedLocally(str): the player pressed play / pause, step or a speed.
    """

    refusedLocally = Signal(str)

    def __init__(self, bridge: SeatBridge, speed: float, parent: QObject | None = None) -> None:
        super().__init__(bridge, speed, parent)
        self._remote_running = False
        self._remote_held = False

    @property
    def running(self) -> bool:
        """True while the host's clock runs."""
        return self._remote_running

    @property
    def held(self) -> bool:
        """True while the facilitator has paused everyone."""
        return self._remote_held

    def follow(self, t: float, running: bool, held: bool) -> None:
        """The host said: sim time ``t``, ``running``, ``held``."""
        exercise = self.bridge.exercise
        cast(RemoteExercise, exercise).set_now(t)
        if held != self._remote_held:
            self._remote_held = held
            self.heldChanged.emit(held)
        if running != self._remote_running:
            self._remote_running = running
            self.runningChanged.emit(running)
        self.ticked.emit(t)

    def hold(self, held: bool) -> None:
        """Only the facilitator holds the clock."""
        self.refusedLocally.emit(FACILITATOR_ONLY)

    def play(self) -> None:
        """Say that only the facilitator resumes (nothing to say while the clock runs)."""
        if not self._remote_running:
            self.refusedLocally.emit(FACILITATOR_ONLY)

    def pause(self) -> None:
        """Nothing: the host's clock is not the seat's to pause."""

    def toggle(self) -> None:
        """Say that only the facilitator pauses and resumes."""
        self.refusedLocally.emit(FACILITATOR_ONLY)

    def can_step(self) -> bool:
        """Seats never step."""
        return False

    def step(self) -> None:
        """Seats never step."""

    def set_speed(self, speed: float) -> None:
        """The speed is the host's: put the seat's speed box back and say so."""
        self.speedChanged.emit(self._speed)
        if speed != self._speed:
            self.refusedLocally.emit(FACILITATOR_ONLY)


class SeatSession(Session):
    """A seat's session: the stand-ins above, the person the seat plays, and where the
    shared debrief's journal is kept."""

    def __init__(
        self,
        bundle: Bundle,
        welcome: dict[str, Any],
        act: Callable[[Action], Record],
        parent: QObject | None = None,
    ) -> None:
        QObject.__init__(self, parent)
        seat_info = dict(welcome.get("seat") or {})
        role = seat_info.get("role")
        speed = float(welcome.get("speed", 10.0))
        self.bundle = bundle
        self.options = StartOptions(team_path=None, mode=Mode.PLAY, speed=speed, seed=0)
        self.mode = Mode.PLAY
        self.player = str(welcome.get("player", ""))
        self.seat = Seat(
            actor=str(seat_info.get("person")),
            role=Role(role) if role else None,
            player=self.player,
        )
        self.remote = RemoteExercise(bundle, self.seat, act)
        self.exercise = cast(Exercise, self.remote)
        self.run_dir = new_run_dir(bundle.scenario.id, 0)
        self.journal_path = self.run_dir / JOURNAL_NAME
        self.paused_by_failure = False
        self._failure_reported = False
        self.seat_bridge = SeatBridge(self.remote, self)
        self.seat_clock = SeatClock(self.seat_bridge, speed, self)
        self.bridge = self.seat_bridge
        self.clock = self.seat_clock
        self.journal_saved = ""

    @property
    def journal_failed(self) -> bool:
        """A seat writes no journal while it runs (the host's is the record)."""
        return False

    def check_journal(self) -> None:
        """Nothing to check: the host keeps the journal."""

    def keep_debrief(self, journal: Sequence[Record]) -> Path | None:
        """Keep the host's shared journal in this seat's runs folder (atomically), so the
        debrief's exports and ``gameday report`` work here too; None when it cannot be
        written (``journal_saved`` says why)."""
        self.remote.replace_with(journal)
        try:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            save_journal(journal, self.journal_path)
        except OSError as exc:
            self.journal_saved = f"the shared journal could not be kept: {exc}"
            return None
        self.journal_saved = str(self.journal_path)
        return self.journal_path

    def shutdown(self) -> None:
        """Stop listening to the records (leaving the host is the seat window's job)."""
        self.bridge.close()
