"""Behaviour the content and scoring engineers reported: unanswered pages, status-page
discipline and wording, what counts as detection, tool choice by whole words, naming roles."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import simpy

from simulator.actions import AcknowledgePage, DeclareIncident, Escalate, PagePerson
from simulator.agents.responder import Responder
from simulator.agents.wording import customer_words
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat, run_headless
from simulator.engine.paging import Pager
from simulator.loading import load_bundle
from simulator.model import Channel, Experience, Inject, InjectKind, Service, Severity, Tool
from simulator.phases import phase_times
from simulator.scoring.language import flag_technical
from simulator.vocabulary import mitigation_in, tool_for
from tests.simulator.engine.test_paging import POLICY
from tests.simulator.engine_bundles import small_bundle, small_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


def _bundled(name: str, team: str = "acme-platform") -> Bundle:
    bundle, problems = load_bundle(
        SCENARIOS / f"{name}.yaml", team_path=SCENARIOS / "teams" / f"{team}.yaml"
    )
    assert bundle is not None, problems
    return bundle


# ---------------------------------------------------------------------- unanswered pages


def _pager() -> tuple[simpy.Environment, Pager, list[tuple[float, str, int | None, int]]]:
    env = simpy.Environment()
    pages: list[tuple[float, str, int | None, int]] = []
    pager = Pager(
        env,
        POLICY,
        lambda person, level, attempt, _r: pages.append((env.now, person, level, attempt)),
    )
    return env, pager, pages


def test_an_unanswered_direct_page_is_sent_again_at_the_persons_level_timeout() -> None:
    env, pager, pages = _pager()
    pager.page_person("dan", "need a scribe")  # dan is level 3: 15 minute timeout
    pager.page_person("zoe", "need help")  # in no level: level 1's 5 minutes
    env.run(until=10_000.0)
    assert sorted(pages) == [
        (0.0, "dan", None, 1),
        (0.0, "zoe", None, 1),
        (300.0, "zoe", None, 2),
        (600.0, "zoe", None, 3),
        (900.0, "dan", None, 2),
        (1800.0, "dan", None, 3),
    ]


def test_an_acknowledgement_stops_the_re_pages_of_that_person_only() -> None:
    env, pager, pages = _pager()
    pager.page_person("dan", "x")
    pager.page_person("zoe", "y")
    env.run(until=100.0)
    pager.acknowledged("zoe")
    env.run(until=1000.0)
    assert sorted(pages) == [(0.0, "dan", None, 1), (0.0, "zoe", None, 1), (900.0, "dan", None, 2)]


def test_an_unanswered_escalation_goes_on_to_the_next_level_and_repeats() -> None:
    env, pager, pages = _pager()
    assert pager.escalate(2, "SEV-1 policy") == ["bob", "cat"]
    env.run(until=10_000.0)
    assert pages == [
        (0.0, "bob", 2, 1),
        (0.0, "cat", 2, 1),
        (600.0, "dan", 3, 1),
        (1500.0, "bob", 2, 2),  # repeats: 1
        (1500.0, "cat", 2, 2),
        (2100.0, "dan", 3, 2),
    ]
    assert not pager.active  # the policy escalation is not what ran
    assert pager.escalate(7, "no such level") == []


def test_in_an_exercise_a_page_nobody_answers_keeps_following_the_policy() -> None:
    ex = Exercise(small_bundle(), seed=3, seat=Seat("ann", tabletop=True), wall_clock=str)
    ex.advance(250.0)
    ex.act(AcknowledgePage(actor="ann"))
    ex.act(PagePerson(actor="ann", person="eve", reason="need a scribe"))
    ex.act(Escalate(actor="ann", level=2, reason="SEV-2"))
    ex.advance(2000.0)
    pages = [
        (r.t, r.payload["person"], r.payload["level"], r.payload["attempt"])
        for r in ex.records
        if r.kind == "page" and r.t > 204.0
    ]
    assert pages == [
        (250.0, "eve", None, 1),
        (250.0, "bob", 2, 1),
        (550.0, "eve", None, 2),
        (850.0, "dan", 3, 1),
        (850.0, "eve", None, 3),
    ]


def _never_answers(monkeypatch: object, person: str) -> None:
    original = Responder.on_page

    def on_page(self: Responder) -> None:
        if self.id != person:
            original(self)

    monkeypatch.setattr(Responder, "on_page", on_page)  # type: ignore[attr-defined]


def test_a_simulated_commander_pages_someone_else_when_a_page_goes_unanswered(
    monkeypatch: object,
) -> None:
    _never_answers(monkeypatch, "cat")  # cat is the only trained communications lead
    filled = 0
    for seed in range(6):
        records = run_headless(small_bundle(), seed=seed, wall_clock=str)
        asked = [
            r.payload["person"]
            for r in records
            if r.action == "page_person" and r.payload["reason"] == "need a communications lead"
        ]
        assert asked[0] == "cat"
        assert not [r for r in records if r.actor == "cat" and r.kind == "action"]
        grants = {r.payload["role"]: r for r in records if r.action == "assign_role"}
        comms = grants.get("communications_lead")
        if comms is not None:
            filled += 1
            assert comms.payload["person"] != "cat"
        else:
            assert len(set(asked)) > 1, seed  # someone else was paged for the role
    assert filled >= 4


def test_a_backup_commander_who_does_not_answer_is_replaced(monkeypatch: object) -> None:
    _never_answers(monkeypatch, "dan")
    ex = Exercise(small_bundle(), seed=2, seat=Seat("bob", role=None), wall_clock=str)
    ex.advance(1500.0)
    needed = [
        (r.t, r.payload["person"])
        for r in ex.records
        if r.kind == "page" and str(r.payload["reason"]).startswith("incident commander needed")
    ]
    assert needed[0] == (204.0, "ann")
    assert ex.state.commander == "ann"


# ---------------------------------------------------------------------- the status page


def test_nothing_goes_public_in_the_data_breach_while_the_scenario_forbids_it() -> None:
    bundle = _bundled("customer-data-exfiltration")
    assert not bundle.scenario.truth.customer_visible
    for seed in range(8):
        records = run_headless(bundle, seed=seed, wall_clock=str)
        assert not [r for r in records if r.action == "post_status_page"], seed
        assert records[-1].payload == {"reason": "resolved"}


def test_a_sev_4_gets_no_status_page_post() -> None:
    bundle = _bundled("storefront-price-formatting")
    for seed in range(8):
        records = run_headless(bundle, seed=seed, wall_clock=str)
        declared = [r.payload["severity"] for r in records if r.action == "declare_incident"]
        posts = [r for r in records if r.action == "post_status_page"]
        if declared == ["SEV-4"] and not [r for r in records if r.action == "set_severity"]:
            assert posts == [], seed


def test_an_internal_outage_nobody_outside_can_see_is_not_posted() -> None:
    bundle = small_bundle()
    services = tuple(
        dataclasses.replace(s, customer_facing=False) for s in bundle.scenario.services
    )
    scenario = dataclasses.replace(bundle.scenario, services=services)
    records = run_headless(dataclasses.replace(bundle, scenario=scenario), seed=7, wall_clock=str)
    assert records[-1].payload == {"reason": "resolved"}
    assert not [r for r in records if r.action == "post_status_page"]


def test_status_page_posts_speak_of_the_product_not_of_services() -> None:
    bundle = _bundled("orders-db-primary-failover")
    ids = [s.id for s in bundle.scenario.services]
    texts = set()
    for seed in range(4):
        for r in run_headless(bundle, seed=seed, wall_clock=str):
            if r.action == "post_status_page":
                texts.add(str(r.payload["text"]))
                assert flag_technical(str(r.payload["text"]), ids) == [], r.payload["text"]
    assert (
        "We are investigating problems with orders and checkout. Some customers may be "
        "unable to complete what they are doing. Next update in 20 minutes."
    ) in texts


def test_customer_words_come_from_the_service_data() -> None:
    def words(sid: str, name: str, description: str = "") -> str | None:
        return customer_words(Service(id=sid, name=name, description=description))

    assert words("orders-api", "orders-api") == "orders"
    assert words("checkout-web", "Checkout web") == "checkout"
    assert words("auth-service", "auth-service") == "sign-in"
    assert words("payments-api", "Payments API") == "payments"
    assert words("email-dispatcher", "email-dispatcher") == "email notifications"
    assert words("svc-17", "svc-17", "Sends the order confirmation emails") == "orders"
    assert words("svc-17", "svc-17") is None


def test_only_lax_authors_sometimes_leak_service_ids_and_jargon() -> None:
    def flagged(experience: Experience) -> tuple[int, int]:
        bundle = small_bundle(experience=experience)
        count = total = 0
        for seed in range(16):
            for r in run_headless(bundle, seed=seed, wall_clock=str):
                if r.action == "post_status_page":
                    total += 1
                    count += bool(flag_technical(str(r.payload["text"]), ["api", "db"]))
        return count, total

    senior, senior_total = flagged(Experience.SENIOR)
    novice, novice_total = flagged(Experience.NOVICE)
    assert senior == 0 and senior_total > 0
    assert 0 < novice < novice_total


# ---------------------------------------------------------------------- detection


def _report(inject_id: str, at: float, **kwargs: object) -> Inject:
    return Inject(
        id=inject_id,
        kind=InjectKind.INTERNAL_REPORT,
        sender="Sam",
        channel=Channel.CHAT,
        text="hand-over: nothing open",
        at=at,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_hand_over_note_is_not_a_detection_and_pages_nobody() -> None:
    scenario = small_scenario(injects=(_report("handover", 30.0), _report("chat", 150.0)))
    bundle = dataclasses.replace(small_bundle(), scenario=scenario)
    records = run_headless(bundle, seed=7, wall_clock=str)
    injects = [(r.t, r.payload["detection"]) for r in records if r.kind == "inject"]
    assert injects == [(30.0, False), (150.0, False)]
    first_page = next(r for r in records if r.kind == "page")
    assert first_page.t == 204.0  # the alert, not a report
    assert phase_times(records).detected_at == 204.0


def test_an_internal_report_describing_the_impact_detects_and_pages() -> None:
    about_api = _report("ops", 150.0, service="api")
    expects = _report("noc", 170.0, expected_action="declare_incident")
    scenario = small_scenario(injects=(about_api, expects), alert_for=3000.0)
    bundle = dataclasses.replace(small_bundle(), scenario=scenario)
    records = run_headless(bundle, seed=7, wall_clock=str)
    assert [r.payload["detection"] for r in records if r.kind == "inject"] == [True, True]
    first_page = next(r for r in records if r.kind == "page")
    assert (first_page.t, first_page.payload["reason"]) == (150.0, "internal_report: Sam")
    assert phase_times(records).detected_at == 150.0


# ---------------------------------------------------------------------- words, not substrings


def test_tools_and_strategies_are_chosen_by_whole_words() -> None:
    assert tool_for("Check the conversion rate of the Swiss locales") is Tool.METRICS
    assert tool_for("What was deployed recently?") is Tool.DEPLOY_HISTORY
    assert tool_for("Look at the catalog service") is Tool.LOGS
    assert tool_for("Check the version history of the app") is Tool.DEPLOY_HISTORY
    assert tool_for("Pull the traces for checkout") is Tool.TRACING
    assert mitigation_in("escalate to the api owner", "", ["api"]) is None
    assert mitigation_in("roll back payments-api", "", ["api", "payments-api"]) is not None
    assert mitigation_in("restart payments-api", "", ["api"]) is None


# ---------------------------------------------------------------------- naming roles


def test_a_senior_commander_names_comms_lead_and_scribe_within_five_minutes() -> None:
    bundle = _bundled("payments-bad-deploy")
    on_time = 0
    for seed in range(12):
        records = run_headless(bundle, seed=seed, wall_clock=str)
        declared = next(r.t for r in records if r.action == "declare_incident")
        named = {r.payload["role"]: r.t - declared for r in records if r.action == "assign_role"}
        roles = ("communications_lead", "scribe")
        on_time += all(named.get(role, 1e9) <= 300.0 for role in roles)
    assert on_time >= 8


def test_a_human_commander_is_never_overruled_on_the_status_page() -> None:
    ex = Exercise(small_bundle(), seed=4, seat=Seat("ann"), wall_clock=str)
    ex.advance(250.0)
    ex.act(AcknowledgePage(actor="ann"))
    ex.act(DeclareIncident(actor="ann", severity=Severity.SEV4, title="cosmetic"))
    ex.advance(1200.0)
    assert not [r for r in ex.records if r.action == "post_status_page"]
