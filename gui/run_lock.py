"""A lock held on a run folder while an app plays it, so another app started meanwhile never
offers that live run as interrupted (and never writes its journal twice).

The lock is an advisory ``flock`` on a hidden file beside the journal; the operating system
drops it when the process ends, however it ends (a SIGKILL or a power cut included), so a
crashed run is free to resume at once. Where ``flock`` does not exist (Windows) no lock is
taken and every unfinished run counts as interrupted.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "RunLock", "is_live"]

#: The lock file in a run folder.
LOCK_NAME = ".running.lock"


class RunLock:
    """Holds the lock on ``run_dir`` until :meth:`release` (never raises: a lock that cannot
    be taken only means another app might offer the run)."""

    def __init__(self, run_dir: Path) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        with contextlib.suppress(OSError):
            fd = os.open(run_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return
            self._fd = fd

    def release(self) -> None:
        """Let go of the lock (the run is over, or moved)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def is_live(run_dir: Path) -> bool:
    """True when a running app holds the lock on ``run_dir``."""
    if fcntl is None or not (run_dir / LOCK_NAME).exists():
        return False
    try:
        fd = os.open(run_dir / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
