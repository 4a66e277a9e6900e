"""Mitigation family: mitigate first, debug later (ORG-03), the strategy the truth says
resolves, and the number and cost of wrong mitigations."""

from __future__ import annotations

from simulator.actions import ApplyMitigation
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, not_applicable, timed
from simulator.scoring.scales import count_rating
from simulator.scoring.targets import MITIGATE_FIRST_TARGET
from simulator.vocabulary import plural

FAMILY = "mitigation"

#: Points per wrong mitigation by effect ("worsens" costs double).
WRONG_POINTS = {"none": 1, "worsens": 2, "unknown": 1}

STRATEGY_SCALE = "P the first mitigation was the resolving one · S the second · M later · U never"
WRONG_SCALE = "points (none 1, worsens 2): P 0 · S 1 · M 2-3 · U 4+"


def score_mitigation(ctx: Context) -> list[ObjectiveResult]:
    """MIT-FIRST, MIT-STRATEGY and MIT-WRONG."""
    return [_first(ctx), _strategy(ctx), _wrong(ctx)]


def _key(mitigation: ApplyMitigation) -> tuple[str, str]:
    return mitigation.strategy.value, mitigation.target


def _effect_key(record: Record) -> tuple[str, str]:
    """``(strategy, target)`` of a ``mitigation_effect`` record (a world record, not an action)."""
    return str(record.payload.get("strategy")), str(record.payload.get("target"))


def truth_effects(ctx: Context) -> dict[tuple[str, str], tuple[str, str]]:
    """``(strategy, target) -> (effect, cost)``: from the scenario truth, or for an imported
    incident from the ``mitigation_effect`` records of the journal."""
    if ctx.bundle is not None:
        return {
            (m.strategy.value, m.target): (m.effect.value, m.cost)
            for m in ctx.bundle.scenario.truth.mitigations
        }
    effects: dict[tuple[str, str], tuple[str, str]] = {}
    for r in ctx.kind("mitigation_effect"):
        effects.setdefault(_effect_key(r), (str(r.payload.get("effect")), ""))
    return effects


def _first(ctx: Context) -> ObjectiveResult:
    """MIT-FIRST: the first mitigation that did not make things worse counts; the notes say
    which one and why the others did not."""
    title = "Mitigate first, debug later"
    finding = ctx.first(lambda r: r.kind == "finding" and bool(r.payload.get("relevant")))
    effects = truth_effects(ctx)
    taken = ctx.taken(ApplyMitigation)
    notes = []
    worse: list[Record] = []
    counted: tuple[Record, ApplyMitigation] | None = None
    for r, action in taken:
        if effects.get(_key(action), ("unknown", ""))[0] == "worsens":
            worse.append(r)
            notes.append(
                f"Not counted: {' '.join(_key(action))} at {ctx.clock(r.t)} made the impact "
                "worse (mitigating means reducing the impact)."
            )
            continue
        counted = (r, action)
        break
    mitigation = counted[0] if counted is not None else None
    measured: float | None = None
    if counted is not None and mitigation is not None:
        what = f"{' '.join(_key(counted[1]))} at {ctx.clock(mitigation.t)}"
        if finding is None or mitigation.t <= finding.t:
            measured = 0.0
            notes.append(f"Counted: {what}, applied before any root-cause finding.")
        else:
            measured = mitigation.t - finding.t
            notes.append(
                f"Counted: {what}, {format_duration(measured)} after the first relevant "
                f"finding at {ctx.clock(finding.t)}."
            )
    # An imported timeline without a mitigation row, or without a finding row (so "before any
    # finding" would be a made-up 0), does not show whether the team mitigated first.
    missing = None
    if not taken:
        missing = ctx.unrecorded("mitigation applied (mitigation row)")
    elif finding is None:
        missing = ctx.unrecorded("root-cause finding to count from (finding row)")
    return timed(
        "MIT-FIRST",
        FAMILY,
        title,
        measured,
        MITIGATE_FIRST_TARGET,
        evidence=(finding, *worse, mitigation),
        rules=("ORG-03",),
        never="only mitigations that made it worse" if taken else "no mitigation applied",
        since=finding.t if finding is not None else None,
        target_text=f"≤ {format_duration(MITIGATE_FIRST_TARGET)} from the first relevant finding"
        " to the first mitigation that did not make it worse",
        notes=notes,
        not_recorded=missing,
    )


def _strategy(ctx: Context) -> ObjectiveResult:
    title = "Choose the mitigation that resolves the cause"
    effects = truth_effects(ctx)
    best = [k for k, (effect, _) in effects.items() if effect == "resolves"]
    if not best:
        best = [k for k, (effect, _) in effects.items() if effect == "reduces"]
    if not best:
        return not_applicable(
            "MIT-STRATEGY", FAMILY, title, "No mitigation is known to resolve or reduce the impact."
        )
    taken = ctx.taken(ApplyMitigation)
    applied = [r for r, _ in taken]
    keys = [_key(m) for _, m in taken]
    index = next((i for i, key in enumerate(keys) if key in best), None)
    wanted = " or ".join(f"{s} {t}" for s, t in best)
    if index is None:
        rating = Rating.U
        text = "never applied"
        evidence: list[Record] = applied
    else:
        rating = (Rating.P, Rating.S)[index] if index < 2 else Rating.M
        text = f"{' '.join(keys[index])} as mitigation #{index + 1}"
        evidence = applied[: index + 1]
    return make(
        "MIT-STRATEGY",
        FAMILY,
        title,
        rating,
        measured=None if index is None else float(index + 1),
        unit="position",
        measured_text=text,
        target=wanted,
        scale=STRATEGY_SCALE,
        evidence=evidence,
        notes=[f"Applied in order: {', '.join(' '.join(k) for k in keys) or 'none'}."],
    )


def _wrong(ctx: Context) -> ObjectiveResult:
    if not ctx.taken(ApplyMitigation):
        return not_applicable(
            "MIT-WRONG", FAMILY, "Avoid wrong mitigations", "No mitigation was applied."
        )
    effects = truth_effects(ctx)
    wrong = []
    notes = []
    points = 0
    for r, mitigation in ctx.taken(ApplyMitigation):
        effect, cost = effects.get(_key(mitigation), ("unknown", ""))
        if ctx.bundle is None and effect == "unknown":
            continue  # an imported incident records only what helped
        if effect in WRONG_POINTS:
            wrong.append(r)
            points += WRONG_POINTS[effect]
            detail = f" — cost: {cost}" if cost else ""
            notes.append(
                f"{' '.join(_key(mitigation))} at {ctx.clock(r.t)}: effect {effect}{detail}"
            )
    return make(
        "MIT-WRONG",
        FAMILY,
        "Avoid wrong mitigations",
        count_rating(points),
        measured=float(points),
        unit="points",
        measured_text=f"{plural(len(wrong), 'wrong mitigation')}, {plural(points, 'point')}",
        target="0 mitigations that do nothing or make it worse",
        scale=WRONG_SCALE,
        evidence=wrong,
        notes=notes,
    )
