"""The post-mortem view-model: everything a report shows, as frozen, JSON-serialisable data.

:func:`build_report` reads a journal, its bundle (None for an imported real incident) and its
scorecard, and fills the guide's post-mortem template (title, date, duration, severity, author;
Summary; Impact; Timeline; Root Cause; Contributing Factors; What Went Well; What Could Be
Improved; Action Items; Lessons Learned) plus the exercise scorecard (an HSEEP capability
table), facilitator notes and the data of the charts. Templates and charts only format what is
here; nothing downstream reads the journal again. The inputs are never modified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from reports.actionitems import ActionItem, action_items
from reports.describe import ROLE_LABELS, Namer, describe_record
from simulator.bundle import Bundle
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.phases import NOT_RECORDED, PHASES, phase_times
from simulator.scoring import Rating, Scorecard
from simulator.state import fold


@dataclass(frozen=True)
class TimelineRow:
    """One line of the post-mortem timeline."""

    seq: int
    t: float
    time: str
    offset: str
    kind: str
    event: str


@dataclass(frozen=True)
class Impact:
    """The Impact section: users, duration and user-minutes, plus the bullet lines."""

    peak_users: int
    total_users: int
    duration: float | None
    user_minutes: float
    customer_visible: bool
    services: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ScoreRow:
    """One row of the HSEEP capability table."""

    id: str
    family: str
    title: str
    measured: str
    target: str
    scale: str
    rating: str
    rating_label: str
    score: float | None
    rules: tuple[str, ...]
    evidence: tuple[int, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FamilyRow:
    """A family's line of the capability table."""

    family: str
    title: str
    weight: float
    score: float | None
    rating: str
    rating_label: str


@dataclass(frozen=True)
class Note:
    """A facilitator note."""

    time: str
    offset: str
    author: str
    text: str


@dataclass(frozen=True)
class PhaseBar:
    """A phase of :mod:`simulator.phases` as a bar from ``start`` to ``end`` (sim seconds)."""

    name: str
    label: str
    start: float | None
    end: float | None
    #: Why the phase is not recorded (an anchor missing from the journal), else "".
    not_recorded: str = ""


@dataclass(frozen=True)
class Marker:
    """A point on the time axis: an inject, alert or action (``lane`` groups them)."""

    t: float
    lane: str
    label: str


@dataclass(frozen=True)
class MitigationMark:
    """A mitigation applied (``effect`` "") or taking effect (resolves / reduces / ...)."""

    t: float
    label: str
    effect: str


@dataclass(frozen=True)
class ChartData:
    """What the charts draw (sim seconds; ``clock_start`` to label wall-clock time)."""

    clock_start: str
    end: float
    phases: tuple[PhaseBar, ...]
    markers: tuple[Marker, ...]
    update_interval: float | None
    updates_from: float | None
    updates_until: float
    updates: tuple[float, ...]
    impact: tuple[tuple[float, int], ...]
    mitigations: tuple[MitigationMark, ...]
    impact_start: float | None
    impact_end: float | None
    #: Why the update cadence cannot be drawn (an imported timeline without updates), else "".
    updates_not_recorded: str = ""
    #: False when the journal gives no number of users affected (an imported timeline).
    users_recorded: bool = True


