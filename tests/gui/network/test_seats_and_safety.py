"""A hosted game day, seat by seat: nothing leaks to a seat over a whole exercise; a seat
drops and rejoins, brought up to date; Pause everyone pauses every seat and only the
facilitator resumes; a wrong code, a seat acting as someone else and a stream of junk bytes
are each refused while the exercise goes on."""

from __future__ import annotations

import json
import socket
from typing import Any

from PySide6.QtCore import Qt

from gui.network.dialogs import JoinOptions, OnDrop
from gui.network.game_day import GameDay
from gui.network.remote import FACILITATOR_ONLY
from simulator import actions as A
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.model import Role, Severity, Tool
from simulator.multiplayer import PROTOCOL
from simulator.multiplayer.room import HELD_NOTICE
from tests.gui.network.conftest import SCENARIO, host_options
from tests.gui.network.test_game_day import WAIT, join

HIDDEN_FIELDS = {
    "users",
    "inject_id",
    "expected_action",
    "objective",
    "detection",
    "clue_id",
    "relevant",
    "misleading",
    "adhoc",
}


def hosted(app_windows: Any, qtbot: Any, **changes: Any) -> tuple[Any, int, str]:
    """A host window with its lobby open (IC + comms seats, started by hand)."""
    host = app_windows()
    assert host.library.select_path(SCENARIO)
    host.game_day = GameDay(host)
    assert host.game_day.open_lobby(SCENARIO, host_options(start_when_full=False, **changes))
    server = host.game_day.host_server
    return host, server.port, server.room.code.code


def start(host: Any, qtbot: Any) -> Any:
    qtbot.mouseClick(host.game_day.lobby.start, Qt.MouseButton.LeftButton)
    assert host.session is not None
    host.session.clock.pause()
    return host.session


def leaks(lines: list[bytes], journal: list[Record], bundle: Bundle, person: str) -> list[str]:
    """What a seat of ``person`` was sent that its person could not know."""
    text = b"\n".join(lines).decode("utf-8")
    problems = []
    truth = bundle.scenario.truth
    for secret in (truth.root_cause, *truth.contributing_factors):
        if secret and secret[:60] in text:
            problems.append(f"the truth: {secret[:40]}...")
    fired = {r.payload["inject_id"] for r in journal if r.kind == "inject"}
    for inject in bundle.scenario.injects:
        if inject.id not in fired and inject.text[:60] in text:
            problems.append(f"an upcoming inject: {inject.id}")
    for record in journal:
        action = record.action
        note = json.dumps(record.payload.get("text", "~"))[1:-1]
        if action == A.FacilitatorNote.name and note in text:
            problems.append(f"a facilitator's {action}: {record.payload}")
        if record.kind == "finding" and record.actor != person and record.payload["text"] in text:
            problems.append(f"{record.actor}'s finding: {record.payload['text'][:40]}")
    for line in lines:
        message = json.loads(line)
        if message["type"] in ("record", "result"):
            record = message["record"]
            if record["kind"] in ("header", "impact_start", "mitigation_effect", "relapse"):
                problems.append(f"a hidden record: {record['kind']}")
            if record["kind"] == "impact_end":
                problems.append("the impact's end")
            problems += [
                f"field {k!r} of {record['kind']}" for k in HIDDEN_FIELDS & set(record["payload"])
            ]
            if (record["payload"].get("action") or "") in A.FACILITATOR_ACTIONS:
                problems.append(f"a facilitator action: {record['payload']['action']}")
    return problems


def test_nothing_a_seat_is_sent_over_a_whole_exercise_leaks(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    ic_window, comms_window = app_windows(), app_windows()
    join(ic_window, qtbot, port, code, "Alice", "maria")
    lines: list[bytes] = []
    comms_window.game_day = GameDay(comms_window)
    client = comms_window.game_day.join_with(JoinOptions("127.0.0.1", port, code, "Bob", "lena"))
    client.lineReceived.connect(lines.append)
    qtbot.waitUntil(lambda: comms_window.game_day.page is not None, timeout=WAIT)
    session = start(host, qtbot)
    bridge = session.bridge
    bridge.act(A.FacilitatorNote(actor=A.FACILITATOR, text="Watch whether Maria delegates"))
    bridge.act(A.RevealTruth(actor=A.FACILITATOR))
    bridge.advance(400.0)
    ic = ic_window.game_day.seat_session
    qtbot.waitUntil(lambda: any(r.kind == "page" for r in ic.exercise.records), timeout=WAIT)
    ic_bridge = ic.bridge
    ic_bridge.act(A.AcknowledgePage(actor="maria"))
    ic_bridge.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2))
    found = ic_bridge.act(
        A.QueryTool(actor="maria", tool=Tool.DEPLOY_HISTORY, query="payments-api")
    )
    assert found.kind == "action"
    bridge.act(A.AdHocInject(actor=A.FACILITATOR, sender="CFO", channel="email", text="Any news?"))
    bridge.advance(3000.0)
    bridge.stop("stopped")
    qtbot.waitUntil(lambda: comms_window.game_day.seat_session.exercise.finished, timeout=WAIT)
    journal = list(session.exercise.records)
    assert any(r.kind == "finding" and r.actor == "maria" for r in journal)
    assert any(r.kind == "impact_start" for r in journal)
    kinds = {json.loads(x)["type"] for x in lines}
    assert {"welcome", "record", "clock", "roster"} <= kinds
    assert len([x for x in lines if b'"record"' in x]) > 50
    assert leaks(lines, journal, session.bundle, "lena") == []
    # the CFO's ad-hoc message is for everyone; it arrives (what a seat may know does)
    assert any(b"Any news?" in x for x in lines)
    assert "debrief" not in kinds  # the journal is shared only when the facilitator says so


