"""The debrief teaches: a premature resolution said in the headline, the lessons ranked with
their moments as links into the timeline, the what-if of the biggest mistake, every
objective readable in words, evidence that jumps to the timeline, and action items that put
the few that matter first and keep the team's design apart from the play."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from gui.debrief import Debrief
from scenarios import BUNDLED_DIR
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from tests.gui.debrief_shots import session_of
from tests.simulator.scoring.best_play import bad_play, best_play

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


@cache
def bad() -> list[Record]:
    return bad_play(load_bundle_or_raise(SCENARIO))


def _open(qtbot: QtBot, records: list[Record], tmp_path: Path) -> Debrief:
    debrief = Debrief(session_of(records, tmp_path))
    qtbot.addWidget(debrief)
    debrief.resize(1280, 800)
    debrief.show()
    qtbot.waitExposed(debrief)
    return debrief


def test_a_premature_resolution_is_said_in_the_headline_and_the_lesson(
    qtbot: QtBot, tmp_path: Path
) -> None:
    debrief = _open(qtbot, bad(), tmp_path)
    assert debrief.headline.text() == (
        "Exercise over — resolved while 9,408 users were still affected"
    )
    assert debrief.rating_of("TIME-RESOLVE") == "U"
    text = debrief.lessons.toPlainText()
    assert text.startswith("What mattered most\n")
    assert (
        "Rolling back payments-api at 14:26 instead of failing over postgres-payments would "
        "have ended the outage by 14:32; in your run it was still going when the exercise ended"
    ) in text
    assert "Resolved at 14:48 while 9,408 users were still affected" in text
    assert "A good incident commander: Have the technical lead apply the mitigation" in text
    assert "Rule: ORG-03 and the guide's Phase 4: 'Mitigate first, debug later.'" in text
    assert "What if (the moment): With rolling back payments-api at 14:26 instead of " in text


def test_a_lessons_moment_link_jumps_to_the_timeline(qtbot: QtBot, tmp_path: Path) -> None:
    debrief = _open(qtbot, bad(), tmp_path)
    debrief.left_tabs.setCurrentIndex(1)  # "What really happened"
    view = debrief.lessons
    cursor = view.document().find("14:26 (T+24m30s)")
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 3, QTextCursor.MoveMode.MoveAnchor)
    view.setTextCursor(cursor)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    assert debrief.left_tabs.currentWidget() is debrief.timeline
    current = debrief.timeline.currentItem()
    assert current is not None
    assert current.text(1) == "Maria Okafor applied failover of postgres-payments"
    assert current.isSelected()


def test_every_objective_reads_in_words_and_its_evidence_jumps_to_the_timeline(
    qtbot: QtBot, tmp_path: Path
) -> None:
    debrief = _open(qtbot, bad(), tmp_path)
    details = debrief.details.toPlainText()  # the top lesson's objective, shown at once
    assert details.startswith("TIME-MITIGATE: First effective mitigation — U unable to be")
    assert "How the target was set: Target set for SEV-2, the scenario's true severity" in details
    assert "Not counted: restart payments-api at 14:44 helped, but the impact came back" in details
    tree = debrief.score_tree
    item = tree.currentItem()
    assert item is not None and item.text(0) == "TIME-MITIGATE: First effective mitigation"
    assert item.text(4) == "T+00:03:00\nT+00:42:30"  # times, not seq numbers
    rect = tree.visualItemRect(item)
    x = tree.header().sectionViewportPosition(4) + 10
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.center().y())
    )
    selected = [i.text(1) for i in debrief.timeline.selectedItems()]
    assert selected == [
        "(truth) Impact began",
        "(truth) Restart of payments-api took effect: reduces (users 13,440 → 9,408)",
    ]


def test_action_items_put_the_few_that_matter_first_and_keep_team_design_apart(
    qtbot: QtBot, tmp_path: Path
) -> None:
    debrief = _open(qtbot, bad(), tmp_path)
    tree = debrief.actions_tree
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [g.text(0) for g in groups if g is not None] == [
        "Play: what the people in the exercise do next time",
        "Team design: what the team changes before the next incident",
    ]
    play = groups[0]
    assert play is not None
    first = play.child(0)
    assert first is not None and first.text(0) == "High"
    owners = {play.child(i).text(2) for i in range(play.childCount())}  # type: ignore[union-attr]
    assert "Incident commander (Maria Okafor)" in owners
    assert "Communications lead" in owners  # owned by the role, not all by the trainee
    priorities = [play.child(i).text(0) for i in range(play.childCount())]  # type: ignore[union-attr]
    assert priorities == sorted(priorities, key=["High", "Medium", "Low"].index)
    assert priorities.count("High") <= 5


def test_a_good_run_has_nothing_to_correct(qtbot: QtBot, tmp_path: Path) -> None:
    debrief = _open(qtbot, best_play(load_bundle_or_raise(SCENARIO)), tmp_path)
    assert debrief.headline.text() == "Exercise over — resolved"
    assert debrief.lessons.toPlainText() == (
        "What mattered most\nEvery objective was performed without challenges: nothing to "
        "correct in this run's play."
    )
    assert debrief.rating_of("ROLE-COMMS") == "P"
    assert debrief.rating_of("RES-STAKEHOLDERS") == "P"
