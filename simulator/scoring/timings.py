"""Phase timings family: MTTD, MTTA, time to declare, to mitigate and to resolve.

Durations come only from :func:`simulator.phases.phase_times` (via the context); this module
only picks targets and evidence.
"""

from __future__ import annotations

from simulator.actions import AcknowledgePage, DeclareIncident, MarkResolved
from simulator.durations import format_duration
from simulator.scoring.card import ObjectiveResult
from simulator.scoring.context import Context
from simulator.scoring.objective import timed
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
        timed(
            "TIME-MTTD",
            FAMILY,
            "Detect the impact (MTTD)",
            ph.mttd,
            MTTD_TARGET,
            evidence=(start, detection),
            never="not detected",
            not_recorded=ph.not_recorded("mttd"),
            notes=("Impact start to the first alert or detection-source report.",),
        ),
        timed(
            "TIME-MTTA",
            FAMILY,
            "Acknowledge the page (MTTA)",
            ph.mtta,
            MTTA_TARGET,
            evidence=(detection, ack),
            never="never acknowledged",
            not_recorded=ph.not_recorded("mtta"),
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
            target_text=f"≤ {format_duration(response)} ({sev.value} response time)",
            notes=(f"Detection to declare_incident; target from the {sev.value} policy.",),
        ),
        timed(
            "TIME-MITIGATE",
            FAMILY,
            "First effective mitigation",
            ph.time_to_mitigate,
            MITIGATE_TARGETS[sev],
            evidence=(start, mitigated),
            rules=("ORG-03",),
            never="never mitigated",
            not_recorded=ph.not_recorded("time_to_mitigate"),
            target_text=f"≤ {format_duration(MITIGATE_TARGETS[sev])} ({sev.value})",
            notes=("Impact start to the first mitigation that took effect and helped.",),
        ),
        timed(
            "TIME-RESOLVE",
            FAMILY,
            "Resolve the incident",
            ph.time_to_resolve,
            RESOLVE_TARGETS[sev],
            evidence=(start, resolved),
            never="never resolved",
            not_recorded=ph.not_recorded("time_to_resolve"),
            target_text=f"≤ {format_duration(RESOLVE_TARGETS[sev])} ({sev.value})",
            notes=("Impact start to mark_resolved.",),
        ),
    ]
