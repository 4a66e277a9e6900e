"""A metric whose anchor is missing from the journal is "not recorded" (None with a reason),
never a made-up number; scoring rates its objective N/R (not measurable, no score)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from main import main
from simulator.engine.runner import summary
from simulator.importing.timeline import import_timeline
from simulator.journal import Record
from simulator.phases import ANCHORS, PHASES, phase_times
from simulator.scoring import Rating, Scorecard, score
from tests.fixtures.journals.builder import fixture_bundle, good_run

ROOT = Path(__file__).resolve().parents[3]


def rec(seq: int, t: float, kind: str, actor: str = "x", **payload: Any) -> Record:
    return Record(seq, t, kind, actor, payload)


def header(source: str = "") -> Record:
    payload: dict[str, Any] = {"format": "gameday/journal@1", "scenario_id": "s"}
    if source:
        payload["source"] = source
    return rec(0, 0.0, "header", "engine", **payload)


def test_every_phase_names_its_anchors() -> None:
    assert list(ANCHORS) == [name for name, _ in PHASES]


def test_an_engine_run_that_never_got_there_is_none_without_a_reason() -> None:
    records = [
        header(),
        rec(1, 10.0, "impact_start", "world", users=5),
        rec(2, 70.0, "alert", "monitoring", alert="A"),
        rec(3, 75.0, "page", "pager", person="bob"),
        rec(4, 900.0, "end", "engine", reason="time_limit"),
    ]
    ph = phase_times(records)
    assert ph.durations() == {
        "mttd": 60.0,
        "mtta": None,
        "time_to_declare": None,
        "time_to_status_page": None,
        "time_to_mitigate": None,
        "time_to_resolve": None,
    }
    assert ph.missing() == {}  # the run is the whole record: these never happened
    assert ph.text("mtta") == "-"


def test_no_impact_start_leaves_the_metrics_from_it_not_recorded() -> None:
    records = [
        header("timeline"),
        rec(1, 0.0, "alert", "monitoring", alert="A"),
        rec(2, 60.0, "page", "pager", person="bob"),
        rec(3, 120.0, "action", "bob", action="acknowledge_page"),
        rec(4, 600.0, "action", "bob", action="mark_resolved"),
    ]
    ph = phase_times(records)
    assert (ph.mttd, ph.mtta, ph.time_to_resolve) == (None, 120.0, None)
    assert ph.missing() == {
        "mttd": "no impact start (when users were first affected)",
        "time_to_declare": "no declaration",
        "time_to_status_page": "no status-page post",
        "time_to_mitigate": "no impact start (when users were first affected)",
        "time_to_resolve": "no impact start (when users were first affected)",
    }
    assert ph.text("mttd") == "not recorded"
    assert ph.to_json()["not_recorded"] == ph.missing()


def test_mtta_needs_a_page_even_in_an_engine_run() -> None:
    records = [header(), rec(1, 0.0, "impact_start", "world"), rec(2, 30.0, "alert", "m")]
    ph = phase_times(records)
    assert ph.mtta is None
    assert ph.not_recorded("mtta") == "no page (nothing to acknowledge)"
    assert ph.not_recorded("mttd") is None


def test_engine_journals_do_not_change_their_phase_times() -> None:
    records = good_run()
    ph = phase_times(records)
    assert ph.missing() == {}
    assert all(v is not None for v in ph.durations().values())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def card(tmp_path: Path) -> Scorecard:
    path = ROOT / "scenarios" / "timelines" / "cloudflare-waf-2019.csv"
    text = "".join(
        line + "\n"
        for line in path.read_text(encoding="utf-8").splitlines()
        if ",impact_start," not in line
    )
    return score(import_timeline(_write(tmp_path / "cf.csv", text)), None)


def test_objectives_measured_from_a_missing_anchor_are_not_measurable(card: Scorecard) -> None:
    for objective_id in ("TIME-MTTD", "TIME-MITIGATE", "TIME-RESOLVE"):
        result = card.objective(objective_id)
        assert (result.rating, result.score, result.measured) == (Rating.NR, None, None)
        assert result.measured_text == "not recorded"
        assert result.notes[0] == (
            "Not measurable (not recorded): no impact start (when users were first affected)."
        )
        assert result.rating.label == "Not measurable (not recorded)"
    assert card.objective("TIME-MTTA").measured == 120.0  # its anchors are in the timeline
    assert [o.id for o in card.not_measurable()] == ["TIME-MTTD", "TIME-MITIGATE", "TIME-RESOLVE"]
    timings = card.family("timings")
    assert timings.score == 100.0  # only MTTA and declaring were scored, both in time


def test_not_recorded_survives_the_scorecard_json(card: Scorecard) -> None:
    again = Scorecard.from_json(json.loads(json.dumps(card.to_json())))
    assert again == card
    assert again.phase_text("mttd") == "not recorded"
    assert again.phase_text("mtta") == "2m"
    old = card.to_json()
    del old["phases_not_recorded"]  # a scorecard written before this existed still reads
    assert Scorecard.from_json(old).phases_not_recorded == {}


def test_an_imported_timeline_without_rows_for_an_event_is_not_failed(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bare.csv",
        "time,kind,actor,text\n"
        "2024-05-01T10:00Z,impact_start,,300 users\n"
        "2024-05-01T10:02Z,alert,m,HighErrors\n"
        "2024-05-01T10:05Z,declare,bob,SEV-2 checkout\n",
    )
    card = score(import_timeline(path), None)
    ratings = {o.id: o.rating for o in card.objectives}
    for objective_id in (
        "TIME-MTTA",
        "TIME-MITIGATE",
        "TIME-RESOLVE",
        "ESC-LEVEL",
        "ESC-BRIDGE",
        "ROLE-COMMS",
        "MIT-FIRST",
        "RES-CHECKLIST",
        "RES-STAKEHOLDERS",
        "RES-AFTER-IMPACT",
        "COMM-CADENCE",
        "COMM-COMPLETE",
    ):
        assert ratings[objective_id] is Rating.NR, objective_id
    assert card.objective("TIME-MTTA").notes[0] == (
        "Not measurable (not recorded): no page (nothing to acknowledge)."
    )
    assert card.objective("TIME-DECLARE").measured == 180.0


def test_the_run_summary_and_the_import_summary_say_not_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = fixture_bundle()
    records = [r for r in good_run() if r.kind != "impact_start"]
    text = summary(bundle, records)
    assert "    MTTD (time to detect)              not recorded" in text.splitlines()
    path = _write(tmp_path / "t.csv", "time,kind,actor,text\n2024-05-01T10:02Z,alert,m,X\n")
    assert main(["import-timeline", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        "  MTTD                     not recorded: no impact start (when users were first affected)",
        "  MTTA                     not recorded: no page (nothing to acknowledge)",
        "  time to declare          not recorded: no declaration",
        "  first status-page post   not recorded: no status-page post",
        "  time to mitigate         not recorded: no impact start (when users were first affected)",
        "  time to resolve          not recorded: no impact start (when users were first affected)",
    ]
