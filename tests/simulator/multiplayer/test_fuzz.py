"""10,000 malformed messages thrown at the host (seeded): no crash, each one refused with a
reason and its connection closed, not one action applied, and the exercise goes on."""

from __future__ import annotations

import dataclasses
import enum
import json
import random
import typing
from collections.abc import Callable
from typing import Any

from scenarios import BUNDLED_DIR
from simulator.actions import ACTION_TYPES, FACILITATOR_ACTIONS
from simulator.engine import Exercise, Seat
from simulator.loading import load_bundle_or_raise
from simulator.model import Role
from simulator.multiplayer import PROTOCOL, Close, JoinCode, Room, SeatSpec, Send
from simulator.multiplayer.protocol import MAX_LINE

BUNDLE = load_bundle_or_raise(BUNDLED_DIR / "payments-bad-deploy.yaml")
CODE = "K7QX2M"
MESSAGES = 10_000


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode() + b"\n"


def hello(**changes: Any) -> dict[str, Any]:
    return {"type": "hello", "protocol": PROTOCOL, "code": CODE, "seat": "maria", "player": "A"}


JUNK_VALUES: list[Any] = [None, True, 0, -1, 1.5, "", "x" * 30, [], {}, [1, "a"], {"k": "v"}]


def random_bytes(rng: random.Random) -> tuple[bool, bytes]:
    return False, bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120))) + b"\n"


def not_an_object(rng: random.Random) -> tuple[bool, bytes]:
    return False, dumps(rng.choice([1, "hello", [hello()], None, 2.5, True]))


def bad_type(rng: random.Random) -> tuple[bool, bytes]:
    return False, dumps({"type": rng.choice(["helo", "ACTION", "", 7, None, "admin", "record"])})


def bad_hello(rng: random.Random) -> tuple[bool, bytes]:
    message = dict(hello())
    field = rng.choice(list(message))
    how = rng.randrange(4)
    if how == 0:
        del message[field]
    elif how == 1:
        message[field] = rng.choice([v for v in JUNK_VALUES if not isinstance(v, str)])
    elif how == 2:
        message[rng.choice(["admin", "actor", "n", "role"])] = rng.choice(JUNK_VALUES)
    else:
        message["code"] = "".join(rng.choice("ABCDEFGH23456789") for _ in range(6))
        message["code"] = message["code"] if message["code"] != CODE else "WRONG1"
    return False, dumps(message)


def bad_action(rng: random.Random) -> tuple[bool, bytes]:
    """A seated connection's bad action (sent after a valid hello)."""
    payload: dict[str, Any] = {"action": "declare_incident", "severity": "SEV-2"}
    n: Any = 1
    how = rng.randrange(8)
    if how == 0:
        n = rng.choice([0, -1, 2, 99, "1", 1.5, True, None])
    elif how == 1:
        payload = {"action": rng.choice(["declare", "hack", "", 3, None])}
    elif how == 2:
        payload["severity"] = rng.choice(["SEV-9", "", 2, None, [], "sev two"])
    elif how == 3:
        payload[rng.choice(["admin", "task_id", "sudo"])] = rng.choice(JUNK_VALUES)
    elif how == 4:
        payload["actor"] = rng.choice(["lena", "james", "facilitator", "", 5])
    elif how == 5:
        payload = {"action": rng.choice(sorted(FACILITATOR_ACTIONS))}
    elif how == 6:
        message = {"type": "action", "n": 1, "action": payload}
        return True, dumps({**message, "extra": rng.choice(JUNK_VALUES)})
    else:
        return True, dumps({"type": "action", "n": 1, "action": rng.choice(JUNK_VALUES[:9])})
    return True, dumps({"type": "action", "n": n, "action": payload})


def truncated(rng: random.Random) -> tuple[bool, bytes]:
    whole = dumps(hello())[:-1]
    return False, whole[: rng.randrange(1, len(whole) - 1)] + b"\n"


def oversized(rng: random.Random) -> tuple[bool, bytes]:
    return False, b'{"type": "hello", "player": "' + b"a" * (MAX_LINE + rng.randrange(100))


def too_deep(rng: random.Random) -> tuple[bool, bytes]:
    depth = rng.randrange(5_000, 30_000)
    return False, b"[" * depth + b"]" * depth + b"\n"


def second_hello(rng: random.Random) -> tuple[bool, bytes]:
    return True, dumps(hello())


