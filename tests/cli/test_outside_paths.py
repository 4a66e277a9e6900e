"""``--allow-outside-paths`` on ``gameday run``, ``validate`` and ``report``: without it a
scenario's ``team:`` / ``runbooks:`` and a journal header's files are read only where they
belong (issue 12)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from main import main
from scenarios import BUNDLED_DIR

SCENARIO = (BUNDLED_DIR / "payments-bad-deploy.yaml").read_text(encoding="utf-8")


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    """A scenario in drills/ whose team and runbooks are in elsewhere/, beside it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(BUNDLED_DIR / "teams" / "acme-platform.yaml", elsewhere / "team.yaml")
    shutil.copytree(BUNDLED_DIR / "runbooks", elsewhere / "runbooks")
    text = SCENARIO.replace("team: teams/acme-platform.yaml", "team: ../elsewhere/team.yaml")
    text = text.replace("runbooks: runbooks/", "runbooks: ../elsewhere/runbooks/")
    (tmp_path / "drills").mkdir()
    path = tmp_path / "drills" / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_and_run_refuse_outside_paths_unless_allowed(
    drill: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(drill)]) == 1
    out = capsys.readouterr().out
    assert f"{drill}:16:7: error: team: the team file '../elsewhere/team.yaml' is outside" in out
    assert f"{drill}:17:11: error: runbooks: the runbook folder '../elsewhere/runbooks/' is" in out
    assert out.count("(copy the") == 2 and out.count("or run with --allow-outside-paths)") == 2
    assert main(["validate", "--allow-outside-paths", str(drill)]) == 0
    capsys.readouterr()

    run = tmp_path / "run"
    assert main(["run", str(drill), "--out", str(run), "--no-history"]) == 1
    err = capsys.readouterr().err
    assert "is outside the scenario's folder" in err
    assert err.splitlines()[-1] == "gameday run: 2 error(s); nothing was run"
    assert not (run / "journal.jsonl").exists()
    assert (
        main(["run", str(drill), "--out", str(run), "--no-history", "--allow-outside-paths"]) == 0
    )
    assert (run / "journal.jsonl").is_file()


def test_report_reads_header_files_only_inside_the_journal_folder(
    drill: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"
    args = ["run", str(drill), "--out", str(run), "--no-history", "--allow-outside-paths"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["report", str(run), "--format", "json"]) == 0
    err = capsys.readouterr().err
    journal_dir = os.path.realpath(run)
    assert err == (
        f"gameday: the journal header names the scenario file {drill}, outside the journal's "
        f"folder ({journal_dir}) and the bundled scenarios; not read: scoring with the guide's "
        "targets only (copy the scenario and its team next to the journal, or run with "
        "--allow-outside-paths)\n"
    )
    card = json.loads((run / "report.json").read_text(encoding="utf-8"))["scorecard"]
    assert card["severity_source"] != "scenario truth"

    assert main(["report", str(run), "--format", "json", "--allow-outside-paths"]) == 0
    assert capsys.readouterr().err == ""
    card = json.loads((run / "report.json").read_text(encoding="utf-8"))["scorecard"]
    assert card["severity_source"] == "scenario truth"


def test_run_with_report_reads_the_files_it_was_just_given(
    drill: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"
    args = ["run", str(drill), "--out", str(run), "--no-history", "--allow-outside-paths"]
    assert main([*args, "--report", "--format", "json"]) == 0
    assert "outside" not in capsys.readouterr().err
    card = json.loads((run / "report.json").read_text(encoding="utf-8"))["scorecard"]
    assert card["severity_source"] == "scenario truth"
