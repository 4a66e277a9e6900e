"""Resume after a crash: on start the app lists exercises a person was playing when the app
died, and continues one where it stopped.

An interrupted run is a journal under :func:`gui.session.runs_root` with no ``end`` record,
played by a person, readable, whose scenario and team files are unchanged. Resuming rebuilds
it with :func:`simulator.engine.resume.resume` (same seed, every human action re-applied at its
time), writes on to the same journal, and opens the exercise view with the clock paused at the
interruption time. Discard leaves the journal where it is and drops a marker file beside it so
the run is not offered again; Later asks again at the next start.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.run_lock import is_live
from simulator.durations import format_duration
from simulator.journal import JournalError, JournalWriter, Record, normal_mode, read_journal

if TYPE_CHECKING:
    from gui.exercise_view import ExerciseView
    from gui.session import Session
    from simulator.bundle import Bundle


class MainWindow(Protocol):
    """What resuming needs of :class:`gui.main_window.MainWindow` (named here without
    importing it: the window imports this module)."""

    exercise_view: ExerciseView | None

    def close_session(self) -> None: ...
    def begin_session(self, session: Session) -> None: ...
    def statusBar(self) -> QStatusBar: ...


__all__ = [
    "DISCARDED_NAME",
    "Interrupted",
    "ResumeDialog",
    "interrupted_runs",
    "offer",
    "resume_journal",
]

#: The marker file Discard leaves beside a journal (hidden, so the run folder still moves to
#: the trash as a whole; the journal itself is kept).
DISCARDED_NAME = ".resume-discarded"


@dataclass(frozen=True)
class Interrupted:
    """One exercise a person was playing when the app stopped without ending it."""

    journal: Path
    records: list[Record]
    bundle: Bundle
    title: str
    player: str
    stopped_at: float
    when: datetime

    def label(self) -> str:
        """``"Cart service memory leak — 6 Dec 08:41, stopped at T+12m, played by Maria"``."""
        when = self.when.strftime("%-d %b %H:%M")
        return (
            f"{self.title} — {when}, stopped at T+{format_duration(self.stopped_at)}, "
            f"played by {self.player}"
        )


def _ended(journal: Path) -> bool:
    """True when the journal's last line is its ``end`` record (read from the file's tail)."""
    try:
        with journal.open("rb") as handle:
            handle.seek(max(0, journal.stat().st_size - 4096))
            tail = handle.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    except OSError:
        return False
    return b'"kind":"end"' in tail


def _interrupted(journal: Path, discarded: bool = False) -> Interrupted | None:
    """The interrupted run ``journal`` holds, or None (ended, unreadable, nobody played it,
    discarded unless ``discarded``, or its files changed or are gone)."""
    from simulator.engine.resume import interrupted_at
    from simulator.history.recorded import recorded_bundle

    if not discarded and (journal.parent / DISCARDED_NAME).exists():
        return None
    if _ended(journal) or is_live(journal.parent):
        return None  # ended (known from the last line), or another app is playing it now
    try:
        records = read_journal(journal)
        when = datetime.fromtimestamp(journal.stat().st_mtime).astimezone()
    except (JournalError, OSError):
        return None
    stopped = interrupted_at(records)
    if stopped is None:
        return None
    header: dict[str, Any] = dict(records[0].payload)
    human = header.get("human")
    if not isinstance(human, dict) or header.get("seats"):
        return None  # simulated runs resume with `gameday resume`; game days are not offered
    notes: list[str] = []
    bundle = recorded_bundle(header, journal.parent, notes)
    if bundle is None or notes:
        return None
    person = bundle.team.person(str(human.get("actor", "")))
    return Interrupted(
        journal=journal,
        records=records,
        bundle=bundle,
        title=bundle.scenario.title,
        player=person.name if person is not None else str(human.get("actor", "someone")),
        stopped_at=stopped,
        when=when,
    )


def interrupted_runs(root: Path | None = None) -> list[Interrupted]:
    """Every interrupted run under ``root`` (default :func:`gui.session.runs_root`), newest
    first."""
    from gui import session

    folder = root if root is not None else session.runs_root()
    try:
        journals = sorted(folder.glob(f"*/{session.JOURNAL_NAME}"))
    except OSError:
        return []
    found = [run for run in map(_interrupted, journals) if run is not None]
    return sorted(found, key=lambda run: run.when, reverse=True)


class ResumeDialog(QDialog):
    """Lists interrupted exercises: Resume the selected one, Discard it, or decide Later."""

    LATER = 0
    RESUME = 1
    DISCARD = 2

    def __init__(self, runs: list[Interrupted], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumeDialog")
        self.setWindowTitle("Resume an interrupted exercise")
        self.runs = runs
        layout = QVBoxLayout(self)
        count = len(runs)
        noun = "exercise was" if count == 1 else "exercises were"
        self.message = QLabel(
            f"{count} {noun} interrupted before it ended. Resume one where it stopped (the "
            "clock stays paused until you press Play)?"
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setObjectName("interruptedRuns")
        self.list.setWordWrap(True)  # the whole label, never cut off at the right
        for run in runs:
            self.list.addItem(run.label())
            self.list.item(self.list.count() - 1).setToolTip(str(run.journal))
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.resume_button = self._button(buttons, "Resume", self.RESUME)
        self.discard_button = self._button(buttons, "Discard", self.DISCARD)
        self.later_button = self._button(buttons, "Later", self.LATER)
        self.resume_button.setDefault(True)
        self.resize(640, 280)
        layout.addWidget(buttons)

    def _button(self, box: QDialogButtonBox, text: str, code: int) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda _checked=False: self.done(code))
        return button

    def text(self) -> str:
        """The dialog's message (what an unexpected-modal test failure shows)."""
        return self.message.text()

    def chosen(self) -> Interrupted | None:
        """The selected run."""
        row = self.list.currentRow()
        return self.runs[row] if 0 <= row < len(self.runs) else None


