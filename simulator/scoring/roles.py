"""Roles family: incident commander named (IC-02/IC-05), communications lead and scribe for
SEV-1/2 (IC-04, SCR-01), the IC delegates (IC-01), tasks to a named person with a time-box
(IC-06), follow-up when a time-box expires (IC-07), explicit hand-over (IC-15/IC-16)."""

from __future__ import annotations

import re

from simulator.actions import (
    ACTION_TYPES,
    Action,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    FollowUpTask,
    HandOverCommand,
    QueryTool,
    ReportTask,
    Say,
)
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import EXCLUSIVE_ROLES, Role
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, not_applicable, timed, unrecorded
from simulator.scoring.scales import SHARE_SCALE, count_rating, count_scale, share_rating
from simulator.scoring.targets import FOLLOW_UP_GRACE, MAX_TIMEBOX, ROLE_NAMING_TARGET
from simulator.vocabulary import plural, role_label

FAMILY = "roles"

#: IC-06: "Never say 'Can someone...'" — broadcast requests in chat count as unowned tasks.
BROADCAST = re.compile(r"\b(can|could|would|will)\s+(someone|somebody|anyone|anybody)\b", re.I)

#: Actions an IC must delegate (IC-01): the hands-on ones of the action vocabulary.
HANDS_ON: tuple[type[Action], ...] = tuple(cls for cls in ACTION_TYPES if cls.hands_on)


def score_roles(ctx: Context) -> list[ObjectiveResult]:
    """The six role objectives."""
    return [
        _commander(ctx),
        _support_role(ctx, Role.COMMUNICATIONS_LEAD, "ROLE-COMMS", "Name a communications lead"),
        _support_role(ctx, Role.SCRIBE, "ROLE-SCRIBE", "Name a scribe"),
        _delegation(ctx),
        _tasks(ctx),
        _follow_up(ctx),
        _hand_over(ctx),
    ]


def _role_grants(ctx: Context, role: Role) -> list[tuple[Record, str]]:
    """Records that gave ``role`` to someone, with who got it (declaring names the declarer IC
    if none)."""
    commander = role is Role.INCIDENT_COMMANDER
    grants = []
    for r, action in ctx.taken_any(AssignRole, DeclareIncident, HandOverCommand):
        if isinstance(action, AssignRole) and action.role is role:
            grants.append((r, action.person))
        elif commander and isinstance(action, HandOverCommand):
            grants.append((r, action.to))
        elif (
            commander
            and isinstance(action, DeclareIncident)
            and ctx.commander_before.get(r.seq) is None
        ):
            grants.append((r, r.actor))
    return grants


def _commander(ctx: Context) -> ObjectiveResult:
    title = "Name an incident commander who holds no other role"
    rules = ("IC-02", "IC-05")
    grants = _role_grants(ctx, Role.INCIDENT_COMMANDER)
    scale = "P named, no other role · S named but also held another role (IC-02) · U none"
    if not grants and ctx.imported:
        return unrecorded(
            "ROLE-IC",
            FAMILY,
            title,
            "no incident commander named (role row)",
            target="an IC named",
            scale=scale,
            rules=rules,
        )
    if not grants:
        return make(
            "ROLE-IC",
            FAMILY,
            title,
            Rating.U,
            measured_text="no incident commander",
            target="an IC named",
            scale=scale,
            rules=rules,
            unit="person",
        )
    doubled: list[Record] = []
    notes = []
    for r, assigned in ctx.taken(AssignRole):
        ic = ctx.commander_before.get(r.seq)
        if (
            ic is not None
            and assigned.person == ic
            and assigned.role in EXCLUSIVE_ROLES - {Role.INCIDENT_COMMANDER}
        ):
            doubled.append(r)
            notes.append(
                f"The IC ({ic_name(ctx, assigned.person)}) was also made "
                f"{role_label(assigned.role)}."
            )
    first, who = grants[0]
    return make(
        "ROLE-IC",
        FAMILY,
        title,
        Rating.S if doubled else Rating.P,
        measured=float(len(doubled)),
        unit="count",
        measured_text=f"{ic_name(ctx, who)} named IC"
        + (f"; also held {plural(len(doubled), 'other role')}" if doubled else ""),
        target="an IC named, holding no other role",
        scale=scale,
        evidence=[first, *doubled],
        rules=rules,
        notes=notes,
    )


