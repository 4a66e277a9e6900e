"""Every objective's P/S/M/U boundaries, one table per objective, on hand-built journals."""

from __future__ import annotations

import dataclasses

import pytest

from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.model import Severity
from simulator.scoring import Rating, score
from simulator.scoring.card import ObjectiveResult
from simulator.scoring.language import Flag, flag_technical
from simulator.scoring.scales import count_rating, score_rating, share_rating, timing_rating
from tests.fixtures.journals.builder import J, fixture_bundle, with_severity, with_truth

P, S, M, U, NA = Rating.P, Rating.S, Rating.M, Rating.U, Rating.NA


def result(records: list[Record], oid: str, bundle: Bundle | None = None) -> ObjectiveResult:
    return score(records, bundle if bundle is not None else fixture_bundle()).objective(oid)


# ------------------------------------------------------------------ scales


@pytest.mark.parametrize(
    ("measured", "rating"),
    [(0.0, P), (300.0, P), (300.5, S), (450.0, S), (450.5, M), (900.0, M), (900.5, U), (None, U)],
)
def test_timing_scale_boundaries(measured: float | None, rating: Rating) -> None:
    assert timing_rating(measured, 300.0) is rating


@pytest.mark.parametrize(("count", "rating"), [(0, P), (1, S), (2, M), (3, M), (4, U)])
def test_count_scale_boundaries(count: int, rating: Rating) -> None:
    assert count_rating(count) is rating


@pytest.mark.parametrize(
    ("share", "rating"), [(1.0, P), (0.99, S), (0.75, S), (0.74, M), (0.5, M), (0.49, U), (0, U)]
)
def test_share_scale_boundaries(share: float, rating: Rating) -> None:
    assert share_rating(share) is rating


@pytest.mark.parametrize(
    ("value", "rating"),
    [(100.0, P), (85.0, P), (84.9, S), (65.0, S), (64.9, M), (40.0, M), (39.9, U), (None, NA)],
)
def test_score_bands(value: float | None, rating: Rating) -> None:
    assert score_rating(value) is rating


# ------------------------------------------------------------------ phase timings


@pytest.mark.parametrize(
    ("alert_at", "rating"), [(400, P), (401, S), (550, S), (551, M), (1000, M), (1001, U)]
)
def test_mttd_target_5_minutes(alert_at: float, rating: Rating) -> None:
    records = J().detected(impact=100, alert=alert_at).records
    assert result(records, "TIME-MTTD").rating is rating


def test_mttd_never_detected_is_u() -> None:
    got = result(J().add(100, "impact_start", users=5).records, "TIME-MTTD")
    assert (got.rating, got.measured_text) == (U, "not detected")


@pytest.mark.parametrize(
    ("ack_after", "rating"), [(900, P), (901, S), (1350, S), (1351, M), (2700, M), (2701, U)]
)
def test_mtta_target_15_minutes(ack_after: float, rating: Rating) -> None:
    records = J().detected(0, 60).act(60 + ack_after, "maria", "acknowledge_page").records
    assert result(records, "TIME-MTTA").rating is rating


@pytest.mark.parametrize(
    ("severity", "after", "rating"),
    [
        (Severity.SEV2, 1800, P),
        (Severity.SEV2, 1801, S),
        (Severity.SEV2, 2700, S),
        (Severity.SEV2, 2701, M),
        (Severity.SEV2, 5400, M),
        (Severity.SEV2, 5401, U),
        (Severity.SEV1, 300, P),
        (Severity.SEV1, 301, S),
        (Severity.SEV3, 7200, P),
        (Severity.SEV3, 21601, U),
    ],
)
def test_declare_against_the_true_severity_response_time(
    severity: Severity, after: float, rating: Rating
) -> None:
    records = J().detected(0, 60).declare(60 + after, severity.value).records
    got = result(records, "TIME-DECLARE", with_severity(fixture_bundle(), severity))
    assert got.rating is rating


def test_declare_target_follows_the_team_policy() -> None:
    bundle = fixture_bundle()
    policy = tuple(
        (sev, dataclasses.replace(rule, response_time=600.0))
        for sev, rule in bundle.team.severity_policy
    )
    strict = dataclasses.replace(
        bundle, team=dataclasses.replace(bundle.team, severity_policy=policy)
    )
    records = J().detected(0, 60).declare(60 + 601).records
    got = result(records, "TIME-DECLARE", strict)
    assert (got.rating, got.target) == (S, "≤ 10m (SEV-2 response time)")


