"""Escalation family: the severity's escalation level paged in time, leadership (level 3) for
SEV-1, and a bridge call for SEV-1/2 (the team's severity policy; defaults: the guide)."""

from __future__ import annotations

from simulator.actions import DeclareIncident, Escalate, OpenBridge, PagePerson
from simulator.durations import format_duration
from simulator.journal import Record, typed_action
from simulator.model import Severity
from simulator.scoring.card import ObjectiveResult
from simulator.scoring.context import Context
from simulator.scoring.objective import not_applicable, timed
from simulator.scoring.targets import BRIDGE_TARGET

FAMILY = "escalation"


def score_escalation(ctx: Context) -> list[ObjectiveResult]:
    """ESC-LEVEL, ESC-LEADERSHIP and ESC-BRIDGE."""
    return [_level(ctx), _leadership(ctx), _bridge(ctx)]


def level_reached(ctx: Context, level: int) -> Record | None:
    """The first record that paged escalation ``level`` or higher: a ``page`` record of that
    level, an ``escalate`` action to it, or ``page_person`` of one of its targets."""
    targets: set[str] = set()
    if ctx.bundle is not None:
        for lvl in ctx.bundle.team.escalation.levels:
            if lvl.level >= level:
                targets.update(lvl.targets)
    for r in ctx.records:
        if r.kind == "page":
            value = r.payload.get("level")
            if isinstance(value, int) and value >= level:
                return r
            if str(r.payload.get("person")) in targets:
                return r
        elif r.kind == "action":
            action = typed_action(r)
            if isinstance(action, Escalate) and action.level >= level:
                return r
            if isinstance(action, PagePerson) and action.person in targets:
                return r
    return None


def _level(ctx: Context) -> ObjectiveResult:
    sev = ctx.true_severity
    rule = ctx.rule()
    level = rule.escalation_level
    reached = level_reached(ctx, level)
    declared = ctx.declared_at is not None
    start = ctx.response_start if ctx.response_start is not None else 0.0
    missing = _missing(ctx, reached, f"page of escalation level {level} (page or escalate row)")
    anchor = ctx.first_of(DeclareIncident) if declared else ctx.detection_record()
    measured = max(0.0, reached.t - start) if reached is not None else None
    since = "declaring" if declared else "detection"
    return timed(
        "ESC-LEVEL",
        FAMILY,
        f"Page escalation level {level} for {sev.value}",
        measured,
        rule.response_time,
        evidence=(anchor, reached),
        rules=("SME-04",),
        never=f"level {level} never paged",
        since=start,
        target_text=f"level {level} paged ≤ {format_duration(rule.response_time)} after {since}",
        notes=(f"{sev.value} policy: escalation level {level}.",),
        not_recorded=missing,
    )


def _leadership(ctx: Context) -> ObjectiveResult:
    title = "Involve leadership (level 3) for SEV-1"
    if ctx.true_severity is not Severity.SEV1:
        return not_applicable(
            "ESC-LEADERSHIP",
            FAMILY,
            title,
            f"Required for SEV-1 only; this incident was {ctx.true_severity.value}.",
        )
    target = ctx.rule(Severity.SEV1).update_every or 900.0
    reached = level_reached(ctx, 3)
    start = ctx.response_start if ctx.response_start is not None else 0.0
    missing = _missing(ctx, reached, "page of leadership (escalation level 3)")
    measured = max(0.0, reached.t - start) if reached is not None else None
    return timed(
        "ESC-LEADERSHIP",
        FAMILY,
        title,
        measured,
        target,
        evidence=(reached,),
        never="leadership never paged",
        since=start,
        target_text=f"level 3 paged ≤ {format_duration(target)} after declaring",
        not_recorded=missing,
    )


def _bridge(ctx: Context) -> ObjectiveResult:
    sev = ctx.true_severity
    title = "Open a bridge call"
    if not ctx.rule().bridge:
        return not_applicable(
            "ESC-BRIDGE", FAMILY, title, f"The {sev.value} policy asks for no bridge call."
        )
    bridge = ctx.first_of(OpenBridge)
    start = ctx.response_start if ctx.response_start is not None else 0.0
    missing = _missing(ctx, bridge, "bridge call (bridge row)")
    measured = max(0.0, bridge.t - start) if bridge is not None else None
    return timed(
        "ESC-BRIDGE",
        FAMILY,
        title,
        measured,
        BRIDGE_TARGET,
        evidence=(bridge,),
        rules=("CL-01",),
        never="no bridge call",
        since=start,
        target_text=f"≤ {format_duration(BRIDGE_TARGET)} after declaring ({sev.value})",
        not_recorded=missing,
    )


def _missing(ctx: Context, event: Record | None, what: str) -> str | None:
    """Why an escalation objective cannot be measured: no start (neither a declaration nor a
    detection) to count from, or, in an imported timeline, no row for the event."""
    if ctx.response_start is None:
        return "no declaration or detection to count from"
    return ctx.unrecorded(what) if event is None else None
