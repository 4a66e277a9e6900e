"""The beginner's hints: silent unless turned on; then a nudge before the update cadence lapses,
when no communications lead is named after a SEV-2, and when a time-box runs out."""

from __future__ import annotations

from reports.describe import Namer, describe_record
from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.model import Role, Severity, Tool
from tests.simulator.language.contexts import payments


def _declared(hints: bool) -> Exercise:
    exercise = Exercise(payments(), seed=1, seat=Seat("maria", Role.INCIDENT_COMMANDER))
    if hints:
        assert exercise.act(A.SetHints(actor="maria")).kind == "action"
    while "maria" not in exercise.unacked_pages:
        exercise.advance(5)
    exercise.act(A.AcknowledgePage(actor="maria"))
    exercise.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout"))
    exercise.act(A.PagePerson(actor="maria", person="james"))
    while not exercise.state.in_incident("james"):
        exercise.advance(5)
    exercise.act(
        A.AssignTask(actor="maria", person="james", task="logs", tool=Tool.LOGS, timebox=60)
    )
    return exercise


def _hints(exercise: Exercise) -> list[tuple[float, str]]:
    return [
        (r.t, str(r.payload["text"]))
        for r in exercise.records
        if r.kind == "message" and r.actor == "coach"
    ]


def test_hints_nudge_before_a_rule_is_missed() -> None:
    exercise = _declared(hints=True)
    declared = exercise.state.declared_at
    assert declared is not None
    exercise.advance(1560)
    hints = _hints(exercise)
    assert [text for _t, text in hints] == [
        "Hint: T1's time-box ran out — follow up with its owner (IC-07): “Where are we on T1?”",
        "Hint: nobody is communications lead yet (IC-04): page one and name them, e.g. "
        "“Lena, you're comms lead”.",
        "Hint: no update for 25m; the SEV-2 cadence is every 30m (ORG-01). Say “Post an update”.",
    ]
    assert hints[1][0] == round(declared + 180, 3)
    assert hints[2][0] == round(declared + 1500, 3)
    assert exercise.state.hints
    # the report's timeline says the hints were on
    (turned_on,) = [r for r in exercise.records if r.payload.get("action") == "set_hints"]
    assert describe_record(turned_on, Namer(payments())) == (
        "Maria Okafor turned the beginner's hints on"
    )


def test_without_hints_the_coach_is_silent() -> None:
    exercise = _declared(hints=False)
    exercise.advance(1800)
    assert _hints(exercise) == []
