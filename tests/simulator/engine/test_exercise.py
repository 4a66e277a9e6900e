"""The exercise engine: journal, determinism, alerts, injects, facilitator, clock control."""

from __future__ import annotations

from pathlib import Path

from simulator.actions import (
    FACILITATOR,
    AdHocInject,
    ApplyMitigation,
    DelayInject,
    FireInject,
    Join,
    PostStatusPage,
    RevealTruth,
    SkipInject,
)
from simulator.engine import SAMPLE_EVERY, Exercise, PendingInject, Seat, run_headless
from simulator.journal import JOURNAL_FORMAT, Record, read_journal
from simulator.model import Strategy
from simulator.state import fold
from tests.simulator.engine_bundles import small_bundle


def _lines(records: object) -> list[str]:
    return [r.without_wall().to_json() for r in records]  # type: ignore[attr-defined]


def test_same_bundle_and_seed_give_the_same_journal_and_another_seed_does_not() -> None:
    bundle = small_bundle()
    a = run_headless(bundle, seed=5)
    b = run_headless(bundle, seed=5)
    c = run_headless(bundle, seed=6)
    assert _lines(a) == _lines(b)
    assert _lines(a) != _lines(c)


def test_the_journal_file_reads_back_into_the_same_records(tmp_path: Path) -> None:
    path = tmp_path / "run" / "journal.jsonl"
    records = run_headless(small_bundle(), seed=2, journal_path=path, wall_clock=lambda: "W")
    back = read_journal(path)
    assert back == records
    assert all(r.wall == "W" for r in back)
    header = back[0]
    assert (header.seq, header.kind) == (0, "header")
    assert dict(header.payload) == {
        "format": JOURNAL_FORMAT,
        "app_version": "0.1.0",
        "scenario_id": "small",
        "team_id": "small-team",
        "files": {
            "scenario": {"path": "", "sha256": "s" * 64},
            "team": {"path": "", "sha256": "t" * 64},
        },
        "runbooks": {"ApiErrors": ""},
        "seed": 2,
        "human": None,
        "clock_start": "2026-03-10T14:00:00+01:00",
        "time_limit": 3600.0,
        "variant": "",
    }
    assert [r.seq for r in back] == list(range(len(back)))
    assert back[-1].kind == "end"


def test_a_human_seat_is_in_the_header() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann"))
    assert ex.records[0].payload["human"] == {
        "actor": "ann",
        "role": "incident_commander",
        "tabletop": False,
    }


def test_samples_every_minute_and_at_every_change_of_shape() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(600.0)
    times = [r.t for r in ex.records if r.kind == "sample"]
    assert times == [0.0, 60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 420.0, 480.0, 540.0]
    assert SAMPLE_EVERY == 60.0
    sample = next(r for r in ex.records if r.kind == "sample" and r.t == 240.0)
    assert dict(sample.payload) == {
        "users": 500,
        "metrics": {"api.errors": 21.0, "api.latency": 400.0},
    }
    assert ex.state.users_affected == 1000
    assert ex.state.metrics == {"api.errors": 41.0, "api.latency": 600.0}


def test_subscribers_get_every_record_in_order_until_they_unsubscribe() -> None:
    ex = Exercise(small_bundle(), seed=1)
    seen: list[int] = []
    unsubscribe = ex.subscribe(lambda r: seen.append(r.seq))
    ex.advance(300.0)
    count = len(ex.records)
    assert seen == list(range(1, count))
    unsubscribe()
    ex.advance(300.0)
    assert len(seen) == count - 1 < len(ex.records)


def test_the_alert_fires_after_alert_for_and_renotifies_while_nobody_acknowledges() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(1000.0)
    alerts = [(r.t, r.payload["repeat"]) for r in ex.records if r.kind == "alert"]
    assert alerts == [(204.0, 0), (504.0, 1), (804.0, 2)]
    first = next(r for r in ex.records if r.kind == "alert")
    assert dict(first.payload) == {
        "alert": "ApiErrors",
        "service": "api",
        "metric": "errors",
        "value": 15.0,
        "threshold": 5.0,
        "runbook": "ApiErrors",
        "repeat": 0,
    }


def test_degraded_monitoring_detects_late() -> None:
    ex = Exercise(small_bundle(alert_for=900.0), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(1200.0)
    assert [r.t for r in ex.records if r.kind == "alert"] == [1044.0]


def test_an_alert_stands_down_when_the_metric_recovers_before_alert_for() -> None:
    ex = Exercise(small_bundle(alert_for=900.0), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(300.0)
    ex.act(Join(actor="ann"))
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.ROLLBACK, target="api"))
    ex.run_to_end()
    assert [r for r in ex.records if r.kind == "alert"] == []


