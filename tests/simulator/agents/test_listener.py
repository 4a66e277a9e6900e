"""Simulated people answer what the human commander says in the channel: a refusal with its
reason, a clarifying question, where things stand, a task acknowledged, a proposal acted on."""

from __future__ import annotations

from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.model import Role, Severity
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
