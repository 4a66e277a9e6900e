"""Action items generated from the objectives a response failed (rated M or U), plus the
runbooks that were missing for alerts that fired.

Each item has an owner (the service owner for technical items, the incident commander or
communications lead for process items), a due date (7 days after the incident for an objective
rated U, 14 for M and for missing runbooks) and the status ``Open``, as in the guide's template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.model import Role
from simulator.scoring import ObjectiveResult, Rating

if TYPE_CHECKING:
    from reports.describe import Namer
    from reports.scored import ScoredRun


class _Clock(Protocol):
    def day(self, days: int) -> str: ...


@dataclass(frozen=True)
class ActionItem:
    """One row of the Action Items table."""

    action: str
    owner: str
    due: str
    status: str
    objective: str
    rules: tuple[str, ...]


DUE_DAYS = {Rating.U: 7, Rating.M: 14}


def _service_owner(bundle: Bundle | None, service: str | None, namer: Namer) -> str | None:
    if bundle is None or not service:
        return None
    for person in bundle.team.people:
        if service in person.services:
            return namer.name(person.id)
    return None


def _main_service(records: Sequence[Record], bundle: Bundle | None) -> str | None:
    for r in records:
        if r.kind == "alert" and r.payload.get("service"):
            return str(r.payload["service"])
    if bundle is not None and bundle.scenario.truth.impact.metrics:
        return bundle.scenario.truth.impact.metrics[0].service
    return None


def _text(o: ObjectiveResult, records: Sequence[Record], bundle: Bundle | None) -> str:
    """The action wording for a failed objective."""
    service = _main_service(records, bundle) or "the affected service"
    m, t = o.measured_text, o.target
    texts = {
        "TIME-MTTD": f"Alert on the user-facing symptoms of {service}: detection took {m} "
        f"(target {t})",
        "TIME-MTTA": f"Review paging and the on-call set-up: acknowledging took {m} (target {t})",
        "TIME-DECLARE": f"Agree when to declare an incident (ORG-02): declaring took {m} "
        f"(target {t})",
        "TIME-MITIGATE": f"Prepare a fast, safe mitigation for {service}: the first effective "
        f"mitigation came after {m} (target {t})",
        "TIME-RESOLVE": f"Review what slowed resolution: {m} (target {t})",
        "SEV-CLASS": f"Add examples for {service} to the severity guide: {m}, target {t}; "
        "when unsure, pick the higher severity (IC-12)",
        "SEV-RECLASS": f"Re-assess severity as evidence arrives: {m}",
        "ROLE-IC": "Make naming an incident commander the first step of the incident checklist",
        "ROLE-COMMS": "Name a communications lead within 5 minutes of declaring a SEV-1/2 (IC-04)",
        "ROLE-SCRIBE": "Name a scribe within 5 minutes of declaring a SEV-1/2 (IC-04, SCR-01)",
        "ROLE-DELEGATE": f"Train incident commanders to delegate hands-on work (IC-01): {m}",
        "ROLE-TASKS": f"Give every task a named owner and a time-box (IC-06): {m}",
        "ROLE-FOLLOWUP": f"Track task time-boxes and follow up when they expire (IC-07): {m}",
        "ROLE-HANDOVER": "Hand over command explicitly, with a briefing (IC-15)",
        "COMM-CADENCE": f"Set an update timer ({t}): {m}",
        "COMM-COMPLETE": "Use the update template (Severity, Status, Current Impact, Recent "
        f"Actions, Next Steps, ETA) for every update: {m}",
        "COMM-STATUS-PAGE": f"Pre-approve status-page templates so the first post goes out "
        f"{t} (CL-01): {m}",
        "COMM-PLAIN": "Rewrite status-page wording for customers (CL-04): "
        + ("; ".join(n.split(": ", 1)[-1] for n in o.notes) or m),
        "ESC-LEVEL": f"Escalate earlier: {o.title.lower()} — {m} (target {t})",
        "ESC-LEADERSHIP": "Page leadership (escalation level 3) for every SEV-1",
        "ESC-BRIDGE": "Open a bridge call within 5 minutes of declaring a SEV-1/2",
        "MIT-FIRST": f"Practise 'mitigate first, debug later' (ORG-03): {m} from the first "
        "relevant finding to the first mitigation",
        "MIT-STRATEGY": f"Document {t} as the first fix for this failure in the runbook "
        f"(applied: {m})",
        "MIT-WRONG": "Add a check before risky mitigations: " + ("; ".join(o.notes) or m),
        "RES-AFTER-IMPACT": "Confirm metrics are back at baseline before resolving: " + m,
        "RES-CHECKLIST": "Walk the resolution checklist before resolving: "
        + ("; ".join(o.notes) or m),
        "RES-STAKEHOLDERS": "Send a final internal update and status-page post when resolving "
        "(CL-05): " + ("; ".join(o.notes) or m),
    }
    return texts.get(o.id, f"Practise: {o.title} ({m}; target {t})")


def action_items(run: ScoredRun, namer: Namer, clock: _Clock) -> list[ActionItem]:
    """The action items of a report (failed objectives first, in scorecard order).

    Args:
        run: The scored run (its folded state names the owners).
        namer: Display names of people.
        clock: Gives the due dates (days after the incident).

    Returns:
        The items in report order.
    """
    records, bundle, scorecard, state = run.records, run.bundle, run.scorecard, run.state
    ic = namer.name(state.commander) if state.commander else "Incident commander"
    comms_holders = state.holders(Role.COMMUNICATIONS_LEAD)
    comms = namer.name(comms_holders[0]) if comms_holders else ic
    service = _main_service(records, bundle)
    owner_of_service = _service_owner(bundle, service, namer) or ic
    technical = {"TIME-MTTD", "TIME-MITIGATE", "MIT-STRATEGY", "MIT-WRONG", "MIT-FIRST"}
    comms_ids = {"COMM-CADENCE", "COMM-COMPLETE", "COMM-STATUS-PAGE", "COMM-PLAIN"}
    items: list[ActionItem] = []
    for o in scorecard.failed():
        owner = owner_of_service if o.id in technical else comms if o.id in comms_ids else ic
        items.append(
            ActionItem(
                action=_text(o, records, bundle),
                owner=owner,
                due=clock.day(DUE_DAYS.get(o.rating, 14)),
                status="Open",
                objective=o.id,
                rules=o.rules,
            )
        )
    if bundle is not None and any(o.id in ("ESC-LEVEL", "TIME-MTTA") for o in scorecard.failed()):
        for level in bundle.team.escalation.levels:
            if len(level.targets) == 1 and level.level >= 1:
                items.append(
                    ActionItem(
                        action=f"Add a second target to escalation level {level.level} "
                        f"(only {namer.name(level.targets[0])} is paged)",
                        owner=ic,
                        due=clock.day(14),
                        status="Open",
                        objective="ESC-LEVEL",
                        rules=(),
                    )
                )
    seen: set[str] = set()
    for r in records:
        if r.kind != "alert" or r.payload.get("runbook") or bundle is None:
            continue
        alert = str(r.payload.get("alert"))
        if alert in seen or alert in bundle.runbooks:
            continue
        seen.add(alert)
        owner = _service_owner(bundle, str(r.payload.get("service") or ""), namer) or ic
        items.append(
            ActionItem(
                action=f"Write a runbook for alert {alert}",
                owner=owner,
                due=clock.day(14),
                status="Open",
                objective="",
                rules=(),
            )
        )
    return items
