"""One file open in the Authoring view: its text, undo history, checks, saving and the disk.

A :class:`Document` owns the :class:`~gui.authoring.code_editor.CodeEditor` of a scenario, team
or runbook file, a :class:`~gui.authoring.checker.Checker` that checks the text as the author
types (the same problems as ``gameday validate``), a ``QUndoStack`` that holds every change —
typing and the structured panes' edits alike, since a pane edits the text — and a
``QFileSystemWatcher`` on the file: a file changed elsewhere is reloaded when there are no
unsaved edits here, and the author is asked when there are. Saving is atomic and keeps the
file's line endings and permissions; the undo stack's clean state is the unsaved-changes flag.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from gui import dialogs
from gui.authoring.checker import Checker
from gui.authoring.checking import RUNBOOK_KIND, Checked, kind_of
from gui.authoring.code_editor import CodeEditor
from gui.authoring.files import newline_of, save_text
from gui.authoring.highlighter import MarkdownHighlighter, YamlHighlighter

#: Milliseconds of no typing before the text is checked.
CHECK_AFTER_MS = 250


class _TextStep(QUndoCommand):
    """One step of the text's own undo history, mirrored on the document's ``QUndoStack``."""

    def __init__(self, editor: CodeEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self._first = True

    def undo(self) -> None:
        self.editor.document().undo()

    def redo(self) -> None:
        if self._first:  # the text already changed: pushing must not change it again
            self._first = False
            return
        self.editor.document().redo()


class Document(QObject):
    """A file being edited: text, checks, undo, save, and changes on disk."""

    #: A new check result (:class:`~gui.authoring.checking.Checked`).
    checked = Signal(object)
    #: The unsaved-changes state or the file name changed.
    stateChanged = Signal()
    #: Something for the status bar.
    message = Signal(str)
    #: The file was written (its path).
    saved = Signal(object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.editor = CodeEditor()
        self.undo_stack = QUndoStack(self)
        self.checker = Checker(self)
        self.checker.checked.connect(self._on_checked)
        self.latest: Checked | None = None
        self.newline = "\n"
        self._saved_text = ""
        #: The file's text when it was loaded or saved (what the disk holds, as far as known).
        self._disk_text: str | None = None
        self._description = ""
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setObjectName("documentCheckTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_AFTER_MS)
        self._timer.timeout.connect(self.check_now)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_disk_change)
        text_document = self.editor.document()
        text_document.undoCommandAdded.connect(self._on_undo_added)
        text_document.contentsChanged.connect(self._on_contents_changed)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.editor.undoRequested.connect(self.undo_stack.undo)
        self.editor.redoRequested.connect(self.undo_stack.redo)
        self.kind = ""
        self.highlighter: YamlHighlighter | MarkdownHighlighter | None = None
        self.load()

    # ------------------------------------------------------------------ state

    def _clean_changed(self, _clean: bool) -> None:
        self.stateChanged.emit()

    @property
    def modified(self) -> bool:
        """True when the text differs from what was last loaded or saved."""
        return not self.undo_stack.isClean()

    @property
    def checking(self) -> bool:
        """True until the text on screen has been checked."""
        return self._timer.isActive() or self.checker.busy

    def text(self) -> str:
        """The text in the editor."""
        return self.editor.toPlainText()

    def title(self) -> str:
        """The file name, with ``*`` while there are unsaved edits."""
        return self.path.name + (" *" if self.modified else "")

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """(Re)read the file; its history starts again, clean."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            data = b""
            self.message.emit(f"Cannot read {self.path}: {exc.strerror or exc}")
        self.newline = newline_of(data)
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        self.kind = kind_of(self.path, text)
        if self.highlighter is None:
            document = self.editor.document()
            self.highlighter = (
                MarkdownHighlighter(document)
                if self.kind == RUNBOOK_KIND
                else YamlHighlighter(document)
            )
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._saved_text = text
        self._disk_text = text if data else None
        self._watch()
        self.check_now()
        self.stateChanged.emit()

    def _watch(self) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        if self.path.exists():
            self.watcher.addPath(str(self.path))

    # ------------------------------------------------------------------ editing

    def _on_undo_added(self) -> None:
        if self._loading:
            return
        description = self._description or "Typing"
        self._description = ""
        self.undo_stack.push(_TextStep(self.editor, description))

    def _on_contents_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def check_now(self) -> None:
        """Check the text at once (not waiting for typing to pause)."""
        self._timer.stop()
        text = self.text()
        # unedited: check the file itself (its encoding and line endings as validate reads them)
        self.checker.request(str(self.path), text, now=True, from_disk=text == self._disk_text)

    def replace_text(self, new: str, description: str) -> None:
        """Change the text to ``new`` as one undoable step named ``description``.

        Only the lines that differ are replaced, so the cursor, the scroll position and the
        highlighting of the rest stay.
        """
        old = self.text()
        if new == old:
            return
        old_lines = old.split("\n")
        new_lines = new.split("\n")
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        blocks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        a1, a2, b1, b2 = blocks[0][1], blocks[-1][2], blocks[0][3], blocks[-1][4]
        chunk = new_lines[b1:b2]
        document = self.editor.document()
        count = len(old_lines)
        end_of_text = document.characterCount() - 1

        def line_start(number: int) -> int:
            return document.findBlockByNumber(number).position()

        if a2 < count:
            begin, finish = line_start(a1), line_start(a2)
            replacement = "".join(line + "\n" for line in chunk)
        elif a1 >= count:
            begin = finish = end_of_text
            replacement = "\n" + "\n".join(chunk)
        elif chunk or a1 == 0:
            begin, finish = line_start(a1), end_of_text
            replacement = "\n".join(chunk)
        else:  # the last lines go: so does the line break before them
            begin, finish = line_start(a1) - 1, end_of_text
            replacement = ""
        cursor = QTextCursor(document)
        cursor.setPosition(begin)
        cursor.setPosition(finish, QTextCursor.MoveMode.KeepAnchor)
        self._description = description
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()

    def apply(self, description: str, change: object) -> bool:
        """Apply a pane's change (a function old text -> new text); False (with a message)
        when the text cannot take it."""
        from gui.authoring.yamldoc import YamlEditError

        assert callable(change)
        try:
            new = change(self.text())
        except (YamlEditError, IndexError, KeyError, ValueError) as exc:
            self.message.emit(f"Cannot {description[:1].lower()}{description[1:]}: {exc}")
            return False
        self.replace_text(str(new), description)
        self.check_now()
        return True

    # ------------------------------------------------------------------ checks

    def _on_checked(self, result: Checked) -> None:
        self.latest = result
        self.editor.set_problems(result.problems, str(self.path))
        self.checked.emit(result)

    # ------------------------------------------------------------------ saving

    def save(self, parent: QWidget | None = None) -> bool:
        """Write the text atomically; False (after saying why) when it cannot be written."""
        from gui.authoring.files import AuthoringFileError

        text = self.text()
        try:
            save_text(self.path, text, self.newline)
        except AuthoringFileError as exc:
            dialogs.warn(parent, "Cannot save", str(exc))
            return False
        self._saved_text = text
        self._disk_text = None  # saved as UTF-8 with our line endings: check the text
        self.undo_stack.setClean()
        self._watch()
        self.message.emit(f"Saved {self.path}")
        self.saved.emit(self.path)
        self.stateChanged.emit()
        return True

    def moved_to(self, path: Path) -> None:
        """The file now lives at ``path`` (renamed or saved under a new name)."""
        self.path = Path(path)
        self._watch()
        self.check_now()
        self.stateChanged.emit()

    # ------------------------------------------------------------------ the disk

    def _on_disk_change(self, _name: str) -> None:
        try:
            disk = self.path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        except OSError:
            self.message.emit(f"{self.path} was removed or renamed outside the app")
            return
        finally:
            self._watch()  # an atomic save elsewhere replaces the file: watch the new one
        if disk == self._saved_text:
            return
        if not self.modified:
            self.reload_keeping_place()
            self.message.emit(f"Reloaded {self.path.name}: it changed on disk")
            return
        if dialogs.confirm(
            None,
            "File changed on disk",
            f"{self.path} was changed outside the app, and you have unsaved edits here.\n\n"
            "Reload it and drop your edits? (Cancel keeps your edits; saving them then "
            "overwrites the other change.)",
            "Reload and drop my edits",
        ):
            self.reload_keeping_place()

    def reload_keeping_place(self) -> None:
        """Reload the file, keeping the cursor on the same line."""
        line = self.editor.textCursor().blockNumber() + 1
        self.load()
        self.editor.go_to(line)

    def stop(self) -> None:
        """Stop timers and checks (the document closes)."""
        self._timer.stop()
        self.checker.stop()
