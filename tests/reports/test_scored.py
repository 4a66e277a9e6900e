"""A scored run: the journal is folded, timed and scored once, and every report reads that."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.charts import cadence_chart, impact_chart, phase_chart
from reports.export import write_report
from reports.scored import ScoredRun
from reports.viewmodel import ReportModel, build_report
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.phases import phase_times
from simulator.scoring import score
from simulator.state import fold
from tests.reports.counting import count_work


def test_a_scored_run_holds_what_scoring_folding_and_timing_give(
    run: ScoredRun, records: list[Record], bundle: Bundle
) -> None:
    assert run.records == tuple(records)
    assert run.bundle is bundle
    assert run.scorecard == score(records, bundle)
    assert run.phases == phase_times(records)
    assert vars(run.state) == vars(fold(records))
    assert run.header["scenario_id"] == records[0].payload["scenario_id"]


def test_a_report_from_a_run_equals_the_one_from_records(
    run: ScoredRun, records: list[Record], bundle: Bundle, model: ReportModel
) -> None:
    assert build_report(records, bundle, run.scorecard) == model
    assert build_report(ScoredRun.of(records, bundle, run.scorecard)) == model


def test_a_journal_without_its_scorecard_is_refused(records: list[Record]) -> None:
    with pytest.raises(TypeError, match="needs the scorecard"):
        build_report(records, None)


def test_writing_every_format_folds_and_times_the_journal_once(
    records: list[Record],
    bundle: Bundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qapp: object,
) -> None:
    counts = count_work(monkeypatch)
    written = write_report(records, bundle, tmp_path, "html,md,pdf,json")
    assert len(written) == 4
    # one fold: every record applied to an incident state exactly once
    assert counts == {"apply": len(records), "phase_times": 1, "build_report": 1}


def test_the_charts_of_a_run_fold_nothing_again(
    run: ScoredRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = count_work(monkeypatch)
    for chart in (phase_chart, impact_chart, cadence_chart):
        chart(run)
    assert counts == {}
