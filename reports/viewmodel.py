"""The post-mortem view-model: everything a report shows, as frozen, JSON-serialisable data.

:func:`build_report` reads a scored run (:class:`reports.scored.ScoredRun`: the journal, its
bundle — None for an imported real incident —, its folded state, phase times and scorecard,
all computed once) and fills the guide's post-mortem template (title, date, duration,
severity, author; Summary; Impact; Timeline; Root Cause; Contributing Factors; What Went Well;
What Could Be Improved; Action Items; Lessons Learned) plus the exercise scorecard (an HSEEP
capability table), facilitator notes and the data of the charts. Templates and charts only
format what is here; nothing downstream reads the journal again. The inputs are never modified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from reports.actionitems import ActionItem, action_items
from reports.counterfactual import Counterfactual, counterfactual
from reports.describe import Namer, describe_record
from reports.impact import user_curve, user_minutes
from reports.lessons import Lesson, build_lessons
from reports.scored import ScoredRun
from reports.seats import players_phrase, seat_scores
from simulator.actions import (
    ApplyMitigation,
    FacilitatorNote,
    Join,
    PostStatusPage,
    PostUpdate,
    Say,
    SetHints,
)
from simulator.bundle import Bundle
from simulator.durations import format_clock, format_duration
from simulator.journal import Record, taken, typed_action
from simulator.model import GUIDE_SEVERITY_POLICY, Role, Severity
from simulator.phases import NOT_RECORDED, PHASES, PhaseTimes
from simulator.scoring import Rating, Scorecard
from simulator.vocabulary import role_label


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
    #: How the target was set, when it depends on the scenario or the severity.
    target_source: str = ""
    #: ``(timeline row seq, "14:05")`` per evidence record: the row of the timeline that
    #: shows it (the record itself, or the last notable one before it) and its time.
    evidence_links: tuple[tuple[int, str], ...] = ()


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
    #: How the exercise ended, as the debrief's headline says it.
    headline: str = ""
    #: The three to five things that mattered most, most costly first.
    key_lessons: tuple[Lesson, ...] = ()
    #: The biggest mistake re-run with the better decision (only when asked for).
    counterfactual: Counterfactual | None = None
    #: The beginner's hints were turned on at some point of the run (``set_hints``).
    hints_on: bool = False
    #: Every hint the coach gave, in order (its ``author`` is the coach).
    hints: tuple[Note, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (nested dataclasses become dicts, tuples lists)."""
        data: dict[str, Any] = dataclasses.asdict(self)
        return data


# ---------------------------------------------------------------------------- helpers


def _clock_start(header: Mapping[str, Any]) -> datetime | None:
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


def _first_sentences(text: str, count: int) -> str:
    parts = [p.strip() for p in text.replace("\n", " ").split(". ") if p.strip()]
    chosen = ". ".join(parts[:count])
    return chosen if chosen.endswith(".") else chosen + "."


# ---------------------------------------------------------------------------- build


@dataclass(frozen=True)
class _Facts:
    """What several sections of one report read: the run, its clock and names, the impact."""

    run: ScoredRun
    clock: Clock
    namer: Namer
    impact_start: float | None
    impact_end: float | None
    curve: tuple[tuple[float, int], ...]

    @property
    def records(self) -> tuple[Record, ...]:
        """The journal."""
        return self.run.records

    @property
    def bundle(self) -> Bundle | None:
        """The bundle (None for an imported incident)."""
        return self.run.bundle

    @property
    def card(self) -> Scorecard:
        """The scorecard."""
        return self.run.scorecard

    @property
    def ph(self) -> PhaseTimes:
        """The phase times."""
        return self.run.phases

    @property
    def end(self) -> float:
        """Sim time of the last record."""
        return self.run.phases.ended_at

    @property
    def start(self) -> float:
        """Where the incident's duration starts: the impact, else the declaration, else 0."""
        if self.impact_start is not None:
            return self.impact_start
        return self.ph.declared_at or 0.0

    @property
    def peak(self) -> int:
        """The most users affected at once (0 when the journal gives no number)."""
        return max((u for _, u in self.curve), default=0)

    @property
    def users_recorded(self) -> bool:
        """False when the journal gives no number of users affected (an imported timeline)."""
        return bool(self.peak) or self.bundle is not None


