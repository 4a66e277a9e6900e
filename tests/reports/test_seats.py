"""A game day's report and debrief name who held which seat and rate each role's behaviour."""

from __future__ import annotations

from reports.export import render
from reports.scored import score_run
from reports.seats import players_phrase, seat_scores
from reports.viewmodel import build_report
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from tests.simulator.engine.test_seats import BUNDLE, SEATS, play


def names(person: str) -> str:
    person_ = BUNDLE.team.person(person)
    return person_.name if person_ is not None else person


def test_each_seat_is_scored_on_its_roles_and_its_own_records() -> None:
    run = score_run(_records(), BUNDLE)
    ic, comms = seat_scores(run, names)
    assert (ic.player, ic.name, ic.roles_text) == ("Alice", "Maria Okafor", "incident commander")
    assert (comms.player, comms.name, comms.roles_text) == (
        "Bob",
        "Lena Fischer",
        "communications lead",
    )
    ic_ids = [i for i, _title, _rating in ic.objectives]
    comms_ids = [i for i, _title, _rating in comms.objectives]
    assert "TIME-DECLARE" in ic_ids and "MIT-STRATEGY" in ic_ids and "ROLE-COMMS" in ic_ids
    assert not any(i.startswith("COMM-") for i in ic_ids)
    assert "COMM-CADENCE" in comms_ids and "COMM-STATUS-PAGE" in comms_ids
    assert not any(i.startswith(("SEV-", "ESC-")) for i in comms_ids)
    assert all(r in "PSMU" for _i, _t, r in ic.objectives + comms.objectives)
    assert ic.counts.split(", ")[0].endswith(" P")


def test_the_report_names_who_held_which_seat() -> None:
    run = score_run(_records(), BUNDLE)
    scores = seat_scores(run, names)
    model = build_report(run)
    phrase = players_phrase(scores)
    assert phrase.startswith("Alice played Maria Okafor (incident commander; rated ")
    assert " and Bob played Lena Fischer (communications lead; rated " in phrase
    assert model.exercise == (
        f"scenario payments-bad-deploy, team acme-platform, seed 3; a game day: {phrase}; "
        "everyone else simulated"
    )
    markdown = render("md", run.scorecard, model).decode("utf-8")
    assert "Alice played Maria Okafor (incident commander; rated " in markdown
    assert "Bob played Lena Fischer (communications lead; rated " in markdown


def test_a_single_screen_run_has_no_seats() -> None:
    exercise = Exercise(BUNDLE, seed=3, seat=Seat("maria"))
    exercise.run_to_end()
    assert seat_scores(score_run(exercise.records, BUNDLE), names) == []


def _records() -> list[Record]:
    exercise = Exercise(BUNDLE, seed=3, seats=SEATS)
    play(exercise)
    return list(exercise.records)
