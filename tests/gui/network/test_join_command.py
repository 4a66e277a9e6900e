"""``gameday join`` in a subprocess: a second copy of the app on this machine takes a seat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.gui.network.test_seats_and_safety import hosted

ROOT = Path(__file__).resolve().parents[3]


def test_gameday_join_opens_the_app_in_the_seat(
    app_windows: Any, qtbot: Any, modal: Any, tmp_path: Path
) -> None:
    host, port, code = hosted(app_windows, qtbot)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "GAMEDAY_DATA_DIR": str(tmp_path / "gameday"),
    }
    command = [sys.executable, str(ROOT / "main.py"), "join", f"127.0.0.1:{port}"]
    command += ["--code", code.lower(), "--name", "Carol", "--seat", "lena"]
    app = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        lobby = host.game_day.lobby
        qtbot.waitUntil(
            lambda: "Lena Fischer | Carol | connected" in lobby.roster.statuses(), timeout=60000
        )
        assert "Carol joined as Lena Fischer" in host.game_day.host_server.room.log
    finally:
        app.terminate()
        output, _ = app.communicate(timeout=30)
    assert b"Traceback" not in output, output.decode("utf-8", "replace")
    # the app was killed: its seat is free to rejoin, and the host goes on
    qtbot.waitUntil(
        lambda: "Lena Fischer | Carol | disconnected — can rejoin" in lobby.roster.statuses(),
        timeout=10000,
    )
