"""The wrap-up between marking an incident resolved and the end of the exercise.

The guide's Phase 5 (Resolution) does not stop at the decision: the resolution checklist is
confirmed, the last internal update (status Resolved) tells the responders and stakeholders,
and - when customers could see the impact or were told of it - a last status-page post tells
them (CL-05). Resolving therefore opens a wrap-up instead of ending the run at once: the clock
keeps running, so the time these notices take is counted as it really passes, and the exercise
ends when every notice is out, or :data:`WRAP_UP_TIME` after resolving, whichever comes first
(the scoring's "≤ 15 min after resolving" notice target is the same span).
"""

from __future__ import annotations

from simulator.journal import Record
from simulator.model import Status
from simulator.state import IncidentState

#: How long the wrap-up may take before the exercise ends anyway (sim seconds).
WRAP_UP_TIME = 900.0

#: What each missing notice is called when the engine tells the players.
FINAL_UPDATE = "the final internal update (status Resolved) to responders and stakeholders"
FINAL_POST = "the final status-page post (status Resolved) for customers"


def _says_resolved(records: list[Record]) -> bool:
    return any(r.payload.get("status") == Status.RESOLVED.value for r in records)


def missing_notices(state: IncidentState, customer_visible: bool) -> list[str]:
    """The resolution notices still to post, in the order the guide gives them.

    Args:
        state: The incident state (after ``mark_resolved``).
        customer_visible: True when customers could see the impact (the scenario truth); a
            status page that was already used needs its last post either way.

    Returns:
        Wording of each notice not posted yet (empty when the wrap-up is complete). A
        Resolved notice posted before resolving is not asked for twice.
    """
    missing = []
    if not _says_resolved(state.updates):
        missing.append(FINAL_UPDATE)
    public = customer_visible or bool(state.status_posts)
    if public and not _says_resolved(state.status_posts):
        missing.append(FINAL_POST)
    return missing


def wrap_up_message(missing: list[str], until: str) -> str:
    """What the engine tells the players when a resolution opens the wrap-up."""
    todo = " and ".join(missing)
    return (
        f"Incident marked resolved. Wrap-up before the exercise ends: post {todo}. "
        f"The exercise ends when they are posted, or at {until}."
    )
