"""Action items generated from the objectives a response failed (rated M or U), plus the
runbooks that were missing for alerts that fired and the team-design gaps the run exposed.

Items come in two kinds, kept apart in every report: **play** (what the people in the
exercise do differently next time) and **team** (the team's design: monitoring, escalation
policy, runbooks, the severity guide - nobody in the exercise can fix those during a run).
Each is owned by the role or team that can act on it (``Incident commander (Maria Okafor)``,
``Communications lead``, ``payments-api owners (Lena Fischer)``), not all by the trainee, and
has a **priority**: High for the objectives behind the run's top two lessons
(:mod:`reports.lessons`, ranked by their effect on customers and score) and for detection or
escalation gaps that left customers waiting, Medium for the other lessons' objectives and
the team items, Low for the rest. Items are listed High first. The due date is 7 days after
the incident for an objective rated U, 14 for M and for team items; the status ``Open``, as
in the guide's template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.model import Role
from simulator.scoring import ObjectiveResult, Rating
from simulator.vocabulary import role_label

if TYPE_CHECKING:
    from reports.describe import Namer
    from reports.lessons import Lesson
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
    #: "High", "Medium" or "Low" (see the module docstring).
    priority: str = "Medium"
    #: "play" (the people's play) or "team" (the team's design).
    kind: str = "play"


DUE_DAYS = {Rating.U: 7, Rating.M: 14}

#: Priorities in the order items are listed.
PRIORITIES = ("High", "Medium", "Low")

#: Objectives whose fix is the team's design, not the play.
TEAM_OBJECTIVES = frozenset({"TIME-MTTD", "MIT-STRATEGY"})

#: Play objectives owned by the role who does that part of the job.
_ROLE_OF = {
    "TIME-MTTA": Role.INCIDENT_COMMANDER,
    "COMM-CADENCE": Role.COMMUNICATIONS_LEAD,
    "COMM-COMPLETE": Role.COMMUNICATIONS_LEAD,
    "COMM-STATUS-PAGE": Role.COMMUNICATIONS_LEAD,
    "COMM-PLAIN": Role.COMMUNICATIONS_LEAD,
    "RES-STAKEHOLDERS": Role.COMMUNICATIONS_LEAD,
    "MIT-WRONG": Role.TECHNICAL_LEAD,
    "MIT-FIRST": Role.TECHNICAL_LEAD,
    "TIME-MITIGATE": Role.TECHNICAL_LEAD,
}


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
        "ESC-LEVEL": f"Escalate earlier: {o.title[:1].lower() + o.title[1:]} — {m} (target {t})",
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


class _Owners:
    """Who owns what in one run: roles by their holder, teams by their service."""

    def __init__(self, run: ScoredRun, namer: Namer) -> None:
        self.run = run
        self.namer = namer
        self.service = _main_service(run.records, run.bundle)
        self.team_name = run.bundle.team.name if run.bundle is not None else "The team"

    def role(self, role: Role) -> str:
        """``Communications lead (Lena Fischer)``, or the role alone when nobody held it."""
        holders = self.run.state.holders(role)
        if role is Role.INCIDENT_COMMANDER and not holders and self.run.state.commander:
            holders = [self.run.state.commander]
        label = role_label(role)
        label = label[0].upper() + label[1:]
        return f"{label} ({self.namer.name(holders[0])})" if holders else label

    def service_team(self, service: str | None) -> str:
        """``payments-api owners (Lena Fischer)``, else the team."""
        owner = _service_owner(self.run.bundle, service, self.namer)
        if service and owner:
            return f"{service} owners ({owner})"
        return f"{self.team_name}: on-call lead"

    def of(self, o: ObjectiveResult) -> str:
        if o.id in TEAM_OBJECTIVES:
            return self.service_team(self.service)
        return self.role(_ROLE_OF.get(o.id, Role.INCIDENT_COMMANDER))


def _priority(o: ObjectiveResult, ranks: dict[str, int]) -> str:
    """High: the run's top lesson; Medium: the other lessons; Low: the rest."""
    rank = ranks.get(o.id)
    if rank is not None:
        return "High" if rank == 1 else "Medium"
    return "Low"