def _facts(run: ScoredRun) -> _Facts:
    records = run.records
    return _Facts(
        run=run,
        clock=Clock(_clock_start(run.header)),
        namer=Namer(run.bundle),
        impact_start=next((r.t for r in records if r.kind == "impact_start"), None),
        impact_end=next((r.t for r in records if r.kind == "impact_end"), None),
        curve=tuple(user_curve(records)),
    )


def build_report(
    run: ScoredRun | Sequence[Record],
    bundle: Bundle | None = None,
    scorecard: Scorecard | None = None,
    *,
    what_if: bool = False,
) -> ReportModel:
    """Fill the post-mortem template from a scored run.

    Args:
        run: The run from :func:`reports.scored.score_run`. A journal is accepted too, with
            its ``bundle`` and the ``scorecard`` its caller computed (it is then folded here).
        bundle: Only with a journal: its bundle (None for an imported incident).
        scorecard: Only with a journal: its scorecard.
        what_if: Also re-run the biggest mistake with the better decision (the
            counterfactual, :mod:`reports.counterfactual`: one more engine run).

    Returns:
        The whole report; templates and charts only format it.

    Raises:
        TypeError: when a journal comes without its scorecard.
    """
    if not isinstance(run, ScoredRun):
        if scorecard is None:
            raise TypeError("build_report(records, bundle, scorecard) needs the scorecard")
        run = ScoredRun.of(run, bundle, scorecard)
    f = _facts(run)
    card = run.scorecard
    lessons = build_lessons(run, f.namer, f.clock.hhmm, f.curve)
    what_if_result = counterfactual(run, lessons, f.clock.hhmm) if what_if else None
    if what_if_result is not None:  # the re-run tells that lesson better than an estimate
        lessons = tuple(
            dataclasses.replace(x, headline=what_if_result.headline)
            if x.rank == what_if_result.lesson
            else x
            for x in lessons
        )
    incident_title = card.title or run.state.title or str(run.header.get("scenario_id", ""))
    return ReportModel(
        title=f"Post-Mortem: {incident_title}",
        incident_title=incident_title,
        date=f.clock.date(),
        duration=_duration(f),
        severity=_severity(card),
        author=_author(f),
        summary=_summary(f),
        impact=_impact(f),
        timeline=_timeline(f),
        root_cause=_root_cause(f),
        contributing_factors=_contributing_factors(f),
        went_well=_went_well(card),
        could_improve=_could_improve(card),
        action_items=tuple(action_items(run, f.namer, f.clock, lessons)),
        lessons=_lessons(f),
        scorecard=_score_rows(card, f),
        families=_family_rows(card),
        overall_score=card.overall_score,
        overall_rating=card.overall_rating.value,
        overall_label=card.overall_rating.label,
        facilitator_notes=_facilitator_notes(f),
        charts=_chart_data(f),
        phases=_phase_lines(card),
        scenario_id=card.scenario_id,
        team_id=card.team_id,
        seed=card.seed,
        imported=card.imported,
        notes=card.notes,
        exercise=_exercise(f),
        not_measured=_not_measured(card),
        headline=headline(run),
        key_lessons=lessons,
        counterfactual=what_if_result,
        hints_on=any(hint.on for _r, hint in taken(f.records, SetHints)),
        hints=_hints(f),
    )


def interruption(run: ScoredRun) -> str:
    """``T+00:23:10 (09:23)`` when the run was interrupted (an engine journal with no ``end``
    record: a killed app or run), else "" (imported timelines are never interrupted)."""
    records = run.records
    if run.scorecard.imported or not records or any(r.kind == "end" for r in records):
        return ""
    t = run.phases.ended_at
    start = _clock_start(run.header)
    wall = f" ({Clock(start).hhmm(t)})" if start is not None else ""
    return f"T+{format_clock(t)}{wall}"


def headline(run: ScoredRun) -> str:
    """How the exercise ended: ``Exercise over — resolved``, or, for a premature
    resolution, ``Exercise over — resolved while 42,000 users were still affected``; a run
    killed before its end says ``Exercise interrupted at T+00:23:10 (09:23)``."""
    end = next((r for r in reversed(run.records) if r.kind == "end"), None)
    reason = str(end.payload.get("reason", "stopped")) if end is not None else ""
    stopped = interruption(run)
    if stopped and run.phases.resolved_at is None:
        return f"Exercise interrupted at {stopped}"
    resolve = run.scorecard.objective_or_none("TIME-RESOLVE")
    if resolve is not None and resolve.measured_text.startswith("resolved prematurely, "):
        return "Exercise over — resolved " + resolve.measured_text.removeprefix(
            "resolved prematurely, "
        )
    if run.phases.resolved_at is not None:
        return "Exercise over — resolved"
    if not reason:
        return "Exercise in progress — not resolved yet"
    return f"Exercise over — {reason.replace('_', ' ')}"