def ic_name(ctx: Context, person: object) -> str:
    """The display name of a person id (the id itself for imported incidents)."""
    pid = str(person)
    if ctx.bundle is not None:
        p = ctx.bundle.team.person(pid)
        if p is not None:
            return p.name
    return pid


def _support_role(ctx: Context, role: Role, oid: str, title: str) -> ObjectiveResult:
    rules = ("IC-04", "SCR-01") if role is Role.SCRIBE else ("IC-04",)
    sev = ctx.true_severity
    if sev.rank > 2:
        return not_applicable(
            oid,
            FAMILY,
            title,
            f"Required for SEV-1/2 only; this incident was {sev.value}.",
            rules=rules,
        )
    grant, holder = next(
        (
            (r, person)
            for r, person in _role_grants(ctx, role)
            if person != ctx.commander_before.get(r.seq)
        ),
        (None, ""),
    )
    declared = ctx.declared_at
    available = first_available(ctx, role, grant.t if grant is not None else None)
    if grant is None and declared is not None and available is None and _paged_someone(ctx, role):
        return not_applicable(
            oid,
            FAMILY,
            title,
            f"Somebody who could be {role_label(role)} was paged, but nobody free had joined "
            "before the run ended (the app names only people who have joined).",
            rules=rules,
        )
    start = declared
    notes: list[str] = []
    if declared is not None and available is not None and available[0] > declared:
        start = available[0]
        notes.append(
            f"Counted from {ctx.clock(start)}, when {ic_name(ctx, available[1])} joined: the "
            f"first person who could be {role_label(role)} ({format_duration(start - declared)} "
            "after declaring; nobody can be named before they join)."
        )
    measured = None
    if grant is not None and start is not None:
        measured = max(0.0, grant.t - start)
    missing: str | None = None
    if start is None:
        missing = "no declaration to count from"
    elif grant is None:
        missing = ctx.unrecorded(f"{role_label(role)} named (role row)")
    return timed(
        oid,
        FAMILY,
        title,
        measured,
        ROLE_NAMING_TARGET,
        evidence=(grant,),
        rules=rules,
        never="never named",
        since=start,
        target_text=f"≤ {format_duration(ROLE_NAMING_TARGET)} after declaring, or after the "
        f"first person who could take it joined ({sev.value})",
        notes=(
            *((f"{ic_name(ctx, holder)} was named {role_label(role)}.",) if grant else ()),
            *notes,
        ),
        not_recorded=missing,
    )


def first_available(
    ctx: Context, role: Role, until: float | None = None
) -> tuple[float, str] | None:
    """When the first person who could take ``role`` was in the incident and free, and who.

    "Could take it": the team lists the role for them (anyone, when nobody in the team has it,
    and for an imported incident). "Free": not the incident commander then, and not given
    another exclusive role (technical lead, communications lead, scribe, IC) up to ``until``
    (the naming, else the end): a person the commander used elsewhere was not available for
    this role (IC-02). Being in the incident means having acknowledged a page or joined (the
    app names nobody before that).
    """
    capable: set[str] | None = None
    if ctx.bundle is not None:
        capable = {p.id for p in ctx.bundle.team.people if role in p.roles} or None
    limit = ctx.end if until is None else until
    busy = {
        person
        for other in EXCLUSIVE_ROLES - {role}
        for r, person in _role_grants(ctx, other)
        if r.t <= limit
    }
    for t, pid in sorted((t, pid) for pid, t in ctx.state.joined.items()):
        if (capable is not None and pid not in capable) or pid in busy:
            continue
        start = max(t, ctx.declared_at or t)
        if start <= limit and commander_at(ctx, start) != pid:
            return start, pid
    return None


