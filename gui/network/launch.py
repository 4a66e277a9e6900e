"""``gameday join``'s app: the main window, joined to the host (or on the join dialog)."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QSettings, QTimer

from gui.app import application
from gui.network.dialogs import JoinOptions


def open_join(args: argparse.Namespace) -> int:
    """Open the app and join ``args.host``:``args.port`` with ``args.code``: as ``args.name``
    in ``args.seat`` (any free seat when empty), or, without a name, on the join dialog with
    the address and code filled in. Returns the app's exit code."""
    app = application()
    from gui.main_window import MainWindow
    from gui.network.game_day import GameDay

    window = MainWindow(QSettings())
    if not window.restore_geometry():
        window.resize(1280, 760)
    window.show()
    game_day = GameDay(window)
    window.game_day = game_day
    if args.name:
        options = JoinOptions(args.host, args.port, args.code, args.name, args.seat)
        game_day.join_with(options)
    else:
        address = f"{args.host}:{args.port}"
        QTimer.singleShot(0, lambda: game_day.join(address, args.code))
    return int(app.exec())
