"""The format commands as a user runs them: gameday import-team, import-msel and export-msel
write what they say, print what needs the author, and write nothing on bad input or over an
existing file (unless --force)."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from simulator.loading import load_scenario

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "scenarios" / "formats"
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"
TEAM = ROOT / "scenarios" / "teams" / "acme-platform.yaml"


def test_import_team_writes_a_team_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "teams" / "payments.yaml"
    policy = FORMATS / "pagerduty-escalation-policy.json"
    schedules = FORMATS / "pagerduty-schedules.json"
    argv = ["import-team", str(policy), "--schedules", str(schedules), "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Imported {policy} -> {out}: team 'Payments Platform' (4 people)"
    assert printed[1] == "Check before use (not in PagerDuty, or not mapped):"
    assert "  - rule 4 is left out: the team format has levels 1-3" in printed
    assert main(["validate", str(out)]) == 0
    assert main(argv) == 1  # the file exists now
    assert capsys.readouterr().err == (
        f"gameday import-team: {out} exists; give another --out, or --force to replace it\n"
    )
    assert main([*argv, "--force"]) == 0


def test_import_team_refuses_a_statuspage_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "team.yaml"
    source = FORMATS / "statuspage-incidents.json"
    assert main(["import-team", str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{source}:1:1: error: no escalation policy")
    assert err[-1] == f"gameday: 1 problem(s) in {source}; nothing written"
    assert not out.exists()


@pytest.mark.parametrize("form", ["csv", "xlsx", "t3sf"])
def test_export_then_import_msel_gives_back_the_injects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    exported = tmp_path / f"msel.{'json' if form == 't3sf' else form}"
    assert main(["export-msel", str(SCENARIO), "--format", form, "--out", str(exported)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Exported 7 injects of {SCENARIO} -> {exported} ({form})"
    if form == "t3sf":
        assert printed[1] == (
            "  - 2 conditional inject(s) left out (T3SF has no conditions): no-status-page, "
            "rollback-done"
        )
    skeleton = tmp_path / "scenario.yaml"
    argv = ["import-msel", str(exported), "--out", str(skeleton), "--team", str(TEAM)]
    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    count = 5 if form == "t3sf" else 7
    assert printed[0] == f"Imported {exported} -> {skeleton}: scenario 'msel' ({count} injects)"
    assert printed[1] == "Needs the author (an MSEL does not hold it):"
    assert main(["validate", str(skeleton)]) == 0
    back, _ = load_scenario(skeleton)
    assert back is not None and len(back.injects) == count


def test_import_msel_with_a_bad_cell_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "msel.csv"
    source.write_text("Inject No.,Scenario Time,From,Inject Text\n1,soon,Ops,Hello\n", "utf-8")
    out = tmp_path / "s.yaml"
    assert main(["import-msel", str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{source}:2:2: error: scenario_time: 'soon' is not a time")
    assert err[1] == f"gameday: 1 problem(s) in {source}; nothing written"
    assert not out.exists()


def test_export_msel_of_a_broken_scenario_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: gameday/scenario@1\nid: x\n", encoding="utf-8")
    out = tmp_path / "msel.csv"
    assert main(["export-msel", str(broken), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}:1:1: error: ")
    assert lines[-1].startswith("gameday: ") and lines[-1].endswith(f"in {broken}; nothing written")
    assert not out.exists()


def test_validate_checks_every_incident_of_a_statuspage_or_pagerduty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statuspage = FORMATS / "statuspage-incidents.json"
    pagerduty = FORMATS / "pagerduty-log-entries.json"
    assert main(["validate", str(statuspage), str(pagerduty)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == "0 errors, 3 warnings in 2 files"
    assert printed[1].startswith(f"{statuspage}:112:0: warning: incidents[1].incident_updates[0]")
    broken = tmp_path / "incidents.json"
    broken.write_text(
        statuspage.read_text(encoding="utf-8").replace(
            '"created_at": "2026-03-03T11:48:02.004+01:00"', '"created_at": "soon"', 1
        ),
        encoding="utf-8",
    )
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    where = "incidents[1].incident_updates[0].created_at"
    assert f"{broken}:112:0: error: {where}: expected an ISO 8601 time with a zone" in out
    assert out.endswith("1 error, 1 warning in 1 file\n")


def test_import_team_of_a_one_person_policy_says_person_and_lists_the_missing_secondary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(
        '{"escalation_policy": {"id": "PSOLO01", "name": "Solo", "num_loops": 0,'
        ' "escalation_rules": [{"id": "R1", "escalation_delay_in_minutes": 15, "targets":'
        ' [{"id": "U1", "type": "user_reference", "summary": "Ada Lovelace"}]}]}}',
        encoding="utf-8",
    )
    out = tmp_path / "solo.yaml"
    assert main(["import-team", str(policy), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Imported {policy} -> {out}: team 'Solo' (1 person)"
    assert printed[-1] == "  - on_call.secondary: the policy names one person only"
    assert main(["validate", str(out)]) == 0
