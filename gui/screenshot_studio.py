"""What every screenshot script shares: its arguments, an app that keeps everything it writes
in a temporary folder, and saving a window once it has painted.

The scripts (``gui.screenshots``, ``gui.conversation_screenshots``, ``gui.history_screenshots``,
``gui.network.screenshots``, ``gui.authoring.screenshots``) each play a short scripted scene;
this module is the set-up they would otherwise each write again. Settings, run journals and the
history index go to the temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget

from gui.app import application


@dataclass(frozen=True)
class Studio:
    """One screenshot session: the app, where pictures go, the window size, a scratch folder."""

    app: QApplication
    out: Path
    width: int
    height: int
    temp: Path

    def settings(self, name: str = "settings") -> QSettings:
        """Window settings of their own (``name`` tells several windows apart)."""
        return QSettings(str(self.temp / f"{name}.ini"), QSettings.Format.IniFormat)

    def settle(self, rounds: int = 5) -> None:
        """Let pending layouts and paints happen."""
        for _ in range(rounds):
            self.app.processEvents()

    def save(self, widget: QWidget, name: str, rounds: int = 5) -> None:
        """Grab ``widget`` once it has painted and write ``out/name``."""
        self.settle(rounds)
        path = self.out / name
        widget.grab().save(str(path))
        print(f"wrote {path}")


def studio_parser(prog: str, default_size: str, out: str = "out") -> argparse.ArgumentParser:
    """The arguments every script takes: the output folder and ``--size WIDTHxHEIGHT``."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument(out, type=Path)
    parser.add_argument("--size", default=default_size, help="window size, e.g. 1366x768")
    return parser


def open_studio(
    out: Path, size: str, prefix: str = "gameday-shots-", own_runs: bool = True
) -> Studio:
    """Create the output folder, a scratch folder and the app in Qt's test mode.

    Args:
        out: Where the pictures go (created).
        size: ``WIDTHxHEIGHT``.
        prefix: The scratch folder's name prefix.
        own_runs: Write run journals to ``scratch/runs`` (by replacing
            ``gui.session.runs_root``); False keeps them under the data folder
            (``scratch/data/runs``), where the history index expects them.
    """
    width, height = (int(v) for v in size.lower().split("x"))
    out.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["GAMEDAY_DATA_DIR"] = str(temp / "data")
    QStandardPaths.setTestModeEnabled(True)
    app = application()
    if own_runs:
        import gui.session

        gui.session.runs_root = lambda: temp / "runs"
    return Studio(app, out, width, height, temp)
