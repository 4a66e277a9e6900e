"""Communication family: internal update cadence (ORG-01, IL-01) and completeness against the
guide's update template, status-page timeliness (CL-01, IC-20) and plain language (CL-04)."""

from __future__ import annotations

from simulator.actions import PostStatusPage, PostUpdate
from simulator.durations import format_duration
from simulator.journal import Record, typed_action
from simulator.scoring.card import ObjectiveResult, Rating
from simulator.scoring.context import Context
from simulator.scoring.language import flag_technical
from simulator.scoring.objective import make, not_applicable, timed, unrecorded
from simulator.scoring.scales import (
    count_rating,
    count_scale,
    share_rating,
    timing_rating,
    timing_scale,
)
from simulator.scoring.targets import STATUS_PAGE_TARGET
from simulator.vocabulary import UPDATE_TEMPLATE, plural

FAMILY = "communication"

COMPLETE_SCALE = "P every field in every update · S ≥ 75 % of fields · M ≥ 50 % · U < 50 %"


def score_communication(ctx: Context) -> list[ObjectiveResult]:
    """The four communication objectives."""
    return [_cadence(ctx), _completeness(ctx), _status_page(ctx), _plain_language(ctx)]


def update_gaps(ctx: Context) -> tuple[float | None, list[tuple[float, float, Record | None]]]:
    """The required interval and every gap ``(from, to, update or None for the end)`` between
    the start of communication (declaration, else detection), each update and the end
    (resolution, else the last record)."""
    interval = ctx.rule().update_every
    start = ctx.response_start
    if interval is None or start is None:
        return interval, []
    end = ctx.phases.resolved_at if ctx.phases.resolved_at is not None else ctx.end
    points: list[tuple[float, Record | None]] = [
        (r.t, r) for r, _ in ctx.taken(PostUpdate) if start <= r.t <= end
    ]
    gaps = []
    previous = start
    for t, record in points:
        gaps.append((previous, t, record))
        previous = t
    if end > previous:
        gaps.append((previous, end, None))
    return interval, gaps


def _cadence(ctx: Context) -> ObjectiveResult:
    sev = ctx.true_severity
    title = "Internal updates at the severity's cadence"
    rules = ("ORG-01", "IL-01")
    interval, gaps = update_gaps(ctx)
    if interval is None:
        return not_applicable(
            "COMM-CADENCE",
            FAMILY,
            title,
            f"{sev.value} has no fixed update cadence.",
            rules=rules,
        )
    if ctx.response_start is None:
        return not_applicable(
            "COMM-CADENCE",
            FAMILY,
            title,
            "The incident was never detected or declared.",
            rules=rules,
        )
    if ctx.imported and not ctx.taken(PostUpdate):
        return unrecorded(
            "COMM-CADENCE",
            FAMILY,
            title,
            "no internal update (update row)",
            target=f"every {format_duration(interval)} ({sev.value})",
            scale=timing_scale(interval),
            rules=rules,
        )
    largest = max((b - a for a, b, _ in gaps), default=0.0)
    late = []
    every = format_duration(interval)
    for index, (a, b, record) in enumerate(gaps):
        if b - a <= interval:
            continue
        if record is not None:
            since = "the declaration" if index == 0 else "the previous update"
            late.append(
                f"Update at {ctx.clock(b)} came {format_duration(b - a)} "
                f"after {since} (due every {every})."
            )
        else:
            until = "resolving" if ctx.phases.resolved_at is not None else "the end of the run"
            late.append(
                f"No update from {ctx.clock(a)} to {ctx.clock(b)}: {format_duration(b - a)} "
                f"before {until} (due every {every})."
            )
    updates = [r for _, _, r in gaps if r is not None]
    target = f"every {format_duration(interval)} ({sev.value})"
    return make(
        "COMM-CADENCE",
        FAMILY,
        title,
        timing_rating(largest, interval),
        measured=largest,
        unit="s",
        measured_text=f"largest gap {format_duration(largest)}; {plural(len(updates), 'update')}, "
        f"{len(late)} late",
        target=target,
        scale=timing_scale(interval),
        evidence=updates,
        rules=rules,
        notes=late,
    )


