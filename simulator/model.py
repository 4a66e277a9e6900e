"""The domain model: what a scenario, a team and a runbook *are* once loaded.

Every class here is a frozen dataclass built by the loaders in :mod:`simulator.loading`
from the YAML / Markdown files a facilitator writes. The YAML keys are the field names
written here (snake_case), so this module is also the reference for the file formats
(see ``docs/formats.md`` for the prose version with examples).

Nothing in this module knows about SimPy, Qt or the journal: the engine reads these
objects, never mutates them, and the scoring functions read them to find targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SCENARIO_FORMAT = "gameday/scenario@1"
TEAM_FORMAT = "gameday/team@1"


class Severity(StrEnum):
    """Severity levels of the guide's classification table (SEV-1 is the worst)."""

    SEV1 = "SEV-1"
    SEV2 = "SEV-2"
    SEV3 = "SEV-3"
    SEV4 = "SEV-4"

    @property
    def rank(self) -> int:
        """1 for SEV-1 ... 4 for SEV-4; a lower rank is a more severe incident."""
        return int(self.value[-1])


class Difficulty(StrEnum):
    """How hard a scenario is for the people playing it."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Strategy(StrEnum):
    """The guide's mitigation strategies (Phase 4: Mitigation)."""

    ROLLBACK = "rollback"
    RESTART = "restart"
    FAILOVER = "failover"
    SCALE = "scale"
    FEATURE_FLAG = "feature_flag"
    BLOCK_TRAFFIC = "block_traffic"
    #: A real incident's mitigation in its own words that names none of the guide's strategies
    #: ("Froze all deploys", "restored the cluster from backup"): only imported timelines record
    #: it (with the row's text); a scenario, a runbook or a player never chooses it.
    OTHER = "other"


#: The guide's strategies: what a scenario's truth, a runbook or a player may choose.
GUIDE_STRATEGIES: tuple[Strategy, ...] = tuple(s for s in Strategy if s is not Strategy.OTHER)


class Effect(StrEnum):
    """What a mitigation does to the impact once it has taken effect."""

    RESOLVES = "resolves"
    REDUCES = "reduces"
    NONE = "none"
    WORSENS = "worsens"


class InjectKind(StrEnum):
    """Kinds of master-scenario-events-list entries (detection sources of the guide + pressure)."""

    ALERT = "alert"
    CUSTOMER_REPORT = "customer_report"
    INTERNAL_REPORT = "internal_report"
    SECURITY_FINDING = "security_finding"
    SYNTHETIC_CHECK = "synthetic_check"
    METRIC_CHANGE = "metric_change"
    DEPLOY = "deploy"
    STAKEHOLDER_QUESTION = "stakeholder_question"
    EXECUTIVE_PRESSURE = "executive_pressure"
    RED_HERRING = "red_herring"


class Channel(StrEnum):
    """Where an inject reaches the players."""

    PAGER = "pager"
    CHAT = "chat"
    EMAIL = "email"
    PHONE = "phone"
    TICKET = "ticket"
    STATUS_PAGE = "status_page"
    DASHBOARD = "dashboard"


class Tool(StrEnum):
    """Investigation tools of the guide (Phase 3: Investigation)."""

    LOGS = "logs"
    METRICS = "metrics"
    TRACING = "tracing"
    DEPLOY_HISTORY = "deploy_history"


class Role(StrEnum):
    """Incident roles of the guide."""

    INCIDENT_COMMANDER = "incident_commander"
    TECHNICAL_LEAD = "technical_lead"
    COMMUNICATIONS_LEAD = "communications_lead"
    SCRIBE = "scribe"
    SUBJECT_MATTER_EXPERT = "subject_matter_expert"


#: Roles at most one person holds at a time (a subject-matter expert may be many people).
EXCLUSIVE_ROLES = frozenset(
    {Role.INCIDENT_COMMANDER, Role.TECHNICAL_LEAD, Role.COMMUNICATIONS_LEAD, Role.SCRIBE}
)


class Experience(StrEnum):
    """Behaviour profile of a simulated responder."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    SENIOR = "senior"


class Status(StrEnum):
    """Statuses of the guide's update template."""

    INVESTIGATING = "Investigating"
    IDENTIFIED = "Identified"
    MITIGATING = "Mitigating"
    MONITORING = "Monitoring"
    RESOLVED = "Resolved"


