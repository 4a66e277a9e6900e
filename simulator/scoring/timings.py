"""Phase timings family: MTTD, MTTA, time to declare, to mitigate and to resolve.

Durations come only from :func:`simulator.phases.phase_times` (via the context); this module
only picks targets and evidence.
"""

from __future__ import annotations

import dataclasses

from simulator.actions import AcknowledgePage, DeclareIncident, MarkResolved
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, timed
from simulator.scoring.scales import timing_scale
from simulator.scoring.targets import (
    MITIGATE_TARGETS,
    MTTA_TARGET,
    MTTD_TARGET,
    RESOLVE_TARGETS,
)

FAMILY = "timings"


def score_timings(ctx: Context) -> list[ObjectiveResult]:
    """The five phase-timing objectives."""
    ph = ctx.phases
    start = ctx.impact_start_record()
    detection = ctx.detection_record()
    ack = ctx.at(ph.acknowledged_at, lambda r: r.action == AcknowledgePage.name)
    declare = ctx.at(ph.declared_at, lambda r: r.action == DeclareIncident.name)
    mitigated = ctx.at(ph.mitigated_at, lambda r: r.kind == "mitigation_effect")
    resolved = ctx.at(ph.resolved_at, lambda r: r.action == MarkResolved.name)
    sev = ctx.true_severity
    response = ctx.rule().response_time
    return [
        _detect(ctx, start, detection),
        timed(
            "TIME-MTTA",
            FAMILY,
            "Acknowledge the page (MTTA)",
            ph.mtta,
            MTTA_TARGET,
            evidence=(detection, ack),
            never="never acknowledged",
            not_recorded=ph.not_recorded("mtta"),
            since=ph.detected_at,
            notes=("Detection to the first acknowledge_page.",),
        ),
        timed(
            "TIME-DECLARE",
            FAMILY,
            f"Declare the incident within the {sev.value} response time",
            ph.time_to_declare,
            response,
            evidence=(detection, declare),
            rules=("ORG-02",),
            never="never declared",
            not_recorded=ph.not_recorded("time_to_declare"),
            since=ph.detected_at,
            target_text=f"≤ {format_duration(response)} ({sev.value} response time)",
            notes=(f"Detection to declare_incident; target from the {sev.value} policy.",),
        ),
        _mitigate(ctx, start, mitigated),
        _resolve(ctx, start, resolved),
    ]


def _detect(ctx: Context, start: Record | None, detection: Record | None) -> ObjectiveResult:
    """TIME-MTTD. Detection is the monitoring's job (alert rules, thresholds, synthetic
    checks): nobody playing the exercise can make an alert fire sooner, so with a human seat
    it is not part of the trainee's rating (N/A, the value kept) and a slow detection becomes a
    team-design action item; a fully simulated run rates the team on it."""
    ph = ctx.phases
    result = timed(
        "TIME-MTTD",
        FAMILY,
        "Detect the impact (MTTD)",
        ph.mttd,
        MTTD_TARGET,
        evidence=(start, detection),
        never="not detected",
        not_recorded=ph.not_recorded("mttd"),
        since=start.t if start is not None else None,
        notes=("Impact start to the first alert or detection-source report.",),
    )
    if not ctx.header.get("human") or not result.measurable:
        return result
    return dataclasses.replace(
        result,
        rating=Rating.NA,
        score=None,
        notes=(
            "Not rated for the player: detection is the team's monitoring, which nobody in "
            "the exercise can change. "
            + (
                f"It took {result.measured_text}, over the guide's "
                f"{format_duration(MTTD_TARGET)}: a team-design action item."
                if (result.measured or 0.0) > MTTD_TARGET
                else f"It took {result.measured_text} (the guide: ≤ "
                f"{format_duration(MTTD_TARGET)})."
            ),
            *result.notes,
        ),
    )


def _mitigate(ctx: Context, start: Record | None, mitigated: Record | None) -> ObjectiveResult:
    """TIME-MITIGATE: which mitigation counted and why (a relapsed one never counts)."""
    ph = ctx.phases
    sev = ctx.true_severity
    notes = ["Impact start to the first mitigation that took effect, helped and held."]
    relapsed = []
    for r in ctx.kind("mitigation_effect"):
        if r.payload.get("effect") not in ("resolves", "reduces"):
            continue
        if mitigated is not None and r.seq == mitigated.seq:
            break
        relapse = next(
            (x for x in ctx.kind("relapse") if x.t >= r.t and _key(x) == _key(r)),
            None,
        )
        if relapse is not None:
            relapsed.append(r)
            notes.append(
                f"Not counted: {' '.join(_key(r))} at {ctx.clock(r.t)} helped, but the impact "
                f"came back at {ctx.clock(relapse.t)} (it relapsed)."
            )
    if mitigated is not None:
        notes.append(
            f"Counted: {' '.join(_key(mitigated))} at {ctx.clock(mitigated.t)} "
            f"({mitigated.payload.get('effect')} the impact, and it held)."
        )
    return timed(
        "TIME-MITIGATE",
        FAMILY,
        "First effective mitigation",
        ph.time_to_mitigate,
        MITIGATE_TARGETS[sev],
        evidence=(start, *relapsed, mitigated),
        rules=("ORG-03",),
        never="never mitigated (no fix that held)" if relapsed else "never mitigated",
        not_recorded=ph.not_recorded("time_to_mitigate"),
        since=start.t if start is not None else None,
        target_text=f"≤ {format_duration(MITIGATE_TARGETS[sev])} ({sev.value})",
        notes=notes,
    )


def _key(record: Record) -> tuple[str, str]:
    return str(record.payload.get("strategy")), str(record.payload.get("target"))


def _resolve(ctx: Context, start: Record | None, resolved: Record | None) -> ObjectiveResult:
    """TIME-RESOLVE: resolving while users are still affected is not a time to resolve."""
    ph = ctx.phases
    sev = ctx.true_severity
    target = RESOLVE_TARGETS[sev]
    target_text = f"≤ {format_duration(target)} ({sev.value}), with the impact over"
    if resolved is not None and ctx.premature:
        users = ctx.users_at_resolve or 0
        who = f"{users:,} users" if users else "users"
        measured = ph.time_to_resolve
        return make(
            "TIME-RESOLVE",
            FAMILY,
            "Resolve the incident",
            Rating.U,
            measured=measured,
            unit="s",
            measured_text=f"resolved prematurely, while {who} were still affected",
            target=target_text,
            scale=timing_scale(target),
            evidence=(start, resolved),
            notes=(
                f"Marked resolved at {ctx.clock(resolved.t)} (T+{format_duration(measured or 0)}"
                ") before the impact was over: a premature resolution is not a time to "
                "resolve.",
            ),
        )
    return timed(
        "TIME-RESOLVE",
        FAMILY,
        "Resolve the incident",
        ph.time_to_resolve,
        target,
        evidence=(start, resolved),
        never="never resolved",
        not_recorded=ph.not_recorded("time_to_resolve"),
        since=start.t if start is not None else None,
        target_text=target_text,
        notes=("Impact start to mark_resolved, after the impact was over.",),
    )
