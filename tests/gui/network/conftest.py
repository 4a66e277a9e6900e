"""Several real app windows in one test process: a host and its seats on localhost."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.network.dialogs import HostOptions, OnDrop, SeatChoice
from scenarios import BUNDLED_DIR
from simulator.model import Role

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


@pytest.fixture
def app_windows(
    qtbot: Any, qsettings: Any, runs_dir: Path, modal: Any
) -> Iterator[Callable[[], Any]]:
    """A factory of real main windows (each its own copy of the app on this machine)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    from gui.app import application
    from gui.main_window import MainWindow

    application()
    made: list[Any] = []

    def make() -> Any:
        window = MainWindow(qsettings)
        qtbot.addWidget(window, before_close_func=_quiet_close)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: not window.library.busy, timeout=20000)
        made.append(window)
        return window

    yield make
    for window in reversed(made):
        _quiet_close(window)
    for window in made:
        active = [t.objectName() or repr(t) for t in window.findChildren(QTimer) if t.isActive()]
        assert active == [], f"timers left running: {active}"
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def _quiet_close(window: Any) -> None:
    if window.game_day is not None:
        window.game_day.close()
    window.close_session()


def host_options(**changes: Any) -> HostOptions:
    """An IC seat (Maria Okafor) and a comms-lead seat (Lena Fischer), seed 3, 1x."""
    base: dict[str, Any] = {
        "team_path": None,
        "seats": (
            SeatChoice("maria", Role.INCIDENT_COMMANDER),
            SeatChoice("lena", Role.COMMUNICATIONS_LEAD),
        ),
        "speed": 1.0,
        "seed": 3,
        "port": 47017,
        "on_drop": OnDrop.PAUSE,
        "start_when_full": True,
    }
    base.update(changes)
    return HostOptions(**base)
