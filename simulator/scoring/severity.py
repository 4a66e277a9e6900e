"""Severity family: the declared severity against the true one, and re-classification.

Under-classifying is worse than over-classifying (IC-12: "if you are unsure ... treat it as
the higher one"): one level too severe is S, one level too mild is M, two or more levels too
severe M, two or more too mild U, never declared U.
"""

from __future__ import annotations

from simulator.durations import format_duration
from simulator.model import Severity
from simulator.phases import NOT_RECORDED
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make
from simulator.scoring.scales import TIMING_S
from simulator.scoring.targets import RECLASSIFY_TARGET

FAMILY = "severity"

CLASS_SCALE = "P exact · S one level too severe · M one too mild or 2+ too severe · U 2+ too mild"
RECLASS_SCALE = (
    f"P right from the start or corrected ≤ {format_duration(RECLASSIFY_TARGET)} after declaring"
    f" · S corrected ≤ {format_duration(TIMING_S * RECLASSIFY_TARGET)} · M corrected later or"
    " moved closer · U still wrong"
)


def classification_rating(declared: Severity, true: Severity) -> Rating:
    """Rate a declared severity against the true one (see the module docstring)."""
    diff = true.rank - declared.rank  # > 0: declared more severe than true
    if diff == 0:
        return Rating.P
    if diff == 1:
        return Rating.S
    if diff == -1 or diff >= 2:
        return Rating.M
    return Rating.U


def score_severity(ctx: Context) -> list[ObjectiveResult]:
    """SEV-CLASS and SEV-RECLASS."""
    true = ctx.true_severity
    changes = ctx.severity_changes
    target = f"{true.value} ({ctx.severity_source})"
    if not changes:
        # An imported timeline without a declaration row does not show there was none; one
        # whose declaration names no level does not show which level was chosen.
        if ctx.unrecorded_declaration is not None:
            missing: str | None = "severity (the declaration names no level)"
        else:
            missing = ctx.unrecorded("declaration (declare row)")
        return [
            make(
                oid,
                FAMILY,
                title,
                Rating.NR if missing else Rating.U,
                measured_text=NOT_RECORDED if missing else "never declared",
                target=target,
                unit="severity",
                scale=scale,
                rules=("IC-12",),
                notes=(f"Not measurable (not recorded): {missing}.",) if missing else (),
            )
            for oid, title, scale in (
                ("SEV-CLASS", "Classify the severity", CLASS_SCALE),
                ("SEV-RECLASS", "Re-classify when the evidence changes", RECLASS_SCALE),
            )
        ]
    declare_record, declared = changes[0]
    final_record, final = changes[-1]
    c_rating = classification_rating(declared, true)
    notes = []
    if declared.rank > true.rank:
        notes.append(f"Under-classified: declared {declared.value}, the incident was {true.value}.")
    elif declared.rank < true.rank:
        notes.append(f"Over-classified: declared {declared.value}, the incident was {true.value}.")
    results = [
        make(
            "SEV-CLASS",
            FAMILY,
            "Classify the severity",
            c_rating,
            measured=float(declared.rank),
            unit="severity",
            measured_text=f"declared {declared.value}",
            target=target,
            scale=CLASS_SCALE,
            evidence=(declare_record,),
            rules=("IC-12",),
            notes=notes,
        )
    ]
    evidence = [r for r, _ in changes]
    path = " → ".join(s.value for _, s in changes)
    if final == true:
        if declared == true and len(changes) == 1:
            rating, measured, text = Rating.P, 0.0, f"{path} (right from the start)"
        else:
            measured = final_record.t - declare_record.t
            text = f"{path} (corrected after {format_duration(measured)})"
            if declared == true:
                rating = Rating.S  # changed away from the right level and back
            elif measured <= RECLASSIFY_TARGET:
                rating = Rating.P
            elif measured <= TIMING_S * RECLASSIFY_TARGET:
                rating = Rating.S
            else:
                rating = Rating.M
    else:
        measured = None
        closer = abs(final.rank - true.rank) < abs(declared.rank - true.rank)
        rating = Rating.M if closer else Rating.U
        text = f"{path} (ended at {final.value}, the incident was {true.value})"
    results.append(
        make(
            "SEV-RECLASS",
            FAMILY,
            "Re-classify when the evidence changes",
            rating,
            measured=measured,
            unit="s",
            measured_text=text,
            target=f"{true.value} by the end",
            scale=RECLASS_SCALE,
            evidence=evidence,
            rules=("IC-12",),
        )
    )
    return results
