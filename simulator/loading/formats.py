"""The scenario and team formats, declared once.

Each YAML mapping of the formats is a :class:`Shape`: its keys (:class:`Field`), their kind,
whether they are required, their default and a one-line meaning. The generic reader
(:mod:`simulator.loading.reader`) checks documents against these shapes, the JSON Schema
writer (:mod:`simulator.loading.schema`) turns them into schemas editors understand, and the tests
check that ``docs/formats.md`` mentions every key, so the three never drift apart. The keys
are the field names of :mod:`simulator.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.actions import ACTIONS
from simulator.model import (
    GUIDE_STRATEGIES,
    SCENARIO_FORMAT,
    TEAM_FORMAT,
    Channel,
    Difficulty,
    Effect,
    Experience,
    InjectKind,
    Role,
    Severity,
    Tool,
)

#: Every format a YAML file may declare in its ``format:`` key.
FORMATS = (SCENARIO_FORMAT, TEAM_FORMAT)
#: How a duration is written (hours, minutes, seconds; at least one part).
DURATION_PATTERN = r"^(?=\d)(\d+h)?(\d+m)?(\d+(\.\d+)?s)?$"
#: Identifiers: no spaces (they are typed in conditions and shown in reports).
ID_PATTERN = r"^[^\s]+$"
#: Anchors an objective's ``within`` may count from (besides an inject id).
ANCHORS = ("start", "impact_start", "first_alert", "declare")
#: The largest magnitude of a number without bounds of its own (curve values, baselines,
#: thresholds): beyond it the engine's arithmetic stops being exact (docs/formats.md).
NUMBER_LIMIT = 1e12
#: The longest duration of any key (30 days), in seconds.
DURATION_LIMIT = 30 * 24 * 3600.0
#: The longest exercise (``clock.time_limit``): 3 days, in seconds.
TIME_LIMIT_MAX = 72 * 3600.0


class Kind(StrEnum):
    """What a key's value must be."""

    TEXT = "text"
    ID = "id"
    NUMBER = "number"
    INT = "int"
    BOOL = "bool"
    DURATION = "duration"
    DATETIME = "datetime"
    ENUM = "enum"
    TEXT_LIST = "text list"
    ENUM_LIST = "enum list"
    PARAMS = "params"
    WEIGHTS = "weights"
    OBJECT = "object"
    OBJECT_LIST = "object list"
    OBJECT_MAP = "object map"


@dataclass(frozen=True)
class Field:
    """One key of a mapping.

    ``choices`` lists an enum's values (or an object map's keys); ``shape`` is the nested
    mapping of an object / object list / object map; ``nullable`` lets ``null`` stand for
    "none" on an optional key; ``minimum`` / ``maximum`` bound numbers, ``min_items`` lists.
    ``default`` is shown in the docs and schema (None: no default / not set).
    """

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    shape: Shape | None = None
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0


