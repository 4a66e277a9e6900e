"""The exercise view and facilitator console against a stand-in engine (tests/gui/fakes.py):
starting from the library, the clock, shortcuts, chat, facilitator actions, charts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

import gui.session
from gui.start_dialog import Mode, StartDialog
from scenarios import BUNDLED_DIR
from tests.gui.fakes import fake_factory

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui.session, "make_exercise", fake_factory)


def start(window: Any, qtbot: Any, modal: Any, mode: Mode = Mode.PLAY, speed: float = 60.0) -> Any:
    """Start the payments scenario from the library through the start dialog."""

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.team.currentText() == (
            "Acme Platform Engineering (24/7, two sites) (acme-platform.yaml)"
        )
        radio = dialog.mode_buttons[mode]
        # click on the label text (a radio button only reacts on its indicator and text)
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(30, radio.height() // 2))
        assert radio.isChecked()
        dialog.speed.setCurrentIndex(dialog.speed.findData(speed))
        dialog.seed.setValue(3)
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        return int(dialog.result())

    modal.expect(fill)
    assert window.library.select_path(SCENARIO)
    qtbot.mouseClick(window.library.details.start, Qt.MouseButton.LeftButton)
    assert window.session is not None
    # the briefing comes first; the clock runs from its Start
    view = window.exercise_view
    assert view.pages.currentWidget() is view.briefing and not window.session.clock.running
    qtbot.mouseClick(view.briefing.start, Qt.MouseButton.LeftButton)
    return window.session


def test_start_opens_the_exercise_and_the_clock_runs(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal)
    view = main_window.exercise_view
    assert main_window.pages.currentWidget() is view
    assert session.options.seed == 3 and session.clock.speed == 60.0
    assert session.clock.running
    assert main_window.windowTitle() == "Checkout down: a bad payments deploy — Game Day Simulator"
    assert view.header.role.text() == "You are Maria Okafor, IC"
    with qtbot.waitSignal(
        session.bridge.recordAdded, timeout=10000, check_params_cb=lambda r: r.kind == "inject"
    ):
        pass
    qtbot.waitUntil(lambda: session.exercise.now >= 60.0, timeout=10000)
    assert view.header.sim_clock.text().startswith("T+00:0")
    assert session.journal_path.parent.parent == gui.session.runs_root()


def test_space_pauses_and_resumes(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal)
    view = main_window.exercise_view
    view.timeline.setFocus()
    with qtbot.waitSignal(session.clock.runningChanged, timeout=2000) as blocker:
        qtbot.keyClick(view.timeline, Qt.Key.Key_Space)
    assert blocker.args == [False]
    assert view.header.play.text() == "Play"
    paused_at = session.exercise.now
    qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    assert session.exercise.now > paused_at
    assert not session.clock.running
    qtbot.mouseClick(view.header.play, Qt.MouseButton.LeftButton)
    assert session.clock.running
    assert main_window.findChild(object, "action_pause").toolTip() == "Play / pause (Space)"


def test_typing_in_the_channel_says_it(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal)
    session.clock.pause()
    channel = main_window.exercise_view.channel
    qtbot.keyClicks(channel.input, "<b>Looking</b> at payments-api now")
    qtbot.keyClick(channel.input, Qt.Key.Key_Return)
    last = session.exercise.records[-1]
    assert (last.kind, last.actor, dict(last.payload)) == (
        "action",
        "maria",
        {"action": "say", "text": "<b>Looking</b> at payments-api now"},
    )
    assert (
        channel.text().splitlines()[-1].endswith("Maria Okafor: <b>Looking</b> at payments-api now")
    )
    assert channel.input.text() == ""
    assert not session.clock.running, "Space typed in the chat box must not toggle the clock"


def test_facilitator_fire_and_skip_are_journaled(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal, mode=Mode.WATCH)
    session.clock.pause()
    console = main_window.facilitator
    assert session.mode is Mode.WATCH, session.mode
    assert console.isVisible(), "watching opens the facilitator console"
    assert console.select_inject("support-ticket")
    qtbot.mouseClick(console.fire, Qt.MouseButton.LeftButton)
    fired = [r for r in session.exercise.records if r.kind in ("action", "inject")][-2:]
    assert [
        (r.kind, r.actor, r.payload.get("action") or r.payload.get("inject_id")) for r in fired
    ] == [
        ("action", "facilitator", "fire_inject"),
        ("inject", "Priya (Customer Support)", "support-ticket"),
    ]
    assert console.select_inject("red-herring-db")
    qtbot.mouseClick(console.skip, Qt.MouseButton.LeftButton)
    last = session.exercise.records[-1]
    assert (last.actor, dict(last.payload)) == (
        "facilitator",
        {"action": "skip_inject", "inject_id": "red-herring-db"},
    )
    statuses = {
        console.msel.topLevelItem(i).text(0): console.msel.topLevelItem(i).text(2)
        for i in range(console.msel.topLevelItemCount())
    }
    assert statuses["support-ticket"] == "fired" and statuses["red-herring-db"] == "skipped"
    inbox = main_window.exercise_view.inbox.lines()
    assert inbox[0].startswith("T+00:00:00  Priya (Customer Support) (ticket): ZD-88213:")


def test_facilitator_note_adhoc_inject_and_reveal(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal, mode=Mode.WATCH)
    session.clock.pause()
    console = main_window.facilitator
    qtbot.keyClicks(console.note, "IC hesitated on severity")
    qtbot.keyClick(console.note, Qt.Key.Key_Return)
    assert console.notes.toPlainText() == "T+00:00:00  IC hesitated on severity"
    console.persona.setCurrentText("Dana Whitfield")
    qtbot.keyClicks(console.adhoc_text, "Board call in 10 minutes. Numbers?")
    qtbot.mouseClick(console.send, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.reveal, Qt.MouseButton.LeftButton)
    actions = [dict(r.payload) for r in session.exercise.records if r.actor == "facilitator"]
    assert actions == [
        {"action": "facilitator_note", "text": "IC hesitated on severity"},
        {
            "action": "adhoc_inject",
            "sender": "Dana Whitfield",
            "channel": "chat",
            "text": "Board call in 10 minutes. Numbers?",
        },
        {"action": "reveal_truth"},
    ]
    assert console.truth.isVisible()
    assert "NullPointerException" in console.truth.toPlainText()
    banner = main_window.exercise_view.banner
    assert banner.isVisible()
    assert banner.text().startswith("What really happened (SEV-2): payments-api v2.31.0 upgraded")


def test_charts_follow_the_samples(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal, speed=60.0)
    charts = main_window.exercise_view.charts
    xs, ys = charts.series["payments-api.error_rate"]
    qtbot.waitUntil(lambda: charts.redraws >= 1 and len(xs) >= 2, timeout=10000)
    session.clock.pause()
    charts.stop()
    # the stand-in samples every 60 s: baseline 0.3 x (1 + t / 600), plotted in minutes
    assert xs[:2] == [1.0, 2.0]
    assert ys[:2] == pytest.approx([0.33, 0.36])
    line = charts.lines["payments-api.error_rate"]
    assert list(line.get_xdata()) == xs and list(line.get_ydata()) == ys


def test_update_countdown_turns_amber_then_red(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    from simulator.actions import DeclareIncident
    from simulator.model import Severity

    session = start(main_window, qtbot, modal)
    session.clock.pause()
    header = main_window.exercise_view.header
    assert (header.update_due.text(), header.update_due.styleSheet()) == ("Not declared", "")
    start_at = session.exercise.now
    session.bridge.act(DeclareIncident(actor="maria", severity=Severity.SEV2))
    assert header.update_due.text() == "Due in 30m"
    session.bridge.advance(start_at + 25 * 60 + 30 - session.exercise.now)
    assert header.update_due.text() == "Due in 4m30s"
    assert "#b26a00" in header.update_due.styleSheet()  # amber: the last 5 minutes
    session.bridge.advance(5 * 60)
    assert header.update_due.text() == "Overdue by 30s"
    assert "#b3261e" in header.update_due.styleSheet()  # red: late


def test_facilitator_delay_and_pause_everyone_are_journaled(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal, mode=Mode.WATCH)
    console = main_window.facilitator
    with qtbot.waitSignal(session.clock.runningChanged, timeout=2000) as paused:
        qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert paused.args == [False] and console.pause.text() == "Resume everyone"
    assert console.select_inject("cfo-ping")
    console.delay_by.setValue(10)
    qtbot.mouseClick(console.delay, Qt.MouseButton.LeftButton)
    due = {p.inject.id: p.due for p in session.exercise.pending_injects()}
    assert due["cfo-ping"] == 1200.0 + 600.0
    qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert session.clock.running
    facilitator = [dict(r.payload) for r in session.exercise.records if r.actor == "facilitator"]
    assert facilitator == [
        {"action": "facilitator_note", "text": "Facilitator paused the exercise"},
        {"action": "delay_inject", "inject_id": "cfo-ping", "by": 600.0},
        {"action": "facilitator_note", "text": "Facilitator resumed the exercise"},
    ]


def test_the_debrief_opens_at_the_time_limit(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal, speed=0.0)
    qtbot.waitUntil(lambda: main_window.debrief is not None, timeout=20000)
    assert session.exercise.finished and not session.clock.running
    debrief = main_window.debrief
    assert main_window.pages.currentWidget() is debrief
    assert debrief.headline.text() == "Exercise over — time limit"
    assert "NullPointerException" in debrief.truth.toPlainText()
    assert not main_window.end_action.isEnabled()
    qtbot.mouseClick(debrief.back, Qt.MouseButton.LeftButton)
    assert main_window.pages.currentWidget() is main_window.library
    assert main_window.session is None and main_window.seat_label is None
    assert main_window.windowTitle() == "Game Day Simulator"


def test_f1_lists_the_shortcuts(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    session = start(main_window, qtbot, modal)
    session.clock.pause()
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    shown: list[str] = []
    modal.expect(lambda box: shown.append(box.text()) or 0)
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    lines = [line.strip() for line in shown[0].splitlines()]
    for expected in (
        "Space   Play / pause",
        "Ctrl+J   Jump to next inject",
        "Ctrl+Shift+A   Acknowledge page",
        "Ctrl+D   Declare incident",
        "Ctrl+Shift+P   Post internal update",
        "Ctrl+M   Mitigate",
        "Ctrl+R   Resolve",
        "F9   Facilitator console",
        "Ctrl+O   Open scenario…",
        "Ctrl+Q   Quit",
        "F1   Keyboard shortcuts",
    ):
        assert expected in lines
    # the keys are right-aligned in a monospace column, so every description starts together
    raw = shown[0].splitlines()
    starts = {line.index("   ", len(line) - len(line.lstrip())) for line in raw}
    assert len(starts) == 1
    assert "monospace" in modal.seen[-1].styleSheet()
    update = main_window.findChild(object, "action_update")
    assert update.toolTip() == "Post internal update (Ctrl+Shift+P)"
    assert update.shortcut().toString() == "Ctrl+Shift+P"


def test_ending_the_exercise_asks_then_opens_the_debrief(
    main_window: Any, qtbot: Any, modal: Any, fake_engine: None
) -> None:
    from PySide6.QtWidgets import QMessageBox

    session = start(main_window, qtbot, modal)
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    modal.expect(lambda box: int(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not session.exercise.finished
    assert modal.seen[-1].text() == "End the exercise now and open the debrief?"
    modal.expect(lambda box: int(QMessageBox.StandardButton.Ok))
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert session.exercise.finished and not session.clock.running
    assert main_window.debrief.headline.text() == "Exercise over — stopped"
    last = session.exercise.records[-1]
    assert (last.kind, dict(last.payload)) == ("end", {"reason": "stopped"})