def test_a_seat_drops_and_rejoins_up_to_date_while_everyone_waits(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    ic_window, comms_window = app_windows(), app_windows()
    ic_page = join(ic_window, qtbot, port, code, "Alice", "maria")
    join(comms_window, qtbot, port, code, "Bob", "lena")
    session = start(host, qtbot)
    session.clock.play()
    session.clock.pause()
    session.bridge.advance(400.0)
    comms = comms_window.game_day.seat_session
    qtbot.waitUntil(lambda: any(r.kind == "alert" for r in comms.exercise.records), timeout=WAIT)
    # the comms lead's app loses its connection (a network cut)
    session.clock.play()
    comms_window.game_day.client.drop()
    qtbot.waitUntil(lambda: not session.clock.running, timeout=WAIT)
    assert (
        host.game_day.dock.roster.statuses()[1] == "Lena Fischer | Bob | disconnected — can rejoin"
    )
    qtbot.waitUntil(lambda: "waiting for Lena Fischer (Bob)" in ic_page.notice.text(), timeout=WAIT)
    assert ic_page.notice.text() == (
        "Paused: waiting for Lena Fischer (Bob) to rejoin. Nothing is lost; the exercise goes "
        "on when they are back."
    )
    # meanwhile the incident moves on at the host: the IC declares
    ic = ic_window.game_day.seat_session
    ic.bridge.act(A.AcknowledgePage(actor="maria"))
    assert ic.bridge.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2)).kind == "action"
    # Bob rejoins the same seat: brought up to date from the journal, the clock runs again
    comms_window.game_day.rejoin()
    qtbot.waitUntil(
        lambda: (
            comms_window.game_day.seat_session is not comms
            and comms_window.game_day.seat_session is not None
            and comms_window.game_day.seat_session.exercise.state.declared
        ),
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: session.clock.running, timeout=WAIT)
    again = comms_window.game_day.seat_session
    host_view = [r.seq for r in session.exercise.records if r.kind in ("alert", "page", "action")]
    seat_view = [r.seq for r in again.exercise.records if r.kind in ("alert", "page", "action")]
    assert seat_view == host_view
    assert again.exercise.state.severity is Severity.SEV2
    assert host.game_day.dock.roster.statuses()[1] == "Lena Fischer | Bob | connected"
    # the host's journal is on disk line by line as it runs: killing the host loses nothing
    on_disk = session.journal_path.read_text(encoding="utf-8").splitlines()
    assert on_disk == [r.to_json() for r in session.exercise.records]
    assert "Bob rejoined as Lena Fischer" in host.game_day.host_server.room.log
    session.clock.pause()


