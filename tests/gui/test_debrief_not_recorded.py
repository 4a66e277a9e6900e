"""The debrief shows a phase whose anchor is missing as "not recorded" (with the reason in the
tooltip), never as 0 or "did not happen", and rates its objective N/R."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pytestqt.qtbot import QtBot

from gui.debrief import Debrief
from tests.fixtures.journals.builder import fixture_bundle, good_run


def stub_session(tmp_path: Path) -> Any:
    records = [r for r in good_run() if r.kind != "impact_start"]
    return SimpleNamespace(
        bundle=fixture_bundle(),
        exercise=SimpleNamespace(records=records, state=SimpleNamespace(ended="resolved")),
        person_name=lambda person_id: person_id,
        journal_path=tmp_path / "journal.jsonl",
        run_dir=tmp_path,
    )


def test_a_missing_impact_start_reads_not_recorded(qtbot: QtBot, tmp_path: Path) -> None:
    debrief = Debrief(stub_session(tmp_path))
    qtbot.addWidget(debrief)
    rows = [debrief.phases.topLevelItem(i) for i in range(debrief.phases.topLevelItemCount())]
    shown = {row.text(0): row.text(1) for row in rows if row is not None}
    assert shown["MTTD (time to detect)"] == "not recorded"
    assert shown["Time to mitigate"] == "not recorded"
    assert shown["Time to resolve"] == "not recorded"
    assert shown["MTTA (time to acknowledge)"] not in ("not recorded", "did not happen")
    mttd = next(row for row in rows if row is not None and row.text(0).startswith("MTTD"))
    assert mttd.toolTip(1) == (
        "<qt>Not recorded: no impact start (when users were first affected).</qt>"
    )
    assert debrief.rating_of("TIME-MTTD") == "N/R"
    assert debrief.rating_of("TIME-MTTA") in ("P", "S", "M", "U")
