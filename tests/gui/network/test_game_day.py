"""A game day with several real app windows on localhost: a host (the facilitator's screen)
and two seats (the incident commander and the communications lead) play the payments
scenario to resolution; a seat drops and rejoins; Pause everyone pauses all; intruders are
refused while the exercise goes on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.network.dialogs import HostDialog, JoinDialog, JoinOptions
from simulator.model import Role, Severity, Status, Strategy
from tests.gui.network.conftest import SCENARIO, host_options

WAIT = 10000


def open_lobby(host: Any, qtbot: Any, modal: Any, **changes: Any) -> tuple[int, str]:
    """Host the payments scenario (IC + comms seats); the lobby's port and code."""
    assert host.library.select_path(SCENARIO)
    if changes:
        assert host.game_day is None
        from gui.network.game_day import GameDay

        host.game_day = GameDay(host)
        assert host.game_day.open_lobby(SCENARIO, host_options(**changes))
    else:

        def fill(dialog: QDialog) -> int:
            assert isinstance(dialog, HostDialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.set_seats({"maria": Role.INCIDENT_COMMANDER, "lena": Role.COMMUNICATIONS_LEAD})
            dialog.speed.setCurrentIndex(dialog.speed.findData(1.0))
            dialog.seed.setValue(3)
            ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            return int(dialog.result())

        modal.expect(fill)
        host.host_action.trigger()
    lobby = host.game_day.lobby
    assert lobby is not None and host.pages.currentWidget() is lobby
    server = host.game_day.host_server
    address = lobby.address.text()
    assert address.endswith(f":{server.port}")
    code = lobby.code.text()
    assert len(code) == 6 and code.isalnum()
    assert lobby.roster.statuses() == [
        "Maria Okafor | — | waiting for a player",
        "Lena Fischer | — | waiting for a player",
    ]
    return server.port, code


def join(window: Any, qtbot: Any, port: int, code: str, player: str, seat: str) -> Any:
    """Join through the game-day controller; the seat's page once welcomed."""
    from gui.network.game_day import GameDay

    if window.game_day is None:
        window.game_day = GameDay(window)
    window.game_day.join_with(JoinOptions("127.0.0.1", port, code, player, seat))
    qtbot.waitUntil(lambda: window.game_day.page is not None, timeout=WAIT)
    return window.game_day.page


def join_by_menu(window: Any, qtbot: Any, modal: Any, port: int, code: str, player: str) -> Any:
    """Exercise > Join game day…, typed as a participant would."""

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, JoinDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.address, f"127.0.0.1:{port}")
        qtbot.keyClicks(dialog.code, code.lower())
        qtbot.keyClicks(dialog.player, player)
        qtbot.keyClicks(dialog.seat, "lena")
        dialog._accept()
        return int(dialog.result())

    modal.expect(fill)
    window.join_action.trigger()
    qtbot.waitUntil(lambda: window.game_day.page is not None, timeout=WAIT)
    return window.game_day.page


