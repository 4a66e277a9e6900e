"""A scenario title with escapes or bidi overrides never reaches the window title as is."""

from __future__ import annotations

from typing import Any


def test_the_window_title_shows_control_characters_escaped(main_window: Any) -> None:
    main_window.setWindowTitle("Checkout\x1b]0;pwned\x07 \u202edown — Game Day Simulator")
    assert main_window.windowTitle() == (
        "Checkout\\x1b]0;pwned\\x07 \\u202edown — Game Day Simulator"
    )
