"""Action items tracked across exercises, as a table model: status (a drop-down), owner and
due date are edited in place and stored in the history index, never in a journal; an item
past its due date and not done is shown in red; "Raised by" names the run it came from.

A model over plain rows (tens of thousands of items over a programme stay fast to show).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.text import plain_tip
from simulator.history.entry import ActionItemRow
from simulator.history.store import ITEM_LABELS, ITEM_STATUSES
from simulator.history.trends import is_overdue

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Action item", "Owner", "Due", "Status", "Raised by")
OVERDUE = "#b3261e"
#: Saves one edit; returns the stored item (raises ValueError with the message to show).
Save = Callable[[ActionItemRow, str | None, str | None, str | None], ActionItemRow]


class ActionItemModel(QAbstractTableModel):
    """Editable action items (owner, due date, status)."""

    def __init__(self, save: Save, today: date, warn: Callable[[str], None]) -> None:
        super().__init__()
        self.items: list[ActionItemRow] = []
        self._save = save
        self._today = today.isoformat()
        self._warn = warn

    def set_items(self, items: list[ActionItemRow]) -> None:
        """Show these items."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per item."""
        return 0 if parent.isValid() else len(self.items)

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Owner, due date and status are editable."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (1, 2, 3):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _text(self, item: ActionItemRow, column: int) -> str:
        if column == 0:
            return item.text
        if column == 1:
            return item.owner
        if column == 2:
            return item.due
        if column == 3:
            return ITEM_LABELS.get(item.status, item.status)
        return f"{item.run_title} ({item.started[:10]})"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, the overdue colour, tooltips; the status key for editing."""
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.EditRole:
            return item.status if column == 3 else self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and is_overdue(item, self._today):
            return QBrush(QColor(OVERDUE))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._text(item, column)
            if is_overdue(item, self._today):
                tip += f"\nOverdue: due {item.due}, not done."
            return plain_tip(tip)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an edit (owner, due date or status) in the index."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item = self.items[index.row()]
        text = str(value).strip()
        column = index.column()
        try:
            if column == 1:
                new = self._save(item, None, text, None)
            elif column == 2:
                new = self._save(item, None, None, text)
            elif column == 3:
                new = self._save(item, text, None, None)
            else:
                return False
        except ValueError as exc:
            self._warn(str(exc))
            return False
        self.items[index.row()] = new
        left, right = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
        self.dataChanged.emit(left, right)
        return True


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the statuses for the Status column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """Open, In progress, Done."""
        box = QComboBox(parent)
        box.setObjectName("itemStatusEditor")
        for key in ITEM_STATUSES:
            box.addItem(ITEM_LABELS[key], key)
        box.currentIndexChanged.connect(lambda _i: self._chosen(box))
        return box

    def _chosen(self, box: QComboBox) -> None:
        """A status picked is stored at once (no Enter needed)."""
        self.commitData.emit(box)
        self.closeEditor.emit(box)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the item's status."""
        if isinstance(editor, QComboBox):
            editor.blockSignals(True)
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Store the chosen status."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
