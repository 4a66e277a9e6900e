"""An interrupted run (a journal with no ``end`` record: a killed app or run) is rated only on
what it could still be rated on: what was still to do when it stopped is N/A with the reason,
and what was already too late stays U."""

from __future__ import annotations

from reports.markdown import render_markdown
from reports.scored import score_run
from reports.viewmodel import build_report, headline
from simulator.journal import Record
from simulator.scoring import Rating, score
from tests.fixtures.journals.builder import J, fixture_bundle

REASON = "the exercise was interrupted at T+00:23:10 (14:25)"


def cut_before_resolving() -> J:
    """Detected at 1m, acknowledged and declared SEV-2, nothing more; stopped at 23m10s."""
    j = J().detected(0, 60).declare(100).act(130, "maria", "acknowledge_page")
    return j.add(1390, "status_tick")


def ratings(records: list[Record]) -> dict[str, str]:
    card = score(records, fixture_bundle())
    return {o.id: o.rating.value for o in card.objectives}


def test_an_interrupted_run_is_not_rated_u_for_what_it_could_still_do() -> None:
    got = ratings(cut_before_resolving().cut())
    assert got == {
        "TIME-MTTD": "P",
        "TIME-MTTA": "P",
        "TIME-DECLARE": "P",
        "TIME-MITIGATE": "N/A",
        "TIME-RESOLVE": "N/A",
        "SEV-CLASS": "P",
        "SEV-RECLASS": "P",
        "ROLE-IC": "P",
        # 5 minutes after declaring had long passed: too late already, the U stands
        "ROLE-COMMS": "U",
        "ROLE-SCRIBE": "U",
        "ROLE-DELEGATE": "P",
        "ROLE-TASKS": "N/A",
        "ROLE-FOLLOWUP": "N/A",
        "ROLE-HANDOVER": "N/A",
        "COMM-CADENCE": "P",
        "COMM-COMPLETE": "U",
        "COMM-STATUS-PAGE": "U",
        "COMM-PLAIN": "N/A",
        "ESC-LEVEL": "N/A",
        "ESC-LEADERSHIP": "N/A",
        "ESC-BRIDGE": "U",
        "MIT-FIRST": "N/A",
        "MIT-STRATEGY": "N/A",
        "MIT-WRONG": "N/A",
        "RES-AFTER-IMPACT": "N/A",
        "RES-CHECKLIST": "N/A",
        "RES-STAKEHOLDERS": "N/A",
        "OBJ-ACK": "P",
        "OBJ-ROLLBACK": "N/A",
        "OBJ-NO-FAILOVER": "P",
    }


def test_the_same_journal_finished_is_rated_u_for_not_resolving() -> None:
    got = ratings(cut_before_resolving().records)
    assert [k for k, v in got.items() if v == "U"] == [
        "TIME-MITIGATE",
        "TIME-RESOLVE",
        "ROLE-COMMS",
        "ROLE-SCRIBE",
        "COMM-COMPLETE",
        "COMM-STATUS-PAGE",
        "ESC-LEVEL",
        "ESC-BRIDGE",
        "MIT-FIRST",
        "MIT-STRATEGY",
        "RES-AFTER-IMPACT",
        "RES-CHECKLIST",
        "RES-STAKEHOLDERS",
        "OBJ-ROLLBACK",
    ]


def test_the_not_applicable_objective_says_why() -> None:
    card = score(cut_before_resolving().cut(), fixture_bundle())
    resolve = card.objective("TIME-RESOLVE")
    assert (resolve.rating, resolve.score) == (Rating.NA, None)
    assert resolve.measured_text == f"never resolved ({REASON})"
    assert resolve.notes[0] == f"Not rated: {REASON}, before this could be done."
    assert card.notes[-1] == (
        "The exercise was interrupted at T+00:23:10 (14:25) (the journal has no end record): "
        "what was still to do then is not rated."
    )
    assert card.objective("COMM-STATUS-PAGE").measured_text == "no status-page post"


def test_a_finished_run_says_nothing_of_an_interruption() -> None:
    card = score(cut_before_resolving().records, fixture_bundle())
    assert not any("interrupted" in n for n in card.notes)
    assert card.objective("TIME-RESOLVE").measured_text == "never resolved"


def test_the_report_headline_and_summary_say_interrupted() -> None:
    run = score_run(cut_before_resolving().cut(), fixture_bundle())
    assert headline(run) == "Exercise interrupted at T+00:23:10 (14:25)"
    model = build_report(run)
    assert model.headline == "Exercise interrupted at T+00:23:10 (14:25)"
    assert model.summary.endswith(
        "Exercise interrupted at T+00:23:10 (14:25), before the incident was resolved."
    )
    lines = render_markdown(model).splitlines()
    assert (
        "**Exercise interrupted at T+00:23:10 (14:25)** (the journal has no end record: what "
        "was still to do then is not rated)"
    ) in lines


def test_a_finished_report_has_no_interruption_line() -> None:
    run = score_run(cut_before_resolving().records, fixture_bundle())
    assert headline(run) == "Exercise over — time limit"
    text = render_markdown(build_report(run))
    assert "interrupted" not in text
    assert "It was not resolved by the end (14:25)." in text


def test_without_a_clock_start_the_time_is_t_plus_only() -> None:
    j = J(clock_start=None).detected(0, 60).declare(100).add(1390, "status_tick")
    run = score_run(j.cut(), fixture_bundle())
    assert headline(run) == "Exercise interrupted at T+00:23:10"
    assert score(j.cut(), fixture_bundle()).objective("TIME-RESOLVE").measured_text == (
        "never resolved (the exercise was interrupted at T+00:23:10)"
    )