def test_timed_and_conditional_injects() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    assert ex.next_event_time() == 60.0
    assert [(p.inject.id, p.due, p.status) for p in ex.pending_injects()] == [
        ("deploy", 60.0, "pending"),
        ("herring", 600.0, "pending"),
        ("nag", 1500.0, "pending"),
        ("rolled", None, "pending"),
    ]
    ex.advance(700.0)
    ex.act(Join(actor="ann"))
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.RESTART, target="api"))
    assert ex.pending_injects()[-1] == PendingInject(ex.bundle.scenario.injects[2], None, "pending")
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.ROLLBACK, target="api"))
    assert ex.next_event_time() == 880.0
    ex.act(PostStatusPage(actor="ann", text="We are looking into errors."))
    ex.run_to_end()
    injects = [(r.t, r.payload["inject_id"]) for r in ex.records if r.kind == "inject"]
    assert injects == [(60.0, "deploy"), (600.0, "herring"), (880.0, "rolled")]
    assert {p.inject.id: p.status for p in ex.pending_injects()} == {
        "deploy": "fired",
        "herring": "fired",
        "rolled": "fired",
        "nag": "skipped",
    }


def test_unless_action_fires_at_its_time_when_the_action_never_happened() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(1600.0)
    nag = next(r for r in ex.records if r.kind == "inject" and r.payload["inject_id"] == "nag")
    assert (nag.t, nag.actor, nag.payload["kind"], nag.payload["text"]) == (
        1500.0,
        "Support",
        "stakeholder_question",
        "status page please",
    )


def test_run_until_next_event_steps_from_inject_to_inject() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.run_until_next_event()
    assert ex.now == 60.0
    assert ex.records[-1].kind == "inject"
    ex.run_until_next_event()
    assert ex.now == 600.0
    assert ex.records[-1].payload["inject_id"] == "herring"
    ex.run_until_next_event()
    assert ex.now == 1500.0
    ex.run_until_next_event()  # nothing pending with a time: to the end
    assert ex.finished
    assert (ex.now, ex.records[-1].kind, ex.records[-1].payload) == (
        3600.0,
        "end",
        {"reason": "time_limit"},
    )


def test_facilitator_fires_delays_skips_and_types_injects() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    assert ex.act(FireInject(actor=FACILITATOR, inject_id="herring")).kind == "action"
    assert ex.records[-1].kind == "inject"
    assert ex.records[-1].payload["inject_id"] == "herring"
    ex.act(DelayInject(actor=FACILITATOR, inject_id="deploy", by=120.0))
    assert ex.next_event_time() == 180.0
    ex.act(SkipInject(actor=FACILITATOR, inject_id="nag"))
    ex.act(AdHocInject(actor=FACILITATOR, sender="sue", channel="chat", text="Is it down?"))
    message = ex.records[-1]
    assert (message.kind, message.actor, message.payload["text"]) == (
        "message",
        "sue",
        "Is it down?",
    )
    ex.act(RevealTruth(actor=FACILITATOR))
    assert ex.state.truth_revealed
    ex.run_to_end()
    assert [r.payload["inject_id"] for r in ex.records if r.kind == "inject"] == [
        "herring",
        "deploy",
    ]
    assert next(r.t for r in ex.records if r.kind == "inject" and r.t > 0) == 180.0


def test_stop_writes_the_end_record_and_closes_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann"), journal_path=path)
    ex.advance(90.5)
    ex.stop()
    assert ex.finished
    assert ex.now == 90.5
    records = read_journal(path)
    assert (records[-1].t, records[-1].kind, dict(records[-1].payload)) == (
        90.5,
        "end",
        {"reason": "stopped"},
    )
    ex.advance(100.0)
    ex.stop()
    late = ex.act(Join(actor="ann"))
    assert (late.kind, late.payload["reason"]) == ("rejected", "the exercise has ended")
    assert read_journal(path) == records
    assert ex.available_actions("ann") == []


