"""The main window: library -> exercise -> debrief, with the menus that carry the shortcuts.

Pages live in a ``QStackedWidget``. Starting an exercise loads the bundle (problems are shown,
never a traceback), builds a :class:`~gui.session.Session`, the exercise view and the
facilitator dock; when the exercise ends (resolved, time limit, or stopped) the debrief opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from gui import dialogs

if TYPE_CHECKING:
    from collections.abc import Callable

    from gui.debrief import Debrief
    from gui.exercise_view import ExerciseView
    from gui.facilitator import FacilitatorConsole
    from gui.network.game_day import GameDay
    from gui.session import Session
    from simulator.bundle import Bundle
    from simulator.engine import Exercise
from gui.library import LibraryView
from gui.start_dialog import Mode, StartDialog, StartOptions
from simulator.problems import printable

APP_TITLE = "Game Day Simulator"
GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    """The app's one window."""

    def setWindowTitle(self, title: str) -> None:
        """Set the title with control characters and bidi overrides shown escaped: a
        scenario's title cannot send escapes to a window manager or read reversed."""
        super().setWindowTitle(printable(title))

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.settings = settings if settings is not None else QSettings()
        self.session: Session | None = None
        self.exercise_view: ExerciseView | None = None
        self.facilitator: FacilitatorConsole | None = None
        self.debrief: Debrief | None = None
        self.seat_label: QLabel | None = None
        self.pages = QStackedWidget()
        self.library = LibraryView(self.settings)
        self.pages.addWidget(self.library)
        self.setCentralWidget(self.pages)
        self.setAcceptDrops(True)
        self.library.startRequested.connect(self.request_start)
        self._exercise_actions: list[QAction] = []
        self._build_menus()
        from gui.authoring.wiring import install

        # the Author menu and the scenario editor, created on first use (gui/authoring/)
        self.authoring = install(self, self.library, self.pages)
        from gui.history_pages import HistoryPages

        # History, Trends, Replay and past debriefs (gui/history_pages.py)
        self.history_pages = HistoryPages(self)
        self.library.refresh()
        self.library.changed.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self.statusBar().showMessage("Choose a scenario and press Start exercise.")

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action("Open scenario…", "Ctrl+O", self.library.choose_files)
        self.add_folder_action = self._action(
            "Add scenario folder…", "", self.library.choose_folder
        )
        self.library_action = self._action("Back to the library", "Ctrl+Shift+B", self.show_library)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.add_folder_action)
        self.recent_menu = QMenu("Open recent", self)
        file_menu.addMenu(self.recent_menu)
        self.folders_menu = QMenu("Remove scenario folder", self)
        file_menu.addMenu(self.folders_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.library_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("Quit", "Ctrl+Q", self.close))
        self.exercise_menu = bar.addMenu("&Exercise")
        self.end_action = self._action("End exercise now", "Ctrl+Shift+E", self.end_exercise)
        self.exercise_menu.addAction(self.end_action)
        # enabled only while the journal cannot be written (records are kept in memory)
        self.save_journal_action = self._action("Save journal as…", "", self.save_journal_as)
        self.save_journal_action.setObjectName("saveJournalAs")
        self.save_journal_action.setEnabled(False)
        self.exercise_menu.addAction(self.save_journal_action)
        # a game day over the network: several people on their own screens (gui/network)
        self.exercise_menu.addSeparator()
        self.host_action = self._action("Host game day…", "", self.host_game_day)
        self.host_action.setObjectName("hostGameDay")
        self.join_action = self._action("Join game day…", "", self.join_game_day)
        self.join_action.setObjectName("joinGameDay")
        self.exercise_menu.addAction(self.host_action)
        self.exercise_menu.addAction(self.join_action)
        self.game_day: GameDay | None = None
        self.incident_menu = bar.addMenu("&Incident")
        self.view_menu = bar.addMenu("&View")
        self.facilitator_action = self._action("Facilitator console", "F9", self.toggle_facilitator)
        self.facilitator_action.setCheckable(True)
        self.view_menu.addAction(self.facilitator_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("Keyboard shortcuts", "F1", self.show_shortcuts))
        self._set_exercise_enabled(False)

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text} ({shortcut})")
        action.triggered.connect(slot)
        return action

    def _fill_recent_menu(self) -> None:
        self.folders_menu.clear()
        folders = self.library.folders()
        for folder in folders:
            action = self.folders_menu.addAction(str(folder))
            action.triggered.connect(lambda _checked=False, f=folder: self.library.remove_folder(f))
        self.folders_menu.setEnabled(bool(folders))
        self.recent_menu.clear()
        recent = self.library.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.library.open_paths([p]))
        self.recent_menu.setEnabled(bool(recent))

    def _set_exercise_enabled(self, enabled: bool) -> None:
        self.end_action.setEnabled(enabled)
        self.facilitator_action.setEnabled(enabled)
        self.library_action.setEnabled(self.pages.currentWidget() is not self.library)

    def show_shortcuts(self) -> None:
        """List the keyboard shortcuts."""
        lines = []
        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        for menu in menus:
            assert isinstance(menu, QMenu)
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    lines.append(f"{keys:>14}   {action.text().replace('&', '')}")
        # monospace, so the right-aligned keys and the descriptions line up in columns
        dialogs.inform(self, "Keyboard shortcuts", "\n".join(lines), monospace=True)

    # ------------------------------------------------------------------ pages

    def show_library(self) -> None:
        """Back to the library (ends a running exercise after asking)."""
        running = self.session is not None and not self.session.exercise.finished
        if self.session is not None and self.session.journal_failed:
            if not dialogs.confirm(
                self,
                "Leave the exercise",
                f"The journal could not be written to {self.session.journal_path}: the run is "
                "kept only in memory and is lost when you go back.\n\nGo back anyway? "
                "(Cancel, then Exercise > Save journal as… keeps it.)",
                "Go back without saving",
            ):
                return
        elif running and not dialogs.confirm(
            self, "Leave the exercise", "End the running exercise and go back?", "End it"
        ):
            return
        self.close_session()
        self.pages.setCurrentWidget(self.library)
        self._set_exercise_enabled(False)

    def select_scenario(self, path: Path) -> None:
        """Open and select a scenario file (``gameday gui FILE``)."""
        if not self.library.select_path(path):
            self.library.open_paths([path])

    def request_start(self, path: Path) -> None:
        """Ask for the start options of ``path`` and start the exercise."""
        entry = self.library.catalogue.get(path)
        if entry is None or entry.scenario is None:
            return
        dialog = StartDialog(path, entry.scenario, self.library.folders(), self)
        if dialogs.run_modal(dialog):
            self.start(path, dialog.options())

    def offer_interrupted(self) -> bool:
        """On start: list exercises a crash interrupted and resume one (gui/resume.py)."""
        from gui.resume import offer

        return offer(self)

    def host_game_day(self) -> None:
        """Exercise > Host game day…: seats for people on their own screens, then a lobby."""
        from gui.network.game_day import GameDay

        if self.game_day is None:
            self.game_day = GameDay(self)
        self.game_day.host()

    def join_game_day(self) -> None:
        """Exercise > Join game day…: take a seat in an exercise hosted on another screen."""
        from gui.network.game_day import GameDay

        if self.game_day is None:
            self.game_day = GameDay(self)
        self.game_day.join()

    def start(
        self,
        path: Path,
        options: StartOptions,
        host: Callable[[Bundle], Exercise] | None = None,
    ) -> bool:
        """Load the bundle and start the exercise; False (with the problems shown) if it fails.

        ``host``: a hosted game day builds its engine (with its human seats) from the bundle;
        this screen then plays nobody (the seats play on their own screens).
        """
        from simulator.loading import load_bundle
        from simulator.problems import Level

        bundle, problems = load_bundle(path, options.team_path)
        errors = [p for p in problems if p.level is Level.ERROR]
        if bundle is None or errors:
            dialogs.warn(
                self,
                "The exercise cannot start",
                "These files have problems; fix them and try again.",
                "\n".join(p.format() for p in (errors or problems)),
            )
            return False
        self.close_session()
        from gui.session import Session

        try:
            if host is None:
                session = Session(bundle, options, self)
            else:
                session = Session(bundle, options, self, exercise=host(bundle))
                session.seat = None
        except OSError as exc:  # the run folder cannot be written: say so, never a traceback
            from gui.session import runs_root
            from simulator.journal import os_error_reason

            dialogs.warn(
                self,
                "The exercise cannot start",
                f"The journal of the run cannot be written: {os_error_reason(exc)}.",
                f"Runs are kept in {runs_root()}; make sure that folder can be created and "
                f"written to.\n{exc}",
            )
            return False
        self.begin_session(session)
        return True

    def begin_session(self, session: Session) -> None:
        """Show a new session (a fresh run, or a branch rewound from a past one): its
        exercise view, facilitator console and menus; then start it."""
        from gui.exercise_view import ExerciseView
        from gui.facilitator import FacilitatorConsole

        bundle, options = session.bundle, session.options
        self.session = session
        view = ExerciseView(session)
        self.exercise_view = view
        self.pages.addWidget(view)
        self.pages.setCurrentWidget(view)
        console = FacilitatorConsole(session, self)
        self.facilitator = console
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, console)
        console.setVisible(options.mode is not Mode.PLAY)
        self.facilitator_action.setChecked(console.isVisible())
        console.visibilityChanged.connect(self.facilitator_action.setChecked)
        self._install_exercise_actions(view)
        session.bridge.finished.connect(self._on_finished)
        session.journalFailed.connect(self._on_journal_failed)
        session.clock.heldChanged.connect(self._on_held)
        self._set_exercise_enabled(True)
        self.seat_label = view.header.role
        self.statusBar().addPermanentWidget(self.seat_label)
        self.seat_label.show()
        self.setWindowTitle(f"{bundle.scenario.title} — {APP_TITLE}")
        self.statusBar().showMessage(f"Journal: {session.journal_path}")
        view.brief()  # the clock starts from the briefing's Start

    def _install_exercise_actions(self, view: ExerciseView) -> None:
        actions = view.shortcut_actions
        for key in ("pause", "step", "faster", "slower"):
            self.exercise_menu.insertAction(self.end_action, actions[key])
        self.exercise_menu.insertSeparator(self.end_action)
        for key in (
            "ack",
            "declare",
            "page",
            "task",
            "investigate",
            "mitigate",
            "update",
            "status_page",
            "chat",
            "resolve",
        ):
            self.incident_menu.addAction(actions[key])
        self.view_menu.addAction(actions["timeline"])
        self._exercise_actions = list(actions.values())

    def _remove_exercise_actions(self) -> None:
        for action in self._exercise_actions:
            for menu in (self.exercise_menu, self.incident_menu, self.view_menu):
                menu.removeAction(action)
        for action in self.exercise_menu.actions():
            if action.isSeparator():
                self.exercise_menu.removeAction(action)
        self._exercise_actions = []

    def toggle_facilitator(self) -> None:
        """Show or hide the facilitator console."""
        if self.facilitator is not None:
            self.facilitator.setVisible(not self.facilitator.isVisible())

    def end_exercise(self) -> None:
        """Stop the running exercise now (after asking); the debrief opens."""
        if self.session is None or self.session.exercise.finished:
            return
        if dialogs.confirm(
            self, "End exercise", "End the exercise now and open the debrief?", "End exercise"
        ):
            self.session.bridge.stop("stopped")

    def _on_held(self, held: bool) -> None:
        """The facilitator paused everyone: say so (Space and Play cannot resume it)."""
        if held:
            self.statusBar().showMessage(
                "Paused by the facilitator for everyone — only the facilitator can resume "
                "(Resume everyone, in the facilitator console)."
            )
        elif self.session is not None:
            self.statusBar().showMessage(f"Journal: {self.session.journal_path}")

    def _on_journal_failed(self, message: str) -> None:
        """A journal write failed (the clock is paused): say so and offer to save it."""
        from gui.journal_rescue import offer_rescue

        if self.session is None:
            return
        self.statusBar().showMessage(message)
        offer_rescue(self, self.session)
        self._journal_state_changed()

    def save_journal_as(self) -> None:
        """Save the journal that could not be written to another place (menu action)."""
        from gui.journal_rescue import save_journal_as

        if self.session is not None and save_journal_as(self, self.session):
            self._journal_state_changed()

    def _journal_state_changed(self) -> None:
        session = self.session
        failed = session is not None and session.journal_failed
        self.save_journal_action.setEnabled(failed)
        if session is not None and not failed:
            self.statusBar().showMessage(f"Journal: {session.journal_path}")
        if session is not None and self.debrief is not None:
            from gui.debrief import journal_line

            self.debrief.export_status.setText(journal_line(session))

    def _on_finished(self, reason: str) -> None:
        if self.session is None:
            return
        self.session.clock.pause()
        self.history_pages.run_finished(self.session)
        self.show_debrief()

    def show_debrief(self) -> None:
        """Open the debrief of the current session."""
        from gui.debrief import Debrief

        if self.session is None:
            return
        if self.exercise_view is not None:
            self.exercise_view.stop()
        if self.debrief is not None:
            self.pages.removeWidget(self.debrief)
            self.debrief.deleteLater()
        self.debrief = Debrief(self.session)
        self.debrief.backRequested.connect(self.show_library)
        self.pages.addWidget(self.debrief)
        self.pages.setCurrentWidget(self.debrief)
        self.library_action.setEnabled(True)
        self.end_action.setEnabled(False)
        # the exercise is over: its shortcuts (Space, Ctrl+K, ...) must not act on a hidden view
        for action in self._exercise_actions:
            action.setEnabled(False)
        self.statusBar().clearMessage()
        if self.facilitator is not None:
            self.facilitator.setVisible(False)
        self.history_pages.debrief_shown()

    def close_session(self) -> None:
        """Stop and drop the current session, its views and its timers."""
        self.history_pages.close()
        if self.session is None:
            return
        self._remove_exercise_actions()
        if self.seat_label is not None:
            self.statusBar().removeWidget(self.seat_label)
            self.seat_label.deleteLater()
            self.seat_label = None
        self.statusBar().clearMessage()
        if self.exercise_view is not None:
            self.exercise_view.stop()
            self.pages.removeWidget(self.exercise_view)
            self.exercise_view.deleteLater()
            self.exercise_view = None
        if self.debrief is not None:
            self.debrief.stop()
            self.pages.removeWidget(self.debrief)
            self.debrief.deleteLater()
            self.debrief = None
        if self.facilitator is not None:
            self.removeDockWidget(self.facilitator)
            self.facilitator.deleteLater()
            self.facilitator = None
        self.session.shutdown()
        self.session.deleteLater()
        self.session = None
        self.save_journal_action.setEnabled(False)
        self.setWindowTitle(APP_TITLE)

    # ------------------------------------------------------------------ window

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept scenario files dropped anywhere on the window."""
        self.library.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Open dropped files in the library (going back to it if needed); a dropped
        journal opens in its debrief."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if self.history_pages.drop(paths):
            event.acceptProposedAction()
            return
        if self.pages.currentWidget() is not self.library:
            if self.session is not None and not self.session.exercise.finished:
                return
            self.show_library()
        self.library.dropEvent(event)

    def restore_geometry(self) -> bool:
        """Restore the window size and position saved at the last close; False if none."""
        saved = self.settings.value(GEOMETRY_KEY)
        return isinstance(saved, QByteArray | bytes) and self.restoreGeometry(QByteArray(saved))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before ending a running exercise, then stop it (its journal is already on disk),
        remember the geometry and close."""
        if self.session is not None and self.session.journal_failed:
            journal = self.session.journal_path
            if not dialogs.confirm(
                self,
                "Quit",
                f"The journal could not be written to {journal}: the run is kept only in "
                "memory and is lost when you quit.\n\nQuit anyway? (Cancel, then Exercise > "
                "Save journal as… keeps it.)",
                "Quit without saving",
            ):
                event.ignore()
                return
        elif self.session is not None and not self.session.exercise.finished:
            journal = self.session.journal_path
            if not dialogs.confirm(
                self,
                "Quit",
                f"An exercise is still running. End it and quit?\n\nIts journal is kept in "
                f"{journal}",
                "End and quit",
            ):
                event.ignore()
                return
        if not self.authoring.may_close():  # unsaved scenario edits: the author chooses
            event.ignore()
            return
        if self.game_day is not None:
            self.game_day.close()
        self.close_session()
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        event.accept()
