"""Replay reproduces a journal from its human actions; journal invariants hold for any play."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.actions import (
    FACILITATOR,
    AcknowledgePage,
    Action,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    FacilitatorNote,
    FireInject,
    HandOverCommand,
    Join,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    QueryTool,
    SetSeverity,
)
from simulator.engine import Exercise, Seat, run_headless
from simulator.engine.replay import ReplayError, human_records, replay, same_journal
from simulator.journal import Record, read_journal
from simulator.model import EXCLUSIVE_ROLES, Role, Severity, Strategy, Tool
from simulator.state import IncidentState
from tests.simulator.engine_bundles import small_bundle


def check_invariants(records: Sequence[Record]) -> None:
    """Time-ordered, nobody acts before being paged or joining, no exclusive role held twice."""
    state = IncidentState()
    last = 0.0
    for index, record in enumerate(records):
        assert record.seq == index
        assert record.t >= last, f"record {index} goes back in time"
        last = record.t
        if record.kind == "action" and record.actor != FACILITATOR:
            name = record.action
            if name == "acknowledge_page":
                assert record.actor in state.paged, f"{record.actor} acknowledged unpaged"
            elif name != "join":
                assert state.in_incident(record.actor), f"{record.actor} acted before joining"
        state.apply(record)
        for role in EXCLUSIVE_ROLES:
            assert len(state.holders(role)) <= 1, f"{role} held by {state.holders(role)}"


def test_a_human_commanders_journal_replays_exactly(tmp_path: Path) -> None:
    bundle = small_bundle()
    path = tmp_path / "journal.jsonl"
    ex = Exercise(bundle, seed=11, seat=Seat("ann"), journal_path=path)
    ex.advance(203.7)
    ex.advance(47.25)
    ex.act(AcknowledgePage(actor="ann"))
    ex.act(DeclareIncident(actor="ann", severity=Severity.SEV3, title="errors"))
    ex.act(PagePerson(actor="ann", person="bob"))
    ex.act(PagePerson(actor="ann", person="zed"))  # rejected, and replayed as rejected
    ex.run_until_next_event()
    ex.act(SetSeverity(actor="ann", severity=Severity.SEV2))
    ex.advance(33.333)
    ex.act(AssignTask(actor="ann", person="bob", task="logs", tool=Tool.LOGS, query="api error"))
    ex.act(FacilitatorNote(actor=FACILITATOR, text="good call"))
    for _ in range(40):
        ex.advance(7.5)
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.ROLLBACK, target="api"))
    ex.run_until_next_event()
    ex.act(PostUpdate(actor="ann", severity=Severity.SEV2))
    ex.advance(615.1)
    ex.stop()
    journal = read_journal(path)
    assert [r.action for r in human_records(journal)] == [
        "acknowledge_page",
        "declare_incident",
        "page_person",
        "page_person",
        "set_severity",
        "assign_task",
        "facilitator_note",
        "apply_mitigation",
        "post_update",
    ]
    again = replay(journal, bundle)
    assert same_journal(again, journal)
    check_invariants(journal)


def test_a_fully_simulated_run_with_facilitator_injects_replays_exactly() -> None:
    bundle = small_bundle()
    ex = Exercise(bundle, seed=3)
    ex.advance(100.0)
    ex.act(FireInject(actor=FACILITATOR, inject_id="herring"))
    ex.run_to_end()
    assert same_journal(replay(list(ex.records), bundle), ex.records)


def test_a_tabletop_replays_every_recorded_decision() -> None:
    bundle = small_bundle()
    ex = Exercise(bundle, seed=3, seat=Seat("ann", tabletop=True))
    ex.advance(250.0)
    for action in (
        AcknowledgePage(actor="ann"),
        DeclareIncident(actor="ann", severity=Severity.SEV2),
        Join(actor="bob"),
        AssignRole(actor="ann", person="bob", role=Role.TECHNICAL_LEAD),
        QueryTool(actor="bob", tool=Tool.DEPLOY_HISTORY),
        AddNote(actor="bob", text="v2 went out at 00:01"),
    ):
        assert ex.act(action).kind == "action"
    ex.advance(600.0)
    ex.act(ApplyMitigation(actor="bob", strategy=Strategy.ROLLBACK, target="api"))
    ex.advance(600.0)
    ex.act(MarkResolved(actor="ann", metrics_normal=True))
    assert same_journal(replay(list(ex.records), bundle), ex.records)


def test_replay_refuses_a_journal_of_other_files() -> None:
    bundle = small_bundle()
    records = run_headless(bundle, seed=1)
    changed = dataclasses.replace(bundle, hashes={"scenario": "0" * 64, "team": "t" * 64})
    with pytest.raises(ReplayError, match=r"the scenario file changed since the journal"):
        replay(records, changed)
    other = dataclasses.replace(bundle, scenario=dataclasses.replace(bundle.scenario, id="other"))
    with pytest.raises(ReplayError, match="the journal is of scenario 'small', not 'other'"):
        replay(records, other)
    with pytest.raises(ReplayError, match="the journal is empty"):
        replay([], bundle)


# ------------------------------------------------------------------ properties

PEOPLE = ("ann", "bob", "cat", "dan", "eve", "zed")
CHOICES: list[Action] = [
    AcknowledgePage(actor="ann"),
    Join(actor="ann"),
    Join(actor="bob"),
    DeclareIncident(actor="ann", severity=Severity.SEV1),
    DeclareIncident(actor="bob", severity=Severity.SEV3),
    OpenBridge(actor="ann"),
    Escalate(actor="ann", level=3),
    MarkResolved(actor="ann"),
    PostStatusPage(actor="ann", text="Looking into it."),
    FireInject(actor=FACILITATOR, inject_id="herring"),
    FireInject(actor=FACILITATOR, inject_id="rolled"),
    *(PagePerson(actor="ann", person=p) for p in PEOPLE),
    *(HandOverCommand(actor="ann", to=p) for p in PEOPLE),
    *(
        AssignRole(actor=a, person=p, role=r)
        for a in ("ann", "bob")
        for p in PEOPLE[:5]
        for r in (Role.TECHNICAL_LEAD, Role.COMMUNICATIONS_LEAD, Role.INCIDENT_COMMANDER)
    ),
    *(AssignTask(actor="ann", person=p, task="look", tool=Tool.LOGS, query="api") for p in PEOPLE),
    *(
        ApplyMitigation(actor="ann", strategy=s, target=t)
        for s in (Strategy.ROLLBACK, Strategy.RESTART)
        for t in ("api", "db", "web")
    ),
]
STEP = st.one_of(
    st.tuples(st.just("advance"), st.floats(min_value=0.001, max_value=400.0)),
    st.tuples(st.just("next"), st.none()),
    st.tuples(st.just("act"), st.sampled_from(CHOICES)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), steps=st.lists(STEP, max_size=25), stop=st.booleans())
def test_any_human_play_keeps_the_invariants_and_replays(
    seed: int, steps: list[tuple[str, object]], stop: bool
) -> None:
    bundle = small_bundle()
    ex = Exercise(bundle, seed=seed, seat=Seat("ann"), wall_clock=str)
    for kind, arg in steps:
        if kind == "advance":
            ex.advance(float(arg))  # type: ignore[arg-type]
        elif kind == "next":
            ex.run_until_next_event()
        else:
            ex.act(arg)  # type: ignore[arg-type]
    if stop:
        ex.stop()
    else:
        ex.run_to_end()
    check_invariants(ex.records)
    assert same_journal(replay(list(ex.records), bundle), ex.records)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_any_fully_simulated_run_keeps_the_invariants(seed: int) -> None:
    check_invariants(run_headless(small_bundle(), seed=seed, wall_clock=str))
