"""User story, end to end with the real engine and scoring: a trainee plays the incident
commander of payments-bad-deploy from the library to the debrief, with real clicks and keys.

library -> start as IC -> acknowledge the page -> declare SEV-2 -> page and assign roles ->
query deploy history -> roll back -> post an update -> resolve -> the wrap-up's final update
and status-page post -> the debrief shows the scores.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox

from gui.start_dialog import Mode, StartDialog
from scenarios import BUNDLED_DIR
from simulator.durations import format_duration
from simulator.journal import Record, read_journal
from simulator.phases import PHASES, phase_times

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Select the first item starting with ``text`` with the arrow keys, as a keyboard user."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(text), f"no item starts with {text!r}"


def run_until(qtbot: Any, session: Any, done: Callable[[Record], bool]) -> None:
    """Play the clock until a record matching ``done`` arrives, then pause at once."""

    def on_record(record: Record) -> None:
        if done(record):
            session.clock.pause()

    session.bridge.recordAdded.connect(on_record)
    choose(qtbot, session_view(session).header.speed, "As fast as possible")
    try:
        with qtbot.waitSignal(session.clock.runningChanged, timeout=20000):
            click(qtbot, session_view(session).header.play)
        qtbot.waitUntil(lambda: not session.clock.running, timeout=20000)
    finally:
        session.bridge.recordAdded.disconnect(on_record)


def session_view(session: Any) -> Any:
    return session.parent().exercise_view


def accept_start(qtbot: Any) -> Callable[[QDialog], int]:
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        radio = dialog.mode_buttons[Mode.PLAY]
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(30, radio.height() // 2))
        choose(qtbot, dialog.speed, "60")
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
        return int(dialog.result())

    return fill


def confirm_ok(expected_text: str) -> Callable[[QDialog], int]:
    def answer(box: QDialog) -> int:
        assert isinstance(box, QMessageBox)
        assert box.text() == expected_text
        return int(QMessageBox.StandardButton.Ok)

    return answer


def test_incident_commander_story(main_window: Any, qtbot: Any, modal: Any, runs_dir: Any) -> None:
    window = main_window
    # --- library -> start as IC (the on-call primary, Maria)
    assert window.library.select_path(SCENARIO)
    modal.expect(accept_start(qtbot))
    click(qtbot, window.library.details.start)
    session = window.session
    view = window.exercise_view
    # the start dialog closed: the window manager would make the main window active again
    window.activateWindow()
    qtbot.waitActive(window)
    # the briefing: the situation, never the truth; the clock waits for Start
    assert view.pages.currentWidget() is view.briefing and not session.clock.running
    assert "NullPointerException" not in view.briefing.text.text()
    click(qtbot, view.briefing.start)
    assert session.human == "maria" and session.clock.running
    qtbot.keyClick(view.timeline.list, Qt.Key.Key_Space)  # pause
    assert not session.clock.running

    # --- step to the alert: Maria is paged; acknowledge
    while not view.inbox.ack.isEnabled():
        click(qtbot, view.header.step)
    assert view.inbox.status.text() == "You are paged (level 1, attempt 1)."
    click(qtbot, view.inbox.ack)
    assert view.inbox.status.text() == "Page acknowledged."

    # --- declare SEV-2 (Ctrl+D opens the declare form)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    commands = view.commands
    assert commands.tabs.currentIndex() == commands.tab_index["declare"]
    choose(qtbot, commands.severity, "SEV-2")
    qtbot.keyClicks(commands.incident_title, "Checkout payments failing")
    click(qtbot, commands.declare)
    assert view.header.severity.text() == "SEV-2"
    assert view.header.status.text() == "Investigating"
    assert view.header.update_due.text().startswith("Due in 30m")

    # --- page the people who will hold roles, wait for them to join, assign roles
    commands.show_tab("page")
    for name in ("James", "Sam", "Lena"):
        choose(qtbot, commands.page_person, name)
        click(qtbot, commands.page)
    people = ("james", "sam", "lena")
    state = session.exercise.state
    run_until(qtbot, session, lambda _r: all(state.in_incident(p) for p in people))
    commands.show_tab("roles")
    for name, role in (
        ("James", "Technical lead"),
        ("Sam", "Communications lead"),
        ("Lena", "Scribe"),
    ):
        choose(qtbot, commands.role_person, name)
        choose(qtbot, commands.role, role)
        click(qtbot, commands.assign_role)
        assert not commands.feedback.text().startswith("Not done"), commands.feedback.text()
    assert commands.roles_now.text().splitlines() == [
        "Incident commander: Maria Okafor",
        "Technical lead: James Lind",
        "Communications lead: Sam Reyes",
        "Scribe: Lena Fischer",
    ]

    # --- investigate: deploy history
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert view.center.currentWidget() is view.investigation
    deploys = view.investigation.console("deploy_history")
    view.investigation.setCurrentWidget(deploys)
    qtbot.keyClicks(deploys.query, "payments-api")
    qtbot.keyClick(deploys.query, Qt.Key.Key_Return)
    results = deploys.results.toPlainText()
    assert "deploys> payments-api" in results
    assert '14:03  payments-api   v2.31.0  a4f91c2  "Bump tokenvault-client to 4.0"' in results

    # --- roll back payments-api, after confirming
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    choose(qtbot, commands.strategy, "Rollback")
    choose(qtbot, commands.target, "Payments API")
    modal.expect(confirm_ok("Apply rollback to payments-api?\n\nThis changes production."))
    click(qtbot, commands.apply)
    assert commands.mitigations_now.text().endswith("rollback of payments-api by Maria Okafor")

    # --- post an internal update from the prefilled template (Ctrl+Shift+P)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert commands.update_severity.currentText() == "SEV-2"
    assert "Payments API HTTP 5xx rate" in commands.update_impact.toPlainText()
    assert "Maria Okafor applied rollback of payments-api" in commands.update_actions.toPlainText()
    choose(qtbot, commands.update_status, "Mitigating")
    commands.update_eta.clear()
    qtbot.keyClicks(commands.update_eta, "15 minutes")
    click(qtbot, commands.post_update)
    assert "INCIDENT UPDATE - T+" in view.channel.text()
    assert "Status: Mitigating" in view.channel.text()
    assert view.header.update_due.text().startswith("Due in 30m")

    # --- wait for the rollback to finish, then resolve through the checklist
    run_until(
        qtbot, session, lambda r: r.kind == "inject" and r.payload["inject_id"] == "rollback-done"
    )
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    for box in commands.checks.values():
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))
        assert box.isChecked()
    qtbot.keyClicks(commands.resolve_summary, "Rolled back payments-api to v2.30.4.")
    click(qtbot, commands.resolve)
    # resolving opens the wrap-up: the final update and status-page post before the end
    assert not session.exercise.finished
    assert (
        "Wrap-up before the exercise ends: post the final internal update"
        in (session.exercise.records[-1].payload["text"])
    )
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    click(qtbot, commands.prefill)
    choose(qtbot, commands.update_status, "Resolved")
    click(qtbot, commands.post_update)
    assert not session.exercise.finished
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    choose(qtbot, commands.sp_status, "Resolved")
    commands.sp_text.setFocus()
    qtbot.keyClicks(commands.sp_text, "Payments work again. Sorry for the trouble.")
    with qtbot.waitSignal(session.bridge.finished, timeout=5000) as finished:
        click(qtbot, commands.post_status)
    assert finished.args == ["resolved"]

    # --- the debrief: truth, phases and scores
    debrief = window.debrief
    assert window.pages.currentWidget() is debrief
    assert debrief.headline.text() == "Exercise over — resolved"
    assert debrief.overall.text().startswith("Overall: ")
    assert "NullPointerException" in debrief.truth.toPlainText()
    assert debrief.rating_of("OBJ-ROLLBACK") == "P"
    assert debrief.rating_of("OBJ-ACK") == "P"
    assert debrief.rating_of("OBJ-NO-FAILOVER") == "P"
    phases = {
        debrief.phases.topLevelItem(i).text(0): debrief.phases.topLevelItem(i).text(1)
        for i in range(debrief.phases.topLevelItemCount())
    }
    measured = phase_times(session.exercise.records).durations()
    assert phases == {
        label: "did not happen" if measured[key] is None else format_duration(measured[key])
        for key, label in PHASES
    }
    assert phases["Time to resolve"] != "did not happen"

    assert "Checkout down: a bad payments deploy" in debrief.report.toPlainText()

    # --- export the report next to the journal
    click(qtbot, debrief.export_buttons["md"])
    click(qtbot, debrief.export_buttons["html"])
    report = session.run_dir / "report"
    assert sorted(p.name for p in report.iterdir()) == ["report.html", "report.md"]
    assert "Checkout down: a bad payments deploy" in (report / "report.md").read_text("utf-8")
    assert debrief.export_status.text() == f"Written: {report / 'report.html'}"

    # --- the journal is on disk in the runs folder, ending with the resolution
    journal = read_journal(session.journal_path)
    assert session.journal_path.is_relative_to(runs_dir)
    assert journal[-1].kind == "end" and journal[-1].payload["reason"] == "resolved"
    mine = [r.payload["action"] for r in journal if r.kind == "action" and r.actor == "maria"]
    assert mine == [
        "acknowledge_page",
        "declare_incident",
        "page_person",
        "page_person",
        "page_person",
        "assign_role",
        "assign_role",
        "assign_role",
        "query_tool",
        "apply_mitigation",
        "post_update",
        "mark_resolved",
        "post_update",  # the wrap-up: the final update and status-page post
        "post_status_page",
    ]
