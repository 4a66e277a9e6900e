"""The kinds of row a timeline has, the other names people give them, and the error an
importer raises: the vocabulary the CSV reader (:mod:`simulator.importing.sheet`), the prose
reader (:mod:`simulator.importing.prose`) and the journal builder
(:mod:`simulator.importing.timeline`) share."""

from __future__ import annotations

from simulator.model import Status
from simulator.problems import Problem

COLUMNS = ("time", "kind", "actor", "text")

#: Who did an action when the file has no actor column (or a row read from text names none).
UNNAMED_ACTOR = "responder"

DETECTION_KINDS = ("customer_report", "internal_report", "security_finding", "synthetic_check")

KINDS: tuple[str, ...] = (
    "impact_start",
    "impact_end",
    "alert",
    *DETECTION_KINDS,
    "page",
    "ack",
    "declare",
    "severity",
    "role",
    "task",
    "follow_up",
    "report",
    "finding",
    "update",
    "status_page",
    "escalate",
    "bridge",
    "handover",
    "mitigation",
    "mitigated",
    "resolved",
    "note",
    "message",
)

#: Other spellings people use in timelines (after lower-casing, '-' and ' ' -> '_').
KIND_ALIASES: dict[str, str] = {
    "acknowledge": "ack",
    "acknowledged": "ack",
    "declared": "declare",
    "escalation": "escalate",
    "escalated": "escalate",
    "statuspage": "status_page",
    "status_post": "status_page",
    "mitigate": "mitigation",
    "mitigation_applied": "mitigation",
    "resolve": "resolved",
    "finding_relevant": "finding",
    "handoff": "handover",
    "hand_over": "handover",
    "chat": "message",
    "followup": "follow_up",
    "acknowledgement": "ack",
    "acknowledgment": "ack",
    "acked": "ack",
    "paged": "page",
    "declaration": "declare",
    "declare_incident": "declare",
    "resolution": "resolved",
    "comment": "note",
    "notes": "note",
    # PagerDuty's incident log export ("trigger_log_entry" ...; the suffix is dropped first)
    "trigger": "alert",
    "triggered": "alert",
    "notify": "page",
    "notified": "page",
    "assign": "page",
    "assigned": "page",
    "annotate": "note",
    "annotation": "note",
    "escalated_to": "escalate",
}

#: Status-page states and colour states (GitHub-style) -> the state of the post they make.
PAGE_STATES: dict[str, Status] = {
    "investigating": Status.INVESTIGATING,
    "identified": Status.IDENTIFIED,
    "monitoring": Status.MONITORING,
    "red": Status.INVESTIGATING,
    "orange": Status.INVESTIGATING,
    "yellow": Status.INVESTIGATING,
    "green": Status.RESOLVED,
}

#: The colour states among :data:`PAGE_STATES` (each is also a severity hint).
COLOURS = frozenset({"red", "orange", "yellow", "green"})

#: Kinds that are somebody's action: the actor column is required.
ACTOR_REQUIRED = frozenset(
    {
        "ack",
        "declare",
        "severity",
        "role",
        "task",
        "follow_up",
        "report",
        "update",
        "status_page",
        "escalate",
        "bridge",
        "handover",
        "mitigation",
        "resolved",
        "note",
        "message",
    }
)


class TimelineError(Exception):
    """A timeline that cannot be imported; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
