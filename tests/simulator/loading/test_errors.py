"""A table of broken documents, each with the exact problems a facilitator would read.

Every case edits one of the small valid fixtures (tests/simulator/fixtures/loading) and
asserts the complete list of formatted problems (file:line:col: level: path: message (hint)),
so a changed message, a lost location or a follow-up error that should not appear fails.
"""

# Expected messages stay whole, exactly as a user reads them, even past the line length.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.loading.files import runbook_from_bytes, scenario_from_bytes, team_from_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loading"
SCENARIO = "scenario"
TEAM = "team"
RUNBOOK = "runbook"
_FILES = {
    SCENARIO: ("mini-scenario.yaml", "scenario.yaml"),
    TEAM: ("mini-team.yaml", "team.yaml"),
    RUNBOOK: ("ApiErrors.md", "ApiErrors.md"),
}


@dataclass(frozen=True)
class Case:
    """Replace ``old`` (exactly once) by ``new`` in a fixture; None replaces the whole file,
    and a ``new`` starting with "APPEND" is added at the end."""

    name: str
    kind: str
    old: str | None
    new: str
    expected: list[str]


def problems_of(kind: str, text: str) -> list[str]:
    """The formatted problems of ``text`` read as ``kind``."""
    name = _FILES[kind][1]
    data = text.encode("utf-8")
    if kind == SCENARIO:
        problems = scenario_from_bytes(data, name)[1]
    elif kind == TEAM:
        problems = team_from_bytes(data, name)[1]
    else:
        problems = runbook_from_bytes(data, name)[1]
    return [p.format() for p in problems]


def edited(case: Case) -> str:
    """The fixture with the case's edit applied."""
    text = (FIXTURES / _FILES[case.kind][0]).read_text(encoding="utf-8")
    if case.old is None:
        if case.new.startswith("APPEND\n"):
            return text + case.new.removeprefix("APPEND\n")
        return case.new
    assert text.count(case.old) == 1, f"{case.name}: the edit must match exactly once"
    return text.replace(case.old, case.new)


