"""Dark desktop themes: the app's accent colours are lightened so text is never dark on dark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCursor

from gui.feeds import Channel
from gui.palette import ink
from gui.text import app_namer
from simulator.journal import Record


@pytest.fixture
def dark(qapp: Any) -> Iterator[None]:
    saved = QGuiApplication.palette()
    palette = QPalette(saved)
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    QGuiApplication.setPalette(palette)
    yield
    QGuiApplication.setPalette(saved)


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        parts = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            parts.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_light_theme_keeps_the_colours(qapp: Any) -> None:
    assert ink("#1f4e8c").name() == "#1f4e8c"


def test_speaker_names_stay_readable_on_a_dark_theme(qtbot: Any, dark: None) -> None:
    channel = Channel("maria", app_namer(None, lambda pid: {"james": "James Lind"}.get(pid, pid)))
    qtbot.addWidget(channel)
    channel.add_record(Record(3, 60.0, "message", "james", {"channel": "chat", "text": "on it"}))
    text = channel.text()
    assert text.endswith("James Lind: on it")
    cursor = QTextCursor(channel.transcript.document())
    colours = []
    for part in ("T+", "James Lind"):  # the muted time stamp and the speaker's name
        cursor.setPosition(text.index(part) + 1)
        colours.append(cursor.charFormat().foreground().color())
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    assert all(_contrast(colour, base) >= 4.5 for colour in colours), [c.name() for c in colours]
