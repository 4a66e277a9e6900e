"""A PagerDuty escalation policy and its schedules as a team file: levels, timeouts, loops,
who a schedule pages, and every default or gap listed for the author; bad policies located."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.importing.jsondoc import JsonError
from simulator.importing.pagerduty_team import team_from_policy
from simulator.loading.files import team_from_bytes

ROOT = Path(__file__).resolve().parents[3]
POLICY = ROOT / "scenarios" / "formats" / "pagerduty-escalation-policy.json"
SCHEDULES = ROOT / "scenarios" / "formats" / "pagerduty-schedules.json"


def test_a_policy_with_its_schedules_becomes_a_team_that_loads() -> None:
    imported = team_from_policy(
        POLICY.read_bytes(), str(POLICY), [(SCHEDULES.read_bytes(), str(SCHEDULES))]
    )
    team, problems = team_from_bytes(imported.text.encode(), "team.yaml")
    assert team is not None, [p.format() for p in problems]
    assert (team.id, team.name) == ("payments-platform", "Payments Platform")
    assert [(p.id, p.name, p.timezone) for p in team.people] == [
        ("maria-okafor", "Maria Okafor", "Europe/Berlin"),
        ("sam-reyes", "Sam Reyes", "UTC"),
        ("grace-ohene", "Grace Ohene", "UTC"),
        ("jonas-weber", "Jonas Weber", "Europe/Berlin"),
    ]
    assert (team.on_call.primary, team.on_call.secondary) == ("maria-okafor", "sam-reyes")
    assert team.escalation.repeats == 2
    assert [(lv.level, lv.targets, lv.timeout) for lv in team.escalation.levels] == [
        (1, ("maria-okafor",), 300.0),
        (2, ("sam-reyes",), 600.0),
        (3, ("grace-ohene",), 900.0),
    ]
    assert imported.unmapped == [
        "schedule 'Payments primary' rotates: level 1 pages Maria Okafor, who is on call "
        "first (Jonas Weber joined the team)",
        "rule 4 is left out: the team format has levels 1-3",
        "roles: PagerDuty holds none; levels 1-2 are set to incident commander and technical "
        "lead, level 3 to incident commander: name your communications lead and scribe",
        "experience: set to intermediate for everyone",
        "time zone: UTC for Sam Reyes, Grace Ohene (in no schedule given)",
    ]


def test_a_schedule_not_given_is_listed_and_its_level_left_out() -> None:
    imported = team_from_policy(POLICY.read_bytes(), str(POLICY))
    team, _ = team_from_bytes(imported.text.encode(), "team.yaml")
    assert team is not None
    assert [lv.level for lv in team.escalation.levels] == [2, 3]
    assert team.on_call.primary == "sam-reyes"
    assert imported.unmapped[:2] == [
        "schedule 'Payments primary' (PI7DH85) at level 1 was not given (--schedules): who it "
        "pages is unknown",
        "rule 1 pages nobody this file names: level 1 left out",
    ]


def _policy(tmp_path: Path, change: dict[str, Any]) -> Path:
    doc = json.loads(POLICY.read_text(encoding="utf-8"))
    doc["escalation_policy"].update(change)
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_bad_policies_are_located(tmp_path: Path) -> None:
    doc = json.loads(POLICY.read_text(encoding="utf-8"))
    doc["escalation_policy"]["escalation_rules"][1]["escalation_delay_in_minutes"] = "ten"
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if '"PXF9K3M"' in text
    )
    with pytest.raises(JsonError) as info:
        team_from_policy(path.read_bytes(), "policy.json")
    assert [p.format() for p in info.value.problems] == [
        f"policy.json:{line}:0: error: escalation_policy.escalation_rules[1]."
        "escalation_delay_in_minutes: expected a whole number of minutes, got 'ten' (e.g. 30)"
    ]
    empty = _policy(tmp_path, {"escalation_rules": []})
    with pytest.raises(JsonError, match="expected at least one escalation rule"):
        team_from_policy(empty.read_bytes(), "policy.json")
    with pytest.raises(
        JsonError, match=r"policy.json:1:2: error: not JSON: Expecting property name"
    ):
        team_from_policy(b"{oops", "policy.json")
