"""The runbook editor and the team editor of the Authoring view.

**Runbooks**: the Markdown runbooks of the scenario's runbook folder, one at a time, in an
editor with the guide's structure (a new runbook starts from the guide's template, titled with
the alert it covers) and a rendered preview beside it, redrawn as the author types. Problems are
``gameday validate``'s for the file.

**Team**: the team file's YAML beside tables of its people (name, roles, experience, time
zone), the on-call rotation and the escalation levels. Editing a cell edits the YAML text
(comments and layout kept), so the text and the tables are one document with one undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.authoring import edits
from gui.authoring.checking import Checked
from gui.authoring.document import Document
from simulator.durations import format_duration, parse_duration
from simulator.model import Experience, Role, Team

#: The guide's runbook structure (see simulator/loading/runbook.py), for a new runbook.
RUNBOOK_TEMPLATE = """# {title}

## Overview
What the alert means and what users notice.

## Severity Assessment
- When this is a SEV-1, SEV-2 or SEV-3.

## Initial Investigation
1. The first dashboard to open.
2. The log query to run.

## Common Causes and Fixes
### Cause 1: The most likely cause
**Symptoms:** What you see.
**Fix:** What to do (roll back, restart, fail over, scale, flip a feature flag, block traffic).

## Escalation
Who to page, and when.

## Related Resources
- Dashboard: ...
"""


class RunbookEditor(QWidget):
    """The runbooks of one folder: a list, the Markdown, and its rendered preview."""

    #: A runbook document was opened (the view wires it to undo, save and problems).
    opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runbookEditor")
        self.folder: Path | None = None
        self.document: Document | None = None
        self.documents: dict[Path, Document] = {}
        self.list = QListWidget()
        self.list.setObjectName("runbookList")
        self.new_button = QPushButton("New runbook…")
        self.new_button.setObjectName("newRunbook")
        self.missing = QComboBox()
        self.missing.setObjectName("runbookFor")
        self.missing.setToolTip("Alerts of the scenario that have no runbook yet")
        self.preview = QTextBrowser()
        self.preview.setObjectName("runbookPreview")
        self.preview.setOpenExternalLinks(False)
        self.placeholder = QLabel("Choose a runbook, or make one for an alert that has none.")
        self.placeholder.setWordWrap(True)
        self.editor_holder = QVBoxLayout()
        self.editor_holder.addWidget(self.placeholder)
        holder = QWidget()
        holder.setLayout(self.editor_holder)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Runbooks"))
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(QLabel("New runbook for the alert:"))
        left_layout.addWidget(self.missing)
        left_layout.addWidget(self.new_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(holder)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._render = QTimer(self)
        self._render.setObjectName("runbookRender")
        self._render.setSingleShot(True)
        self._render.setInterval(200)
        self._render.timeout.connect(self.render_preview)
        self.list.currentTextChanged.connect(self._open_named)
        self.new_button.clicked.connect(self.new_runbook)

    def show_folder(self, folder: Path | None, alerts: tuple[str, ...] = ()) -> None:
        """List the runbooks of ``folder``; offer the ``alerts`` that have none."""
        self.folder = folder
        current = self.list.currentItem().text() if self.list.currentItem() else ""
        names = (
            sorted(p.name for p in folder.glob("*.md") if p.name.lower() != "readme.md")
            if folder is not None and folder.is_dir()
            else []
        )
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems(names)
        matches = self.list.findItems(current, Qt.MatchFlag.MatchExactly)
        if matches:
            self.list.setCurrentItem(matches[0])
        self.list.blockSignals(False)
        have = {Path(n).stem for n in names}
        self.missing.clear()
        self.missing.addItems([a for a in alerts if a not in have])
        self.new_button.setEnabled(folder is not None and folder.is_dir())

    def _open_named(self, name: str) -> None:
        if name and self.folder is not None:
            self.open(self.folder / name)

    def open(self, path: Path) -> Document:
        """Show the runbook at ``path`` (its document is kept while the view lives)."""
        document = self.documents.get(path)
        if document is None:
            document = Document(path, self)
            document.editor.textChanged.connect(self._render.start)
            self.documents[path] = document
        if self.document is not None:
            self.document.editor.hide()
        self.placeholder.hide()
        if document.editor.parent() is None or self.editor_holder.indexOf(document.editor) < 0:
            self.editor_holder.addWidget(document.editor)
        document.editor.show()
        self.document = document
        self.render_preview()
        self.opened.emit(document)
        return document

    def new_runbook(self) -> None:
        """Create a runbook for the chosen alert from the guide's template and open it."""
        from gui.authoring.files import AuthoringFileError, save_text

        title = self.missing.currentText().strip()
        if self.folder is None or not title:
            return
        path = self.folder / f"{title}.md"
        if path.exists():
            self.open(path)
            return
        try:
            save_text(path, RUNBOOK_TEMPLATE.format(title=title))
        except AuthoringFileError as exc:
            from gui import dialogs

            dialogs.warn(self, "Cannot create the runbook", str(exc))
            return
        self.show_folder(
            self.folder, tuple(self.missing.itemText(i) for i in range(self.missing.count()))
        )
        items = self.list.findItems(path.name, Qt.MatchFlag.MatchExactly)
        if items:
            self.list.setCurrentItem(items[0])

    def render_preview(self) -> None:
        """Render the Markdown of the open runbook in the preview."""
        if self.document is not None:
            self.preview.setMarkdown(self.document.text())

    def stop(self) -> None:
        """Stop every runbook's timers."""
        self._render.stop()
        for document in self.documents.values():
            document.stop()


