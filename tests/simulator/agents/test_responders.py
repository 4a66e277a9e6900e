"""Simulated responders: doctrine by experience, runbooks, reactions to a human commander."""

from __future__ import annotations

import dataclasses
import math
import random
import statistics

from simulator.actions import (
    AcknowledgePage,
    AssignTask,
    DeclareIncident,
    FollowUpTask,
    HandOverCommand,
    PagePerson,
)
from simulator.agents.calibration import PROFILES, is_night, lognormal
from simulator.engine import Exercise, Seat, run_headless
from simulator.journal import Record
from simulator.model import Experience, Role, Severity, Strategy, Tool
from simulator.phases import phase_times
from simulator.vocabulary import mitigation_in
from tests.simulator.engine_bundles import small_bundle


def _names(records: list[Record]) -> list[str]:
    return [str(r.action) for r in records if r.kind == "action"]


def test_a_senior_team_follows_the_doctrine_and_resolves() -> None:
    records = run_headless(small_bundle(), seed=7)
    names = _names(records)
    assert records[-1].payload == {"reason": "resolved"}
    for expected in (
        "acknowledge_page",
        "declare_incident",
        "open_bridge",
        "assign_role",
        "assign_task",
        "query_tool",
        "report_task",
        "propose_mitigation",
        "apply_mitigation",
        "post_update",
        "post_status_page",
        "add_note",
        "mark_resolved",
    ):
        assert expected in names, expected
    paged = {r.payload["person"] for r in records if r.kind == "page"}
    assert {"ann", "bob"} <= paged  # SEV-2: escalation level 2 reached
    assert "dan" not in paged  # level 3 is for SEV-1
    roles = {(r.payload["person"], r.payload["role"]) for r in records if r.action == "assign_role"}
    assert roles == {
        ("bob", "technical_lead"),
        ("cat", "communications_lead"),
        ("eve", "scribe"),
    }
    tasks = [r for r in records if r.action == "assign_task"]
    assert all(r.actor == "ann" and r.payload["timebox"] == 600.0 for r in tasks)  # IC-06
    hands_on = [r for r in records if r.action in ("query_tool", "apply_mitigation")]
    assert all(r.actor != "ann" for r in hands_on)  # IC-01: the IC delegates
    resolved = next(r for r in records if r.action == "mark_resolved")
    assert resolved.payload["metrics_normal"] and resolved.payload["customer_impact_resolved"]
    assert resolved.t > next(r.t for r in records if r.kind == "impact_end")
    # the wrap-up: the final update and status-page post after resolving, then the end
    wrap_up = [r.action for r in records[resolved.seq + 1 :] if r.kind == "action"]
    assert [a for a in wrap_up if a in ("post_update", "post_status_page")] == [
        "post_update",
        "post_status_page",
    ]
    update = next(r for r in records if r.action == "post_update")
    assert set(update.payload) == {
        "action",
        "severity",
        "status",
        "impact",
        "recent_actions",
        "next_steps",
        "eta",
    }


def _resolve_times(**kwargs: object) -> tuple[list[float], int]:
    bundle = small_bundle(**kwargs)
    times = []
    for seed in range(24):
        value = phase_times(run_headless(bundle, seed=seed, wall_clock=str)).time_to_resolve
        if value is not None:
            times.append(value)
    return times, 24 - len(times)


def test_novices_do_measurably_worse_than_seniors() -> None:
    senior, senior_unresolved = _resolve_times()
    novice, novice_unresolved = _resolve_times(experience=Experience.NOVICE)
    assert senior_unresolved <= novice_unresolved
    assert statistics.median(novice) > 1.3 * statistics.median(senior)


def test_a_runbook_for_the_firing_alert_shortens_mitigation() -> None:
    def mitigate(with_runbook: bool) -> float:
        bundle = small_bundle(with_runbook=with_runbook)
        values = [
            phase_times(run_headless(bundle, seed=s, wall_clock=str)).time_to_mitigate
            for s in range(24)
        ]
        return statistics.median(v for v in values if v is not None)

    assert mitigate(True) < mitigate(False)