KINDS: list[Callable[[random.Random], tuple[bool, bytes]]] = [
    random_bytes,
    not_an_object,
    bad_type,
    bad_hello,
    bad_action,
    truncated,
    oversized,
    too_deep,
    second_hello,
]


def test_ten_thousand_malformed_messages_crash_nothing_and_apply_nothing() -> None:
    rng = random.Random(17)
    room = Room(
        (SeatSpec("maria", "Maria Okafor", "incident_commander"), SeatSpec("lena", "Lena", None)),
        JoinCode(CODE),
        {},
    )
    room.connect(1, "10.0.0.1")
    room.receive(1, dumps({**hello(), "seat": "lena", "player": "Bob"}))
    exercise = Exercise(
        BUNDLE, seed=3, seats=(Seat("maria", Role.INCIDENT_COMMANDER), Seat("lena", None))
    )
    exercise.subscribe(room.record)
    room.start(exercise)
    exercise.advance(400)
    before = [r for r in exercise.records if r.kind in ("action", "rejected")]
    refused = 0
    for i in range(MESSAGES):
        conn = 1000 + i
        seated, data = rng.choice(KINDS)(rng)
        assert room.connect(conn, f"10.1.{i // 250}.{i % 250}") == []
        if seated:
            welcome = room.receive(conn, dumps(hello()))
            assert any(isinstance(o, Send) and b'"welcome"' in o.data for o in welcome)
        outs = room.receive(conn, data)
        reasons = [
            json.loads(line)["reason"]
            for o in outs
            if isinstance(o, Send) and o.conn == conn
            for line in o.data.splitlines()
            if json.loads(line)["type"] == "refused"
        ]
        assert len(reasons) == 1 and reasons[0], (data[:80], outs)
        assert any(isinstance(o, Close) and o.conn == conn for o in outs)
        refused += 1
        if i % 1000 == 0:
            exercise.advance(5)
    assert refused == MESSAGES
    after = [r for r in exercise.records if r.kind in ("action", "rejected")]
    assert after == before  # not one action applied (nor even journaled as rejected)
    assert not exercise.finished
    # the legitimate comms seat still plays
    ok = room.receive(1, dumps({"type": "action", "n": 1, "action": {"action": "join"}}))
    assert any(b'"result"' in o.data for o in ok if isinstance(o, Send))
    assert exercise.records[-1].kind == "action" and exercise.records[-1].actor == "lena"


def _value(rng: random.Random, hint: Any) -> Any:
    """A random value of the type ``hint`` names (odd ones included)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if args:
        hint = rng.choice(args)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return rng.choice(list(hint)).value
    if hint is bool:
        return rng.random() < 0.5
    if hint is int:
        return rng.choice([0, 1, 2, 3, -1, 99, 10**12])
    if hint is float:
        return rng.choice([0.0, -5.0, 1e18, 600.0, 1e-9])
    if typing.get_origin(hint) is tuple:
        return [rng.choice(["a", "", "x" * 50])]
    return rng.choice(["", "payments-api", "lena", "T1", "x" * 5000, "nobody", "\u0000", "SEV-2"])


def test_two_thousand_well_formed_odd_actions_are_judged_by_the_rules_never_crash() -> None:
    rng = random.Random(29)
    room = Room((SeatSpec("maria", "Maria Okafor", "incident_commander"),), JoinCode(CODE), {})
    room.connect(1, "10.0.0.1")
    room.receive(1, dumps(hello()))
    exercise = Exercise(BUNDLE, seed=3, seats=(Seat("maria", Role.INCIDENT_COMMANDER),))
    exercise.subscribe(room.record)
    room.start(exercise)
    exercise.advance(400)
    kinds = [c for c in ACTION_TYPES if c.name not in FACILITATOR_ACTIONS | {"mark_resolved"}]
    outcomes: set[str] = set()
    for n in range(1, 2001):
        cls = rng.choice(kinds)
        hints = typing.get_type_hints(cls)
        payload: dict[str, Any] = {"action": cls.name}
        for f in dataclasses.fields(cls):
            if f.name != "actor" and rng.random() < 0.8:
                payload[f.name] = _value(rng, hints[f.name])
        outs = room.receive(1, dumps({"type": "action", "n": n, "action": payload}))
        (result,) = [json.loads(o.data) for o in outs if isinstance(o, Send) and o.conn == 1]
        assert result["type"] == "result" and result["n"] == n
        outcomes.add(result["record"]["kind"])
    assert outcomes == {"action", "rejected"}
    assert not exercise.finished
