"""The one door every modal dialog goes through.

Modal dialogs block the caller in a nested event loop, which GUI tests cannot click through.
So every modal in the app — confirmations, message boxes, the start dialog — is shown by
:func:`run_modal`, and the helpers below build their dialog and hand it to it. Tests replace
``gui.dialogs.run_modal`` (always call it through the module, never ``from ... import``) with
a function that fills in the dialog, clicks its buttons and returns the result code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def run_modal(dialog: QDialog) -> int:
    """Show ``dialog`` modally and return its result (``QDialog.DialogCode`` as an int).

    This is the single function tests replace; nothing else in ``gui/`` calls ``exec()``.
    """
    return int(dialog.exec())


def _message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    # Text can quote scenario files: never interpret it as rich text.
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(default)
    if details:
        box.setDetailedText(details)
    box.setObjectName("messageBox")
    return box


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK") -> bool:
    """Ask a yes/no question; True when the user confirms. ``action`` labels the yes button."""
    box = _message_box(
        parent,
        QMessageBox.Icon.Question,
        title,
        text,
        buttons=QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        default=QMessageBox.StandardButton.Cancel,
    )
    ok = box.button(QMessageBox.StandardButton.Ok)
    if ok is not None:
        ok.setText(action)
    return run_modal(box) == int(QMessageBox.StandardButton.Ok)


def inform(
    parent: QWidget | None, title: str, text: str, details: str = "", monospace: bool = False
) -> None:
    """Tell the user something that needs no answer (``monospace`` for text in columns)."""
    box = _message_box(parent, QMessageBox.Icon.Information, title, text, details)
    if monospace:
        box.setStyleSheet("QLabel { font-family: monospace; }")
    run_modal(box)


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Tell the user something went wrong (never a traceback: say what and how to fix it)."""
    run_modal(_message_box(parent, QMessageBox.Icon.Warning, title, text, details))
