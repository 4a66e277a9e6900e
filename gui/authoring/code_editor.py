"""The text editor of the Authoring view: line numbers, problem markers, completion.

A ``QPlainTextEdit`` with a gutter that paints the line numbers and, for each line with a
problem, a marker (a red disc for an error, an amber triangle for a warning; hovering it shows
the messages). The problem's place is underlined with a wave. Completion (Ctrl+Space, or on
its own after two letters of a key or value) offers what :mod:`gui.authoring.completion`
finds for the cursor. Painting the gutter walks only the visible blocks, so a 5,000-inject
file costs what one screenful costs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPolygon,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from simulator.problems import Level, Problem

ERROR_COLOR = QColor("#b3261e")
WARNING_COLOR = QColor("#b26a00")
#: Letters typed before completion offers itself unasked.
AUTO_COMPLETE_AFTER = 2

Completions = Callable[[list[str], int, int], tuple[str, list[str]]]


class _Gutter(QWidget):
    """Line numbers and problem markers, painted by the editor."""

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.setObjectName("editorGutter")
        self.editor = editor
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)

    def event(self, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QHelpEvent

        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            line = self.editor.line_at(event.pos().y())
            problems = self.editor.problems_by_line.get(line, [])
            if problems:
                QToolTip.showText(event.globalPos(), "\n".join(_line(p) for p in problems), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]


def _line(problem: Problem) -> str:
    path = f"{problem.path}: " if problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{problem.level.value}: {path}{problem.message}{hint}"


class CodeEditor(QPlainTextEdit):
    """Monospace text with a gutter, problem markers and completion."""

    #: The user chose a completion (the text it put in).
    completed = Signal(str)
    #: Undo / redo asked for in the editor (the document's QUndoStack does it, so the
    #: structured panes' edits and the typing share one history).
    undoRequested = Signal()
    redoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self.problems_by_line: dict[int, list[Problem]] = {}
        self._problems: list[Problem] = []
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(self._update_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_width()
        self.completions: Completions | None = None
        self.completer = QCompleter(self)
        self.completer.setObjectName("editorCompleter")
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setModel(QStringListModel(self.completer))
        self.completer.activated.connect(self.insert_completion)
        self._prefix = ""

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The standard menu, its Undo and Redo going through the document's history."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-undo":
                action.triggered.disconnect()
                action.triggered.connect(self.undoRequested.emit)
            elif action.objectName() == "edit-redo":
                action.triggered.disconnect()
                action.triggered.connect(self.redoRequested.emit)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    # ------------------------------------------------------------------ gutter

    def gutter_width(self) -> int:
        """Pixels for the line numbers of the last line plus a marker."""
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 22 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self.gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def line_at(self, y: int) -> int:
        """The 1-based line number at gutter height ``y`` (0 when none)."""
        block = self.cursorForPosition(QPoint(0, y)).block()
        return block.blockNumber() + 1 if block.isValid() else 0

    def paint_gutter(self, event: QPaintEvent) -> None:
        """Paint the numbers and markers of the visible lines."""
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self.gutter.width()
        painter.setPen(self.palette().placeholderText().color())
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber() + 1
                painter.drawText(
                    0, top, width - 4, height, Qt.AlignmentFlag.AlignRight, str(number)
                )
                problems = self.problems_by_line.get(number)
                if problems:
                    self._marker(painter, problems, top, height)
                    painter.setPen(self.palette().placeholderText().color())
            block = block.next()
            top = bottom
        painter.end()

    def _marker(self, painter: QPainter, problems: list[Problem], top: int, height: int) -> None:
        size = min(12, height - 2)
        y = top + (height - size) // 2
        painter.setPen(Qt.PenStyle.NoPen)
        if any(p.level is Level.ERROR for p in problems):
            painter.setBrush(ERROR_COLOR)
            painter.drawEllipse(3, y, size, size)
        else:
            painter.setBrush(WARNING_COLOR)
            painter.drawPolygon(
                QPolygon(
                    [QPoint(3 + size // 2, y), QPoint(3 + size, y + size), QPoint(3, y + size)]
                )
            )

    # ------------------------------------------------------------------ problems

    def set_problems(self, problems: Sequence[Problem], file: str) -> None:
        """Show ``problems`` of ``file`` (others, of the team or a runbook, are not here)."""
        self._problems = [p for p in problems if p.file == file]
        by_line: dict[int, list[Problem]] = {}
        for problem in self._problems:
            by_line.setdefault(max(1, problem.line), []).append(problem)
        self.problems_by_line = by_line
        selections = []
        document = self.document()
        for problem in self._problems:
            if problem.line <= 0:
                continue
            block = document.findBlockByNumber(problem.line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(ERROR_COLOR if problem.level is Level.ERROR else WARNING_COLOR)
            selection.format = fmt
            cursor = QTextCursor(block)
            start = min(max(0, problem.column - 1), max(0, block.length() - 1))
            cursor.setPosition(block.position() + start)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor
            )
            if not cursor.hasSelection():
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
        self.gutter.update()

    def go_to(self, line: int, column: int = 1) -> None:
        """Put the cursor at ``line``:``column`` (1-based), show it and take the focus."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(max(0, column - 1), block.length() - 1))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    # ------------------------------------------------------------------ completion

    def _lines(self) -> tuple[list[str], int, int]:
        """The lines around the cursor (enough for the context) and its row and column."""
        cursor = self.textCursor()
        block = cursor.block()
        row = block.blockNumber()
        first = max(0, row - 400)
        lines = []
        b = self.document().findBlockByNumber(first)
        while b.isValid() and b.blockNumber() <= min(row + 60, self.blockCount() - 1):
            lines.append(b.text())
            b = b.next()
        return lines, row - first, cursor.positionInBlock()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None
        return popup

    def complete(self, automatic: bool = False) -> bool:
        """Offer completions at the cursor; False when there are none."""
        if self.completions is None:
            return False
        lines, row, column = self._lines()
        prefix, candidates = self.completions(lines, row, column)
        if automatic and (len(prefix) < AUTO_COMPLETE_AFTER or not candidates):
            self._popup().hide()
            return False
        if not candidates:
            self._popup().hide()
            return False
        self._prefix = prefix
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(candidates)
        self.completer.setCompletionPrefix(prefix)
        rect = self.cursorRect()
        rect.setWidth(
            self._popup().sizeHintForColumn(0)
            + self._popup().verticalScrollBar().sizeHint().width()
            + 16
        )
        rect.translate(self.gutter_width(), 0)
        self.completer.complete(rect)
        self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))
        return True

    def insert_completion(self, text: str) -> None:
        """Replace the word being typed with ``text`` (a key gets its ``: ``)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for _ in range(len(self._prefix)):
            cursor.deletePreviousChar()
        line = cursor.block().text()[: cursor.positionInBlock()]
        is_key = not line.strip() or line.strip() in ("-",)
        cursor.insertText(text + (": " if is_key else ""))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self._popup().hide()
        self.completed.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Space completes; Tab indents with spaces; typing a word offers completions."""
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undoRequested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.redoRequested.emit()
            return
        popup = self._popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
            Qt.Key.Key_Escape,
        ):
            event.ignore()  # the completer's popup acts on them (Qt's custom-completer pattern)
            return
        space = event.key() == Qt.Key.Key_Space
        if space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.complete()
            return
        if event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.insertPlainText("  ")  # YAML forbids tabs for indentation
            return
        super().keyPressEvent(event)
        text = event.text()
        if text and (text.isalnum() or text in "_-"):
            self.complete(automatic=True)
        elif popup.isVisible():
            popup.hide()
