"""The exercise view fits 1280x760: every command tab stays in sight, nothing scrolls sideways
(also with the facilitator console open beside it), and the update boxes grow with the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea

from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _settled(qtbot: Any, window: Any, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=5000)


def _check_fits(view: Any) -> None:
    tabs = view.commands.tabs
    bar = tabs.tabBar()
    for index in range(tabs.count()):
        rect = bar.tabRect(index)
        assert bar.rect().contains(rect), (tabs.tabText(index), rect, bar.rect())
    sideways = [
        (area.objectName() or type(area).__name__, area.horizontalScrollBar().maximum())
        for area in view.findChildren(QAbstractScrollArea)
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0
    ]
    assert sideways == []


def test_the_view_fits_1280_by_760_with_and_without_the_console(
    main_window: Any, qtbot: Any
) -> None:
    assert main_window.start(SCENARIO, StartOptions(None, Mode.PLAY, 60.0, 1))
    view = main_window.exercise_view
    qtbot.mouseClick(view.briefing.start, Qt.MouseButton.LeftButton)
    main_window.session.clock.pause()
    _settled(qtbot, main_window, 1280, 760)
    view.commands.show_tab("update")
    _check_fits(view)
    assert view.commands.tabs.tabText(view.commands.tab_index["resolve"]) == "Resolve"
    short = view.commands.update_impact.height()
    main_window.facilitator.setVisible(True)
    qtbot.waitUntil(lambda: main_window.facilitator.isVisible(), timeout=5000)
    _check_fits(view)
    assert min(view.body.sizes()) > 0
    main_window.facilitator.setVisible(False)
    _settled(qtbot, main_window, 1280, 1000)
    qtbot.waitUntil(lambda: view.commands.update_impact.height() > short, timeout=5000)
