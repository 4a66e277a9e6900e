"""The Authoring view's dialogs: a new scenario from a template, a new file name, and the
unsaved-changes question. Each is shown through :func:`gui.dialogs.run_modal` (tests fill
them in)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from gui import dialogs
from gui.authoring.files import Template, scenario_id, templates


class NewScenarioDialog(QDialog):
    """Template, title and where to save the new scenario."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New scenario from a template")
        self.setObjectName("newScenarioDialog")
        self.templates: list[Template] = templates()
        self.template = QComboBox()
        self.template.setObjectName("templateChoice")
        for template in self.templates:
            self.template.addItem(template.title, str(template.path))
        self.title = QLineEdit()
        self.title.setObjectName("newTitle")
        self.title.setPlaceholderText(
            "What players will see, e.g. Checkout slow after a config push"
        )
        self.folder = QLineEdit(str(folder))
        self.folder.setObjectName("newFolder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.file_name = QLabel("")
        self.file_name.setObjectName("newFileName")
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Start from:", self.template)
        form.addRow("Title:", self.title)
        form.addRow("Folder:", row)
        form.addRow("File:", self.file_name)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._update)
        self._update()

    def _browse(self) -> None:
        dialog = QFileDialog(self, "Folder for the new scenario", self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        if dialogs.run_modal(dialog) and dialog.selectedFiles():
            self.folder.setText(dialog.selectedFiles()[0])

    def _update(self) -> None:
        self.file_name.setText(f"{scenario_id(self.title.text() or 'new scenario')}.yaml")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.title.text().strip()))

    def chosen(self) -> tuple[Path, Path, str]:
        """(template, destination, title) as filled in."""
        template = Path(str(self.template.currentData()))
        destination = Path(self.folder.text()) / self.file_name.text()
        return template, destination, self.title.text().strip()


def ask_file_name(parent: QWidget | None, title: str, label: str, current: str) -> str | None:
    """A new file name (None when cancelled)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("fileNameDialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(current)
    if not dialogs.run_modal(dialog):
        return None
    name = dialog.textValue().strip()
    if not name:
        return None
    return name if name.endswith((".yaml", ".yml", ".md")) else name + ".yaml"


def ask_unsaved(parent: QWidget | None, names: list[str]) -> str:
    """``save``, ``discard`` or ``cancel`` for files with unsaved edits."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Unsaved changes",
        "These files have edits that are not saved:\n" + "\n".join(names),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("unsavedBox")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    result = dialogs.run_modal(box)
    if result == int(QMessageBox.StandardButton.Save):
        return "save"
    if result == int(QMessageBox.StandardButton.Discard):
        return "discard"
    return "cancel"