@dataclass(frozen=True)
class Location:
    """Where a value was written: 1-based line and column in a file."""

    file: str
    line: int
    column: int


# --------------------------------------------------------------------------- scenario


@dataclass(frozen=True)
class Metric:
    """A service metric as a dashboard shows it.

    ``alert`` names the alert that fires when the value crosses ``alert_threshold`` in
    ``direction`` ("above" or "below") for ``alert_for`` seconds. The alert name links to a
    runbook whose ``# Title`` is the same text.
    """

    id: str
    name: str
    unit: str
    baseline: float
    alert_threshold: float | None = None
    direction: str = "above"
    alert: str | None = None
    alert_for: float = 60.0


@dataclass(frozen=True)
class Service:
    """A service of the system under exercise."""

    id: str
    name: str
    description: str = ""
    customer_facing: bool = True
    depends_on: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()


@dataclass(frozen=True)
class Point:
    """One point of a piecewise-linear curve: ``value`` at ``at`` seconds after impact start."""

    at: float
    value: float


@dataclass(frozen=True)
class MetricShape:
    """How one metric of one service moves while the impact lasts (untreated)."""

    service: str
    metric: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Impact:
    """The untreated shape of the impact.

    ``start`` is seconds since scenario start. ``users`` and each metric curve are
    piecewise-linear in seconds *since impact start*, holding their last value after the
    last point. Mitigations scale the deviation from baseline (see :class:`Mitigation`).
    """

    start: float
    users: tuple[Point, ...]
    metrics: tuple[MetricShape, ...] = ()
    total_users: int = 0


@dataclass(frozen=True)
class Mitigation:
    """The hidden effect of applying ``strategy`` to ``target`` (a service id).

    ``effect`` resolves (impact goes to zero), reduces by ``amount`` percent, does nothing,
    or worsens by ``amount`` percent, ``takes`` seconds after it is applied. A fix that does
    not address the cause may set ``relapse_after``: the impact returns that many seconds
    after taking effect. ``cost`` is a short note of its side effects (e.g. "drops sessions").
    """

    strategy: Strategy
    target: str
    effect: Effect
    takes: float
    amount: float = 0.0
    relapse_after: float | None = None
    cost: str = ""
    note: str = ""


@dataclass(frozen=True)
class Truth:
    """What really happened: hidden from the players until the debrief."""

    severity: Severity
    root_cause: str
    impact: Impact
    mitigations: tuple[Mitigation, ...]
    contributing_factors: tuple[str, ...] = ()
    customer_visible: bool = True


@dataclass(frozen=True)
class Condition:
    """When a conditional inject fires.

    Exactly one of ``after_action`` / ``unless_action``:

    * ``after_action``: fire ``delay`` seconds after the first action of that name
      (optionally with matching ``params``) happens;
    * ``unless_action``: fire at ``by`` seconds if no such action happened before then.
    """

    after_action: str | None = None
    unless_action: str | None = None
    by: float | None = None
    delay: float = 0.0
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Inject:
    """One master-scenario-events-list entry (MSEL; see docs/reference/msel_columns.csv)."""

    id: str
    kind: InjectKind
    sender: str
    channel: Channel
    text: str
    at: float | None = None
    when: Condition | None = None
    service: str | None = None
    alert: str | None = None
    expected_action: str | None = None
    objective: str | None = None
    learning_point: str = ""


@dataclass(frozen=True)
class Clue:
    """What an investigation tool reveals for a query.

    A query matches when it contains any of ``match`` (case-insensitive) or, for an empty
    ``match``, always. ``available_after`` is seconds since scenario start (a log line does
    not exist before the event it records). ``relevant`` clues point at the root cause and
    count as a finding; ``misleading`` ones point elsewhere.
    """

    id: str
    tool: Tool
    match: tuple[str, ...]
    reveals: str
    service: str | None = None
    available_after: float = 0.0
    relevant: bool = False
    misleading: bool = False
    finding: str = ""


@dataclass(frozen=True)
class Objective:
    """A scenario-specific scorable expectation.

    The expectation is met when an action named ``action`` (with ``params`` matching, e.g.
    ``strategy: rollback``) happens within ``within`` seconds of ``after`` (an anchor:
    ``start``, ``impact_start``, ``first_alert``, ``declare`` or an inject id).
    ``forbidden`` objectives are met when the action does *not* happen.
    """

    id: str
    description: str
    action: str
    within: float | None = None
    after: str = "start"
    params: tuple[tuple[str, str], ...] = ()
    forbidden: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class Clock:
    """Wall-clock start (time of day matters for who answers a page) and the time limit."""

    start: datetime
    time_limit: float


