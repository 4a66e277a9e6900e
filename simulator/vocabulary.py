"""The one vocabulary: the words people read and write for roles, the resolution checklist
and mitigation strategies.

Every label shown to a person (GUI, reports) and every reader of free text (timeline
import, runbooks, simulated responders) takes its words from here, so the same thing is
called the same way everywhere. Nothing here knows about Qt, the journal or the engine.
"""

from __future__ import annotations

from simulator.model import Role

#: What people read for each role, written as it reads inside a sentence
#: ("Ana named Bo communications lead"); :func:`role_title` capitalises it for a heading.
ROLE_LABELS: dict[Role, str] = {
    Role.INCIDENT_COMMANDER: "incident commander",
    Role.TECHNICAL_LEAD: "technical lead",
    Role.COMMUNICATIONS_LEAD: "communications lead",
    Role.SCRIBE: "scribe",
    Role.SUBJECT_MATTER_EXPERT: "subject-matter expert",
}

#: The guide's resolution checklist: (``MarkResolved`` field, the item as people read it).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("metrics_normal", "Service metrics returned to normal"),
    ("no_recurring_errors", "No recurring errors in logs"),
    ("customer_impact_resolved", "Customer-facing impact confirmed resolved"),
    ("stakeholders_notified", "Stakeholders notified of resolution"),
)


def role_label(role: Role | str) -> str:
    """The label of a role inside a sentence; unknown text is returned as given.

    Args:
        role: A role, or its value as stored in a journal payload.

    Returns:
        For example ``"communications lead"``.
    """
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)


def role_title(role: Role | str) -> str:
    """The label of a role as a title (first letter capitalised), e.g. ``"Scribe"``.

    Args:
        role: A role, or its value as stored in a journal payload.

    Returns:
        For example ``"Communications lead"``.
    """
    label = role_label(role)
    return label[:1].upper() + label[1:]