def _paged_someone(ctx: Context, role: Role) -> bool:
    """True when a person the team lists for ``role`` was paged (anyone, for a team that
    lists nobody, or for an imported incident)."""
    paged = set(ctx.state.paged)
    if ctx.bundle is None:
        return bool(paged)
    capable = {p.id for p in ctx.bundle.team.people if role in p.roles}
    return bool(paged & capable) if capable else bool(paged)


def commander_at(ctx: Context, t: float) -> str | None:
    """The incident commander at sim time ``t`` (after every record up to ``t``)."""
    after = next((r for r in ctx.records if r.t > t), None)
    if after is None:
        return ctx.state.commander
    return ctx.commander_before.get(after.seq)


#: What a hands-on action of the IC reads as in a note ("IC Maria Okafor queried a tool").
_HANDS_ON_WORDS = {
    QueryTool.name: "queried a tool",
    ApplyMitigation.name: "applied a mitigation",
}


def _delegation(ctx: Context) -> ObjectiveResult:
    if not _role_grants(ctx, Role.INCIDENT_COMMANDER):
        return not_applicable(
            "ROLE-DELEGATE",
            FAMILY,
            "The IC delegates instead of investigating or remediating",
            "No incident commander was named.",
            rules=("IC-01",),
        )
    taken = [
        (r, action)
        for r, action in ctx.taken_any(*HANDS_ON)
        if ctx.commander_before.get(r.seq) is not None
        and r.actor == ctx.commander_before.get(r.seq)
    ]
    hands_on = [r for r, _ in taken]
    notes = [
        f"IC {ic_name(ctx, r.actor)} {_HANDS_ON_WORDS.get(a.name, a.name)} at {ctx.clock(r.t)}."
        for r, a in taken
    ]
    return make(
        "ROLE-DELEGATE",
        FAMILY,
        "The IC delegates instead of investigating or remediating",
        count_rating(len(hands_on)),
        measured=float(len(hands_on)),
        unit="count",
        measured_text=f"{plural(len(hands_on), 'hands-on action')} by the IC",
        target="the IC neither queries tools nor applies mitigations",
        scale=count_scale(),
        evidence=hands_on,
        rules=("IC-01",),
        notes=notes,
    )


def _tasks(ctx: Context) -> ObjectiveResult:
    title = "Tasks go to a named person with a time-box"
    rules = ("IC-06",)
    tasks = ctx.taken(AssignTask)
    said = [
        (r, say)
        for r, say in ctx.taken(Say)
        if BROADCAST.search(say.text) and r.actor == ctx.commander_before.get(r.seq)
    ]
    broadcasts = [r for r, _ in said]
    if not tasks and not broadcasts:
        return not_applicable("ROLE-TASKS", FAMILY, title, "No task was assigned.", rules=rules)
    bad: list[Record] = list(broadcasts)
    notes = [f"Broadcast request at {ctx.clock(r.t)}: “{say.text}”" for r, say in said]
    for r, task in tasks:
        person = task.person
        timebox = task.timebox
        if not person:
            bad.append(r)
            notes.append(f"Task at {ctx.clock(r.t)} has no named owner.")
        elif not 0 < timebox <= MAX_TIMEBOX:
            bad.append(r)
            notes.append(
                f"Task at {ctx.clock(r.t)} for {ic_name(ctx, person)} has no usable time-box "
                f"({format_duration(timebox)})."
            )
    total = len(tasks) + len(broadcasts)
    good = total - len(bad)
    share = good / total
    return make(
        "ROLE-TASKS",
        FAMILY,
        title,
        share_rating(share),
        measured=share,
        unit="share",
        measured_text=f"{good} of {plural(total, 'task')} owned and time-boxed",
        target=f"every task: a named person, a time-box ≤ {format_duration(MAX_TIMEBOX)}",
        scale=SHARE_SCALE,
        evidence=[*(r for r, _ in tasks), *broadcasts],
        rules=rules,
        notes=notes,
    )


