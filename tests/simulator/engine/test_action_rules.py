"""Invalid actions are rejected with a reason, recorded, and change nothing."""

from __future__ import annotations

import pytest

from simulator.actions import (
    FACILITATOR,
    AcknowledgePage,
    Action,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    DelayInject,
    Escalate,
    FireInject,
    FollowUpTask,
    HandOverCommand,
    Join,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    QueryTool,
    ReportTask,
    SetSeverity,
)
from simulator.engine import Exercise, Seat
from simulator.model import Role, Severity, Status, Strategy
from simulator.state import fold
from tests.simulator.engine_bundles import small_bundle


def _exercise(declared: bool) -> Exercise:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann", tabletop=True), wall_clock=str)
    ex.advance(250.0)
    assert ex.act(AcknowledgePage(actor="ann")).kind == "action"
    if declared:
        assert ex.act(DeclareIncident(actor="ann", severity=Severity.SEV2)).kind == "action"
        assert ex.act(OpenBridge(actor="ann")).kind == "action"
        assert ex.act(Join(actor="bob")).kind == "action"
        assert ex.act(AssignTask(actor="ann", person="bob", task="check logs")).kind == "action"
    return ex


BEFORE_DECLARING: list[tuple[Action, str]] = [
    (Join(actor="zed"), "'zed' is not a member of team small-team"),
    (Join(actor="ann"), "ann has already joined the incident"),
    (AcknowledgePage(actor="ann"), "ann has already acknowledged every page"),
    (AcknowledgePage(actor="bob"), "bob has not been paged"),
    (SetSeverity(actor="ann"), "set_severity: the incident has not been declared yet"),
    (MarkResolved(actor="ann"), "mark_resolved: the incident has not been declared yet"),
    (
        HandOverCommand(actor="ann", to="dan"),
        "hand_over_command: the incident has not been declared yet",
    ),
    (
        ApplyMitigation(actor="ann", strategy=Strategy.ROLLBACK, target="apii"),
        "unknown service 'apii' (did you mean 'api'?)",
    ),
    (
        AssignRole(actor="ann", person="bob", role=Role.TECHNICAL_LEAD),
        "bob has not joined the incident; page them first",
    ),
    (
        AssignTask(actor="ann", person="bob", task="x"),
        "bob has not joined the incident; page them first",
    ),
    (
        AssignTask(actor="ann", person="bobby", task="x"),
        "unknown person 'bobby' (did you mean 'bob'?)",
    ),
    (FollowUpTask(actor="ann", task_id="T9"), "unknown task 'T9'; open tasks: none"),
    (Escalate(actor="ann", level=4), "no escalation level 4; the policy has levels 1, 2, 3"),
    (PagePerson(actor="ann", person="ann"), "ann cannot page themselves"),
    (PagePerson(actor="ann", person="zoe"), "unknown person 'zoe'"),
    (
        FireInject(actor="ann", inject_id="deploy"),
        "fire_inject is a facilitator action; ann cannot take it",
    ),
    (
        FireInject(actor=FACILITATOR, inject_id="deplyo"),
        "unknown inject 'deplyo' (did you mean 'deploy'?)",
    ),
    (
        Join(actor=FACILITATOR),
        "the facilitator records join as the player who decided it, not as 'facilitator'",
    ),
    (AddNote(actor="ann", text="  "), "add_note needs some text"),
    (
        DelayInject(actor=FACILITATOR, inject_id="rolled"),
        "inject rolled has no time yet: it waits for its condition; fire or skip it instead",
    ),
]

AFTER_DECLARING: list[tuple[Action, str]] = [
    (
        DeclareIncident(actor="ann"),
        "the incident was already declared at 00:04:10 by ann as SEV-2; use set_severity to "
        "re-classify",
    ),
    (SetSeverity(actor="ann", severity=Severity.SEV2), "the incident is already SEV-2"),
    (
        AssignRole(actor="ann", person="ann", role=Role.TECHNICAL_LEAD),
        "the incident commander cannot hold another role at the same time (IC-02); hand over "
        "command first",
    ),
    (
        AssignRole(actor="bob", person="bob", role=Role.TECHNICAL_LEAD),
        "only the incident commander (ann) assigns roles",
    ),
    (
        AssignRole(actor="ann", person="bob", role=Role.INCIDENT_COMMANDER),
        "ann is the incident commander; use hand_over_command to change it",
    ),
    (HandOverCommand(actor="ann", to="ann"), "ann is already the incident commander"),
    (
        HandOverCommand(actor="bob", to="bob"),
        "only the incident commander (ann) can hand over command",
    ),
    (HandOverCommand(actor="ann", to="cat"), "cat has not joined the incident; page them first"),
    (OpenBridge(actor="ann"), "the bridge is already open (since 00:04:10)"),
    (ReportTask(actor="ann", task_id="T1"), "task T1 is assigned to bob, not ann"),
    (
        AssignTask(actor="ann", person="bob", task="x", timebox=0.0),
        "the time-box must be positive, got 0 s",
    ),
    (
        AssignTask(actor="ann", person="bob", strategy=Strategy.ROLLBACK, target=""),
        "no target service given",
    ),
]


