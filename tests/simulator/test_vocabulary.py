"""The one vocabulary: role labels, the resolution checklist and strategy words."""

from __future__ import annotations

import dataclasses

import pytest

from simulator.actions import MarkResolved, PostUpdate
from simulator.model import GUIDE_STRATEGIES, Role, Strategy, Tool
from simulator.vocabulary import (
    CHECKLIST,
    CHECKLIST_WORDS,
    ROLE_LABELS,
    ROLE_NAMES,
    STRATEGY_NAMES,
    STRATEGY_WORDS,
    UPDATE_LABELS,
    UPDATE_TEMPLATE,
    checklist_ticks,
    find_strategy,
    mitigation_in,
    plural,
    role_label,
    role_title,
    strategies_in,
    strategy_in,
    tool_for,
)


def test_every_role_has_a_label() -> None:
    assert set(ROLE_LABELS) == set(Role)


def test_role_labels_read_in_a_sentence_and_as_a_title() -> None:
    assert role_label(Role.COMMUNICATIONS_LEAD) == "communications lead"
    assert role_label("subject_matter_expert") == "subject-matter expert"
    assert role_title(Role.INCIDENT_COMMANDER) == "Incident commander"
    assert role_title("subject_matter_expert") == "Subject-matter expert"


def test_unknown_role_text_is_returned_as_given() -> None:
    assert role_label("janitor") == "janitor"


def test_role_names_read_every_label_value_and_short_form() -> None:
    for role, label in ROLE_LABELS.items():
        assert ROLE_NAMES[label] is role
        assert ROLE_NAMES[role.value] is role
    assert ROLE_NAMES["comms lead"] is Role.COMMUNICATIONS_LEAD
    assert ROLE_NAMES["ic"] is Role.INCIDENT_COMMANDER
    assert ROLE_NAMES["sme"] is Role.SUBJECT_MATTER_EXPERT


def test_checklist_items_are_the_mark_resolved_fields() -> None:
    fields = {f.name for f in dataclasses.fields(MarkResolved)} - {"actor", "summary"}
    assert [key for key, _ in CHECKLIST] == [
        "metrics_normal",
        "no_recurring_errors",
        "customer_impact_resolved",
        "stakeholders_notified",
    ]
    assert {key for key, _ in CHECKLIST} == fields
    assert set(CHECKLIST_WORDS) == fields


def test_the_update_template_is_the_post_update_fields_and_reads_its_labels() -> None:
    fields = [f.name for f in dataclasses.fields(PostUpdate) if f.name != "actor"]
    assert [key for key, _ in UPDATE_TEMPLATE] == fields
    for key, label in UPDATE_TEMPLATE:
        assert UPDATE_LABELS[label.lower()] == key
    assert UPDATE_LABELS["eta to resolution"] == "eta"


def test_a_note_that_copies_the_checklist_ticks_every_item() -> None:
    assert checklist_ticks("; ".join(label for _, label in CHECKLIST)) == dict.fromkeys(
        CHECKLIST_WORDS, True
    )


def test_checklist_ticks_only_the_items_a_note_names() -> None:
    assert checklist_ticks("Resolved. Metrics normal, stakeholders notified.") == {
        "metrics_normal": True,
        "no_recurring_errors": False,
        "customer_impact_resolved": False,
        "stakeholders_notified": True,
    }