def missing_fields(record: Record) -> list[str]:
    """Template labels an update (a ``post_update`` record) left empty."""
    update = typed_action(record)
    if not isinstance(update, PostUpdate):
        return [label for _, label in UPDATE_TEMPLATE]
    return [label for key, label in UPDATE_TEMPLATE if not str(getattr(update, key)).strip()]


def _completeness(ctx: Context) -> ObjectiveResult:
    title = "Updates complete against the template"
    updates = ctx.records_of(PostUpdate)
    fields = ", ".join(label for _, label in UPDATE_TEMPLATE)
    if not updates:
        if ctx.rule().update_every is None or ctx.response_start is None:
            return not_applicable("COMM-COMPLETE", FAMILY, title, "No update was due.")
        if ctx.imported:
            return unrecorded(
                "COMM-COMPLETE",
                FAMILY,
                title,
                "no internal update (update row)",
                target=fields,
                scale=COMPLETE_SCALE,
            )
        return make(
            "COMM-COMPLETE",
            FAMILY,
            title,
            Rating.U,
            measured=0.0,
            unit="share",
            measured_text="no internal update posted",
            target=fields,
            scale=COMPLETE_SCALE,
        )
    total = len(UPDATE_TEMPLATE) * len(updates)
    notes = []
    filled = 0
    for r in updates:
        missing = missing_fields(r)
        filled += len(UPDATE_TEMPLATE) - len(missing)
        if missing:
            notes.append(f"Update at {ctx.clock(r.t)} lacks {', '.join(missing)}.")
    share = filled / total
    return make(
        "COMM-COMPLETE",
        FAMILY,
        title,
        share_rating(share),
        measured=share,
        unit="share",
        measured_text=f"{share:.0%} of fields filled in {plural(len(updates), 'update')}",
        target=fields,
        scale=COMPLETE_SCALE,
        evidence=updates,
        notes=notes,
    )


def _status_page(ctx: Context) -> ObjectiveResult:
    title = "Post to the status page promptly"
    rules = ("CL-01", "IC-20")
    if not ctx.customer_visible:
        return not_applicable(
            "COMM-STATUS-PAGE",
            FAMILY,
            title,
            "The impact was not visible to customers.",
            rules=rules,
        )
    first = ctx.first_of(PostStatusPage)
    start = ctx.response_start
    measured = None
    if first is not None and start is not None:
        measured = max(0.0, first.t - start)
    missing: str | None = None
    if start is None:
        missing = "no declaration or detection to count from"
    else:
        missing = ctx.unrecorded("status-page post (status_page row)") if first is None else None
    anchor = "declaring" if ctx.declared_at is not None else "detection"
    return timed(
        "COMM-STATUS-PAGE",
        FAMILY,
        title,
        measured,
        STATUS_PAGE_TARGET,
        evidence=(first,),
        rules=rules,
        never="no status-page post",
        since=start,
        target_text=f"≤ {format_duration(STATUS_PAGE_TARGET)} after {anchor}",
        not_recorded=missing,
    )


def _plain_language(ctx: Context) -> ObjectiveResult:
    title = "Status-page posts in plain, non-technical language"
    rules = ("CL-04",)
    taken = ctx.taken(PostStatusPage)
    posts = [r for r, _ in taken]
    if not posts:
        return not_applicable(
            "COMM-PLAIN", FAMILY, title, "No status-page post to check.", rules=rules
        )
    notes = []
    flagged_posts = []
    count = 0
    ids = ctx.scenario_service_ids()
    for r, post in taken:
        flags = flag_technical(post.text, ids)
        if flags:
            count += len(flags)
            flagged_posts.append(r)
            notes.append(f"Post at {ctx.clock(r.t)}: " + "; ".join(str(f) for f in flags))
    return make(
        "COMM-PLAIN",
        FAMILY,
        title,
        count_rating(count),
        measured=float(count),
        unit="count",
        measured_text=f"{plural(count, 'technical term')} in {plural(len(posts), 'post')}",
        target="no stack traces, host names, IPs, internal ids or jargon",
        scale=count_scale(),
        evidence=flagged_posts or posts,
        rules=rules,
        notes=notes,
    )
