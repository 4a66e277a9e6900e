"""Simulated people answer what the human commander says in the channel: a refusal with its
reason, a clarifying question, where things stand, a task acknowledged, a proposal acted on."""

from __future__ import annotations

from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.model import Role, Severity, Strategy
from tests.simulator.language.contexts import payments


def _ic() -> Exercise:
    exercise = Exercise(payments(), seed=1, seat=Seat("maria", Role.INCIDENT_COMMANDER))
    while "maria" not in exercise.unacked_pages:
        exercise.advance(5)
    exercise.act(A.AcknowledgePage(actor="maria"))
    exercise.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout"))
    return exercise


def _said(exercise: Exercise, person: str, since: int) -> list[str]:
    return [
        str(r.payload["text"])
        for r in exercise.records[since:]
        if r.kind == "message" and r.actor == person
    ]


def test_someone_not_in_the_incident_says_so_and_a_page_cancels_it() -> None:
    exercise = _ic()
    mark = len(exercise.records)
    exercise.act(A.Say(actor="maria", text="Tom, can you look at postgres-payments?"))
    exercise.advance(300)
    assert _said(exercise, "tom", mark) == ["Maria, I'm not in the incident yet — page me?"]
    # paged in the same message: no refusal
    mark = len(exercise.records)
    exercise.act(A.Say(actor="maria", text="Noor, check the logs"))
    exercise.act(A.PagePerson(actor="maria", person="noor", reason="logs"))
    exercise.advance(120)
    assert "Maria, I'm not in the incident yet — page me?" not in _said(exercise, "noor", mark)


def test_a_vague_question_gets_a_clarifying_question_and_status_gets_the_picture() -> None:
    exercise = _ic()
    exercise.act(A.PagePerson(actor="maria", person="james", reason="payments"))
    while not exercise.state.in_incident("james"):
        exercise.advance(10)
    mark = len(exercise.records)
    exercise.act(A.Say(actor="maria", text="James, thoughts?"))
    exercise.advance(300)
    assert (
        "Sorry Maria, what do you need from me exactly? Tell me the service and whether to "
        "look at logs, metrics, traces or deploys."
    ) in _said(exercise, "james", mark)
    mark = len(exercise.records)
    exercise.act(A.Say(actor="maria", text="James, what's the status?"))
    exercise.advance(300)
    (answer,) = _said(exercise, "james", mark)
    assert answer.startswith("We're investigating; about ") and "users affected" in answer


def test_a_role_is_acknowledged_and_a_fix_that_made_it_worse_is_reported() -> None:
    exercise = _ic()
    exercise.act(A.PagePerson(actor="maria", person="tom", reason="database"))
    while not exercise.state.in_incident("tom"):
        exercise.advance(10)
    mark = len(exercise.records)
    exercise.act(A.AssignRole(actor="maria", person="tom", role=Role.TECHNICAL_LEAD))
    exercise.act(
        A.AssignTask(
            actor="maria",
            person="tom",
            task="fail over postgres-payments",
            strategy=Strategy.FAILOVER,
            target="postgres-payments",
        )
    )
    exercise.advance(900)
    said = _said(exercise, "tom", mark)
    assert sorted(said[:2]) == [
        "Got it, I'm technical lead.",
        "On it: I'll fail over postgres-payments now.",
    ]
    # the failover made it worse: Tom notices and says so
    assert said[2:] == [
        "Heads up: the failover of postgres-payments made it worse. 11,214 users still "
        "affected. We should undo it or try something else."
    ]
