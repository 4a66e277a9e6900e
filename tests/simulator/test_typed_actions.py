"""Reading a journal's actions as the typed classes of simulator.actions."""

from __future__ import annotations

from simulator.actions import ApplyMitigation, AssignTask, PostUpdate
from simulator.journal import Record, taken, typed_action
from simulator.model import Strategy, Tool


def test_typed_action_reads_the_payload_into_its_class() -> None:
    record = Record(3, 60.0, "action", "maria",
                    {"action": "apply_mitigation", "strategy": "rollback", "target": "api"})
    assert typed_action(record) == ApplyMitigation(
        actor="maria", strategy=Strategy.ROLLBACK, target="api"
    )
    assert typed_action(record) is typed_action(record)  # kept on the record


def test_recorded_task_id_is_not_part_of_the_action() -> None:
    record = Record(4, 60.0, "action", "maria", {
        "action": "assign_task", "person": "james", "task": "look", "timebox": 300.0,
        "tool": "logs", "query": "api", "strategy": None, "target": "", "task_id": "T1",
    })
    action = typed_action(record)
    assert isinstance(action, AssignTask)
    assert (action.person, action.tool, action.timebox) == ("james", Tool.LOGS, 300.0)


def test_other_kinds_and_unreadable_payloads_give_none() -> None:
    assert typed_action(Record(1, 0.0, "sample", "world", {"users": 3})) is None
    bad = Record(2, 0.0, "action", "maria", {"action": "apply_mitigation", "strategy": "pray"})
    assert typed_action(bad) is None
    assert typed_action(bad) is None


def test_taken_yields_only_that_kind_in_order() -> None:
    records = [
        Record(1, 1.0, "action", "a", {"action": "post_update", "impact": "x"}),
        Record(2, 2.0, "rejected", "a", {"action": {"action": "post_update"}, "reason": "no"}),
        Record(3, 3.0, "action", "b", {"action": "apply_mitigation", "target": "api"}),
        Record(4, 4.0, "action", "c", {"action": "post_update", "impact": "y"}),
    ]
    got = [(r.seq, u.impact) for r, u in taken(records, PostUpdate)]
    assert got == [(1, "x"), (4, "y")]
