"""When the journal cannot be written: tell the user, and save it somewhere else.

The session keeps every record in memory when a write fails (disk full, folder deleted,
permission revoked, read-only media) and pauses the clock. :func:`offer_rescue` says which
file failed and why, and offers to save the whole journal so far to another place (an atomic
write); the rest of the run is then recorded there, so the exercise can go on or be scored.
Every dialog goes through :mod:`gui.dialogs` (tests script them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QStandardPaths, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from gui import dialogs
from simulator.journal import os_error_fix, os_error_reason

if TYPE_CHECKING:
    from gui.session import Session

TITLE = "The journal cannot be written"
SAVE_TEXT = "Save journal as…"
CONTINUE_TEXT = "Continue without saving"
STAY_TEXT = "Stay paused"


def failure_text(session: Session) -> str:
    """The dialog's text: which file, why, and that nothing is lost."""
    writer = session.writer
    reason = os_error_reason(writer.error) if writer.error is not None else "unknown error"
    state = (
        "The exercise is over"
        if session.exercise.finished
        else "The exercise is paused; it can go on"
    )
    return (
        f"Writing the journal to {writer.path} failed: {reason}.\n\n"
        f"Nothing is lost: all {len(session.exercise.records)} records so far are kept in "
        f"memory. {state}.\n\n"
        "Save the whole journal to another place, and the rest of the run is recorded there."
    )


def offer_rescue(parent: QWidget | None, session: Session) -> None:
    """Tell the user the journal failed and offer to save it elsewhere (repeat until it is
    saved, or the user chooses to go on without it or to stay paused)."""
    resume = session.paused_by_failure and not session.exercise.finished
    while session.journal_failed:
        error = session.writer.error
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            TITLE,
            failure_text(session),
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setObjectName("journalFailed")
        box.setTextFormat(Qt.TextFormat.PlainText)  # paths are text, never markup
        box.setDetailedText(
            f"{session.writer.error_message()}\n\nThe fix: {os_error_fix(error)}."
            if error is not None
            else session.writer.error_message()
        )
        save = box.addButton(SAVE_TEXT, QMessageBox.ButtonRole.AcceptRole)
        go_on = None
        if not session.exercise.finished:
            go_on = box.addButton(CONTINUE_TEXT, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(
            STAY_TEXT if not session.exercise.finished else "Close",
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(save)
        box.setEscapeButton(stay)
        dialogs.run_modal(box)
        clicked = box.clickedButton()
        if clicked is save:
            if save_journal_as(parent, session) and resume:
                session.clock.play()
            continue
        if go_on is not None and clicked is go_on:
            session.clock.play()
        return


def default_folder() -> Path:
    """Where the save dialog starts: the user's documents folder (or home)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or QDir.homePath())


def save_journal_as(parent: QWidget | None, session: Session) -> bool:
    """Ask where to save the journal, save all of it there atomically and record the rest of
    the run there; True when saved. A failed save says why (the journal stays in memory)."""
    dialog = QFileDialog(parent, "Save the journal as", str(default_folder() / "journal.jsonl"))
    dialog.setObjectName("saveJournalDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter("Journals (*.jsonl);;All files (*)")
    dialog.setDefaultSuffix("jsonl")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if dialogs.run_modal(dialog) != int(QDialog.DialogCode.Accepted):
        return False
    chosen = dialog.selectedFiles()
    if not chosen:
        return False
    path = Path(chosen[0])
    try:
        session.save_journal_as(path)
    except OSError as exc:
        dialogs.warn(
            parent,
            "The journal could not be saved there",
            f"Saving the journal to {path} failed: {os_error_reason(exc)}.\n\n"
            f"{os_error_fix(exc).capitalize()}. The journal is still in memory.",
        )
        return False
    dialogs.inform(
        parent,
        "Journal saved",
        f"The whole journal so far ({len(session.exercise.records)} records) is saved in "
        f"{path}."
        + ("" if session.exercise.finished else " The rest of the run is recorded there."),
    )
    return True
