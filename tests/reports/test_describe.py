"""One wording for records: the post-mortem's lines and the app's lines come from
reports.describe, with people by name and numbers as people say them."""

from __future__ import annotations

from typing import Any

from reports.describe import Namer, describe_line, describe_record
from simulator.bundle import Bundle
from simulator.journal import Record


def _r(kind: str, payload: dict[str, Any], actor: str = "maria") -> Record:
    return Record(7, 90.0, kind, actor, payload)


def test_the_app_says_what_the_post_mortem_says_with_names(bundle: Bundle) -> None:
    n = Namer(bundle)
    applied = _r("action", {"action": "apply_mitigation", "strategy": "rollback", "target": "api"})
    assert describe_record(applied, n) == "Maria Okafor applied rollback of api"
    assert describe_line(applied, n) == describe_record(applied, n)
    named = _r("action", {"action": "assign_role", "person": "lena", "role": "scribe"})
    assert describe_line(named, n) == "Maria Okafor named Lena Fischer scribe"


def test_talk_is_left_out_of_the_post_mortem_but_shown_in_the_app(bundle: Bundle) -> None:
    n = Namer(bundle)
    said = _r("action", {"action": "say", "text": "on it"})
    joined = _r("action", {"action": "join"})
    message = _r("message", {"channel": "chat", "text": "hello"}, actor="james")
    assert [describe_record(r, n) for r in (said, joined, message)] == [None, None, None]
    assert [describe_line(r, n) for r in (said, joined, message)] == [
        "Maria Okafor: on it",
        "Maria Okafor joined the incident",
        "James Lind: hello",
    ]


def test_alerts_and_pages_carry_their_reading_and_reason_in_the_app(bundle: Bundle) -> None:
    n = Namer(bundle)
    alert = _r(
        "alert",
        {
            "alert": "HighErrors",
            "service": "api",
            "runbook": "HighErrors",
            "metric": "error_rate",
            "value": 12.5,
            "threshold": 5,
        },
        actor="monitoring",
    )
    assert describe_record(alert, n) == "Alert HighErrors fired on api"
    assert describe_line(alert, n) == (
        "Alert HighErrors fired on api: error_rate = 12.5 (threshold 5)"
    )
    repeat = _r("alert", {**alert.payload, "repeat": 2}, actor="monitoring")
    assert describe_record(repeat, n) is None
    assert describe_line(repeat, n).startswith("Alert HighErrors fired on api (repeat 2): ")
    page = _r("page", {"person": "maria", "level": 1, "attempt": 2, "reason": "HighErrors"})
    assert describe_record(page, n) == "Maria Okafor paged again (level 1)"
    assert describe_line(page, n) == "Maria Okafor paged again (level 1): HighErrors"


def test_players_are_not_told_which_findings_matter(bundle: Bundle) -> None:
    n = Namer(bundle)
    found = _r("finding", {"tool": "deploy_history", "text": "v2.31 at 14:03", "relevant": True})
    lead = _r("finding", {"tool": "logs", "text": "GC pauses", "misleading": True})
    assert describe_line(found, n) == "Maria Okafor found in deploy history: v2.31 at 14:03"
    assert describe_line(lead, n) == "Maria Okafor found in logs: GC pauses"
    assert describe_line(found, n, truth=True) == "Finding by Maria Okafor: v2.31 at 14:03"
    assert describe_line(lead, n, truth=True) == (
        "Maria Okafor followed a misleading lead: GC pauses"
    )


def test_a_rejected_action_is_named_in_words(bundle: Bundle) -> None:
    rejected = _r("rejected", {"action": {"action": "declare_incident"}, "reason": "page first"})
    expected = "Not done — declare incident by Maria Okafor: page first"
    assert describe_record(rejected, Namer(bundle)) == expected
    assert describe_line(rejected, Namer(bundle)) == expected


def test_the_app_quotes_whole_texts_the_post_mortem_cuts_long_ones() -> None:
    note = _r("action", {"action": "add_note", "text": "x" * 300})
    assert describe_record(note, Namer(None)) == "maria noted: " + "x" * 159 + "…"
    whole = Namer(None, lambda pid: pid.title(), limit=None)
    assert describe_line(note, whole) == "Maria noted: " + "x" * 300


def test_a_task_is_described_by_its_tool_or_strategy_when_it_has_no_text() -> None:
    n = Namer(None)
    task = {"action": "assign_task", "person": "sam", "timebox": 300, "task_id": "T1"}
    by_tool = _r("action", {**task, "tool": "logs", "query": "errors"})
    by_strategy = _r("action", {**task, "strategy": "restart", "target": "api"})
    assert describe_record(by_tool, n) == (
        "maria asked sam to query logs: “errors” (time-box 5m) [T1]"
    )
    assert describe_record(by_strategy, n) == (
        "maria asked sam to apply restart of api (time-box 5m) [T1]"
    )


def test_every_record_kind_has_a_line_in_the_app() -> None:
    from simulator.journal import KINDS

    n = Namer(None)
    for kind in KINDS:
        assert describe_line(_r(kind, {}), n)
