"""A small stand-in for :class:`simulator.engine.Exercise` with the same API, for view tests
that should not depend on the engine's behaviour (timed injects, samples, accepted actions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.actions import Action
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.model import Inject
from simulator.state import IncidentState


@dataclass(frozen=True)
class FakePending:
    """Same fields as ``simulator.engine.PendingInject``."""

    inject: Inject
    due: float | None
    status: str


class FakeExercise:
    """Timed injects fire at ``at``; a ``sample`` every 60 s; every action is accepted, except
    those whose actor is ``"nobody"`` (rejected, to test how views show a reason)."""

    def __init__(
        self,
        bundle: Bundle,
        seed: int = 1,
        seat: Any = None,
        journal_path: Path | None = None,
        wall_clock: Any = None,
    ) -> None:
        self.bundle = bundle
        self.seat = seat
        self._now = 0.0
        self._records: list[Record] = []
        self._state = IncidentState()
        self._subscribers: list[Callable[[Record], None]] = []
        self._status = {i.id: "pending" for i in bundle.scenario.injects}
        self._due = {i.id: i.at for i in bundle.scenario.injects}
        self._next_sample = 60.0
        self._ended = False
        self._emit("header", "engine", {"seed": seed})

    @property
    def now(self) -> float:
        return self._now

    @property
    def finished(self) -> bool:
        return self._ended

    @property
    def records(self) -> Sequence[Record]:
        return tuple(self._records)

    @property
    def state(self) -> IncidentState:
        return self._state

    def subscribe(self, callback: Callable[[Record], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def _emit(self, kind: str, actor: str, payload: dict[str, Any]) -> Record:
        record = Record(len(self._records), self._now, kind, actor, payload)
        self._records.append(record)
        self._state.apply(record)
        for callback in list(self._subscribers):
            callback(record)
        return record

    def available_actions(self, actor: str) -> list[str]:
        return ["say"]

    def act(self, action: Action) -> Record:
        if action.actor == "nobody":
            return self._emit(
                "rejected",
                action.actor,
                {"action": action.to_payload(), "reason": "nobody may act"},
            )
        payload = action.to_payload()
        if payload["action"] in ("fire_inject", "skip_inject"):
            inject_id = payload["inject_id"]
            self._status[inject_id] = "skipped" if payload["action"] == "skip_inject" else "fired"
            record = self._emit("action", action.actor, payload)
            if payload["action"] == "fire_inject":
                self._fire(inject_id)
            return record
        if payload["action"] == "delay_inject":
            due = self._due.get(payload["inject_id"])
            if due is not None:
                self._due[payload["inject_id"]] = due + payload["by"]
        record = self._emit("action", action.actor, payload)
        if payload["action"] == "mark_resolved":
            self.stop("resolved")
        return record

    def _fire(self, inject_id: str) -> None:
        inject = next(i for i in self.bundle.scenario.injects if i.id == inject_id)
        self._emit(
            "inject",
            inject.sender,
            {
                "inject_id": inject.id,
                "kind": inject.kind.value,
                "sender": inject.sender,
                "channel": inject.channel.value,
                "text": inject.text,
            },
        )

    def next_event_time(self) -> float | None:
        times = [d for i, d in self._due.items() if d is not None and self._status[i] == "pending"]
        return min([*times, self._next_sample]) if not self._ended else None

    def advance(self, seconds: float) -> None:
        end = self._now + seconds
        while not self._ended:
            t = self.next_event_time()
            if t is None or t > end:
                break
            self._now = t
            self._step()
        if not self._ended:
            self._now = end
        if self._now >= self.bundle.scenario.clock.time_limit and not self._ended:
            self.stop("time_limit")

    def _step(self) -> None:
        for inject_id, due in sorted(self._due.items(), key=lambda kv: kv[1] or 0):
            if due is not None and due <= self._now and self._status[inject_id] == "pending":
                self._status[inject_id] = "fired"
                self._fire(inject_id)
        if self._next_sample <= self._now:
            metrics = {
                f"{s.id}.{m.id}": m.baseline * (1 + self._now / 600)
                for s in self.bundle.scenario.services
                for m in s.metrics
            }
            self._emit("sample", "world", {"users": int(self._now), "metrics": metrics})
            self._next_sample += 60.0

    def run_until_next_event(self) -> None:
        t = self.next_event_time()
        if t is not None:
            self.advance(t - self._now)

    def pending_injects(self) -> list[FakePending]:
        return [
            FakePending(i, self._due[i.id], self._status[i.id])
            for i in self.bundle.scenario.injects
        ]

    def run_to_end(self) -> None:
        self.advance(self.bundle.scenario.clock.time_limit - self._now)

    def stop(self, reason: str = "stopped") -> None:
        if not self._ended:
            self._emit("end", "engine", {"reason": reason})
            self._ended = True

    def visible_metrics(self) -> dict[str, float]:
        return dict(self._state.metrics)


@dataclass(frozen=True)
class FakeSeat:
    """Same fields as ``simulator.engine.Seat``."""

    actor: str
    role: Any = None
    tabletop: bool = False


def fake_factory(bundle: Bundle, options: Any, journal_path: Path | None = None) -> FakeExercise:
    """Drop-in for ``gui.session.make_exercise``."""
    from gui.start_dialog import Mode

    primary = bundle.team.on_call.primary
    seat = None
    if options.mode is not Mode.WATCH:
        seat = FakeSeat(primary, tabletop=options.mode is Mode.TABLETOP)
    return FakeExercise(bundle, options.seed, seat, journal_path)
