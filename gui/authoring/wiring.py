"""The Authoring view in the main window: its page, its Author menu, and the library link.

:func:`install` adds an **Author** menu (New scenario from template… Ctrl+N, Edit selected
scenario F4, Open scenario in editor…, Save Ctrl+S, Undo, Redo, Authoring view) and creates the
view the first time it is needed (so a cold start does not pay for it). A file the editor saves
or creates is opened in the library (listed and remembered), and the library lists again any
file that changes on disk. Closing the window with unsaved edits asks first
(:meth:`AuthoringPage.may_close`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from gui.authoring.view import AuthoringView
    from gui.library import LibraryView


class AuthoringPage(QObject):
    """The main window's link to its Authoring view."""

    def __init__(self, window: QMainWindow, library: LibraryView, pages: object) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.pages = pages
        self._view: AuthoringView | None = None
        self.menu = QMenu("&Author", window)
        self.menu.setObjectName("authorMenu")
        self.new_action = self._action("New scenario from template…", "Ctrl+N", self.new)
        self.edit_action = self._action("Edit selected scenario", "F4", self.edit_selected)
        self.open_action = self._action("Open scenario in editor…", "", self.open_file)
        self.show_action = self._action("Authoring view", "", self.show)
        for action in (self.new_action, self.edit_action, self.open_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.show_action)
        self.library.details.edit.clicked.connect(self.edit_selected)
        bar = window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        # after File, before the exercise's menus
        if len(menus) > 1:
            bar.insertMenu(menus[1], self.menu)
        else:
            bar.addMenu(self.menu)

    def _action(self, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName("author_" + text.split()[0].lower())
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text} ({keys})")
        action.triggered.connect(slot)
        return action

    @property
    def created(self) -> bool:
        """True once the view exists."""
        return self._view is not None

    def view(self) -> AuthoringView:
        """The Authoring view (created on first use) — not shown."""
        if self._view is None:
            from gui.authoring.view import AuthoringView

            view = AuthoringView()
            self._view = view
            self.pages.addWidget(view)  # type: ignore[attr-defined]
            view.saved.connect(self._saved)
            view.backRequested.connect(self._back)
            view.message.connect(lambda text: self.window.statusBar().showMessage(text))
            self.menu.insertSeparator(self.show_action)
            for key in ("save", "undo", "redo"):
                self.menu.insertAction(self.show_action, view.author_actions[key])
            self.menu.insertSeparator(self.show_action)
        return self._view

    def show(self) -> AuthoringView:
        """Show the Authoring view (a running exercise stays where it is)."""
        view = self.view()
        self.pages.setCurrentWidget(view)  # type: ignore[attr-defined]
        library_action = getattr(self.window, "library_action", None)
        if isinstance(library_action, QAction):
            library_action.setEnabled(True)
        return view

    def new(self) -> None:
        """Author > New scenario from template…"""
        self.show().new_from_template()

    def edit_selected(self) -> None:
        """Author > Edit selected scenario: the library's selection in the editor."""
        path = self.library.current_path()
        if path is None:
            self.window.statusBar().showMessage("Select a scenario in the library first.")
            return
        self.show().open(path)

    def open_file(self) -> None:
        """Author > Open scenario in editor…"""
        self.show().choose_file()

    def _saved(self, path: Path) -> None:
        if (
            Path(path).suffix.lower() in (".yaml", ".yml")
            and "gameday/team@"
            not in Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
        ):
            from gui.library import forget

            forget(Path(path))
            current = self.pages.currentWidget()  # type: ignore[attr-defined]
            self.library.open_paths([Path(path)])
            self.pages.setCurrentWidget(current)  # type: ignore[attr-defined]
        else:
            self.library.refresh()

    def _back(self) -> None:
        show_library = getattr(self.window, "show_library", None)
        if callable(show_library):
            show_library()

    def may_close(self) -> bool:
        """True when the window may close (no unsaved edits, or the author chose)."""
        if self._view is None:
            return True
        if not self._view.maybe_leave():
            return False
        self._view.stop()
        return True


def install(window: QMainWindow, library: LibraryView, pages: object) -> AuthoringPage:
    """Add the Author menu and the (lazy) Authoring view to ``window``."""
    return AuthoringPage(window, library, pages)
