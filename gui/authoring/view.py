"""The Authoring view: write a scenario, see how it unfolds, and let the team dry-run it.

Three tabs share one problems list and one undo/redo:

* **Scenario** — the YAML (:class:`~gui.authoring.document.Document`: highlighting, line
  numbers, problem markers, completion) beside the structured panes that edit the same text
  (MSEL, mitigation matrix, clues), the preview and the dry run;
* **Runbooks** — the Markdown runbooks of the scenario's runbook folder with a rendered preview;
* **Team** — the team file the scenario names, as YAML and as tables.

The problems list shows exactly the lines ``gameday validate FILE`` prints for the file in the
active tab (a scenario's include its team's and runbooks'); choosing one jumps to its line, in
whichever file it is. New from template, open, duplicate, rename and save are in the bar and in
the main window's Author menu; leaving the view or the app with unsaved edits asks first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.authoring.checking import SCENARIO_KIND, Checked
from gui.authoring.completion import References, completions
from gui.authoring.document import Document
from gui.authoring.dry_run import DryRunPane
from gui.authoring.panes import CluePane, MitigationPane, MselPane
from gui.authoring.preview import PreviewPane
from gui.authoring.side_editors import RunbookEditor, TeamEditor
from simulator.loading.validation import summary
from simulator.problems import Level, Problem

_PROBLEM = Qt.ItemDataRole.UserRole + 1


class AuthoringView(QWidget):
    """Scenario, runbook and team editors with live problems, preview and dry run."""

    #: A file was saved (its path): the library lists it.
    saved = Signal(object)
    #: The author asked to go back to the library.
    backRequested = Signal()
    #: Something for the status bar.
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authoringView")
        self.document: Document | None = None
        self.team_document: Document | None = None
        self.references = References()
        self.undo_group = QUndoGroup(self)
        self._build_actions()

        self.title = QLabel("No scenario open")
        self.title.setObjectName("authoringTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for key in ("new", "open", "duplicate", "rename", "save", "undo", "redo", "back"):
            button = QToolButton()
            button.setDefaultAction(self.author_actions[key])
            button.setObjectName(f"authoring_{key}")
            bar.addWidget(button)

        self.msel = MselPane()
        self.mitigations = MitigationPane()
        self.clues = CluePane()
        self.preview = PreviewPane()
        self.dry_run = DryRunPane()
        self.panes = QTabWidget()
        self.panes.setObjectName("authoringPanes")
        self.panes.addTab(self.msel, "MSEL")
        self.panes.addTab(self.mitigations, "Mitigations")
        self.panes.addTab(self.clues, "Clues")
        self.panes.addTab(self.preview, "Preview")
        self.panes.addTab(self.dry_run, "Dry run")
        for pane in (self.msel, self.mitigations, self.clues):
            pane.changeRequested.connect(self._apply_pane_change)
            pane.message.connect(self.message)
            pane.show_scenario(None)

        self.editor_holder = QVBoxLayout()
        self.editor_holder.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(
            "Open a scenario (File > Open scenario in editor…) or start a new one from a "
            "template (Ctrl+N)."
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor_holder.addWidget(self.placeholder)
        editor_box = QWidget()
        editor_box.setLayout(self.editor_holder)
        scenario_tab = QSplitter(Qt.Orientation.Horizontal)
        scenario_tab.addWidget(editor_box)
        scenario_tab.addWidget(self.panes)
        scenario_tab.setStretchFactor(0, 3)
        scenario_tab.setStretchFactor(1, 2)
        self.runbooks = RunbookEditor()
        self.team_editor = TeamEditor()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("authoringTabs")
        self.tabs.addTab(scenario_tab, "Scenario")
        self.tabs.addTab(self.runbooks, "Runbooks")
        self.tabs.addTab(self.team_editor, "Team")

        self.problem_summary = QLabel("")
        self.problem_summary.setObjectName("problemSummary")
        self.problems = QListWidget()
        self.problems.setObjectName("authoringProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("font-family: monospace;")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.problem_summary)
        bottom_layout.addWidget(self.problems, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(bottom)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.problems.itemActivated.connect(self._jump)
        self.problems.itemClicked.connect(self._jump)
        self.tabs.currentChanged.connect(lambda _i: self._active_changed())
        self.runbooks.opened.connect(self._runbook_opened)
        self.dry_run.finished.connect(lambda _s: self.message.emit("Dry run finished"))
        self._update_state()

    # ------------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        def make(key: str, text: str, keys: QKeySequence | str, slot: object) -> QAction:
            action = QAction(text, self)
            action.setObjectName(f"author_{key}")
            sequence = QKeySequence(keys)
            if not sequence.isEmpty():
                action.setShortcut(sequence)
                shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{text.rstrip('…')} ({shown})")
            action.triggered.connect(slot)
            return action

        self.author_actions = {
            "new": make("new", "New from template…", "Ctrl+N", self.new_from_template),
            "open": make("open", "Open…", "", self.choose_file),
            "duplicate": make("duplicate", "Duplicate…", "", self.duplicate),
            "rename": make("rename", "Rename…", "", self.rename),
            "save": make("save", "Save", "", self.save),
            "back": make("back", "Library", "", self.backRequested.emit),
        }
        self.author_actions["save"].setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.author_actions["save"].setToolTip("Save the file in the active tab (Ctrl+S)")
        undo = self.undo_group.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        undo.setObjectName("author_undo")
        redo = self.undo_group.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        redo.setObjectName("author_redo")
        self.author_actions["undo"] = undo
        self.author_actions["redo"] = redo
        for action in self.author_actions.values():
            # the view's keys act only while it is on screen (the editor owns its own
            # Ctrl+Z: it routes it to the same history)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    # ------------------------------------------------------------------ documents

    def documents(self) -> list[Document]:
        """Every open document (scenario, team, runbooks)."""
        found = [d for d in (self.document, self.team_document) if d is not None]
        return found + list(self.runbooks.documents.values())

    def active_document(self) -> Document | None:
        """The document of the active tab."""
        index = self.tabs.currentIndex()
        if index == 1:
            return self.runbooks.document
        if index == 2:
            return self.team_document
        return self.document

    def open(self, path: Path) -> bool:
        """Open the scenario at ``path`` (after asking about unsaved edits); False if not."""
        if not self.maybe_leave():
            return False
        self.close_documents()
        document = Document(Path(path), self)
        self.document = document
        self.placeholder.hide()
        self.editor_holder.addWidget(document.editor)
        document.editor.completions = self._completions
        self._wire(document)
        document.checked.connect(self._on_scenario_checked)
        self.tabs.setCurrentIndex(0)
        self.panes.setCurrentWidget(self.msel)
        self._active_changed()
        self.dry_run.source = lambda: (document.path, document.text())
        document.editor.setFocus()
        return True

    def _wire(self, document: Document) -> None:
        self.undo_group.addStack(document.undo_stack)
        document.stateChanged.connect(self._update_state)
        document.message.connect(self.message)
        document.saved.connect(self.saved)
        document.checked.connect(lambda _r, d=document: self._show_problems_of(d))

    def _runbook_opened(self, document: Document) -> None:
        if document.undo_stack not in self.undo_group.stacks():
            self._wire(document)
        self._active_changed()

    def _open_team(self, path: Path | None) -> None:
        current = self.team_document
        if current is not None and path is not None and current.path == path:
            return
        if current is not None and not current.modified:
            self.undo_group.removeStack(current.undo_stack)
            self.team_editor.set_document(None)
            current.stop()
            current.editor.deleteLater()
            current.deleteLater()
            self.team_document = None
        elif current is not None:
            return  # keep unsaved team edits until they are saved
        if path is None or not path.is_file():
            return
        document = Document(path, self)
        document.editor.completions = self._team_completions
        self.team_document = document
        self._wire(document)
        self.team_editor.set_document(document)

    def close_documents(self) -> None:
        """Close every document (unsaved edits are dropped: ask first with maybe_leave)."""
        self.dry_run.stop()
        self.runbooks.stop()
        for document in self.documents():
            document.stop()
            self.undo_group.removeStack(document.undo_stack)
        if self.document is not None:
            self.document.editor.deleteLater()
            self.document.deleteLater()
            self.document = None
        self.team_editor.set_document(None)
        if self.team_document is not None:
            self.team_document.editor.deleteLater()
            self.team_document.deleteLater()
            self.team_document = None
        for document in self.runbooks.documents.values():
            document.editor.deleteLater()
            document.deleteLater()
        self.runbooks.documents.clear()
        self.runbooks.document = None
        self.placeholder.show()
        self._update_state()

    # ------------------------------------------------------------------ checks

    def _on_scenario_checked(self, result: Checked) -> None:
        document = self.document
        if document is None:
            return
        stale = result.scenario is None
        if result.scenario is not None or result.team is not None:
            self.references = References.of(result.scenario, result.team, result.runbooks)
        for pane in (self.msel, self.mitigations, self.clues):
            pane.show_scenario(result.scenario, stale)
        self.preview.show_scenario(result.scenario)
        scenario = result.scenario
        if scenario is not None:
            base = document.path.parent
            team = (base / scenario.team).resolve() if scenario.team else None
            self._open_team(team)
            folder = (base / scenario.runbooks).resolve() if scenario.runbooks else None
            self.runbooks.show_folder(folder, scenario.alerts())

    def _show_problems_of(self, document: Document) -> None:
        if document is self.active_document():
            self.show_problems(document.latest.problems if document.latest else ())

    def show_problems(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        """List ``problems`` as ``gameday validate`` prints them, with its summary line."""
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(problem.format())
            item.setData(_PROBLEM, problem)
            item.setForeground(
                Qt.GlobalColor.darkRed
                if problem.level is Level.ERROR
                else Qt.GlobalColor.darkYellow
            )
            self.problems.addItem(item)
        document = self.active_document()
        files = 1 if document is not None else 0
        self.problem_summary.setText(summary(list(problems), files) if document is not None else "")

    def problem_lines(self) -> list[str]:
        """The problems as shown (for tests and the user's copy)."""
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    def _jump(self, item: QListWidgetItem) -> None:
        problem = item.data(_PROBLEM)
        if not isinstance(problem, Problem):
            return
        target = next((d for d in self.documents() if str(d.path) == problem.file), None)
        if target is None and problem.file.endswith(".md"):
            target = self.runbooks.open(Path(problem.file))
        if target is None:
            return
        if target is self.document:
            self.tabs.setCurrentIndex(0)
        elif target is self.team_document:
            self.tabs.setCurrentIndex(2)
        else:
            self.tabs.setCurrentIndex(1)
            self.runbooks.open(target.path)
        target.editor.go_to(problem.line, problem.column)

    # ------------------------------------------------------------------ completion

    def _completions(self, lines: list[str], row: int, column: int) -> tuple[str, list[str]]:
        return completions(lines, row, column, self.references)

    def _team_completions(self, lines: list[str], row: int, column: int) -> tuple[str, list[str]]:
        refs = self.references
        if self.team_document is not None and self.team_document.latest is not None:
            team = self.team_document.latest.team
            if team is not None:
                refs = References.of(None, team)
                refs = References(services=self.references.services, people=refs.people)
        return completions(lines, row, column, refs, team_file=True)

    # ------------------------------------------------------------------ changes

    def _apply_pane_change(self, description: str, change: object) -> None:
        if self.document is not None and self.document.apply(description, change):
            self.message.emit(description)

    def _active_changed(self) -> None:
        document = self.active_document()
        if document is not None:
            self.undo_group.setActiveStack(document.undo_stack)
        else:
            cast(Any, self.undo_group).setActiveStack(None)
        self.show_problems(document.latest.problems if document and document.latest else ())
        self._update_state()

    def _update_state(self) -> None:
        document = self.document
        has = document is not None
        if document is None:
            self.title.setText("No scenario open")
        else:
            modified = [d.path.name for d in self.documents() if d.modified]
            unsaved = f" — unsaved: {', '.join(modified)}" if modified else ""
            self.title.setText(f"{document.path.name}{unsaved}")
            self.title.setToolTip(str(document.path))
        for key in ("duplicate", "rename", "save"):
            self.author_actions[key].setEnabled(has)
        active = self.active_document()
        self.author_actions["save"].setEnabled(active is not None and active.modified)

    # ------------------------------------------------------------------ files

    def _folder(self) -> Path:
        if self.document is not None:
            return self.document.path.parent
        from gui.session import runs_root

        return runs_root().parent / "scenarios"

    def new_from_template(self) -> None:
        """Ask for a template, title and folder; create the scenario and open it."""
        from gui.authoring.dialogs import NewScenarioDialog
        from gui.authoring.files import AuthoringFileError, new_scenario

        if not self.maybe_leave():
            return
        dialog = NewScenarioDialog(self._folder(), self)
        if not dialogs.run_modal(dialog):
            return
        template, destination, title = dialog.chosen()
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            new_scenario(template, destination, title)
        except (AuthoringFileError, OSError) as exc:
            dialogs.warn(self, "Cannot create the scenario", str(exc))
            return
        self.open(destination)
        self.saved.emit(destination)
        self.message.emit(f"Created {destination} from {template.name}")

    def choose_file(self) -> None:
        """Ask for a scenario file to open in the editor."""
        dialog = QFileDialog(self, "Open scenario in the editor", str(self._folder()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("Scenario files (*.yaml *.yml);;All files (*)")
        if dialogs.run_modal(dialog) and dialog.selectedFiles():
            self.open(Path(dialog.selectedFiles()[0]))

    def save(self) -> bool:
        """Save the file of the active tab."""
        document = self.active_document()
        return document is not None and document.save(self)

    def save_all(self) -> bool:
        """Save every file with unsaved edits; False when one cannot be saved."""
        return all(d.save(self) for d in self.documents() if d.modified)

    def duplicate(self) -> None:
        """Save the scenario (as edited) under a new name and open the copy."""
        from gui.authoring.dialogs import ask_file_name
        from gui.authoring.files import AuthoringFileError, duplicate

        document = self.document
        if document is None:
            return
        name = ask_file_name(
            self, "Duplicate scenario", "Name of the copy:", f"{document.path.stem}-copy.yaml"
        )
        if name is None:
            return
        destination = document.path.parent / name
        try:
            duplicate(document.path, document.text(), destination)
        except AuthoringFileError as exc:
            dialogs.warn(self, "Cannot duplicate the scenario", str(exc))
            return
        # the original keeps its unsaved edits only if the author saves them: ask
        if self.open(destination):
            self.saved.emit(destination)

    def rename(self) -> None:
        """Rename the scenario file (saved first, so the new name holds the edits)."""
        from gui.authoring.dialogs import ask_file_name
        from gui.authoring.files import AuthoringFileError, rename

        document = self.document
        if document is None:
            return
        name = ask_file_name(self, "Rename scenario", "New file name:", document.path.name)
        if name is None or name == document.path.name:
            return
        if document.modified and not document.save(self):
            return
        destination = document.path.parent / name
        old = document.path
        try:
            rename(old, destination)
        except AuthoringFileError as exc:
            dialogs.warn(self, "Cannot rename the scenario", str(exc))
            return
        document.moved_to(destination)
        document.undo_stack.setClean()
        self.saved.emit(destination)
        self.message.emit(f"Renamed {old.name} to {destination.name}")
        self._update_state()

    def maybe_leave(self) -> bool:
        """True when nothing unsaved would be lost (after saving or dropping, as asked)."""
        from gui.authoring.dialogs import ask_unsaved

        modified = [d for d in self.documents() if d.modified]
        if not modified:
            return True
        answer = ask_unsaved(self, [str(d.path) for d in modified])
        if answer == "save":
            return self.save_all()
        if answer == "discard":
            for document in modified:
                document.load()
            return True
        return False

    def stop(self) -> None:
        """Stop every timer, check and dry run (the window closes)."""
        self.close_documents()


def is_scenario(document: Document | None) -> bool:
    """True for a scenario document."""
    return document is not None and document.kind == SCENARIO_KIND
