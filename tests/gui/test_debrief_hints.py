"""The debrief's report tab lists the beginner's hints the coach gave (time and text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.debrief import Debrief
from tests.gui.test_debrief_not_recorded import stub_session
from tests.reports.test_hints_report import _HINTS_MD
from tests.simulator.agents.test_coach import _declared
from tests.simulator.language.contexts import payments


def test_the_debrief_report_lists_the_hints(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = _declared(hints=True)
    exercise.advance(1560)
    session = stub_session(tmp_path)
    session.exercise.records = list(exercise.records)
    session.bundle = payments()
    monkeypatch.setattr("reports.viewmodel.counterfactual", lambda *_args: None)
    debrief = Debrief(session)
    qtbot.addWidget(debrief)
    assert _HINTS_MD in debrief.report_markdown
    shown = debrief.report.toPlainText()
    assert "Hints Given\n" in shown
    assert "T1's time-box ran out — follow up with its owner (IC-07)" in shown