def chart_data(run: ScoredRun) -> ChartData:
    """Only the charts' data of a run's report (what :func:`build_report` puts in ``charts``)."""
    return _chart_data(_facts(run))


# ---------------------------------------------------------------------------- header


def _duration(f: _Facts) -> str:
    """``22:52 – 23:03 on 2018-10-22 (11m)``: from the impact (or declaration) to resolution."""
    ph, clock = f.ph, f.clock
    stop = ph.resolved_at if ph.resolved_at is not None else f.end
    # an incident over midnight names the day it ended ("22:52 – 23:03 on 2018-10-22")
    stop_day = clock.date_at(stop)
    on_day = f" on {stop_day}" if stop_day != clock.date_at(f.start) else ""
    return (
        f"{clock.hhmm(f.start)} – {clock.hhmm(stop)}{on_day} "
        f"({format_duration(stop - f.start)})"
        + ("" if ph.resolved_at is not None else ", not resolved")
    )


def _severity(card: Scorecard) -> str:
    """The final severity, with the declared one when it was re-classified and the truth."""
    severity = card.final_severity or "not declared"
    if card.declared_severity and card.declared_severity != card.final_severity:
        severity += f" (declared {card.declared_severity}, re-classified)"
    if not card.imported and card.true_severity != card.final_severity:
        severity += f"; true severity {card.true_severity}"
    return severity


def _author(f: _Facts) -> str:
    """The scribe (else the incident commander) as the author of the generated draft."""
    scribe = f.run.state.holders(Role.SCRIBE)
    author_id = scribe[0] if scribe else f.run.state.commander
    if not author_id:
        return "Game Day Simulator (generated draft)"
    return f"{f.namer.name(author_id)} (draft generated by Game Day Simulator)"


def _exercise(f: _Facts) -> str:
    """Which exercise this was: scenario, team, seed, variant, and who played whom."""
    card, header = f.card, f.run.header
    exercise = f"scenario {card.scenario_id}, team {card.team_id}, seed {card.seed}"
    if header.get("variant"):
        exercise += f", variant {header['variant']}"
    scores = seat_scores(f.run, f.namer.name)  # a game day: who held which seat, how it went
    if scores:
        return exercise + f"; a game day: {players_phrase(scores)}; everyone else simulated"
    human = header.get("human")
    if isinstance(human, dict) and human.get("actor"):
        role = human.get("role")
        label = role_label(str(role)) if role else "a responder"
        return exercise + f"; played by a person as {f.namer.name(human['actor'])} ({label})"
    return exercise + "; fully simulated"


# ---------------------------------------------------------------------------- summary


def _summary(f: _Facts) -> str:
    """The Summary: the scenario's opening, how the response went, and how it ended."""
    sentences: list[str] = []
    if f.bundle is not None:
        sentences.append(_first_sentences(f.bundle.scenario.summary, 2))
    response = _response_clauses(f)
    if response:
        if f.impact_start is None:  # no subject yet: "The incident was detected at ..."
            response[0] = f"The incident {response[0]}"
        sentences.append(_join_clauses(response) + ".")
    sentences.append(_ending(f))
    return " ".join(sentences)


def _response_clauses(f: _Facts) -> list[str]:
    """``Impact began at ...``, ``was detected at ...``, ``was declared ...``, ``was mitigated
    at ...``: the milestones the journal records."""
    ph, clock = f.ph, f.clock
    clauses = []
    if f.impact_start is not None:
        clauses.append(f"Impact began at {clock.hhmm(f.impact_start)}")
    detection = next(
        (r for r in f.records if r.t == ph.detected_at and r.kind in ("alert", "inject")), None
    )
    if ph.detected_at is not None and detection is not None:
        source = (
            f"alert {detection.payload.get('alert')}"
            if detection.kind == "alert"
            else str(detection.payload.get("kind", "report")).replace("_", " ")
        )
        clauses.append(f"was detected at {clock.hhmm(ph.detected_at)} ({source})")
    if ph.declared_at is not None and f.card.declared_severity:
        clauses.append(f"was declared {f.card.declared_severity} at {clock.hhmm(ph.declared_at)}")
    first_fix = next(  # the mitigation that counted (a relapsed one did not mitigate)
        (r for r in f.records if r.kind == "mitigation_effect" and r.t == ph.mitigated_at),
        None,
    )
    if first_fix is not None:
        clauses.append(
            f"was mitigated at {clock.hhmm(first_fix.t)} by {f.namer.strategy(first_fix.payload)}"
        )
    return clauses