class TeamEditor(QWidget):
    """A team file: its YAML beside tables of people, on-call and escalation levels."""

    PEOPLE = ("Id", "Name", "Roles", "Experience", "Time zone")
    LEVELS = ("Level", "Who is paged", "Timeout")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamEditor")
        self.document: Document | None = None
        self.team: Team | None = None
        self._filling = False
        self.label = QLabel("The scenario names no team file that exists.")
        self.label.setWordWrap(True)
        self.people = QTableWidget(0, len(self.PEOPLE))
        self.people.setObjectName("teamPeople")
        self.people.setHorizontalHeaderLabels(list(self.PEOPLE))
        self.people.verticalHeader().setVisible(False)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.primary = QComboBox()
        self.primary.setObjectName("teamPrimary")
        self.secondary = QComboBox()
        self.secondary.setObjectName("teamSecondary")
        self.levels = QTableWidget(0, len(self.LEVELS))
        self.levels.setObjectName("teamLevels")
        self.levels.setHorizontalHeaderLabels(list(self.LEVELS))
        self.levels.verticalHeader().setVisible(False)
        self.levels.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("")
        self.status.setObjectName("teamStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b3261e;")
        tables = QWidget()
        form = QFormLayout()
        form.addRow("Primary on call:", self.primary)
        form.addRow("Secondary on call:", self.secondary)
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(self.label)
        tables_layout.addWidget(QLabel("People (roles: comma-separated)"))
        tables_layout.addWidget(self.people, 2)
        tables_layout.addLayout(form)
        tables_layout.addWidget(QLabel("Escalation levels"))
        tables_layout.addWidget(self.levels, 1)
        tables_layout.addWidget(self.status)
        self.text_holder = QVBoxLayout()
        text = QWidget()
        text.setLayout(self.text_holder)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(text)
        splitter.addWidget(tables)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.people.itemChanged.connect(self._person_changed)
        self.levels.itemChanged.connect(self._level_changed)
        self.primary.activated.connect(lambda _i: self._on_call("primary", self.primary))
        self.secondary.activated.connect(lambda _i: self._on_call("secondary", self.secondary))

    def set_document(self, document: Document | None) -> None:
        """Edit the team file ``document`` (None: the scenario names none)."""
        if self.document is document:
            return
        if self.document is not None:
            self.document.editor.hide()
            self.document.checked.disconnect(self._on_checked)
        self.document = document
        self.label.setVisible(document is None)
        if document is not None:
            self.label.hide()
            if self.text_holder.indexOf(document.editor) < 0:
                self.text_holder.addWidget(document.editor)
            document.editor.show()
            document.checked.connect(self._on_checked)
            if document.latest is not None:
                self._on_checked(document.latest)

    def _on_checked(self, result: Checked) -> None:
        editable = result.team is not None
        self.status.setText(
            "" if editable else "The team file has errors: fix them to edit the tables."
        )
        for table in (self.people, self.levels):
            table.setEnabled(editable)
        self.primary.setEnabled(editable)
        self.secondary.setEnabled(editable)
        if result.team is not None:
            self.team = result.team
            self._fill(result.team)

    def _fill(self, team: Team) -> None:
        self._filling = True
        try:
            self.people.setRowCount(len(team.people))
            for row, person in enumerate(team.people):
                values = [
                    person.id,
                    person.name,
                    ", ".join(r.value for r in person.roles),
                    person.experience.value,
                    person.timezone,
                ]
                for column, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    if column == 0:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(value)
                    self.people.setItem(row, column, item)
            self.people.resizeColumnsToContents()
            ids = [p.id for p in team.people]
            for box, chosen in (
                (self.primary, team.on_call.primary),
                (self.secondary, team.on_call.secondary or ""),
            ):
                box.clear()
                box.addItems(([""] if box is self.secondary else []) + ids)
                box.setCurrentText(chosen)
            self.levels.setRowCount(len(team.escalation.levels))
            for row, level in enumerate(team.escalation.levels):
                values = [
                    str(level.level),
                    ", ".join(level.targets),
                    format_duration(level.timeout),
                ]
                for column, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    if column == 0:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.levels.setItem(row, column, item)
        finally:
            self._filling = False

    def _apply(self, description: str, change: Callable[[str], str]) -> None:
        if self.document is not None:
            self.document.apply(description, change)

    def _person_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.team is None:
            return
        row, column, text = item.row(), item.column(), item.text().strip()
        person = self.team.people[row]
        if column == 2:
            roles = [r.strip() for r in text.split(",") if r.strip()]
            unknown = [r for r in roles if r not in {x.value for x in Role}]
            if unknown:
                self.status.setText(
                    f"Unknown role {unknown[0]!r}; roles are " + ", ".join(r.value for r in Role)
                )
                self._fill(self.team)
                return
            value: object = _flow(roles)
        elif column == 3 and text not in {e.value for e in Experience}:
            self.status.setText(
                f"Experience is one of {', '.join(e.value for e in Experience)}; got {text!r}"
            )
            self._fill(self.team)
            return
        else:
            value = text
        key = {1: "name", 2: "roles", 3: "experience", 4: "timezone"}[column]
        self._apply(
            f"Change the {key} of {person.name}",
            lambda old: edits.set_scalar(old, ("people", row, key), value),
        )

    def _on_call(self, key: str, box: QComboBox) -> None:
        if self.team is None:
            return
        chosen = box.currentText()
        if key == "secondary" and not chosen:
            self._apply("No secondary on call", lambda old: _drop_secondary(old))
            return
        self._apply(
            f"{chosen} is {key} on call",
            lambda old: edits.set_scalar(old, ("on_call", key), chosen),
        )

    def _level_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.team is None:
            return
        row, column, text = item.row(), item.column(), item.text().strip()
        if column == 1:
            value: object = _flow([t.strip() for t in text.split(",") if t.strip()])
            key = "targets"
        else:
            try:
                parse_duration(text)
            except ValueError:
                self.status.setText(f"'{text}' is not a time: write it like 90s, 5m or 1h30m")
                self._fill(self.team)
                return
            value, key = text, "timeout"
        self._apply(
            f"Change the {key} of escalation level {row + 1}",
            lambda old: edits.set_scalar(old, ("escalation", "levels", row, key), value),
        )

    def stop(self) -> None:
        """Stop the team document's timers."""
        if self.document is not None:
            self.document.stop()


def _flow(items: list[str]) -> object:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _drop_secondary(text: str) -> str:
    from gui.authoring.yamldoc import edit

    def change(data: object) -> None:
        on_call = data.get("on_call") if isinstance(data, dict) else None
        if isinstance(on_call, dict) and "secondary" in on_call:
            del on_call["secondary"]

    return edit(text, change)
