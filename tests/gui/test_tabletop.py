"""Tabletop: the screen is the room's. A decision recorded as a person brings that person into
the incident (no separate "joined" step), and pages name who is paged, never "You are paged"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator.model import Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def test_a_decision_as_a_person_joins_them_and_the_room_is_never_you(
    main_window: Any, qtbot: Any
) -> None:
    assert main_window.start(SCENARIO, StartOptions(None, Mode.TABLETOP, 60.0, 1))
    view = main_window.exercise_view
    view.start_clock()
    session = main_window.session
    session.clock.pause()
    while not view.inbox.ack.isEnabled():
        qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    assert view.inbox.status.text() == "Maria Okafor is paged (level 1, attempt 1)."
    commands = view.commands
    commands.acting_as.setCurrentIndex(commands.acting_as.findData("lena"))
    logs = view.investigation.console(Tool.LOGS)
    view.center.setCurrentWidget(view.investigation)
    view.investigation.setCurrentWidget(logs)
    qtbot.keyClicks(logs.query, "payments error")
    qtbot.mouseClick(logs.run, Qt.MouseButton.LeftButton)
    lena = [
        (r.kind, r.payload.get("action") or r.payload.get("tool"))
        for r in session.exercise.records
        if r.actor == "lena"
    ]
    assert lena == [("action", "join"), ("action", "query_tool"), ("finding", "logs")]
