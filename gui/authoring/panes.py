"""Structured panes beside the text: the MSEL, the mitigation matrix, the clues.

Each pane shows the last scenario that loaded and, when the author edits a cell, asks the view
to change the *text* (:attr:`_Pane.changeRequested` with a description and a function from the
old text to the new one, built from :mod:`gui.authoring.edits`), so text and panes are one
document with one undo history. While the text has errors the panes show the last good
version, read-only, and say why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.authoring import edits
from simulator.durations import format_duration, parse_duration
from simulator.model import Channel, Effect, InjectKind, Scenario, Strategy, Tool

Change = Callable[[str], str]
_INDEX = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TIP = Qt.ItemDataRole.ToolTipRole
_ROOT = QModelIndex()
_NO_EDIT = QAbstractItemView.EditTrigger.NoEditTriggers
_EFFECT = re.compile(r"^\s*(resolves|reduces|none|worsens)(?:\s+(\d+(?:\.\d+)?)\s*%?)?\s*$")


class _ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor with fixed choices (``editable``: the author may type too)."""

    def __init__(self, choices: list[str], parent: QWidget, editable: bool = False) -> None:
        super().__init__(parent)
        self.choices = choices
        self.editable = editable

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.setObjectName("choiceEditor")
        box.setEditable(self.editable)
        box.addItems(self.choices)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        text = str(index.data() or "")
        position = editor.findText(text)
        if position >= 0:
            editor.setCurrentIndex(position)
        elif self.editable:
            editor.setEditText(text)

    def setModelData(
        self,
        editor: QWidget,
        model: object,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        from PySide6.QtCore import QAbstractItemModel

        assert isinstance(model, QAbstractItemModel)
        model.setData(index, editor.currentText())


class _Pane(QWidget):
    """A table over part of the scenario, editing the text through :attr:`changeRequested`."""

    #: (description for undo, function old text -> new text)
    changeRequested = Signal(str, object)
    #: A message for the status bar (a cell the author typed cannot be used, and why).
    message = Signal(str)

    def __init__(
        self,
        headers: list[str],
        name: str,
        parent: QWidget | None = None,
        table: QTableView | None = None,
    ) -> None:
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self._filling = False
        self.banner = QLabel("")
        self.banner.setObjectName(f"{name}Banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b3261e;")
        self.banner.hide()
        self.table: Any = table if table is not None else QTableWidget(0, len(headers))
        self.table.setObjectName(f"{name}Table")
        if isinstance(self.table, QTableWidget):
            self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        if isinstance(self.table, QTableWidget):
            self.table.itemChanged.connect(self._item_changed)

    def show_scenario(self, scenario: Scenario | None, stale: bool = False) -> None:
        """Show ``scenario`` (``stale``: the text has errors; this is the last good version)."""
        if scenario is not None:
            self.scenario = scenario
        editable = scenario is not None and not stale
        self.banner.setVisible(not editable)
        self.banner.setText(
            "The text has errors: this is the last version that loaded, read-only. "
            "Fix the errors to edit here."
            if self.scenario is not None
            else "The text has errors: fix them to see and edit this table."
        )
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for index in range(self.buttons.count()):
            item = self.buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(editable)
        self._filling = True
        try:
            if self.scenario is not None:
                self.fill(self.scenario)
            else:
                self.clear()
        finally:
            self._filling = False

    def fill(self, scenario: Scenario) -> None:
        """Fill the table from ``scenario`` (``_filling`` is set)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the table (nothing has loaded yet)."""
        self.table.setRowCount(0)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self.cell_edited(item.row(), item.column(), item.text(), item)

    def cell_edited(self, row: int, column: int, text: str, item: QTableWidgetItem) -> None:
        """The author typed ``text`` in a cell."""
        raise NotImplementedError

    def _request(self, description: str, change: Change) -> None:
        self.changeRequested.emit(description, change)

    def _set_row(self, row: int, values: list[str], index: int, editable: set[int]) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(_INDEX, index)
            item.setToolTip(value)
            if column not in editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button


# --------------------------------------------------------------------------- MSEL


class MselModel(QAbstractTableModel):
    """The MSEL rows, computed when shown (a 5,000-inject scenario costs nothing to load)."""

    def __init__(self, pane: MselPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.scenario: Scenario | None = None
        self.order: list[int] = []
        self.times: list[float | None] = []
        self.editable = False

    def reset(self, scenario: Scenario | None, editable: bool) -> None:
        """Show ``scenario``'s injects in the order they fire."""
        self.beginResetModel()
        self.scenario = scenario
        self.editable = editable
        if scenario is None:
            self.order, self.times = [], []
        else:
            keys = [_inject_time(scenario, i) for i in range(len(scenario.injects))]
            self.order = sorted(
                range(len(keys)), key=lambda i: (keys[i] is None, keys[i] or 0.0, i)
            )
            self.times = [keys[i] for i in self.order]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(MselPane.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return MselPane.HEADERS[section]
        return None

    def text(self, row: int, column: int) -> str:
        """The text of a cell."""
        scenario = self.scenario
        if scenario is None or not 0 <= row < len(self.order):
            return ""
        index = self.order[row]
        inject = scenario.injects[index]
        if column == 0:
            return _when_text(scenario, index)
        values = (inject.id, inject.kind.value, inject.sender, inject.channel.value, inject.text)
        return values[column - 1]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        if role in (_DISPLAY, _EDIT, _TIP):
            return self.text(index.row(), index.column())
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if self.editable and index.isValid() and index.column() in (0, 2, 3, 4, 5):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = _EDIT
    ) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        if str(value) != self.text(index.row(), index.column()):
            self.pane.edit_cell(index.row(), index.column(), str(value))
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class _MselTable(QTableView):
    """The MSEL table: dropping a row between two others re-times its inject between them."""

    def __init__(self) -> None:
        super().__init__()
        self.pane: MselPane | None = None
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event: QDropEvent) -> None:
        """Re-time the dragged inject to fit where it was dropped (the text changes)."""
        source = self.currentIndex().row()
        target = self.indexAt(event.position().toPoint()).row()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source >= 0 and self.pane is not None:
            self.pane.drop_row(source, target if target >= 0 else self.model().rowCount())


class MselPane(_Pane):
    """The master scenario events list: time or condition, from, channel, text."""

    HEADERS = ("Time or condition", "Inject", "Kind", "From", "Channel", "Text")
    #: Starting widths of the columns but the last (which stretches), in pixels.
    WIDTHS = (150, 130, 130, 170, 80)

    def __init__(self, parent: QWidget | None = None) -> None:
        table = _MselTable()
        super().__init__(list(self.HEADERS), "msel", parent, table)
        table.pane = self
        self.model = MselModel(self)
        table.setModel(self.model)
        for column, width in enumerate(self.WIDTHS):
            table.setColumnWidth(column, width)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        self.table.setItemDelegateForColumn(2, _ChoiceDelegate([k.value for k in InjectKind], self))
        self.table.setItemDelegateForColumn(4, _ChoiceDelegate([c.value for c in Channel], self))
        self._button("Add inject", "addInject", self.add_inject)
        self._button("Remove inject", "removeInject", self.remove_inject)
        self.buttons.addStretch(1)
        hint = QLabel("Type a time (5m, 1h30m) or drag a row to re-time it.")
        hint.setStyleSheet("color: palette(mid);")
        self.buttons.addWidget(hint)

    @property
    def times(self) -> list[float | None]:
        """The firing time of each row (None: a condition without a deadline)."""
        return self.model.times

    def fill(self, scenario: Scenario) -> None:
        """One row per inject, in the order they fire (conditional ones at their deadline)."""
        self.model.reset(scenario, self.table.editTriggers() != _NO_EDIT)

    def clear(self) -> None:
        """No rows (nothing has loaded yet)."""
        self.model.reset(None, False)

    def cell(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        return self.model.text(row, column)

    def index_of_row(self, row: int) -> int:
        """The inject index (file order) shown on ``row``."""
        return self.model.order[row] if 0 <= row < len(self.model.order) else -1

    def row_of(self, inject_id: str) -> int:
        """The row showing ``inject_id`` (-1 when none)."""
        for row in range(self.model.rowCount()):
            if self.model.text(row, 1) == inject_id:
                return row
        return -1

    def edit_cell(self, row: int, column: int, text: str) -> None:
        """Re-time (column 0) or change the kind, sender, channel or text of an inject."""
        index = self.index_of_row(row)
        assert self.scenario is not None
        inject_id = self.scenario.injects[index].id
        if column == 0:
            try:
                seconds = parse_duration(text.strip())
            except ValueError:
                self.message.emit(
                    f"'{text}' is not a time: write it like 90s, 5m or 1h30m "
                    f"(inject {inject_id} keeps its time)"
                )
                return
            self._request(
                f"Re-time {inject_id} to {format_duration(seconds)}",
                partial(edits.retime_inject, index=index, seconds=seconds),
            )
            return
        key = {2: "kind", 3: "sender", 4: "channel", 5: "text"}[column]
        self._request(
            f"Change the {key} of {inject_id}",
            partial(edits.set_inject_field, index=index, key=key, value=text),
        )

    def drop_row(self, source: int, target: int) -> None:
        """Re-time the inject on ``source`` to fall just before the row ``target``."""
        times = self.times
        if self.scenario is None or source == target or source + 1 == target:
            return
        before = times[target - 1] if 0 < target <= len(times) else 0.0
        after = times[target] if target < len(times) else None
        before = before if before is not None else 0.0
        if after is None:
            seconds = before + 60.0
        else:
            seconds = (before + after) / 2 if target > 0 else max(0.0, after - 60.0)
        seconds = float(round(seconds))
        index = self.index_of_row(source)
        inject_id = self.scenario.injects[index].id
        self._request(
            f"Re-time {inject_id} to {format_duration(seconds)}",
            partial(edits.retime_inject, index=index, seconds=seconds),
        )

    def add_inject(self) -> None:
        """Add an inject a minute after the last timed one."""
        if self.scenario is None:
            return
        ids = {i.id for i in self.scenario.injects}
        number = len(ids) + 1
        while f"inject-{number}" in ids:
            number += 1
        last = max((t for t in self.times if t is not None), default=0.0)
        self._request(
            f"Add inject inject-{number}",
            partial(edits.add_inject, inject_id=f"inject-{number}", seconds=last + 60.0),
        )

    def remove_inject(self) -> None:
        """Remove the selected inject."""
        row = self.table.currentIndex().row()
        if self.scenario is None or row < 0:
            return
        index = self.index_of_row(row)
        self._request(
            f"Remove inject {self.scenario.injects[index].id}",
            partial(edits.remove_item, key="injects", index=index),
        )


def _inject_time(scenario: Scenario, index: int) -> float | None:
    inject = scenario.injects[index]
    if inject.at is not None:
        return inject.at
    if inject.when is not None and inject.when.by is not None:
        return inject.when.by
    return None


def _when_text(scenario: Scenario, index: int) -> str:
    inject = scenario.injects[index]
    if inject.at is not None:
        return format_duration(inject.at)
    when = inject.when
    if when is None:
        return ""
    params = ", ".join(f"{k} {v}" for k, v in when.params)
    params = f" ({params})" if params else ""
    if when.unless_action:
        by = format_duration(when.by) if when.by is not None else "the end"
        return f"unless {when.unless_action}{params} by {by}"
    delay = f" + {format_duration(when.delay)}" if when.delay else ""
    return f"after {when.after_action}{params}{delay}"


# --------------------------------------------------------------------------- mitigations


def effect_text(effect: Effect, amount: float) -> str:
    """``reduces 30%``, ``resolves`` ... as the matrix shows and reads an effect."""
    if effect in (Effect.REDUCES, Effect.WORSENS):
        return f"{effect.value} {amount:g}%"
    return effect.value


class MitigationPane(_Pane):
    """The truth's mitigation matrix: strategy × target → effect."""

    CHOICES = ("", "resolves", "reduces 50%", "none", "worsens 20%")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(["Strategy"], "mitigation", parent)
        self.targets: list[str] = []
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        hint = QLabel(
            "Each cell: what the strategy does to that service — resolves, reduces N%, none, "
            "worsens N% (empty: not modelled). It takes effect after 'takes' in the text."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.buttons.addWidget(hint, 1)

    def fill(self, scenario: Scenario) -> None:
        """Rows: the guide's strategies; columns: the scenario's services."""
        self.targets = [s.id for s in scenario.services]
        self.table.setColumnCount(1 + len(self.targets))
        self.table.setHorizontalHeaderLabels(["Strategy", *self.targets])
        self.table.setRowCount(len(Strategy))
        modelled = {(m.strategy, m.target): m for m in scenario.truth.mitigations}
        for row, strategy in enumerate(Strategy):
            values = [strategy.value.replace("_", " ")]
            for target in self.targets:
                m = modelled.get((strategy, target))
                values.append(effect_text(m.effect, m.amount) if m is not None else "")
            self._set_row(row, values, row, set(range(1, 1 + len(self.targets))))
            for column, target in enumerate(self.targets, start=1):
                m = modelled.get((strategy, target))
                cell = self.table.item(row, column)
                if cell is not None and m is not None:
                    cell.setToolTip(
                        f"{values[column]} after {format_duration(m.takes)}"
                        + (
                            f"; relapses after {format_duration(m.relapse_after)}"
                            if m.relapse_after is not None
                            else ""
                        )
                    )
        delegate = _ChoiceDelegate(list(self.CHOICES), self, editable=True)
        for column in range(1, 1 + len(self.targets)):
            self.table.setItemDelegateForColumn(column, delegate)
        self.table.resizeColumnsToContents()

    def cell_edited(self, row: int, column: int, text: str, item: QTableWidgetItem) -> None:
        """Set the effect of strategy ``row`` on service ``column``."""
        strategy = list(Strategy)[row].value
        target = self.targets[column - 1]
        if not text.strip():
            self._request(
                f"Stop modelling {strategy} on {target}",
                partial(edits.set_mitigation, strategy=strategy, target=target, effect=""),
            )
            return
        match = _EFFECT.match(text.casefold())
        if match is None:
            self.message.emit(
                f"'{text}' is not an effect: write resolves, reduces 30%, none or worsens 20%"
            )
            assert self.scenario is not None
            self.show_scenario(self.scenario)
            return
        effect, amount = match.group(1), float(match.group(2) or 0)
        if effect in ("reduces", "worsens") and amount <= 0:
            amount = 50.0 if effect == "reduces" else 20.0
        self._request(
            f"{strategy} on {target}: {effect}",
            partial(
                edits.set_mitigation,
                strategy=strategy,
                target=target,
                effect=effect,
                amount=amount,
            ),
        )


# --------------------------------------------------------------------------- clues


class CluePane(_Pane):
    """Clues per tool and query: what each investigation tool reveals, and when."""

    HEADERS = ("Tool", "Clue", "Service", "Query words", "Available after", "Kind", "Reveals")
    KINDS = ("relevant", "misleading", "neutral")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(list(self.HEADERS), "clue", parent)
        self.table.setItemDelegateForColumn(0, _ChoiceDelegate([t.value for t in Tool], self))
        self.table.setItemDelegateForColumn(5, _ChoiceDelegate(list(self.KINDS), self))
        self._button("Add clue", "addClue", self.add_clue)
        self._button("Remove clue", "removeClue", self.remove_clue)
        self.buttons.addStretch(1)

    def fill(self, scenario: Scenario) -> None:
        """One row per clue, grouped by tool (file order within a tool)."""
        order = sorted(range(len(scenario.clues)), key=lambda i: (scenario.clues[i].tool.value, i))
        self.table.setRowCount(len(order))
        for row, index in enumerate(order):
            clue = scenario.clues[index]
            kind = "relevant" if clue.relevant else "misleading" if clue.misleading else "neutral"
            values = [
                clue.tool.value,
                clue.id,
                clue.service or "",
                ", ".join(clue.match) if clue.match else "(every query)",
                format_duration(clue.available_after),
                kind,
                clue.reveals,
            ]
            self._set_row(row, values, index, {0, 3, 4, 5, 6})
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 200))

    def cell_edited(self, row: int, column: int, text: str, item: QTableWidgetItem) -> None:
        """Change a clue's tool, query words, availability, kind or text."""
        index = int(item.data(_INDEX))
        assert self.scenario is not None
        clue_id = self.scenario.clues[index].id
        if column == 4:
            try:
                seconds = parse_duration(text.strip())
            except ValueError:
                self.message.emit(f"'{text}' is not a time: write it like 90s, 5m or 1h30m")
                self.show_scenario(self.scenario)
                return
            self._request(
                f"{clue_id} available after {format_duration(seconds)}",
                partial(edits.set_clue_field, index=index, key="available_after", value=seconds),
            )
            return
        if column == 3:
            words = (
                []
                if text.strip() == "(every query)"
                else [w.strip() for w in text.split(",") if w.strip()]
            )
            self._request(
                f"Query words of {clue_id}",
                partial(edits.set_clue_field, index=index, key="match", value=words),
            )
            return
        if column == 5:
            self._request(f"{clue_id} is {text}", partial(_clue_kind, index=index, kind=text))
            return
        key = {0: "tool", 6: "reveals"}[column]
        self._request(
            f"Change the {key} of {clue_id}",
            partial(edits.set_clue_field, index=index, key=key, value=text),
        )

    def add_clue(self) -> None:
        """Add a logs clue that answers every query (the author narrows it)."""
        if self.scenario is None:
            return
        ids = {c.id for c in self.scenario.clues}
        number = len(ids) + 1
        while f"clue-{number}" in ids:
            number += 1
        self._request(
            f"Add clue clue-{number}",
            partial(edits.add_clue, clue_id=f"clue-{number}", tool="logs"),
        )

    def remove_clue(self) -> None:
        """Remove the selected clue."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if self.scenario is None or item is None:
            return
        index = int(item.data(_INDEX))
        self._request(
            f"Remove clue {self.scenario.clues[index].id}",
            partial(edits.remove_item, key="clues", index=index),
        )


def _clue_kind(text: str, index: int, kind: str) -> str:
    text = edits.set_clue_field(text, index, "relevant", kind == "relevant")
    return edits.set_clue_field(text, index, "misleading", kind == "misleading")
