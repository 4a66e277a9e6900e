"""validate_text: the problems of text an editor holds are exactly those `gameday validate`
reports for the same text saved at the same path (bundled files and every broken case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import BUNDLED_DIR
from simulator.loading.validation import validate, validate_text
from tests.simulator.loading.test_author_mistakes import CASES as MISTAKES
from tests.simulator.loading.test_author_mistakes import copy_fixtures
from tests.simulator.loading.test_errors import CASES as ERRORS
from tests.simulator.loading.test_errors import RUNBOOK, SCENARIO, TEAM, edited

BUNDLED = sorted(BUNDLED_DIR.glob("*.yaml")) + sorted(BUNDLED_DIR.glob("*/*.yaml"))
BUNDLED += sorted((BUNDLED_DIR / "runbooks").glob("*.md"))
_NAMES = {SCENARIO: "scenario.yaml", TEAM: "team.yaml", RUNBOOK: "Runbook.md"}
TEXT_CASES = [c for c in ERRORS + MISTAKES if c.new != "CRLF" and c.kind in _NAMES]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files(path: Path) -> None:
    assert validate_text(path, path.read_text(encoding="utf-8")) == validate([path])


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_broken_files(case: object, tmp_path: Path) -> None:
    scenario = copy_fixtures(tmp_path)
    path = scenario if case.kind == SCENARIO else tmp_path / _NAMES[case.kind]  # type: ignore[attr-defined]
    text = edited(case)  # type: ignore[arg-type]
    try:
        path.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:
        pytest.skip("not text a UTF-8 editor can hold")
    assert validate_text(path, text) == validate([path])


def test_unsaved_text_is_checked_not_the_file(tmp_path: Path) -> None:
    scenario = copy_fixtures(tmp_path)
    saved = scenario.read_text(encoding="utf-8")
    typed = saved.replace("format: gameday/scenario@1", "format: gameday/scenario@1\nbogus: 1")
    problems = validate_text(scenario, typed)
    assert [p.message for p in problems if p.path == "bogus"] == [
        problems[0].message
    ] and "unknown key 'bogus'" in problems[0].message
    assert validate([scenario]) == validate_text(scenario, saved)
