"""Resolution family: resolved only after the impact ended (resolving early is a failure), the
guide's resolution checklist complete, stakeholders told (CL-05)."""

from __future__ import annotations

from collections.abc import Callable

from simulator.actions import MarkResolved, PostStatusPage, PostUpdate
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import Status
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.objective import make, unrecorded
from simulator.scoring.targets import RESOLUTION_NOTICE_GRACE
from simulator.vocabulary import CHECKLIST, plural

FAMILY = "resolution"


def score_resolution(ctx: Context) -> list[ObjectiveResult]:
    """RES-AFTER-IMPACT, RES-CHECKLIST and RES-STAKEHOLDERS."""
    first = ctx.first_taken(MarkResolved)
    resolved = first[0] if first is not None else None
    results = [
        _after_impact(ctx, resolved),
        _checklist(first, ctx.imported, _wrap_up_notice(ctx, resolved), ctx.clock),
        _stakeholders(ctx, resolved),
    ]
    missing = ctx.unrecorded("resolution (resolved row)") if resolved is None else None
    if missing is None:
        return results
    # An imported timeline that never says it was resolved: not a fail, just not recorded.
    return [
        unrecorded(o.id, FAMILY, o.title, missing, target=o.target, scale=o.scale, rules=o.rules)
        for o in results
    ]


def _after_impact(ctx: Context, resolved: Record | None) -> ObjectiveResult:
    title = "Resolve only after the impact ended"
    scale = "P resolved after the impact ended · U resolved while users were affected, or never"
    end = ctx.impact_end_record()
    if resolved is None:
        return make(
            "RES-AFTER-IMPACT",
            FAMILY,
            title,
            Rating.U,
            measured_text="never resolved",
            target="resolved after impact end",
            scale=scale,
            evidence=(end,),
        )
    if end is None and ctx.imported:
        return unrecorded(
            "RES-AFTER-IMPACT",
            FAMILY,
            title,
            "the timeline does not say when the impact ended (no impact_end or mitigated row)",
            target="resolved after impact end",
            scale=scale,
            evidence=(resolved,),
        )
    if end is None or end.t > resolved.t:
        notes = (
            ["The impact had not ended by the end of the run."]
            if end is None
            else [f"Resolved {format_duration(end.t - resolved.t)} before the impact ended."]
        )
        return make(
            "RES-AFTER-IMPACT",
            FAMILY,
            title,
            Rating.U,
            measured=None if end is None else resolved.t - end.t,
            unit="s",
            measured_text="resolved while users were still affected",
            target="resolved after impact end",
            scale=scale,
            evidence=(resolved, end),
            notes=notes,
        )
    return make(
        "RES-AFTER-IMPACT",
        FAMILY,
        title,
        Rating.P,
        measured=resolved.t - end.t,
        unit="s",
        measured_text=f"resolved {format_duration(resolved.t - end.t)} after the impact ended",
        target="resolved after impact end",
        scale=scale,
        evidence=(end, resolved),
    )


def _wrap_up_notice(ctx: Context, resolved: Record | None) -> Record | None:
    """The internal update with status Resolved that told stakeholders, posted by the end of
    the wrap-up (:data:`RESOLUTION_NOTICE_GRACE` after resolving), or None."""
    if resolved is None:
        return None
    return next(
        (
            r
            for r, a in ctx.taken(PostUpdate)
            if a.status is Status.RESOLVED and r.t <= resolved.t + RESOLUTION_NOTICE_GRACE
        ),
        None,
    )


