"""The host's side of a game day: seats, connections, and what each one is sent.

A :class:`Room` knows nothing of sockets: the transport (``gui/network/host.py``) hands it
each connection's bytes (:meth:`Room.receive`) and does what it returns, a list of
:class:`Send` (these bytes to that connection) and :class:`Close` (close it, for this reason).
The room keeps the rules:

* a connection first says ``hello`` with the join code (constant-time compare, at most
  :data:`~simulator.multiplayer.access.MAX_TRIES` wrong codes per address) and takes a free
  seat, or rejoins its seat after a drop, while the lobby is open or the exercise runs;
* a seated connection sends only numbered ``action`` messages, each acted as its own person
  (never someone else, never a facilitator action); the engine validates the action like any
  other and journals it;
* anything else (malformed, oversized, out of order, a second hello) is refused with a
  ``refused`` message that says why, and the connection is closed. Nothing a seat sends can
  raise out of :meth:`Room.receive`;
* every journal record reaches each seat through :func:`~simulator.multiplayer.visibility.
  seat_record`, and a seat that (re)joins a running exercise is first sent everything it may
  see of the journal so far.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from simulator.actions import FACILITATOR_ACTIONS, Action, action_from_payload
from simulator.journal import Record
from simulator.multiplayer.access import JoinCode, TryLimiter
from simulator.multiplayer.protocol import (
    PROTOCOL,
    ActionRequest,
    Bye,
    Hello,
    LineReader,
    ProtocolError,
    encode,
    parse_client,
)
from simulator.multiplayer.visibility import seat_record, wire


def _fits(value: Any, hint: Any) -> bool:
    """Does ``value`` have the type ``hint`` names (str, bool, int, float, an enum, a tuple,
    or a union of them)?"""
    if hint is Any:
        return True
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if hint is type(None):
        return value is None
    if origin is tuple:
        return isinstance(value, tuple)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


def ill_typed(action: Action) -> str:
    """What is wrong with the types of ``action``'s fields ("" when nothing): the journal's
    reader lets ``null`` through for any field, a seat may not."""
    hints = typing.get_type_hints(type(action))
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        if not _fits(value, hints.get(f.name, Any)):
            return f"{action.name}: field {f.name!r} has the wrong type ({type(value).__name__})"
    return ""


#: What every seat reads when the facilitator pauses everyone, and resumes.
HELD_NOTICE = "Paused by the facilitator for everyone. Only the facilitator can resume."
RESUMED_NOTICE = "The facilitator resumed the exercise."


class Engine(Protocol):
    """What the room needs of the running exercise (:class:`simulator.engine.Exercise`)."""

    @property
    def records(self) -> Sequence[Record]:
        """Every journal record so far."""

    def act(self, action: Action) -> Record:
        """Validate and apply an action; its ``action`` or ``rejected`` record."""


@dataclass(frozen=True)
class SeatSpec:
    """A person of the team that a human plays."""

    person: str  # person id
    name: str  # the person's name, as people read it
    role: str | None = None  # the role they start in (a Role value), if any


@dataclass(frozen=True)
class Send:
    """Send ``data`` (one or more protocol lines) to connection ``conn``."""

    conn: int
    data: bytes


@dataclass(frozen=True)
class Close:
    """Close connection ``conn`` (after the sends before it); ``reason`` is for the host's log."""

    conn: int
    reason: str


Out = Send | Close


class Phase(Enum):
    """Where the game day is."""

    LOBBY = "lobby"
    RUNNING = "running"
    ENDED = "ended"
    CLOSED = "closed"


@dataclass
class SeatState:
    """One seat: who holds it now (``conn`` None while nobody is connected)."""

    spec: SeatSpec
    player: str = ""
    conn: int | None = None
    joined: bool = False  # somebody has held it at some point
    simulated: bool = False  # the simulator plays the person while the player is away

    def roster_entry(self) -> dict[str, Any]:
        """The seat as the ``roster`` message lists it."""
        return {
            "person": self.spec.person,
            "name": self.spec.name,
            "role": self.spec.role,
            "player": self.player,
            "connected": self.conn is not None,
            "simulated": self.simulated,
        }


