"""Broken files through the GUI's open paths: the library lists each one with exactly the
problems `gameday validate` reports, and starting a scenario whose team is broken says so in
a dialog; nothing raises, nothing blocks (a pipe named .yaml in a scenario folder)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gui.start_dialog import Mode, StartOptions
from simulator.loading import load_scenario
from simulator.loading.validation import validate
from tests.simulator.loading.test_author_mistakes import CASES, copy_fixtures
from tests.simulator.loading.test_errors import SCENARIO, Case, edited

SCENARIO_CASES = [c for c in CASES if c.kind == SCENARIO and c.new != "CRLF"]


def shown_problems(library: Any) -> list[str]:
    details = library.details
    return [details.problems.item(i).text() for i in range(details.problems.count())]


def test_every_broken_scenario_opens_in_the_library_with_its_problems(
    main_window: Any, tmp_path: Path
) -> None:
    library = main_window.library
    for case in SCENARIO_CASES:
        path = tmp_path / case.name / "scenario.yaml"
        path.parent.mkdir()
        path.write_text(edited(case), encoding="utf-8")
        library.open_paths([path])
        # what `gameday validate FILE` prints, warnings of the team and runbooks included
        expected = [p.format() for p in validate([path])]
        assert shown_problems(library) == expected, case.name
        # the scenario itself must load to start (its team is chosen when starting)
        errors = [p for p in load_scenario(path)[1] if p.level.value == "error"]
        assert library.details.start.isEnabled() is (not errors), case.name


def test_a_utf16_a_folder_and_a_vanished_file_in_the_library(
    main_window: Any, tmp_path: Path
) -> None:
    library = main_window.library
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes("format: gameday/scenario@1\n".encode("utf-16"))
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    gone = tmp_path / "gone.yaml"
    for path, message in (
        (
            utf16,
            f"{utf16}:1:1: error: the file is UTF-16 text (it starts with a UTF-16 byte order "
            "mark); expected UTF-8 (save it as UTF-8; in Notepad: Save As, Encoding: UTF-8)",
        ),
        (folder, f"{folder}:0:0: error: this is a folder; expected a file"),
        (gone, f"{gone}:0:0: error: no such file"),
    ):
        library.open_paths([path])
        assert shown_problems(library) == [message]
        assert library.details.summary.text() == "This file did not load."
        assert not library.details.start.isEnabled()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_a_scenario_folder_does_not_block_the_library(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    copy_fixtures(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    main_window.library.add_folder(tmp_path)
    qtbot.waitUntil(lambda: not main_window.library.busy, timeout=20000)
    assert "Mini" in main_window.library.visible_titles()


def test_starting_a_scenario_whose_team_is_broken_says_which_line(
    main_window: Any, modal: Any, tmp_path: Path
) -> None:
    scenario = copy_fixtures(tmp_path)
    team = tmp_path / "team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8").replace("timezone: Asia/Shanghai", "timezone: UTC+8"),
        encoding="utf-8",
    )
    modal.expect(lambda box: 0)
    assert not main_window.start(scenario, StartOptions(None, Mode.WATCH, 60.0, 1))
    box = modal.seen[-1]
    assert (box.windowTitle(), box.text()) == (
        "The exercise cannot start",
        "These files have problems; fix them and try again.",
    )
    assert box.detailedText() == (
        f"{team}:14:15: error: people[1].timezone: unknown time zone 'UTC+8'; expected an IANA "
        "name like Europe/Berlin (a fixed offset is written 'Etc/GMT-8', with the sign "
        "reversed; better a city such as Europe/Paris, which follows daylight saving)"
    )
    assert main_window.session is None


def test_case_names_are_unique() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert all(isinstance(c, Case) for c in CASES)
