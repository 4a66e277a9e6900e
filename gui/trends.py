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
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.action_items import ActionItemModel, StatusDelegate
from gui.text import plain_tip
from reports.trends import CHARTS, ChartSpec, save_chart, write_trends_html
from simulator.history import Filter, HistoryStore, Row
from simulator.history.entry import ActionItemRow
from simulator.history.trends import Trends, build_trends, is_overdue


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
        self.patterns.setColumnWidth(0, 360)
        self.patterns.setColumnWidth(1, 50)
        self.patterns.verticalHeader().setVisible(False)
        self.patterns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.item_model = ActionItemModel(
            self._save_item, self.today, lambda m: dialogs.warn(self, "Action item", m)
        )
        self.item_model.dataChanged.connect(lambda *_a: self._items_changed())
        self.item_table = QTableView()
        self.item_table.setObjectName("actionItems")
        self.item_table.setModel(self.item_model)
        self.item_table.setItemDelegateForColumn(3, StatusDelegate(self.item_table))
        self.item_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.item_table.verticalHeader().setVisible(False)
        self.item_table.setColumnWidth(1, 140)
        self.item_table.setColumnWidth(2, 95)
        self.item_table.setColumnWidth(3, 110)
        self.item_table.setColumnWidth(4, 220)
        self.item_table.doubleClicked.connect(self._item_double_clicked)
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
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 300])
        scroll.setMinimumHeight(260)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        for combo in (self.scenario, self.team, self.trainee, self.group_by):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
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
        self.refresh(rows)

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

    def refresh(self, every: list[Row] | None = None) -> None:
        """Rebuild the trends for the filter and redraw every chart and table.

        ``every``: the index's rows when the caller has just read them (read once, not twice).
        """
        flt = self.current_filter()
        rows = flt.apply(every if every is not None else self.store.rows())
        # every run: no id list to join on (the SQL aggregates over the whole index)
        ids = None if flt == Filter() else [r.id for r in rows]
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
        self.item_model.set_items(self.items)
        self._items_changed()

    def _items_label_text(self) -> str:
        counts = {k: 0 for k in ("open", "in_progress", "done")}
        overdue = 0
        today = self.today.isoformat()
        for item in self.item_model.items:
            counts[item.status] = counts.get(item.status, 0) + 1
            overdue += is_overdue(item, today)
        return (
            f"Action items: {counts['open']} open, {counts['in_progress']} in progress, "
            f"{counts['done']} done"
            + (f", {overdue} overdue (in red)" if overdue else "")
            + " — edit status, owner and due date in place; double-click “Raised by” to open "
            "the run."
        )

    def _items_changed(self) -> None:
        self.items = self.item_model.items
        self.items_label.setText(self._items_label_text())

    # ------------------------------------------------------------------ editing

    def _save_item(
        self, item: ActionItemRow, status: str | None, owner: str | None, due: str | None
    ) -> ActionItemRow:
        return self.store.update_action_item(item, status, owner, due)

    def set_status(self, row: int, status: str) -> None:
        """Track an action item's status (what its drop-down does)."""
        self.item_model.setData(self.item_model.index(row, 3), status)

    def _item_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == 4 and 0 <= index.row() < len(self.items):
            self.runRequested.emit(self.items[index.row()].journal)

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
