"""The Trends view: how exercises add up over months, and the action items they raised.

Charts (:mod:`reports.trends`, the same figures as the HTML report) for the exercises the
filters select: exercises per month by severity; MTTD, MTTA, time to mitigate and to resolve
(median, p10-p90 band); score by family over time per trainee or per team; the objectives most
often failed; action items. Each chart exports as PNG or SVG, the whole view as one HTML page.
Below, repeat patterns and every action item, tracked across exercises: status, owner and due
date are edited here (stored in the index, never in a journal); overdue ones are in red.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.text import plain_tip
from reports.trends import CHARTS, ChartSpec, save_chart, write_trends_html
from simulator.history import Filter, HistoryStore
from simulator.history.entry import ActionItemRow
from simulator.history.store import ITEM_LABELS, ITEM_STATUSES
from simulator.history.trends import Trends, build_trends, is_overdue

OVERDUE = "#b3261e"
ITEM_COLUMNS = ("Action item", "Owner", "Due", "Status", "Raised by")


class TrendsView(QWidget):
    """Trends and action items over the history.

    Signals:
        runRequested(str): open the debrief of the run that raised an action item.
        backRequested(): back to the library.
    """

    runRequested = Signal(str)
    backRequested = Signal()

    def __init__(
        self, store: HistoryStore, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trendsView")
        self.store = store
        self.today = today or date.today()
        self.trends = Trends()
        self.items: list[ActionItemRow] = []
        self.canvases: dict[str, FigureCanvasQTAgg] = {}
        self.scenario = self._combo("trendsScenario", "All scenarios")
        self.team = self._combo("trendsTeam", "All teams")
        self.trainee = self._combo("trendsTrainee", "All trainees")
        self.group_by = QComboBox()
        self.group_by.setObjectName("trendsGroupBy")
        self.group_by.addItem("Scores per trainee", "trainee")
        self.group_by.addItem("Scores per team", "team")
        self.summary = QLabel()
        self.summary.setObjectName("trendsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.export_html = QPushButton("Export view as HTML…")
        self.export_html.setObjectName("trendsExportHtml")
        self.export_html.clicked.connect(lambda: self.export_report())
        back = QPushButton("Back to the library")
        back.setObjectName("trendsBack")
        back.clicked.connect(self.backRequested.emit)
        self.charts_box = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts_box)
        self.patterns = QTableWidget(0, 3)
        self.patterns.setObjectName("trendsPatterns")
        self.patterns.setHorizontalHeaderLabels(["Rule failed again and again", "Runs", "Where"])
        self.patterns.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.patterns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.item_table = QTableWidget(0, len(ITEM_COLUMNS))
        self.item_table.setObjectName("actionItems")
        self.item_table.setHorizontalHeaderLabels(ITEM_COLUMNS)
        self.item_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.item_table.setColumnWidth(1, 140)
        self.item_table.setColumnWidth(2, 95)
        self.item_table.setColumnWidth(3, 110)
        self.item_table.setColumnWidth(4, 220)
        self.item_table.itemChanged.connect(self._item_edited)
        self.item_table.cellDoubleClicked.connect(self._item_double_clicked)
        self.items_label = QLabel()
        self.items_label.setObjectName("itemsLabel")
        self.items_label.setTextFormat(Qt.TextFormat.PlainText)

        filters = QHBoxLayout()
        title = QLabel("Trends")
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        filters.addWidget(title)
        for widget in (self.scenario, self.team, self.trainee, self.group_by):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.export_html)
        filters.addWidget(back)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(
            QLabel("Repeat patterns (the same rule failed in three runs or more)")
        )
        lower_layout.addWidget(self.patterns, 1)
        lower_layout.addWidget(self.items_label)
        lower_layout.addWidget(self.item_table, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        for combo in (self.scenario, self.team, self.trainee, self.group_by):
            combo.currentIndexChanged.connect(self.refresh)
        self.reload()

    @staticmethod
    def _combo(name: str, any_label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(any_label, "")
        return combo

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the index again and redraw."""
        rows = self.store.rows()
        for combo, pairs in (
            (self.scenario, {(r.scenario_title or r.scenario_id, r.scenario_id) for r in rows}),
            (self.team, {(r.team_name or r.team_id, r.team_id) for r in rows}),
            (self.trainee, {(r.trainee, r.trainee) for r in rows}),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in sorted(p for p in pairs if p[1]):
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.refresh()

    def current_filter(self) -> Filter:
        """The filter the combo boxes describe."""
        return Filter(
            scenario=str(self.scenario.currentData() or ""),
            team=str(self.team.currentData() or ""),
            trainee=str(self.trainee.currentData() or ""),
        )

    def filter_text(self) -> str:
        """The filter in words (for the HTML report)."""
        parts = [
            c.currentText() for c in (self.scenario, self.team, self.trainee) if c.currentIndex()
        ]
        return ", ".join(parts) or "all exercises"

    def refresh(self) -> None:
        """Rebuild the trends for the filter and redraw every chart and table."""
        rows = self.store.rows(self.current_filter())
        ids = [r.id for r in rows]
        self.items = self.store.action_items(ids)
        self.trends = build_trends(
            rows,
            self.store.details(ids),
            self.items,
            group_by=str(self.group_by.currentData() or "trainee"),
            today=self.today,
        )
        t = self.trends
        self.summary.setText(
            f"{t.runs} exercise{'s' if t.runs != 1 else ''}"
            + (f" ({t.real} real incident{'s' if t.real != 1 else ''})" if t.real else "")
            + (f" from {t.months[0]} to {t.months[-1]}" if t.months else "")
        )
        self._draw_charts()
        self._fill_patterns()
        self._fill_items()

    def _draw_charts(self) -> None:
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.canvases = {}
        for spec in CHARTS:
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            figure = spec.draw(self.trends)
            canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
            canvas.setObjectName(f"chart_{spec.id}")
            canvas.setMinimumHeight(int(figure.get_figheight() * 80))
            self.canvases[spec.id] = canvas
            row = QHBoxLayout()
            caption = QLabel(spec.caption)
            caption.setWordWrap(True)
            row.addWidget(caption, 1)
            for fmt in ("png", "svg"):
                button = QPushButton(f"Save {fmt.upper()}…")
                button.setObjectName(f"save_{spec.id}_{fmt}")
                button.clicked.connect(lambda _c=False, s=spec, f=fmt: self.export_chart(s, f))
                row.addWidget(button)
            box_layout.addWidget(canvas)
            box_layout.addLayout(row)
            self.charts_layout.addWidget(box)

    def _fill_patterns(self) -> None:
        patterns = self.trends.patterns
        self.patterns.setRowCount(len(patterns))
        for i, p in enumerate(patterns):
            where = "; ".join(f"{title} ({day})" for _id, title, day in p.runs[:6])
            if len(p.runs) > 6:
                where += f"; and {len(p.runs) - 6} more"
            cells = (f"{p.rule}: {', '.join(p.objectives)}", str(len(p.runs)), where)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tip(text))
                self.patterns.setItem(i, column, item)

    def _fill_items(self) -> None:
        table = self.item_table
        table.blockSignals(True)
        table.setRowCount(len(self.items))
        for i, item in enumerate(self.items):
            self._fill_item_row(i, item)
        table.blockSignals(False)
        p = self.trends.items
        self.items_label.setText(
            f"Action items: {p.open} open, {p.in_progress} in progress, {p.done} done"
            + (f", {p.overdue} overdue (in red)" if p.overdue else "")
            + " — edit owner and due date in place; double-click “Raised by” to open the run."
        )

    def _fill_item_row(self, i: int, item: ActionItemRow) -> None:
        table = self.item_table
        overdue = is_overdue(item, self.today)
        texts = (item.text, item.owner, item.due, "", f"{item.run_title} ({item.started[:10]})")
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(text)
            if column in (0, 4):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            cell.setToolTip(plain_tip(text))
            if overdue:
                cell.setForeground(QBrush(QColor(OVERDUE)))
            table.setItem(i, column, cell)
        status = QComboBox()
        status.setObjectName(f"itemStatus_{i}")
        for key in ITEM_STATUSES:
            status.addItem(ITEM_LABELS[key], key)
        status.setCurrentIndex(ITEM_STATUSES.index(item.status))
        status.currentIndexChanged.connect(
            lambda _i, row=i, box=status: self._status_changed(row, box)
        )
        table.setCellWidget(i, 3, status)

    # ------------------------------------------------------------------ editing

    def set_status(self, row: int, status: str) -> None:
        """Track an action item's status (the row's combo box does this too)."""
        box = self.item_table.cellWidget(row, 3)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(ITEM_STATUSES.index(status))

    def _status_changed(self, row: int, box: QComboBox) -> None:
        self._update(row, status=str(box.currentData()))

    def _item_edited(self, cell: QTableWidgetItem) -> None:
        row, column = cell.row(), cell.column()
        if column == 1:
            self._update(row, owner=cell.text().strip())
        elif column == 2:
            self._update(row, due=cell.text().strip())

    def _update(
        self, row: int, status: str | None = None, owner: str | None = None, due: str | None = None
    ) -> None:
        if not 0 <= row < len(self.items):
            return
        try:
            new = self.store.update_action_item(self.items[row], status, owner, due)
        except ValueError as exc:
            dialogs.warn(self, "Action item", str(exc))
            new = self.items[row]
        self.items[row] = new
        self.item_table.blockSignals(True)
        self._fill_item_row(row, new)
        self.item_table.blockSignals(False)
        self.trends = build_trends(
            self.store.rows(self.current_filter()),
            self.store.details([r.id for r in self.store.rows(self.current_filter())]),
            self.items,
            group_by=str(self.group_by.currentData() or "trainee"),
            today=self.today,
        )
        p = self.trends.items
        self.items_label.setText(
            f"Action items: {p.open} open, {p.in_progress} in progress, {p.done} done"
            + (f", {p.overdue} overdue (in red)" if p.overdue else "")
        )

    def _item_double_clicked(self, row: int, column: int) -> None:
        if column == 4 and 0 <= row < len(self.items):
            self.runRequested.emit(self.items[row].journal)

    # ------------------------------------------------------------------ export

    def _ask_path(self, title: str, name: str, filter_text: str, suffix: str) -> Path | None:
        dialog = QFileDialog(self, title, str(Path.home() / name))
        dialog.setObjectName("trendsExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(filter_text)
        dialog.setDefaultSuffix(suffix)
        if not dialogs.run_modal(dialog) or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def export_chart(self, spec: ChartSpec, fmt: str, path: Path | None = None) -> Path | None:
        """Save one chart as PNG or SVG (asks where unless ``path`` is given)."""
        target = path or self._ask_path(
            "Save chart", f"trends-{spec.id}.{fmt}", f"{fmt.upper()} (*.{fmt})", fmt
        )
        if target is None:
            return None
        try:
            save_chart(spec.draw(self.trends), target)
        except (OSError, ValueError) as exc:
            dialogs.warn(self, "Save chart", f"{target} could not be written: {exc}")
            return None
        self.summary.setText(f"Saved {target}")
        return target

    def export_report(self, path: Path | None = None) -> Path | None:
        """Save the whole view as one HTML page (asks where unless ``path`` is given)."""
        target = path or self._ask_path("Export trends", "trends.html", "HTML (*.html)", "html")
        if target is None:
            return None
        try:
            write_trends_html(self.trends, target, self.filter_text())
        except OSError as exc:
            dialogs.warn(self, "Export trends", f"{target} could not be written: {exc}")
            return None
        self.summary.setText(f"Saved {target}")
        return target

    def stop(self) -> None:
        """Nothing runs here (symmetry with the other pages)."""