@dataclass(frozen=True)
class Shape:
    """A YAML mapping: its name as users read it ("an inject"), meaning and keys."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def keys(self) -> tuple[str, ...]:
        """The key names in declaration order."""
        return tuple(f.name for f in self.fields)


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


F = Field
K = Kind
SEVERITIES = _values(Severity)
ACTION_NAMES = tuple(ACTIONS)

POINT = Shape(
    "point",
    "One point of a curve: `value` at `at` after impact start (linear in between).",
    (
        F("at", K.DURATION, "time since impact start", required=True),
        F("value", K.NUMBER, "the value at that time", required=True),
    ),
)

METRIC = Shape(
    "metric",
    "A metric of a service as its dashboard shows it, optionally alerting on a threshold.",
    (
        F("id", K.ID, "identifier, unique within the service", required=True),
        F("name", K.TEXT, "display name", required=True),
        F("unit", K.TEXT, "unit shown after values (`%`, `ms`, `rps`)", required=True),
        F("baseline", K.NUMBER, "the healthy value", required=True),
        F("alert_threshold", K.NUMBER, "value that fires `alert`", nullable=True),
        F(
            "direction",
            K.ENUM,
            "whether the alert fires above or below the threshold",
            default="above",
            choices=("above", "below"),
        ),
        F("alert", K.TEXT, "alert name; links to the runbook with that title", nullable=True),
        F("alert_for", K.DURATION, "how long the threshold must be crossed", default="60s"),
    ),
)

SERVICE = Shape(
    "service",
    "A service of the system under exercise.",
    (
        F("id", K.ID, "identifier used by targets and references", required=True),
        F("name", K.TEXT, "display name", required=True),
        F("description", K.TEXT, "what it does", default=""),
        F("customer_facing", K.BOOL, "whether customers see it", default=True),
        F("depends_on", K.TEXT_LIST, "ids of services it calls", default=[]),
        F("metrics", K.OBJECT_LIST, "its metrics", default=[], shape=METRIC),
    ),
)

CLOCK = Shape(
    "clock",
    "Wall-clock start and time limit of the exercise.",
    (
        F(
            "start",
            K.DATETIME,
            "ISO 8601 date-time with a time zone (time of day decides who answers a page)",
            required=True,
        ),
        F(
            "time_limit",
            K.DURATION,
            "the exercise ends this long after start",
            required=True,
            maximum=TIME_LIMIT_MAX,
        ),
    ),
)

METRIC_SHAPE = Shape(
    "metric curve",
    "How one metric of one service moves while the impact lasts, untreated.",
    (
        F("service", K.ID, "service id", required=True),
        F("metric", K.ID, "metric id of that service", required=True),
        F(
            "points",
            K.OBJECT_LIST,
            "curve points in time order",
            required=True,
            shape=POINT,
            min_items=1,
        ),
    ),
)

IMPACT = Shape(
    "impact",
    "The untreated shape of the impact.",
    (
        F("start", K.DURATION, "when impact starts, after scenario start", required=True),
        F(
            "users",
            K.OBJECT_LIST,
            "users affected over time since impact start",
            required=True,
            shape=POINT,
            min_items=1,
        ),
        F("metrics", K.OBJECT_LIST, "metric curves", default=[], shape=METRIC_SHAPE),
        F("total_users", K.INT, "users of the affected product (0: unknown)", default=0, minimum=0),
    ),
)

MITIGATION = Shape(
    "mitigation",
    "The hidden effect of one mitigation strategy on one target.",
    (
        F(
            "strategy",
            K.ENUM,
            "the guide's mitigation strategy",
            required=True,
            choices=tuple(s.value for s in GUIDE_STRATEGIES),
        ),
        F("target", K.ID, "service id it is applied to", required=True),
        F("effect", K.ENUM, "what it does to the impact", required=True, choices=_values(Effect)),
        F("takes", K.DURATION, "time from applying it to its effect", required=True),
        F(
            "amount",
            K.NUMBER,
            "percent, for `reduces` and `worsens` (1-100)",
            default=0,
            minimum=0,
            maximum=100,
        ),
        F(
            "relapse_after",
            K.DURATION,
            "the impact returns this long after taking effect",
            nullable=True,
        ),
        F("cost", K.TEXT, "side effects in a few words", default=""),
        F("note", K.TEXT, "what applying it looks like", default=""),
    ),
)

TRUTH = Shape(
    "truth",
    "What really happened; hidden from players until the debrief.",
    (
        F("severity", K.ENUM, "the true severity", required=True, choices=SEVERITIES),
        F("root_cause", K.TEXT, "the root cause", required=True),
        F("impact", K.OBJECT, "the impact's shape", required=True, shape=IMPACT),
        F(
            "mitigations",
            K.OBJECT_LIST,
            "effect of each strategy on each target",
            required=True,
            shape=MITIGATION,
            min_items=1,
        ),
        F("contributing_factors", K.TEXT_LIST, "contributing factors", default=[]),
        F("customer_visible", K.BOOL, "whether customers notice", default=True),
    ),
)

CONDITION = Shape(
    "condition",
    "When a conditional inject fires: after an action, or unless an action happened by a time.",
    (
        F("after_action", K.ENUM, "fire after the first action of this name", choices=ACTION_NAMES),
        F(
            "unless_action",
            K.ENUM,
            "fire at `by` unless an action of this name happened",
            choices=ACTION_NAMES,
        ),
        F("by", K.DURATION, "deadline for `unless_action`, after scenario start"),
        F(
            "delay",
            K.DURATION,
            "wait this long after the action (`after_action` only)",
            default="0s",
        ),
        F(
            "params",
            K.PARAMS,
            "action fields that must match, e.g. `{strategy: rollback}`",
            default={},
        ),
    ),
)

INJECT = Shape(
    "inject",
    "One master scenario events list entry: a timed or conditional event.",
    (
        F("id", K.ID, "identifier, unique in the scenario", required=True),
        F("kind", K.ENUM, "what kind of event", required=True, choices=_values(InjectKind)),
        F("sender", K.TEXT, "who or what sends it", required=True),
        F(
            "channel",
            K.ENUM,
            "where it reaches the players",
            required=True,
            choices=_values(Channel),
        ),
        F("text", K.TEXT, "the message as players see it", required=True),
        F("at", K.DURATION, "fire at this time after start (or use `when`)"),
        F("when", K.OBJECT, "fire on a condition (or use `at`)", shape=CONDITION),
        F("service", K.ID, "service id it concerns", nullable=True),
        F(
            "alert",
            K.TEXT,
            "alert name (required for kind `alert`); links to a runbook",
            nullable=True,
        ),
        F(
            "expected_action",
            K.ENUM,
            "the action players should take",
            choices=ACTION_NAMES,
            nullable=True,
        ),
        F("objective", K.ID, "id of the objective it tests", nullable=True),
        F("learning_point", K.TEXT, "what it teaches (for the debrief)", default=""),
    ),
)

CLUE = Shape(
    "clue",
    "What an investigation tool reveals for a query.",
    (
        F("id", K.ID, "identifier, unique in the scenario", required=True),
        F("tool", K.ENUM, "the investigation tool", required=True, choices=_values(Tool)),
        F(
            "match",
            K.TEXT_LIST,
            "query words that reveal it (case-insensitive; [] matches all)",
            required=True,
        ),
        F("reveals", K.TEXT, "what the tool shows", required=True),
        F("service", K.ID, "service id it concerns", nullable=True),
        F("available_after", K.DURATION, "not revealed before this time after start", default="0s"),
        F("relevant", K.BOOL, "points at the root cause (counts as a finding)", default=False),
        F("misleading", K.BOOL, "points somewhere else", default=False),
        F("finding", K.TEXT, "the finding in one line, for the report", default=""),
    ),
)

OBJECTIVE = Shape(
    "objective",
    "A scenario-specific scorable expectation.",
    (
        F("id", K.ID, "identifier, unique in the scenario", required=True),
        F("description", K.TEXT, "the expectation in words", required=True),
        F(
            "action",
            K.ENUM,
            "the action expected (or forbidden)",
            required=True,
            choices=ACTION_NAMES,
        ),
        F("within", K.DURATION, "deadline after the anchor `after`", nullable=True),
        F(
            "after",
            K.ID,
            "anchor: start, impact_start, first_alert, declare or an inject id",
            default="start",
        ),
        F("params", K.PARAMS, "action fields that must match", default={}),
        F("forbidden", K.BOOL, "met when the action does NOT happen", default=False),
        F("weight", K.NUMBER, "weight in the score", default=1, minimum=0),
    ),
)

SCENARIO = Shape(
    "scenario",
    "A whole exercise: the world, the hidden truth and the master scenario events list.",
    (
        F(
            "format",
            K.ENUM,
            "the format and its version",
            required=True,
            choices=(SCENARIO_FORMAT,),
        ),
        F("id", K.ID, "identifier of the scenario (shown in reports and journals)", required=True),
        F("title", K.TEXT, "title shown in the scenario list", required=True),
        # the library shows the summary too: never the fix (validate warns)
        F("summary", K.TEXT, "what happens, for the facilitator", required=True),
        F(
            "briefing",
            K.TEXT,
            "the situation as the trainee knows it before the clock starts (the briefing "
            "screen shows it instead of the summary; never the fix: `validate` warns)",
            default="",
        ),
        F("tags", K.TEXT_LIST, "keywords for finding it in the library", default=[]),
        F(
            "difficulty",
            K.ENUM,
            "how hard it is to play",
            default="intermediate",
            choices=_values(Difficulty),
        ),
        F(
            "team",
            K.TEXT,
            "the team file, relative to this file (used when none is given)",
            nullable=True,
        ),
        F("runbooks", K.TEXT, "the runbook folder, relative to this file", nullable=True),
        F("clock", K.OBJECT, "start and time limit", required=True, shape=CLOCK),
        F(
            "services",
            K.OBJECT_LIST,
            "the system under exercise",
            required=True,
            shape=SERVICE,
            min_items=1,
        ),
        F("truth", K.OBJECT, "the hidden truth", required=True, shape=TRUTH),
        F(
            "injects",
            K.OBJECT_LIST,
            "the master scenario events list (may be empty: alerts then come only from metrics)",
            required=True,
            shape=INJECT,
        ),
        F("clues", K.OBJECT_LIST, "what investigation reveals", default=[], shape=CLUE),
        F("objectives", K.OBJECT_LIST, "scenario-specific objectives", default=[], shape=OBJECTIVE),
        F(
            "weights",
            K.WEIGHTS,
            "weight of each scoring family in the score (0 drops it)",
            default={},
        ),
    ),
)

PERSON = Shape(
    "person",
    "A member of the team.",
    (
        F("id", K.ID, "identifier used by on-call and escalation", required=True),
        F("name", K.TEXT, "full name", required=True),
        F("title", K.TEXT, "job title", default=""),
        F(
            "roles",
            K.ENUM_LIST,
            "incident roles they can hold",
            required=True,
            choices=_values(Role),
            min_items=1,
        ),
        F(
            "experience",
            K.ENUM,
            "behaviour profile when simulated",
            required=True,
            choices=_values(Experience),
        ),
        F("timezone", K.TEXT, "IANA time zone such as Europe/Berlin", required=True),
        F("services", K.TEXT_LIST, "service ids they know well", default=[]),
    ),
)

STAKEHOLDER = Shape(
    "stakeholder",
    "Someone outside the response who asks for updates.",
    (
        F("id", K.ID, "identifier, unique in the team", required=True),
        F("name", K.TEXT, "full name", required=True),
        F("title", K.TEXT, "job title", required=True),
        F("executive", K.BOOL, "an executive (expects business-impact updates)", default=False),
    ),
)

ON_CALL = Shape(
    "on-call rotation",
    "Who is on call now.",
    (
        F("primary", K.ID, "person id paged first", required=True),
        F("secondary", K.ID, "person id of the backup", nullable=True),
    ),
)

ESCALATION_LEVEL = Shape(
    "escalation level",
    "One level of the escalation policy.",
    (
        F(
            "level",
            K.INT,
            "1 primary on-call, 2 secondary / tech lead, 3 leadership",
            required=True,
            minimum=1,
            maximum=3,
        ),
        F("targets", K.TEXT_LIST, "person ids paged at this level", required=True, min_items=1),
        F("timeout", K.DURATION, "unacknowledged this long: go to the next level", required=True),
    ),
)

ESCALATION = Shape(
    "escalation policy",
    "Levels 1-3 as in the guide.",
    (
        F(
            "levels",
            K.OBJECT_LIST,
            "levels in order, starting at 1",
            required=True,
            shape=ESCALATION_LEVEL,
            min_items=1,
        ),
        F("repeats", K.INT, "times the whole policy repeats", default=0, minimum=0),
    ),
)

SEVERITY_RULE = Shape(
    "severity rule",
    "What the team promises for one severity; omitted keys keep the guide's value.",
    (
        F("response_time", K.DURATION, "time to respond"),
        F("update_every", K.DURATION, "update cadence (null: no regular updates)", nullable=True),
        F("bridge", K.BOOL, "open a bridge call"),
        F("escalation_level", K.INT, "escalation level to page", minimum=1, maximum=3),
    ),
)

TEAM = Shape(
    "team",
    "People, on-call rotation, escalation and severity policy.",
    (
        F("format", K.ENUM, "the format and its version", required=True, choices=(TEAM_FORMAT,)),
        F("id", K.ID, "identifier of the team (shown in reports and journals)", required=True),
        F("name", K.TEXT, "display name", required=True),
        F("people", K.OBJECT_LIST, "the team", required=True, shape=PERSON, min_items=1),
        F("on_call", K.OBJECT, "the on-call rotation", required=True, shape=ON_CALL),
        F("escalation", K.OBJECT, "the escalation policy", required=True, shape=ESCALATION),
        F(
            "severity_policy",
            K.OBJECT_MAP,
            "per severity, overrides of the guide's table",
            default={},
            choices=SEVERITIES,
            shape=SEVERITY_RULE,
        ),
        F(
            "stakeholders",
            K.OBJECT_LIST,
            "people who ask for updates",
            default=[],
            shape=STAKEHOLDER,
        ),
        F(
            "weights",
            K.WEIGHTS,
            "weight of each scoring family in the score (0 drops it)",
            default={},
        ),
    ),
)

#: Every shape, for documentation checks.
SHAPES = (
    SCENARIO,
    CLOCK,
    SERVICE,
    METRIC,
    TRUTH,
    IMPACT,
    POINT,
    METRIC_SHAPE,
    MITIGATION,
    INJECT,
    CONDITION,
    CLUE,
    OBJECTIVE,
    TEAM,
    PERSON,
    ON_CALL,
    ESCALATION,
    ESCALATION_LEVEL,
    SEVERITY_RULE,
    STAKEHOLDER,
)
