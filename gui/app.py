"""``gameday gui [SCENARIO]``: the QApplication, its style, and the main window.

Settings (added folders, recent files) live in ``QSettings`` under the organisation
"GameDaySimulator"; GUI runs write their journals under the user's data folder
(:func:`gui.session.runs_root`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

ORGANISATION = "GameDaySimulator"
APPLICATION = "gameday"

STYLE = """
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; }
QGroupBox QLabel, QGroupBox QCheckBox { font-weight: normal; }
QTabBar::tab { padding: 4px 10px; }
QPushButton { padding: 4px 10px; }
#headerBar { background: palette(alternate-base); }
"""


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named so QSettings and data paths are per-app."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName("Game Day Simulator")
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    font = QGuiApplication.font()
    if font.pointSizeF() < 9:
        font.setPointSizeF(9)
        QGuiApplication.setFont(QFont(font))
    return app


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop app, optionally selecting ``args.scenario`` (a ``journal.jsonl``
    opens straight into that run's debrief); returns the exit code."""
    scenario = getattr(args, "scenario", None)
    if scenario and not Path(scenario).exists():
        print(f"gameday gui: {scenario}: no such file", file=sys.stderr)
        return 2
    app = application()
    from gui.main_window import MainWindow

    window = MainWindow(QSettings())
    if scenario and Path(scenario).suffix.lower() == ".jsonl":
        window.history_pages.open_journal(Path(scenario))  # a past run, into its debrief
    elif scenario:
        window.select_scenario(Path(scenario))
    if not window.restore_geometry():
        window.resize(1280, 760)
    window.show()
    if not scenario:  # exercises a crash interrupted: offer to resume one
        QTimer.singleShot(0, window.offer_interrupted)
    return int(app.exec())
