"""Loading the canonical example files into the model the engine, scoring and GUI build on."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from simulator.loading import (
    load_bundle,
    load_bundle_or_raise,
    load_runbook,
    load_runbooks,
    load_scenario,
    load_team,
)
from simulator.model import (
    GUIDE_SEVERITY_POLICY,
    Condition,
    Effect,
    Severity,
    SeverityRule,
    Strategy,
)
from simulator.problems import Level, LoadError
from simulator.vocabulary import strategies_in

# Frozen copies of the canonical examples (the live ones under scenarios/ keep evolving and
# are checked by test_loading_bundled.py).
SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "loading" / "library"
PAYMENTS = SCENARIOS / "payments-bad-deploy.yaml"
ACME = SCENARIOS / "teams" / "acme-platform.yaml"
RUNBOOK = SCENARIOS / "runbooks" / "PaymentsAPIHighErrorRate.md"


def test_payments_scenario_loads_into_the_model() -> None:
    scenario, problems = load_scenario(PAYMENTS)
    assert [p for p in problems if p.level is Level.ERROR] == []
    assert scenario is not None
    assert scenario.id == "payments-bad-deploy"
    assert scenario.clock.start.isoformat() == "2026-03-10T14:02:00+01:00"
    assert scenario.clock.time_limit == 7200.0
    api = scenario.service("payments-api")
    assert api is not None
    assert api.depends_on == ("postgres-payments", "tokenvault")
    assert api.metrics[0].alert == "PaymentsAPIHighErrorRate"
    assert api.metrics[0].alert_for == 120.0
    assert api.metrics[1].alert_for == 60.0
    assert scenario.truth.severity is Severity.SEV2
    assert scenario.truth.impact.start == 180.0
    assert [p.at for p in scenario.truth.impact.users] == [0.0, 120.0, 600.0, 1800.0]
    restart = scenario.truth.mitigations[1]
    assert (restart.strategy, restart.effect, restart.amount, restart.relapse_after) == (
        Strategy.RESTART,
        Effect.REDUCES,
        30.0,
        240.0,
    )
    rollback_done = scenario.injects[-1]
    assert rollback_done.at is None
    assert rollback_done.when == Condition(
        after_action="apply_mitigation", delay=360.0, params=(("strategy", "rollback"),)
    )
    nag = scenario.injects[5].when
    assert nag == Condition(unless_action="post_status_page", by=1500.0)
    assert scenario.objectives[1].params == (
        ("strategy", "rollback"),
        ("target", "payments-api"),
    )
    assert scenario.objectives[1].weight == 2.0
    assert scenario.alerts() == ("PaymentsAPIHighErrorRate", "PaymentsAPILatencyHigh")
    assert scenario.source == str(PAYMENTS)


def test_team_merges_its_severity_policy_over_the_guide() -> None:
    team, problems = load_team(ACME)
    assert problems == []
    assert team is not None
    assert team.on_call.primary == "maria"
    assert [level.targets for level in team.escalation.levels] == [
        ("maria",),
        ("aiko", "james"),
        ("grace",),
    ]
    assert team.escalation.repeats == 2
    assert team.rule(Severity.SEV4) == SeverityRule(86400.0, None, False, 1)
    assert team.severity_policy == GUIDE_SEVERITY_POLICY


def test_a_partial_severity_policy_keeps_the_guide_for_the_rest(tmp_path: Path) -> None:
    text = ACME.read_text(encoding="utf-8")
    head = text.split("severity_policy:")[0]
    tail = text.split("stakeholders:")[1]
    partial = head + "severity_policy:\n  SEV-2: {update_every: 20m}\nstakeholders:" + tail
    path = tmp_path / "team.yaml"
    path.write_text(partial, encoding="utf-8")
    team, problems = load_team(path)
    assert problems == []
    assert team is not None
    assert team.rule(Severity.SEV2) == SeverityRule(1800.0, 1200.0, True, 2)
    assert team.rule(Severity.SEV1) == dict(GUIDE_SEVERITY_POLICY)[Severity.SEV1]


def test_runbook_is_parsed_in_the_guides_structure() -> None:
    runbook, problems = load_runbook(RUNBOOK)
    assert problems == []
    assert runbook is not None
    assert runbook.title == "PaymentsAPIHighErrorRate"
    assert runbook.investigation[1] == (
        "Run `argocd app history payments-api` to see what was deployed in the last hour."
    )
    assert [c.description for c in runbook.causes] == [
        "A bad release",
        "TokenVault unavailable",
        "Connection pool exhaustion",
    ]
    assert runbook.causes[0].fix.startswith("Roll back: `argocd app rollback")
    assert runbook.resources[0] == "Dashboard: grafana/d/payments-golden"
    assert runbook.strategies == (
        Strategy.ROLLBACK,
        Strategy.RESTART,
        Strategy.FAILOVER,
        Strategy.SCALE,
        Strategy.FEATURE_FLAG,
    )


def test_bundle_pins_every_file_by_hash() -> None:
    bundle, problems = load_bundle(PAYMENTS)
    assert bundle is not None, [p.format() for p in problems]
    assert bundle.team.id == "acme-platform"
    assert bundle.hashes["scenario"] == hashlib.sha256(PAYMENTS.read_bytes()).hexdigest()
    assert bundle.hashes["team"] == hashlib.sha256(ACME.read_bytes()).hexdigest()
    assert (
        bundle.hashes["runbook:PaymentsAPIHighErrorRate"]
        == hashlib.sha256(RUNBOOK.read_bytes()).hexdigest()
    )
    assert bundle.scenario_path == str(PAYMENTS)
    assert bundle.team_path == str(ACME)
    assert bundle.runbooks_path == str(SCENARIOS / "runbooks")
    assert bundle.runbook_for("PaymentsAPIHighErrorRate") is not None


def test_bundle_warns_about_an_alert_without_runbook() -> None:
    _bundle, problems = load_bundle(PAYMENTS)
    warnings = [p.format() for p in problems if p.level is Level.WARNING]
    assert (
        f"{PAYMENTS}:38:16: warning: services[0].metrics[1].alert: alert "
        f"'PaymentsAPILatencyHigh' has no runbook (in {SCENARIOS / 'runbooks'}) "
        "(add a runbook titled '# PaymentsAPILatencyHigh')"
    ) in warnings


def test_explicit_team_and_runbooks_override_the_scenarios(tmp_path: Path) -> None:
    empty = tmp_path / "runbooks"
    empty.mkdir()
    bundle, problems = load_bundle(PAYMENTS, ACME, empty)
    assert bundle is not None
    assert dict(bundle.runbooks) == {}
    assert sorted(p.message for p in problems if p.level is Level.WARNING) == [
        f"alert 'PaymentsAPIHighErrorRate' has no runbook (in {empty})",
        f"alert 'PaymentsAPILatencyHigh' has no runbook (in {empty})",
    ]


def test_load_bundle_or_raise_carries_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "s.yaml"
    broken.write_text(
        PAYMENTS.read_text(encoding="utf-8").replace(
            "team: teams/acme-platform.yaml", "team: x.yaml"
        ),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load_bundle_or_raise(broken)
    assert [p.message for p in caught.value.problems if p.level is Level.ERROR] == [
        f"the team file 'x.yaml' does not exist ({tmp_path / 'x.yaml'})",
        f"the runbook folder 'runbooks/' does not exist ({tmp_path / 'runbooks'})",
    ]


def test_runbook_folder_loads_by_title() -> None:
    runbooks, problems = load_runbooks(SCENARIOS / "runbooks")
    assert [p for p in problems if p.level is Level.ERROR] == []
    assert "PaymentsAPIHighErrorRate" in runbooks


def _library(tmp_path: Path, scenario_edit: tuple[str, str] | None = None) -> Path:
    """A copy of the payments bundle in ``tmp_path`` (scenario optionally edited)."""
    (tmp_path / "teams").mkdir()
    (tmp_path / "runbooks").mkdir()
    text = PAYMENTS.read_text(encoding="utf-8")
    if scenario_edit is not None:
        assert text.count(scenario_edit[0]) == 1
        text = text.replace(*scenario_edit)
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "teams" / "acme-platform.yaml").write_bytes(ACME.read_bytes())
    (tmp_path / "runbooks" / RUNBOOK.name).write_bytes(RUNBOOK.read_bytes())
    return tmp_path / "s.yaml"


def test_people_named_in_action_params_must_be_in_the_team(tmp_path: Path) -> None:
    scenario = _library(
        tmp_path,
        (
            "    forbidden: true\n",
            "    forbidden: true\n"
            "  - id: OBJ-COMMS\n"
            "    description: Sam takes communications.\n"
            "    action: assign_role\n"
            "    params: {person: sma, role: communications_lead}\n",
        ),
    )
    bundle, problems = load_bundle(scenario)
    assert bundle is None
    assert [p.format() for p in problems if p.level is Level.ERROR] == [
        f"{scenario}:252:22: error: objectives[3].params.person: unknown person of team "
        "acme-platform 'sma'; expected one of maria, james, aiko, sam, lena, tom, noor, grace "
        "(did you mean 'sam'?)"
    ]


def test_a_misspelt_team_file_gets_a_suggestion(tmp_path: Path) -> None:
    scenario = _library(
        tmp_path, ("team: teams/acme-platform.yaml", "team: teams/acme-platfrom.yaml")
    )
    bundle, problems = load_bundle(scenario)
    assert bundle is None
    assert [p.format() for p in problems if p.level is Level.ERROR] == [
        f"{scenario}:11:7: error: team: the team file 'teams/acme-platfrom.yaml' does not exist "
        f"({tmp_path / 'teams' / 'acme-platfrom.yaml'}) "
        "(did you mean 'teams/acme-platform.yaml'?)"
    ]


def test_a_misspelt_alert_suggests_the_runbook(tmp_path: Path) -> None:
    scenario = _library(
        tmp_path,
        ("alert: PaymentsAPIHighErrorRate\n    text", "alert: PaymentsApiHighErrorRate\n    text"),
    )
    bundle, problems = load_bundle(scenario)
    assert bundle is not None
    assert [p.format() for p in problems] == [
        f"{scenario}:38:16: warning: services[0].metrics[1].alert: alert "
        f"'PaymentsAPILatencyHigh' has no runbook (in {tmp_path / 'runbooks'}) "
        "(add a runbook titled '# PaymentsAPILatencyHigh')",
        f"{scenario}:141:12: warning: injects[1].alert: alert 'PaymentsApiHighErrorRate' has no "
        f"runbook (in {tmp_path / 'runbooks'}) (did you mean 'PaymentsAPIHighErrorRate'?)",
    ]


def test_two_runbooks_with_one_title_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(RUNBOOK.read_bytes())
    (tmp_path / "b.md").write_bytes(RUNBOOK.read_bytes())
    (tmp_path / "README.md").write_text("# Not a runbook\n", encoding="utf-8")
    runbooks, problems = load_runbooks(tmp_path)
    assert list(runbooks) == ["PaymentsAPIHighErrorRate"]
    assert [p.format() for p in problems] == [
        f"{tmp_path / 'b.md'}:1:1: error: another runbook has the title "
        f"'PaymentsAPIHighErrorRate' ({tmp_path / 'a.md'}) "
        "(each alert has one runbook; merge or rename them)"
    ]


def test_a_scenario_without_team_needs_one_given(tmp_path: Path) -> None:
    scenario = _library(tmp_path, ("team: teams/acme-platform.yaml\n", ""))
    bundle, problems = load_bundle(scenario)
    assert bundle is None
    assert [p.format() for p in problems if p.level is Level.ERROR] == [
        f"{scenario}:0:0: error: team: the scenario names no team "
        "(add 'team: teams/<team>.yaml' or pass a team file)"
    ]
    bundle, problems = load_bundle(scenario, tmp_path / "teams" / "acme-platform.yaml")
    assert bundle is not None


@pytest.mark.parametrize(
    "fix,strategies",
    [
        ("Roll back: `argocd app rollback api <rev>`.", ["rollback"]),
        ("Revert the config change, then restart the pods.", ["rollback", "restart"]),
        ("Do not fail over; roll back instead.", ["rollback"]),
        ("Never restart the primary. Scale out to 18 replicas.", ["scale"]),
        ("Promote the standby replica with `patronictl failover`.", ["failover"]),
        ("Turn the `checkout.v2` feature flag off.", ["feature_flag"]),
        ("Rate-limit /login at the WAF and block the ASN.", ["block_traffic"]),
        ("Page the database owner.", []),
    ],
)
def test_strategies_are_read_from_fix_texts(fix: str, strategies: list[str]) -> None:
    assert [s.value for s in strategies_in(fix)] == strategies
