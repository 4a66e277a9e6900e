"""The History list's model: exercises newest first, each branch under the run it came from.

A plain two-level :class:`QAbstractItemModel` over :class:`~simulator.history.Row` values:
filtering and sorting are Python list operations over the rows (10,000 exercises filter in a
few milliseconds), and the view only asks for the cells it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.text import plain_tip
from simulator.durations import format_clock
from simulator.history import Filter, Row

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Date", "Scenario", "Team", "Trainee", "Mode", "Outcome", "Score", "Rating")
OUTCOMES = {
    "resolved": "Resolved",
    "time_limit": "Time limit reached",
    "stopped": "Stopped",
    "not finished": "Not finished",
}
MODES = {"play": "Played", "tabletop": "Tabletop", "watch": "Watched", "imported": "Real incident"}
RATING_COLOURS = {"P": "#2e7d32", "S": "#7a8b00", "M": "#d9480f", "U": "#b3261e"}
REAL_COLOUR = "#6a1b9a"
DAMAGED_COLOUR = "#b3261e"
MISSING_COLOUR = "#7f7f7f"


def when(row: Row) -> str:
    """``2026-12-06 07:14`` (local time) from the row's ISO stamp."""
    try:
        stamp = datetime.fromisoformat(row.started)
    except ValueError:
        return row.started
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone()
    return stamp.strftime("%Y-%m-%d %H:%M")


def outcome_text(row: Row) -> str:
    """What became of the exercise, or why its journal cannot be read."""
    if row.status == "damaged":
        return "Damaged journal"
    if row.status == "missing":
        return "Journal missing"
    return OUTCOMES.get(row.outcome, row.outcome)


def cell(row: Row, column: int, branch: bool = False) -> str:
    """The text of one cell."""
    if column == 0:
        return when(row)
    if column == 1:
        title = row.scenario_title or row.scenario_id or "(unreadable journal)"
        if branch:
            return f"↳ Branch at T+{format_clock(row.branch_t or 0.0)}: {title}"
        return title
    if column == 2:
        return row.team_name or row.team_id
    if column == 3:
        if row.real:
            return "—"
        return row.trainee or ("Simulated team" if row.status == "ok" else "")
    if column == 4:
        return MODES.get(row.mode, row.mode) if row.status == "ok" else ""
    if column == 5:
        return outcome_text(row)
    if column == 6:
        return "" if row.score is None else f"{row.score:.0f}"
    return row.rating


def _sort_key(column: int) -> Callable[[Row], Any]:
    if column == 0:
        return attrgetter("started", "id")
    if column == 6:
        return lambda row: (row.score is not None, row.score or 0.0)
    return lambda row: (cell(row, column).lower(), row.started)


class HistoryModel(QAbstractItemModel):
    """Exercises (top level) and their branches (children)."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Row] = []
        self.top: list[Row] = []
        self.children_of: dict[str, list[Row]] = {}
        self._filter = Filter()
        self._sort = (0, Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------------ data in

    def set_rows(self, rows: Sequence[Row], flt: Filter | None = None) -> None:
        """Replace every row (and the filter, when given; the sort order stays)."""
        self._all = list(rows)
        if flt is not None:
            self._filter = flt
        self._rebuild()

    @property
    def total(self) -> int:
        """How many exercises the index holds (shown or not)."""
        return len(self._all)

    def set_filter(self, flt: Filter) -> None:
        """Show only the rows ``flt`` matches (a branch shows when it or its parent does)."""
        self._filter = flt
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        known = {r.journal for r in self._all}
        children: dict[str, list[Row]] = {}
        top = []
        for r in self._all:
            if r.parent_journal and r.parent_journal in known:  # a branch
                children.setdefault(r.parent_journal, []).append(r)
            else:
                top.append(r)
        matches = self._filter.matches
        self.children_of = {}
        kept = []
        for r in top:
            kids = children.get(r.journal, [])
            shown = kids if matches(r) else [k for k in kids if matches(k)]
            if matches(r) or shown:
                kept.append(r)
                if shown:
                    self.children_of[r.journal] = sorted(shown, key=lambda k: (k.started, k.id))
        column, order = self._sort
        kept.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.top = kept
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the exercises by a column (branches stay under their run, oldest first)."""
        self._sort = (column, order)
        self._rebuild()

    # ------------------------------------------------------------------ rows

    def row_at(self, index: Index) -> Row | None:
        """The exercise an index shows."""
        if not index.isValid():
            return None
        parent_row = int(index.internalId())
        if parent_row == 0:
            return self.top[index.row()] if index.row() < len(self.top) else None
        kids = self.children_of.get(self.top[parent_row - 1].journal, [])
        return kids[index.row()] if index.row() < len(kids) else None

    def shown_rows(self) -> list[Row]:
        """Every row shown, parents before their branches."""
        out = []
        for r in self.top:
            out.append(r)
            out += self.children_of.get(r.journal, [])
        return out

    def index_of(self, journal: str) -> QModelIndex:
        """The index of the row of a journal (invalid when it is not shown)."""
        for i, r in enumerate(self.top):
            if r.journal == journal:
                return self.index(i, 0)
            for j, k in enumerate(self.children_of.get(r.journal, [])):
                if k.journal == journal:
                    return self.index(j, 0, self.index(i, 0))
        return QModelIndex()

    # ------------------------------------------------------------------ Qt model

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Top-level rows carry id 0; a branch carries its parent's row + 1."""
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A branch's parent is its run; a run has none."""
        if not index.isValid():
            return QModelIndex()
        parent_row = int(index.internalId())
        if parent_row == 0:
            return QModelIndex()
        return self.createIndex(parent_row - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Runs at the top; branches under a run."""
        if not parent.isValid():
            return len(self.top)
        if int(parent.internalId()) != 0 or parent.column() != 0:
            return 0
        return len(self.children_of.get(self.top[parent.row()].journal, []))

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Only a run with branches has children (asked for every row the view lays out)."""
        if not parent.isValid():
            return bool(self.top)
        if int(parent.internalId()) != 0 or parent.column() != 0:
            return False
        return self.top[parent.row()].journal in self.children_of

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The columns of :data:`COLUMNS`."""
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, colours and tooltips of a cell."""
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, column, branch=int(index.internalId()) != 0)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.FontRole and column == 4 and row.real:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _colour(row: Row, column: int) -> QBrush | None:
        if row.status == "damaged":
            return QBrush(QColor(DAMAGED_COLOUR))
        if row.status == "missing":
            return QBrush(QColor(MISSING_COLOUR))
        if column == 4 and row.real:
            return QBrush(QColor(REAL_COLOUR))
        if column == 7 and row.rating in RATING_COLOURS:
            return QBrush(QColor(RATING_COLOURS[row.rating]))
        return None

    @staticmethod
    def _tip(row: Row) -> str:
        lines = [row.journal]
        if row.problem:
            lines.insert(0, row.problem)
        if row.real:
            lines.insert(0, "A real incident's timeline, imported (not an exercise).")
        if row.seed is not None:
            lines.append(f"Seed {row.seed}")
        return plain_tip("\n".join(lines))