def test_advance_stops_at_the_time_limit() -> None:
    ex = Exercise(small_bundle(time_limit=600.0), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(10_000.0)
    assert (ex.now, ex.finished, ex.state.ended) == (600.0, True, "time_limit")
    assert [r.kind for r in ex.records].count("end") == 1


def test_small_steps_add_up_to_the_same_journal_as_one_big_step() -> None:
    one = Exercise(small_bundle(), seed=9, wall_clock=str)
    one.advance(1800.0)
    many = Exercise(small_bundle(), seed=9, wall_clock=str)
    for _ in range(3600):
        many.advance(0.5)
    assert _lines(one.records) == _lines(many.records)


def test_tabletop_simulates_nobody() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.run_to_end()
    assert [r for r in ex.records if r.kind in ("action", "message")] == []
    assert ex.state.ended == "time_limit"


# The whole journal of the small scenario, fully simulated with seed 7: (t, kind, actor,
# detail) where detail is the action name, inject id, paged person or end reason.
WHOLE_TRACE = [
    (0.0, "header", "engine", ""),
    (0.0, "sample", "world", ""),
    (60.0, "inject", "CI", "deploy"),
    (60.0, "sample", "world", ""),
    (120.0, "impact_start", "world", ""),
    (120.0, "sample", "world", ""),
    (180.0, "sample", "world", ""),
    (204.0, "alert", "monitoring", ""),
    (204.0, "page", "pager", "ann"),
    (236.145, "action", "ann", "acknowledge_page"),
    (240.0, "sample", "world", ""),
    (300.0, "sample", "world", ""),
    (305.88, "action", "ann", "declare_incident"),
    (305.88, "action", "ann", "say"),
    (324.464, "action", "ann", "page_person"),
    (324.464, "page", "pager", "bob"),
    (334.082, "action", "ann", "page_person"),
    (334.082, "page", "pager", "cat"),
    (356.894, "action", "ann", "page_person"),
    (356.894, "page", "pager", "eve"),
    (360.0, "sample", "world", ""),
    (368.217, "action", "ann", "open_bridge"),
    (375.975, "action", "ann", "post_status_page"),
    (379.133, "action", "bob", "acknowledge_page"),
    (394.645, "action", "ann", "assign_role"),
    (397.926, "action", "eve", "acknowledge_page"),
    (403.96, "action", "cat", "acknowledge_page"),
    (418.147, "action", "ann", "assign_role"),
    (420.0, "sample", "world", ""),
    (428.069, "action", "ann", "assign_role"),
    (464.644, "action", "ann", "assign_task"),
    (472.671, "action", "eve", "add_note"),
    (480.0, "sample", "world", ""),
    (540.0, "sample", "world", ""),
    (571.316, "action", "cat", "post_update"),
    (574.716, "action", "eve", "add_note"),
    (600.0, "inject", "Grafana", "herring"),
    (600.0, "sample", "world", ""),
    (623.557, "action", "bob", "query_tool"),
    (623.557, "finding", "bob", ""),
    (623.557, "action", "bob", "report_task"),
    (623.557, "action", "bob", "propose_mitigation"),
    (631.865, "action", "ann", "assign_task"),
    (660.0, "sample", "world", ""),
    (675.857, "action", "bob", "apply_mitigation"),
    (675.857, "action", "bob", "report_task"),
    (682.409, "action", "cat", "post_status_page"),
    (688.943, "action", "eve", "add_note"),
    (720.0, "sample", "world", ""),
    (780.0, "sample", "world", ""),
    (840.0, "sample", "world", ""),
    (855.857, "mitigation_effect", "world", ""),
    (855.857, "sample", "world", ""),
    (855.857, "impact_end", "world", ""),
    (855.857, "inject", "CI", "rolled"),
    (871.479, "action", "cat", "post_update"),
    (887.524, "action", "cat", "post_status_page"),
    (892.172, "action", "eve", "add_note"),
    (900.0, "sample", "world", ""),
    (960.0, "sample", "world", ""),
    (1020.0, "sample", "world", ""),
    (1080.0, "sample", "world", ""),
    (1140.0, "sample", "world", ""),
    (1200.0, "sample", "world", ""),
    (1260.0, "sample", "world", ""),
    (1320.0, "sample", "world", ""),
    (1380.0, "sample", "world", ""),
    (1440.0, "sample", "world", ""),
    # resolving opens the wrap-up: the final update and status-page post, then the end
    (1495.709, "action", "ann", "mark_resolved"),
    (1495.709, "message", "engine", ""),
    (1500.0, "sample", "world", ""),
    (1530.065, "action", "cat", "post_update"),
    (1543.574, "action", "cat", "post_status_page"),
    (1543.574, "end", "engine", "resolved"),
]


def _detail(record: Record) -> str:
    if record.kind in ("action", "rejected"):
        return str(record.action)
    key = {"inject": "inject_id", "page": "person", "end": "reason"}.get(record.kind)
    return str(record.payload[key]) if key else ""


def test_whole_trace_of_a_small_scenario() -> None:
    records = run_headless(small_bundle(), seed=7, wall_clock=str)
    assert [(r.t, r.kind, r.actor, _detail(r)) for r in records] == WHOLE_TRACE


def test_the_journal_does_not_depend_on_python_hash_randomisation() -> None:
    """Batch workers and replays run in other processes: set ordering must not leak in."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    code = (
        "from tests.simulator.engine_bundles import small_bundle\n"
        "from simulator.engine import run_headless\n"
        "print(''.join(r.to_json() for r in run_headless(small_bundle(), seed=3, wall_clock=str)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert "".join(_lines(run_headless(small_bundle(), seed=3, wall_clock=str))) in outputs.pop()


def test_the_state_holds_the_latest_sample_of_every_metric_as_written() -> None:
    # repeated samples are not re-folded; a changed one, an int, a -0.0 and a metric that
    # a later sample leaves out are
    samples = [
        {"users": 3, "metrics": {"api.errors": 1.0, "api.latency": 200}},
        {"users": 3, "metrics": {"api.errors": 1.0, "api.latency": 200}},
        {"users": 5, "metrics": {"api.errors": 2.5, "api.latency": 0.0}},
        {"users": 0, "metrics": {"api.latency": -0.0}},
    ]
    state = fold([Record(i, 60.0 * i, "sample", "world", p) for i, p in enumerate(samples)])
    assert state.users_affected == 0
    assert state.metrics == {"api.errors": 2.5, "api.latency": 0.0}
    assert [type(v) for v in state.metrics.values()] == [float, float]
    assert str(state.metrics["api.latency"]) == "-0.0"
