"""Where the history lives: the user data folder, its runs, the index and the trash.

The app writes its runs to ``<data>/runs/`` (Qt's ``AppLocalDataLocation`` for the
organisation "GameDaySimulator" and the application "gameday"); this module names the same
folder without Qt, so the command line and the app share one history. The environment
variable ``GAMEDAY_DATA_DIR`` moves the whole data folder (tests, a shared drive, a portable
install).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The environment variable that overrides the data folder.
DATA_ENV = "GAMEDAY_DATA_DIR"
ORGANISATION = "GameDaySimulator"
APPLICATION = "gameday"
INDEX_NAME = "history.sqlite3"


def platform_data_dir() -> Path:
    """Qt's ``AppLocalDataLocation`` for this app, computed without Qt."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / ORGANISATION / APPLICATION


def data_dir() -> Path:
    """The data folder: ``$GAMEDAY_DATA_DIR`` when set, else the platform's."""
    override = os.environ.get(DATA_ENV, "").strip()
    return Path(override).expanduser() if override else platform_data_dir()


def runs_dir(base: Path | None = None) -> Path:
    """Where app runs are written (``<data>/runs``)."""
    return (base or data_dir()) / "runs"


def index_path(base: Path | None = None) -> Path:
    """The SQLite index (``<data>/history.sqlite3``)."""
    return (base or data_dir()) / INDEX_NAME


def trash_dir(base: Path | None = None) -> Path:
    """Where deleted runs go until the trash is emptied (``<data>/trash``)."""
    return (base or data_dir()) / "trash"
