"""The history story (issue 14): two exercises -> History -> reopen the first's debrief ->
replay it to a moment and see the engine's own state then -> branch from it, decide
differently, see the comparison -> Trends shows the runs -> mark an action item done."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.model import Severity

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"
#: The moment the replay is checked at (sim seconds).
MOMENT = 900.0


def _state(exercise: Any) -> tuple[list[str], str]:
    """The engine's records and folded state, wall-clock stamps aside (a replay is later)."""
    records = [r.without_wall().to_json() for r in exercise.records]
    return records, re.sub(r"wall='[^']*'", "wall=''", repr(exercise.state))


def _play(window: Any, seed: int, ack_at: float) -> tuple[Path, tuple[list[str], str]]:
    """Play one exercise as incident commander: acknowledge at ``ack_at``, then let it run.

    Returns the journal and the engine's own state at :data:`MOMENT` (records, folded state).
    """
    assert window.start(SCENARIO, StartOptions(None, Mode.PLAY, 60.0, seed))
    session = window.session
    session.clock.pause()
    human = session.human
    session.bridge.advance(ack_at)
    session.bridge.act(A.AcknowledgePage(actor=human))
    session.bridge.advance(MOMENT - session.exercise.now)
    seen = _state(session.exercise)
    while not session.exercise.finished:
        session.bridge.advance(3600.0)
    assert window.debrief is not None
    return session.journal_path, seen


def test_history_story(main_window: Any, qtbot: Any, modal: Any, runs_dir: Path) -> None:
    window = main_window
    first, state_then = _play(window, seed=7, ack_at=420.0)
    second, _ = _play(window, seed=8, ack_at=300.0)
    assert first != second and first.is_file() and second.is_file()

    # both in History, newest first
    history = window.history_pages.show_history()
    assert window.pages.currentWidget() is history
    rows = history.model.shown_rows()
    assert [Path(r.journal) for r in rows] == [second.resolve(), first.resolve()]
    assert {r.trainee for r in rows} == {"Maria Okafor"}
    assert history.status.text() == "2 exercises shown of 2"
    qtbot.keyClicks(history.search, "storefront")  # no run of that scenario
    assert history.model.shown_rows() == []
    assert history.status.text() == "0 exercises shown of 2"
    history.search.clear()
    qtbot.keyClicks(history.search, "checkout maria")  # every word must match
    assert len(history.model.shown_rows()) == 2
    history.search.clear()

    # reopen the first one's debrief
    assert history.select_journal(str(first.resolve()))
    qtbot.mouseClick(history.buttons["debrief"], Qt.MouseButton.LeftButton)
    debrief = window.debrief
    assert window.pages.currentWidget() is debrief
    assert debrief.records[-1].kind == "end"
    assert debrief.session.journal_path == first.resolve()
    assert debrief.headline.text().startswith("Exercise over — ")

    # replay it to a moment: the state is the one the engine had then
    history = window.history_pages.show_history()
    assert history.select_journal(str(first.resolve()))
    qtbot.mouseClick(history.buttons["replay"], Qt.MouseButton.LeftButton)
    replay = window.history_pages.replay
    assert window.pages.currentWidget() is replay
    replay.slider.setValue(int(MOMENT))
    exercise = replay.session.exercise
    assert exercise.now == MOMENT
    assert _state(exercise) == state_then
    assert replay.position.text().startswith("T+00:15:00 / ")
    assert not replay.view.commands.isEnabled()
    # one key steps to the trainee's previous / next decision
    replay.setFocus()
    qtbot.keyClick(replay, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert replay.now == 420.0
    assert replay.decision_label.text() == "Trainee decisions so far: 1 of 1"
    qtbot.keyClick(replay, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert replay.now == 420.0  # nothing before the first decision
    replay.seek(0.0)
    qtbot.keyClick(replay, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert replay.now == 420.0

    # branch from T+00:06:00 (paged, not yet acknowledged) and decide differently:
    # acknowledge at once and declare SEV-1
    replay.seek(360.0)
    modal.expect(lambda box: int(QMessageBox.StandardButton.Ok))  # "Start branch"
    qtbot.mouseClick(replay.branch_button, Qt.MouseButton.LeftButton)
    session = window.session
    assert session is not None and session.exercise.now == 360.0
    assert not session.exercise.finished
    human = session.human
    session.clock.pause()
    assert session.bridge.act(A.AcknowledgePage(actor=human)).kind == "action"
    declared = session.bridge.act(
        A.DeclareIncident(actor=human, severity=Severity.SEV1, title="Checkout")
    )
    assert declared.kind == "action"
    while not session.exercise.finished:
        session.bridge.advance(3600.0)
    comparison = window.history_pages.comparison
    assert comparison.isVisibleTo(window.debrief)
    assert comparison.where.text().startswith("Diverged at T+00:06:00.\nEarlier run: ")
    branch_line = comparison.where.text().splitlines()[2]
    assert branch_line == "This branch: Maria Okafor acknowledged the page"
    assert comparison.cell("Overall score", 3) == comparison.score_delta
    assert comparison.cell("MTTA (time to acknowledge)", 3) != ""
    branch = session.journal_path

    # the branch is listed under its parent
    history = window.history_pages.show_history()
    kids = history.model.children_of[str(first.resolve())]
    assert [Path(k.journal) for k in kids] == [branch.resolve()]
    assert history.model.index_of(str(branch.resolve())).parent().isValid()

    # Trends shows the three runs; an action item is marked done (the journal untouched)
    trends = window.history_pages.show_trends()
    assert trends.trends.runs == 3
    assert sum(sum(v) for v in trends.trends.by_severity.values()) == 3
    assert set(trends.canvases) == {"severity", "phases", "scores", "failed", "items"}
    assert trends.item_model.rowCount() == len(trends.items) > 0
    journal = Path(trends.items[0].journal)
    before = journal.read_bytes()
    # the Status drop-down of the first item: Done
    index = trends.item_model.index(0, 3)
    trends.item_table.setCurrentIndex(index)
    trends.item_table.edit(index)
    editor = trends.item_table.findChild(QComboBox, "itemStatusEditor")
    assert editor is not None
    editor.setCurrentIndex(editor.findData("done"))  # picked: stored at once
    assert index.data() == "Done"
    stored = window.history_pages.store().action_items()
    assert next(i.status for i in stored if i.item == trends.items[0].item) == "done"
    assert trends.items_label.text().startswith("Action items: ")
    done = sum(1 for i in stored if i.status == "done")
    assert f", {done} done" in trends.items_label.text()
    assert journal.read_bytes() == before  # editing an item never touches the journal
