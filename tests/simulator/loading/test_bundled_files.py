"""Every file shipped under scenarios/ loads clean (errors fail; warnings are listed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.loading import load_bundle, load_runbook, load_team, validate_paths
from simulator.model import SCENARIO_FORMAT, TEAM_FORMAT
from simulator.problems import Level

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = ROOT / "scenarios"


def _with_format(pattern: str, fmt: str) -> list[Path]:
    return sorted(p for p in SCENARIOS.glob(pattern) if f"format: {fmt}" in p.read_text("utf-8"))


SCENARIO_FILES = _with_format("*.yaml", SCENARIO_FORMAT)
TEAM_FILES = _with_format("teams/*.yaml", TEAM_FORMAT)
RUNBOOK_FILES = sorted((SCENARIOS / "runbooks").glob("*.md"))


def _name(path: Path) -> str:
    return str(path.relative_to(SCENARIOS))


def test_the_library_is_there() -> None:
    assert SCENARIO_FILES and TEAM_FILES and RUNBOOK_FILES


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_name)
def test_bundled_scenario_loads_as_a_bundle(path: Path) -> None:
    bundle, problems = load_bundle(path)
    errors = [p.format() for p in problems if p.level is Level.ERROR]
    assert errors == []
    assert bundle is not None
    for warning in (p for p in problems if p.level is Level.WARNING):
        print(warning.format())  # shown with -rP: a missing runbook is a deliberate finding


@pytest.mark.parametrize("path", TEAM_FILES, ids=_name)
def test_bundled_team_loads(path: Path) -> None:
    team, problems = load_team(path)
    assert [p.format() for p in problems if p.level is Level.ERROR] == []
    assert team is not None


@pytest.mark.parametrize("path", RUNBOOK_FILES, ids=_name)
def test_bundled_runbook_loads_without_warnings(path: Path) -> None:
    runbook, problems = load_runbook(path)
    assert [p.format() for p in problems] == []
    assert runbook is not None
    assert runbook.title == path.stem, "a runbook file is named after the alert it covers"
    assert runbook.strategies, "every bundled runbook recommends at least one mitigation"


@pytest.mark.parametrize("path", [*SCENARIO_FILES, *TEAM_FILES], ids=_name)
def test_bundled_yaml_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema = "scenario" if path in SCENARIO_FILES else "team"
    prefix = "" if path.parent == SCENARIOS else "../"
    assert first == f"# yaml-language-server: $schema={prefix}schemas/{schema}.schema.json"


def test_validate_finds_no_errors_in_the_whole_library() -> None:
    problems = validate_paths([SCENARIOS])
    assert [p.format() for p in problems if p.level is Level.ERROR] == []
