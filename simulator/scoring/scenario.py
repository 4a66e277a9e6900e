"""Scenario-specific objectives (``scenario.objectives``): an action with matching params
within ``within`` of an anchor, or a forbidden action that must not happen.

Anchors: ``start`` (0), ``impact_start``, ``first_alert`` (the first ``alert`` record or alert
inject), ``declare`` or an inject id (when that inject fired). The first matching accepted
action counts; an action before its anchor counts as 0 s. Without ``within`` the action only
has to happen. Ratings: the timing scale against ``within``; a forbidden action P when absent,
U when it happened (with ``within``: only inside ``within`` after the anchor); an anchor that
never happened makes the objective N/A (inject) or U (``declare`` never happened, so the
expectation could not be met).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.actions import DeclareIncident
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import Objective
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, not_applicable, timed

FAMILY = "scenario"


def score_scenario(ctx: Context) -> list[ObjectiveResult]:
    """One result per objective of the scenario (none for an imported incident)."""
    if ctx.bundle is None:
        return []
    return [_objective(ctx, o) for o in ctx.bundle.scenario.objectives]


def params_match(payload: Mapping[str, Any], params: tuple[tuple[str, str], ...]) -> bool:
    """True when every ``(key, value)`` of ``params`` equals the payload's (as text)."""
    return all(str(payload.get(key)) == str(value) for key, value in params)


def anchor_record(ctx: Context, anchor: str) -> tuple[bool, float | None, Record | None]:
    """``(known, time, record)`` of an anchor; ``known`` False for an unknown inject id."""
    if anchor == "start":
        return True, 0.0, None
    if anchor == "impact_start":
        r = ctx.impact_start_record()
        return True, (r.t if r is not None else 0.0), r
    if anchor == "first_alert":
        r = ctx.first(
            lambda r: r.kind == "alert" or (r.kind == "inject" and r.payload.get("kind") == "alert")
        )
        return True, (r.t if r is not None else None), r
    if anchor == "declare":
        r = ctx.first_of(DeclareIncident)
        return True, (r.t if r is not None else None), r
    r = ctx.first(lambda r: r.kind == "inject" and r.payload.get("inject_id") == anchor)
    return r is not None, (r.t if r is not None else None), r


def _objective(ctx: Context, objective: Objective) -> ObjectiveResult:
    oid = objective.id
    title = objective.description
    rules = (oid,)
    match = next(
        (r for r in ctx.actions(objective.action) if params_match(r.payload, objective.params)),
        None,
    )
    wanted = objective.action + "".join(f" {k}={v}" for k, v in objective.params)
    if objective.forbidden:
        window = ""
        if objective.within is not None:
            known, at, _ = anchor_record(ctx, objective.after)
            if not known or at is None:
                return not_applicable(
                    oid,
                    FAMILY,
                    title,
                    f"{objective.after} never happened.",
                    rules=rules,
                    weight=objective.weight,
                )
            start, stop = at, at + objective.within
            match = next(
                (
                    r
                    for r in ctx.actions(objective.action)
                    if params_match(r.payload, objective.params) and start <= r.t <= stop
                ),
                None,
            )
            window = f" ≤ {format_duration(objective.within)} after {objective.after}"
        return make(
            oid,
            FAMILY,
            title,
            Rating.U if match is not None else Rating.P,
            measured=1.0 if match is not None else 0.0,
            unit="count",
            measured_text=f"{wanted} happened" if match is not None else f"no {wanted}",
            target=f"never {wanted}{window}",
            scale="P did not happen · U happened",
            evidence=(match,),
            rules=rules,
            weight=objective.weight,
        )
    if objective.within is None:
        return make(
            oid,
            FAMILY,
            title,
            Rating.P if match is not None else Rating.U,
            measured=None if match is None else match.t,
            unit="s",
            measured_text="done" if match is not None else "never",
            target=wanted,
            scale="P done · U never",
            evidence=(match,),
            rules=rules,
            weight=objective.weight,
        )
    fired, at, anchor = anchor_record(ctx, objective.after)
    if not fired:
        return not_applicable(
            oid,
            FAMILY,
            title,
            f"Inject {objective.after} never fired.",
            rules=rules,
            weight=objective.weight,
        )
    measured = None
    if match is not None and at is not None:
        measured = max(0.0, match.t - at)
    return timed(
        oid,
        FAMILY,
        title,
        measured,
        objective.within,
        evidence=(anchor, match),
        rules=rules,
        never="never" if at is not None else f"never ({objective.after} never happened)",
        since=at,
        target_text=f"{wanted} ≤ {format_duration(objective.within)} after {objective.after}",
        weight=objective.weight,
    )