def _follow_up(ctx: Context) -> ObjectiveResult:
    title = "Follow up when a time-box expires"
    rules = ("IC-07", "DEP-02")
    reported: dict[str, float] = {}
    for r, report in ctx.taken(ReportTask):
        if report.done:
            reported.setdefault(report.task_id, r.t)
    dues = [
        r
        for r in ctx.kind("task_due")
        if not (
            str(r.payload.get("task_id")) in reported
            and reported[str(r.payload.get("task_id"))] < r.t
        )
    ]
    if not dues:
        return not_applicable("ROLE-FOLLOWUP", FAMILY, title, "No time-box expired.", rules=rules)
    checks = [
        (r, check.task_id)
        for r, check in ctx.taken_any(FollowUpTask, ReportTask)
        if isinstance(check, FollowUpTask | ReportTask)
    ]
    evidence: list[Record] = list(dues)
    missed = []
    for due in dues:
        task_id = str(due.payload.get("task_id"))
        hit = next(
            (
                c
                for c, checked in checks
                if checked == task_id and due.t <= c.t <= due.t + FOLLOW_UP_GRACE
            ),
            None,
        )
        if hit is None:
            missed.append(due)
        else:
            evidence.append(hit)
    share = (len(dues) - len(missed)) / len(dues)
    return make(
        "ROLE-FOLLOWUP",
        FAMILY,
        title,
        share_rating(share),
        measured=share,
        unit="share",
        measured_text=(
            f"{len(dues) - len(missed)} of "
            f"{plural(len(dues), 'expired time-box', 'expired time-boxes')} followed up"
        ),
        target=f"a follow-up within {format_duration(FOLLOW_UP_GRACE)} of every expiry",
        scale=SHARE_SCALE,
        evidence=evidence,
        rules=rules,
        notes=[
            f"Task {d.payload.get('task_id')} ({ic_name(ctx, d.payload.get('person'))}) "
            f"expired at {ctx.clock(d.t)} without a follow-up."
            for d in missed
        ],
    )


def _hand_over(ctx: Context) -> ObjectiveResult:
    title = "Hand over command explicitly"
    rules = ("IC-15", "IC-16")
    handed = ctx.taken(HandOverCommand)
    explicit = [r for r, _ in handed]
    implicit = [
        r
        for r, assigned in ctx.taken(AssignRole)
        if assigned.role is Role.INCIDENT_COMMANDER
        and ctx.commander_before.get(r.seq) not in (None, assigned.person)
    ]
    if not explicit and not implicit:
        return not_applicable(
            "ROLE-HANDOVER", FAMILY, title, "Command never changed hands.", rules=rules
        )
    unbriefed = [r for r, hand_over in handed if not hand_over.briefing.strip()]
    if implicit:
        rating = Rating.U
    elif unbriefed:
        rating = Rating.S
    else:
        rating = Rating.P
    notes = [
        f"Command taken over by assign_role at seq {r.seq}, without a hand-over." for r in implicit
    ]
    notes += [f"Hand-over at seq {r.seq} had no briefing." for r in unbriefed]
    return make(
        "ROLE-HANDOVER",
        FAMILY,
        title,
        rating,
        measured=float(len(implicit) + len(unbriefed)),
        unit="count",
        measured_text=(
            f"{len(explicit)} explicit, {len(implicit)} implicit "
            + ("change" if len(explicit) + len(implicit) == 1 else "changes")
            + " of command"
        ),
        target="hand_over_command with a briefing",
        scale="P every change explicit and briefed · S explicit without briefing · U implicit",
        evidence=[*explicit, *implicit],
        rules=rules,
        notes=notes,
    )