def test_a_dropped_seat_is_played_by_the_simulator_until_the_player_rejoins(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    ic_window, comms_window = app_windows(), app_windows()
    ic_page = join(ic_window, qtbot, port, code, "Alice", "maria")
    join(comms_window, qtbot, port, code, "Bob", "lena")
    session = start(host, qtbot)
    session.bridge.advance(400.0)
    ic, comms = ic_window.game_day.seat_session, comms_window.game_day.seat_session
    qtbot.waitUntil(lambda: any(r.kind == "page" for r in ic.exercise.records), timeout=WAIT)
    ic.bridge.act(A.AcknowledgePage(actor="maria"))
    ic.bridge.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2))
    assert comms.bridge.act(A.Join(actor="lena")).kind == "action"
    named = A.AssignRole(actor="maria", person="lena", role=Role.COMMUNICATIONS_LEAD)
    assert ic.bridge.act(named).kind == "action"
    # the facilitator picks the third choice in the game-day dock, from the keyboard
    choice = host.game_day.dock.on_drop
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Down)
    qtbot.keyClick(choice, Qt.Key.Key_Down)
    assert choice.currentText() == "Let the simulator play them"
    assert host.game_day.dock.policy is OnDrop.SIMULATE
    # Bob's app is killed: the simulator takes Lena over, the exercise goes on
    comms_window.game_day.client.drop()
    qtbot.waitUntil(
        lambda: (
            host.game_day.dock.roster.statuses()[1]
            == "Lena Fischer | Bob | away — the simulator plays them"
        ),
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: "the simulator plays" in ic_page.notice.text(), timeout=WAIT)
    assert ic_page.notice.text() == (
        "Lena Fischer (Bob) dropped out; the simulator plays Lena Fischer until they rejoin."
    )
    journal = session.exercise.records
    handed = next(r for r in journal if r.kind == "seat")
    assert dict(handed.payload) == {"person": "lena", "by": "simulator"}
    session.bridge.advance(600.0)
    # while away, the simulated Lena does the comms lead's work: the IC's seat sees it
    away = [r.action for r in journal[handed.seq :] if r.actor == "lena"]
    assert "post_update" in away
    qtbot.waitUntil(
        lambda: any(r.action == "post_update" and r.actor == "lena" for r in ic.exercise.records),
        timeout=WAIT,
    )
    assert any(r.kind == "seat" for r in ic.exercise.records)
    log = host.game_day.host_server.room.log
    assert "The simulator plays Lena Fischer while Bob is away" in log
    # Bob rejoins: he plays Lena again and the stand-in stops
    comms_window.game_day.rejoin()
    qtbot.waitUntil(
        lambda: host.game_day.dock.roster.statuses()[1] == "Lena Fischer | Bob | connected",
        timeout=WAIT,
    )
    back = journal[-1]
    assert (back.kind, dict(back.payload)) == ("seat", {"person": "lena", "by": "human"})
    assert "Bob took Lena Fischer back from the simulator" in log
    session.bridge.advance(1800.0)
    assert [r for r in journal[back.seq :] if r.actor == "lena"] == []
    qtbot.waitUntil(lambda: comms_window.game_day.seat_session not in (None, comms), timeout=WAIT)
    again = comms_window.game_day.seat_session
    said = again.bridge.act(A.Say(actor="lena", text="Back; I'll take the next update"))
    assert said.kind == "action"
    assert journal[-1].actor == "lena" and journal[-1].action == "say"


def test_pause_everyone_pauses_every_seat_and_only_the_facilitator_resumes(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    ic_window, comms_window = app_windows(), app_windows()
    ic_page = join(ic_window, qtbot, port, code, "Alice", "maria")
    comms_page = join(comms_window, qtbot, port, code, "Bob", "lena")
    session = start(host, qtbot)
    session.clock.play()
    ic = ic_window.game_day.seat_session
    comms = comms_window.game_day.seat_session
    qtbot.waitUntil(lambda: ic.clock.running and comms.clock.running, timeout=WAIT)
    console = host.facilitator
    qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert console.pause.text() == "Resume everyone" and not session.clock.running
    paused = HELD_NOTICE
    for page, seat in ((ic_page, ic), (comms_page, comms)):
        qtbot.waitUntil(lambda p=page: p.notice.text() == paused, timeout=WAIT)
        assert page.notice.isVisible() and seat.clock.held and not seat.clock.running
        assert page.view.header.play.text() == "Play"
    # Space on a seat does not resume: it says who can
    view = ic_page.view
    ic_window.activateWindow()
    qtbot.waitUntil(ic_window.isActiveWindow, timeout=WAIT)
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_Space)
    assert ic_page.notice.text() == FACILITATOR_ONLY
    # nor does Space, or Play, on the host's own screen
    host.exercise_view.shortcut_actions["pause"].trigger()
    qtbot.mouseClick(host.exercise_view.header.play, Qt.MouseButton.LeftButton)
    assert not session.clock.running and session.clock.held
    assert host.statusBar().currentMessage().startswith("Paused by the facilitator")
    # the facilitator resumes everyone
    qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert session.clock.running and console.pause.text() == "Pause everyone"
    qtbot.waitUntil(lambda: ic.clock.running and comms.clock.running, timeout=WAIT)
    assert comms_page.notice.text() == "The facilitator resumed the exercise."
    notes = [r.payload["text"] for r in session.exercise.records if r.action == "facilitator_note"]
    assert notes == ["Facilitator paused the exercise", "Facilitator resumed the exercise"]
    session.clock.pause()


