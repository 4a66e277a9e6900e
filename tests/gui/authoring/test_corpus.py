"""`gameday validate` and the editor agree on a corpus of broken files: every scenario, team
and runbook mistake of the loader's tests, opened in the Authoring view, shows exactly the
lines (and the summary line) the command prints for the file — and, once edited, for the text
as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from main import main
from tests.gui.authoring.conftest import checked
from tests.simulator.loading.test_author_mistakes import CASES as MISTAKES
from tests.simulator.loading.test_author_mistakes import copy_fixtures
from tests.simulator.loading.test_errors import CASES as ERRORS
from tests.simulator.loading.test_errors import RUNBOOK, SCENARIO, TEAM, edited

NAMES = {SCENARIO: "scenario.yaml", TEAM: "team.yaml", RUNBOOK: "ApiErrors.md"}
CORPUS = [c for c in ERRORS + MISTAKES if c.new != "CRLF" and c.kind in NAMES]


def printed(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    """What `gameday validate PATH` prints, one line each."""
    capsys.readouterr()
    main(["validate", str(path)])
    return capsys.readouterr().out.rstrip("\n").split("\n")


def test_validate_and_the_editor_agree_on_every_broken_file(
    authoring: Any, qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(CORPUS) > 80
    for number, case in enumerate(CORPUS):
        folder = tmp_path / f"{number:03d}-{case.name}"
        scenario = copy_fixtures(folder)
        path = scenario if case.kind == SCENARIO else folder / NAMES[case.kind]
        path.write_bytes(edited(case).encode("utf-8", "surrogatepass"))
        expected = printed(capsys, path)
        authoring.open(path)
        document = authoring.document
        checked(qtbot, document)
        assert [*authoring.problem_lines(), authoring.problem_summary.text()] == expected, case.name


def test_typed_text_is_checked_as_validate_checks_it_once_saved(
    authoring: Any, qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = copy_fixtures(tmp_path)
    authoring.open(scenario)
    document = authoring.document
    checked(qtbot, document)
    for case in [c for c in CORPUS if c.kind == SCENARIO and c.old is not None][:12]:
        text = edited(case)
        document.replace_text(text, case.name)
        checked(qtbot, document)
        shown = [*authoring.problem_lines(), authoring.problem_summary.text()]
        # saved as a twin next to its own team (the open file is not touched: it has edits)
        twin = copy_fixtures(tmp_path / "twin" / case.name)
        twin.write_text(text, encoding="utf-8")
        expected = [line.replace(str(twin), str(scenario)) for line in printed(capsys, twin)]
        assert shown == expected, case.name