@dataclass(frozen=True)
class ReportModel:
    """A whole post-mortem report."""

    title: str
    incident_title: str
    date: str
    duration: str
    severity: str
    author: str
    summary: str
    impact: Impact
    timeline: tuple[TimelineRow, ...]
    root_cause: str
    contributing_factors: tuple[str, ...]
    went_well: tuple[str, ...]
    could_improve: tuple[str, ...]
    action_items: tuple[ActionItem, ...]
    lessons: tuple[str, ...]
    scorecard: tuple[ScoreRow, ...]
    families: tuple[FamilyRow, ...]
    overall_score: float | None
    overall_rating: str
    overall_label: str
    facilitator_notes: tuple[Note, ...]
    charts: ChartData
    phases: tuple[tuple[str, str], ...]
    scenario_id: str
    team_id: str
    seed: int | None
    imported: bool
    notes: tuple[str, ...]
    exercise: str = ""
    #: Objectives that could not be measured (rated N/R), each with the reason.
    not_measured: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (nested dataclasses become dicts, tuples lists)."""
        data: dict[str, Any] = dataclasses.asdict(self)
        return data


# ---------------------------------------------------------------------------- helpers


def _clock_start(header: dict[str, Any]) -> datetime | None:
    value = header.get("clock_start")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class Clock:
    """Sim seconds -> wall-clock ``HH:MM`` (and ``T+`` offsets)."""

    def __init__(self, start: datetime | None) -> None:
        self.start = start

    def hhmm(self, t: float) -> str:
        """``HH:MM`` of sim time ``t`` (``T+...`` without a clock start)."""
        if self.start is None:
            return f"T+{format_duration(t)}"
        return (self.start + timedelta(seconds=t)).strftime("%H:%M")

    def date_at(self, t: float) -> str:
        """The ISO date at sim time ``t`` ("" without a clock start)."""
        if self.start is None:
            return ""
        return (self.start + timedelta(seconds=t)).date().isoformat()

    def date(self) -> str:
        """The date of the start, ISO."""
        return self.start.date().isoformat() if self.start is not None else ""

    def day(self, days: int) -> str:
        """The ISO date ``days`` after the start."""
        if self.start is None:
            return f"+{days} days"
        return (self.start + timedelta(days=days)).date().isoformat()


def user_curve(records: Sequence[Record]) -> list[tuple[float, int]]:
    """``(t, users)`` at every record that states the users affected."""
    points: list[tuple[float, int]] = []
    for r in records:
        users: object = None
        if r.kind in ("impact_start", "sample"):
            users = r.payload.get("users")
        elif r.kind == "mitigation_effect":
            users = r.payload.get("users_after")
        elif r.kind == "impact_end":
            users = 0
        if isinstance(users, int | float) and not isinstance(users, bool):
            points.append((r.t, int(users)))
    return points


def user_minutes(points: Sequence[tuple[float, int]], end: float) -> float:
    """The area under the step curve of ``points`` up to ``end``, in user-minutes."""
    total = 0.0
    if not points:
        return total
    for (t, users), (t_next, _) in zip(points, [*points[1:], (end, 0)], strict=True):
        total += users * max(0.0, min(t_next, end) - t) / 60.0
    return round(total, 1)


def _first_sentences(text: str, count: int) -> str:
    parts = [p.strip() for p in text.replace("\n", " ").split(". ") if p.strip()]
    chosen = ". ".join(parts[:count])
    return chosen if chosen.endswith(".") else chosen + "."


# ---------------------------------------------------------------------------- build


def build_report(
    records: Sequence[Record], bundle: Bundle | None, scorecard: Scorecard
) -> ReportModel:
    """Fill the post-mortem template from a journal, its bundle and its scorecard."""
    records = list(records)
    header = dict(records[0].payload) if records and records[0].kind == "header" else {}
    clock = Clock(_clock_start(header))
    namer = Namer(bundle)
    state = fold(records)
    ph = phase_times(records)
    end = ph.ended_at
    impact_start = next((r.t for r in records if r.kind == "impact_start"), None)
    impact_end = next((r.t for r in records if r.kind == "impact_end"), None)

    incident_title = scorecard.title or state.title or str(header.get("scenario_id", ""))
    start_t = impact_start if impact_start is not None else (ph.declared_at or 0.0)
    stop_t = ph.resolved_at if ph.resolved_at is not None else end
    # an incident over midnight names the day it ended ("22:52 – 23:03 on 2018-10-22")
    stop_day = clock.date_at(stop_t)
    on_day = f" on {stop_day}" if stop_day != clock.date_at(start_t) else ""
    duration = (
        f"{clock.hhmm(start_t)} – {clock.hhmm(stop_t)}{on_day} "
        f"({format_duration(stop_t - start_t)})"
        + ("" if ph.resolved_at is not None else ", not resolved")
    )
    severity = scorecard.final_severity or "not declared"
    if scorecard.declared_severity and scorecard.declared_severity != scorecard.final_severity:
        severity += f" (declared {scorecard.declared_severity}, re-classified)"
    if not scorecard.imported and scorecard.true_severity != scorecard.final_severity:
        severity += f"; true severity {scorecard.true_severity}"

    from simulator.model import Role

    scribe = state.holders(Role.SCRIBE)
    author_id = scribe[0] if scribe else state.commander
    author = (
        f"{namer.name(author_id)} (draft generated by Game Day Simulator)"
        if author_id
        else "Game Day Simulator (generated draft)"
    )

    # ------------------------------------------------------------------ summary
    sentences: list[str] = []
    if bundle is not None:
        sentences.append(_first_sentences(bundle.scenario.summary, 2))
    detection = next(
        (r for r in records if r.t == ph.detected_at and r.kind in ("alert", "inject")), None
    )
    response = []
    if impact_start is not None:
        response.append(f"Impact began at {clock.hhmm(impact_start)}")
    if ph.detected_at is not None and detection is not None:
        source = (
            f"alert {detection.payload.get('alert')}"
            if detection.kind == "alert"
            else str(detection.payload.get("kind", "report")).replace("_", " ")
        )
        response.append(f"was detected at {clock.hhmm(ph.detected_at)} ({source})")
    if ph.declared_at is not None and scorecard.declared_severity:
        response.append(
            f"was declared {scorecard.declared_severity} at {clock.hhmm(ph.declared_at)}"
        )
    first_fix = next(
        (
            r
            for r in records
            if r.kind == "mitigation_effect" and r.payload.get("effect") in ("resolves", "reduces")
        ),
        None,
    )
    if first_fix is not None:
        response.append(
            f"was mitigated at {clock.hhmm(first_fix.t)} by {namer.strategy(first_fix.payload)}"
        )
    if response:
        if impact_start is None:  # no subject yet: "The incident was detected at ..."
            response[0] = f"The incident {response[0]}"
        sentences.append(_join_clauses(response) + ".")
    if ph.resolved_at is not None:
        sentences.append(
            f"It was resolved at {clock.hhmm(ph.resolved_at)}, "
            f"{format_duration(ph.resolved_at - start_t)} after the "
            + (
                "impact began."
                if impact_start is not None
                else "incident was declared."
                if ph.declared_at is not None
                else "first recorded event."
            )
        )
    elif scorecard.imported:
        sentences.append(
            f"The timeline does not record a resolution (its last event is at {clock.hhmm(end)})."
        )
    else:
        sentences.append(f"It was not resolved by the end ({clock.hhmm(end)}).")
    summary = " ".join(sentences)

    # ------------------------------------------------------------------ impact
    curve = user_curve(records)
    impact_until = impact_end if impact_end is not None else end
    peak = max((u for _, u in curve), default=0)
    total_users = bundle.scenario.truth.impact.total_users if bundle is not None else 0
    minutes = user_minutes(curve, impact_until)
    services: tuple[str, ...] = ()
    customer_visible = False
    if bundle is not None:
        shapes = {m.service for m in bundle.scenario.truth.impact.metrics}
        services = tuple(s.name for s in bundle.scenario.services if s.id in shapes)
        customer_visible = bundle.scenario.truth.customer_visible
    else:
        customer_visible = (
            any(r.action == "post_status_page" for r in records)
            or peak > 0
            or any(
                r.kind == "inject" and r.payload.get("kind") == "customer_report" for r in records
            )
        )
    share = f" of {total_users:,} ({peak / total_users:.0%})" if total_users else ""
    impact_duration = (impact_until - impact_start) if impact_start is not None else None
    lines = [
        f"Users: up to {peak:,}{share} affected; {minutes:,.0f} user-minutes in total."
        if peak or bundle is not None
        else "Users: not recorded (no number of users affected in the journal).",
        (
            f"Duration: {format_duration(impact_duration)} "
            f"({clock.hhmm(impact_start or 0.0)} – {clock.hhmm(impact_until)})"
            + ("" if impact_end is not None else ", still ongoing at the end")
            + "."
            if impact_duration is not None
            else "Duration: the impact start is not recorded."
        ),
        "Business: customer-visible"
        + (f"; services affected: {', '.join(services)}" if services else "")
        + "."
        if customer_visible
        else "Business: not visible to customers.",
        "Data: no data loss recorded.",
    ]
    impact = Impact(
        peak_users=peak,
        total_users=total_users,
        duration=impact_duration,
        user_minutes=minutes,
        customer_visible=customer_visible,
        services=services,
        lines=tuple(lines),
    )

    # ------------------------------------------------------------------ timeline
    timeline: list[TimelineRow] = []
    first_relevant = True
    for r in records:
        event = describe_record(r, namer, root_cause_first=first_relevant)
        if event is None:
            continue
        if r.kind == "finding" and r.payload.get("relevant"):
            first_relevant = False
        timeline.append(
            TimelineRow(r.seq, r.t, clock.hhmm(r.t), f"T+{format_duration(r.t)}", r.kind, event)
        )

    # ------------------------------------------------------------------ root cause
    if bundle is not None:
        root_cause = bundle.scenario.truth.root_cause.strip()
    else:
        found = [
            str(r.payload.get("summary") or r.payload.get("text"))
            for r in records
            if r.kind == "finding" and r.payload.get("relevant")
        ]
        root_cause = (
            "From the findings recorded in the timeline: "
            + " ".join(f.rstrip(".") + "." for f in found)
            if found
            else "Not recorded in the timeline."
        )
    factors = list(bundle.scenario.truth.contributing_factors) if bundle is not None else []
    for alert in dict.fromkeys(
        str(r.payload.get("alert"))
        for r in records
        if r.kind == "alert" and not r.payload.get("runbook") and bundle is not None
    ):
        factors.append(f"No runbook covered the alert {alert}.")
    for r in records:
        if r.kind == "finding" and r.payload.get("misleading"):
            factors.append(
                f"{namer.name(r.actor)} followed a misleading lead in {r.payload.get('tool')}: "
                f"{_one_line(str(r.payload.get('text', '')))}"
            )
    wrong = scorecard.objective_or_none("MIT-WRONG")
    if wrong is not None:
        factors += [f"Wrong mitigation: {n}" for n in wrong.notes]

    # ------------------------------------------------------------------ went well / improve
    went_well = tuple(
        f"{o.title.rstrip('.')}: {o.measured_text} (target {o.target})."
        for o in scorecard.objectives
        if o.rating is Rating.P
    )
    improve = tuple(
        f"{o.title.rstrip('.')}: {o.measured_text} (target {o.target}) — "
        f"{o.rating.label.lower()}." + (f" {o.notes[0]}" if o.notes else "")
        for o in scorecard.objectives
        if o.rating in (Rating.S, Rating.M, Rating.U)
    )

    # ------------------------------------------------------------------ lessons
    lessons: list[str] = []
    if bundle is not None:
        fired = {str(r.payload.get("inject_id")) for r in records if r.kind == "inject"}
        lessons += [
            i.learning_point.strip()
            for i in bundle.scenario.injects
            if i.id in fired and i.learning_point.strip()
        ]
    scored = [f for f in scorecard.families if f.score is not None and f.weight > 0]
    if scored:
        best = max(scored, key=lambda f: f.score or 0.0)
        worst = min(scored, key=lambda f: f.score or 0.0)
        lessons.append(
            f"Overall the response was rated {scorecard.overall_rating.value} "
            f"({scorecard.overall_rating.label.lower()}, {scorecard.overall_score:.0f}/100): "
            f"strongest in {best.title.lower()} ({best.score:.0f}), weakest in "
            f"{worst.title.lower()} ({worst.score:.0f})."
        )
    to_mitigate = ph.time_to_mitigate  # None when the impact start is not recorded
    if to_mitigate is not None and ph.mitigated_at is not None and ph.resolved_at is not None:
        lessons.append(
            f"The first effective mitigation came {format_duration(to_mitigate)} "
            f"into the impact; {format_duration(max(0.0, ph.resolved_at - ph.mitigated_at))} "
            "passed between mitigating and resolving."
        )

    # ------------------------------------------------------------------ scorecard
    rows = tuple(
        ScoreRow(
            id=o.id,
            family=o.family,
            title=o.title,
            measured=o.measured_text,
            target=o.target,
            scale=o.scale,
            rating=o.rating.value,
            rating_label=o.rating.label,
            score=o.score,
            rules=o.rules,
            evidence=o.evidence,
            notes=o.notes,
        )
        for o in scorecard.objectives
    )
    families = tuple(
        FamilyRow(f.family, f.title, f.weight, f.score, f.rating.value, f.rating.label)
        for f in scorecard.families
    )
    notes = tuple(
        Note(
            clock.hhmm(r.t),
            f"T+{format_duration(r.t)}",
            namer.name(r.actor),
            str(r.payload.get("text", "")),
        )
        for r in records
        if r.action == "facilitator_note"
    )

    # ------------------------------------------------------------------ charts
    bars = tuple(
        PhaseBar(name, label, anchor, at, ph.not_recorded(name) or "")
        for (name, label), anchor, at in zip(
            PHASES,
            (
                ph.impact_start,
                ph.detected_at,
                ph.detected_at,
                ph.detected_at,
                ph.impact_start,
                ph.impact_start,
            ),
            (
                ph.detected_at,
                ph.acknowledged_at,
                ph.declared_at,
                ph.status_page_at,
                ph.mitigated_at,
                ph.resolved_at,
            ),
            strict=True,
        )
    )
    markers: list[Marker] = []
    for r in records:
        if r.kind in ("inject", "alert") and not (r.kind == "alert" and r.payload.get("repeat")):
            label = str(r.payload.get("inject_id") or r.payload.get("alert") or r.kind)
            markers.append(Marker(r.t, "Injects & alerts", label))
        elif r.kind == "action" and r.action not in ("say", "join", "facilitator_note"):
            markers.append(Marker(r.t, "Actions", str(r.action)))
    mitigations: list[MitigationMark] = []
    for r in records:
        if r.action == "apply_mitigation":
            mitigations.append(MitigationMark(r.t, f"{namer.strategy(r.payload)} applied", ""))
        elif r.kind == "mitigation_effect":
            effect = str(r.payload.get("effect"))
            mitigations.append(
                MitigationMark(r.t, f"{namer.strategy(r.payload)}: {effect}", effect)
            )
    interval = None
    if scorecard.true_severity is not None:
        from simulator.model import GUIDE_SEVERITY_POLICY, Severity

        policy = dict(GUIDE_SEVERITY_POLICY)
        if bundle is not None:
            policy.update(dict(bundle.team.severity_policy))
        interval = policy[Severity(scorecard.true_severity)].update_every
    updates_from = ph.declared_at if ph.declared_at is not None else ph.detected_at
    charts = ChartData(
        clock_start=str(header.get("clock_start", "")),
        end=end,
        phases=bars,
        markers=tuple(markers),
        update_interval=interval,
        updates_from=updates_from,
        updates_until=ph.resolved_at if ph.resolved_at is not None else end,
        updates=tuple(r.t for r in records if r.action == "post_update"),
        impact=tuple(curve),
        updates_not_recorded=(
            "no internal update in the timeline"
            if scorecard.imported and not any(r.action == "post_update" for r in records)
            else ""
        ),
        users_recorded=bool(peak) or bundle is not None,
        mitigations=tuple(mitigations),
        impact_start=impact_start,
        impact_end=impact_end,
    )

    phases = tuple(
        (
            label,
            scorecard.phase_text(name)
            + (f": {why}" if (why := scorecard.phases_not_recorded.get(name)) else ""),
        )
        for name, label in PHASES
    )
    not_measured = tuple(
        f"{o.id} {o.title.rstrip('.')}: "
        + (o.notes[0].removeprefix("Not measurable (not recorded): ") if o.notes else NOT_RECORDED)
        for o in scorecard.not_measurable()
    )
    items = action_items(records, bundle, scorecard, namer, clock)
    exercise = f"scenario {scorecard.scenario_id}, team {scorecard.team_id}, seed {scorecard.seed}"
    if header.get("variant"):
        exercise += f", variant {header['variant']}"
    human = header.get("human")
    if isinstance(human, dict) and human.get("actor"):
        role = ROLE_LABELS.get(str(human.get("role")), str(human.get("role") or "a responder"))
        exercise += f"; played by a person as {namer.name(human['actor'])} ({role})"
    else:
        exercise += "; fully simulated"
    return ReportModel(
        title=f"Post-Mortem: {incident_title}",
        incident_title=incident_title,
        date=clock.date(),
        duration=duration,
        severity=severity,
        author=author,
        summary=summary,
        impact=impact,
        timeline=tuple(timeline),
        root_cause=root_cause,
        contributing_factors=tuple(factors),
        went_well=went_well,
        could_improve=improve,
        action_items=tuple(items),
        lessons=tuple(lessons),
        scorecard=rows,
        families=families,
        overall_score=scorecard.overall_score,
        overall_rating=scorecard.overall_rating.value,
        overall_label=scorecard.overall_rating.label,
        facilitator_notes=notes,
        charts=charts,
        phases=phases,
        scenario_id=scorecard.scenario_id,
        team_id=scorecard.team_id,
        seed=scorecard.seed,
        imported=scorecard.imported,
        notes=scorecard.notes,
        exercise=exercise,
        not_measured=not_measured,
    )


def _join_clauses(clauses: list[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