def test_a_declarer_who_is_not_a_trained_ic_hands_over_command_explicitly() -> None:
    bundle = small_bundle()
    team = bundle.team
    people = tuple(
        dataclasses.replace(p, roles=(Role.TECHNICAL_LEAD,)) if p.id == "ann" else p
        for p in team.people
    )
    bundle = dataclasses.replace(bundle, team=dataclasses.replace(team, people=people))
    handovers = 0
    for seed in range(10):
        records = run_headless(bundle, seed=seed, wall_clock=str)
        hand = [r for r in records if r.action == "hand_over_command"]
        if hand:
            handovers += 1
            assert hand[0].actor == "ann"
            assert hand[0].payload["to"] == "dan"  # the only other trained IC
            assert "declared" in hand[0].payload["briefing"]
    assert handovers >= 8


def _human(seed: int = 4, with_runbook: bool = True) -> Exercise:
    bundle = small_bundle(with_runbook=with_runbook)
    ex = Exercise(bundle, seed=seed, seat=Seat("ann"), wall_clock=str)
    ex.advance(250.0)
    ex.act(AcknowledgePage(actor="ann"))
    ex.act(DeclareIncident(actor="ann", severity=Severity.SEV2, title="API errors"))
    ex.act(PagePerson(actor="ann", person="bob", reason="need the api expert"))
    return ex


def test_with_a_human_ic_responders_check_in_work_report_and_propose() -> None:
    ex = _human()
    ex.advance(600.0)
    assert "bob" in ex.state.joined
    checkin = next(r for r in ex.records if r.kind == "message" and r.actor == "bob")
    assert checkin.payload["text"] == "Bob here, I'm on. I know api. What do you need me on?"
    assert checkin.payload["to"] == "ann"
    task = ex.act(
        AssignTask(actor="ann", person="bob", task="check the logs", tool=Tool.LOGS, query="api")
    )
    task_id = task.payload["task_id"]
    ex.advance(1200.0)
    mine = [r for r in ex.records if r.seq > task.seq and r.actor == "bob"]
    # a task from the human is acknowledged in the channel first (what, and by when)
    ack, *mine = mine
    assert ack.kind == "message"
    assert ack.payload["text"] == "On it: checking logs, back to you within 10 minutes."
    kinds = [(r.kind, r.action) for r in mine]
    assert kinds[:4] == [
        ("action", "query_tool"),
        ("finding", None),
        ("action", "report_task"),
        ("action", "propose_mitigation"),
    ]
    assert mine[1].payload["clue_id"] == "logs-bug"
    assert mine[2].payload == {
        "action": "report_task",
        "task_id": task_id,
        "result": (
            "Condition: V2 throws NPE. Actions: checked logs for “api”. "
            "Needs: a decision on the fix I am about to propose."
        ),
        "done": True,
    }
    ask = mine[4]
    assert ask.kind == "message"
    assert ask.payload["text"].startswith("Ann, I think we should ")
    # nobody decided: after 5 minutes bob asks again (IC-09)
    nudge = [
        r for r in mine if r.kind == "message" and "still need a decision" in r.payload["text"]
    ]
    assert len(nudge) == 1
    assert nudge[0].t == round(mine[3].t + 300.0, 3)
    # no simulated person acted as commander
    assert not [
        r for r in ex.records if r.action in ("assign_role", "post_update") and r.actor != "ann"
    ]


def test_a_responder_asked_to_follow_up_asks_for_more_time() -> None:
    ex = _human(seed=6, with_runbook=False)  # no playbook: the work takes minutes
    ex.advance(600.0)
    task = ex.act(AssignTask(actor="ann", person="bob", task="check tracing", tool=Tool.TRACING))
    ex.advance(20.0)
    ex.act(FollowUpTask(actor="ann", task_id=task.payload["task_id"]))
    ex.advance(120.0)
    answer = next(r for r in ex.records if r.action == "report_task")
    assert answer.actor == "bob"
    assert answer.payload["done"] is False
    assert answer.payload["result"].startswith("still on it, need about ")


def test_stakeholders_ask_for_an_update_when_the_cadence_lapses() -> None:
    ex = _human()
    ex.advance(3000.0)
    asks = [r for r in ex.records if r.kind == "message" and r.actor == "sue"]
    # ignored, the stakeholder asks again ten minutes later, more sharply
    assert len(asks) == 2
    assert asks[1].t == round(asks[0].t + 600.0, 3)
    assert asks[1].payload["text"].startswith("I asked for news and still have nothing")
    declared = ex.state.declared_at or 0.0
    assert asks[0].t == round(declared + 1800.0 + 300.0, 3)
    assert asks[0].payload["text"] == (
        "Any news on API errors? The last update was 35m ago and people are asking me."
    )


