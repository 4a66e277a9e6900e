"""10,000 malformed messages thrown at the host (seeded): no crash, each one refused with a
reason and its connection closed, not one action applied, and the exercise goes on."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from scenarios import BUNDLED_DIR
from simulator.actions import FACILITATOR_ACTIONS
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