@pytest.mark.parametrize(
    ("effect_at", "rating"), [(2700, P), (2701, S), (4050, S), (4051, M), (8100, M), (8101, U)]
)
def test_time_to_mitigate_sev2_45_minutes(effect_at: float, rating: Rating) -> None:
    records = (
        J()
        .detected(0, 60)
        .add(
            effect_at,
            "mitigation_effect",
            strategy="rollback",
            target="payments-api",
            effect="resolves",
            amount=0.0,
            users_before=10,
            users_after=0,
        )
        .records
    )
    assert result(records, "TIME-MITIGATE").rating is rating


def test_a_mitigation_that_did_nothing_is_not_a_mitigation() -> None:
    records = (
        J()
        .detected(0, 60)
        .add(
            100,
            "mitigation_effect",
            strategy="scale",
            target="payments-api",
            effect="none",
            amount=0.0,
            users_before=10,
            users_after=10,
        )
        .records
    )
    assert result(records, "TIME-MITIGATE").measured_text == "never mitigated"


@pytest.mark.parametrize(
    ("resolved_at", "rating"), [(5400, P), (5401, S), (8100, S), (8101, M), (16200, M), (16201, U)]
)
def test_time_to_resolve_sev2_90_minutes(resolved_at: float, rating: Rating) -> None:
    j = J().detected(0, 60).declare(70).add(resolved_at - 1, "impact_end")
    records = j.act(resolved_at, "maria", "mark_resolved").records
    assert result(records, "TIME-RESOLVE").rating is rating


# ------------------------------------------------------------------ severity


@pytest.mark.parametrize(
    ("declared", "true", "rating"),
    [
        ("SEV-2", Severity.SEV2, P),
        ("SEV-1", Severity.SEV2, S),  # one level too severe
        ("SEV-3", Severity.SEV2, M),  # one level too mild: worse
        ("SEV-1", Severity.SEV3, M),  # two levels too severe
        ("SEV-4", Severity.SEV2, U),  # two levels too mild
        ("SEV-3", Severity.SEV1, U),
    ],
)
def test_classification_under_is_worse_than_over(
    declared: str, true: Severity, rating: Rating
) -> None:
    records = J().detected(0, 60).declare(100, declared).records
    got = result(records, "SEV-CLASS", with_severity(fixture_bundle(), true))
    assert got.rating is rating


def test_never_declared_fails_both_severity_objectives() -> None:
    records = J().detected(0, 60).records
    assert result(records, "SEV-CLASS").rating is U
    assert result(records, "SEV-RECLASS").measured_text == "never declared"


@pytest.mark.parametrize(
    ("steps", "rating"),
    [
        ([(100, "SEV-2")], P),
        ([(100, "SEV-3"), (1000, "SEV-2")], P),  # corrected after exactly 15m
        ([(100, "SEV-3"), (1001, "SEV-2")], S),
        ([(100, "SEV-3"), (1450, "SEV-2")], S),
        ([(100, "SEV-3"), (1451, "SEV-2")], M),
        ([(100, "SEV-4"), (500, "SEV-3")], M),  # moved closer but still wrong
        ([(100, "SEV-3")], U),  # never corrected
        ([(100, "SEV-3"), (200, "SEV-4")], U),  # moved away
        ([(100, "SEV-2"), (200, "SEV-3"), (300, "SEV-2")], S),  # wavered
    ],
)
def test_reclassification_credit(steps: list[tuple[float, str]], rating: Rating) -> None:
    j = J().detected(0, 60).declare(*steps[0])
    for t, sev in steps[1:]:
        j.act(t, "maria", "set_severity", severity=sev, reason="new evidence")
    assert result(j.records, "SEV-RECLASS").rating is rating


# ------------------------------------------------------------------ roles


def test_ic_named_holding_another_role_is_s_and_none_is_u() -> None:
    named = J().detected(0, 60).declare(100)
    assert result(named.records, "ROLE-IC").rating is P
    named.act(120, "maria", "assign_role", person="maria", role="technical_lead")
    got = result(named.records, "ROLE-IC")
    assert (got.rating, got.rules) == (S, ("IC-02", "IC-05"))
    assert result(J().detected(0, 60).records, "ROLE-IC").rating is U


