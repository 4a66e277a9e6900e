"""Fixtures for the Authoring view's stories: a scenario copied from a bundled template into a
temporary folder, and the view on screen (stopped, with no timer left running, afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scenarios import BUNDLED_DIR

TEMPLATE = BUNDLED_DIR / "payments-bad-deploy.yaml"


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    """A new scenario made from the payments template in a temporary folder."""
    from gui.authoring.files import new_scenario

    path = tmp_path / "drill.yaml"
    new_scenario(TEMPLATE, path, "My drill")
    return path


@pytest.fixture
def authoring(qtbot: Any, modal: Any) -> Iterator[Any]:
    """The Authoring view on its own, 1400x900."""
    from PySide6.QtCore import QTimer

    from gui.app import application
    from gui.authoring.view import AuthoringView

    application()
    view = AuthoringView()
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    yield view
    for document in view.documents():
        qtbot.waitUntil(lambda d=document: not d.checking, timeout=90000)
    view.stop()
    active = [t.objectName() or repr(t) for t in view.findChildren(QTimer) if t.isActive()]
    assert active == [], f"timers left running: {active}"


def checked(qtbot: Any, document: Any) -> None:
    """Wait until the text on screen has been checked."""
    qtbot.waitUntil(lambda: not document.checking, timeout=90000)


def put_cursor(editor: Any, line: int, column: int) -> None:
    """Put the editor's cursor at ``line``:``column`` (1-based) as a click would."""
    editor.go_to(line, column)


def line_of(text: str, start: str, after: int = 0) -> int:
    """The 1-based number of the first line (after line ``after``) starting with ``start``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if number > after and line.startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r}")
