"""The debrief: the lesson first, then what really happened, how the team did, and the report.

Shown when an exercise ends (resolved, time limit, or stopped). The top says how it ended (a
premature resolution in so many words) and **what mattered most**: the three to five mistakes
ranked by their effect on customers and on the score (:mod:`reports.lessons`), each with the
moment it happened - a link that jumps to it in the timeline -, what a good incident commander
would have done and the guide's rule, and the **what if** of the biggest one: the same seed
re-run with the better decision (:mod:`reports.counterfactual`).

Left: the full timeline (the hidden truth included) and what really happened, with the phase
timings (:func:`simulator.phases.phase_times`, taken once with the score in
:func:`reports.scored.score_run`). Right: the scorecard (HSEEP ratings per family and
objective; the selected objective's measured value, target, how the target was set, notes and
evidence spelled out below it, so nothing needs hovering), the action items (play apart from
team design, the few that matter first), the report and the charts (in the app's palette).
The export buttons write into the run folder next to the journal.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QFontMetrics,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.charts import chart_theme
from gui.facilitator import truth_text
from gui.palette import ink, ink_name
from gui.session import Session
from gui.text import app_namer, is_player_visible, plain_tip, stamp
from reports.actionitems import ActionItem
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
#: Links in the lessons and the objective details: ``moment:<seq>`` jumps to the timeline.
MOMENT = "moment:"
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


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width.

    Qt measures a wrapped cell against the whole column width but draws it inside the
    cell's margins, so the last line of a long text could be cut off; this measures it the
    way it is drawn.
    """

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The wrapped text's height for the column's current width."""
        size = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = self.view.header().sectionSize(index.column()) - 14
        if index.column() == 0:
            width -= self.view.indentation() * (2 if index.parent().isValid() else 1)
        if not text or width <= 20:
            return size
        metrics = QFontMetrics(option.font)
        box = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), box.height() + 6))


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
            self.model = build_report(self.run, what_if=True)
        except Exception as exc:  # a report bug must not take the debrief down with it
            self.report_error = f"{type(exc).__name__}: {exc}"

        self.headline = QLabel(self._headline_text())
        self.headline.setObjectName("debriefHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.headline.setFont(font)
        if " while " in self.headline.text():  # a premature resolution is no success
            self.headline.setStyleSheet(f"color: {ink_name(RATING_COLOURS['U'])};")
        self.overall = self._overall()
        self.lessons = self._lessons_view()
        self.truth = QPlainTextEdit(truth_text(session))
        self.truth.setMinimumWidth(320)
        self.truth.setObjectName("debriefTruth")
        self.truth.setReadOnly(True)
        self.phases = self._phase_table()
        self.timeline_rows: dict[int, QTreeWidgetItem] = {}
        self.timeline = self._timeline()
        self.details = QTextBrowser()
        self.details.setObjectName("objectiveDetails")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._follow)
        self.details.document().setDefaultStyleSheet(link_style())
        self.score_tree = self._score_tree()
        self.actions_tree = self._action_items()
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
        body = QSplitter(Qt.Orientation.Vertical)
        body.setObjectName("debriefBody")
        body.addWidget(self.lessons)
        body.addWidget(self._splitter())
        body.setChildrenCollapsible(False)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        has_lessons = self.model is not None and bool(self.model.key_lessons)
        body.setSizes([250, 400] if has_lessons else [70, 580])
        layout.addWidget(body, 1)
        layout.addLayout(export_row)
        layout.addWidget(self.export_status)

    # ------------------------------------------------------------------ parts

    def _headline_text(self) -> str:
        """How the exercise ended, as the report says it (a premature resolution included)."""
        if self.model is not None and self.model.headline:
            return self.model.headline
        reason = self.session.exercise.state.ended or "stopped"
        return f"Exercise over — {reason.replace('_', ' ')}"

    def _lessons_view(self) -> QTextBrowser:
        """What mattered most, ranked, each with its moment as a link into the timeline."""
        view = QTextBrowser()
        view.setObjectName("debriefLessons")
        view.setOpenLinks(False)
        view.anchorClicked.connect(self._follow)
        view.document().setDefaultStyleSheet(link_style())
        view.setHtml(self._lessons_html())
        return view

    def _lessons_html(self) -> str:
        model = self.model
        if model is None:
            return f"<p>{escape(f'The lessons could not be worked out: {self.report_error}')}</p>"
        if not model.key_lessons:
            team = sum(1 for a in model.action_items if a.kind == "team")
            extra = (
                f" The team's design has {team} item(s) to look at (Action items)." if team else ""
            )
            return (
                "<h3 style='margin:0'>What mattered most</h3><p>Every objective was performed "
                f"without challenges: nothing to correct in this run's play.{escape(extra)}</p>"
            )
        muted = ink_name("#57606a")
        parts = ["<h3 style='margin:0'>What mattered most</h3><ol style='margin-top:2px'>"]
        for lesson in model.key_lessons:
            moment = escape(lesson.moment)
            if lesson.seq is not None:
                moment = f"<a href='{MOMENT}{lesson.seq}'>{moment}</a>"
            effect = (
                f"{lesson.points:.0f} points of the score"
                if lesson.points >= 1
                else "under 1 point of the score"
            )
            if lesson.user_minutes >= 1:
                effect = f"about {lesson.user_minutes:,.0f} user-minutes of impact; " + effect
            parts.append(
                f"<li style='margin-bottom:6px'><b>{escape(lesson.headline)}</b>"
                f" <span style='color:{muted}'>({escape(effect)})</span><br>"
                f"At {moment}: {escape(lesson.what_happened)}<br>"
                f"<i>A good incident commander:</i> {escape(lesson.better)}<br>"
                f"<span style='color:{muted}'>Rule: {escape(lesson.rule)}</span></li>"
            )
        parts.append("</ol>")
        what_if = model.counterfactual
        if what_if is not None:
            parts.append(
                f"<p><b>What if</b> (<a href='{MOMENT}{what_if.seq}'>the moment</a>): "
                f"{escape(what_if.summary)}<br><span style='color:{muted}'>"
                f"{escape(what_if.method)}</span></p>"
            )
        elif any(x.user_minutes >= 1 for x in model.key_lessons):
            parts.append(
                f"<p style='color:{muted}'>No what-if re-run: the better decision could not "
                "be replayed for this run.</p>"
            )
        return "".join(parts)

    def _follow(self, url: QUrl) -> None:
        """A ``moment:<seq>`` link: show that moment in the timeline."""
        text = url.toString()
        if text.startswith(MOMENT) and text[len(MOMENT) :].isdigit():
            self.show_moment([int(text[len(MOMENT) :])])

    def show_moment(self, seqs: Sequence[int]) -> QTreeWidgetItem | None:
        """Select the timeline rows of ``seqs`` (each the record itself, or the last row
        before it when the record is not listed) and bring the first into view."""
        rows = sorted(self.timeline_rows)
        items: list[QTreeWidgetItem] = []
        for seq in seqs:
            shown = max((s for s in rows if s <= seq), default=None)
            if shown is not None:
                items.append(self.timeline_rows[shown])
        if not items:
            return None
        self.left_tabs.setCurrentWidget(self.timeline)
        self.timeline.clearSelection()
        self.timeline.setCurrentItem(items[0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
        for item in items:
            item.setSelected(True)
        self.timeline.scrollToItem(items[0], QAbstractItemView.ScrollHint.PositionAtCenter)
        return items[0]

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
        for column, width in ((2, 170), (3, 190), (4, 95)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)  # wrapped, never cut short
        tree.setItemDelegate(WrapDelegate(tree))
        # rows are as tall as their wrapped text for the columns' current widths
        header.sectionResized.connect(lambda *_args: tree.doItemsLayout())
        tree.currentItemChanged.connect(lambda item, _old: self._show_details(item))
        tree.itemClicked.connect(self._clicked)
        first = self._first_to_read(tree)
        if first is not None:
            tree.setCurrentItem(first)
        return tree

    def _first_to_read(self, tree: QTreeWidget) -> QTreeWidgetItem | None:
        """The objective the details show first: the top lesson's, else the first below P."""
        wanted = None
        if self.model is not None and self.model.key_lessons:
            wanted = self.model.key_lessons[0].objectives[0]
        fallback = first = None
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            for j in range(top.childCount() if top is not None else 0):
                child = top.child(j) if top is not None else None
                if child is None:
                    continue
                if child.data(0, Qt.ItemDataRole.UserRole) == wanted:
                    return child
                if fallback is None and child.text(1) in ("S", "M", "U"):
                    fallback = child
                if first is None:
                    first = child
        return fallback or first

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        """A click on the evidence of an objective shows it in the timeline."""
        objective = self._objective(item)
        if column == 4 and objective is not None and objective.evidence:
            self.show_moment(list(objective.evidence))

    def _objective(self, item: QTreeWidgetItem | None) -> ObjectiveResult | None:
        if item is None:
            return None
        oid = item.data(0, Qt.ItemDataRole.UserRole)
        return self.scorecard.objective_or_none(str(oid)) if oid else None

    def _show_details(self, item: QTreeWidgetItem | None) -> None:
        """Everything about the selected objective, in words (no hovering needed)."""
        o = self._objective(item)
        if o is None:
            self.details.setHtml("<p>Select an objective to read how it was measured.</p>")
            return
        colour = ink_name(RATING_COLOURS.get(o.rating.value, "#57606a"))
        lines = [
            f"<b>{escape(o.id)}: {escape(o.title)}</b> — <span style='color:{colour}'>"
            f"<b>{escape(o.rating.value)}</b> {escape(o.rating.label.lower())}</span>",
            f"Measured: {escape(o.measured_text)}",
            f"Target: {escape(o.target)}",
        ]
        if o.target_source:
            lines.append(f"How the target was set: {escape(o.target_source)}")
        if o.scale:
            lines.append(f"Scale: {escape(o.scale)}")
        lines += [escape(note) for note in o.notes]
        if o.rules:
            lines.append("Rules: " + escape(", ".join(o.rules)))
        links = self._evidence_links(o)
        if links:
            lines.append("Evidence: " + links)
        self.details.setHtml("<br>".join(lines))

    def _evidence_links(self, o: ObjectiveResult) -> str:
        """The objective's evidence as times that jump to the timeline."""
        out = []
        for seq in o.evidence:
            record = self._record(seq)
            if record is not None:
                out.append(f"<a href='{MOMENT}{seq}'>{escape(self._clock(record.t))}</a>")
        return ", ".join(out)

    def _record(self, seq: int) -> Record | None:
        records = self.records
        if 0 <= seq < len(records) and records[seq].seq == seq:
            return records[seq]
        return next((r for r in records if r.seq == seq), None)

    def _clock(self, t: float) -> str:
        """Sim time as the timeline's stamp (``T+00:24:30``)."""
        return stamp(Record(0, t, "note", "", {}))

    def _objective_item(self, o: ObjectiveResult) -> QTreeWidgetItem:
        """One objective's row (evidence as the times it happened; a click there jumps to
        the timeline); the details pane below spells the rest out."""
        times = []
        for seq in o.evidence[:3]:
            record = self._record(seq)
            if record is not None:
                times.append(self._clock(record.t))
        evidence = "\n".join(times) + ("\n…" if len(o.evidence) > 3 else "")
        item = QTreeWidgetItem(
            [f"{o.id}: {o.title}", o.rating.value, o.measured_text, o.target, evidence]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, o.id)
        if o.evidence:
            item.setToolTip(4, "Click to show these moments in the timeline")
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
            item.setData(0, Qt.ItemDataRole.UserRole, record.seq)
            if not is_player_visible(record):
                item.setForeground(1, ink("#7c3aed"))
            tree.addTopLevelItem(item)
            self.timeline_rows[record.seq] = item
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setItemDelegate(WrapDelegate(tree))
        tree.header().sectionResized.connect(lambda *_args: tree.doItemsLayout())
        return tree

    def _action_items(self) -> QTreeWidget:
        """The action items: play apart from team design, the few that matter first."""
        tree = QTreeWidget()
        tree.setObjectName("actionItems")
        tree.setHeaderLabels(["Priority", "Action", "Owner", "Due"])
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        items: tuple[ActionItem, ...] = self.model.action_items if self.model is not None else ()
        bold = QFont()
        bold.setBold(True)
        groups = (
            ("play", "Play: what the people in the exercise do next time"),
            ("team", "Team design: what the team changes before the next incident"),
        )
        for kind, title in groups:
            mine = [a for a in items if a.kind == kind]
            if not mine:
                continue
            top = QTreeWidgetItem([title, "", "", ""])
            top.setFirstColumnSpanned(True)
            top.setFont(0, bold)
            for a in mine:
                child = QTreeWidgetItem([a.priority, a.action, a.owner, a.due])
                if a.priority == "High":
                    child.setForeground(0, ink(RATING_COLOURS["U"]))
                top.addChild(child)
            tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)
        if not items:
            tree.addTopLevelItem(QTreeWidgetItem(["", "No action items: no objective failed."]))
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setItemDelegate(WrapDelegate(tree))
        header = tree.header()
        header.sectionResized.connect(lambda *_args: tree.doItemsLayout())
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 200), (3, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
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
            theme = chart_theme()
            try:
                figures = [
                    phase_timeline_figure(data, theme),
                    impact_figure(data, theme),
                    cadence_figure(data, theme),
                ]
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
        left.setObjectName("debriefLeft")
        left.addTab(self.timeline, "Full timeline")
        left.addTab(self.truth, "What really happened")
        self.left_tabs = left
        left_box = QWidget()
        left_layout = QVBoxLayout(left_box)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(left, 3)
        left_layout.addWidget(QLabel("Phase timings"))
        left_layout.addWidget(self.phases, 2)
        right = QTabWidget()
        right.setObjectName("debriefRight")
        scores = QSplitter(Qt.Orientation.Vertical)
        scores.setObjectName("scorecardPane")
        scores.addWidget(self.score_tree)
        scores.addWidget(self.details)
        scores.setChildrenCollapsible(False)
        scores.setSizes([260, 140])
        right.addTab(scores, "Scorecard")
        right.addTab(self.actions_tree, "Action items")
        right.addTab(self.report, "Report")
        right.addTab(self.charts_tab, "Charts")
        splitter = QSplitter()
        splitter.addWidget(left_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([440, 800])
        return splitter

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown at its real size, lay the wrapped rows out for their final widths."""
        super().showEvent(event)
        QTimer.singleShot(0, self._relayout)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wrapped rows change height with the window's width."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self._relayout)

    def _relayout(self) -> None:
        for tree in (self.score_tree, self.actions_tree, self.timeline):
            tree.doItemsLayout()

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


def link_style() -> str:
    """Links readable on the app's palette (a dark theme gets a lighter blue)."""
    return f"a {{ color: {ink_name('#0b57d0')}; }}"
