"""``gameday report`` of a real run's journal cut off mid-run (as a killed ``gameday run``
leaves it): the report says the exercise was interrupted and rates nothing U for not
resolving."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from main import main
from simulator.scoring import Scorecard

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


def test_report_of_a_truncated_run_says_interrupted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"
    assert main(["run", str(SCENARIO), "--seed", "5", "--out", str(run), "--no-history"]) == 0
    journal = run / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    resolved = next(i for i, line in enumerate(lines) if '"mark_resolved"' in line)
    kept = lines[: resolved // 2]
    journal.write_text("".join(kept), encoding="utf-8")
    cut_at = json.loads(kept[-1])["t"]
    hours, rest = divmod(round(cut_at), 3600)
    stamp = f"T+{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    capsys.readouterr()

    assert main(["report", str(run), "--format", "md,json"]) == 0
    assert capsys.readouterr().err == ""
    report = (run / "report.md").read_text(encoding="utf-8")
    status = next(line for line in report.splitlines() if "interrupted" in line)
    assert re.fullmatch(
        rf"\*\*Exercise interrupted at {re.escape(stamp)} \(\d\d:\d\d\)\*\* \(the journal has "
        r"no end record: what was still to do then is not rated\)",
        status,
    ), status
    assert "before the incident was resolved." in report
    card = Scorecard.from_json(
        json.loads((run / "report.json").read_text(encoding="utf-8"))["scorecard"]
    )
    for oid in ("TIME-RESOLVE", "RES-AFTER-IMPACT", "RES-CHECKLIST", "RES-STAKEHOLDERS"):
        got = card.objective(oid)
        assert got.rating.value == "N/A", oid
        assert f"the exercise was interrupted at {stamp}" in got.measured_text
