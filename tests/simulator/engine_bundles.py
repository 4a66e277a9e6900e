"""Small bundles built in Python for the engine tests (no YAML, so they test the engine only)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from simulator.bundle import Bundle
from simulator.model import (
    GUIDE_SEVERITY_POLICY,
    Channel,
    Clock,
    Clue,
    Condition,
    Effect,
    EscalationLevel,
    EscalationPolicy,
    Experience,
    Impact,
    Inject,
    InjectKind,
    Metric,
    MetricShape,
    Mitigation,
    OnCall,
    Person,
    Point,
    Role,
    Runbook,
    Scenario,
    Service,
    Severity,
    Stakeholder,
    Strategy,
    Team,
    Tool,
    Truth,
)

START = datetime(2026, 3, 10, 14, 0, tzinfo=timezone(timedelta(hours=1)))


def small_scenario(
    *,
    mitigations: tuple[Mitigation, ...] | None = None,
    alert_for: float = 60.0,
    injects: tuple[Inject, ...] | None = None,
    start: datetime = START,
    time_limit: float = 3600.0,
) -> Scenario:
    """One API whose error rate climbs from 1% to 41% over 4 minutes after t=2m."""
    api = Service(
        id="api",
        name="Shop API",
        metrics=(
            Metric(
                id="errors",
                name="5xx rate",
                unit="%",
                baseline=1.0,
                alert_threshold=5.0,
                alert="ApiErrors",
                alert_for=alert_for,
            ),
            Metric(id="latency", name="p99", unit="ms", baseline=200.0),
        ),
    )
    db = Service(id="db", name="Database", customer_facing=False)
    impact = Impact(
        start=120.0,
        users=(Point(0.0, 0.0), Point(240.0, 1000.0)),
        metrics=(
            MetricShape("api", "errors", (Point(0.0, 1.0), Point(240.0, 41.0))),
            MetricShape("api", "latency", (Point(0.0, 200.0), Point(240.0, 600.0))),
        ),
        total_users=5000,
    )
    if mitigations is None:
        mitigations = (
            Mitigation(Strategy.ROLLBACK, "api", Effect.RESOLVES, takes=180.0),
            Mitigation(
                Strategy.RESTART, "api", Effect.REDUCES, takes=60.0, amount=50, relapse_after=120.0
            ),
            Mitigation(Strategy.SCALE, "api", Effect.NONE, takes=60.0),
            Mitigation(Strategy.FAILOVER, "db", Effect.WORSENS, takes=60.0, amount=20),
        )
    if injects is None:
        injects = (
            Inject(
                id="deploy",
                kind=InjectKind.DEPLOY,
                sender="CI",
                channel=Channel.CHAT,
                text="api v2 deployed",
                at=60.0,
                service="api",
            ),
            Inject(
                id="herring",
                kind=InjectKind.RED_HERRING,
                sender="Grafana",
                channel=Channel.DASHBOARD,
                text="db CPU 70%",
                at=600.0,
                service="db",
            ),
            Inject(
                id="rolled",
                kind=InjectKind.INTERNAL_REPORT,
                sender="CI",
                channel=Channel.CHAT,
                text="rollback done",
                when=Condition(
                    after_action="apply_mitigation", params=(("strategy", "rollback"),), delay=180.0
                ),
            ),
            Inject(
                id="nag",
                kind=InjectKind.STAKEHOLDER_QUESTION,
                sender="Support",
                channel=Channel.CHAT,
                text="status page please",
                when=Condition(unless_action="post_status_page", by=1500.0),
            ),
        )
    return Scenario(
        id="small",
        title="Small shop outage",
        summary="A bad deploy of the shop API.",
        clock=Clock(start=start, time_limit=time_limit),
        services=(api, db),
        truth=Truth(
            severity=Severity.SEV2,
            root_cause="v2 has a bug",
            impact=impact,
            mitigations=mitigations,
        ),
        injects=injects,
        clues=(
            Clue(
                id="logs-bug",
                tool=Tool.LOGS,
                match=("api", "error"),
                reveals="NullPointerException in v2",
                available_after=120.0,
                relevant=True,
                finding="v2 throws NPE",
            ),
            Clue(
                id="deploys",
                tool=Tool.DEPLOY_HISTORY,
                match=(),
                reveals="api v2 at 00:01",
                relevant=True,
                finding="v2 deployed just before",
            ),
            Clue(
                id="db-cpu", tool=Tool.METRICS, match=("db",), reveals="db CPU 70%", misleading=True
            ),
        ),
    )


def small_team(
    *,
    levels: tuple[EscalationLevel, ...] | None = None,
    repeats: int = 0,
    experience: Experience = Experience.SENIOR,
    timezone_name: str = "Europe/Berlin",
) -> Team:
    """Four people: ann (IC, on call), bob (tech lead), cat (comms/scribe), dan (VP)."""
    people = (
        Person(
            "ann", "Ann", (Role.INCIDENT_COMMANDER, Role.TECHNICAL_LEAD), experience, timezone_name
        ),
        Person(
            "bob",
            "Bob",
            (Role.TECHNICAL_LEAD, Role.SUBJECT_MATTER_EXPERT),
            experience,
            timezone_name,
            services=("api",),
        ),
        Person("cat", "Cat", (Role.COMMUNICATIONS_LEAD, Role.SCRIBE), experience, timezone_name),
        Person("dan", "Dan", (Role.INCIDENT_COMMANDER,), experience, timezone_name),
        Person("eve", "Eve", (Role.SCRIBE, Role.SUBJECT_MATTER_EXPERT), experience, timezone_name),
    )
    if levels is None:
        levels = (
            EscalationLevel(1, ("ann",), 300.0),
            EscalationLevel(2, ("bob",), 600.0),
            EscalationLevel(3, ("dan",), 900.0),
        )
    return Team(
        id="small-team",
        name="Small team",
        people=people,
        on_call=OnCall("ann", "bob"),
        escalation=EscalationPolicy(levels, repeats=repeats),
        severity_policy=GUIDE_SEVERITY_POLICY,
        stakeholders=(Stakeholder("sue", "Sue", "Support lead"),),
    )


def runbook() -> Runbook:
    """A runbook for the ApiErrors alert."""
    return Runbook(
        title="ApiErrors",
        overview="The shop API returns errors.",
        severity_assessment="Above 20%: SEV-2.",
        investigation=("Check the api error logs.", "Check the deploy history of api."),
        causes=(),
        escalation="Page the tech lead.",
        resources=(),
        strategies=(Strategy.ROLLBACK,),
    )


def small_bundle(**kwargs: object) -> Bundle:
    """The small scenario with the small team and its runbook."""
    team_kwargs = {
        k: kwargs.pop(k)
        for k in list(kwargs)
        if k in ("levels", "repeats", "experience", "timezone_name")
    }
    with_runbook = bool(kwargs.pop("with_runbook", True))
    scenario = small_scenario(**kwargs)  # type: ignore[arg-type]
    team = small_team(**team_kwargs)  # type: ignore[arg-type]
    books = {"ApiErrors": runbook()} if with_runbook else {}
    return Bundle(scenario, team, books, hashes={"scenario": "s" * 64, "team": "t" * 64})
