"""The scorecard: what scoring a journal produces, JSON-serialisable both ways.

A :class:`Scorecard` holds one :class:`ObjectiveResult` per objective (measured value, target,
HSEEP rating, 0-100 score, the journal records that are its evidence and the doctrine rule ids it
checks), one :class:`FamilyScore` per family and the weighted overall score and rating. The
report, the GUI and batch summaries read these; nothing here computes a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from simulator.phases import phase_text


class Rating(StrEnum):
    """HSEEP exercise-evaluation ratings, plus N/A for an objective that did not apply and N/R
    for one that could not be measured because what it measures is not in the record (an
    imported timeline without an impact start has no MTTD). Neither counts in a score."""

    P = "P"
    S = "S"
    M = "M"
    U = "U"
    NA = "N/A"
    NR = "N/R"

    @property
    def label(self) -> str:
        """The HSEEP wording of the rating."""
        return _LABELS[self]


_LABELS = {
    Rating.P: "Performed without challenges",
    Rating.S: "Performed with some challenges",
    Rating.M: "Performed with major challenges",
    Rating.U: "Unable to be performed",
    Rating.NA: "Not applicable",
    Rating.NR: "Not measurable (not recorded)",
}


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective's outcome.

    ``measured`` is the number the rating was computed from (seconds for timings, a count or a
    share otherwise; ``unit`` says which) or None when nothing happened; ``measured_text`` is
    the human wording. ``scale`` spells out the P/S/M/U boundaries applied. ``evidence`` lists
    journal ``seq`` numbers; ``rules`` cites rows of ``docs/reference/scorable_behaviours.csv`` (or
    a scenario objective id). ``score`` is None when the rating is N/A.
    """

    id: str
    family: str
    title: str
    measured: float | None
    unit: str
    measured_text: str
    target: str
    scale: str
    rating: Rating
    score: float | None
    evidence: tuple[int, ...] = ()
    rules: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    weight: float = 1.0
    #: How the target was set when it depends on the scenario or the severity ("" when the
    #: target is the same for every run, e.g. the guide's MTTD of 5 minutes).
    target_source: str = ""
    #: For an objective not done (U, "never"): the sim time after which doing it could no
    #: longer have earned better than U (None: no such time is known). Scoring uses it to
    #: tell an interrupted run's unfinished work from work already too late; it is not saved
    #: in the scorecard's JSON.
    hopeless_after: float | None = field(default=None, compare=False)

    @property
    def applicable(self) -> bool:
        """False for an objective that did not apply to this incident."""
        return self.rating is not Rating.NA

    @property
    def measurable(self) -> bool:
        """False for an objective whose measure is not recorded (rated N/R, no score)."""
        return self.rating is not Rating.NR

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "family": self.family,
            "title": self.title,
            "measured": self.measured,
            "unit": self.unit,
            "measured_text": self.measured_text,
            "target": self.target,
            "scale": self.scale,
            "rating": self.rating.value,
            "score": self.score,
            "evidence": list(self.evidence),
            "rules": list(self.rules),
            "notes": list(self.notes),
            "weight": self.weight,
            "target_source": self.target_source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ObjectiveResult:
        """Rebuild from :meth:`to_json` output."""
        return cls(
            id=str(data["id"]),
            family=str(data["family"]),
            title=str(data["title"]),
            measured=None if data["measured"] is None else float(data["measured"]),
            unit=str(data["unit"]),
            measured_text=str(data["measured_text"]),
            target=str(data["target"]),
            scale=str(data["scale"]),
            rating=Rating(data["rating"]),
            score=None if data["score"] is None else float(data["score"]),
            evidence=tuple(int(s) for s in data["evidence"]),
            rules=tuple(str(r) for r in data["rules"]),
            notes=tuple(str(n) for n in data["notes"]),
            weight=float(data["weight"]),
            target_source=str(data.get("target_source") or ""),
        )


@dataclass(frozen=True)
class FamilyScore:
    """A family's weighted mean of its applicable objectives' scores."""

    family: str
    title: str
    weight: float
    score: float | None
    rating: Rating
    objectives: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "family": self.family,
            "title": self.title,
            "weight": self.weight,
            "score": self.score,
            "rating": self.rating.value,
            "objectives": list(self.objectives),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FamilyScore:
        """Rebuild from :meth:`to_json` output."""
        return cls(
            family=str(data["family"]),
            title=str(data["title"]),
            weight=float(data["weight"]),
            score=None if data["score"] is None else float(data["score"]),
            rating=Rating(data["rating"]),
            objectives=tuple(str(o) for o in data["objectives"]),
        )


SCORECARD_FORMAT = "gameday/scorecard@1"