@pytest.mark.parametrize(
    ("declared", "action", "reason"),
    [(False, a, r) for a, r in BEFORE_DECLARING] + [(True, a, r) for a, r in AFTER_DECLARING],
    ids=lambda v: getattr(v, "name", None) if isinstance(v, Action) else None,
)
def test_an_invalid_action_is_rejected_recorded_and_changes_nothing(
    declared: bool, action: Action, reason: str
) -> None:
    ex = _exercise(declared)
    before = fold(list(ex.records))
    count = len(ex.records)
    record = ex.act(action)
    assert record.kind == "rejected"
    assert dict(record.payload) == {"action": _plain(action), "reason": reason}
    assert list(ex.records[count:]) == [record]
    assert ex.state.rejected[-1] == record
    ex.state.rejected.pop()
    assert ex.state == before


def test_nobody_acts_before_joining_but_the_room_records_a_decision_as_joining() -> None:
    ex = _exercise(declared=False)
    refused = ex.act_simulated(QueryTool(actor="bob"))
    assert refused.kind == "rejected"
    assert refused.payload["reason"] == (
        "bob has not acknowledged a page or joined the incident yet"
    )
    # a tabletop records the room's decision as bob: bob joins first
    count = len(ex.records)
    assert ex.act(QueryTool(actor="bob")).kind == "action"
    assert [(r.kind, r.actor, r.payload.get("action")) for r in ex.records[count : count + 2]] == [
        ("action", "bob", "join"),
        ("action", "bob", "query_tool"),
    ]


def _plain(action: Action) -> dict[str, object]:
    payload = action.to_payload()
    return {k: getattr(v, "value", v) for k, v in payload.items()}


def test_available_actions_follow_the_state() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann"), wall_clock=str)
    assert ex.available_actions("ann") == ["join"]
    ex.advance(250.0)
    assert ex.available_actions("ann") == ["acknowledge_page", "join"]
    ex.act(AcknowledgePage(actor="ann"))
    names = ex.available_actions("ann")
    assert "declare_incident" in names
    assert not {"set_severity", "post_update", "mark_resolved", "report_task"} & set(names)
    ex.act(DeclareIncident(actor="ann", severity=Severity.SEV2))
    names = ex.available_actions("ann")
    assert "declare_incident" not in names
    assert {"set_severity", "post_update", "mark_resolved", "assign_task"} <= set(names)
    assert ex.available_actions("nobody") == []
    assert ex.available_actions(FACILITATOR) == [
        "fire_inject",
        "delay_inject",
        "skip_inject",
        "adhoc_inject",
        "facilitator_note",
        "reveal_truth",
    ]


def test_declaring_makes_the_declarer_incident_commander_and_resolving_opens_the_wrap_up() -> None:
    ex = _exercise(declared=True)
    assert ex.state.commander == "ann"
    resolved = ex.act(MarkResolved(actor="ann", summary="done"))
    assert resolved.kind == "action"
    assert not ex.finished  # the final notices come first (simulator.engine.wrapup)
    assert ex.records[-1].kind == "message"
    ex.act(PostUpdate(actor="ann", severity=Severity.SEV2, status=Status.RESOLVED))
    ex.act(PostStatusPage(actor="ann", status=Status.RESOLVED, text="All good again."))
    assert ex.finished
    assert ex.records[-1].kind == "end"
    assert ex.records[-1].payload == {"reason": "resolved"}
    assert ex.records[-1].t == resolved.t


def test_the_human_only_plays_their_seat_and_the_facilitator() -> None:
    ex = Exercise(small_bundle(), seed=1, seat=Seat("ann"), wall_clock=str)
    count = len(ex.records)
    refused = ex.act(Join(actor="bob"))
    assert (refused.kind, refused.payload["reason"]) == (
        "rejected",
        "you play ann; bob is played by the simulator",
    )
    watch = Exercise(small_bundle(), seed=1, wall_clock=str)
    assert watch.act(Join(actor="ann")).payload["reason"] == (
        "everyone is simulated in this run; ann cannot be played"
    )
    assert len(ex.records) == count  # not part of the exercise: not journaled
    assert ex.act(Join(actor="ann")).kind == "action"