def _checklist(
    first: tuple[Record, MarkResolved] | None,
    imported: bool = False,
    notice: Record | None = None,
    clock: Callable[[float], str] = str,
) -> ObjectiveResult:
    """RES-CHECKLIST: the guide's four items; "stakeholders notified" is also confirmed by the
    final internal update of the wrap-up (``notice``), which comes after the decision."""
    title = "Complete the resolution checklist"
    scale = "P 4 of 4 · S 3 · M 2 · U 0-1 or never resolved"
    target = "; ".join(label for _, label in CHECKLIST)
    if first is None:
        return make(
            "RES-CHECKLIST",
            FAMILY,
            title,
            Rating.U,
            measured_text="never resolved",
            target=target,
            scale=scale,
        )
    resolved, action = first
    ticked = {key for key, _ in CHECKLIST if getattr(action, key) is True}
    notes = []
    if notice is not None and "stakeholders_notified" not in ticked:
        ticked.add("stakeholders_notified")
        notes.append(
            f"Stakeholders notified: by the final internal update at {clock(notice.t)} "
            "(the wrap-up after resolving)."
        )
    done = [label for key, label in CHECKLIST if key in ticked]
    missing = [label for key, label in CHECKLIST if key not in ticked]
    if not done and imported:
        return unrecorded(
            "RES-CHECKLIST",
            FAMILY,
            title,
            "the resolved row names none of the checklist items (metrics normal, no recurring "
            "errors, customer impact resolved, stakeholders notified)",
            target=target,
            scale=scale,
            evidence=(resolved,),
        )
    rating = {4: Rating.P, 3: Rating.S, 2: Rating.M}.get(len(done), Rating.U)
    return make(
        "RES-CHECKLIST",
        FAMILY,
        title,
        rating,
        measured=float(len(done)),
        unit="count",
        measured_text=f"{len(done)} of {len(CHECKLIST)} checked",
        target=target,
        scale=scale,
        evidence=(resolved,),
        notes=[*([f"Not confirmed: {', '.join(missing)}."] if missing else []), *notes],
    )


def _stakeholders(ctx: Context, resolved: Record | None) -> ObjectiveResult:
    title = "Tell stakeholders the incident is resolved"
    rules = ("CL-05",)
    scale = (
        f"P every required notice ≤ {format_duration(RESOLUTION_NOTICE_GRACE)} after resolving"
        " · S all sent, some late · M some missing · U none or never resolved"
    )
    required = ["internal update with status Resolved"]
    if ctx.customer_visible:
        required.append("status-page post with status Resolved")
    target = " and ".join(required)
    if resolved is None:
        return make(
            "RES-STAKEHOLDERS",
            FAMILY,
            title,
            Rating.U,
            measured_text="never resolved",
            target=target,
            scale=scale,
            rules=rules,
        )
    impact_end = ctx.impact_end_record()
    earliest = min(resolved.t, impact_end.t) if impact_end is not None else resolved.t

    def notice(kind: type[PostUpdate | PostStatusPage]) -> Record | None:
        return next(
            (r for r, a in ctx.taken(kind) if a.status is Status.RESOLVED and r.t >= earliest),
            None,
        )

    notices = [notice(PostUpdate)]
    if ctx.customer_visible:
        notices.append(notice(PostStatusPage))
    sent = [n for n in notices if n is not None]
    late = [n for n in sent if n.t > resolved.t + RESOLUTION_NOTICE_GRACE]
    if not sent and ctx.imported:
        return unrecorded(
            "RES-STAKEHOLDERS",
            FAMILY,
            title,
            "no update or status-page post with status Resolved in the timeline",
            target=target,
            scale=scale,
            evidence=[resolved],
            rules=rules,
        )
    if not sent:
        rating = Rating.U
    elif len(sent) < len(notices):
        rating = Rating.M
    elif late:
        rating = Rating.S
    else:
        rating = Rating.P
    notes = [f"Missing: {what}." for what, n in zip(required, notices, strict=True) if n is None]
    notes += [f"Sent late, at {ctx.clock(n.t)}." for n in late]
    return make(
        "RES-STAKEHOLDERS",
        FAMILY,
        title,
        rating,
        measured=float(len(sent)),
        unit="count",
        measured_text=f"{len(sent)} of {plural(len(notices), 'resolution notice')} sent",
        target=target,
        scale=scale,
        evidence=[resolved, *sent],
        rules=rules,
        notes=notes,
    )
