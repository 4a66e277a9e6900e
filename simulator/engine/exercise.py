"""The exercise engine: one scenario run on a SimPy clock, written to the journal.

An :class:`Exercise` owns one ``simpy.Environment`` and one ``random.Random(seed)`` (the
global ``random`` is never touched). It moves the hidden world (:mod:`simulator.engine.world`),
fires alerts when metrics cross their thresholds, fires the MSEL injects at their time or
when their condition holds, pages people through the escalation policy
(:mod:`simulator.engine.paging`), and lets simulated responders (:mod:`simulator.agents.crew`) and a
human act through the one action vocabulary (:mod:`simulator.actions`). Every event becomes
a :class:`~simulator.journal.Record`; the incident state is folded from those records as they
are written, so what the engine validates against is exactly what the journal says.

Same bundle + seed + human actions at the same sim times => the same journal, byte for byte,
except the ``wall`` stamps (see :mod:`simulator.engine.replay`).

The GUI drives an exercise in slices: :meth:`Exercise.advance` (cheap for small steps),
:meth:`Exercise.run_until_next_event` ("jump to the next inject"), :meth:`Exercise.run_to_end`;
:meth:`Exercise.subscribe` delivers every new record synchronously, in order.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import partial as _partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import simpy

from simulator import __version__
from simulator.actions import (
    FACILITATOR,
    AcknowledgePage,
    Action,
    AdHocInject,
    ApplyMitigation,
    AssignTask,
    DeclareIncident,
    DelayInject,
    Escalate,
    FireInject,
    Join,
    MarkResolved,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    QueryTool,
    SkipInject,
)
from simulator.agents.calibration import ALERT_RENOTIFY, REPAGE_AFTER, UNKNOWN_MITIGATION_TAKES
from simulator.agents.crew import Crew
from simulator.bundle import Bundle
from simulator.engine import kernel, rules
from simulator.engine.announce import as_fired
from simulator.engine.kernel import StopSimulation, first_of
from simulator.engine.paging import Pager
from simulator.engine.world import Gauge, World, matching_clues, no_results_text
from simulator.engine.wrapup import WRAP_UP_TIME, missing_notices, wrap_up_message
from simulator.journal import JOURNAL_FORMAT, JournalWriteError, JournalWriter, Record
from simulator.model import (
    Channel,
    Effect,
    Inject,
    InjectKind,
    Mitigation,
    Role,
    Strategy,
    Team,
)
from simulator.phases import DETECTION_INJECTS
from simulator.state import IncidentState

#: Sim seconds between two ``sample`` records.
SAMPLE_EVERY = 60.0

#: Actor ids the engine writes records as.
WORLD = "world"
MONITORING = "monitoring"
PAGER = "pager"
CLOCK = "clock"
ENGINE = "engine"


@dataclass(frozen=True)
class Seat:
    """Who the human plays.

    ``actor`` is the person id the human acts as (usually the team's on-call primary); the
    engine never simulates this person. ``tabletop`` is a discussion-based exercise with no
    simulated responders at all: the facilitator records the group's decisions as actions of
    any person, and the clock only moves when advanced. ``player`` is the name of the human
    who took the seat in a hosted game day (the debrief says who held which seat).
    """

    actor: str
    role: Role | None = Role.INCIDENT_COMMANDER
    tabletop: bool = False
    player: str = ""


@dataclass(frozen=True)
class PendingInject:
    """One MSEL entry as the facilitator console shows it."""

    inject: Inject
    due: float | None  # sim time it will fire; None = conditional, not yet triggered
    status: str  # "pending" | "fired" | "skipped"


class _Slot:
    """The engine's bookkeeping for one inject."""

    __slots__ = ("due", "generation", "index", "inject", "status")

    def __init__(self, inject: Inject, index: int) -> None:
        self.inject = inject
        self.index = index
        self.status = "pending"
        self.generation = 0
        self.due: float | None = None


def _seats(seat: Seat | None, seats: Sequence[Seat], team: Team) -> tuple[Seat, ...]:
    """The human seats of a run: ``seats``, or ``seat`` alone; each a team member, once.

    Raises:
        ValueError: a seat's person is not in the team, is seated twice, or a tabletop seat
            comes with others (a tabletop has one screen).
    """
    chosen = tuple(seats) or ((seat,) if seat is not None else ())
    if seat is not None and seats and seats[0] != seat:
        raise ValueError("give either seat or seats (seats[0] is the seat)")
    seen: set[str] = set()
    for one in chosen:
        if team.person(one.actor) is None:
            known = ", ".join(p.id for p in team.people)
            raise ValueError(f"seat actor {one.actor!r} is not in team {team.id} ({known})")
        if one.actor in seen:
            raise ValueError(f"seat actor {one.actor!r} has two seats")
        seen.add(one.actor)
    if len(chosen) > 1 and any(one.tabletop for one in chosen):
        raise ValueError("a tabletop exercise has one seat (the group's screen)")
    return chosen


_WALL_SECOND: list[Any] = [-1, ""]


def _utc_wall() -> str:
    """The wall-clock stamp of a record: UTC, ISO 8601 to the millisecond.

    Formatting a datetime per record was the costliest part of writing one, so the text up
    to the second is cached and only the milliseconds are formatted.
    """
    now = time.time()
    second = int(now)
    if second != _WALL_SECOND[0]:
        _WALL_SECOND[0] = second
        _WALL_SECOND[1] = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{_WALL_SECOND[1]}.{int((now - second) * 1000):03d}+00:00"


#: Actions with an effect beyond the incident state (pages, the world, tools, timers, the MSEL).
_SIDE_EFFECTS = frozenset(
    {
        AcknowledgePage.name,
        ApplyMitigation.name,
        QueryTool.name,
        AssignTask.name,
        PagePerson.name,
        Escalate.name,
        FireInject.name,
        DelayInject.name,
        SkipInject.name,
        AdHocInject.name,
    }
)


_object_new = object.__new__


def _new_record(
    seq: int, t: float, kind: str, actor: str, payload: dict[str, Any], wall: str
) -> Record:
    """``Record(seq, t, kind, actor, payload, wall)`` without the frozen dataclass's
    per-field ``object.__setattr__`` (the same object; this runs once per journal line)."""
    record: Record = _object_new(Record)
    record.__dict__.update(seq=seq, t=t, kind=kind, actor=actor, payload=payload, wall=wall)
    return record


def _plain(value: Any) -> Any:
    """Enums as their values, tuples as lists: a JSON-ready payload."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}
#: Payload values written as they are (exact types: a str-valued enum is not one of them).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _action_payload(action: Action) -> dict[str, Any]:
    """``action.to_payload()`` with enums as values (field names cached per class)."""
    cls = type(action)
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(action) if f.name != "actor")
        _FIELDS[cls] = names
    payload: dict[str, Any] = {"action": action.name}
    for name in names:
        value = getattr(action, name)
        if type(value) not in _SCALARS:
            if isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = _plain(value)
        payload[name] = value
    return payload


def _param_matches(value: Any, expected: str) -> bool:
    if isinstance(value, bool):
        return str(value).lower() == expected.strip().lower()
    if isinstance(value, Enum):
        value = value.value
    return str(value) == expected


class Exercise:
    """One run of a scenario with a team, a seed and optionally human seats.

    ``seat`` is the one human of a single-screen run; ``seats`` the humans of a game day with
    several people on their own screens (``seats[0]`` is then :attr:`seat`, the one the
    journal header's ``human`` field names, and the header lists them all under ``seats``).
    """

    def __init__(
        self,
        bundle: Bundle,
        seed: int = 1,
        seat: Seat | None = None,
        journal_path: Path | None = None,
        wall_clock: Callable[[], str] | None = None,
        seats: Sequence[Seat] = (),
    ) -> None:
        self.bundle = bundle
        self.seed = seed
        self.scenario = bundle.scenario
        self.team = bundle.team
        #: Every human seat, in order (empty when everyone is simulated).
        self.seats: tuple[Seat, ...] = _seats(seat, seats, self.team)
        self.seat = self.seats[0] if self.seats else None
        seat = self.seat
        self.env = simpy.Environment()
        self.rng = random.Random(seed)
        self.world = World(self.scenario)
        self.time_limit = self.scenario.clock.time_limit
        self.services = {s.id: s for s in self.scenario.services}
        self.people = {p.id: p for p in self.team.people}
        self.stakeholders = {s.id: s for s in self.team.stakeholders}
        self._records: list[Record] = []
        self._state = IncidentState()
        self._subscribers: list[Callable[[Record], None]] = []
        self._listeners: list[Callable[[Record], None]] = []
        self._wall = wall_clock or _utc_wall
        self._writer = JournalWriter(journal_path) if journal_path is not None else None
        self._finished = False
        self._task_count = 0
        self._adhoc_count = 0
        self._last_sample: tuple[float, dict[str, Any]] | None = None
        self._impact_ended = False
        self._zones: dict[str, Any] = {}
        start = self.scenario.clock.start
        #: The scenario's wall clock at sim time 0 (UTC when it names no zone).
        self._clock_start = start if start.tzinfo is not None else start.replace(tzinfo=UTC)
        #: People paged since their last acknowledgement.
        self.unacked_pages: set[str] = set()
        #: The world changed (a mitigation took effect or relapsed): monitors re-plan.
        self.world_changed: simpy.Event = self.env.event()
        #: Alerts firing now, by name, with the sim time they first fired.
        self.firing: dict[str, float] = {}
        self.pager = Pager(self.env, self.team.escalation, self._page)
        self.slots = {inj.id: _Slot(inj, i) for i, inj in enumerate(self.scenario.injects)}
        #: Conditional injects by the action name they wait for.
        self._waiting: dict[str, list[_Slot]] = {}
        for slot in self.slots.values():
            when = slot.inject.when
            wanted = when and (when.after_action or when.unless_action)
            if wanted:
                self._waiting.setdefault(wanted, []).append(slot)
        self._emit("header", ENGINE, self._header())
        self._schedule_world()
        self._schedule_injects()
        kernel.urgent_at(self.env, self.time_limit, lambda _e: self._time_up())
        #: Simulated people (every team member except the seat; nobody in a tabletop).
        self.simulated: frozenset[str] = frozenset()
        #: A fresh pending SimPy event (the agents' port: a role process waits on it).
        self.event: Callable[[], simpy.Event] = self.env.event
        #: What a process yields to let ``delay`` (>= 0) sim seconds pass (the agents' port).
        self.pause: Callable[[float], simpy.Event] = _partial(kernel.pause, self.env)
        self.crew: Crew | None = None
        #: Human seats the simulator plays while their player is away (a dropped seat).
        self.stand_ins: set[str] = set()
        #: Human seats handed back after a stand-in: the stand-in's late acts are dropped.
        self._handed_back: set[str] = set()
        if seat is None or not seat.tabletop:
            humans = {s.actor for s in self.seats}
            self.simulated = frozenset(p.id for p in self.team.people if p.id not in humans)
            commanding = [s for s in self.seats if s.role is Role.INCIDENT_COMMANDER]
            lead = commanding[0] if commanding else seat
            self.crew = Crew(
                self,
                self.simulated,
                human=lead.actor if lead is not None else None,
                human_commands=bool(commanding),
            )
            self._listeners.append(self.crew.on_record)

    # ------------------------------------------------------------------ public API

    @property
    def now(self) -> float:
        """Sim seconds since scenario start."""
        return kernel.now(self.env)

    @property
    def finished(self) -> bool:
        """True once the wrap-up after resolving is over, at the time limit, or stopped."""
        return self._finished

    @property
    def records(self) -> Sequence[Record]:
        """Every record written so far, header first (do not mutate)."""
        return self._records

    @property
    def journal_writer(self) -> JournalWriter | None:
        """The writer of ``journal_path`` (None without one). A failed write does not stop
        the run: check its ``error`` / ``error_message()`` after running."""
        return self._writer

    @property
    def state(self) -> IncidentState:
        """The incident state folded from :attr:`records` (do not mutate)."""
        return self._state

    def subscribe(self, callback: Callable[[Record], None]) -> Callable[[], None]:
        """Call ``callback`` with every new record, synchronously and in order.

        Returns:
            A function that unsubscribes.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def available_actions(self, actor: str) -> list[str]:
        """The action names ``actor`` may take now (each may still be rejected for its
        arguments, e.g. an unknown service)."""
        return rules.available(self, actor)

    def act(self, action: Action) -> Record:
        """Validate ``action`` against the state and apply it at the current sim time.

        From outside (the GUI, a script) only the seat's actor and the facilitator act; in a
        tabletop the facilitator records decisions as any person.

        Returns:
            The ``action`` record, or a ``rejected`` record whose payload says why; a
            rejected action changes nothing. Two rejections are returned but not journaled
            because they are not part of the exercise: acting after the end, and acting as
            someone the human does not play.
        """
        return self._act(action, external=True)

    def _join_for_the_room(self, action: Action) -> None:
        """Tabletop: a decision recorded as a person means that person is in the incident, so
        they join first (journaled) instead of being refused for not having joined."""
        seat = self.seat
        actor = action.actor
        if (
            seat is not None
            and seat.tabletop
            and actor in self.people
            and not isinstance(action, AcknowledgePage | Join)
            and not self._state.in_incident(actor)
        ):
            join = Join(actor=actor)
            self._after_action(join, self._emit("action", actor, _action_payload(join)))

    def _outsider(self, actor: str) -> str | None:
        """Why the human may not act as ``actor`` (None when they may)."""
        seat = self.seat
        if actor == FACILITATOR or (seat is not None and seat.tabletop):
            return None
        if any(actor == s.actor for s in self.seats):
            return None
        if seat is None:
            return f"everyone is simulated in this run; {actor} cannot be played"
        if len(self.seats) > 1:
            humans = ", ".join(s.actor for s in self.seats)
            return f"people play {humans}; {actor} is played by the simulator"
        return f"you play {seat.actor}; {actor} is played by the simulator"

    def _act(self, action: Action, external: bool) -> Record:
        payload = _action_payload(action)
        refusal = "the exercise has ended" if self._finished else None
        if refusal is None and external:
            refusal = self._outsider(action.actor)
            if refusal is None and action.actor in self.stand_ins:
                refusal = f"the simulator plays {action.actor} until their seat is taken back"
        if refusal is None and not external and self._late_stand_in(action.actor):
            refusal = f"{action.actor} is played by their human again"
        if refusal is not None:
            return Record(
                len(self._records),
                self.now,
                "rejected",
                action.actor,
                {"action": payload, "reason": refusal},
                self._wall(),
            )
        if external:
            self._join_for_the_room(action)
        reason = rules.reason(self, action)
        if reason is not None:
            return self._emit("rejected", action.actor, {"action": payload, "reason": reason})
        if isinstance(action, AssignTask):
            self._task_count += 1
            payload["task_id"] = f"T{self._task_count}"
        record = self._emit("action", action.actor, payload)
        self._after_action(action, record)
        return record

    def advance(self, seconds: float) -> None:
        """Run the clock ``seconds`` forward (stops at the time limit or the end)."""
        if self._finished or seconds <= 0:
            return
        self._run_to(min(round(self.now + seconds, 3), self.time_limit))

    def next_event_time(self) -> float | None:
        """Sim time of the next pending inject with a known time, or None."""
        dues = [s.due for s in self.slots.values() if s.status == "pending" and s.due is not None]
        return min(dues) if dues else None

    def run_until_next_event(self) -> None:
        """Jump to the next pending inject and fire it (to the end when none is pending)."""
        if self._finished:
            return
        due = self.next_event_time()
        if due is None or due >= self.time_limit:
            self.run_to_end()
            return
        self._run_to(due)
        fired = [s for s in self.slots.values() if s.status == "pending" and s.due == due]
        try:
            while (
                not self._finished
                and any(s.status == "pending" and s.due == due for s in fired)
                and self.env.peek() <= due + 1e-6
            ):
                self.env.step()
        except StopSimulation:
            pass
        self._settle(due)

    def pending_injects(self) -> list[PendingInject]:
        """The MSEL with each inject's due time and status, soonest first."""
        slots = sorted(
            self.slots.values(),
            key=lambda s: (s.due is None, s.due if s.due is not None else 0.0, s.index),
        )
        return [PendingInject(s.inject, s.due, s.status) for s in slots]

    def run_to_end(self) -> None:
        """Run until the end: the wrap-up after resolving is over, or the time limit."""
        if not self._finished:
            self._run_to(self.time_limit)

    def stop(self, reason: str = "stopped") -> None:
        """End the exercise now: writes the ``end`` record and closes the journal."""
        if not self._finished:
            self._end(reason)

    def visible_metrics(self) -> dict[str, float]:
        """The dashboard now: every metric as ``"service.metric": value``."""
        return self.world.metrics(self.now)

    # ------------------------------------------------------------------ the agents' port
    # (simulator.agents.port.ExercisePort: with now, state, bundle, rng, records, firing,
    # unacked_pages and message, and after, event and pause, which are bound without a
    # method in between because they run for every timer and step of every responder)

    def act_simulated(self, action: Action) -> Record:
        """Act as a simulated person: :meth:`act` without the check that the human plays
        the actor (the simulator plays them)."""
        return self._act(action, external=False)

    def start(self, process: Generator[simpy.Event, Any, None]) -> None:
        """Run a simulated person's ``process`` on this exercise's clock."""
        self.env.process(process)

    def local_hour(self, person_id: str, t: float | None = None) -> int:
        """The hour of day in ``person_id``'s time zone at sim time ``t`` (default now)."""
        moment = self._clock_start + timedelta(seconds=self.now if t is None else t)
        person = self.people.get(person_id)
        zone_name = person.timezone if person is not None else "UTC"
        zone = self._zones.get(zone_name)
        if zone is None:
            try:
                zone = ZoneInfo(zone_name)
            except (ZoneInfoNotFoundError, ValueError):
                zone = UTC
            self._zones[zone_name] = zone
        return moment.astimezone(zone).hour

    def on_record(self, listener: Callable[[Record], None]) -> None:
        """Register an engine-internal listener (called after subscribers)."""
        self._listeners.append(listener)

    # ------------------------------------------------------------------ dropped seats

    def simulate_seat(self, person: str) -> Record:
        """Let the simulator play the human seat of ``person`` while its player is away
        (the facilitator's choice when a seat drops): the crew creates their responder and
        the process of any role they hold, and a ``seat`` record says so.

        Raises:
            ValueError: ``person`` is no human seat of this run, is already simulated, the
                run is a tabletop (nobody is simulated) or has ended.
        """
        self._check_seat(person)
        if person in self.stand_ins:
            raise ValueError(f"the simulator already plays {person}")
        record = self._emit("seat", ENGINE, {"person": person, "by": "simulator"})
        self.stand_ins.add(person)
        self._handed_back.discard(person)
        assert self.crew is not None  # _check_seat: never a tabletop
        self.crew.take_over(person)
        return record

    def return_seat(self, person: str) -> Record:
        """Hand the seat of ``person`` back to its returning player: the stand-in's processes
        stop and anything it had planned is dropped, and a ``seat`` record says so.

        Raises:
            ValueError: the simulator does not play ``person`` or the run has ended.
        """
        self._check_seat(person)
        if person not in self.stand_ins:
            raise ValueError(f"the simulator does not play {person}")
        record = self._emit("seat", ENGINE, {"person": person, "by": "human"})
        self.stand_ins.discard(person)
        self._handed_back.add(person)
        assert self.crew is not None
        self.crew.hand_back(person)
        return record

    def _check_seat(self, person: str) -> None:
        if self._finished:
            raise ValueError("the exercise has ended")
        if self.crew is None:
            raise ValueError("a tabletop exercise simulates nobody")
        if all(s.actor != person for s in self.seats):
            raise ValueError(f"{person} is not a human seat of this exercise")

    def _late_stand_in(self, actor: str) -> bool:
        """True for an act the stand-in planned before its person's human came back."""
        return actor in self._handed_back

    # ------------------------------------------------------------------ running

    def _run_to(self, target: float) -> None:
        if target > self.env.now:
            self.env.run(until=target)
        self._settle(target)

    def _settle(self, target: float) -> None:
        """Pin the clock to ``target`` exactly (SimPy's ``now + (target - now)`` can be off
        by a rounding error), so every time a human can act at is on the millisecond grid
        the journal records and replay reproduces it exactly."""
        if not self._finished and abs(self.env.now - target) < 1e-6:
            kernel.set_now(self.env, target)

    def _emit(self, kind: str, actor: str, payload: dict[str, Any]) -> Record:
        # t is rounded as the journal writes it, so records in memory equal those read back
        records = self._records
        record = _new_record(
            len(records), round(kernel.now(self.env), 3), kind, actor, payload, self._wall()
        )
        records.append(record)
        self._state.apply(record)
        if self._writer is not None:
            self._writer.write(record)
        if self._subscribers:
            for callback in tuple(self._subscribers):
                callback(record)
        for listener in self._listeners:
            listener(record)
        return record

    def _end(self, reason: str) -> None:
        if self._finished:
            return
        self._emit("end", CLOCK if reason == "time_limit" else ENGINE, {"reason": reason})
        self._finished = True
        if self._writer is not None:
            self._writer.close()
        kernel.stop_soon(self.env)

    def _at(self, delay: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` after ``delay`` sim seconds unless the exercise finished."""
        # this runs for every timer of every responder: the kernel's bare event, not a Timeout
        kernel.call_later(self.env, delay, _partial(self._timer, callback))

    def _timer(self, callback: Callable[[], None], _event: simpy.Event) -> None:
        """A timer of :meth:`_at` went off: call back unless the exercise finished."""
        if not self._finished:
            callback()

    def _header(self) -> dict[str, Any]:
        b = self.bundle
        files = {
            "scenario": {"path": b.scenario_path, "sha256": b.hashes.get("scenario", "")},
            "team": {"path": b.team_path, "sha256": b.hashes.get("team", "")},
        }
        human = None
        if self.seat is not None:
            human = {
                "actor": self.seat.actor,
                "role": self.seat.role.value if self.seat.role else None,
                "tabletop": self.seat.tabletop,
            }
        header: dict[str, Any] = {
            "format": JOURNAL_FORMAT,
            "app_version": __version__,
            "scenario_id": self.scenario.id,
            "team_id": self.team.id,
            "files": files,
            "runbooks": {t: b.hashes.get(f"runbook:{t}", "") for t in sorted(b.runbooks)},
            "seed": self.seed,
            "human": human,
            "clock_start": self.scenario.clock.start.isoformat(),
            "time_limit": self.time_limit,
            "variant": b.variant,
        }
        if len(self.seats) > 1 or any(s.player for s in self.seats):
            # a hosted game day's seats; a single local seat's header stays as it always was
            header["seats"] = [
                {"actor": s.actor, "role": s.role.value if s.role else None, "player": s.player}
                for s in self.seats
            ]
        return header

    # ------------------------------------------------------------------ the world

    def _schedule_world(self) -> None:
        world = self.world
        if world.impact_start < self.time_limit:
            self._at(world.impact_start, self._impact_start)
        for t in world.breakpoints:
            if world.impact_start < t < self.time_limit:
                self._at(t, self._shape_change)
        self._at(0.0, self._tick)
        for gauge in world.gauges:
            m = gauge.metric
            if m.alert and m.alert_threshold is not None and gauge.curve is not None:
                self.env.process(self._monitor(gauge))

    def _tick(self) -> None:
        self._sample()
        self._at(SAMPLE_EVERY, self._tick)

    def _impact_start(self) -> None:
        self._emit("impact_start", WORLD, {"users": self.world.users(self.now)})
        self._sample()
        self._check_impact_end()

    def _shape_change(self) -> None:
        self._sample()
        self._check_impact_end()

    def _sample(self) -> None:
        now = kernel.now(self.env)
        world = self.world
        payload = {"users": world.users(now), "metrics": world.metrics(now)}
        last = self._last_sample
        if last is not None and last[0] == now and last[1] == payload:
            return
        self._last_sample = (now, payload)
        self._emit("sample", WORLD, payload)

    def _check_impact_end(self) -> None:
        over = self.world.impact_over(self.now)
        if over and not self._impact_ended:
            self._impact_ended = True
            self._emit("impact_end", WORLD, {})
        elif not over and self._impact_ended and self.now >= self.world.impact_start:
            self._impact_ended = False

    def _world_changed(self) -> None:
        event, self.world_changed = self.world_changed, self.env.event()
        event.succeed()
        self._sample()
        self._check_impact_end()

    def _apply_mitigation(self, strategy: Strategy, target: str) -> None:
        declared = self.world.mitigation(strategy, target)
        mitigation = declared or Mitigation(
            strategy, target, Effect.NONE, UNKNOWN_MITIGATION_TAKES, note="not described"
        )

        def take_effect() -> None:
            before = self.world.users(self.now)
            handle = self.world.apply(mitigation)
            after = self.world.users(self.now)
            self._emit(
                "mitigation_effect",
                WORLD,
                {
                    "strategy": mitigation.strategy.value,
                    "target": target,
                    "effect": mitigation.effect.value,
                    "amount": mitigation.amount,
                    "users_before": before,
                    "users_after": after,
                },
            )
            self._world_changed()
            if mitigation.relapse_after is not None:
                self._at(mitigation.relapse_after, lambda: self._relapse(mitigation, handle))

        self._at(mitigation.takes, take_effect)

    def _relapse(self, mitigation: Mitigation, handle: int) -> None:
        self.world.relapse(handle)
        self._emit(
            "relapse", WORLD, {"strategy": mitigation.strategy.value, "target": mitigation.target}
        )
        self._world_changed()

    def _monitor(self, gauge: Gauge) -> Generator[simpy.Event, Any, None]:
        """Fire the gauge's alert after ``alert_for`` over threshold; re-notify while
        nobody acknowledged; stand down when the metric recovers."""
        env, world, metric = self.env, self.world, gauge.metric
        alert = metric.alert or ""
        while not self._finished:
            changed = self.world_changed
            start = world.next_change(gauge, self.now, True)
            if start is None:
                yield changed
                continue
            if start > self.now:
                yield first_of(env, env.timeout(start - self.now), changed)
                if changed.triggered:
                    continue
            # breaching now: it must hold for alert_for
            clear = world.next_change(gauge, self.now + 1e-6, False)
            fire_at = self.now + metric.alert_for
            if clear is not None and clear < fire_at:
                yield first_of(env, env.timeout(clear - self.now), changed)
                continue
            yield first_of(env, env.timeout(metric.alert_for), changed)
            if changed.triggered:
                continue
            first = self.now
            self.firing[alert] = first
            repeat = 0
            self._alert(gauge, repeat)
            renotify_at = self.now + ALERT_RENOTIFY
            while not self._finished:
                changed = self.world_changed
                clear = world.next_change(gauge, self.now + 1e-6, False)
                acked = self._alert_acknowledged(first)
                wait: float | None = None if acked else renotify_at - self.now
                if clear is not None:
                    wait = clear - self.now if wait is None else min(wait, clear - self.now)
                if wait is None:
                    yield changed
                else:
                    yield first_of(env, env.timeout(max(wait, 0.0)), changed)
                if not world.breaching(gauge, world.value(gauge, self.now + 1e-6)):
                    break
                if self.now >= renotify_at - 1e-9:
                    if not self._alert_acknowledged(first):
                        repeat += 1
                        self._alert(gauge, repeat)
                    renotify_at = self.now + ALERT_RENOTIFY
            self.firing.pop(alert, None)

    def _alert_acknowledged(self, since: float) -> bool:
        state = self._state
        return state.declared or any(t >= since for t in state.acknowledged.values())

    def _alert(self, gauge: Gauge, repeat: int) -> None:
        metric = gauge.metric
        alert = metric.alert or ""
        runbook = self.bundle.runbook_for(alert)
        self._emit(
            "alert",
            MONITORING,
            {
                "alert": alert,
                "service": gauge.service,
                "metric": metric.id,
                "value": round(self.world.value(gauge, self.now), 4),
                "threshold": metric.alert_threshold,
                "runbook": runbook.title if runbook is not None else None,
                "repeat": repeat,
            },
        )
        if not self.pager.active and not self._alert_acknowledged(self.firing.get(alert, 0.0)):
            self._trigger_pager(f"{alert} firing on {gauge.service}")

    def _trigger_pager(self, reason: str) -> None:
        seat = self.seat
        # A human playing another role still needs a simulated commander on duty.
        if (
            self.pager.trigger(reason)
            and seat is not None
            and all(s.role is not Role.INCIDENT_COMMANDER for s in self.seats)
            and self.crew is not None
        ):
            text = f"incident commander needed: {reason}"
            # after the policy's level-1 page (the pager process starts first)
            self._at(0.0, lambda: self._page_backup(text, ()))

    def _page_backup(self, text: str, tried: tuple[str, ...]) -> None:
        """Page a simulated IC-capable person; unanswered for ``REPAGE_AFTER``, the next."""
        backup = self.crew.backup_commander(exclude=tried) if self.crew is not None else None
        if backup is None:
            return
        self.pager.page_person(backup, text)

        def check() -> None:
            state = self._state
            if state.in_incident(backup) or state.commander in self.simulated:
                return
            self._page_backup(text, (*tried, backup))

        self._at(REPAGE_AFTER, check)

    # ------------------------------------------------------------------ injects

    def _schedule_injects(self) -> None:
        for slot in self.slots.values():
            inj = slot.inject
            if inj.at is not None:
                self._schedule_slot(slot, inj.at)
            elif inj.when is not None and inj.when.unless_action and inj.when.by is not None:
                self._schedule_slot(slot, inj.when.by)

    def _schedule_slot(self, slot: _Slot, due: float) -> None:
        due = round(due, 3)
        slot.due = due
        slot.generation += 1
        generation = slot.generation

        def fire() -> None:
            if slot.status == "pending" and slot.generation == generation:
                self._fire(slot)

        self._at(due - self.now, fire)

    def _reports_impact(self, inj: Inject) -> bool:
        """Does this inject detect the incident (and so page the on-call)?

        Alerts, customer reports, security findings and synthetic checks do. An internal
        report does only when it describes the impact: it comes at or after impact start
        and concerns a customer-facing service or expects an acknowledgement or a
        declaration. A hand-over note or a chat about something else is not a detection.
        """
        kind = inj.kind.value
        if kind not in DETECTION_INJECTS:
            return False
        if inj.kind is not InjectKind.INTERNAL_REPORT:
            return True
        if self.now < self.world.impact_start:
            return False
        service = self.services.get(inj.service or "")
        if service is not None and service.customer_facing:
            return True
        return inj.expected_action in (AcknowledgePage.name, DeclareIncident.name)

    def _fire(self, slot: _Slot) -> None:
        slot.status = "fired"
        inj = slot.inject
        detection = self._reports_impact(inj)
        text = inj.text
        if inj.alert and inj.kind is InjectKind.ALERT and inj.alert in self.firing:
            # the monitoring fired it already: one firing, one value (announce.py)
            text = as_fired(text, inj.alert, self.scenario, self._records, self.firing[inj.alert])
        self._emit(
            "inject",
            inj.sender,
            {
                "inject_id": inj.id,
                "kind": inj.kind.value,
                "sender": inj.sender,
                "channel": inj.channel.value,
                "text": text,
                "expected_action": inj.expected_action,
                "objective": inj.objective,
                "service": inj.service,
                "alert": inj.alert,
                "detection": detection,
            },
        )
        if inj.alert and inj.kind is InjectKind.ALERT:
            self.firing.setdefault(inj.alert, self.now)
        pages = inj.channel is Channel.PAGER or detection
        if pages and not self._alert_acknowledged(0.0):
            self._trigger_pager(f"{inj.alert or inj.kind.value}: {inj.sender}")

    def _conditions(self, record: Record) -> None:
        name = record.payload.get("action")
        for slot in self._waiting.get(str(name), ()):
            when = slot.inject.when
            if slot.status != "pending" or when is None:
                continue
            wanted = when.after_action or when.unless_action
            if wanted != name:
                continue
            if not all(_param_matches(record.payload.get(k), v) for k, v in when.params):
                continue
            if when.after_action:
                if slot.due is None:
                    self._schedule_slot(slot, self.now + when.delay)
            else:
                slot.status = "skipped"

    # ------------------------------------------------------------------ paging & actions

    def _page(self, person: str, level: int | None, attempt: int, reason: str) -> None:
        self.unacked_pages.add(person)
        self._emit(
            "page", PAGER, {"person": person, "level": level, "attempt": attempt, "reason": reason}
        )

    def _after_action(self, action: Action, record: Record) -> None:
        name = action.name
        if name in _SIDE_EFFECTS:  # most actions only change the incident state
            self._side_effect(action, record)
        if name in self._waiting:  # a conditional inject waits for this action
            self._conditions(record)
        if name == MarkResolved.name:
            self._wrap_up()
        elif self._state.resolved and name in (PostUpdate.name, PostStatusPage.name):
            self._check_wrap_up()

    # ------------------------------------------------------------------ wrap-up

    def _wrap_up(self) -> None:
        """Resolving opens the guide's wrap-up (see :mod:`simulator.engine.wrapup`): the run
        goes on until the resolution notices are posted or :data:`WRAP_UP_TIME` passed."""
        missing = missing_notices(self._state, self.scenario.truth.customer_visible)
        if not missing:
            self._end("resolved")
            return
        until = self._clock_start + timedelta(seconds=self.now + WRAP_UP_TIME)
        self.message(ENGINE, wrap_up_message(missing, until.strftime("%H:%M")))
        self._at(WRAP_UP_TIME, lambda: self._end("resolved"))

    def _check_wrap_up(self) -> None:
        """End the exercise once the last resolution notice is out."""
        if not missing_notices(self._state, self.scenario.truth.customer_visible):
            self._end("resolved")

    def _time_up(self) -> None:
        """The scenario's time limit: a wrap-up in progress ends as resolved."""
        self._end("resolved" if self._state.resolved else "time_limit")

    def _side_effect(self, action: Action, record: Record) -> None:
        """What an accepted action does beyond the incident state: pages, the world, tools,
        time-boxes; the facilitator's, to the MSEL."""
        if isinstance(action, AcknowledgePage):
            self.unacked_pages.discard(action.actor)
            self.pager.acknowledged(action.actor)
        elif isinstance(action, ApplyMitigation):
            self._apply_mitigation(action.strategy, action.target)
        elif isinstance(action, QueryTool):
            self._findings(action.actor, action.tool.value, action.query)
        elif isinstance(action, AssignTask):
            self._time_box(str(record.payload["task_id"]), action.timebox)
        elif isinstance(action, PagePerson):
            self.pager.page_person(action.person, action.reason or f"paged by {action.actor}")
        elif isinstance(action, Escalate):
            self.pager.escalate(action.level, action.reason or f"escalated by {action.actor}")
        else:
            self._steer(action)

    def _time_box(self, task_id: str, timebox: float) -> None:
        """Write ``task_due`` when the task's time-box runs out with the task still open."""

        def due() -> None:
            task = self._state.tasks.get(task_id)
            if task is not None and not task.done:
                self._emit("task_due", CLOCK, {"task_id": task_id, "person": task.person})

        self._at(timebox, due)

    def _steer(self, action: Action) -> None:
        """The facilitator's actions on the MSEL: fire, delay or skip an inject, or send an
        ad-hoc one."""
        if isinstance(action, FireInject):
            self._fire(self.slots[action.inject_id])
        elif isinstance(action, DelayInject):
            slot = self.slots[action.inject_id]
            self._schedule_slot(slot, (slot.due or self.now) + action.by)
        elif isinstance(action, SkipInject):
            self.slots[action.inject_id].status = "skipped"
        elif isinstance(action, AdHocInject):
            self._adhoc_count += 1
            self._emit(
                "message",
                action.sender or FACILITATOR,
                {"text": action.text, "channel": action.channel, "adhoc": self._adhoc_count},
            )

    def _findings(self, actor: str, tool: str, query: str) -> None:
        ready, _later = matching_clues(self.scenario, tool, query, self.now)
        if not ready:
            self._emit(
                "finding",
                actor,
                {
                    "tool": tool,
                    "query": query,
                    "text": no_results_text(tool, query),
                    "clue_id": None,
                    "relevant": False,
                    "misleading": False,
                    "summary": "",
                },
            )
            return
        for clue in ready:
            self._emit(
                "finding",
                actor,
                {
                    "tool": tool,
                    "query": query,
                    "text": clue.reveals,
                    "clue_id": clue.id,
                    "relevant": clue.relevant,
                    "misleading": clue.misleading,
                    "summary": clue.finding,
                },
            )

    def message(self, actor: str, text: str, channel: str = "chat", to: str = "") -> Record:
        """Write a ``message`` record (chat from a responder or stakeholder); a stand-in's
        late words after its person's human came back are dropped (returned, not journaled)."""
        payload: dict[str, Any] = {"text": text, "channel": channel}
        if self._late_stand_in(actor):
            return Record(len(self._records), self.now, "message", actor, payload, self._wall())
        if to:
            payload["to"] = to
        return self._emit("message", actor, payload)

    #: Call ``callback`` ``delay`` sim seconds from now unless the exercise finished (the
    #: agents' port: :meth:`_at` itself, with no call in between).
    after = _at


def run_headless(
    bundle: Bundle,
    seed: int = 1,
    journal_path: Path | None = None,
    wall_clock: Callable[[], str] | None = None,
) -> list[Record]:
    """Run ``bundle`` fully simulated to the end; returns every record (header first).

    Raises:
        JournalWriteError: ``journal_path`` could not be written in full (the run still
            finished in memory; the exception carries every record).
    """
    exercise = Exercise(bundle, seed=seed, journal_path=journal_path, wall_clock=wall_clock)
    exercise.run_to_end()
    records = list(exercise.records)
    writer = exercise.journal_writer
    if writer is not None and writer.error is not None:
        raise JournalWriteError(writer, records)
    return records