def _ending(f: _Facts) -> str:
    """How the incident ended: resolved (and how long after it began), or not."""
    ph, clock = f.ph, f.clock
    if ph.resolved_at is not None:
        since = (
            "impact began."
            if f.impact_start is not None
            else "incident was declared."
            if ph.declared_at is not None
            else "first recorded event."
        )
        premature = f.card.objective_or_none("TIME-RESOLVE")
        if premature is not None and premature.measured_text.startswith("resolved prematurely"):
            return (
                f"It was marked resolved at {clock.hhmm(ph.resolved_at)}, "
                f"{format_duration(ph.resolved_at - f.start)} after the {since[:-1]}, "
                + premature.measured_text.removeprefix("resolved prematurely, ")
                + "."
            )
        return (
            f"It was resolved at {clock.hhmm(ph.resolved_at)}, "
            f"{format_duration(ph.resolved_at - f.start)} after the {since}"
        )
    stopped = interruption(f.run)
    if stopped:
        return f"Exercise interrupted at {stopped}, before the incident was resolved."
    if f.card.imported:
        return (
            f"The timeline does not record a resolution (its last event is at {clock.hhmm(f.end)})."
        )
    return f"It was not resolved by the end ({clock.hhmm(f.end)})."


# ---------------------------------------------------------------------------- impact


def _impact(f: _Facts) -> Impact:
    """The Impact section: users, duration, business visibility, data."""
    bundle, clock = f.bundle, f.clock
    impact_until = f.impact_end if f.impact_end is not None else f.end
    peak = f.peak
    total_users = bundle.scenario.truth.impact.total_users if bundle is not None else 0
    minutes = user_minutes(f.curve, impact_until)
    services = _services_affected(bundle)
    customer_visible = _customer_visible(f)
    share = f" of {total_users:,} ({peak / total_users:.0%})" if total_users else ""
    impact_duration = (impact_until - f.impact_start) if f.impact_start is not None else None
    if f.users_recorded:
        users = f"Users: up to {peak:,}{share} affected; {minutes:,.0f} user-minutes in total."
    else:
        users = "Users: not recorded (no number of users affected in the journal)."
    if impact_duration is not None:
        duration = (
            f"Duration: {format_duration(impact_duration)} "
            f"({clock.hhmm(f.impact_start or 0.0)} – {clock.hhmm(impact_until)})"
            + ("" if f.impact_end is not None else ", still ongoing at the end")
            + "."
        )
    else:
        duration = "Duration: the impact start is not recorded."
    if customer_visible:
        business = (
            "Business: customer-visible"
            + (f"; services affected: {', '.join(services)}" if services else "")
            + "."
        )
    else:
        business = "Business: not visible to customers."
    return Impact(
        peak_users=peak,
        total_users=total_users,
        duration=impact_duration,
        user_minutes=minutes,
        customer_visible=customer_visible,
        services=services,
        lines=(users, duration, business, "Data: no data loss recorded."),
    )


def _services_affected(bundle: Bundle | None) -> tuple[str, ...]:
    """Names of the services whose metrics the scenario's impact changes."""
    if bundle is None:
        return ()
    shapes = {m.service for m in bundle.scenario.truth.impact.metrics}
    return tuple(s.name for s in bundle.scenario.services if s.id in shapes)


def _customer_visible(f: _Facts) -> bool:
    """The scenario truth's word, or for an imported timeline: a status-page post, users
    affected or a customer report."""
    if f.bundle is not None:
        return f.bundle.scenario.truth.customer_visible
    return (
        any(True for _ in taken(f.records, PostStatusPage))
        or f.peak > 0
        or any(r.kind == "inject" and r.payload.get("kind") == "customer_report" for r in f.records)
    )


# ---------------------------------------------------------------------------- timeline