def raw(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.setblocking(False)
    return sock


def answer(qtbot: Any, sock: socket.socket) -> list[dict[str, Any]]:
    """Everything the host sends ``sock`` until it closes the connection."""
    data = bytearray()
    closed = []

    def done() -> bool:
        try:
            chunk = sock.recv(65536)
        except BlockingIOError:
            return False
        if not chunk:
            closed.append(True)
            return True
        data.extend(chunk)
        return False

    qtbot.waitUntil(done, timeout=WAIT)
    sock.close()
    return [json.loads(x) for x in bytes(data).splitlines()]


def hello(code: str, seat: str = "", player: str = "Mallory") -> bytes:
    message = {"type": "hello", "protocol": PROTOCOL, "code": code, "seat": seat, "player": player}
    return json.dumps(message).encode() + b"\n"


def test_intruders_are_refused_while_the_exercise_goes_on(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    ic_window = app_windows()
    join(ic_window, qtbot, port, code, "Alice", "maria")
    # the comms seat is a hand-written client (a seat that misbehaves)
    comms = raw(port)
    comms.sendall(hello(code, "lena", "Mallory"))
    qtbot.waitUntil(lambda: host.game_day.host_server.room.all_filled(), timeout=WAIT)
    session = start(host, qtbot)
    session.bridge.advance(400.0)
    ic = ic_window.game_day.seat_session
    records = len(session.exercise.records)
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    # a wrong code
    sock = raw(port)
    sock.sendall(hello(wrong, "lena"))
    assert answer(qtbot, sock) == [{"type": "refused", "reason": "wrong join code (4 tries left)"}]
    # a taken seat
    sock = raw(port)
    sock.sendall(hello(code, "maria"))
    assert answer(qtbot, sock) == [
        {"type": "refused", "reason": "Maria Okafor's seat is taken by Alice"}
    ]
    # a stream of junk bytes
    sock = raw(port)
    sock.sendall(bytes(range(256)) * 300)
    assert answer(qtbot, sock) == [
        {
            "type": "refused",
            "reason": "a message is not JSON at column 1; expected one object a line",
        }
    ]
    sock = raw(port)
    sock.sendall(b"\xff" * 70_000)  # no newline: a runaway line
    assert answer(qtbot, sock) == [
        {"type": "refused", "reason": f"a message is longer than {64 * 1024} bytes"}
    ]
    # a seat acting as someone else
    comms.sendall(
        json.dumps(
            {"type": "action", "n": 1, "action": {"action": "mark_resolved", "actor": "maria"}}
        ).encode()
        + b"\n"
    )
    messages = answer(qtbot, comms)
    assert messages[0]["type"] == "welcome"
    assert messages[-1] == {
        "type": "refused",
        "reason": "you hold Lena Fischer's seat and cannot act as 'maria'",
    }
    # nothing of it reached the journal, the exercise goes on and the real seat still plays
    assert not session.exercise.finished
    actors = {r.actor for r in session.exercise.records[records:] if r.kind == "action"}
    assert "lena" not in actors
    assert ic.bridge.act(A.AcknowledgePage(actor="maria")).kind == "action"
    log = host.game_day.host_server.room.log
    assert "refused 127.0.0.1: wrong join code (4 tries left)" in log
    assert f"refused 127.0.0.1: a message is longer than {64 * 1024} bytes" in log
    assert (
        host.game_day.dock.roster.statuses()[1]
        == "Lena Fischer | Mallory | disconnected — can rejoin"
    )


def test_the_game_day_ends_when_the_facilitator_goes_back_to_the_library(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    seat_window = app_windows()
    page = join(seat_window, qtbot, port, code, "Alice", "maria")
    session = start(host, qtbot)
    server = host.game_day.host_server
    modal.expect(lambda box: int(box.StandardButton.Ok))  # end the running exercise?
    host.show_library()
    assert host.game_day.host_server is None and not server.listening
    qtbot.waitUntil(lambda: page.notice.text().startswith("Disconnected"), timeout=WAIT)
    assert session.exercise.finished
    # the seat goes back to its library too: it leaves the game day
    seat_window.show_library()
    assert seat_window.game_day.client is None and seat_window.game_day.page is None


def test_joining_where_no_game_day_listens_says_so(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    window = app_windows()
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nobody listens there now
    shown: list[Any] = []
    modal.expect(lambda box: shown.append(box) or 0)
    window.game_day = GameDay(window)
    window.game_day.join_with(JoinOptions("127.0.0.1", port, "K7QX2M", "Alice", ""))
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert shown[0].windowTitle() == "Cannot join the game day"
    assert shown[0].text() == (
        f"No game day answered at 127.0.0.1:{port}: cannot reach the host: Connection refused. "
        "Check the address and that the facilitator's lobby is open."
    )
    assert window.game_day.page is None