@pytest.mark.parametrize(
    "text,strategy",
    [
        ("rollback payments-api", Strategy.ROLLBACK),
        ("Rolled back the web-tier deploy", Strategy.ROLLBACK),
        ("roll-back the release", Strategy.ROLLBACK),
        ("Reverting the config change", Strategy.ROLLBACK),
        ("restart the pods", Strategy.RESTART),
        ("bouncing the api", Strategy.RESTART),
        ("Rebooted the host", Strategy.RESTART),
        ("recycle the workers", Strategy.RESTART),
        ("failed over to the replica", Strategy.FAILOVER),
        ("fail-over orders-db", Strategy.FAILOVER),
        ("Promote the standby replica", Strategy.FAILOVER),
        ("Scale out to 18 replicas", Strategy.SCALE),
        ("scaling up the cluster", Strategy.SCALE),
        ("added more capacity", Strategy.SCALE),
        ("provisioned additional nodes", Strategy.SCALE),
        ("Turn the checkout.v2 feature flag off", Strategy.FEATURE_FLAG),
        ("flip the kill-switch", Strategy.FEATURE_FLAG),
        ("Engineers disabled the bad configuration", Strategy.FEATURE_FLAG),
        ("turned off the recommendations widget", Strategy.FEATURE_FLAG),
        ("paused the sync job", Strategy.FEATURE_FLAG),
        ("Rate-limit /login at the WAF", Strategy.BLOCK_TRAFFIC),
        ("blocked the abusive ASN", Strategy.BLOCK_TRAFFIC),
        ("denylisted the client ips", Strategy.BLOCK_TRAFFIC),
        ("throttling the exporter", Strategy.BLOCK_TRAFFIC),
        ("load shedding on the edge", Strategy.BLOCK_TRAFFIC),
        # moving traffic away is a fail-over (blocking it is block traffic)
        ("drained the region", Strategy.FAILOVER),
        ("rerouted traffic to eu-west", Strategy.FAILOVER),
        ("Shifted all traffic to the west coast", Strategy.FAILOVER),
        # "…" in a phrase stands for a few words ("turn … off")
        ("Turned the new rule set off globally", Strategy.FEATURE_FLAG),
        ("killed the batch export", Strategy.FEATURE_FLAG),
        ("Moved read traffic onto extra replicas", Strategy.SCALE),
        ("Froze all deploys", None),
        ("Started restoring the cluster from last night's backup", None),
        # the first strategy of STRATEGY_WORDS wins
        ("fail over, then restart the old primary", Strategy.FAILOVER),
        ("roll back the flag change", Strategy.ROLLBACK),
        # words are whole: neither "escalate" nor "conversion" names anything
        ("escalate to the database owner", None),
        ("Engineers re-synchronising replicas", None),
        ("Page the database owner", None),
    ],
)
def test_strategy_in_reads_the_one_word_table(text: str, strategy: Strategy | None) -> None:
    assert strategy_in(text) is strategy


def test_every_strategy_name_reads_as_its_strategy() -> None:
    for name, strategy in STRATEGY_NAMES.items():
        assert strategy_in(name) is strategy, name
    # 'other' is only a real incident's mitigation in its own words: no word names it
    assert set(STRATEGY_NAMES.values()) == set(GUIDE_STRATEGIES)
    assert {s for s, _ in STRATEGY_WORDS} == set(GUIDE_STRATEGIES)
    assert set(GUIDE_STRATEGIES) == set(Strategy) - {Strategy.OTHER}


def test_find_strategy_says_where_the_word_ends() -> None:
    found = find_strategy("Rolled back the web-tier deploy")
    assert found is not None
    assert found[0] is Strategy.ROLLBACK and found[1].end() == len("Rolled back")


def test_strategies_in_lists_recommended_strategies_in_the_guides_order() -> None:
    assert strategies_in("Revert the config change, then restart the pods.") == (
        Strategy.ROLLBACK,
        Strategy.RESTART,
    )
    assert strategies_in("Block the ASN, then roll back.") == (
        Strategy.ROLLBACK,
        Strategy.BLOCK_TRAFFIC,
    )
    assert strategies_in("Do not fail over; roll back instead.") == (Strategy.ROLLBACK,)
    assert strategies_in("Scale out rather than restarting.") == (Strategy.SCALE,)


def test_mitigation_in_needs_a_service_and_no_looking() -> None:
    assert mitigation_in("check the logs", "", ["api"]) is None
    assert mitigation_in("Check whether the api flag is on", "", ["api"]) is None
    assert mitigation_in("restart it", "db", ["api", "db"]) == (Strategy.RESTART, "db")
    assert mitigation_in("roll back payments-api", "", ["api", "payments-api"]) == (
        Strategy.ROLLBACK,
        "payments-api",
    )
    assert mitigation_in("restart payments-api", "", ["api"]) is None


@pytest.mark.parametrize(
    "text,tool",
    [
        ("Check the conversion rate of the Swiss locales", Tool.METRICS),
        ("What was deployed recently?", Tool.DEPLOY_HISTORY),
        ("Check the version history of the app", Tool.DEPLOY_HISTORY),
        ("Pull the traces for checkout", Tool.TRACING),
        ("Look at the catalog service", Tool.LOGS),
        ("Grep the exceptions", Tool.LOGS),
    ],
)
def test_tool_for_reads_whole_words(text: str, tool: Tool) -> None:
    assert tool_for(text) is tool


@pytest.mark.parametrize(
    ("count", "noun", "many", "text"),
    [
        (1, "update", None, "1 update"),
        (0, "update", None, "0 updates"),
        (2, "status-page post", None, "2 status-page posts"),
        (2, "expired time-box", "expired time-boxes", "2 expired time-boxes"),
        (12000, "user", None, "12,000 users"),
    ],
)
def test_counts_read_as_people_write_them(
    count: int, noun: str, many: str | None, text: str
) -> None:
    assert plural(count, noun, many) == text
