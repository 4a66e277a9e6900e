"""Small builders shared by the objective families (so every result is shaped the same way)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from simulator.durations import format_duration
from simulator.journal import Record
from simulator.phases import NOT_RECORDED
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.scales import TIMING_M, rating_score, timing_rating, timing_scale


def seqs(records: Iterable[Record | None]) -> tuple[int, ...]:
    """The ``seq`` numbers of the records that exist, sorted and unique."""
    return tuple(sorted({r.seq for r in records if r is not None}))


def make(
    objective_id: str,
    family: str,
    title: str,
    rating: Rating,
    *,
    measured: float | None = None,
    unit: str = "",
    measured_text: str = "",
    target: str = "",
    scale: str = "",
    evidence: Iterable[Record | None] = (),
    rules: tuple[str, ...] = (),
    notes: Iterable[str] = (),
    weight: float = 1.0,
) -> ObjectiveResult:
    """An :class:`ObjectiveResult` whose score follows its rating."""
    return ObjectiveResult(
        id=objective_id,
        family=family,
        title=title,
        measured=measured,
        unit=unit,
        measured_text=measured_text,
        target=target,
        scale=scale,
        rating=rating,
        score=rating_score(rating),
        evidence=seqs(evidence),
        rules=rules,
        notes=tuple(notes),
        weight=weight,
    )


def unrecorded(
    objective_id: str,
    family: str,
    title: str,
    reason: str,
    *,
    target: str = "",
    scale: str = "",
    evidence: Iterable[Record | None] = (),
    rules: tuple[str, ...] = (),
    notes: Iterable[str] = (),
    weight: float = 1.0,
) -> ObjectiveResult:
    """An objective rated N/R (not measurable, no score): the record lacks what it needs.

    ``reason`` says what is missing; it leads the notes as "Not measurable (not recorded):
    <reason>." so every family words it the same way.
    """
    return make(
        objective_id,
        family,
        title,
        Rating.NR,
        measured_text=NOT_RECORDED,
        target=target,
        scale=scale,
        evidence=evidence,
        rules=rules,
        notes=(f"Not measurable (not recorded): {reason}.", *notes),
        weight=weight,
    )


def timed(
    objective_id: str,
    family: str,
    title: str,
    measured: float | None,
    target: float,
    *,
    evidence: Iterable[Record | None] = (),
    rules: tuple[str, ...] = (),
    notes: Iterable[str] = (),
    never: str = "never",
    target_text: str = "",
    weight: float = 1.0,
    not_recorded: str | None = None,
    since: float | None = None,
) -> ObjectiveResult:
    """A duration rated on the timing scale against ``target`` seconds.

    ``since`` is the sim time the duration counts from: for something never done it sets
    :attr:`~simulator.scoring.card.ObjectiveResult.hopeless_after` (``since`` + the U bound),
    so an interrupted run is rated U only for what was already too late when it stopped.

    ``not_recorded`` (the reason from :meth:`simulator.phases.PhaseTimes.not_recorded`) makes
    the objective not measurable (N/R, no score) instead of passing or failing it on a number
    the journal does not hold.
    """
    if not_recorded is not None:
        return unrecorded(
            objective_id,
            family,
            title,
            not_recorded,
            target=target_text or f"≤ {format_duration(target)}",
            scale=timing_scale(target),
            evidence=evidence,
            rules=rules,
            notes=notes,
            weight=weight,
        )
    result = make(
        objective_id,
        family,
        title,
        timing_rating(measured, target),
        measured=measured,
        unit="s",
        measured_text=format_duration(measured) if measured is not None else never,
        target=target_text or f"≤ {format_duration(target)}",
        scale=timing_scale(target),
        evidence=evidence,
        rules=rules,
        notes=notes,
        weight=weight,
    )
    if measured is None and since is not None:
        return dataclasses.replace(result, hopeless_after=since + TIMING_M * target)
    return result


def not_applicable(
    objective_id: str,
    family: str,
    title: str,
    reason: str,
    *,
    rules: tuple[str, ...] = (),
    target: str = "",
    weight: float = 1.0,
) -> ObjectiveResult:
    """An objective that did not apply to this incident (excluded from the scores)."""
    return make(
        objective_id,
        family,
        title,
        Rating.NA,
        measured_text="not applicable",
        target=target,
        rules=rules,
        notes=(reason,),
        weight=weight,
    )