def _timeline(f: _Facts) -> tuple[TimelineRow, ...]:
    """One row per notable record; the first relevant finding names the root cause."""
    clock = f.clock
    rows: list[TimelineRow] = []
    first_relevant = True
    for r in f.records:
        event = describe_record(r, f.namer, root_cause_first=first_relevant)
        if event is None:
            continue
        if r.kind == "finding" and r.payload.get("relevant"):
            first_relevant = False
        rows.append(
            TimelineRow(r.seq, r.t, clock.hhmm(r.t), f"T+{format_duration(r.t)}", r.kind, event)
        )
    return _bounded(_collapse_runs(rows))


#: A run of more consecutive rows of one kind than this is shortened to its ends.
RUN_LIMIT = 20
#: Rows kept at each end of a shortened run of one kind.
RUN_ENDS = 5
#: At most this many rows of a timeline are shown: the first and last half of it.
TIMELINE_LIMIT = 400


def _omitted(first: TimelineRow, count: int, same_kind: bool) -> TimelineRow:
    """The notice standing for ``count`` rows left out, at the first one's place and seq
    (so an evidence link into the gap lands on the notice)."""
    noun = "entry" if count == 1 else "entries"
    of_kind = " of the same kind" if same_kind else ""
    return TimelineRow(
        first.seq,
        first.t,
        first.time,
        first.offset,
        "omitted",
        f"… {count:,} more {noun}{of_kind}, see the journal",
    )


def _collapse_runs(rows: list[TimelineRow]) -> list[tuple[TimelineRow, int]]:
    """Each run of more than :data:`RUN_LIMIT` consecutive rows of one kind shortened to its
    first and last :data:`RUN_ENDS`, with a notice of how many were left out between; each
    row paired with how many timeline entries it stands for."""
    out: list[tuple[TimelineRow, int]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end].kind == rows[start].kind:
            end += 1
        run = rows[start:end]
        if len(run) > RUN_LIMIT:
            gap = run[RUN_ENDS:-RUN_ENDS]
            out += [(row, 1) for row in run[:RUN_ENDS]]
            out.append((_omitted(gap[0], len(gap), same_kind=True), len(gap)))
            out += [(row, 1) for row in run[-RUN_ENDS:]]
        else:
            out += [(row, 1) for row in run]
        start = end
    return out


def _bounded(rows: list[tuple[TimelineRow, int]]) -> tuple[TimelineRow, ...]:
    """At most :data:`TIMELINE_LIMIT` rows plus one notice: the first and last halves, so a
    report of a very large run stays bounded in time, memory and pages."""
    if len(rows) <= TIMELINE_LIMIT + 1:
        return tuple(row for row, _ in rows)
    half = TIMELINE_LIMIT // 2
    gap = rows[half:-half]
    left_out = sum(count for _, count in gap)
    return (
        *(row for row, _ in rows[:half]),
        _omitted(gap[0][0], left_out, same_kind=False),
        *(row for row, _ in rows[-half:]),
    )


# ---------------------------------------------------------------------------- root cause


def _root_cause(f: _Facts) -> str:
    """The scenario truth's root cause, or the relevant findings of an imported timeline."""
    if f.bundle is not None:
        return f.bundle.scenario.truth.root_cause.strip()
    found = [
        str(r.payload.get("summary") or r.payload.get("text"))
        for r in f.records
        if r.kind == "finding" and r.payload.get("relevant")
    ]
    if not found:
        return "Not recorded in the timeline."
    return "From the findings recorded in the timeline: " + " ".join(
        x.rstrip(".") + "." for x in found
    )


def _contributing_factors(f: _Facts) -> tuple[str, ...]:
    """The truth's factors, alerts without a runbook, misleading leads, wrong mitigations."""
    bundle = f.bundle
    factors = list(bundle.scenario.truth.contributing_factors) if bundle is not None else []
    if bundle is not None:
        no_runbook = (
            str(r.payload.get("alert"))
            for r in f.records
            if r.kind == "alert" and not r.payload.get("runbook")
        )
        factors += [f"No runbook covered the alert {alert}." for alert in dict.fromkeys(no_runbook)]
    factors += [
        f"{f.namer.name(r.actor)} followed a misleading lead in {r.payload.get('tool')}: "
        f"{_one_line(str(r.payload.get('text', '')))}"
        for r in f.records
        if r.kind == "finding" and r.payload.get("misleading")
    ]
    wrong = f.card.objective_or_none("MIT-WRONG")
    if wrong is not None:
        factors += [f"Wrong mitigation: {n}" for n in wrong.notes]
    return tuple(factors)


