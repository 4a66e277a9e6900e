"""``gameday run``: journal, one-screen summary, located errors without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from simulator.journal import read_journal
from simulator.runner import summary
from tests.simulator.engine_bundles import small_bundle

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


def test_run_writes_the_journal_and_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    assert main(["run", str(SCENARIO), "--seed", "4", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    records = read_journal(out / "journal.jsonl")
    assert records[0].payload["seed"] == 4
    assert records[0].payload["scenario_id"] == "payments-bad-deploy"
    assert records[-1].kind == "end"
    lines = printed.splitlines()
    assert lines[0] == "Checkout down: a bad payments deploy"
    assert lines[1] == "  scenario payments-bad-deploy · team acme-platform · seed 4"
    assert lines[2].startswith("  outcome: resolved at 00:")
    for label in ("MTTD (time to detect)", "Time to declare", "Time to resolve", "Mitigations"):
        assert label in printed
    assert "rollback payments-api -> resolves at" in printed
    assert printed.rstrip().endswith(f"journal: {out / 'journal.jsonl'}")


def test_run_with_a_team_given_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SCENARIO), "--team", "startup", "--out", str(tmp_path)]) == 0
    assert "team startup" in capsys.readouterr().out
    assert read_journal(tmp_path / "journal.jsonl")[0].payload["team_id"] == "startup"


def test_run_reports_file_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: gameday/scenario@1\nid: x\ntitel: typo\n", encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3:1: error:" in err
    assert "Traceback" not in err
    assert err.rstrip().endswith("nothing was run")
    assert not (tmp_path / "o" / "journal.jsonl").exists()


def test_run_names_a_missing_team_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SCENARIO), "--team", "startp"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "startp:0:0: error: no such team file (did you mean 'startup'?)"
    )


def test_summary_of_an_unresolved_run() -> None:
    from simulator.engine import Exercise, Seat

    bundle = small_bundle(time_limit=600.0)
    ex = Exercise(bundle, seed=1, seat=Seat("ann", tabletop=True))
    ex.run_to_end()
    text = summary(bundle, ex.records)
    assert "  outcome: UNRESOLVED at the time limit (10m)" in text
    assert "  never declared (true severity SEV-2)" in text
    assert "    none applied" in text
    assert "  Responders: nobody" in text
