"""Roles family: incident commander named (IC-02/IC-05), communications lead and scribe for
SEV-1/2 (IC-04, SCR-01), the IC delegates (IC-01), tasks to a named person with a time-box
(IC-06), follow-up when a time-box expires (IC-07), explicit hand-over (IC-15/IC-16)."""

from __future__ import annotations

import re

from simulator.actions import ACTIONS
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import EXCLUSIVE_ROLES, Role
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, not_applicable, timed, unrecorded
from simulator.scoring.scales import SHARE_SCALE, count_rating, count_scale, share_rating
from simulator.scoring.targets import FOLLOW_UP_GRACE, MAX_TIMEBOX, ROLE_NAMING_TARGET

FAMILY = "roles"

#: IC-06: "Never say 'Can someone...'" — broadcast requests in chat count as unowned tasks.
BROADCAST = re.compile(r"\b(can|could|would|will)\s+(someone|somebody|anyone|anybody)\b", re.I)

#: Actions an IC must delegate (IC-01): the hands-on ones of the action vocabulary.
HANDS_ON = frozenset(name for name, cls in ACTIONS.items() if cls.hands_on)


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


def _role_grants(ctx: Context, role: Role) -> list[Record]:
    """Records that gave ``role`` to someone (declaring names the declarer IC if none)."""
    grants = []
    for r in ctx.actions("assign_role", "declare_incident", "hand_over_command"):
        name = r.payload.get("action")
        commander = role is Role.INCIDENT_COMMANDER
        given = name == "assign_role" and r.payload.get("role") == role.value
        handed = commander and name == "hand_over_command"
        declared = (
            commander and name == "declare_incident" and ctx.commander_before.get(r.seq) is None
        )
        if given or handed or declared:
            grants.append(r)
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
    for r in ctx.actions("assign_role"):
        role = r.payload.get("role")
        ic = ctx.commander_before.get(r.seq)
        if (
            ic is not None
            and r.payload.get("person") == ic
            and role in EXCLUSIVE_ROLES - {Role.INCIDENT_COMMANDER}
        ):
            doubled.append(r)
    first = grants[0]
    who = str(first.payload.get("person") or first.payload.get("to") or first.actor)
    notes = [
        f"The IC ({ic_name(ctx, r.payload.get('person'))}) was also given {r.payload.get('role')}."
        for r in doubled
    ]
    return make(
        "ROLE-IC",
        FAMILY,
        title,
        Rating.S if doubled else Rating.P,
        measured=float(len(doubled)),
        unit="count",
        measured_text=f"{ic_name(ctx, who)} named IC"
        + (f"; also held {len(doubled)} other role(s)" if doubled else ""),
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
    grant = next(
        (
            r
            for r in _role_grants(ctx, role)
            if r.payload.get("person") != ctx.commander_before.get(r.seq)
        ),
        None,
    )
    start = ctx.declared_at
    measured = None
    if grant is not None and start is not None:
        measured = max(0.0, grant.t - start)
    missing: str | None = None
    if start is None:
        missing = "no declaration to count from"
    elif grant is None:
        missing = ctx.unrecorded(f"{role.value} named (role row)")
    return timed(
        oid,
        FAMILY,
        title,
        measured,
        ROLE_NAMING_TARGET,
        evidence=(grant,),
        rules=rules,
        never="never named",
        target_text=f"≤ {format_duration(ROLE_NAMING_TARGET)} after declaring ({sev.value})",
        notes=(
            (f"{ic_name(ctx, grant.payload.get('person'))} named {role.value}.",)
            if grant is not None
            else ()
        ),
        not_recorded=missing,
    )


def _delegation(ctx: Context) -> ObjectiveResult:
    if not _role_grants(ctx, Role.INCIDENT_COMMANDER):
        return not_applicable(
            "ROLE-DELEGATE",
            FAMILY,
            "The IC delegates instead of investigating or remediating",
            "No incident commander was named.",
            rules=("IC-01",),
        )
    hands_on = [
        r
        for r in ctx.actions(*HANDS_ON)
        if ctx.commander_before.get(r.seq) is not None
        and r.actor == ctx.commander_before.get(r.seq)
    ]
    notes = [
        f"IC {ic_name(ctx, r.actor)} ran {r.payload.get('action')} at seq {r.seq}."
        for r in hands_on
    ]
    return make(
        "ROLE-DELEGATE",
        FAMILY,
        "The IC delegates instead of investigating or remediating",
        count_rating(len(hands_on)),
        measured=float(len(hands_on)),
        unit="count",
        measured_text=f"{len(hands_on)} hands-on action(s) by the IC",
        target="0 query_tool / apply_mitigation by the IC",
        scale=count_scale(),
        evidence=hands_on,
        rules=("IC-01",),
        notes=notes,
    )


def _tasks(ctx: Context) -> ObjectiveResult:
    title = "Tasks go to a named person with a time-box"
    rules = ("IC-06",)
    tasks = list(ctx.actions("assign_task"))
    broadcasts = [
        r
        for r in ctx.actions("say")
        if BROADCAST.search(str(r.payload.get("text", "")))
        and r.actor == ctx.commander_before.get(r.seq)
    ]
    if not tasks and not broadcasts:
        return not_applicable("ROLE-TASKS", FAMILY, title, "No task was assigned.", rules=rules)
    bad: list[Record] = list(broadcasts)
    notes = [f"Broadcast request at seq {r.seq}: “{r.payload.get('text')}”" for r in broadcasts]
    for r in tasks:
        person = str(r.payload.get("person") or "")
        timebox = float(r.payload.get("timebox") or 0.0)
        if not person:
            bad.append(r)
            notes.append(f"Task at seq {r.seq} has no named owner.")
        elif not 0 < timebox <= MAX_TIMEBOX:
            bad.append(r)
            notes.append(
                f"Task at seq {r.seq} for {ic_name(ctx, person)} has no usable time-box "
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
        measured_text=f"{good} of {total} task(s) owned and time-boxed",
        target=f"every task: a named person, a time-box ≤ {format_duration(MAX_TIMEBOX)}",
        scale=SHARE_SCALE,
        evidence=[*tasks, *broadcasts],
        rules=rules,
        notes=notes,
    )


def _follow_up(ctx: Context) -> ObjectiveResult:
    title = "Follow up when a time-box expires"
    rules = ("IC-07", "DEP-02")
    reported: dict[str, float] = {}
    for r in ctx.actions("report_task"):
        if r.payload.get("done", True):
            reported.setdefault(str(r.payload.get("task_id")), r.t)
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
    checks = list(ctx.actions("follow_up_task", "report_task"))
    evidence: list[Record] = list(dues)
    missed = []
    for due in dues:
        task_id = str(due.payload.get("task_id"))
        hit = next(
            (
                c
                for c in checks
                if str(c.payload.get("task_id")) == task_id
                and due.t <= c.t <= due.t + FOLLOW_UP_GRACE
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
        measured_text=f"{len(dues) - len(missed)} of {len(dues)} expired time-box(es) followed up",
        target=f"a follow-up within {format_duration(FOLLOW_UP_GRACE)} of every expiry",
        scale=SHARE_SCALE,
        evidence=evidence,
        rules=rules,
        notes=[
            f"Task {d.payload.get('task_id')} ({ic_name(ctx, d.payload.get('person'))}) "
            f"expired at seq {d.seq} without a follow-up."
            for d in missed
        ],
    )


def _hand_over(ctx: Context) -> ObjectiveResult:
    title = "Hand over command explicitly"
    rules = ("IC-15", "IC-16")
    explicit = list(ctx.actions("hand_over_command"))
    implicit = [
        r
        for r in ctx.actions("assign_role")
        if r.payload.get("role") == Role.INCIDENT_COMMANDER.value
        and ctx.commander_before.get(r.seq) not in (None, r.payload.get("person"))
    ]
    if not explicit and not implicit:
        return not_applicable(
            "ROLE-HANDOVER", FAMILY, title, "Command never changed hands.", rules=rules
        )
    unbriefed = [r for r in explicit if not str(r.payload.get("briefing", "")).strip()]
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
        measured_text=f"{len(explicit)} explicit, {len(implicit)} implicit change(s) of command",
        target="hand_over_command with a briefing",
        scale="P every change explicit and briefed · S explicit without briefing · U implicit",
        evidence=[*explicit, *implicit],
        rules=rules,
        notes=notes,
    )
