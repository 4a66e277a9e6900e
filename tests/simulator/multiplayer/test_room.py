"""The game-day room without a network: the handshake, who may act as whom, what each seat
is sent, and how every kind of bad message is refused (with the connection closed)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from simulator.model import Role, Severity
from simulator.multiplayer import PROTOCOL, Close, JoinCode, Room, SeatSpec, Send
from simulator.multiplayer.access import MAX_TRIES, new_join_code, normalise
from simulator.multiplayer.protocol import MAX_LINE, LineReader, ProtocolError, parse_client
from simulator.multiplayer.room import Out

BUNDLE = load_bundle_or_raise(BUNDLED_DIR / "payments-bad-deploy.yaml")
CODE = "K7QX2M"
SPECS = (
    SeatSpec("maria", "Maria Okafor", "incident_commander"),
    SeatSpec("lena", "Lena Fischer", "communications_lead"),
)


def line(**message: Any) -> bytes:
    return json.dumps(message).encode() + b"\n"


def hello(seat: str = "", player: str = "Alice", code: str = CODE) -> bytes:
    return line(type="hello", protocol=PROTOCOL, code=code, seat=seat, player=player)


def sent(outs: list[Out], conn: int) -> list[dict[str, Any]]:
    """The messages ``outs`` send to ``conn``."""
    messages = []
    for out in outs:
        if isinstance(out, Send) and out.conn == conn:
            messages += [json.loads(x) for x in out.data.splitlines()]
    return messages


def closed(outs: list[Out], conn: int) -> bool:
    return any(isinstance(o, Close) and o.conn == conn for o in outs)


class Game:
    """A room over a real engine, as the host runs it."""

    def __init__(self) -> None:
        self.room = Room(SPECS, JoinCode(CODE), {"scenario": {"id": "payments-bad-deploy"}})
        self.outs: list[Out] = []

    def start(self) -> Exercise:
        seats = tuple(
            Seat(s.spec.person, Role(s.spec.role or ""), player=s.player)
            for s in self.room.seats.values()
        )
        exercise = Exercise(BUNDLE, seed=3, seats=seats)
        exercise.subscribe(lambda r: self.outs.extend(self.room.record(r)))
        self.outs += self.room.start(exercise)
        return exercise

    def join(self, conn: int, seat: str, player: str, address: str = "10.0.0.2") -> list[Out]:
        self.room.connect(conn, address)
        return self.room.receive(conn, hello(seat, player))


def test_a_seat_joins_with_the_code_and_is_welcomed_with_the_roster() -> None:
    game = Game()
    outs = game.join(1, "lena", "Bob")
    welcome = sent(outs, 1)[0]
    assert welcome["type"] == "welcome" and welcome["protocol"] == PROTOCOL
    assert welcome["seat"] == {
        "person": "lena",
        "name": "Lena Fischer",
        "role": "communications_lead",
    }
    assert welcome["state"] == "lobby" and welcome["player"] == "Bob"
    assert sent(outs, 1)[-1]["seats"][1] == {
        "person": "lena",
        "name": "Lena Fischer",
        "role": "communications_lead",
        "player": "Bob",
        "connected": True,
        "simulated": False,
    }
    assert game.room.log == ["Bob joined as Lena Fischer"]
    assert not game.room.all_filled()
    game.join(2, "", "Alice")  # any free seat: Maria's
    assert game.room.players() == {"maria": "Alice", "lena": "Bob"}
    assert game.room.all_filled()


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (hello(code="WRONG1"), f"wrong join code ({MAX_TRIES - 1} tries left)"),
        (
            line(type="hello", protocol="gameday/seat@9", code=CODE, seat="", player="A"),
            "this host speaks gameday/seat@1, your app 'gameday/seat@9': "
            "use the same version of Game Day Simulator",
        ),
        (hello(player=""), "give your name, so the debrief can say who held the seat"),
        (
            hello(seat="james"),
            "there is no seat for 'james'; free seats: maria (Maria Okafor), lena (Lena Fischer)",
        ),
        (
            line(type="action", n=1, action={"action": "join"}),
            "the first message must be hello (with the join code)",
        ),
        (b"\xff\xfe\n", "a message is not UTF-8 text"),
        (b"{nope\n", "a message is not JSON at column 2; expected one object a line"),
        (b"[1, 2]\n", "a message is a list; expected a JSON object"),
        (
            line(type="shout"),
            "unknown message type 'shout'; a seat sends one of hello, action, bye",
        ),
        (
            line(type="hello", protocol=PROTOCOL, code=CODE, seat="", player=3),
            "hello: field 'player' must be text, not a whole number",
        ),
        (
            line(type="hello", protocol=PROTOCOL, code=CODE, seat="", player="A", admin=True),
            "hello: unknown field 'admin'; expected protocol, code, seat, player",
        ),
        (b"x" * (MAX_LINE + 10), f"a message is longer than {MAX_LINE} bytes"),
    ],
)
def test_a_bad_first_message_is_refused_with_its_reason_and_closed(
    message: bytes, reason: str
) -> None:
    game = Game()
    game.room.connect(7, "10.0.0.9")
    outs = game.room.receive(7, message)
    assert sent(outs, 7) == [{"type": "refused", "reason": reason}]
    assert closed(outs, 7)
    assert game.room.receive(7, hello()) == []  # a closed connection is not heard again


def test_an_address_is_locked_out_after_too_many_wrong_codes() -> None:
    game = Game()
    for n in range(MAX_TRIES):
        game.room.connect(n, "10.0.0.66")
        game.room.receive(n, hello(code=f"BAD{n:03d}"))
    game.room.connect(99, "10.0.0.66")
    outs = game.room.receive(99, hello())  # even the right code now
    assert sent(outs, 99)[0]["reason"] == "too many wrong join codes from your address"
    assert sent(game.join(100, "", "Alice", address="10.0.0.67"), 100)[0]["type"] == "welcome"


def test_a_taken_seat_is_refused_and_a_dropped_one_can_be_rejoined() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    outs = game.join(2, "maria", "Mallory")
    assert sent(outs, 2)[0]["reason"] == "Maria Okafor's seat is taken by Alice"
    game.start().advance(400)
    game.room.disconnect(1)
    assert game.room.roster()[0]["connected"] is False
    outs = game.join(3, "maria", "Alice")
    messages = sent(outs, 3)
    assert messages[0]["type"] == "welcome" and messages[0]["state"] == "running"
    assert [m["type"] for m in messages[1:]].count("record") >= 1
    assert game.room.log[-1] == "Alice rejoined as Maria Okafor"


def test_a_seat_acts_only_as_its_own_person_and_never_as_the_facilitator() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    game.join(2, "lena", "Bob")
    exercise = game.start()
    exercise.advance(360)
    ok = game.room.receive(1, line(type="action", n=1, action={"action": "acknowledge_page"}))
    result = sent(ok, 1)[-1]
    assert result["type"] == "result" and result["n"] == 1
    assert (result["record"]["kind"], result["record"]["actor"]) == ("action", "maria")
    before = len(exercise.records)
    outs = game.room.receive(
        2,
        line(
            type="action",
            n=1,
            action={"action": "declare_incident", "actor": "maria", "severity": "SEV-1"},
        ),
    )
    assert sent(outs, 2)[0]["reason"] == "you hold Lena Fischer's seat and cannot act as 'maria'"
    assert closed(outs, 2)
    outs = game.room.receive(1, line(type="action", n=2, action={"action": "reveal_truth"}))
    assert sent(outs, 1)[0]["reason"] == "only the facilitator can reveal truth"
    assert len(exercise.records) == before  # nothing journaled, the exercise goes on
    assert not exercise.finished


def test_actions_out_of_order_or_malformed_are_refused() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    game.start()
    outs = game.room.receive(1, line(type="action", n=5, action={"action": "join"}))
    assert sent(outs, 1)[0]["reason"] == "action 5 is out of order; expected 1"
    game.join(2, "maria", "Alice")
    outs = game.room.receive(
        2, line(type="action", n=1, action={"action": "declare_incident", "severity": "SEV-9"})
    )
    assert sent(outs, 2)[0]["reason"] == (
        "action 1: declare_incident.severity: 'SEV-9' is not one of SEV-1, SEV-2, SEV-3, SEV-4"
    )
    game.join(3, "maria", "Alice")
    outs = game.room.receive(3, hello("maria", "Alice"))
    assert sent(outs, 3)[0]["reason"] == "already joined: hello comes once"


def test_the_host_listens_only_while_the_lobby_is_open_or_the_exercise_runs() -> None:
    game = Game()
    assert game.room.listening
    game.join(1, "maria", "Alice")
    exercise = game.start()
    assert game.room.listening
    exercise.stop()
    assert not game.room.listening
    outs = game.room.connect(9, "10.0.0.3")
    assert sent(outs, 9) == [{"type": "refused", "reason": "the exercise is not open to join"}]


def test_pause_everyone_reaches_every_seat_with_a_notice() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    game.join(2, "lena", "Bob")
    game.start()
    outs = game.room.hold(True, 120.0)
    for conn in (1, 2):
        assert sent(outs, conn) == [
            {"type": "clock", "t": 120.0, "running": False, "held": True},
            {
                "type": "notice",
                "text": "Paused by the facilitator for everyone. Only the facilitator can resume.",
            },
        ]


def test_join_codes_are_random_readable_and_compared_whatever_the_case() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and not set(c) & set("01OIL") for c in codes)
    assert JoinCode("K7QX2M").matches("k7q-x2m") and not JoinCode("K7QX2M").matches("K7QX2N")
    assert normalise(" k7 qx2m ") == "K7QX2M"


def test_lines_are_cut_at_newlines_and_a_runaway_line_is_refused() -> None:
    reader = LineReader(limit=10)
    assert reader.feed(b'{"a"') == []
    assert reader.feed(b':1}\n{"b":2}\nxx') == [b'{"a":1}', b'{"b":2}']
    with pytest.raises(ProtocolError, match=r"^a message is longer than 10 bytes$"):
        reader.feed(b"y" * 20)
    with pytest.raises(ProtocolError, match=r"^bye: unknown field 'x'; bye has no fields$"):
        parse_client(b'{"type": "bye", "x": 1}')


def test_a_lobby_action_is_answered_not_journaled() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    outs = game.room.receive(1, line(type="action", n=1, action={"action": "join"}))
    record = Record.from_json(json.dumps(sent(outs, 1)[0]["record"]))
    assert (record.kind, record.payload["reason"]) == (
        "rejected",
        "the exercise has not started yet",
    )


def test_the_ic_seat_sees_its_own_actions_and_the_comms_seat_sees_them_too() -> None:
    game = Game()
    game.join(1, "maria", "Alice")
    game.join(2, "lena", "Bob")
    exercise = game.start()
    exercise.advance(360)
    game.outs.clear()
    exercise.act(A.AcknowledgePage(actor="maria"))
    exercise.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2))
    for conn in (1, 2):
        actions = [m["record"]["payload"]["action"] for m in sent(game.outs, conn)]
        assert actions == ["acknowledge_page", "declare_incident"]
