"""Text colours that stay readable on light and dark desktop themes.

The app's accent colours (alert red, speaker blue, muted grey) are chosen for a light window.
On a dark theme (the palette's base colour is dark) they would be dark on dark, so
:func:`ink` lightens them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette


def dark_theme() -> bool:
    """True when text fields have a dark background (a dark desktop theme)."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    return base.lightness() < 128


def ink(colour: str) -> QColor:
    """``colour`` as given on a light theme, lightened enough to read on a dark one."""
    qcolor = QColor(colour)
    if dark_theme() and qcolor.lightness() < 140:
        qcolor = QColor.fromHsl(qcolor.hslHue(), qcolor.hslSaturation(), 170)
    return qcolor


def ink_name(colour: str) -> str:
    """:func:`ink` as a ``#rrggbb`` name for style sheets."""
    return ink(colour).name()