@dataclass(frozen=True)
class Scenario:
    """A whole exercise: the world, the hidden truth and the MSEL."""

    id: str
    title: str
    summary: str
    clock: Clock
    services: tuple[Service, ...]
    truth: Truth
    injects: tuple[Inject, ...]
    clues: tuple[Clue, ...] = ()
    objectives: tuple[Objective, ...] = ()
    tags: tuple[str, ...] = ()
    difficulty: Difficulty = Difficulty.INTERMEDIATE
    team: str | None = None
    runbooks: str | None = None
    weights: tuple[tuple[str, float], ...] = ()
    source: str = ""
    #: The situation as the trainee knows it before the clock starts ("" shows the summary).
    briefing: str = ""

    def service(self, service_id: str) -> Service | None:
        """The service with that id, or None."""
        return next((s for s in self.services if s.id == service_id), None)

    def alerts(self) -> tuple[str, ...]:
        """Every alert name the scenario can fire (metric alerts and alert injects)."""
        names = [m.alert for s in self.services for m in s.metrics if m.alert]
        names += [i.alert for i in self.injects if i.alert]
        return tuple(dict.fromkeys(names))


# --------------------------------------------------------------------------- team


@dataclass(frozen=True)
class Person:
    """A member of the team (or an on-call stakeholder reached through escalation)."""

    id: str
    name: str
    roles: tuple[Role, ...]
    experience: Experience
    timezone: str
    services: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Stakeholder:
    """Someone outside the response who asks for updates (support, executives, legal)."""

    id: str
    name: str
    title: str
    executive: bool = False


@dataclass(frozen=True)
class EscalationLevel:
    """One level of the escalation policy: who is paged and how long until the next level."""

    level: int
    targets: tuple[str, ...]
    timeout: float


@dataclass(frozen=True)
class EscalationPolicy:
    """Levels 1-3 as in the guide; the whole policy repeats ``repeats`` more times."""

    levels: tuple[EscalationLevel, ...]
    repeats: int = 0


@dataclass(frozen=True)
class SeverityRule:
    """What the team promises for one severity (defaults: the guide's tables)."""

    response_time: float
    update_every: float | None
    bridge: bool
    escalation_level: int


@dataclass(frozen=True)
class OnCall:
    """The current on-call rotation."""

    primary: str
    secondary: str | None = None


@dataclass(frozen=True)
class Team:
    """People, rotation, escalation and severity policy."""

    id: str
    name: str
    people: tuple[Person, ...]
    on_call: OnCall
    escalation: EscalationPolicy
    severity_policy: tuple[tuple[Severity, SeverityRule], ...]
    stakeholders: tuple[Stakeholder, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    source: str = ""

    def person(self, person_id: str) -> Person | None:
        """The person with that id, or None."""
        return next((p for p in self.people if p.id == person_id), None)

    def rule(self, severity: Severity) -> SeverityRule:
        """The severity policy's rule for ``severity``."""
        return dict(self.severity_policy)[severity]


#: The guide's tables: response time, update cadence; bridge for SEV-1/2; level 3 for SEV-1.
#: SEV-1 "Immediate (24/7)" is taken as 5 minutes (Google SRE ch.11 user-facing target).
GUIDE_SEVERITY_POLICY: tuple[tuple[Severity, SeverityRule], ...] = (
    (Severity.SEV1, SeverityRule(300.0, 900.0, True, 3)),
    (Severity.SEV2, SeverityRule(1800.0, 1800.0, True, 2)),
    (Severity.SEV3, SeverityRule(7200.0, 3600.0, False, 1)),
    (Severity.SEV4, SeverityRule(86400.0, None, False, 1)),
)


# --------------------------------------------------------------------------- runbooks


@dataclass(frozen=True)
class RunbookCause:
    """One "Common Causes and Fixes" entry."""

    description: str
    symptoms: str
    fix: str


@dataclass(frozen=True)
class Runbook:
    """A runbook in the guide's structure, linked to the alert named by its title."""

    title: str
    overview: str
    severity_assessment: str
    investigation: tuple[str, ...]
    causes: tuple[RunbookCause, ...]
    escalation: str
    resources: tuple[str, ...]
    source: str = ""
    strategies: tuple[Strategy, ...] = field(default=())
