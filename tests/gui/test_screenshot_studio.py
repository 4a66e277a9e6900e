"""The screenshot scripts' shared set-up keeps everything in a scratch folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from gui.screenshot_studio import open_studio, studio_parser


def test_a_studio_writes_pictures_and_keeps_data_out_of_the_users_folders(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMEDAY_DATA_DIR", str(tmp_path / "ignored"))  # restored afterwards
    args = studio_parser("python -m x", "640x480").parse_args([str(tmp_path / "shots")])
    studio = open_studio(args.out, args.size, own_runs=False)
    assert QStandardPaths.isTestModeEnabled()
    QStandardPaths.setTestModeEnabled(False)  # the rest of the suite runs as before
    assert (studio.width, studio.height) == (640, 480)
    assert os.environ["GAMEDAY_DATA_DIR"] == str(studio.temp / "data")
    assert Path(studio.settings("seat1").fileName()) == studio.temp / "seat1.ini"
    label = QLabel("hello")
    qtbot.addWidget(label)
    label.show()
    studio.save(label, "label.png")
    picture = QImage(str(tmp_path / "shots" / "label.png"))
    assert not picture.isNull() and picture.width() == label.width()