# ---------------------------------------------------------------------------- went well / improve


def _went_well(card: Scorecard) -> tuple[str, ...]:
    """Objectives performed without challenges (P)."""
    return tuple(
        f"{o.title.rstrip('.')}: {o.measured_text} (target {o.target})."
        for o in card.objectives
        if o.rating is Rating.P
    )


def _could_improve(card: Scorecard) -> tuple[str, ...]:
    """Objectives rated S, M or U, with the first note."""
    return tuple(
        f"{o.title.rstrip('.')}: {o.measured_text} (target {o.target}) — "
        f"{o.rating.label.lower()}." + (f" {o.notes[0]}" if o.notes else "")
        for o in card.objectives
        if o.rating in (Rating.S, Rating.M, Rating.U)
    )


# ---------------------------------------------------------------------------- lessons


def _lessons(f: _Facts) -> tuple[str, ...]:
    """Learning points of the injects that fired, the strongest and weakest families, and the
    time from mitigating to resolving."""
    lessons: list[str] = []
    if f.bundle is not None:
        fired = {str(r.payload.get("inject_id")) for r in f.records if r.kind == "inject"}
        lessons += [
            i.learning_point.strip()
            for i in f.bundle.scenario.injects
            if i.id in fired and i.learning_point.strip()
        ]
    card = f.card
    scored = [x for x in card.families if x.score is not None and x.weight > 0]
    if scored:
        best = max(scored, key=lambda x: x.score or 0.0)
        worst = min(scored, key=lambda x: x.score or 0.0)
        lessons.append(
            f"Overall the response was rated {card.overall_rating.value} "
            f"({card.overall_rating.label.lower()}, {card.overall_score:.0f}/100): "
            f"strongest in {best.title.lower()} ({best.score:.0f}), weakest in "
            f"{worst.title.lower()} ({worst.score:.0f})."
        )
    ph = f.ph
    to_mitigate = ph.time_to_mitigate  # None when the impact start is not recorded
    if to_mitigate is not None and ph.mitigated_at is not None and ph.resolved_at is not None:
        lessons.append(
            f"The first effective mitigation came {format_duration(to_mitigate)} "
            f"into the impact; {format_duration(max(0.0, ph.resolved_at - ph.mitigated_at))} "
            "passed between mitigating and resolving."
        )
    return tuple(lessons)


# ---------------------------------------------------------------------------- scorecard


def _score_rows(card: Scorecard, f: _Facts | None = None) -> tuple[ScoreRow, ...]:
    """The HSEEP capability table, one row per objective."""
    shown = [row.seq for row in _timeline(f)] if f is not None else []

    def links(evidence: tuple[int, ...]) -> tuple[tuple[int, str], ...]:
        if f is None:
            return ()
        out = []
        for seq in evidence:
            row = max((s for s in shown if s <= seq), default=None)
            record = f.records[seq] if 0 <= seq < len(f.records) else None
            if row is not None and record is not None:
                out.append((row, f.clock.hhmm(record.t)))
        return tuple(out)

    return tuple(
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
            target_source=o.target_source,
            evidence_links=links(o.evidence),
        )
        for o in card.objectives
    )


def _family_rows(card: Scorecard) -> tuple[FamilyRow, ...]:
    """One line per objective family."""
    return tuple(
        FamilyRow(x.family, x.title, x.weight, x.score, x.rating.value, x.rating.label)
        for x in card.families
    )


def _phase_lines(card: Scorecard) -> tuple[tuple[str, str], ...]:
    """(label, time) of every phase; a phase not recorded says why."""
    return tuple(
        (
            label,
            card.phase_text(name)
            + (f": {why}" if (why := card.phases_not_recorded.get(name)) else ""),
        )
        for name, label in PHASES
    )


def _not_measured(card: Scorecard) -> tuple[str, ...]:
    """The objectives rated N/R, each with the reason."""
    return tuple(
        f"{o.id} {o.title.rstrip('.')}: "
        + (o.notes[0].removeprefix("Not measurable (not recorded): ") if o.notes else NOT_RECORDED)
        for o in card.not_measurable()
    )