def test_calibration_lognormal_medians_and_night_hours() -> None:
    rng = random.Random(3)
    draws = sorted(lognormal(rng, 120.0) for _ in range(4001))
    assert 110.0 < draws[2000] < 130.0
    assert [h for h in range(24) if is_night(h)] == [0, 1, 2, 3, 4, 5, 6, 23]
    senior, novice = PROFILES[Experience.SENIOR], PROFILES[Experience.NOVICE]
    assert senior.ack_median < novice.ack_median
    assert senior.adherence > novice.adherence


def test_lognormal_draws_exactly_what_the_standard_library_draws() -> None:
    # lognormal inlines random.lognormvariate for speed; journals depend on every draw
    ours, theirs = random.Random(11), random.Random(11)
    for median in (0.5, 20.0, 120.0, 3600.0) * 500:
        assert lognormal(ours, median, 0.8) == theirs.lognormvariate(math.log(median), 0.8)
    assert ours.random() == theirs.random()
    assert lognormal(ours, 0.0) == 0.0


def test_a_human_in_another_role_gets_a_simulated_commander() -> None:
    ex = Exercise(small_bundle(), seed=2, seat=Seat("ann", role=Role.SCRIBE), wall_clock=str)
    ex.advance(1200.0)
    pages = [
        (r.t, r.payload["person"], r.payload["reason"]) for r in ex.records if r.kind == "page"
    ]
    assert pages[:2] == [
        (204.0, "ann", "ApiErrors firing on api"),
        (204.0, "dan", "incident commander needed: ApiErrors firing on api"),
    ]
    assert ex.state.declared_by == "dan"
    assert ex.state.commander == "dan"


def test_a_human_commander_can_hand_over_to_a_simulated_one() -> None:
    ex = _human()
    ex.act(PagePerson(actor="ann", person="dan", reason="taking over command"))
    ex.advance(900.0)
    assert ex.state.in_incident("dan")
    record = ex.act(HandOverCommand(actor="ann", to="dan", briefing="errors since v2"))
    assert record.kind == "action"
    ex.advance(900.0)
    assert ex.state.commander == "dan"
    later = [r for r in ex.records if r.seq > record.seq and r.kind == "action"]
    assert later[0].actor == "dan"
    assert (
        later[0].payload["text"]
        == "This is Dan, I am the Incident Commander for this SEV-2 incident."
    )
    assert any(r.actor == "dan" and r.action == "assign_role" for r in later)


def test_a_commander_without_ic_training_hands_command_to_a_trained_one() -> None:
    ex = _human()
    ex.advance(600.0)
    ex.act(HandOverCommand(actor="ann", to="bob", briefing="errors since v2"))
    ex.advance(600.0)
    back = next(r for r in ex.records if r.action == "hand_over_command" and r.actor == "bob")
    assert back.payload["to"] == "ann"  # the only trained IC in the incident (IC-15)
    assert ex.state.commander == "ann"


def test_a_free_text_task_naming_a_strategy_and_service_is_carried_out() -> None:
    ex = _human()
    ex.advance(600.0)
    ex.act(AssignTask(actor="ann", person="bob", task="Please roll back api to v1 now"))
    ex.advance(600.0)
    applied = next(r for r in ex.records if r.action == "apply_mitigation")
    assert (applied.actor, applied.payload["strategy"], applied.payload["target"]) == (
        "bob",
        "rollback",
        "api",
    )
    assert mitigation_in("check the logs", "", ["api"]) is None
    assert mitigation_in("Check whether the api flag is on", "", ["api"]) is None
    assert mitigation_in("restart it", "db", ["api", "db"]) == (Strategy.RESTART, "db")


def test_novices_misjudge_severity_more_often_and_mostly_too_low() -> None:
    def declared(experience: Experience) -> list[str]:
        bundle = small_bundle(experience=experience)
        out = []
        for seed in range(30):
            records = run_headless(bundle, seed=seed, wall_clock=str)
            first = next(r for r in records if r.action == "declare_incident")
            out.append(str(first.payload["severity"]))
        return out

    senior, novice = declared(Experience.SENIOR), declared(Experience.NOVICE)
    assert senior.count("SEV-2") > novice.count("SEV-2")
    assert novice.count("SEV-3") > novice.count("SEV-1")
