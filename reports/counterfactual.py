"""The counterfactual of a run's biggest mistake: the same scenario, team and seed re-run with
the better decision at that moment (:func:`simulator.engine.whatif.what_if`), and what it
changes for customers (user-minutes, peak users) and for the time to resolve.

Only a mistake that cost customers has a better decision to re-run: the mitigation (the
right one, at the moment the wrong one was chosen or the cause came in sight) and a premature
resolution (keep working: the right mitigation if it was never applied, else just wait for
the impact to end). Other mistakes (a late update, a role named late) do not change what
users went through in the simulation, and the debrief says so instead of re-running.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reports.impact import area, user_curve
from reports.lessons import Lesson, best_mitigation, doing
from reports.scored import ScoredRun
from simulator.actions import AddNote, ApplyMitigation
from simulator.engine.replay import ReplayError
from simulator.engine.whatif import what_if
from simulator.journal import Record
from simulator.model import Role, Strategy
from simulator.phases import phase_times
from simulator.state import IncidentState

#: What the debrief says about how a counterfactual was made.
METHOD = (
    "Same scenario, team and seed, re-run from the start: every decision before the moment "
    "as you made it, then the better one; the simulated team carries on from there and the "
    "incident is resolved as long after the impact ended as you took. One decision changes "
    "what the simulated people do next, so this is a plausible alternative, not a proof."
)


@dataclass(frozen=True)
class Counterfactual:
    """The biggest mistake re-run with the better decision."""

    lesson: int
    decision: str
    t: float
    seq: int
    user_minutes: float
    what_if_user_minutes: float
    peak_users: int
    what_if_peak_users: int
    time_to_resolve: float | None
    what_if_time_to_resolve: float | None
    #: When the impact ended in the run and in the re-run (None: it never did).
    impact_ended: float | None
    what_if_impact_ended: float | None
    summary: str
    #: The lesson's headline as the re-run tells it ("… would have ended the outage 42m
    #: earlier").
    headline: str
    method: str = METHOD


def _state_at(records: Sequence[Record], seq: int) -> IncidentState:
    state = IncidentState()
    for r in records:
        if r.seq >= seq:
            break
        state.apply(r)
    return state


def _actor(run: ScoredRun, state: IncidentState, moment: Record) -> str:
    """Who carries the better decision out: the technical lead, else whoever made the
    mistake, else the player, else the incident commander."""
    human = run.header.get("human")
    player = str(human.get("actor")) if isinstance(human, dict) else ""
    candidates = [*state.holders(Role.TECHNICAL_LEAD), moment.actor, player, state.commander or ""]
    return next((p for p in candidates if p and state.in_incident(p)), "")


def _resolve_lag(run: ScoredRun) -> float:
    """How long after the impact ended the player resolved (2 minutes when they did not,
    or resolved too early)."""
    ends = [r.t for r in run.records if r.kind == "impact_end"]
    resolved = run.phases.resolved_at
    if ends and resolved is not None and resolved >= ends[-1]:
        return resolved - ends[-1]
    return 120.0


def _decision(run: ScoredRun, lesson: Lesson, moment: Record) -> tuple[ApplyMitigation | None, str]:
    best = best_mitigation(run)
    if best is None:
        return None, ""
    strategy, target, _ = best
    applied_before = any(
        r.action == "apply_mitigation"
        and (r.payload.get("strategy"), r.payload.get("target")) == (strategy, target)
        for r in run.records
        if r.seq < moment.seq
    )
    if lesson.topic == "resolve" and applied_before:
        return None, "keeping the incident open instead of resolving"
    state = _state_at(run.records, moment.seq)
    actor = _actor(run, state, moment)
    if not actor:
        return None, ""
    action = ApplyMitigation(actor=actor, strategy=Strategy(strategy), target=target)
    words = doing(strategy, target)
    if lesson.topic == "resolve":
        return action, f"{words} instead of resolving"
    if moment.action == "apply_mitigation":
        wrong = doing(moment.payload.get("strategy"), moment.payload.get("target"))
        return action, f"{words} instead of {wrong}"
    return action, words


def counterfactual(
    run: ScoredRun, lessons: Sequence[Lesson], clock: Callable[[float], str]
) -> Counterfactual | None:
    """Re-run the biggest mistake that cost customers with the better decision (None when no
    lesson did, for an imported incident, or when the re-run cannot be made)."""
    if run.bundle is None:
        return None
    lesson = next((x for x in lessons if x.topic in ("mitigate", "resolve") and x.seq), None)
    if lesson is None or lesson.seq is None or lesson.user_minutes < 1:
        return None
    moment = next((r for r in run.records if r.seq == lesson.seq), None)
    if moment is None:
        return None
    action, words = _decision(run, lesson, moment)
    if not words:
        return None
    try:
        records = _rerun(run, moment, action)
    except (ReplayError, ValueError):
        return None
    head, _, tail = words.partition(" instead of ")
    decision = f"{head} at {clock(moment.t)}" + (f" instead of {tail}" if tail else "")
    return _compare(run, records, lesson, moment, decision, clock)


def _rerun(run: ScoredRun, moment: Record, action: ApplyMitigation | None) -> list[Record]:
    assert run.bundle is not None
    if action is None:
        # nothing better to do than not resolving: re-run without the player's resolution
        state = _state_at(run.records, moment.seq)
        actor = moment.actor if state.in_incident(moment.actor) else state.commander or ""
        return what_if(
            run.records,
            run.bundle,
            moment.seq,
            AddNote(actor=actor, text="Keeping the incident open until users are fine."),
            _resolve_lag(run),
        )
    return what_if(run.records, run.bundle, moment.seq, action, _resolve_lag(run))


def _until(records: Sequence[Record]) -> float:
    ends = [r.t for r in records if r.kind == "impact_end"]
    return ends[-1] if ends else records[-1].t


def _compare(
    run: ScoredRun,
    records: list[Record],
    lesson: Lesson,
    moment: Record,
    decision: str,
    clock: Callable[[float], str],
) -> Counterfactual:
    actual_curve = user_curve(run.records)
    new_curve = user_curve(records)
    actual = area(actual_curve, 0.0, _until(run.records))
    new = area(new_curve, 0.0, _until(records))
    ttr = run.phases.time_to_resolve
    new_ttr = phase_times(records).time_to_resolve
    saved = actual - new
    users = (
        f"{new:,.0f} user-minutes of impact instead of {actual:,.0f} "
        + (f"({saved:,.0f} fewer)" if saved >= 0 else f"({-saved:,.0f} more)")
    )
    premature = run.scorecard.objective_or_none("TIME-RESOLVE")
    resolve = _resolve_words(
        ttr,
        new_ttr,
        premature is not None and premature.measured_text.startswith("resolved prematurely"),
    )
    ended = _ended(run.records)
    new_ended = _ended(records)
    return Counterfactual(
        lesson=lesson.rank,
        decision=decision,
        t=moment.t,
        seq=moment.seq,
        user_minutes=round(actual, 1),
        what_if_user_minutes=round(new, 1),
        peak_users=max((u for _, u in actual_curve), default=0),
        what_if_peak_users=max((u for _, u in new_curve), default=0),
        time_to_resolve=ttr,
        what_if_time_to_resolve=new_ttr,
        impact_ended=ended,
        what_if_impact_ended=new_ended,
        summary=f"With {decision}: {users}; {resolve}.",
        headline=_headline(decision, ended, new_ended, saved, clock),
    )


def _ended(records: Sequence[Record]) -> float | None:
    """When the impact last ended (None when it was still going at the end)."""
    last = None
    for r in records:
        if r.kind == "impact_end":
            last = r.t
        elif r.kind == "relapse":
            last = None
    return last


def spoken(seconds: float) -> str:
    """A duration as people say it: ``49 minutes``, ``1 hour``, ``2 hours 5 minutes``."""
    minutes = max(1, round(seconds / 60.0))
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours > 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minute" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def _headline(
    decision: str,
    ended: float | None,
    new_ended: float | None,
    saved: float,
    clock: Callable[[float], str],
) -> str:
    """``Rollback payments-api at 14:26 would have ended the outage 42 minutes earlier``."""
    text = decision[0].upper() + decision[1:]
    if new_ended is not None and ended is None:
        return (
            f"{text} would have ended the outage by {clock(new_ended)}; in your run it was "
            "still going when the exercise ended"
        )
    if new_ended is not None and ended is not None and ended - new_ended >= 60:
        return f"{text} would have ended the outage {spoken(ended - new_ended)} earlier"
    if saved >= 1:
        return f"{text} would have spared customers {saved:,.0f} user-minutes"
    return f"{text} would not have helped customers in this re-run"


def _resolve_words(actual: float | None, new: float | None, premature: bool) -> str:
    """How the time to resolve changed, in words."""
    if new is None:
        return "still not resolved by the end of the exercise"
    if premature and actual is not None:
        return (
            f"resolved {spoken(new)} after the impact began, with the impact over (your "
            f"resolution after {spoken(actual)} came while users were still affected)"
        )
    if actual is None:
        return f"resolved {spoken(new)} after the impact began (your run never was)"
    diff = actual - new
    if abs(diff) < 60:
        return f"resolved after {spoken(new)}, about as long as in your run"
    change = "earlier" if diff > 0 else "later"
    return (
        f"resolved {spoken(new)} after the impact began instead of {spoken(actual)} "
        f"({spoken(abs(diff))} {change})"
    )
