"""The branch comparison shown in a branch's debrief: where it left its parent run and how
the outcome and the score differ.

A branch replayed its parent's human actions up to a moment (same seed) and then went on live,
so both journals agree record for record up to the first decision taken differently.
:class:`BranchComparison` names that moment and both records, then sets the two runs side by
side: outcome, overall score and rating, and each phase time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.text import app_namer
from reports.describe import describe_line
from reports.history import load_journal
from reports.scored import ScoredRun, score_run
from simulator.bundle import Bundle
from simulator.durations import format_clock
from simulator.history.branch import BranchPoint
from simulator.history.rewind import divergence
from simulator.journal import JournalError, Record
from simulator.phases import PHASES

OUTCOMES = {"resolved": "resolved", "time_limit": "time limit reached", "stopped": "stopped"}


def _outcome(run: ScoredRun) -> str:
    end = next((r for r in reversed(run.records) if r.kind == "end"), None)
    if end is None:
        return "not finished"
    reason = str(end.payload.get("reason", "stopped"))
    return f"{OUTCOMES.get(reason, reason)} at T+{format_clock(end.t)}"


def _score(run: ScoredRun) -> str:
    card = run.scorecard
    points = "" if card.overall_score is None else f"{card.overall_score:.0f}/100 "
    return f"{points}({card.overall_rating.value})"


def _delta(parent: float | None, branch: float | None, unit: str = "") -> str:
    if parent is None or branch is None:
        return ""
    d = branch - parent
    if abs(d) < 0.5:
        return "same"
    if unit == "time":
        sign = "+" if d > 0 else "−"
        return f"{sign}{format_clock(abs(d))}"
    return f"{d:+.0f}"


class BranchComparison(QFrame):
    """Parent run vs branch, for the branch's debrief."""

    def __init__(
        self,
        branch_records: tuple[Record, ...],
        bundle: Bundle,
        point: BranchPoint,
        name: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("branchComparison")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#branchComparison { background: #f3f0ff; }")
        layout = QVBoxLayout(self)
        title = QLabel(f"Branch of an earlier run, from T+{format_clock(point.t)}")
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        self.where = QLabel()
        self.where.setObjectName("branchDivergence")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.table = QTreeWidget()
        self.table.setObjectName("branchTable")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["", "Earlier run", "This branch", "Difference"])
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        try:
            parent_journal = load_journal(Path(point.parent))
        except JournalError as exc:
            self.where.setText(f"The earlier run cannot be read any more: {exc}")
            self.table.setVisible(False)
            return
        namer = app_namer(bundle, name)
        mine = score_run(branch_records, bundle)
        theirs = score_run(parent_journal.records, bundle)
        split = divergence(parent_journal.records, branch_records)
        if split.t is None:
            self.where.setText("This branch went exactly as the earlier run did.")
        else:
            was = describe_line(split.parent, namer) if split.parent else "(nothing more)"
            now = describe_line(split.branch, namer) if split.branch else "(nothing more)"
            self.where.setText(
                f"Diverged at T+{format_clock(split.t)}.\nEarlier run: {was}\nThis branch: {now}"
            )
        a, b = theirs.scorecard, mine.scorecard
        rows = [
            ("Outcome", _outcome(theirs), _outcome(mine), ""),
            (
                "Overall score",
                _score(theirs),
                _score(mine),
                _delta(a.overall_score, b.overall_score),
            ),
        ]
        for key, label in PHASES:
            pa, pb = theirs.phases.durations()[key], mine.phases.durations()[key]
            rows.append(
                (
                    label,
                    theirs.phases.text(key, never="did not happen"),
                    mine.phases.text(key, never="did not happen"),
                    _delta(pa, pb, "time"),
                )
            )
        for row in rows:
            self.table.addTopLevelItem(QTreeWidgetItem(list(row)))
        self.table.setMinimumHeight(self.table.sizeHintForRow(0) * (len(rows) + 1) + 8)
        self.score_delta = _delta(a.overall_score, b.overall_score)
        self.outcomes = (_outcome(theirs), _outcome(mine))

    def cell(self, label: str, column: int) -> str:
        """The text in a row (by its first cell) and column (for tests and the README)."""
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            if item is not None and item.text(0) == label:
                return item.text(column)
        return ""
