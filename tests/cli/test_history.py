"""``gameday history``: runs made by ``gameday run`` and ``import-timeline`` are indexed
wherever their --out is (``--no-history`` opts out), listed as a table, JSON or CSV, filtered,
rebuilt; the data folder comes from GAMEDAY_DATA_DIR (tests/conftest.py points it at a
temporary folder for every test)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"
TIMELINE = ROOT / "scenarios" / "timelines" / "github-2018-10-21.csv"


def test_runs_and_imports_share_one_history(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(SCENARIO), "--seed", "4", "--out", str(tmp_path / "a")]) == 0
    assert main(["import-timeline", str(TIMELINE), "--out", str(tmp_path / "real")]) == 0
    assert main(["run", str(SCENARIO), "--out", str(tmp_path / "b"), "--no-history"]) == 0
    capsys.readouterr()
    assert (data_dir / "history.sqlite3").is_file()

    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "#",
        "Date",
        "Scenario",
        "Team",
        "Trainee",
        "Mode",
        "Outcome",
        "Score",
        "Rating",
    ]
    assert len(lines) == 3
    run_line = next(line for line in lines if "Checkout down" in line)
    assert "Acme Platform Engineering" in run_line and "simulated" in run_line
    assert "watch" in run_line and "resolved" in run_line
    real_line = next(line for line in lines if "real incident" in line)
    assert real_line.split()[1] == "2018-10-21"

    assert main(["history", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "gameday/history@1"
    by_mode = {e["mode"]: e for e in doc["exercises"]}
    assert set(by_mode) == {"watch", "imported"}
    assert by_mode["watch"]["seed"] == 4
    assert by_mode["watch"]["journal"] == str((tmp_path / "a" / "journal.jsonl").resolve())

    assert main(["history", "--format", "csv", "--scenario", "payments-bad-deploy"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == [
        "id",
        "Date",
        "Scenario",
        "Team",
        "Trainee",
        "Mode",
        "Outcome",
        "Score",
        "Rating",
        "Journal",
    ]
    assert [r[2] for r in rows[1:]] == ["Checkout down: a bad payments deploy"]

    assert main(["history", "--search", "github"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_rebuild_reads_every_journal_again_and_lists_missing_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(SCENARIO), "--out", str(tmp_path / "a")]) == 0
    assert main(["run", str(SCENARIO), "--seed", "2", "--out", str(tmp_path / "b")]) == 0
    (tmp_path / "b" / "journal.jsonl").unlink()
    capsys.readouterr()
    assert main(["history", "--rebuild", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "Rebuilt " in err and ": 1 exercise indexed, 1 missing" in err
    outcomes = sorted(r[6] for r in csv.reader(io.StringIO(out)) if r[0] != "id")
    assert outcomes == [
        "missing: the journal file is gone (deleted or moved)",
        "resolved",
    ]


def test_bad_dates_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--from", "last week"]) == 2
    assert capsys.readouterr().err == (
        "gameday history: --from 'last week' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2026-12-31\n"
    )


def test_an_empty_history_says_how_to_fill_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "No exercises yet: run one in the app, or with gameday run.\n"


def test_a_history_that_cannot_be_written_never_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GAMEDAY_DATA_DIR", str(blocker / "data"))
    assert main(["run", str(SCENARIO), "--out", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "gameday run: the run was not added to the history: " in err
    assert "(--no-history skips it)" in err
