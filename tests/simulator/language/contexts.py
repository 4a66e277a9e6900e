"""The two moments the utterance corpus is read at, played on the bundled payments scenario
with the acme-platform team: ``before`` (Maria acknowledged her page; nothing declared) and
``during`` (SEV-2 declared by Maria, who commands; James, Lena, Sam and Tom joined; James has
task T1 on the payments-api logs and proposed rolling back payments-api)."""

from __future__ import annotations

import functools

from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.language import Context
from simulator.loading import load_bundle
from simulator.model import Role, Severity, Strategy, Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


@functools.cache
def payments() -> Bundle:
    """The bundled payments scenario with its team."""
    bundle, _problems = load_bundle(SCENARIO, None)
    assert bundle is not None
    return bundle


def _paged(exercise: Exercise) -> None:
    while "maria" not in exercise.unacked_pages:
        exercise.advance(5)
    exercise.act(A.AcknowledgePage(actor="maria"))


def exercise_before() -> Exercise:
    """Maria (the human) acknowledged her page; nothing is declared."""
    exercise = Exercise(
        payments(), seed=1, seat=Seat("maria", Role.INCIDENT_COMMANDER, tabletop=True)
    )
    _paged(exercise)
    return exercise


def exercise_during() -> Exercise:
    """Declared SEV-2, people in, T1 with James, James's rollback proposal open."""
    exercise = exercise_before()
    exercise.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout failing"))
    for pid in ("james", "lena", "sam", "tom"):
        exercise.act(A.Join(actor=pid))
    exercise.act(
        A.AssignTask(
            actor="maria",
            person="james",
            task="check the payments-api logs",
            tool=Tool.LOGS,
            query="payments-api",
            target="payments-api",
        )
    )
    exercise.act(
        A.ProposeMitigation(
            actor="james",
            strategy=Strategy.ROLLBACK,
            target="payments-api",
            rationale="v2.31.0 went out just before the errors",
        )
    )
    return exercise


@functools.cache
def context(moment: str) -> Context:
    """The reading context at ``moment`` (``before`` or ``during``), Maria typing."""
    exercise = exercise_before() if moment == "before" else exercise_during()
    return Context.of(payments(), exercise.state, "maria")