def _widget(window: MainWindow) -> QWidget | None:
    """The window as a dialog parent."""
    return window if isinstance(window, QWidget) else None


def _rewrite(journal: Path, kept: list[Record]) -> JournalWriter:
    """A writer that goes on writing ``journal``, which holds ``kept``: written to a temporary
    file beside it and moved over it, so the journal is never half-rewritten."""
    fd, tmp = tempfile.mkstemp(prefix=f".{journal.name}-", suffix=".resume", dir=journal.parent)
    os.fchmod(fd, normal_mode())
    os.close(fd)
    writer = JournalWriter(Path(tmp))
    for record in kept:
        writer.write(record)
    if writer.failed:
        writer.close()
        Path(tmp).unlink(missing_ok=True)
        raise OSError(writer.error_message())
    os.replace(tmp, journal)
    writer.path = journal
    return writer


def resume_run(window: MainWindow, run: Interrupted) -> bool:
    """Rebuild ``run`` and show it in ``window``, paused where it stopped; False (said in a
    warning) when it cannot be rebuilt or its journal cannot be written."""
    from gui.session import Session
    from gui.start_dialog import Mode, StartOptions
    from simulator.engine.replay import ReplayError
    from simulator.engine.resume import resume

    try:
        exercise = resume(run.records, run.bundle)
        writer = _rewrite(run.journal, [*run.records, *exercise.records[len(run.records) :]])
    except (ReplayError, OSError) as exc:
        dialogs.warn(_widget(window), "The exercise cannot be resumed", f"{run.journal}: {exc}")
        return False
    human = run.records[0].payload.get("human") or {}
    tabletop = isinstance(human, dict) and bool(human.get("tabletop"))
    options = StartOptions(
        team_path=None,
        mode=Mode.TABLETOP if tabletop else Mode.PLAY,
        speed=1.0,
        seed=int(run.records[0].payload.get("seed", 1)),
    )
    window.close_session()
    session = Session(run.bundle, options, _widget(window), exercise=exercise, writer=writer)
    window.begin_session(session)
    if window.exercise_view is not None:
        window.exercise_view.pages.setCurrentIndex(0)  # past the briefing; the clock waits
    session.clock.pause()
    window.statusBar().showMessage(
        f"Resumed at T+{format_duration(run.stopped_at)}, paused — press Play to go on. "
        f"Journal: {session.journal_path}"
    )
    return True


def resume_journal(window: MainWindow, journal: Path) -> bool:
    """Resume the run of ``journal`` (History > Resume, even one discarded at start); False
    (said in a warning) when it cannot be."""
    run = _interrupted(journal, discarded=True)
    if run is None:
        dialogs.warn(
            _widget(window),
            "The exercise cannot be resumed",
            f"{journal}: only a run a person was playing when the app stopped, whose journal "
            "reads and whose scenario and team files are unchanged, can be resumed.",
        )
        return False
    return resume_run(window, run)


def discard(run: Interrupted) -> None:
    """Never offer ``run`` again (its journal stays, for reports and the history)."""
    (run.journal.parent / DISCARDED_NAME).write_text(
        "Not offered for resuming: discarded in the app.\n", encoding="utf-8"
    )


def offer(window: MainWindow) -> bool:
    """List the interrupted runs (if any) and do what the user chooses; True when one was
    resumed."""
    runs = interrupted_runs()
    if not runs:
        return False
    dialog = ResumeDialog(runs, _widget(window))
    code = dialogs.run_modal(dialog)
    run = dialog.chosen()
    if run is None:
        return False
    if code == ResumeDialog.RESUME:
        return resume_run(window, run)
    if code == ResumeDialog.DISCARD:
        try:
            discard(run)
        except OSError as exc:
            dialogs.warn(
                _widget(window), "The exercise cannot be discarded", f"{run.journal.parent}: {exc}"
            )
    return False
