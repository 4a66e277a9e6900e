"""The debrief: what really happened, how the team did, and the report.

Shown when an exercise ends (resolved, time limit, or stopped). Left: the hidden truth
revealed and the phase timings (:func:`simulator.phases.phase_times`, the one definition).
Right: the scorecard (HSEEP ratings per family and objective, with the measured value, the
target and the evidence) and the report export buttons, which write into the run folder next
to the journal.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from gui.describe import describe, plain_tip, stamp
from gui.facilitator import truth_text
from gui.palette import ink
from gui.session import Session
from simulator.journal import Record
from simulator.phases import PHASES, phase_times

if TYPE_CHECKING:
    from simulator.scoring import Scorecard

RATING_COLOURS = {"P": "#2e7d32", "S": "#7a8b00", "M": "#d9480f", "U": "#b3261e"}
#: GitHub-flavoured Markdown (tables) with every HTML block and span read as text.
_MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
#: Report formats offered for export, with their button labels.
FORMATS = (("html", "HTML"), ("md", "Markdown"), ("pdf", "PDF"), ("json", "JSON"))


def _find_writer() -> Callable[..., list[Path]] | None:
    """The report writer ``write_report(records, bundle, out_dir, formats)``, once it exists."""
    for module in ("reports.export", "reports.cli"):
        if importlib.util.find_spec(module) is None:
            continue
        loaded = importlib.import_module(module)
        writer = getattr(loaded, "write_report", None)
        if callable(writer):
            return writer  # type: ignore[no-any-return]
    return None


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
    """The end-of-exercise screen for one session."""

    backRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debrief")
        self.session = session
        self.records: Sequence[Record] = tuple(session.exercise.records)
        state = session.exercise.state
        reason = state.ended or "stopped"
        self.headline = QLabel(f"Exercise over — {reason.replace('_', ' ')}")
        self.headline.setObjectName("debriefHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.headline.setFont(font)
        self.overall = QLabel("")
        self.overall.setObjectName("overallScore")
        self.overall.setTextFormat(Qt.TextFormat.PlainText)
        self.overall.setWordWrap(True)

        self.truth = QPlainTextEdit(truth_text(session))
        self.truth.setMinimumWidth(320)
        self.truth.setObjectName("debriefTruth")
        self.truth.setReadOnly(True)
        self.phases = QTreeWidget()
        self.phases.setObjectName("phaseTable")
        self.phases.setHeaderLabels(["Phase", "Time"])
        self.phases.setRootIsDecorated(False)
        times = phase_times(self.records)
        for key, label in PHASES:
            # "not recorded" (an anchor missing from the journal, e.g. an imported timeline
            # without an impact start) is shown as such, never as 0; the tooltip says why.
            item = QTreeWidgetItem([label, times.text(key, never="did not happen")])
            why = times.not_recorded(key)
            if why:
                item.setToolTip(1, plain_tip(f"Not recorded: {why}."))
            self.phases.addTopLevelItem(item)
        self.phases.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.phases.setMinimumHeight(self.phases.sizeHintForRow(0) * 7 + 30)

        self.scorecard: Scorecard | None = None
        self.score_tree = QTreeWidget()
        self.score_tree.setObjectName("scoreTree")
        self.score_tree.setHeaderLabels(["Objective", "Rating", "Measured", "Target", "Evidence"])
        self.score_tree.setWordWrap(True)
        self.score_tree.setUniformRowHeights(False)
        self.score_tree.setAlternatingRowColors(True)
        self._fill_scores()

        self.timeline = QTreeWidget()
        self.timeline.setObjectName("debriefTimeline")
        self.timeline.setHeaderLabels(["Time", "What happened (hidden truth included)"])
        self.timeline.setRootIsDecorated(False)
        self.timeline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for record in self.records:
            if record.kind in ("header", "sample"):
                continue
            item = QTreeWidgetItem([stamp(record), describe(record, session.person_name)])
            if record.kind in ("impact_start", "mitigation_effect", "relapse", "impact_end"):
                item.setForeground(1, QColor("#7c3aed"))
            self.timeline.addTopLevelItem(item)

        self.writer = _find_writer()
        self.export_buttons: dict[str, QPushButton] = {}
        export_row = QHBoxLayout()
        export_row.addWidget(QLabel("Export the report:"))
        for fmt, label in FORMATS:
            button = QPushButton(label)
            button.setObjectName(f"export_{fmt}")
            button.setToolTip(f"Write the post-mortem report as {label} into the run folder")
            button.clicked.connect(lambda _checked=False, f=fmt: self.export([f]))
            button.setEnabled(self.writer is not None)
            self.export_buttons[fmt] = button
            export_row.addWidget(button)
        self.open_folder = QPushButton("Open run folder")
        self.open_folder.setObjectName("openRunFolder")
        self.open_folder.clicked.connect(self._open_folder)
        export_row.addWidget(self.open_folder)
        export_row.addStretch(1)
        self.back = QPushButton("Back to the library")
        self.back.setObjectName("backToLibrary")
        self.back.clicked.connect(self.backRequested)
        export_row.addWidget(self.back)
        self.export_status = QLabel(journal_line(session))
        self.export_status.setTextFormat(Qt.TextFormat.PlainText)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_status.setObjectName("exportStatus")
        self.export_status.setWordWrap(True)

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
        self.report = QTextEdit()
        self.report.setObjectName("reportText")
        self.report.setReadOnly(True)
        self.report_markdown = self._report_text()
        if self.scorecard is not None and self.report_markdown.startswith("#"):
            # rendered, as in a wiki: headings, bold, tables; raw HTML from scenario text stays
            # literal text (MarkdownNoHTML), never markup
            self.report.document().setMarkdown(self.report_markdown, _MARKDOWN_FEATURES)
            self.report.moveCursor(QTextCursor.MoveOperation.Start)
        else:
            self.report.setPlainText(self.report_markdown)
        right.addTab(self.report, "Report")
        self.charts_tab = self._charts()
        if self.charts_tab is not None:
            right.addTab(self.charts_tab, "Charts")
        splitter = QSplitter()
        splitter.addWidget(left_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.overall)
        layout.addWidget(splitter, 1)
        layout.addLayout(export_row)
        layout.addWidget(self.export_status)

    def _fill_scores(self) -> None:
        try:
            from simulator.scoring import score
        except ImportError:
            self.overall.setText("Scoring is not available in this build.")
            return
        card = score(self.records, self.session.bundle)
        self.scorecard = card
        overall = card.overall_rating
        points = "" if card.overall_score is None else f" ({card.overall_score:.0f}/100)"
        self.overall.setText(f"Overall: {overall.value} — {overall.label}{points}")
        colour = RATING_COLOURS.get(overall.value, "")
        self.overall.setStyleSheet(f"color: {colour}; font-size: 13pt; font-weight: bold;")
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
                if o is None:
                    continue
                evidence = ", ".join(f"#{s}" for s in o.evidence[:6])
                child = QTreeWidgetItem(
                    [f"{o.id}: {o.title}", o.rating.value, o.measured_text, o.target, evidence]
                )
                tip = [o.title, o.rating.label, f"Scale: {o.scale}"]
                tip += list(o.notes)
                if o.rules:
                    tip.append("Rules: " + ", ".join(o.rules))
                child.setToolTip(0, plain_tip("\n".join(tip)))
                measured_tip = o.measured_text
                if not o.measurable and o.notes:
                    measured_tip += f"\n{o.notes[0]}"
                child.setToolTip(2, plain_tip(measured_tip))
                self._colour(child, o.rating.value)
                top.addChild(child)
            self.score_tree.addTopLevelItem(top)
            top.setExpanded(True)
        header = self.score_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((2, 190), (3, 230), (4, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

    @staticmethod
    def _colour(item: QTreeWidgetItem, rating: str) -> None:
        colour = RATING_COLOURS.get(rating)
        if colour:
            item.setForeground(1, ink(colour))

    def _charts(self) -> QWidget | None:
        """The report's charts (phases, impact, cadence) on canvases, once reports/ exists."""
        if self.scorecard is None or importlib.util.find_spec("reports.charts") is None:
            return None
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        charts: Any = importlib.import_module("reports.charts")
        viewmodel: Any = importlib.import_module("reports.viewmodel")
        box = QWidget()
        box.setObjectName("debriefCharts")
        layout = QVBoxLayout(box)
        try:
            data = viewmodel.build_report(list(self.records), self.session.bundle, self.scorecard)
            figures = [
                charts.phase_timeline_figure(data.charts),
                charts.impact_figure(data.charts),
                charts.cadence_figure(data.charts),
            ]
        except Exception as exc:  # a report bug must not take the debrief down with it
            message = QLabel(f"The charts could not be drawn: {type(exc).__name__}: {exc}")
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.setWordWrap(True)
            layout.addWidget(message)
            return box
        for figure in figures:
            canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
            canvas.setMinimumHeight(220)
            layout.addWidget(canvas)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(box)
        return area

    def _report_text(self) -> str:
        """The post-mortem report as Markdown source, shown as plain text."""
        if self.scorecard is None or importlib.util.find_spec("reports.markdown") is None:
            return "The report is not available in this build."
        viewmodel: Any = importlib.import_module("reports.viewmodel")
        markdown: Any = importlib.import_module("reports.markdown")
        try:
            model = viewmodel.build_report(list(self.records), self.session.bundle, self.scorecard)
            return str(markdown.render_markdown(model))
        except Exception as exc:  # a report bug must not take the debrief down with it
            return f"The report could not be built: {type(exc).__name__}: {exc}"

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
        """Write the report in ``formats`` into ``<run dir>/report``."""
        if self.writer is None:
            return []
        out = self.session.run_dir / "report"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = self.writer(list(self.records), self.session.bundle, out, formats)
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