def action_items(
    run: ScoredRun, namer: Namer, clock: _Clock, lessons: Sequence[Lesson] = ()
) -> list[ActionItem]:
    """The action items of a report, the few that matter first (see the module docstring).

    Args:
        run: The scored run (its folded state names the owners).
        namer: Display names of people.
        clock: Gives the due dates (days after the incident).
        lessons: The run's ranked lessons (their objectives get High or Medium priority).

    Returns:
        The items, High priority first; within a priority, play before team, then scorecard
        order.
    """
    records, bundle, scorecard = run.records, run.bundle, run.scorecard
    owners = _Owners(run, namer)
    ranks = {oid: lesson.rank for lesson in lessons for oid in lesson.objectives}
    items: list[ActionItem] = []
    for o in scorecard.failed():
        items.append(
            ActionItem(
                action=_text(o, records, bundle),
                owner=owners.of(o),
                due=clock.day(DUE_DAYS.get(o.rating, 14)),
                status="Open",
                objective=o.id,
                rules=() if o.rules == (o.id,) else o.rules,
                priority=_priority(o, ranks),
                kind="team" if o.id in TEAM_OBJECTIVES else "play",
            )
        )
    items += _team_items(run, owners, clock)
    order = {p: i for i, p in enumerate(PRIORITIES)}
    return sorted(items, key=lambda a: (order.get(a.priority, 9), a.kind != "play"))


def _team_items(run: ScoredRun, owners: _Owners, clock: _Clock) -> list[ActionItem]:
    """Team-design items: slow detection when a human played (not rated for them), single
    targets of escalation levels when paging was slow, runbooks missing for alerts."""
    bundle, scorecard, namer = run.bundle, run.scorecard, owners.namer
    items: list[ActionItem] = []
    if bundle is None:
        return items
    mttd = scorecard.objective_or_none("TIME-MTTD")
    slow = mttd is not None and mttd.rating is Rating.NA and (mttd.measured or 0.0) > 300.0
    if slow and mttd is not None:
        items.append(
            ActionItem(
                action=f"Alert on the user-facing symptoms of {owners.service}: detection "
                f"took {mttd.measured_text} (the guide's target ≤ 5m)",
                owner=owners.service_team(owners.service),
                due=clock.day(14),
                status="Open",
                objective="TIME-MTTD",
                rules=(),
                priority="High" if (mttd.measured or 0.0) > 900.0 else "Medium",
                kind="team",
            )
        )
    if any(o.id in ("ESC-LEVEL", "TIME-MTTA") for o in scorecard.failed()):
        for level in bundle.team.escalation.levels:
            if len(level.targets) == 1 and level.level >= 1:
                items.append(
                    ActionItem(
                        action=f"Add a second target to escalation level {level.level} "
                        f"(only {namer.name(level.targets[0])} is paged)",
                        owner=f"{owners.team_name}: on-call lead",
                        due=clock.day(14),
                        status="Open",
                        objective="ESC-LEVEL",
                        rules=(),
                        priority="Medium",
                        kind="team",
                    )
                )
    seen: set[str] = set()
    for r in run.records:
        if r.kind != "alert" or r.payload.get("runbook"):
            continue
        alert = str(r.payload.get("alert"))
        if alert in seen or alert in bundle.runbooks:
            continue
        seen.add(alert)
        items.append(
            ActionItem(
                action=f"Write a runbook for alert {alert}",
                owner=owners.service_team(str(r.payload.get("service") or "") or None),
                due=clock.day(14),
                status="Open",
                objective="",
                rules=(),
                priority="Medium",
                kind="team",
            )
        )
    return items