CASES = [
    Case(
        "unknown-key",
        SCENARIO,
        "        alert_threshold: 5\n",
        "        alert_treshold: 5\n",
        [
            "scenario.yaml:16:9: error: services[0].metrics[0].alert_treshold: unknown key 'alert_treshold' in a metric; expected one of id, name, unit, baseline, alert_threshold, direction, alert, alert_for (did you mean 'alert_threshold'?)",
        ],
    ),
    Case(
        "duplicate-key",
        SCENARIO,
        "title: Mini\n",
        "title: Mini\ntitle: Again\n",
        [
            "scenario.yaml:4:1: error: title: duplicate key 'title' (first written at line 3) (remove one of them)",
        ],
    ),
    Case(
        "missing-required",
        SCENARIO,
        "summary: A tiny scenario.\n",
        "",
        [
            "scenario.yaml:1:1: error: missing required key 'summary': what happens, for the facilitator (add 'summary:' to a scenario)",
        ],
    ),
    Case(
        "bad-enum",
        SCENARIO,
        "severity: SEV-3",
        "severity: sev3",
        [
            "scenario.yaml:21:13: error: truth.severity: 'sev3' is not one of SEV-1, SEV-2, SEV-3, SEV-4 (did you mean 'SEV-3'?)",
        ],
    ),
    Case(
        "bad-enum-case",
        SCENARIO,
        "channel: pager",
        "channel: Pager",
        [
            "scenario.yaml:38:14: error: injects[0].channel: 'Pager' is not one of pager, chat, email, phone, ticket, status_page, dashboard (did you mean 'pager'?)",
        ],
    ),
    Case(
        "bad-duration",
        SCENARIO,
        "    at: 4m\n",
        "    at: 4 minutes\n",
        [
            "scenario.yaml:35:9: error: injects[0].at: expected a duration like 90s, 5m or 1h30m, got '4 minutes' (write '4m')",
        ],
    ),
    Case(
        "bare-number-duration",
        SCENARIO,
        "takes: 5m",
        "takes: 300",
        [
            "scenario.yaml:32:14: error: truth.mitigations[0].takes: expected a duration like 90s, 5m or 1h30m, got '300' (add a unit: '300s' or '300m')",
        ],
    ),
    Case(
        "naive-time",
        SCENARIO,
        '"2026-03-10T03:00:00+01:00"',
        '"2026-03-10T03:00:00"',
        [
            "scenario.yaml:6:10: error: clock.start: '2026-03-10T03:00:00' has no time zone; expected one like 2026-03-10T14:02:00+01:00 (append a UTC offset such as +01:00, or Z)",
        ],
    ),
    Case(
        "bad-time",
        SCENARIO,
        '"2026-03-10T03:00:00+01:00"',
        "next tuesday",
        [
            "scenario.yaml:6:10: error: clock.start: expected an ISO 8601 date-time like 2026-03-10T14:02:00+01:00, got 'next tuesday'",
        ],
    ),
    Case(
        "wrong-type-list",
        SCENARIO,
        "baseline: 0.5",
        "baseline: [0.5]",
        [
            "scenario.yaml:15:19: error: services[0].metrics[0].baseline: expected a number, got a list",
        ],
    ),
    Case(
        "number-with-percent",
        SCENARIO,
        "baseline: 0.5",
        "baseline: 0.5%",
        [
            "scenario.yaml:15:19: error: services[0].metrics[0].baseline: expected a number, got '0.5%' (write the number without '%': 0.5)",
        ],
    ),
    Case(
        "bool-wanted",
        SCENARIO,
        "    name: Database\n",
        "    name: Database\n    customer_facing: maybe\n",
        [
            "scenario.yaml:20:22: error: services[1].customer_facing: expected true or false, got 'maybe'",
        ],
    ),
    Case(
        "format-missing",
        SCENARIO,
        "format: gameday/scenario@1\n",
        "",
        [
            "scenario.yaml:1:1: error: missing required key 'format': the format and its version (add 'format: gameday/scenario@1' to a scenario)",
        ],
    ),
    Case(
        "format-misspelt",
        SCENARIO,
        "format: gameday/scenario@1",
        "format: gameday/scenaro@1",
        [
            "scenario.yaml:1:9: error: format: 'gameday/scenaro@1' is not one of gameday/scenario@1 (did you mean 'gameday/scenario@1'?)",
        ],
    ),
    Case(
        "team-given-as-scenario",
        SCENARIO,
        "format: gameday/scenario@1",
        "format: gameday/team@1",
        [
            "scenario.yaml:1:9: error: format: this is a team file (gameday/team@1); expected a scenario (gameday/scenario@1) (pass it where a team is expected)",
        ],
    ),
    Case(
        "inject-neither-at-nor-when",
        SCENARIO,
        "    at: 4m\n",
        "",
        [
            "scenario.yaml:34:5: error: injects[0]: an inject needs either 'at: <time>' or 'when: <condition>' (add 'at: 5m' or a 'when:' condition)",
        ],
    ),
    Case(
        "inject-at-and-when",
        SCENARIO,
        "    at: 4m\n",
        "    at: 4m\n    when: {after_action: declare_incident}\n",
        [
            "scenario.yaml:36:11: error: injects[0].when: an inject has either 'at' or 'when', not both (remove one of them)",
        ],
    ),
    Case(
        "unknown-action-in-condition",
        SCENARIO,
        "    at: 4m\n",
        "    when: {after_action: acknowledge}\n",
        [
            "scenario.yaml:35:26: error: injects[0].when.after_action: 'acknowledge' is not one of acknowledge_page, join, declare_incident, set_severity, assign_role, assign_task, follow_up_task, report_task, query_tool, propose_mitigation, propose_action, approve_proposal, decline_proposal, apply_mitigation, post_update, post_status_page, page_person, escalate, open_bridge, hand_over_command, mark_resolved, add_note, set_hints, say, fire_inject, delay_inject, skip_inject, adhoc_inject, facilitator_note, reveal_truth (did you mean 'acknowledge_page'?)",
        ],
    ),
    Case(
        "unless-without-by",
        SCENARIO,
        "    at: 4m\n",
        "    when: {unless_action: post_status_page}\n",
        [
            "scenario.yaml:35:11: error: injects[0].when: 'unless_action' needs 'by', its deadline (add 'by: 20m')",
        ],
    ),
    Case(
        "unknown-service-target",
        SCENARIO,
        "      target: api\n",
        "      target: apii\n",
        [
            "scenario.yaml:30:15: error: truth.mitigations[0].target: unknown service 'apii'; expected one of api, db (did you mean 'api'?)",
        ],
    ),
    Case(
        "unknown-depends-on",
        SCENARIO,
        "    name: Database\n",
        "    name: Database\n    depends_on: [ap]\n",
        [
            "scenario.yaml:20:18: error: services[1].depends_on[0]: unknown service 'ap'; expected one of api, db (did you mean 'api'?)",
        ],
    ),
    Case(
        "unknown-objective-ref",
        SCENARIO,
        "objective: OBJ-ACK",
        "objective: OBJ-AKC",
        [
            "scenario.yaml:41:16: error: injects[0].objective: unknown objective 'OBJ-AKC'; expected one of OBJ-ACK (did you mean 'OBJ-ACK'?)",
        ],
    ),
    Case(
        "unknown-param",
        SCENARIO,
        "    within: 5m\n",
        "    within: 5m\n    params: {strategi: rollback}\n",
        [
            "scenario.yaml:47:14: error: objectives[0].params.strategi: action acknowledge_page takes no parameters",
        ],
    ),
    Case(
        "bad-param-enum",
        SCENARIO,
        "    action: acknowledge_page\n",
        "    action: apply_mitigation\n    params: {strategy: rolback}\n",
        [
            "scenario.yaml:46:24: error: objectives[0].params.strategy: 'rolback' is not one of rollback, restart, failover, scale, feature_flag, block_traffic (did you mean 'rollback'?)",
        ],
    ),
    Case(
        "points-out-of-order",
        SCENARIO,
        "{at: 5m, value: 100}",
        "{at: 0s, value: 100}",
        [
            "scenario.yaml:27:14: error: truth.impact.users[1].at: points are not in time order: this one is not later than the one before (sort the points by 'at')",
        ],
    ),
    Case(
        "percent-out-of-range",
        SCENARIO,
        "      effect: resolves\n",
        "      effect: reduces\n      amount: 140\n",
        [
            "scenario.yaml:32:15: error: truth.mitigations[0].amount: 140 is out of range; expected a value between 0 and 100",
        ],
    ),
    Case(
        "reduces-without-amount",
        SCENARIO,
        "effect: resolves",
        "effect: reduces",
        [
            "scenario.yaml:29:7: error: truth.mitigations[0]: effect 'reduces' needs 'amount', the percent it reduces the impact by (add 'amount: 30' for 30%)",
        ],
    ),
    Case(
        "threshold-without-alert",
        SCENARIO,
        "        alert: ApiErrors\n",
        "",
        [
            "scenario.yaml:16:26: error: services[0].metrics[0].alert_threshold: alert_threshold needs an alert name to fire (add 'alert: <AlertName>', the title of its runbook)",
        ],
    ),
    Case(
        "alert-inject-without-alert",
        SCENARIO,
        "    alert: ApiErrors\n    text:",
        "    text:",
        [
            "scenario.yaml:34:5: warning: injects[0]: an alert inject without 'alert' (the alert's name) cannot be linked to a runbook (add 'alert: <AlertName>', the title of its runbook)",
        ],
    ),
    Case(
        "duplicate-service-id",
        SCENARIO,
        "  - id: db\n",
        "  - id: api\n",
        [
            "scenario.yaml:18:9: error: services[1].id: duplicate service id 'api' (first used at line 9) (ids must be unique)",
        ],
    ),
    Case(
        "empty-injects",
        SCENARIO,
        "injects:\n",
        "injects: []\nold_injects:\n",
        [
            "scenario.yaml:33:10: warning: injects: no injects: nothing but the metric alerts happens during the exercise (add alerts, customer reports or stakeholder questions to injects)",
            "scenario.yaml:34:1: error: old_injects: unknown key 'old_injects' in a scenario; expected one of format, id, title, summary, briefing, tags, difficulty, team, runbooks, clock, services, truth, injects, clues, objectives, weights (did you mean 'injects'?)",
        ],
    ),
    Case(
        "syntax-error",
        SCENARIO,
        "title: Mini\n",
        "title: Mini: the sequel\n",
        [
            "scenario.yaml:3:12: error: invalid YAML: a second ': ' on this line, after the key's own (quote the value: title: \"Mini: the sequel\")",
        ],
    ),
    Case(
        "tab-indent",
        SCENARIO,
        "  time_limit: 1h\n",
        "\ttime_limit: 1h\n",
        [
            "scenario.yaml:7:1: error: invalid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces; set the editor to insert spaces for Tab)",
        ],
    ),
    Case(
        "undefined-alias",
        SCENARIO,
        "title: Mini\n",
        "title: *name\n",
        [
            "scenario.yaml:3:8: error: invalid YAML: found undefined alias 'name' (define the anchor (&name) before using *name)",
        ],
    ),
    Case(
        "not-a-mapping",
        SCENARIO,
        None,
        "- just\n- a list\n",
        [
            "scenario.yaml:1:1: error: expected a scenario (key: value lines), got a list",
        ],
    ),
    Case(
        "anchor-unknown-objective-after",
        SCENARIO,
        "    within: 5m\n",
        "    within: 5m\n    after: first_alarm\n",
        [
            "scenario.yaml:47:12: error: objectives[0].after: unknown anchor 'first_alarm'; expected one of start, impact_start, first_alert, declare, page (did you mean 'first_alert'?)",
        ],
    ),
    Case(
        "team-unknown-person",
        TEAM,
        "  secondary: bo\n",
        "  secondary: boo\n",
        [
            "team.yaml:17:14: error: on_call.secondary: unknown person 'boo'; expected one of ana, bo (did you mean 'bo'?)",
        ],
    ),
    Case(
        "team-escalation-target",
        TEAM,
        "targets: [bo]",
        "targets: [bob]",
        [
            "team.yaml:24:17: error: escalation.levels[1].targets[0]: unknown person 'bob'; expected one of ana, bo (did you mean 'bo'?)",
        ],
    ),
    Case(
        "team-bad-timezone",
        TEAM,
        "Europe/Lisbon",
        "Europe/Lisbn",
        [
            "team.yaml:9:15: error: people[0].timezone: unknown time zone 'Europe/Lisbn'; expected an IANA name like Europe/Berlin (did you mean 'Europe/Lisbon'?)",
        ],
    ),
    Case(
        "team-bad-role",
        TEAM,
        "roles: [communications_lead]",
        "roles: [comms_lead]",
        [
            "team.yaml:12:13: error: people[1].roles[0]: 'comms_lead' is not one of incident_commander, technical_lead, communications_lead, scribe, subject_matter_expert (did you mean 'communications_lead'?)",
        ],
    ),
    Case(
        "team-levels-out-of-order",
        TEAM,
        "    - level: 2\n",
        "    - level: 1\n",
        [
            "team.yaml:23:14: error: escalation.levels[1].level: level 1 comes after level 1; expected levels in increasing order (list the levels in increasing order; a level may be left out)",
        ],
    ),
    Case(
        "team-bad-severity-key",
        TEAM,
        None,
        "APPEND\nseverity_policy:\n  SEV2: {response_time: 10m}\n",
        [
            "team.yaml:30:3: error: severity_policy.SEV2: unknown key 'SEV2'; expected one of SEV-1, SEV-2, SEV-3, SEV-4 (did you mean 'SEV-2'?)",
        ],
    ),
    Case(
        "team-bad-severity-level",
        TEAM,
        None,
        "APPEND\nseverity_policy:\n  SEV-3: {escalation_level: 4}\n",
        [
            "team.yaml:30:29: error: severity_policy.SEV-3.escalation_level: 4 is out of range; expected a value between 1 and 3",
        ],
    ),
    Case(
        "team-duplicate-person",
        TEAM,
        "  - id: bo\n",
        "  - id: ana\n",
        [
            "team.yaml:10:9: error: people[1].id: duplicate person id 'ana' (first used at line 5) (ids must be unique)",
            "team.yaml:17:14: error: on_call.secondary: unknown person 'bo'; expected one of ana",
            "team.yaml:24:17: error: escalation.levels[1].targets[0]: unknown person 'bo'; expected one of ana",
            "team.yaml:27:22: error: escalation.levels[2].targets[1]: unknown person 'bo'; expected one of ana",
        ],
    ),
    Case(
        "runbook-no-title",
        RUNBOOK,
        "# ApiErrors\n",
        "",
        [
            "ApiErrors.md:2:1: error: a runbook starts with '# <AlertName>' (its title), got '## Overview' (add the title line '# <AlertName>' above '## Overview'; it links the runbook to the alert of that name)",
        ],
    ),
    Case(
        "runbook-unknown-section",
        RUNBOOK,
        "## Escalation\n",
        "## Escalaton\n",
        [
            "ApiErrors.md:18:1: error: Escalaton: unknown section '## Escalaton'; expected one of Overview, Severity Assessment, Initial Investigation, Common Causes and Fixes, Escalation, Related Resources (did you mean 'Escalation'?)",
        ],
    ),
    Case(
        "runbook-missing-fix",
        RUNBOOK,
        "**Fix:** Roll back with `argocd app rollback api`.\n",
        "",
        [
            "ApiErrors.md:14:1: error: Common Causes and Fixes[0]: cause 'A bad release' has no **Fix:** (add a line '**Fix:** ...')",
        ],
    ),
    Case(
        "runbook-bad-cause-heading",
        RUNBOOK,
        "### Cause 1: A bad release",
        "### A bad release",
        [
            "ApiErrors.md:14:1: error: Common Causes and Fixes[0]: expected '### Cause 1: <description>', got '### A bad release'",
        ],
    ),
    Case(
        "runbook-unnumbered-steps",
        RUNBOOK,
        "1. Check the API dashboard.",
        "Check the API dashboard.",
        [
            "ApiErrors.md:10:1: error: Initial Investigation: expected numbered steps (1. ..., 2. ...) (number each diagnostic step)",
        ],
    ),
    Case(
        "runbook-missing-overview",
        RUNBOOK,
        "## Overview\nThe API returns HTTP 5xx for more than 5% of requests.\n",
        "",
        [
            "ApiErrors.md:1:1: error: Overview: missing section '## Overview' (the guide's runbook structure: Overview, Severity Assessment, Initial Investigation, Common Causes and Fixes, Escalation, Related Resources)",
        ],
    ),
    Case(
        "unknown-inject-in-params",
        SCENARIO,
        "objectives:\n",
        "  - id: again\n    kind: internal_report\n    sender: Facilitator\n    channel: chat\n    text: Repeat the page.\n    when: {after_action: skip_inject, params: {inject_id: pgae}}\nobjectives:\n",
        [
            "scenario.yaml:47:59: error: injects[1].when.params.inject_id: unknown inject 'pgae'; expected one of page, again (did you mean 'page'?)",
        ],
    ),
    Case(
        "unknown-score-family",
        SCENARIO,
        "objectives:\n",
        "weights: {timing: 30}\nobjectives:\n",
        [
            "scenario.yaml:42:11: error: weights.timing: unknown score family 'timing'; expected one of timings, severity, roles, communication, escalation, mitigation, resolution, scenario (did you mean 'timings'?)",
        ],
    ),
    Case(
        "team-secondary-is-primary",
        TEAM,
        "  secondary: bo\n",
        "  secondary: ana\n",
        [
            "team.yaml:17:14: error: on_call.secondary: the secondary is the same person as the primary (name someone else or remove 'secondary')",
        ],
    ),
    Case(
        "team-misspelt-required-key",
        TEAM,
        "    experience: novice\n",
        "    experiense: novice\n",
        [
            "team.yaml:13:5: error: people[1].experiense: unknown key 'experiense' in a person; expected one of id, name, title, roles, experience, timezone, services (did you mean 'experience'?)",
        ],
    ),
    Case(
        "clue-relevant-and-misleading",
        SCENARIO,
        "objectives:\n",
        "clues:\n  - {id: c, tool: logs, match: [], reveals: x, relevant: true, misleading: true}\nobjectives:\n",
        [
            "scenario.yaml:43:76: error: clues[0].misleading: a clue cannot be both relevant and misleading",
        ],
    ),
    Case(
        "condition-both-actions",
        SCENARIO,
        "    at: 4m\n",
        "    when: {after_action: declare_incident, unless_action: escalate, by: 5m}\n",
        [
            "scenario.yaml:35:59: error: injects[0].when.unless_action: a condition has either 'after_action' or 'unless_action', not both",
        ],
    ),
]


def test_the_fixtures_are_clean() -> None:
    for kind, (fixture, _name) in _FILES.items():
        assert problems_of(kind, (FIXTURES / fixture).read_text(encoding="utf-8")) == []


def test_the_table_is_big_enough_and_names_are_unique() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_document_reports_exactly(case: Case) -> None:
    assert problems_of(case.kind, edited(case)) == case.expected
