"""The history's pages in the main window: History, Trends, a past run's debrief, Replay and
rewind-and-branch; plus the menu entries, drops and the hook that indexes each finished run.

Kept out of :mod:`gui.main_window` so the window only creates this object and calls it at
four points (menus built, a run finished, the debrief shown, a journal dropped).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from gui import dialogs

if TYPE_CHECKING:
    from gui.history import HistoryView
    from gui.replay import ReplayView
    from gui.session import Session
    from gui.trends import TrendsView
    from reports.history import LoadedJournal
    from simulator.history import HistoryStore

JOURNAL_SUFFIXES = (".jsonl",)


def _wall() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class HistoryPages(QObject):
    """History, Trends, Replay and past debriefs for one main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        #: The main window (gui.main_window.MainWindow, which imports this module).
        self.window: Any = window
        self._store: HistoryStore | None = None
        self.history: HistoryView | None = None
        self.trends: TrendsView | None = None
        self.replay: ReplayView | None = None
        self.report_page: QWidget | None = None
        self._install_menus()

    # ------------------------------------------------------------------ menus

    def _menu(self, title: str) -> QMenu | None:
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text() == title:
                return menu
        return None

    def _install_menus(self) -> None:
        window = self.window
        self.open_journal_action = QAction("Open past exercise (journal)…", window)
        self.open_journal_action.setObjectName("openJournal")
        self.open_journal_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_journal_action.triggered.connect(self.choose_journal)
        self.history_action = QAction("Exercise history", window)
        self.history_action.setObjectName("showHistory")
        self.history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.history_action.triggered.connect(self.show_history)
        self.trends_action = QAction("Trends and action items", window)
        self.trends_action.setObjectName("showTrends")
        self.trends_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.trends_action.triggered.connect(self.show_trends)
        file_menu = self._menu("&File")
        if file_menu is not None:
            anchor = window.add_folder_action
            file_menu.insertAction(anchor, self.open_journal_action)
        view_menu = self._menu("&View")
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.history_action)
            view_menu.addAction(self.trends_action)

    # ------------------------------------------------------------------ store

    def store(self) -> HistoryStore | None:
        """The app's index (opened once, refreshed from the journals); None after a warning."""
        if self._store is None:
            from gui.history import open_store
            from simulator.history.store import HistoryError

            try:
                self._store = open_store()
            except HistoryError as exc:
                dialogs.warn(self.window, "Exercise history", str(exc))
                return None
            if self._store.recovered:
                self.window.statusBar().showMessage(self._store.recovered)
        return self._store

    def run_finished(self, session: Session) -> None:
        """Index a run that just ended (its journal is complete on disk)."""
        if session.journal_failed:
            return
        from reports.history import summarise
        from simulator.history import indexer

        store = self.store()
        if store is None:
            return
        session.writer.close()
        entry = indexer.index_journal(store, session.journal_path, summarise)
        if self.history is not None:
            self.history.reload()
        if self.trends is not None:
            self.trends.reload()
        if entry.status != "ok":
            self.window.statusBar().showMessage(f"History: {entry.problem}")

    # ------------------------------------------------------------------ pages

    def _page(self, widget: QWidget) -> None:
        pages = self.window.pages
        if pages.indexOf(widget) < 0:
            pages.addWidget(widget)
        pages.setCurrentWidget(widget)
        self.window.library_action.setEnabled(True)

    def _leave_exercise(self) -> bool:
        """End a running exercise (after asking) before another page opens."""
        window = self.window
        session = window.session
        if (
            session is not None
            and not session.exercise.finished
            and not dialogs.confirm(
                window, "Leave the exercise", "End the running exercise and go on?", "End it"
            )
        ):
            return False
        window.close_session()
        return True

    def show_history(self) -> HistoryView | None:
        """Open the History page (ending a running exercise after asking)."""
        if not self._leave_exercise():
            return None
        store = self.store()
        if store is None:
            return None
        if self.history is None:
            from gui.history import HistoryView

            self.history = HistoryView(store)
            self.history.debriefRequested.connect(lambda j: self.open_journal(Path(j)))
            self.history.replayRequested.connect(lambda j: self.show_replay(Path(j)))
            self.history.resumeRequested.connect(lambda j: self.resume(Path(j)))
            self.history.backRequested.connect(self.window.show_library)
        else:
            self.history.reload()
        self._page(self.history)
        self.window.setWindowTitle("Exercise history — Game Day Simulator")
        return self.history

    def resume(self, journal: Path) -> bool:
        """Resume the interrupted run of ``journal`` (History > Resume), paused where it
        stopped."""
        from gui.resume import resume_journal

        return resume_journal(self.window, journal)

    def show_trends(self) -> TrendsView | None:
        """Open the Trends page."""
        if not self._leave_exercise():
            return None
        store = self.store()
        if store is None:
            return None
        if self.trends is None:
            from gui.trends import TrendsView

            self.trends = TrendsView(store)
            self.trends.runRequested.connect(lambda j: self.open_journal(Path(j)))
            self.trends.backRequested.connect(self.window.show_library)
        else:
            self.trends.reload()
        self._page(self.trends)
        self.window.setWindowTitle("Trends — Game Day Simulator")
        return self.trends

    def _load(self, path: Path) -> LoadedJournal | None:
        from reports.history import load_journal
        from simulator.journal import JournalError

        journal = path / "journal.jsonl" if path.is_dir() else path
        try:
            return load_journal(journal)
        except JournalError as exc:
            dialogs.warn(
                self.window,
                "Open past exercise",
                f"{journal} cannot be opened.",
                f"{exc}\n\nA journal is the journal.jsonl a run writes into its folder.",
            )
            return None

    def open_journal(self, path: Path) -> bool:
        """Open a journal straight into its debrief (a real incident: into its report)."""
        loaded = self._load(path)
        if loaded is None or not self._leave_exercise():
            return False
        self.close_replay()
        window = self.window
        if loaded.bundle is None:
            from gui.past_report import PastReport

            page = PastReport(loaded)
            page.backRequested.connect(window.show_library)
            if self.report_page is not None:
                window.pages.removeWidget(self.report_page)
                self.report_page.deleteLater()
            self.report_page = page
            self._page(page)
            window.setWindowTitle(f"{page.title} — Game Day Simulator")
            return True
        from gui.past import PastSession

        window.session = PastSession(loaded, window)
        window.show_debrief()
        window.setWindowTitle(f"{loaded.bundle.scenario.title} (past) — Game Day Simulator")
        if loaded.notes:
            window.statusBar().showMessage("; ".join(loaded.notes))
        else:
            window.statusBar().showMessage(f"Journal: {loaded.path}")
        return True

    def choose_journal(self) -> None:
        """File > Open past exercise: ask for a journal and open its debrief."""
        from PySide6.QtWidgets import QFileDialog

        from gui.history import history_base

        dialog = QFileDialog(self.window, "Open past exercise", str(history_base() / "runs"))
        dialog.setObjectName("openJournalDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("Journals (*.jsonl);;All files (*)")
        if dialogs.run_modal(dialog) and dialog.selectedFiles():
            self.open_journal(Path(dialog.selectedFiles()[0]))

    def drop(self, paths: list[Path]) -> bool:
        """Open a dropped journal (True when one was; scenarios go to the library)."""
        journals = [p for p in paths if p.suffix.lower() in JOURNAL_SUFFIXES]
        if not journals:
            return False
        self.open_journal(journals[0])
        return True

    # ------------------------------------------------------------------ replay and branch

    def show_replay(self, journal: Path) -> ReplayView | None:
        """Replay a past run."""
        loaded = self._load(journal)
        if loaded is None or not self._leave_exercise():
            return None
        if loaded.bundle is None:
            dialogs.warn(
                self.window,
                "Replay",
                "Only an exercise with its scenario files can be replayed.",
                "\n".join(loaded.notes),
            )
            return None
        from gui.replay import ReplayView
        from simulator.engine.replay import ReplayError

        self.close_replay()
        try:
            view = ReplayView(loaded)
        except ReplayError as exc:
            dialogs.warn(self.window, "Replay", f"{journal} cannot be replayed: {exc}")
            return None
        view.branchRequested.connect(self.branch)
        view.backRequested.connect(lambda: self.show_history())
        self.replay = view
        self._page(view)
        self.window.setWindowTitle(f"Replay: {loaded.bundle.scenario.title} — Game Day Simulator")
        return view

    def close_replay(self) -> None:
        """Drop the replay page and its engine."""
        if self.replay is not None:
            self.replay.stop()
            self.window.pages.removeWidget(self.replay)
            self.replay.deleteLater()
            self.replay = None

    def branch(self, t: float) -> bool:
        """Start a live run from the replay's moment: same seed, the same decisions so far."""
        from simulator.durations import format_clock

        replay = self.replay
        if replay is None:
            return False
        if not dialogs.confirm(
            self.window,
            "Branch from here",
            f"Start a new live run from T+{format_clock(t)}? Everything up to then happens "
            "as it did; from then on you play. The earlier run is kept.",
            "Start branch",
        ):
            return False
        from gui.past import options_of
        from gui.session import Session
        from simulator.history.branch import BranchPoint, write_branch
        from simulator.history.indexer import key
        from simulator.history.rewind import ReplayCursor

        loaded = replay.loaded
        bundle = replay.bundle
        cursor = ReplayCursor(loaded.records, bundle, wall_clock=_wall)
        cursor.advance_to(t)
        self.close_replay()
        window = self.window
        window.close_session()
        options = options_of(loaded.records, speed=10.0)
        try:
            session = Session(bundle, options, window, exercise=cursor.exercise)
            write_branch(session.run_dir, BranchPoint(key(loaded.path), t))
        except OSError as exc:
            dialogs.warn(window, "Branch from here", f"The branch cannot be written: {exc}")
            return False
        window.begin_session(session)
        return True

    def debrief_shown(self) -> None:
        """Add the comparison with the parent run to a branch's debrief."""
        window = self.window
        session, debrief = window.session, window.debrief
        if session is None or debrief is None:
            return
        from simulator.history.branch import read_branch

        point = read_branch(session.journal_path)
        if point is None:
            return
        from gui.branch import BranchComparison

        comparison = BranchComparison(
            tuple(session.exercise.records), session.bundle, point, session.person_name
        )
        layout = debrief.layout()
        if layout is not None:
            layout.insertWidget(2, comparison)
        comparison.show()
        self.comparison = comparison

    def close(self) -> None:
        """Stop what runs on these pages (the window is closing or a run starts)."""
        self.close_replay()
