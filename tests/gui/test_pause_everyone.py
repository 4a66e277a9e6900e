"""Pause everyone on a single screen: the facilitator holds the clock; Space and Play on the
trainee's side cannot resume it, the window says so, and only Resume everyone resumes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.start_dialog import Mode
from tests.gui.test_exercise_view import start


def test_only_the_facilitator_resumes_after_pause_everyone(
    main_window: Any, qtbot: Any, modal: Any
) -> None:
    session = start(main_window, qtbot, modal, mode=Mode.PLAY)
    view = main_window.exercise_view
    if hasattr(view, "start_clock"):
        view.start_clock()  # past the briefing
    assert session.clock.running
    console = main_window.facilitator
    console.setVisible(True)
    qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert session.clock.held and not session.clock.running
    assert console.pause.text() == "Resume everyone"
    assert main_window.statusBar().currentMessage() == (
        "Paused by the facilitator for everyone — only the facilitator can resume "
        "(Resume everyone, in the facilitator console)."
    )
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_Space)
    assert not session.clock.running
    qtbot.mouseClick(view.header.play, Qt.MouseButton.LeftButton)
    assert not session.clock.running
    qtbot.mouseClick(console.pause, Qt.MouseButton.LeftButton)
    assert session.clock.running and not session.clock.held
    assert console.pause.text() == "Pause everyone"
    assert main_window.statusBar().currentMessage() == f"Journal: {session.journal_path}"
    session.clock.pause()