def _facilitator_notes(f: _Facts) -> tuple[Note, ...]:
    """The facilitator's notes, with their time and author."""
    return tuple(
        Note(
            f.clock.hhmm(r.t),
            f"T+{format_duration(r.t)}",
            f.namer.name(r.actor),
            note.text,
        )
        for r, note in taken(f.records, FacilitatorNote)
    )


#: The actor the beginner's hints are journaled as (simulator.agents.coach.COACH; the report
#: reads the journal, never the agents).
_COACH = "coach"


def _hints(f: _Facts) -> tuple[Note, ...]:
    """The beginner's hints the coach gave (``message`` records of the actor ``coach``),
    each with its time, the text without its "Hint:" label."""
    return tuple(
        Note(
            f.clock.hhmm(r.t),
            f"T+{format_duration(r.t)}",
            "Coach",
            str(r.payload.get("text", "")).removeprefix("Hint: "),
        )
        for r in f.records
        if r.kind == "message" and r.actor == _COACH
    )


# ---------------------------------------------------------------------------- charts

#: Actions not marked on the phase timeline (talk, not decisions).
_UNMARKED_ACTIONS = frozenset({Say.name, Join.name, FacilitatorNote.name})


def _chart_data(f: _Facts) -> ChartData:
    """What the phase, cadence and impact charts draw."""
    ph = f.ph
    updates = tuple(r.t for r, _ in taken(f.records, PostUpdate))
    return ChartData(
        clock_start=str(f.run.header.get("clock_start", "")),
        end=f.end,
        phases=_phase_bars(ph),
        markers=_markers(f.records),
        update_interval=_update_interval(f),
        updates_from=ph.declared_at if ph.declared_at is not None else ph.detected_at,
        updates_until=ph.resolved_at if ph.resolved_at is not None else f.end,
        updates=updates,
        impact=f.curve,
        updates_not_recorded=(
            "no internal update in the timeline" if f.card.imported and not updates else ""
        ),
        users_recorded=f.users_recorded,
        mitigations=_mitigation_marks(f),
        impact_start=f.impact_start,
        impact_end=f.impact_end,
    )


def _phase_bars(ph: PhaseTimes) -> tuple[PhaseBar, ...]:
    """Each phase of :data:`~simulator.phases.PHASES` from its anchor to its event."""
    anchors = (
        ph.impact_start,
        ph.detected_at,
        ph.detected_at,
        ph.detected_at,
        ph.impact_start,
        ph.impact_start,
    )
    events = (
        ph.detected_at,
        ph.acknowledged_at,
        ph.declared_at,
        ph.status_page_at,
        ph.mitigated_at,
        ph.resolved_at,
    )
    return tuple(
        PhaseBar(name, label, anchor, at, ph.not_recorded(name) or "")
        for (name, label), anchor, at in zip(PHASES, anchors, events, strict=True)
    )


def _markers(records: Sequence[Record]) -> tuple[Marker, ...]:
    """Injects and first alerts, and every action but talk, as ticks on the time axis."""
    markers: list[Marker] = []
    for r in records:
        if r.kind in ("inject", "alert") and not (r.kind == "alert" and r.payload.get("repeat")):
            label = str(r.payload.get("inject_id") or r.payload.get("alert") or r.kind)
            markers.append(Marker(r.t, "Injects & alerts", label))
        elif r.kind == "action" and r.action not in _UNMARKED_ACTIONS:
            markers.append(Marker(r.t, "Actions", str(r.action)))
    return tuple(markers)


def _mitigation_marks(f: _Facts) -> tuple[MitigationMark, ...]:
    """Mitigations applied and their effects, in journal order."""
    marks: list[MitigationMark] = []
    for r in f.records:
        if isinstance(typed_action(r), ApplyMitigation):
            marks.append(MitigationMark(r.t, f"{f.namer.strategy(r.payload)} applied", ""))
        elif r.kind == "mitigation_effect":
            effect = str(r.payload.get("effect"))
            marks.append(MitigationMark(r.t, f"{f.namer.strategy(r.payload)}: {effect}", effect))
    return tuple(marks)


def _update_interval(f: _Facts) -> float | None:
    """The update interval the true severity requires (the team's policy over the guide's)."""
    if f.card.true_severity is None:
        return None
    policy = dict(GUIDE_SEVERITY_POLICY)
    if f.bundle is not None:
        policy.update(dict(f.bundle.team.severity_policy))
    return policy[Severity(f.card.true_severity)].update_every


def _join_clauses(clauses: list[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