@dataclass(frozen=True)
class Scorecard:
    """Every objective, family and the overall result of one run (or imported incident).

    ``true_severity`` is the scenario truth's severity, or for an imported real incident the
    most severe level it was declared at (``severity_source`` says which). ``phases`` are the
    durations of :func:`simulator.phases.phase_times` in seconds (None: never happened, or not
    recorded); ``phases_not_recorded`` maps each phase that is not recorded to the reason (the
    anchor missing from the journal), so None is never shown as a made-up 0.
    """

    scenario_id: str
    title: str
    team_id: str
    seed: int | None
    imported: bool
    true_severity: str | None
    severity_source: str
    declared_severity: str | None
    final_severity: str | None
    phases: Mapping[str, float | None]
    objectives: tuple[ObjectiveResult, ...]
    families: tuple[FamilyScore, ...]
    weights: tuple[tuple[str, float], ...]
    overall_score: float | None
    overall_rating: Rating
    notes: tuple[str, ...] = ()
    phases_not_recorded: Mapping[str, str] = field(default_factory=dict)

    def objective(self, objective_id: str) -> ObjectiveResult:
        """The result of ``objective_id``.

        Raises:
            KeyError: naming the unknown id.
        """
        for result in self.objectives:
            if result.id == objective_id:
                return result
        raise KeyError(f"no objective {objective_id!r} in this scorecard")

    def objective_or_none(self, objective_id: str) -> ObjectiveResult | None:
        """The result of ``objective_id``, or None when the scorecard has no such objective."""
        return next((o for o in self.objectives if o.id == objective_id), None)

    def family(self, name: str) -> FamilyScore:
        """The score of family ``name``.

        Raises:
            KeyError: naming the unknown family.
        """
        for fam in self.families:
            if fam.family == name:
                return fam
        raise KeyError(f"no family {name!r} in this scorecard")

    def phase_text(self, name: str, never: str = "—") -> str:
        """Phase ``name`` for people: ``3m``, ``not recorded`` or ``never`` (default ``—``)."""
        return phase_text(self.phases.get(name), self.phases_not_recorded.get(name), never)

    def not_measurable(self) -> tuple[ObjectiveResult, ...]:
        """Objectives rated N/R: their measure is not in the record."""
        return tuple(o for o in self.objectives if o.rating is Rating.NR)

    def failed(self) -> tuple[ObjectiveResult, ...]:
        """Objectives rated M or U (the ones action items come from)."""
        return tuple(o for o in self.objectives if o.rating in (Rating.M, Rating.U))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``json.dumps`` it as is)."""
        return {
            "format": SCORECARD_FORMAT,
            "scenario_id": self.scenario_id,
            "title": self.title,
            "team_id": self.team_id,
            "seed": self.seed,
            "imported": self.imported,
            "true_severity": self.true_severity,
            "severity_source": self.severity_source,
            "declared_severity": self.declared_severity,
            "final_severity": self.final_severity,
            "phases": dict(self.phases),
            "phases_not_recorded": dict(self.phases_not_recorded),
            "objectives": [o.to_json() for o in self.objectives],
            "families": [f.to_json() for f in self.families],
            "weights": dict(self.weights),
            "overall_score": self.overall_score,
            "overall_rating": self.overall_rating.value,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scorecard:
        """Rebuild from :meth:`to_json` output.

        Raises:
            ValueError: when ``data`` is not a scorecard of a known format.
        """
        if data.get("format") != SCORECARD_FORMAT:
            raise ValueError(
                f"not a scorecard: format {data.get('format')!r}, expected {SCORECARD_FORMAT}"
            )
        seed = data.get("seed")
        return cls(
            scenario_id=str(data["scenario_id"]),
            title=str(data["title"]),
            team_id=str(data["team_id"]),
            seed=None if seed is None else int(seed),
            imported=bool(data["imported"]),
            true_severity=data.get("true_severity"),
            severity_source=str(data["severity_source"]),
            declared_severity=data.get("declared_severity"),
            final_severity=data.get("final_severity"),
            phases={str(k): (None if v is None else float(v)) for k, v in data["phases"].items()},
            objectives=tuple(ObjectiveResult.from_json(o) for o in data["objectives"]),
            families=tuple(FamilyScore.from_json(f) for f in data["families"]),
            weights=tuple((str(k), float(v)) for k, v in data["weights"].items()),
            overall_score=(None if data["overall_score"] is None else float(data["overall_score"])),
            overall_rating=Rating(data["overall_rating"]),
            notes=tuple(str(n) for n in data["notes"]),
            phases_not_recorded={
                str(k): str(v) for k, v in dict(data.get("phases_not_recorded") or {}).items()
            },
        )
