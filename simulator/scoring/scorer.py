"""``score(records, bundle)``: every family, the family scores and the weighted overall.

Family score = the weight-averaged score of its applicable objectives (scenario objectives
carry their own ``weight``; the rest weigh 1). Overall score = the average of the family
scores weighted by :data:`DEFAULT_WEIGHTS`, overridden by the team's ``weights`` and then the
scenario's (family name -> weight; 0 drops a family). Families with no applicable objective
are left out. Ratings of family and overall scores: >= 85 P, >= 65 S, >= 40 M, else U.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.scoring.basis import target_source
from simulator.scoring.card import FamilyScore, ObjectiveResult, Rating, Scorecard
from simulator.scoring.communication import score_communication
from simulator.scoring.context import Context, build_context
from simulator.scoring.escalation import score_escalation
from simulator.scoring.mitigation import score_mitigation
from simulator.scoring.resolution import score_resolution
from simulator.scoring.roles import score_roles
from simulator.scoring.scales import score_rating
from simulator.scoring.scenario import score_scenario
from simulator.scoring.severity import score_severity
from simulator.scoring.timings import score_timings

#: Families in report order: (name, title, default weight, scorer).
FAMILIES: tuple[tuple[str, str, float, Callable[[Context], list[ObjectiveResult]]], ...] = (
    ("timings", "Phase timings", 20.0, score_timings),
    ("severity", "Severity", 10.0, score_severity),
    ("roles", "Roles", 15.0, score_roles),
    ("communication", "Communication", 15.0, score_communication),
    ("escalation", "Escalation", 10.0, score_escalation),
    ("mitigation", "Mitigation", 15.0, score_mitigation),
    ("resolution", "Resolution", 5.0, score_resolution),
    ("scenario", "Scenario objectives", 10.0, score_scenario),
)

#: Default family weights (they sum to 100).
DEFAULT_WEIGHTS: Mapping[str, float] = {name: w for name, _, w, _ in FAMILIES}


def effective_weights(bundle: Bundle | None) -> tuple[dict[str, float], list[str]]:
    """Defaults, then the team's ``weights``, then the scenario's; notes for unknown names."""
    weights = dict(DEFAULT_WEIGHTS)
    notes: list[str] = []
    if bundle is None:
        return weights, notes
    for source, pairs in (("team", bundle.team.weights), ("scenario", bundle.scenario.weights)):
        for name, value in pairs:
            if name not in weights:
                notes.append(
                    f"The {source}'s weights name an unknown family {name!r} (ignored); "
                    f"families: {', '.join(DEFAULT_WEIGHTS)}."
                )
                continue
            weights[name] = float(value)
    return weights, notes


def _weighted(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(w for _, w in pairs)
    if total <= 0:
        return None
    return round(sum(s * w for s, w in pairs) / total, 1)


def _with_source(ctx: Context, objective: ObjectiveResult) -> ObjectiveResult:
    """``objective`` with the sentence saying how its target was set (when it depends on
    the scenario or the severity, :mod:`simulator.scoring.basis`)."""
    source = target_source(ctx, objective) if objective.applicable else ""
    if source == objective.target_source:
        return objective
    return dataclasses.replace(objective, target_source=source)


def _interrupted(ctx: Context, objective: ObjectiveResult) -> ObjectiveResult:
    """``objective`` as N/A when the run was interrupted before it could be met.

    A run killed mid-exercise has no ``end`` record: a U for something that never happened
    ("never resolved") says only that the exercise stopped, so it is not applicable, with the
    reason. A U earned before the interruption stays: too late, premature, or a timed
    objective whose U bound had passed (:attr:`ObjectiveResult.hopeless_after`).
    """
    if ctx.interrupted_at is None or objective.rating is not Rating.U:
        return objective
    if objective.measured is not None and "never" not in objective.measured_text:
        return objective
    hopeless = objective.hopeless_after
    if hopeless is not None and hopeless < ctx.interrupted_at:
        return objective  # already too late when the run stopped: U stands
    reason = f"the exercise was interrupted at {ctx.interruption_text()}"
    return dataclasses.replace(
        objective,
        rating=Rating.NA,
        score=None,
        measured_text=f"{objective.measured_text} ({reason})",
        notes=(f"Not rated: {reason}, before this could be done.", *objective.notes),
    )


def score(records: Sequence[Record], bundle: Bundle | None) -> Scorecard:
    """Score one journal (``bundle`` None for an imported real incident).

    Pure: reads the records and the bundle, changes neither.
    """
    return score_context(build_context(records, bundle))


def score_context(ctx: Context) -> Scorecard:
    """Score a journal already prepared by :func:`build_context`.

    For a caller that needs the folded state and the phase times too (the reports'
    ``ScoredRun``): it builds the context once and reuses it instead of folding again.

    Args:
        ctx: The journal folded once, with its phase times and targets.

    Returns:
        The same scorecard :func:`score` returns for ``ctx.records`` and ``ctx.bundle``.
    """
    bundle = ctx.bundle
    weights, notes = effective_weights(bundle)
    notes = [*ctx.notes, *notes]
    if ctx.interrupted_at is not None:
        notes.append(
            f"The exercise was interrupted at {ctx.interruption_text()} (the journal has no "
            "end record): what was still to do then is not rated."
        )
    objectives: list[ObjectiveResult] = []
    families: list[FamilyScore] = []
    for name, title, _, scorer in FAMILIES:
        results = [_interrupted(ctx, _with_source(ctx, o)) for o in scorer(ctx)]
        objectives.extend(results)
        applicable = [(o.score, o.weight) for o in results if o.score is not None]
        fam_score = _weighted(applicable)
        families.append(
            FamilyScore(
                family=name,
                title=title,
                weight=weights[name],
                score=fam_score,
                rating=score_rating(fam_score),
                objectives=tuple(o.id for o in results),
            )
        )
    overall = _weighted([(f.score, f.weight) for f in families if f.score is not None])
    header = ctx.header
    seed = header.get("seed")
    declared = ctx.severity_changes[0][1].value if ctx.severity_changes else None
    final = ctx.severity_changes[-1][1].value if ctx.severity_changes else None
    if bundle is not None:
        title = bundle.scenario.title
    else:
        title = str(header.get("title") or ctx.state.title or header.get("scenario_id") or "")
    return Scorecard(
        scenario_id=str(header.get("scenario_id", "")),
        title=title,
        team_id=str(header.get("team_id") or ""),
        seed=seed if isinstance(seed, int) else None,
        imported=bundle is None,
        true_severity=ctx.true_severity.value,
        severity_source=ctx.severity_source,
        declared_severity=declared,
        final_severity=final,
        phases=ctx.phases.durations(),
        phases_not_recorded=ctx.phases.missing(),
        objectives=tuple(objectives),
        families=tuple(families),
        weights=tuple(weights.items()),
        overall_score=overall,
        overall_rating=score_rating(overall),
        notes=tuple(notes),
    )