def test_host_and_two_seats_play_the_payments_scenario_to_resolution(
    app_windows: Any, qtbot: Any, modal: Any
) -> None:
    host, ic_window, comms_window = app_windows(), app_windows(), app_windows()
    port, code = open_lobby(host, qtbot, modal)
    ic_page = join(ic_window, qtbot, port, code, "Alice", "maria")
    assert host.game_day.lobby.roster.statuses()[0] == "Maria Okafor | Alice | connected"
    assert ic_page.notice.text() == (
        "In the lobby: the exercise starts when the facilitator starts it."
    )
    comms_page = join_by_menu(comms_window, qtbot, modal, port, code, "Bob")
    # every seat taken: the clock starts by itself
    qtbot.waitUntil(lambda: host.session is not None, timeout=WAIT)
    session = host.session
    assert session.clock.running  # every seat taken: the clock started by itself
    assert session.human is None  # the facilitator's screen plays nobody
    assert host.facilitator.isVisible()
    header = dict(session.exercise.records[0].payload)
    assert header["seats"] == [
        {"actor": "maria", "role": "incident_commander", "player": "Alice"},
        {"actor": "lena", "role": "communications_lead", "player": "Bob"},
    ]
    session.clock.pause()
    session.bridge.advance(400.0)  # the deploy goes bad, the alert fires, Maria is paged
    ic = ic_window.game_day.seat_session
    comms = comms_window.game_day.seat_session
    qtbot.waitUntil(lambda: any(r.kind == "page" for r in ic.exercise.records), timeout=WAIT)
    assert ic_page.view.header.role.text() == "You are Maria Okafor, incident commander — Alice"
    assert comms_page.view.header.role.text() == ("You are Lena Fischer, communications lead — Bob")
    ic_view, comms_view = ic_page.view, comms_page.view
    assert ic_view.inbox.status.text() == "You are paged (level 1, attempt 1)."
    # the incident commander acknowledges (Ctrl+K), declares and names the comms lead
    ic_view.shortcut_actions["ack"].trigger()
    commands = ic_view.commands
    commands.severity.setCurrentIndex(commands.severity.findData(Severity.SEV2))
    qtbot.mouseClick(commands.declare, Qt.MouseButton.LeftButton)
    assert commands.feedback.text().startswith("Maria Okafor declared a SEV-2 incident")
    qtbot.waitUntil(lambda: comms.exercise.state.declared, timeout=WAIT)
    comms_view.commands.join.click()
    commands.role_person.setCurrentIndex(commands.role_person.findData("lena"))
    commands.role.setCurrentIndex(commands.role.findData(Role.COMMUNICATIONS_LEAD))
    qtbot.mouseClick(commands.assign_role, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: comms.exercise.state.holders(Role.COMMUNICATIONS_LEAD) == ["lena"], timeout=WAIT
    )
    # the comms lead posts the first update from their own screen
    cc = comms_view.commands
    cc.prefill_update()
    cc.update_eta.setText("30 minutes")
    qtbot.mouseClick(cc.post_update, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ic.exercise.state.last_update_at is not None, timeout=WAIT)
    # the IC rolls the deploy back
    commands.strategy.setCurrentIndex(commands.strategy.findData(Strategy.ROLLBACK))
    commands.target.setCurrentIndex(commands.target.findData("payments-api"))
    modal.expect(lambda box: int(box.StandardButton.Ok))
    qtbot.mouseClick(commands.apply, Qt.MouseButton.LeftButton)
    session.bridge.advance(900.0)
    # the IC resolves through the checklist; the comms lead posts the resolution notices
    for box in commands.checks.values():
        box.setChecked(True)
    commands.resolve_summary.setPlainText("Rolled back payments-api v2.31.0.")
    qtbot.mouseClick(commands.resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: comms.exercise.state.resolved, timeout=WAIT)
    wrap_up = not session.exercise.finished  # the exercise waits for the resolution notices
    if wrap_up:
        cc.prefill_update()
        cc.update_status.setCurrentIndex(cc.update_status.findData(Status.RESOLVED))
        qtbot.mouseClick(cc.post_update, Qt.MouseButton.LeftButton)
        cc.sp_status.setCurrentIndex(cc.sp_status.findData(Status.RESOLVED))
        cc.sp_text.setPlainText("Payments work normally again. We are sorry for the disruption.")
        qtbot.mouseClick(cc.post_status, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: host.debrief is not None, timeout=WAIT)
    assert session.exercise.state.ended == "resolved"
    qtbot.waitUntil(lambda: ic.exercise.finished and comms.exercise.finished, timeout=WAIT)
    assert ic_page.notice.text() == (
        "The exercise has ended. Your debrief opens here when the facilitator shares it."
    )
    # who did what, as the host's journal (the one record) says
    acted = [
        (r.actor, r.payload["action"])
        for r in session.exercise.records
        if r.kind == "action" and r.actor in ("maria", "lena")
    ]
    assert acted == [
        ("maria", "acknowledge_page"),
        ("maria", "declare_incident"),
        ("lena", "join"),
        ("maria", "assign_role"),
        ("lena", "post_update"),
        ("maria", "apply_mitigation"),
        ("maria", "mark_resolved"),
        *([("lena", "post_update"), ("lena", "post_status_page")] if wrap_up else []),
    ]
    # who held which seat and how each role was played, on the facilitator's screen
    dock = host.game_day.dock
    seats = dock.scores.lines()
    assert [line.split(" | ")[0] for line in seats] == [
        "Alice — Maria Okafor (incident commander)",
        "Bob — Lena Fischer (communications lead)",
    ]
    assert all(" P" in line.split(" | ")[1] for line in seats)
    assert "a game day: Alice played Maria Okafor (incident commander; rated " in (
        host.debrief.model.exercise
    )
    # the facilitator shares the debrief: each seat's is built from the host's journal
    assert dock.share.isEnabled()
    qtbot.mouseClick(dock.share, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ic_page.debrief is not None and comms_page.debrief is not None)
    journal = [r.to_json() for r in session.exercise.records]
    assert [r.to_json() for r in ic_page.debrief.records] == journal
    assert comms.journal_path.read_text(encoding="utf-8").splitlines() == journal
    assert comms_page.scores.lines() == seats
    assert comms_page.debrief.model.exercise == host.debrief.model.exercise