@dataclass
class _Connection:
    address: str
    reader: LineReader = field(default_factory=LineReader)
    person: str | None = None
    last_n: int = 0


class Room:
    """The seats and connections of one hosted exercise.

    Args:
        seats: the people humans play, in order.
        code: the exercise's join code.
        about: what a ``welcome`` tells about the exercise (scenario, team, clock...).
    """

    def __init__(self, seats: Sequence[SeatSpec], code: JoinCode, about: Mapping[str, Any]) -> None:
        self.seats = {s.person: SeatState(s) for s in seats}
        self.code = code
        self.about = dict(about)
        self.limiter = TryLimiter()
        self.phase = Phase.LOBBY
        self.engine: Engine | None = None
        #: The facilitator paused everyone: only the facilitator resumes.
        self.held = False
        #: What happened at the door, for the host's log ("refused 10.0.0.7: wrong join code").
        self.log: list[str] = []
        #: Called after the roster changed (a seat joined or dropped).
        self.on_change: list[Callable[[], None]] = []
        self._conns: dict[int, _Connection] = {}
        self._clock: dict[str, Any] = {"type": "clock", "t": 0.0, "running": False, "held": False}

    # ------------------------------------------------------------------ the host's calls

    @property
    def listening(self) -> bool:
        """True while the lobby is open or the exercise runs (the only times to listen)."""
        return self.phase in (Phase.LOBBY, Phase.RUNNING)

    def all_filled(self) -> bool:
        """True when every seat is held by a connected player."""
        return all(s.conn is not None for s in self.seats.values())

    def roster(self) -> list[dict[str, Any]]:
        """Every seat with its player and whether they are connected."""
        return [s.roster_entry() for s in self.seats.values()]

    def players(self) -> dict[str, str]:
        """The player's name by person id, for the seats somebody took."""
        return {p: s.player for p, s in self.seats.items() if s.player}

    def connect(self, conn: int, address: str) -> list[Out]:
        """A new connection from ``address``."""
        if not self.listening:
            return [*self._refuse_new(conn, "the exercise is not open to join")]
        self._conns[conn] = _Connection(address)
        return []

    def disconnect(self, conn: int) -> list[Out]:
        """Connection ``conn`` is gone (the peer closed it, or the network cut it)."""
        connection = self._conns.pop(conn, None)
        if connection is None or connection.person is None:
            return []
        seat = self.seats[connection.person]
        if seat.conn != conn:
            return []
        seat.conn = None
        self.log.append(f"{seat.player} ({seat.spec.name}) left")
        self._changed()
        return [
            *self._roster_out(),
            *self._broadcast(
                {"type": "notice", "text": f"{seat.spec.name} ({seat.player}) is disconnected."}
            ),
        ]

    def simulated(self, person: str, on: bool) -> list[Out]:
        """The simulator plays ``person`` while their player is away (``on``), or handed
        the seat back: the roster says so to everyone."""
        seat = self.seats[person]
        if seat.simulated == on:
            return []
        seat.simulated = on
        if on:
            self.log.append(f"The simulator plays {seat.spec.name} while {seat.player} is away")
        else:
            self.log.append(f"{seat.player} took {seat.spec.name} back from the simulator")
        self._changed()
        return self._roster_out()

    def drop_empty_seats(self) -> list[str]:
        """Remove the seats nobody has taken (their people are simulated from the start);
        returns their person ids."""
        empty = [p for p, s in self.seats.items() if not s.joined]
        for person in empty:
            del self.seats[person]
        if empty:
            self._changed()
        return empty

    def start(self, engine: Engine) -> list[Out]:
        """The exercise started on ``engine``: catch every seated player up."""
        self.engine = engine
        self.phase = Phase.RUNNING
        out: list[Out] = []
        for conn, connection in self._conns.items():
            if connection.person is not None:
                out += self._catch_up(conn, connection.person)
        return out

    def record(self, record: Record) -> list[Out]:
        """A journal record was written: send each seat what it may see of it."""
        if record.kind == "end":
            self.phase = Phase.ENDED
        out: list[Out] = []
        for conn, connection in self._conns.items():
            if connection.person is None:
                continue
            seen = seat_record(record, connection.person)
            if seen is not None:
                out.append(Send(conn, encode({"type": "record", "record": wire(seen)})))
        return out

    def clock(self, t: float, running: bool) -> list[Out]:
        """The host's clock: sim time ``t``, running or paused."""
        self._clock = {"type": "clock", "t": round(t, 3), "running": running, "held": self.held}
        return self._broadcast(self._clock)

    def hold(self, held: bool, t: float) -> list[Out]:
        """The facilitator paused (``held``) or resumed everyone."""
        self.held = held
        text = HELD_NOTICE if held else RESUMED_NOTICE
        self._clock = {**self._clock, "t": round(t, 3), "running": not held, "held": held}
        return [*self._broadcast(self._clock), *self._broadcast({"type": "notice", "text": text})]

    def notice(self, text: str) -> list[Out]:
        """Tell every seat something."""
        return self._broadcast({"type": "notice", "text": text})

    def debrief(self, journal: Sequence[Record]) -> list[Out]:
        """Share the whole journal with every seat (after the end: the seats' debriefs)."""
        lines = [r.to_json() for r in journal]
        return self._broadcast({"type": "debrief", "journal": lines})

    def close(self) -> list[Out]:
        """Close the room: every connection closes and nobody may join any more."""
        self.phase = Phase.CLOSED
        out: list[Out] = [Close(conn, "the host closed the exercise") for conn in self._conns]
        self._conns.clear()
        for seat in self.seats.values():
            seat.conn = None
        return out

    # ------------------------------------------------------------------ a connection's bytes

    def receive(self, conn: int, data: bytes) -> list[Out]:
        """Bytes from connection ``conn``; never raises for anything a seat sends."""
        connection = self._conns.get(conn)
        if connection is None:
            return []
        out: list[Out] = []
        try:
            for line in connection.reader.feed(data):
                out += self._line(conn, connection, parse_client(line))
                if conn not in self._conns:
                    break
        except ProtocolError as exc:
            out += self._refuse(conn, str(exc))
        return out

    def _line(self, conn: int, connection: _Connection, message: object) -> list[Out]:
        if connection.person is None:
            if not isinstance(message, Hello):
                return self._refuse(conn, "the first message must be hello (with the join code)")
            return self._hello(conn, connection, message)
        if isinstance(message, Hello):
            return self._refuse(conn, "already joined: hello comes once")
        if isinstance(message, Bye):
            return [*self.disconnect(conn), Close(conn, "left")]
        assert isinstance(message, ActionRequest)
        return self._action(conn, connection, message)

    def _hello(self, conn: int, connection: _Connection, hello: Hello) -> list[Out]:
        address = connection.address
        if hello.protocol != PROTOCOL:
            return self._refuse(
                conn,
                f"this host speaks {PROTOCOL}, your app {hello.protocol!r}: "
                "use the same version of Game Day Simulator",
            )
        if self.limiter.locked(address):
            return self._refuse(conn, "too many wrong join codes from your address")
        if not self.code.matches(hello.code):
            left = self.limiter.wrong(address)
            return self._refuse(
                conn, f"wrong join code ({left} {'try' if left == 1 else 'tries'} left)"
            )
        if not hello.player:
            return self._refuse(conn, "give your name, so the debrief can say who held the seat")
        seat, why = self._seat_for(hello.seat)
        if seat is None:
            return self._refuse(conn, why)
        rejoin = seat.joined
        if rejoin and seat.player != hello.player:
            self.log.append(f"{hello.player} took over {seat.spec.name} from {seat.player}")
        seat.player, seat.conn, seat.joined = hello.player, conn, True
        connection.person = seat.spec.person
        self.log.append(f"{hello.player} {'rejoined' if rejoin else 'joined'} as {seat.spec.name}")
        self._changed()
        welcome = {
            **self.about,
            "type": "welcome",
            "protocol": PROTOCOL,
            "seat": {"person": seat.spec.person, "name": seat.spec.name, "role": seat.spec.role},
            "player": hello.player,
            "state": self.phase.value,
            "roster": self.roster(),
        }
        out: list[Out] = [Send(conn, encode(welcome))]
        if self.phase is not Phase.LOBBY:
            out += self._catch_up(conn, seat.spec.person)
        return [*out, *self._roster_out()]

    def _seat_for(self, person: str) -> tuple[SeatState | None, str]:
        free = [s for s in self.seats.values() if s.conn is None]
        if not person:
            fresh = [s for s in free if not s.joined]
            if free:
                return (fresh or free)[0], ""
            return None, "every seat is taken"
        seat = self.seats.get(person)
        if seat is None:
            names = ", ".join(f"{s.spec.person} ({s.spec.name})" for s in free) or "none"
            return None, f"there is no seat for {person!r}; free seats: {names}"
        if seat.conn is not None:
            return None, f"{seat.spec.name}'s seat is taken by {seat.player}"
        return seat, ""

    def _action(self, conn: int, connection: _Connection, request: ActionRequest) -> list[Out]:
        person = connection.person or ""
        expected = connection.last_n + 1
        if request.n != expected:
            return self._refuse(conn, f"action {request.n} is out of order; expected {expected}")
        connection.last_n = request.n
        payload = dict(request.payload)
        claimed = payload.pop("actor", person)
        if claimed != person:
            name = self.seats[person].spec.name
            return self._refuse(conn, f"you hold {name}'s seat and cannot act as {claimed!r}")
        wanted = payload.get("action")
        if wanted in FACILITATOR_ACTIONS:
            return self._refuse(conn, f"only the facilitator can {str(wanted).replace('_', ' ')}")
        try:
            action = action_from_payload(person, payload)
        except (ValueError, TypeError) as exc:
            return self._refuse(conn, f"action {request.n}: {exc}")
        wrong = ill_typed(action)
        if wrong:
            return self._refuse(conn, f"action {request.n}: {wrong}")
        if self.engine is None:
            record = Record(
                0,
                0.0,
                "rejected",
                person,
                {"action": payload, "reason": "the exercise has not started yet"},
            )
        else:
            record = self.engine.act(action)
        seen = seat_record(record, person) or record
        return [Send(conn, encode({"type": "result", "n": request.n, "record": wire(seen)}))]

    # ------------------------------------------------------------------ helpers

    def _catch_up(self, conn: int, person: str) -> list[Out]:
        lines = []
        if self.engine is not None:
            for record in self.engine.records:
                seen = seat_record(record, person)
                if seen is not None:
                    lines.append(encode({"type": "record", "record": wire(seen)}))
        lines.append(encode(self._clock))
        return [Send(conn, b"".join(lines))]

    def _broadcast(self, message: dict[str, Any]) -> list[Out]:
        data = encode(message)
        return [Send(c, data) for c, k in self._conns.items() if k.person is not None]

    def _roster_out(self) -> list[Out]:
        return self._broadcast({"type": "roster", "seats": self.roster()})

    def _changed(self) -> None:
        for callback in tuple(self.on_change):
            callback()

    def _refuse(self, conn: int, reason: str) -> list[Out]:
        connection = self._conns.get(conn)
        address = connection.address if connection is not None else "?"
        self.log.append(f"refused {address}: {reason}")
        out = self.disconnect(conn) if connection is not None else []
        self._conns.pop(conn, None)
        return [*self._refuse_new(conn, reason), *out]

    @staticmethod
    def _refuse_new(conn: int, reason: str) -> list[Out]:
        return [Send(conn, encode({"type": "refused", "reason": reason})), Close(conn, reason)]
