"""The debrief: what really happened, how the team did, and the report.

Shown when an exercise ends (resolved, time limit, or stopped). Left: the hidden truth
revealed and the phase timings (:func:`simulator.phases.phase_times`, the one definition, taken
once with the score in :func:`reports.scored.score_run`).
Right: the scorecard (HSEEP ratings per family and objective, with the measured value, the
target and the evidence) and the report export buttons, which write into the run folder next
to the journal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.facilitator import truth_text
from gui.palette import ink
from gui.session import Session
from gui.text import app_namer, is_player_visible, plain_tip, stamp
from reports.charts import cadence_figure, impact_figure, phase_timeline_figure
from reports.describe import describe_line
from reports.export import write_model
from reports.markdown import render_markdown
from reports.scored import ScoredRun, score_run
from reports.viewmodel import ReportModel, build_report
from simulator.journal import Record
from simulator.phases import PHASES
from simulator.scoring import ObjectiveResult, Scorecard

RATING_COLOURS = {"P": "#2e7d32", "S": "#7a8b00", "M": "#d9480f", "U": "#b3261e"}
#: GitHub-flavoured Markdown (tables) with every HTML block and span read as text.
_MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
#: Report formats offered for export, with their button labels.
FORMATS = (("html", "HTML"), ("md", "Markdown"), ("pdf", "PDF"), ("json", "JSON"))


def journal_line(session: Any) -> str:
    """Where the run's journal is, or, after a write failed and nothing was saved since, that
    the run is only in memory and how to keep it (so the debrief never points at a file that
    does not hold the run)."""
    if getattr(session, "journal_failed", False):
        return (
            f"Journal: not saved — writing {session.journal_path} failed; the run is only in "
            "memory (Exercise > Save journal as… keeps it)"
        )
    return f"Journal: {session.journal_path}"


class Debrief(QWidget):
    """The end-of-exercise screen for one session.

    The journal is scored once (:func:`reports.scored.score_run`) and the report built once
    (:func:`reports.viewmodel.build_report`); the phase table, scorecard, report text, charts
    and every export read those.
    """

    backRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debrief")
        self.session = session
        self.records: Sequence[Record] = tuple(session.exercise.records)
        self.run: ScoredRun = score_run(self.records, session.bundle)
        self.scorecard: Scorecard = self.run.scorecard
        #: The report, or None when building it failed (``report_error`` says why).
        self.model: ReportModel | None = None
        self.report_error = ""
        try:
            self.model = build_report(self.run)
        except Exception as exc:  # a report bug must not take the debrief down with it
            self.report_error = f"{type(exc).__name__}: {exc}"

        reason = session.exercise.state.ended or "stopped"
        self.headline = QLabel(f"Exercise over — {reason.replace('_', ' ')}")
        self.headline.setObjectName("debriefHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.headline.setFont(font)
        self.overall = self._overall()
        self.truth = QPlainTextEdit(truth_text(session))
        self.truth.setMinimumWidth(320)
        self.truth.setObjectName("debriefTruth")
        self.truth.setReadOnly(True)
        self.phases = self._phase_table()
        self.score_tree = self._score_tree()
        self.timeline = self._timeline()
        self.report = self._report_view()
        self.charts_tab = self._charts()
        self.export_buttons: dict[str, QPushButton] = {}
        export_row = self._export_row()
        self.export_status = QLabel(journal_line(session))
        self.export_status.setTextFormat(Qt.TextFormat.PlainText)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_status.setObjectName("exportStatus")
        self.export_status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.overall)
        layout.addWidget(self._splitter(), 1)
        layout.addLayout(export_row)
        layout.addWidget(self.export_status)

    # ------------------------------------------------------------------ parts

    def _overall(self) -> QLabel:
        """The overall rating and score, in the rating's colour."""
        card = self.scorecard
        overall = card.overall_rating
        points = "" if card.overall_score is None else f" ({card.overall_score:.0f}/100)"
        label = QLabel(f"Overall: {overall.value} — {overall.label}{points}")
        label.setObjectName("overallScore")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        colour = RATING_COLOURS.get(overall.value, "")
        label.setStyleSheet(f"color: {colour}; font-size: 13pt; font-weight: bold;")
        return label

    def _phase_table(self) -> QTreeWidget:
        """The phase timings of the run."""
        table = QTreeWidget()
        table.setObjectName("phaseTable")
        table.setHeaderLabels(["Phase", "Time"])
        table.setRootIsDecorated(False)
        times = self.run.phases
        for key, label in PHASES:
            # "not recorded" (an anchor missing from the journal, e.g. an imported timeline
            # without an impact start) is shown as such, never as 0; the tooltip says why.
            item = QTreeWidgetItem([label, times.text(key, never="did not happen")])
            why = times.not_recorded(key)
            if why:
                item.setToolTip(1, plain_tip(f"Not recorded: {why}."))
            table.addTopLevelItem(item)
        table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(table.sizeHintForRow(0) * 7 + 30)
        return table

    def _score_tree(self) -> QTreeWidget:
        """The scorecard: a family per top-level row, its objectives under it."""
        tree = QTreeWidget()
        tree.setObjectName("scoreTree")
        tree.setHeaderLabels(["Objective", "Rating", "Measured", "Target", "Evidence"])
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setAlternatingRowColors(True)
        card = self.scorecard
        by_id = {o.id: o for o in card.objectives}
        bold = QFont()
        bold.setBold(True)
        for family in card.families:
            score_text = "" if family.score is None else f"{family.score:.0f}/100"
            top = QTreeWidgetItem([family.title, family.rating.value, score_text, "", ""])
            top.setFont(0, bold)
            self._colour(top, family.rating.value)
            top.setToolTip(1, family.rating.label)
            for objective_id in family.objectives:
                o = by_id.get(objective_id)
                if o is not None:
                    top.addChild(self._objective_item(o))
            tree.addTopLevelItem(top)
            top.setExpanded(True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((2, 190), (3, 230), (4, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        return tree

    def _objective_item(self, o: ObjectiveResult) -> QTreeWidgetItem:
        """One objective's row, with its rating, notes and rules in the tooltips."""
        evidence = ", ".join(f"#{s}" for s in o.evidence[:6])
        item = QTreeWidgetItem(
            [f"{o.id}: {o.title}", o.rating.value, o.measured_text, o.target, evidence]
        )
        tip = [o.title, o.rating.label, f"Scale: {o.scale}", *o.notes]
        if o.rules:
            tip.append("Rules: " + ", ".join(o.rules))
        item.setToolTip(0, plain_tip("\n".join(tip)))
        measured_tip = o.measured_text
        if not o.measurable and o.notes:
            measured_tip += f"\n{o.notes[0]}"
        item.setToolTip(2, plain_tip(measured_tip))
        self._colour(item, o.rating.value)
        return item

    @staticmethod
    def _colour(item: QTreeWidgetItem, rating: str) -> None:
        colour = RATING_COLOURS.get(rating)
        if colour:
            item.setForeground(1, ink(colour))

    def _timeline(self) -> QTreeWidget:
        """Every record but the header and samples, the hidden truth in purple."""
        tree = QTreeWidget()
        tree.setObjectName("debriefTimeline")
        tree.setHeaderLabels(["Time", "What happened (hidden truth included)"])
        tree.setRootIsDecorated(False)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        namer = app_namer(self.session.bundle, self.session.person_name)
        for record in self.records:
            if record.kind in ("header", "sample"):
                continue
            text = describe_line(record, namer, truth=True)
            if not is_player_visible(record):  # the hidden truth, marked in words and colour
                text = f"(truth) {text}"
            item = QTreeWidgetItem([stamp(record), text])
            if not is_player_visible(record):
                item.setForeground(1, QColor("#7c3aed"))
            tree.addTopLevelItem(item)
        return tree

    def _report_view(self) -> QTextEdit:
        """The post-mortem, rendered from its Markdown as in a wiki."""
        view = QTextEdit()
        view.setObjectName("reportText")
        view.setReadOnly(True)
        self.report_markdown = self._report_text()
        if self.model is not None and self.report_markdown.startswith("#"):
            # rendered, as in a wiki: headings, bold, tables; raw HTML from scenario text stays
            # literal text (MarkdownNoHTML), never markup
            view.document().setMarkdown(self.report_markdown, _MARKDOWN_FEATURES)
            view.moveCursor(QTextCursor.MoveOperation.Start)
        else:
            view.setPlainText(self.report_markdown)
        return view

    def _report_text(self) -> str:
        """The post-mortem report as Markdown source."""
        if self.model is None:
            return f"The report could not be built: {self.report_error}"
        try:
            return render_markdown(self.model)
        except Exception as exc:  # a report bug must not take the debrief down with it
            return f"The report could not be built: {type(exc).__name__}: {exc}"

    def _charts(self) -> QScrollArea:
        """The report's charts (phases, impact, cadence) on canvases."""
        box = QWidget()
        box.setObjectName("debriefCharts")
        layout = QVBoxLayout(box)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(box)
        why = self.report_error
        figures: list[Figure] = []
        if self.model is not None:
            data = self.model.charts
            try:
                figures = [phase_timeline_figure(data), impact_figure(data), cadence_figure(data)]
            except Exception as exc:  # a report bug must not take the debrief down with it
                why = f"{type(exc).__name__}: {exc}"
        if why:
            message = QLabel(f"The charts could not be drawn: {why}")
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.setWordWrap(True)
            layout.addWidget(message)
        for figure in figures:
            canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
            canvas.setMinimumHeight(220)
            layout.addWidget(canvas)
        return area

    def _export_row(self) -> QHBoxLayout:
        """Export buttons, the run folder and the way back to the library."""
        row = QHBoxLayout()
        row.addWidget(QLabel("Export the report:"))
        for fmt, label in FORMATS:
            button = QPushButton(label)
            button.setObjectName(f"export_{fmt}")
            button.setToolTip(f"Write the post-mortem report as {label} into the run folder")
            button.clicked.connect(lambda _checked=False, f=fmt: self.export([f]))
            button.setEnabled(self.model is not None)
            self.export_buttons[fmt] = button
            row.addWidget(button)
        self.open_folder = QPushButton("Open run folder")
        self.open_folder.setObjectName("openRunFolder")
        self.open_folder.clicked.connect(self._open_folder)
        row.addWidget(self.open_folder)
        row.addStretch(1)
        self.back = QPushButton("Back to the library")
        self.back.setObjectName("backToLibrary")
        self.back.clicked.connect(self.backRequested)
        row.addWidget(self.back)
        return row

    def _splitter(self) -> QSplitter:
        """Truth, timeline and phases on the left; scorecard, report and charts on the right."""
        left = QTabWidget()
        left.addTab(self.truth, "What really happened")
        left.addTab(self.timeline, "Full timeline")
        left_box = QWidget()
        left_layout = QVBoxLayout(left_box)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(left, 3)
        left_layout.addWidget(QLabel("Phase timings"))
        left_layout.addWidget(self.phases, 2)
        right = QTabWidget()
        right.setObjectName("debriefRight")
        right.addTab(self.score_tree, "Scorecard")
        right.addTab(self.report, "Report")
        right.addTab(self.charts_tab, "Charts")
        splitter = QSplitter()
        splitter.addWidget(left_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 780])
        return splitter

    def rating_of(self, objective_id: str) -> str:
        """The rating shown for an objective (for tests and the README)."""
        for i in range(self.score_tree.topLevelItemCount()):
            top = self.score_tree.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.text(0).startswith(f"{objective_id}:"):
                    return child.text(1)
        return ""

    def export(self, formats: list[str]) -> list[Path]:
        """Write the report in ``formats`` into ``<run dir>/report`` (the report shown here)."""
        if self.model is None:
            return []
        out = self.session.run_dir / "report"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write_model(self.scorecard, self.model, out, formats)
        except (OSError, ValueError) as exc:
            QApplication.restoreOverrideCursor()
            dialogs.warn(self, "Export failed", f"The report could not be written to {out}: {exc}")
            return []
        QApplication.restoreOverrideCursor()
        self.export_status.setText("Written: " + ", ".join(str(p) for p in written))
        return list(written)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.run_dir)))

    def stop(self) -> None:
        """Nothing runs here; kept for symmetry with the other pages."""
