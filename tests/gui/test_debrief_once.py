"""The debrief scores the journal once and builds the report once: the phase table, the
scorecard, the report text, the charts and every export read that one report."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.debrief import Debrief
from tests.fixtures.journals.builder import fixture_bundle, good_run
from tests.gui.test_debrief_not_recorded import stub_session
from tests.reports.counting import count_work


def test_opening_the_debrief_and_exporting_every_format_folds_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = stub_session(tmp_path)
    session.exercise.records = good_run()
    session.bundle = fixture_bundle()
    counts = count_work(monkeypatch)
    # the what-if re-run is another journal (tests/gui/test_debrief_lessons.py): left out here
    monkeypatch.setattr("reports.viewmodel.counterfactual", lambda *_args: None)
    debrief = Debrief(session)
    qtbot.addWidget(debrief)
    written = debrief.export(["html", "md", "pdf", "json"])
    assert [p.name for p in written] == ["report.html", "report.md", "report.pdf", "report.json"]
    records = len(session.exercise.records)
    assert counts == {"apply": records, "phase_times": 1, "build_report": 1}
    assert debrief.report_markdown == (tmp_path / "report" / "report.md").read_text("utf-8")
    assert debrief.phases.topLevelItemCount() == 6
    assert debrief.rating_of("TIME-MTTD") == "P"


def test_a_report_that_cannot_be_built_leaves_the_rest_of_the_debrief(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr("gui.debrief.build_report", broken)
    debrief = Debrief(stub_session(tmp_path))
    qtbot.addWidget(debrief)
    assert debrief.report.toPlainText() == "The report could not be built: ValueError: boom"
    assert debrief.rating_of("TIME-MTTA") in ("P", "S", "M", "U")
    assert not any(button.isEnabled() for button in debrief.export_buttons.values())
    assert debrief.export(["md"]) == []