@pytest.mark.parametrize(
    ("after", "rating"), [(300, P), (301, S), (450, S), (451, M), (900, M), (901, U), (None, U)]
)
@pytest.mark.parametrize(
    ("oid", "role"), [("ROLE-COMMS", "communications_lead"), ("ROLE-SCRIBE", "scribe")]
)
def test_comms_lead_and_scribe_within_5_minutes(
    oid: str, role: str, after: float | None, rating: Rating
) -> None:
    j = J().detected(0, 60).declare(100)
    if after is not None:
        j.act(100 + after, "maria", "assign_role", person="lena", role=role)
    assert result(j.records, oid).rating is rating


def test_comms_lead_not_required_for_sev3_and_the_ic_does_not_count() -> None:
    j = (
        J()
        .detected(0, 60)
        .declare(100)
        .act(110, "maria", "assign_role", person="maria", role="communications_lead")
    )
    assert result(j.records, "ROLE-COMMS").rating is U
    sev3 = with_severity(fixture_bundle(), Severity.SEV3)
    got = result(j.records, "ROLE-COMMS", sev3)
    assert (got.rating, got.score, got.notes) == (
        NA,
        None,
        ("Required for SEV-1/2 only; this incident was SEV-3.",),
    )


@pytest.mark.parametrize(("count", "rating"), [(0, P), (1, S), (2, M), (3, M), (4, U)])
def test_ic_hands_on_actions(count: int, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    for i in range(count):
        j.act(200 + i, "maria", "query_tool", tool="logs", query="errors")
    j.act(300, "james", "apply_mitigation", strategy="rollback", target="payments-api")
    got = result(j.records, "ROLE-DELEGATE")
    assert (got.rating, got.measured) == (rating, float(count))


@pytest.mark.parametrize(("good", "bad", "rating"), [(4, 0, P), (3, 1, S), (2, 2, M), (1, 3, U)])
def test_tasks_named_and_time_boxed(good: int, bad: int, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    for i in range(good):
        j.act(200 + i, "maria", "assign_task", person="james", task="look", timebox=600.0)
    for i in range(bad):
        j.act(300 + i, "maria", "assign_task", person="james", task="look", timebox=7200.0)
    assert result(j.records, "ROLE-TASKS").rating is rating


def test_broadcast_requests_count_as_unowned_tasks_and_no_tasks_is_na() -> None:
    j = J().detected(0, 60).declare(100)
    assert result(j.records, "ROLE-TASKS").rating is NA
    j.act(200, "maria", "say", text="Could anyone look at the dashboards?")
    got = result(j.records, "ROLE-TASKS")
    assert (got.rating, got.measured_text) == (U, "0 of 1 task owned and time-boxed")


@pytest.mark.parametrize(
    ("check", "rating"),
    [
        (("follow_up_task", "maria", 820), P),  # 120 s grace
        (("follow_up_task", "maria", 821), U),
        (("report_task", "james", 800), P),  # reported right at expiry
        (None, U),
    ],
)
def test_follow_up_when_the_time_box_expires(
    check: tuple[str, str, float] | None, rating: Rating
) -> None:
    j = J().detected(0, 60).declare(100)
    j.act(200, "maria", "assign_task", person="james", task="look", timebox=500.0, task_id="T1")
    j.add(700, "task_due", "clock", task_id="T1", person="james")
    if check is not None:
        name, actor, t = check
        j.act(t, actor, name, task_id="T1")
    assert result(j.records, "ROLE-FOLLOWUP").rating is rating


def test_a_task_reported_before_its_time_box_needs_no_follow_up() -> None:
    j = J().detected(0, 60).declare(100)
    j.act(200, "maria", "assign_task", person="james", task="look", timebox=500.0, task_id="T1")
    j.act(300, "james", "report_task", task_id="T1", result="done", done=True)
    j.add(700, "task_due", "clock", task_id="T1", person="james")
    assert result(j.records, "ROLE-FOLLOWUP").rating is NA


@pytest.mark.parametrize(
    ("how", "rating"),
    [
        ("explicit", P),
        ("unbriefed", S),
        ("implicit", U),
        (None, NA),
    ],
)
def test_hand_over(how: str | None, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    if how == "explicit":
        j.act(500, "maria", "hand_over_command", to="aiko", briefing="rollback running, ETA 5m")
    elif how == "unbriefed":
        j.act(500, "maria", "hand_over_command", to="aiko", briefing="")
    elif how == "implicit":
        j.act(500, "aiko", "assign_role", person="aiko", role="incident_commander")
    assert result(j.records, "ROLE-HANDOVER").rating is rating


# ------------------------------------------------------------------ communication


@pytest.mark.parametrize(
    ("gap", "rating"), [(1800, P), (1801, S), (2700, S), (2701, M), (5400, M), (5401, U)]
)
def test_update_cadence_sev2_every_30_minutes(gap: float, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    j.act(100 + gap, "lena", "post_update", severity="SEV-2", status="Investigating")
    j.act(100 + gap + 60, "maria", "mark_resolved")
    got = result(j.records, "COMM-CADENCE")
    assert (got.rating, got.measured) == (rating, float(gap))


def test_cadence_lists_every_late_update_and_the_silent_end() -> None:
    j = J().detected(0, 60).declare(100)
    j.act(2000, "lena", "post_update", severity="SEV-2", status="Investigating")
    j.act(2600, "lena", "post_update", severity="SEV-2", status="Investigating")
    j.act(5000, "maria", "mark_resolved")
    got = result(j.records, "COMM-CADENCE")
    assert got.notes == (
        "Update at 14:35 came 31m40s after the declaration (due every 30m).",
        "No update from 14:45 to 15:25: 40m before resolving (due every 30m).",
    )
    assert (got.measured, got.rating, got.evidence) == (2400.0, S, (4, 5))


def test_cadence_sev4_has_none_and_sev1_is_15_minutes() -> None:
    j = J().detected(0, 60).declare(100).act(1001, "maria", "mark_resolved")
    assert (
        result(j.records, "COMM-CADENCE", with_severity(fixture_bundle(), Severity.SEV4)).rating
        is NA
    )
    got = result(j.records, "COMM-CADENCE", with_severity(fixture_bundle(), Severity.SEV1))
    assert (got.rating, got.target) == (S, "every 15m (SEV-1)")


FULL = {
    "severity": "SEV-2",
    "status": "Investigating",
    "impact": "Card payments fail",
    "recent_actions": "Rolled back",
    "next_steps": "Watch",
    "eta": "Unknown",
}


@pytest.mark.parametrize(
    ("blank", "rating"),
    [
        ((), P),
        (("eta",), S),
        (("eta", "next_steps", "impact"), M),
        (("eta", "next_steps", "impact", "recent_actions"), U),
    ],
)
def test_update_completeness(blank: tuple[str, ...], rating: Rating) -> None:
    fields = {k: ("" if k in blank else v) for k, v in FULL.items()}
    j = J().detected(0, 60).declare(100).act(200, "lena", "post_update", **fields)
    got = result(j.records, "COMM-COMPLETE")
    assert got.rating is rating
    if blank:
        assert got.notes[0].startswith("Update at 14:05 lacks ")


def test_no_update_at_all_is_u() -> None:
    got = result(J().detected(0, 60).declare(100).records, "COMM-COMPLETE")
    assert (got.rating, got.measured_text) == (U, "no internal update posted")


@pytest.mark.parametrize(
    ("after", "rating"), [(300, P), (301, S), (450, S), (451, M), (900, M), (901, U), (None, U)]
)
def test_status_page_within_5_minutes_of_declaring(after: float | None, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    if after is not None:
        j.act(
            100 + after,
            "lena",
            "post_status_page",
            status="Investigating",
            text="Checkout is slow.",
        )
    assert result(j.records, "COMM-STATUS-PAGE").rating is rating


def test_status_page_not_needed_when_customers_cannot_see_it() -> None:
    j = J().detected(0, 60).declare(100)
    bundle = with_truth(fixture_bundle(), customer_visible=False)
    assert result(j.records, "COMM-STATUS-PAGE", bundle).rating is NA


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Some customers cannot pay by card. PayPal works. Next update in 20 minutes.", P),
        ("Card payments fail because of a bad deploy of payments-api.", S),
        ("Checkout fails with HTTP 500 on payments-api.", M),
        ("NullPointerException on ip-10-2-3-4 at 10.2.3.4 (v2.31.0) for payments-api", U),
    ],
)
def test_plain_language_status_posts(text: str, rating: Rating) -> None:
    j = (
        J()
        .detected(0, 60)
        .declare(100)
        .act(200, "lena", "post_status_page", status="Investigating", text=text)
    )
    assert result(j.records, "COMM-PLAIN").rating is rating


def test_flag_technical_lists_each_category() -> None:
    text = (
        "java.lang.NullPointerException at "
        "io.tokenvault.client.BinLookup.normalise(BinLookup.java:88) "
        "on db-primary-01.prod.internal (10.20.3.14:5432); rolled back payments-api v2.31.0 "
        "(a4f91c2) — SEV-2, pods restarted, p99 high"
    )
    assert flag_technical(text, ["payments-api", "tokenvault"]) == [
        Flag("stack trace", "NullPointerException"),
        Flag("stack trace", "at io.tokenvault.client.BinLookup.normalise(BinLookup.java:88)"),
        Flag("host name", "db-primary-01.prod.internal"),
        Flag("IP address", "10.20.3.14:5432"),
        Flag("internal service id", "payments-api"),
        Flag("version or commit", "v2.31.0"),
        Flag("version or commit", "a4f91c2"),
        Flag("internal severity label", "SEV-2"),
        Flag("jargon", "pods"),
        Flag("jargon", "p99"),
    ]


def test_plain_words_are_not_flagged() -> None:
    text = "We're investigating failed payments at checkout since 14:05 CET. Next update by 14:45."
    assert flag_technical(text, ["payments-api"]) == []


# ------------------------------------------------------------------ escalation


@pytest.mark.parametrize(
    ("after", "rating"),
    [(1800, P), (1801, S), (2700, S), (2701, M), (5400, M), (5401, U), (None, U)],
)
def test_sev2_pages_level_2_within_its_response_time(after: float | None, rating: Rating) -> None:
    j = J().detected(0, 60).add(60, "page", "pager", person="maria", level=1, attempt=1, reason="a")
    if after is not None:
        j.add(60 + after, "page", "pager", person="aiko", level=2, attempt=1, reason="timeout")
    assert result(j.records, "ESC-LEVEL").rating is rating  # never declared: from detection


def test_escalation_is_measured_from_declaring_when_declared() -> None:
    j = J().detected(0, 60).declare(1000).act(1300, "maria", "escalate", level=2, reason="x")
    got = result(j.records, "ESC-LEVEL")
    assert (got.measured, got.target, got.evidence) == (
        300.0,
        "level 2 paged ≤ 30m after declaring",
        (3, 4),
    )


def test_paging_a_level_2_target_by_name_counts_as_level_2() -> None:
    j = J().detected(0, 60).act(200, "maria", "page_person", person="james", reason="help")
    assert result(j.records, "ESC-LEVEL").measured == 140.0


def test_leadership_only_for_sev1() -> None:
    j = (
        J()
        .detected(0, 60)
        .declare(100, "SEV-1")
        .act(1000, "maria", "escalate", level=3, reason="SEV-1")
    )
    sev1 = with_severity(fixture_bundle(), Severity.SEV1)
    got = result(j.records, "ESC-LEADERSHIP", sev1)
    assert (got.rating, got.measured) == (P, 900.0)
    j.body[-1] = dataclasses.replace(j.body[-1], t=1001.0)
    assert result(j.records, "ESC-LEADERSHIP", sev1).rating is S
    assert result(j.records, "ESC-LEADERSHIP").rating is NA


@pytest.mark.parametrize(("after", "rating"), [(0, P), (300, P), (301, S), (901, U), (None, U)])
def test_bridge_for_sev1_and_sev2(after: float | None, rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    if after is not None:
        j.act(100 + after, "maria", "open_bridge")
    assert result(j.records, "ESC-BRIDGE").rating is rating
    assert (
        result(j.records, "ESC-BRIDGE", with_severity(fixture_bundle(), Severity.SEV3)).rating is NA
    )


# ------------------------------------------------------------------ mitigation


def _finding(j: J, t: float) -> J:
    return j.add(
        t,
        "finding",
        "james",
        tool="logs",
        query="errors",
        text="NPE",
        clue_id="logs-npe",
        relevant=True,
        misleading=False,
    )


@pytest.mark.parametrize(
    ("mitigate_at", "rating"),
    [(150, P), (800, P), (801, S), (1100, S), (1101, M), (2000, M), (2001, U), (None, U)],
)
def test_mitigate_first_from_the_first_relevant_finding(
    mitigate_at: float | None, rating: Rating
) -> None:
    j = _finding(J().detected(0, 60).declare(100), 200)
    if mitigate_at is not None:
        j.act(mitigate_at, "james", "apply_mitigation", strategy="restart", target="payments-api")
    assert result(j.records, "MIT-FIRST").rating is rating


@pytest.mark.parametrize(
    ("order", "rating"),
    [
        (["rollback"], P),
        (["restart", "rollback"], S),
        (["restart", "scale", "rollback"], M),
        (["restart", "scale"], U),
    ],
)
def test_strategy_matches_the_truth(order: list[str], rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    for i, strategy in enumerate(order):
        j.act(200 + i, "james", "apply_mitigation", strategy=strategy, target="payments-api")
    assert result(j.records, "MIT-STRATEGY").rating is rating


@pytest.mark.parametrize(
    ("applied", "rating"),
    [
        ([("restart", "payments-api")], P),  # reduces: not wrong
        ([("scale", "payments-api")], S),  # none: 1 point
        ([("failover", "postgres-payments")], M),  # worsens: 2 points
        (
            [
                ("scale", "payments-api"),
                ("feature_flag", "payments-api"),
                ("block_traffic", "checkout-web"),
            ],
            M,
        ),
        (
            [
                ("failover", "postgres-payments"),
                ("scale", "payments-api"),
                ("feature_flag", "payments-api"),
            ],
            U,
        ),
    ],
)
def test_wrong_mitigations_and_their_cost(applied: list[tuple[str, str]], rating: Rating) -> None:
    j = J().detected(0, 60).declare(100)
    for i, (strategy, target) in enumerate(applied):
        j.act(200 + i, "james", "apply_mitigation", strategy=strategy, target=target)
    assert result(j.records, "MIT-WRONG").rating is rating


def test_nothing_to_judge_is_not_applicable() -> None:
    records = J().detected(0, 60).records
    delegate = result(records, "ROLE-DELEGATE")
    wrong = result(records, "MIT-WRONG")
    assert (delegate.rating, delegate.notes) == (NA, ("No incident commander was named.",))
    assert (wrong.rating, wrong.notes) == (NA, ("No mitigation was applied.",))


# ------------------------------------------------------------------ resolution


@pytest.mark.parametrize(
    ("impact_end", "resolved", "rating"),
    [(1000, 1000, P), (1000, 1500, P), (1000, 999, U), (None, 999, U), (1000, None, U)],
)
def test_resolve_only_after_the_impact_ended(
    impact_end: float | None, resolved: float | None, rating: Rating
) -> None:
    j = J().detected(0, 60).declare(100)
    if impact_end is not None:
        j.add(impact_end, "impact_end")
    if resolved is not None:
        j.act(resolved, "maria", "mark_resolved")
    j.records.sort(key=lambda r: r.t)
    assert result(j.records, "RES-AFTER-IMPACT").rating is rating


@pytest.mark.parametrize(("checked", "rating"), [(4, P), (3, S), (2, M), (1, U), (0, U)])
def test_resolution_checklist(checked: int, rating: Rating) -> None:
    keys = [
        "metrics_normal",
        "no_recurring_errors",
        "customer_impact_resolved",
        "stakeholders_notified",
    ]
    flags = {k: i < checked for i, k in enumerate(keys)}
    j = J().detected(0, 60).declare(100).act(500, "maria", "mark_resolved", **flags)
    assert result(j.records, "RES-CHECKLIST").rating is rating


@pytest.mark.parametrize(
    ("internal", "public", "rating"),
    [(600, 700, P), (600, 1400, P), (600, 1401, S), (600, None, M), (None, None, U), (400, 700, M)],
)
def test_stakeholders_told_of_the_resolution(
    internal: float | None, public: float | None, rating: Rating
) -> None:
    j = J().detected(0, 60).declare(100).add(450, "impact_end").act(500, "maria", "mark_resolved")
    if internal is not None:
        j.act(internal, "lena", "post_update", severity="SEV-2", status="Resolved")
    if public is not None:
        j.act(public, "lena", "post_status_page", status="Resolved", text="All good again.")
    j.records.sort(key=lambda r: r.t)
    assert result(j.records, "RES-STAKEHOLDERS").rating is rating


# ------------------------------------------------------------------ scenario objectives


@pytest.mark.parametrize(
    ("rollback_after_alert", "rating"),
    [(1200, P), (1201, S), (1800, S), (1801, M), (3600, M), (3601, U), (None, U)],
)
def test_scenario_objective_within_after_anchor(
    rollback_after_alert: float | None, rating: Rating
) -> None:
    j = J().detected(0, 60)
    if rollback_after_alert is not None:
        j.act(
            60 + rollback_after_alert,
            "james",
            "apply_mitigation",
            strategy="rollback",
            target="payments-api",
        )
    got = result(j.records, "OBJ-ROLLBACK")
    assert (got.rating, got.weight, got.rules) == (rating, 2.0, ("OBJ-ROLLBACK",))


def test_scenario_objective_params_must_match() -> None:
    j = (
        J()
        .detected(0, 60)
        .act(100, "james", "apply_mitigation", strategy="rollback", target="checkout-web")
    )
    assert result(j.records, "OBJ-ROLLBACK").rating is U


def test_forbidden_objective() -> None:
    j = J().detected(0, 60)
    assert result(j.records, "OBJ-NO-FAILOVER").rating is P
    j.act(300, "tom", "apply_mitigation", strategy="failover", target="postgres-payments")
    got = result(j.records, "OBJ-NO-FAILOVER")
    assert (got.rating, got.evidence) == (U, (3,))


@pytest.mark.parametrize(("failover_at", "rating"), [(50, P), (100, U), (700, U), (701, P)])
def test_forbidden_within_a_window_after_its_anchor(failover_at: float, rating: Rating) -> None:
    bundle = fixture_bundle()
    objective = dataclasses.replace(bundle.scenario.objectives[2], after="declare", within=600.0)
    scenario = dataclasses.replace(bundle.scenario, objectives=(objective,))
    windowed = dataclasses.replace(bundle, scenario=scenario)
    j = J().detected(0, 60).declare(100)
    j.act(failover_at, "tom", "apply_mitigation", strategy="failover", target="postgres-payments")
    j.records.sort(key=lambda r: r.t)
    got = result(j.records, "OBJ-NO-FAILOVER", windowed)
    assert (got.rating, got.target) == (
        rating,
        "never apply_mitigation strategy=failover ≤ 10m after declare",
    )


def test_objective_anchored_on_an_inject_that_never_fired_is_na() -> None:
    bundle = fixture_bundle()
    objective = dataclasses.replace(bundle.scenario.objectives[0], after="cfo-ping")
    scenario = dataclasses.replace(bundle.scenario, objectives=(objective,))
    got = result(
        J().detected(0, 60).records, "OBJ-ACK", dataclasses.replace(bundle, scenario=scenario)
    )
    assert (got.rating, got.notes) == (NA, ("Inject cfo-ping never fired.",))


# ------------------------------------------------------------------ weights


def test_scenario_weights_override_team_weights_and_defaults() -> None:
    bundle = fixture_bundle()
    team = dataclasses.replace(bundle.team, weights=(("timings", 50.0), ("severity", 0.0)))
    scenario = dataclasses.replace(bundle.scenario, weights=(("timings", 0.0), ("bogus", 3.0)))
    weighted = dataclasses.replace(bundle, team=team, scenario=scenario)
    records = J().detected(0, 60).declare(100, "SEV-4").records
    card = score(records, weighted)
    weights = dict(card.weights)
    assert (weights["timings"], weights["severity"], weights["roles"]) == (0.0, 0.0, 15.0)
    assert card.notes == (
        "The scenario's weights name an unknown family 'bogus' (ignored); families: timings, "
        "severity, roles, communication, escalation, mitigation, resolution, scenario.",
    )
    used = [(f.score, f.weight) for f in card.families if f.score is not None and f.weight > 0]
    expected = round(sum(s * w for s, w in used) / sum(w for _, w in used), 1)
    assert card.overall_score == expected
    assert card.overall_score != score(records, bundle).overall_score
