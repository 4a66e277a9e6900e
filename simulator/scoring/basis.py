"""How each target that depends on the scenario or the severity was set, in words.

A trainee who reads "≤ 45m (SEV-2)" should not have to guess why 45 minutes: the debrief says
"the scenario's true severity is SEV-2 (scenario truth); 45 minutes is this project's proposal
for SEV-2, the guide says only 'severity dependent'". :func:`target_source` gives that sentence
for every objective whose target is not the same in every run; the scorer stores it on the
:class:`~simulator.scoring.card.ObjectiveResult` (``target_source``).
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.durations import format_duration
from simulator.model import GUIDE_SEVERITY_POLICY, Severity, SeverityRule
from simulator.scoring.card import ObjectiveResult
from simulator.scoring.context import Context
from simulator.scoring.targets import MITIGATE_TARGETS, RESOLVE_TARGETS


def _severity(ctx: Context) -> str:
    """Which severity the targets are for, and why that one."""
    sev = ctx.true_severity.value
    if ctx.imported:
        return f"{sev} ({ctx.severity_source})"
    return f"{sev}, the scenario's true severity (not the one declared)"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "required" if value else "not required"
    if isinstance(value, float):
        return format_duration(value)
    return "none" if value is None else str(value)


def _policy(ctx: Context, field: str, what: str) -> str:
    """``what`` from the team's severity policy, saying whether it is the guide's default."""
    rule: SeverityRule = ctx.rule()
    value = _shown(getattr(rule, field))
    guide = _shown(getattr(dict(GUIDE_SEVERITY_POLICY)[ctx.true_severity], field))
    if ctx.bundle is None:
        owner = "the guide's severity policy"
    elif value == guide:
        owner = "the team's severity policy, which keeps the guide's default"
    else:
        owner = f"the team's severity policy, which changes the guide's {guide}"
    return f"Target set for {_severity(ctx)}: {what} {value}, from {owner}."


def _proposal(table: dict[Severity, float], what: str) -> Callable[[Context], str]:
    def source(ctx: Context) -> str:
        value = format_duration(table[ctx.true_severity])
        return (
            f"Target set for {_severity(ctx)}: {what} {value} is this project's proposal "
            "for that severity (the guide says only 'severity dependent'; docs/scoring.md)."
        )

    return source


def _support_role(ctx: Context) -> str:
    return (
        f"Required because the incident is {_severity(ctx)} (SEV-1/2 need a communications "
        "lead and a scribe, IC-04); the 5 minutes count from declaring, or from when the "
        "first person who could take the role had joined, whichever is later."
    )


def _status_page(ctx: Context) -> str:
    why = (
        "the scenario truth says customers can see the impact"
        if not ctx.imported
        else "the timeline has status-page posts or users affected"
    )
    return f"Required because {why}; 5 minutes from declaring (CL-01)."


def _strategy(ctx: Context) -> str:
    if ctx.imported:
        return "Set by the timeline: the mitigations it records as having helped."
    return "Set by the scenario truth: the mitigation it says resolves the cause."


def _stakeholders(ctx: Context) -> str:
    if ctx.customer_visible:
        return (
            "Both notices are asked for because customers could see the impact "
            "(scenario truth); each within 15 minutes of resolving (CL-05)."
        )
    return "Only the internal notice: customers could not see the impact (scenario truth)."


_SOURCES: dict[str, Callable[[Context], str]] = {
    "TIME-DECLARE": lambda ctx: _policy(ctx, "response_time", "response time"),
    "TIME-MITIGATE": _proposal(dict(MITIGATE_TARGETS), "time to first effective mitigation"),
    "TIME-RESOLVE": _proposal(dict(RESOLVE_TARGETS), "time to resolve"),
    "ROLE-COMMS": _support_role,
    "ROLE-SCRIBE": _support_role,
    "COMM-CADENCE": lambda ctx: _policy(ctx, "update_every", "an internal update every"),
    "COMM-STATUS-PAGE": _status_page,
    "ESC-LEVEL": lambda ctx: _policy(ctx, "escalation_level", "escalation level"),
    "ESC-LEADERSHIP": lambda ctx: _policy(ctx, "update_every", "leadership paged within"),
    "ESC-BRIDGE": lambda ctx: _policy(ctx, "bridge", "a bridge call"),
    "MIT-STRATEGY": _strategy,
    "RES-STAKEHOLDERS": _stakeholders,
}


def target_source(ctx: Context, objective: ObjectiveResult) -> str:
    """How ``objective``'s target was set ("" when it is the same for every run).

    Scenario objectives (family ``scenario``) are set by the scenario's author.
    """
    if objective.target_source:
        return objective.target_source
    if objective.family == "scenario":
        return "Set by the scenario's author (its objectives)."
    source = _SOURCES.get(objective.id)
    return source(ctx) if source is not None else ""
