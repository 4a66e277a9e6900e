"""Shared fixtures for the Qt tests (tests/gui, tests/e2e).

Qt is imported inside the fixtures, so test modules that never use them do not load Qt.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

#: Every property test draws the same examples on every machine and every run (CI must be
#: reproducible: an unlucky seed once found a hang on one run in twenty), and no example
#: database carries failures from one checkout to the next. A new search with random seeds is
#: a deliberate act on a developer machine: ``GAMEDAY_HYPOTHESIS=explore make pytest``.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
settings.load_profile(os.environ.get("GAMEDAY_HYPOTHESIS", "ci"))

#: The offscreen platform plugin (QT_QPA_PLATFORM=offscreen, what `make test` uses) warns
#: "This plugin does not support propagateSizeHints()" whenever a shown top-level window's
#: layout sets its minimum size: the plugin has no window system to pass size hints to. It says
#: nothing about the app, and every other Qt warning still fails the test (qt_log_level_fail).
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore only the offscreen plugin's size-hint notice in the GUI and end-to-end tests."""
    for item in items:
        parts = item.path.parts
        if "gui" in parts or "e2e" in parts:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class ModalScript:
    """Replaces :func:`gui.dialogs.run_modal`: each modal dialog is handed to the next handler.

    A handler receives the dialog, may fill it in or click its buttons, and returns the result
    code. A modal nobody expected fails the test with the dialog's text.
    """

    def __init__(self) -> None:
        self.handlers: list[Callable[[Any], int]] = []
        self.seen: list[Any] = []

    def expect(self, handler: Callable[[Any], int]) -> None:
        """Queue a handler for the next modal dialog."""
        self.handlers.append(handler)

    def __call__(self, dialog: Any) -> int:
        self.seen.append(dialog)
        if not self.handlers:
            text = dialog.text() if hasattr(dialog, "text") else dialog.windowTitle()
            pytest.fail(f"unexpected modal dialog {dialog.windowTitle()!r}: {text}")
        return self.handlers.pop(0)(dialog)


@pytest.fixture
def modal(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModalScript]:
    """Script the modal dialogs of the app (see :class:`ModalScript`)."""
    import gui.dialogs

    script = ModalScript()
    monkeypatch.setattr(gui.dialogs, "run_modal", script)
    yield script
    assert not script.handlers, f"{len(script.handlers)} expected dialog(s) never appeared"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's user data folder (runs, history index, trash) is a temporary one, so no
    test ever writes to the real one (``GAMEDAY_DATA_DIR``, read by simulator.history.paths)."""
    folder = tmp_path / "gameday-data"
    monkeypatch.setenv("GAMEDAY_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def qsettings(tmp_path: Path) -> Any:
    """A QSettings in a temporary INI file (the user's real settings are never touched)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GUI runs write their journals here instead of the user's data folder."""
    import gui.session

    folder = tmp_path / "runs"
    monkeypatch.setattr(gui.session, "runs_root", lambda: folder)
    return folder


@pytest.fixture
def main_window(qtbot: Any, qsettings: Any, runs_dir: Path, modal: ModalScript) -> Iterator[Any]:
    """The real main window on the library page; on teardown no timer may be left running."""
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    from gui.app import application
    from gui.main_window import MainWindow

    application()
    window = MainWindow(qsettings)
    # pytest-qt closes the window before this fixture's teardown: end the exercise first, so
    # closing does not ask whether to end a running one
    qtbot.addWidget(window, before_close_func=lambda w: w.close_session())
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.library.busy, timeout=20000)
    yield window
    window.close_session()
    active = [t.objectName() or repr(t) for t in window.findChildren(QTimer) if t.isActive()]
    assert active == [], f"timers left running: {active}"
    # destroy the window and its views now: left to the garbage collector, a test's widgets
    # pile up and are freed in bulk, seconds at a time, inside a later test
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
