"""Several human seats in one exercise (a hosted game day): who is simulated, who may act,
what the journal header records, and that replay reproduces the run."""

from __future__ import annotations

import pytest

from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.engine.replay import human_records, replay, same_journal, seat_of, seats_of
from simulator.loading import load_bundle_or_raise
from simulator.model import Role, Severity, Status, Strategy

BUNDLE = load_bundle_or_raise(BUNDLED_DIR / "payments-bad-deploy.yaml")
SEATS = (
    Seat("maria", Role.INCIDENT_COMMANDER, player="Alice"),
    Seat("lena", Role.COMMUNICATIONS_LEAD, player="Bob"),
)


def play(exercise: Exercise) -> None:
    """The IC and the comms lead resolve the payments incident together."""
    exercise.advance(360)
    for action in (
        A.AcknowledgePage(actor="maria"),
        A.DeclareIncident(actor="maria", severity=Severity.SEV2),
        A.Join(actor="lena"),
        A.AssignRole(actor="maria", person="lena", role=Role.COMMUNICATIONS_LEAD),
        A.PostUpdate(
            actor="lena",
            severity=Severity.SEV2,
            status=Status.INVESTIGATING,
            impact="Card payments fail for about one in five customers",
            recent_actions="Declared SEV-2",
            next_steps="Roll back v2.31.0",
            eta="30 minutes",
        ),
        A.ApplyMitigation(actor="maria", strategy=Strategy.ROLLBACK, target="payments-api"),
    ):
        assert exercise.act(action).kind == "action"
    exercise.advance(900)
    for action in (
        A.MarkResolved(
            actor="maria",
            metrics_normal=True,
            no_recurring_errors=True,
            customer_impact_resolved=True,
            stakeholders_notified=True,
            summary="Rolled back",
        ),
        A.PostUpdate(
            actor="lena",
            severity=Severity.SEV2,
            status=Status.RESOLVED,
            impact="None",
            recent_actions="Rolled back",
            next_steps="Post-mortem",
            eta="Resolved",
        ),
        A.PostStatusPage(actor="lena", status=Status.RESOLVED, text="Payments work again."),
    ):
        if not exercise.finished:  # the wrap-up after resolving waits for the notices
            assert exercise.act(action).kind == "action"
    exercise.run_to_end()


def test_every_seat_is_played_by_its_human_and_nobody_else_is() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    assert exercise.seat == SEATS[0]
    assert "maria" not in exercise.simulated and "lena" not in exercise.simulated
    assert len(exercise.simulated) == len(BUNDLE.team.people) - 2
    refused = exercise.act(A.Say(actor="james", text="hello"))
    assert (refused.kind, refused.payload["reason"]) == (
        "rejected",
        "people play maria, lena; james is played by the simulator",
    )
    assert exercise.act(A.Join(actor="lena")).kind == "action"


def test_the_header_names_each_seat_and_its_player_and_replay_reads_them_back() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    header = exercise.records[0]
    assert header.payload["human"] == {
        "actor": "maria",
        "role": "incident_commander",
        "tabletop": False,
    }
    assert header.payload["seats"] == [
        {"actor": "maria", "role": "incident_commander", "player": "Alice"},
        {"actor": "lena", "role": "communications_lead", "player": "Bob"},
    ]
    assert seat_of(header) == Seat("maria", Role.INCIDENT_COMMANDER)
    assert seats_of(header) == SEATS


def test_a_single_seat_header_is_as_it_always_was() -> None:
    header = Exercise(BUNDLE, seed=3, seat=Seat("maria")).records[0]
    assert "seats" not in header.payload
    assert seats_of(header) == (Seat("maria"),)
    assert seats_of(Exercise(BUNDLE, seed=3).records[0]) == ()


def test_two_humans_resolve_the_incident_and_replay_reproduces_it() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    play(exercise)
    assert exercise.state.ended == "resolved"
    records = list(exercise.records)
    actors = {r.actor for r in human_records(records)}
    assert actors == {"maria", "lena"}
    again = replay(records, BUNDLE)
    assert same_journal([r.without_wall() for r in records], again)


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        ((Seat("nobody"),), "seat actor 'nobody' is not in team acme-platform"),
        ((Seat("maria"), Seat("maria", Role.SCRIBE)), "seat actor 'maria' has two seats"),
        (
            (Seat("maria", tabletop=True), Seat("lena")),
            "a tabletop exercise has one seat (the group's screen)",
        ),
    ],
)
def test_bad_seats_are_refused_by_name(seats: tuple[Seat, ...], message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        Exercise(BUNDLE, seed=3, seats=seats)
