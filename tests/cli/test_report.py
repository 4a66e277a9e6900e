"""``gameday report`` and the ``--report`` step after run, import-timeline and batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from main import main
from simulator.scoring import Scorecard
from tests.fixtures.journals.builder import HERE, batch_doc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run folder: the fixture journal next to the scenario, team and runbooks it names."""
    target = tmp_path / "run"
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (target / "good-run.jsonl").rename(target / "journal.jsonl")
    return target


def scorecard(path: Path) -> Scorecard:
    return Scorecard.from_json(json.loads(path.read_text(encoding="utf-8"))["scorecard"])


def test_report_defaults_to_the_run_folder(
    run_dir: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    assert main(["report", str(run_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"Wrote {run_dir / name}"
        for name in ("report.html", "report.md", "report.pdf", "report.json")
    ]
    assert err == ""
    card = scorecard(run_dir / "report.json")
    assert (card.true_severity, card.overall_score, card.imported) == ("SEV-2", 86.4, False)


def test_report_of_a_journal_file_into_another_folder(
    run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "elsewhere"
    assert (
        main(["report", str(run_dir / "journal.jsonl"), "--format", "md,json", "--out", str(out)])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]
    assert "Wrote" in capsys.readouterr().out


def test_missing_scenario_is_said_and_scored_without_truth(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (run_dir / "scenario.yaml").unlink()
    assert main(["report", str(run_dir), "--format", "json"]) == 0
    assert capsys.readouterr().err == (
        "gameday: the scenario file scenario.yaml recorded in the journal is missing; scoring "
        "with the guide's targets only (no scenario truth)\n"
    )
    card = scorecard(run_dir / "report.json")
    assert card.severity_source.startswith("most severe level declared")


def test_changed_scenario_is_said(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = run_dir / "scenario.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n# edited after the run\n", encoding="utf-8"
    )
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    assert capsys.readouterr().err == (
        f"gameday: the scenario file {path} has changed since the run (SHA-256 differs); the "
        "report uses the file as it is now\n"
    )


def test_bad_format_is_a_usage_error(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(run_dir), "--format", "html,docx"]) == 2
    assert capsys.readouterr().err == (
        "gameday: unknown report format 'docx'; expected html, md, pdf or json\n"
    )
    assert not (run_dir / "report.html").exists()


def test_missing_and_broken_journals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope")]) == 1
    assert (
        capsys.readouterr().err
        == f"gameday: {tmp_path / 'nope'}: no such run folder or journal file\n"
    )
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"seq": 0}\n', encoding="utf-8")
    assert main(["report", str(broken)]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {broken}:1: missing field(s): t, kind, actor, payload\n"
    )


def test_import_timeline_with_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ROOT / "scenarios" / "timelines" / "cloudflare-waf-2019.csv"
    out = tmp_path / "cf"
    assert main(["import-timeline", str(source), "--out", str(out), "--report"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "journal.jsonl",
        "report.html",
        "report.json",
        "report.md",
    ]
    assert capsys.readouterr().err == ""
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Post-Mortem: Global 502 errors from the edge\n")
    assert "**Source:** real incident imported from a timeline (imported:cloudflare-waf-2019)" in md


def test_run_with_report_scores_a_real_engine_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    scenario = ROOT / "scenarios" / "payments-bad-deploy.yaml"
    assert (
        main(
            [
                "run",
                str(scenario),
                "--seed",
                "2",
                "--out",
                str(out),
                "--report",
                "--format",
                "md,json",
            ]
        )
        == 0
    )
    # Loader warnings (the deliberately missing runbook) may be printed; nothing else.
    err_lines = capsys.readouterr().err.splitlines()
    assert all(": warning: " in line for line in err_lines), err_lines
    card = scorecard(out / "report.json")
    assert card.scenario_id == "payments-bad-deploy"
    assert card.seed == 2
    assert card.true_severity == "SEV-2"
    assert not card.imported


def test_batch_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.report import report_after_batch

    (tmp_path / "batch.json").write_text(json.dumps(batch_doc()), encoding="utf-8")
    import argparse

    assert report_after_batch(argparse.Namespace(out=str(tmp_path))) == 0
    html = (tmp_path / "batch-report.html").read_text(encoding="utf-8")
    md = (tmp_path / "batch-report.md").read_text(encoding="utf-8")
    assert "<down>" not in html and "Checkout &lt;down&gt;" in html
    assert html.count("<svg") == 2
    assert md.startswith("# Batch report: Checkout &lt;down&gt;\n")
    assert "| no-runbook | acme | Time to mitigate | +5m | +2m … +8m | slower |" in md
    assert (
        "| no-runbook | acme | MTTD (time to detect) | ±0s | −1m … +1m | no clear difference |"
        in md
    )
    assert "Team acme-platform, variant remove-runbooks: 10 runs, 20% unresolved" in md
    assert capsys.readouterr().out.splitlines() == [
        f"Wrote {tmp_path / 'batch-report.html'}",
        f"Wrote {tmp_path / 'batch-report.md'}",
    ]


def test_batch_report_of_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from cli.report import report_after_batch

    doc = batch_doc()
    doc["groups"][0]["runs"][3]["mttd"] = "soon"
    (tmp_path / "batch.json").write_text(json.dumps(doc), encoding="utf-8")
    assert report_after_batch(argparse.Namespace(out=str(tmp_path))) == 1
    assert capsys.readouterr().err == (
        f"gameday: {tmp_path / 'batch.json'}: groups[0].runs[3].mttd: expected seconds or null, "
        "got 'soon'\n"
    )
    assert not (tmp_path / "batch-report.html").exists()
