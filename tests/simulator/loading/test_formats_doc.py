"""docs/formats.md stays accurate: its key tables are the loader's, its examples load clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.loading import load_scenario_text
from simulator.loading.files import runbook_from_bytes, team_from_bytes
from simulator.loading.formats import SHAPES
from simulator.loading.schema import reference_table

DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_every_key_table_matches_the_loader(shape: object) -> None:
    table = reference_table(shape)  # type: ignore[arg-type]
    assert table in DOCS.read_text(encoding="utf-8"), (
        "docs/formats.md is out of date: replace the table of this shape with\n" + table
    )


def test_the_scenario_example_loads_clean() -> None:
    [example] = [b for b in _blocks("yaml") if "gameday/scenario@1" in b]
    scenario, problems = load_scenario_text(example, "docs example")
    assert [p.format() for p in problems] == []
    assert scenario is not None and scenario.id == "api-bad-deploy"


def test_the_team_example_loads_clean() -> None:
    [example] = [b for b in _blocks("yaml") if "gameday/team@1" in b]
    team, problems = team_from_bytes(example.encode("utf-8"), "docs example")
    assert [p.format() for p in problems] == []
    assert team is not None and team.on_call.secondary == "sam"


def test_the_runbook_example_loads_clean() -> None:
    [example] = _blocks("markdown")
    runbook, problems = runbook_from_bytes(example.encode("utf-8"), "docs example")
    assert [p.format() for p in problems] == []
    assert runbook is not None and runbook.title == "PaymentsAPIHighErrorRate"
