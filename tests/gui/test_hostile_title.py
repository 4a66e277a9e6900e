"""A scenario title with escapes or bidi overrides never reaches the window title as is;
Start with a team naming a tz folder or a very long zone shows the located error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.start_dialog import Mode, StartOptions
from tests.simulator.loading.test_author_mistakes import copy_fixtures


def test_the_window_title_shows_control_characters_escaped(main_window: Any) -> None:
    main_window.setWindowTitle("Checkout\x1b]0;pwned\x07 \u202edown — Game Day Simulator")
    assert main_window.windowTitle() == (
        "Checkout\\x1b]0;pwned\\x07 \\u202edown — Game Day Simulator"
    )


@pytest.mark.parametrize(
    ("zone", "hint"),
    [
        ("America", "('America' is a region; name a city in it, e.g. 'America/Adak')"),
        ("x/" * 3000, "(IANA names are short, like Europe/Berlin or America/New_York)"),
    ],
)
def test_start_with_a_timezone_naming_a_tz_folder_shows_the_error(
    main_window: Any, modal: Any, tmp_path: Path, zone: str, hint: str
) -> None:
    scenario = copy_fixtures(tmp_path)
    team = tmp_path / "team.yaml"
    text = team.read_text(encoding="utf-8").replace("timezone: Asia/Shanghai", f"timezone: {zone}")
    team.write_text(text, encoding="utf-8")
    modal.expect(lambda box: 0)
    assert not main_window.start(scenario, StartOptions(None, Mode.WATCH, 60.0, 1))
    box = modal.seen[-1]
    assert (box.windowTitle(), box.text()) == (
        "The exercise cannot start",
        "These files have problems; fix them and try again.",
    )
    shown = zone if len(zone) <= 60 else zone[:59] + "…"
    assert box.detailedText() == (
        f"{team}:14:15: error: people[1].timezone: unknown time zone '{shown}'; expected an "
        f"IANA name like Europe/Berlin {hint}"
    )
    assert main_window.session is None
