"""Ratings a trainee can earn and that mean what they say (issue 11), on hand-built journals
and on real engine runs: notices after resolving, roles named once someone can take them,
premature resolution, worsening and relapsed mitigations, how each target was set, and a
scripted best play of every bundled scenario rated P on every applicable objective."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from scenarios import BUNDLED_DIR
from simulator.actions import Action, action_from_payload
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from simulator.scoring import Rating, score
from simulator.scoring.card import ObjectiveResult
from tests.fixtures.journals.builder import J, fixture_bundle
from tests.simulator.scoring.best_play import best_play

P, S, M, U, NA = Rating.P, Rating.S, Rating.M, Rating.U, Rating.NA
SCENARIOS = sorted(BUNDLED_DIR.glob("*.yaml"))


def result(records: list[Record], oid: str) -> ObjectiveResult:
    return score(records, fixture_bundle()).objective(oid)


def resolved_update(j: J, t: float, actor: str = "lena") -> J:
    return j.act(
        t,
        actor,
        "post_update",
        severity="SEV-2",
        status="Resolved",
        impact="None",
        recent_actions="Rolled back",
        next_steps="Post-mortem",
        eta="Resolved",
    )


# ------------------------------------------------------------------ notices after resolving


def test_notices_posted_in_the_wrap_up_after_resolving_rate_p() -> None:
    j = J().detected(0, 60).declare(100).add(1000, "impact_end")
    j.act(
        1100,
        "maria",
        "mark_resolved",
        metrics_normal=True,
        no_recurring_errors=True,
        customer_impact_resolved=True,
        stakeholders_notified=False,
    )
    resolved_update(j, 1400).act(1500, "lena", "post_status_page", status="Resolved", text="Ok")
    stakeholders = result(j.records, "RES-STAKEHOLDERS")
    assert (stakeholders.rating, stakeholders.measured_text) == (
        P,
        "2 of 2 resolution notices sent",
    )
    checklist = result(j.records, "RES-CHECKLIST")
    assert (checklist.rating, checklist.measured_text, checklist.notes) == (
        P,
        "4 of 4 checked",
        ("Stakeholders notified: by the final internal update at 14:25 (the wrap-up after "
         "resolving).",),
    )  # fmt: skip


def test_a_notice_after_the_wrap_up_does_not_confirm_the_checklist() -> None:
    j = J().detected(0, 60).declare(100).add(1000, "impact_end")
    j.act(1100, "maria", "mark_resolved", metrics_normal=True, no_recurring_errors=True,
          customer_impact_resolved=True)  # fmt: skip
    resolved_update(j, 1100 + 901)
    assert result(j.records, "RES-CHECKLIST").rating is S


def test_resolving_opens_a_wrap_up_the_engine_run_counts_honestly() -> None:
    bundle = fixture_bundle()
    ex = Exercise(bundle, seed=1, seat=Seat("maria"), wall_clock=lambda: "")
    while "maria" not in ex.unacked_pages:
        ex.advance(10)
    ex.act(_action("acknowledge_page", "maria"))
    ex.act(_action("declare_incident", "maria", severity="SEV-2", title="Checkout"))
    resolved = ex.act(_action("mark_resolved", "maria"))
    assert resolved.kind == "action" and not ex.finished
    message = ex.records[-1]
    assert (message.kind, message.actor, message.payload["text"]) == (
        "message",
        "engine",
        "Incident marked resolved. Wrap-up before the exercise ends: post the final internal "
        "update (status Resolved) to responders and stakeholders and the final status-page "
        "post (status Resolved) for customers. The exercise ends when they are posted, or at "
        f"{_clock(ex, resolved.t + 900)}.",
    )
    ex.advance(120)
    assert not ex.finished
    ex.run_to_end()
    end = ex.records[-1]
    assert (end.kind, end.payload, end.t) == ("end", {"reason": "resolved"}, resolved.t + 900)


def test_the_wrap_up_ends_when_the_last_notice_is_out() -> None:
    records = best_play(load_bundle_or_raise(BUNDLED_DIR / "payments-bad-deploy.yaml"))
    resolved = next(r for r in records if r.action == "mark_resolved")
    after = [r for r in records if r.seq > resolved.seq and r.kind == "action"]
    assert [(r.action, r.payload.get("status")) for r in after] == [
        ("post_update", "Resolved"),
        ("post_status_page", "Resolved"),
    ]
    assert records[-1].kind == "end" and records[-1].t == after[-1].t


# ------------------------------------------------------------------ roles, once someone can


def test_comms_lead_counted_from_when_the_first_person_who_could_take_it_joined() -> None:
    j = J().detected(0, 60).declare(100).act(110, "maria", "page_person", person="lena")
    j.add(110, "page", "pager", person="lena", level=None, attempt=1, reason="comms")
    j.act(820, "lena", "acknowledge_page").act(830, "maria", "assign_role", person="lena",
                                               role="communications_lead")  # fmt: skip
    got = result(j.records, "ROLE-COMMS")
    assert (got.rating, got.measured, got.notes) == (
        P,
        10.0,
        (
            "Lena Fischer was named communications lead.",
            "Counted from 14:15, when Lena Fischer joined: the first person who could be "
            "communications lead (12m after declaring; nobody can be named before they join).",
        ),
    )


def test_comms_lead_not_applicable_when_paged_but_nobody_joined_in_time() -> None:
    j = J().detected(0, 60).declare(100)
    assert result(j.records, "ROLE-COMMS").rating is U  # nobody was even paged
    j.add(110, "page", "pager", person="lena", level=None, attempt=1, reason="comms")
    got = result(j.records, "ROLE-COMMS")
    assert (got.rating, got.notes) == (
        NA,
        ("Somebody who could be communications lead was paged, but nobody free had joined "
         "before the run ended (the app names only people who have joined).",),
    )  # fmt: skip


def test_a_person_made_technical_lead_is_not_free_to_be_comms_lead() -> None:
    j = J().detected(0, 60).declare(100)
    j.act(200, "sam", "acknowledge_page").act(210, "maria", "assign_role", person="sam",
                                              role="technical_lead")  # fmt: skip
    j.act(900, "lena", "acknowledge_page").act(960, "maria", "assign_role", person="lena",
                                               role="communications_lead")  # fmt: skip
    got = result(j.records, "ROLE-COMMS")
    assert (got.rating, got.measured) == (P, 60.0)


# ------------------------------------------------------------------ premature resolution


def test_resolving_while_users_are_affected_is_not_a_time_to_resolve() -> None:
    j = J().detected(0, 60).declare(100).add(600, "sample", users=42000, metrics={})
    j.act(1200, "maria", "mark_resolved")
    got = result(j.records, "TIME-RESOLVE")
    assert (got.rating, got.score, got.measured_text, got.notes) == (
        U,
        0.0,
        "resolved prematurely, while 42,000 users were still affected",
        ("Marked resolved at 14:22 (T+20m) before the impact was over: a premature "
         "resolution is not a time to resolve.",),
    )  # fmt: skip


def test_a_relapse_before_resolving_makes_the_resolution_premature() -> None:
    j = J().detected(0, 60).declare(100).add(500, "impact_end")
    j.add(700, "relapse", strategy="restart", target="payments-api")
    j.act(800, "maria", "mark_resolved")
    assert result(j.records, "TIME-RESOLVE").measured_text == (
        "resolved prematurely, while users were still affected"
    )
    ok = J().detected(0, 60).declare(100).add(500, "impact_end").act(800, "maria", "mark_resolved")
    assert result(ok.records, "TIME-RESOLVE").rating is P


def test_premature_resolution_in_an_engine_run() -> None:
    bundle = fixture_bundle()
    ex = Exercise(bundle, seed=1, seat=Seat("maria"), wall_clock=lambda: "")
    while "maria" not in ex.unacked_pages:
        ex.advance(10)
    ex.act(_action("acknowledge_page", "maria"))
    ex.act(_action("declare_incident", "maria", severity="SEV-2", title="Checkout"))
    ex.advance(300)
    users = ex.state.users_affected
    assert users > 0
    ex.act(_action("mark_resolved", "maria"))
    ex.run_to_end()
    card = score(list(ex.records), bundle)
    got = card.objective("TIME-RESOLVE")
    assert (got.rating, got.measured_text) == (
        U,
        f"resolved prematurely, while {users:,} users were still affected",
    )


# ------------------------------------------------------------------ mitigations


def test_a_worsening_mitigation_never_satisfies_mitigate_first() -> None:
    j = J().detected(0, 60).declare(100)
    j.add(200, "finding", "james", tool="logs", query="q", text="NPE", clue_id="c",
          relevant=True, misleading=False)  # fmt: skip
    j.act(250, "james", "apply_mitigation", strategy="failover", target="postgres-payments")
    j.act(1000, "james", "apply_mitigation", strategy="rollback", target="payments-api")
    got = result(j.records, "MIT-FIRST")
    assert (got.rating, got.measured, got.notes) == (
        S,
        800.0,
        (
            "Not counted: failover postgres-payments at 14:06 made the impact worse "
            "(mitigating means reducing the impact).",
            "Counted: rollback payments-api at 14:18, 13m20s after the first relevant finding "
            "at 14:05.",
        ),
    )
    only_worse = J().detected(0, 60).declare(100)
    only_worse.act(250, "james", "apply_mitigation", strategy="failover",
                   target="postgres-payments")  # fmt: skip
    got = result(only_worse.records, "MIT-FIRST")
    assert (got.rating, got.measured_text) == (U, "only mitigations that made it worse")


def test_a_relapsed_mitigation_never_counts_as_time_to_mitigate() -> None:
    j = J().detected(0, 60).declare(100)
    j.add(600, "mitigation_effect", strategy="restart", target="payments-api", effect="reduces",
          amount=30.0, users_before=100, users_after=70)  # fmt: skip
    j.add(840, "relapse", strategy="restart", target="payments-api")
    j.add(1500, "mitigation_effect", strategy="rollback", target="payments-api",
          effect="resolves", amount=0.0, users_before=100, users_after=0)  # fmt: skip
    got = result(j.records, "TIME-MITIGATE")
    assert (got.measured, got.evidence, got.notes) == (
        1500.0,
        (1, 4, 6),
        (
            "Impact start to the first mitigation that took effect, helped and held.",
            "Not counted: restart payments-api at 14:12 helped, but the impact came back at "
            "14:16 (it relapsed).",
            "Counted: rollback payments-api at 14:27 (resolves the impact, and it held).",
        ),
    )
    relapsed_only = J().detected(0, 60).declare(100)
    relapsed_only.add(600, "mitigation_effect", strategy="restart", target="payments-api",
                      effect="reduces", amount=30.0, users_before=100, users_after=70)  # fmt: skip
    relapsed_only.add(840, "relapse", strategy="restart", target="payments-api")
    got = result(relapsed_only.records, "TIME-MITIGATE")
    assert (got.rating, got.measured_text) == (U, "never mitigated (no fix that held)")


def test_worsening_and_relapsing_mitigations_in_an_engine_run() -> None:
    bundle = fixture_bundle()
    ex = Exercise(bundle, seed=1, seat=Seat("maria"), wall_clock=lambda: "")
    while "maria" not in ex.unacked_pages:
        ex.advance(10)
    ex.act(_action("acknowledge_page", "maria"))
    ex.act(_action("declare_incident", "maria", severity="SEV-2", title="Checkout"))
    ex.act(_action("apply_mitigation", "maria", strategy="failover", target="postgres-payments"))
    ex.act(_action("apply_mitigation", "maria", strategy="restart", target="payments-api"))
    ex.advance(900)  # the restart helps after 3 minutes and relapses 4 minutes later
    ex.act(_action("apply_mitigation", "maria", strategy="rollback", target="payments-api"))
    ex.advance(1200)
    card = score(list(ex.records), bundle)
    first = card.objective("MIT-FIRST")
    assert first.notes[0].startswith("Not counted: failover postgres-payments")
    assert first.notes[1].startswith("Counted: restart payments-api")
    mitigate = card.objective("TIME-MITIGATE")
    assert [n.split(" at ")[0] for n in mitigate.notes[1:]] == [
        "Not counted: restart payments-api",
        "Counted: rollback payments-api",
    ]


# ------------------------------------------------------------------ how targets were set


def test_every_scenario_or_severity_dependent_target_says_how_it_was_set() -> None:
    card = score(J().detected(0, 60).declare(100).records, fixture_bundle())
    sources = {o.id: o.target_source for o in card.objectives}
    assert sources["TIME-MITIGATE"] == (
        "Target set for SEV-2, the scenario's true severity (not the one declared): time to "
        "first effective mitigation 45m is this project's proposal for that severity (the "
        "guide says only 'severity dependent'; docs/scoring.md)."
    )
    assert sources["TIME-DECLARE"] == (
        "Target set for SEV-2, the scenario's true severity (not the one declared): response "
        "time 30m, from the team's severity policy, which keeps the guide's default."
    )
    assert sources["OBJ-ROLLBACK"] == "Set by the scenario's author (its objectives)."
    assert sources["TIME-MTTA"] == ""  # the guide's 15 minutes, the same in every run
    dependent = {"TIME-DECLARE", "TIME-MITIGATE", "TIME-RESOLVE", "ROLE-COMMS", "ROLE-SCRIBE",
                 "COMM-CADENCE", "COMM-STATUS-PAGE", "ESC-LEVEL", "ESC-BRIDGE", "MIT-STRATEGY",
                 "RES-STAKEHOLDERS"}  # fmt: skip
    assert all(sources[oid] for oid in dependent)


def test_detection_is_not_the_players_rating_when_a_human_plays() -> None:
    j = J(human={"actor": "maria", "role": "incident_commander", "tabletop": False})
    j.detected(0, 600)
    got = result(j.records, "TIME-MTTD")
    assert (got.rating, got.score, got.measured_text) == (NA, None, "10m")
    assert got.notes[0].startswith("Not rated for the player: detection is the team's monitoring")
    assert result(J().detected(0, 600).records, "TIME-MTTD").rating is M


# ------------------------------------------------------------------ the best play


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_best_play_rates_p_on_every_applicable_objective(path: Path) -> None:
    bundle = load_bundle_or_raise(path)
    card = score(best_play(bundle), bundle)
    below = {o.id: (o.rating.value, o.measured_text) for o in card.objectives if o.applicable
             and o.rating is not P}  # fmt: skip
    assert below == {}
    assert card.overall_score == 100.0


def _action(name: str, actor: str, **fields: object) -> Action:
    return action_from_payload(actor, {"action": name, **fields})


def _clock(ex: Exercise, t: float) -> str:
    return (ex.scenario.clock.start + timedelta(seconds=t)).strftime("%H:%M")
