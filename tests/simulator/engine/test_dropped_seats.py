"""A game day's dropped seat played by the simulator while its player is away: the stand-in
acts as a simulated person would, stops the moment its human is back, and the journal (with
its ``seat`` records) replays byte for byte."""

from __future__ import annotations

import pytest

from reports.describe import Namer, describe_record
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.engine.replay import human_records, replay, same_journal
from simulator.journal import Record, payload_problem
from simulator.loading import load_bundle_or_raise
from simulator.model import Role, Severity

BUNDLE = load_bundle_or_raise(BUNDLED_DIR / "payments-bad-deploy.yaml")
SEATS = (
    Seat("maria", Role.INCIDENT_COMMANDER, player="Alice"),
    Seat("lena", Role.COMMUNICATIONS_LEAD, player="Bob"),
)


def acts_of(records: list[Record] | tuple[Record, ...], person: str) -> list[str]:
    """The names of ``person``'s journaled actions, in order."""
    return [str(r.payload["action"]) for r in records if r.kind == "action" and r.actor == person]


def comms_lead_named(exercise: Exercise) -> None:
    """Maria declares and names Lena (a human seat) communications lead."""
    exercise.advance(360)
    for action in (
        A.AcknowledgePage(actor="maria"),
        A.DeclareIncident(actor="maria", severity=Severity.SEV2),
        A.Join(actor="lena"),
        A.AssignRole(actor="maria", person="lena", role=Role.COMMUNICATIONS_LEAD),
    ):
        assert exercise.act(action).kind == "action"


def test_a_dropped_comms_lead_is_played_by_the_simulator_until_she_is_back() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    comms_lead_named(exercise)
    handed = exercise.simulate_seat("lena")
    assert (handed.kind, handed.actor, dict(handed.payload)) == (
        "seat",
        "engine",
        {"person": "lena", "by": "simulator"},
    )
    assert payload_problem(handed) is None
    exercise.advance(600)
    away = list(exercise.records[handed.seq :])
    # the stand-in does the comms lead's work: the stakeholder update (and the status page)
    assert "post_update" in acts_of(away, "lena")
    # the absent human cannot act (the simulator plays her); not journaled
    refused = exercise.act(A.Say(actor="lena", text="am I back?"))
    assert refused.kind == "rejected"
    assert refused.payload["reason"] == "the simulator plays lena until their seat is taken back"
    assert exercise.records[-1].seq == refused.seq - 1

    back = exercise.return_seat("lena")
    assert dict(back.payload) == {"person": "lena", "by": "human"}
    exercise.advance(1800)
    # the stand-in's process has stopped: nothing more is done in Lena's name...
    assert acts_of(list(exercise.records[back.seq :]), "lena") == []
    # ...and the human acts again
    assert exercise.act(A.Say(actor="lena", text="Back, catching up")).kind == "action"
    exercise.stop()

    records = list(exercise.records)
    # the stand-in's actions are re-simulated, not replayed as the human's
    assert [r.seq for r in human_records(records) if r.actor == "lena"] == [13, len(records) - 2]
    assert same_journal(records, replay(records, BUNDLE))


def test_the_commanding_human_away_from_the_start_is_played_as_a_simulated_commander() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    exercise.simulate_seat("maria")
    exercise.advance(1000)
    done = acts_of(list(exercise.records), "maria")
    # she answers her page, then triages and declares as a simulated commander would
    assert done[:3] == ["acknowledge_page", "declare_incident", "say"]
    assert "post_update" in done and "assign_role" in done
    back = exercise.return_seat("maria")
    exercise.advance(1800)
    assert acts_of(list(exercise.records[back.seq :]), "maria") == []
    exercise.stop()
    records = list(exercise.records)
    assert same_journal(records, replay(records, BUNDLE))


def test_what_the_stand_in_planned_before_the_human_came_back_is_dropped() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    exercise.simulate_seat("maria")
    exercise.advance(330)  # paged at 327 s: the stand-in will pick up in a minute or so
    assert "maria" in exercise.unacked_pages
    exercise.return_seat("maria")
    exercise.advance(600)
    assert acts_of(list(exercise.records), "maria") == []
    assert "maria" in exercise.unacked_pages  # the page waits for the human
    assert exercise.act(A.AcknowledgePage(actor="maria")).kind == "action"
    exercise.stop()
    records = list(exercise.records)
    assert same_journal(records, replay(records, BUNDLE))


def test_handing_seats_over_refuses_what_makes_no_sense() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    with pytest.raises(ValueError, match="james is not a human seat of this exercise"):
        exercise.simulate_seat("james")
    with pytest.raises(ValueError, match="the simulator does not play lena"):
        exercise.return_seat("lena")
    exercise.simulate_seat("lena")
    with pytest.raises(ValueError, match="the simulator already plays lena"):
        exercise.simulate_seat("lena")
    exercise.stop()
    with pytest.raises(ValueError, match="the exercise has ended"):
        exercise.return_seat("lena")


def test_the_hand_over_reads_as_a_sentence_in_the_timeline() -> None:
    namer = Namer(BUNDLE)
    away = Record(20, 360.0, "seat", "engine", {"person": "lena", "by": "simulator"})
    back = Record(40, 960.0, "seat", "engine", {"person": "lena", "by": "human"})
    assert describe_record(away, namer) == (
        "Lena Fischer's seat dropped: the simulator plays them until they return"
    )
    assert describe_record(back, namer) == "Lena Fischer is back and plays their own seat again"


def test_the_debrief_says_how_long_the_simulator_stood_in_for_a_seat() -> None:
    from reports.scored import score_run
    from reports.seats import seat_scores

    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    comms_lead_named(exercise)
    exercise.simulate_seat("lena")
    exercise.advance(600)
    exercise.return_seat("lena")
    exercise.stop()

    def name(person: str) -> str:
        found = BUNDLE.team.person(person)
        return found.name if found is not None else person

    ic, comms = seat_scores(score_run(exercise.records, BUNDLE), name)
    assert (ic.stood_in, comms.stood_in) == (0.0, 600.0)
    assert "; the simulator" not in ic.sentence()
    assert comms.sentence().startswith("Bob played Lena Fischer (communications lead; rated ")
    assert comms.sentence().endswith(
        "; the simulator played them for 10 minutes while they were away)"
    )


def test_a_seat_that_drops_again_is_taken_over_again_and_replays() -> None:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    exercise.simulate_seat("maria")
    exercise.advance(330)
    exercise.return_seat("maria")
    exercise.advance(10)
    exercise.simulate_seat("maria")  # dropped again: the stand-in picks up the page
    exercise.advance(900)
    assert acts_of(list(exercise.records), "maria")[:2] == ["acknowledge_page", "declare_incident"]
    assert acts_of(list(exercise.records), "maria").count("acknowledge_page") == 1
    exercise.stop()
    records = list(exercise.records)
    assert [dict(r.payload)["by"] for r in records if r.kind == "seat"] == [
        "simulator",
        "human",
        "simulator",
    ]
    assert same_journal(records, replay(records, BUNDLE))
