"""The lesson of a run: the three to five things that mattered most, ranked by their effect on
customers and on the score, each with the moment it happened, what a good incident commander
would have done and the rule of the guide it comes from.

The objectives a response did not perform without challenges (rated S, M or U) are grouped
into **mistakes** by what went wrong (the mitigation, a premature resolution, the
declaration, the roles, delegation, communication, escalation, the wrap-up). Each mistake
weighs

* on **customers**: the user-minutes it cost (the area under the users-affected curve it is
  to blame for: from when the right mitigation would have taken effect to when the impact
  really ended; after a premature resolution, every user-minute after resolving) -
  :func:`customer_cost`;
* on the **score**: the overall points its objectives lost (an objective's lost score,
  weighted within its family and by the family's weight) - :func:`points_lost`.

Mistakes rank by user-minutes, then by points. The top one gets a counterfactual when
:mod:`reports.counterfactual` can re-run it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reports.describe import Namer
from reports.impact import area
from reports.scored import ScoredRun
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import Effect
from simulator.scoring import ObjectiveResult, Rating, Scorecard

#: How many lessons the debrief leads with (at most).
MAX_LESSONS = 5

#: Objective id -> the mistake it belongs to (scenario objectives: by their action).
TOPIC_OF: dict[str, str] = {
    "TIME-MTTA": "acknowledge",
    "TIME-DECLARE": "declare",
    "SEV-CLASS": "declare",
    "SEV-RECLASS": "declare",
    "TIME-MITIGATE": "mitigate",
    "MIT-FIRST": "mitigate",
    "MIT-STRATEGY": "mitigate",
    "MIT-WRONG": "mitigate",
    "TIME-RESOLVE": "resolve",
    "RES-AFTER-IMPACT": "resolve",
    "RES-CHECKLIST": "wrap-up",
    "RES-STAKEHOLDERS": "wrap-up",
    "ROLE-IC": "roles",
    "ROLE-COMMS": "roles",
    "ROLE-SCRIBE": "roles",
    "ROLE-HANDOVER": "roles",
    "ROLE-DELEGATE": "delegate",
    "ROLE-TASKS": "delegate",
    "ROLE-FOLLOWUP": "delegate",
    "COMM-CADENCE": "communicate",
    "COMM-COMPLETE": "communicate",
    "COMM-STATUS-PAGE": "customers",
    "COMM-PLAIN": "customers",
    "ESC-LEVEL": "escalate",
    "ESC-LEADERSHIP": "escalate",
    "ESC-BRIDGE": "escalate",
}

_SCENARIO_TOPICS = {
    "query_tool": "delegate",
    "assign_task": "delegate",
    "assign_role": "roles",
    "hand_over_command": "roles",
    "set_severity": "declare",
    "post_update": "communicate",
    "mark_resolved": "resolve",
    "apply_mitigation": "mitigate",
    "declare_incident": "declare",
    "acknowledge_page": "acknowledge",
    "post_status_page": "customers",
    "page_person": "escalate",
    "escalate": "escalate",
    "open_bridge": "escalate",
}

#: What a good incident commander does, and the guide's rule, per mistake.
GOOD_PLAY: dict[str, tuple[str, str]] = {
    "acknowledge": (
        "Acknowledge a page at once, then look: the page is the start of every clock.",
        "Guide, Key Metrics: MTTA under 15 minutes.",
    ),
    "declare": (
        "Declare as soon as users are affected, at the higher severity when unsure, and "
        "correct it as the evidence comes in.",
        "ORG-02 (declare early) and IC-12 (when unsure, assume the higher severity).",
    ),
    "mitigate": (
        "Have the technical lead apply the mitigation that stops the bleeding as soon as the "
        "cause is in sight, as an owned, time-boxed task - and find the root cause afterwards.",
        "ORG-03 and the guide's Phase 4: 'Mitigate first, debug later.'",
    ),
    "resolve": (
        "Keep the incident open until the metrics are back at baseline and no user is "
        "affected; confirm it with the resolution checklist, then resolve.",
        "Guide, Phase 5 Resolution checklist: 'Customer-facing impact confirmed resolved.'",
    ),
    "wrap-up": (
        "Resolve on the whole checklist, then send the final internal update and the final "
        "status-page post within 15 minutes.",
        "Guide, Phase 5 checklist ('Stakeholders notified of resolution') and CL-05.",
    ),
    "roles": (
        "Page a communications lead and a scribe when declaring and name each the moment "
        "they join; keep the commander free of other roles.",
        "IC-04 (announce deputy and scribe), IC-02 (no second role), IC-15 (explicit hand-over).",
    ),
    "delegate": (
        "Delegate hands-on work as tasks to a named person with a time-box, and follow up "
        "when a time-box runs out.",
        "IC-01 (the IC does not investigate or remediate), IC-06, IC-07.",
    ),
    "communicate": (
        "Post an internal update in the guide's template at the severity's cadence - set a "
        "timer when declaring.",
        "ORG-01 and the guide's Update Template and Update Cadence.",
    ),
    "customers": (
        "Tell customers within 5 minutes of the call starting, in plain words about what they "
        "experience.",
        "CL-01 (first post within 5 minutes) and CL-04 (no technical detail).",
    ),
    "escalate": (
        "Escalate to the severity's level and open the bridge right after declaring; page "
        "the expert the situation calls for.",
        "SME-04 (never hesitate to escalate) and CL-01 (the bridge call).",
    ),
}

#: Short names of the mistakes, as a lesson's heading starts.
TOPIC_TITLES = {
    "acknowledge": "Acknowledging the page",
    "declare": "Declaring the incident",
    "mitigate": "The mitigation",
    "resolve": "Resolving",
    "wrap-up": "The wrap-up",
    "roles": "Naming the roles",
    "delegate": "Delegating",
    "communicate": "Internal updates",
    "customers": "Telling customers",
    "escalate": "Escalation",
}


#: How a mitigation is said as the subject of a sentence ("Rolling back payments-api").
_GERUNDS = {
    "rollback": "rolling back",
    "restart": "restarting",
    "failover": "failing over",
    "scale": "scaling up",
    "feature_flag": "switching off the feature flag of",
    "block_traffic": "blocking the abusive traffic at",
}


def doing(strategy: object, target: object) -> str:
    """``rolling back payments-api``."""
    words = _GERUNDS.get(str(strategy), str(strategy).replace("_", " "))
    return f"{words} {target}"


@dataclass(frozen=True)
class Lesson:
    """One of the things that mattered most in a run."""

    rank: int
    topic: str
    headline: str
    t: float
    #: The moment as people read it: ``14:26 (T+24m30s)``.
    moment: str
    seq: int | None
    what_happened: str
    better: str
    rule: str
    user_minutes: float
    points: float
    objectives: tuple[str, ...]


def topic_of(o: ObjectiveResult, scenario_actions: dict[str, str]) -> str:
    """The mistake an objective belongs to."""
    if o.id in TOPIC_OF:
        return TOPIC_OF[o.id]
    return _SCENARIO_TOPICS.get(scenario_actions.get(o.id, ""), "escalate")


def points_lost(card: Scorecard, o: ObjectiveResult) -> float:
    """Overall score points ``o`` cost (0 for N/A, N/R and P)."""
    if o.score is None:
        return 0.0
    family = next((f for f in card.families if f.family == o.family), None)
    if family is None or family.score is None:
        return 0.0
    in_family = [x for x in card.objectives if x.family == o.family and x.score is not None]
    family_weight = sum(x.weight for x in in_family)
    total = sum(f.weight for f in card.families if f.score is not None)
    if family_weight <= 0 or total <= 0:
        return 0.0
    return (100.0 - o.score) * o.weight / family_weight * family.weight / total


@dataclass(frozen=True)
class Facts:
    """What the lessons read of a run besides the scorecard."""

    run: ScoredRun
    namer: Namer
    clock: Callable[[float], str]
    curve: tuple[tuple[float, int], ...]

    @property
    def impact_over(self) -> float:
        """When the impact really ended (the end of the run when it never did)."""
        ends = [r.t for r in self.run.records if r.kind == "impact_end"]
        return ends[-1] if ends else self.run.phases.ended_at

    def record(self, seq: int) -> Record | None:
        """The record with ``seq``."""
        records = self.run.records
        if 0 <= seq < len(records) and records[seq].seq == seq:
            return records[seq]
        return next((r for r in records if r.seq == seq), None)


def best_mitigation(run: ScoredRun) -> tuple[str, str, float] | None:
    """``(strategy, target, takes)`` of the mitigation the truth says resolves (else
    reduces) the impact; None for an imported incident."""
    if run.bundle is None:
        return None
    mitigations = run.bundle.scenario.truth.mitigations
    for effect in (Effect.RESOLVES, Effect.REDUCES):
        for m in mitigations:
            if m.effect is effect:
                return m.strategy.value, m.target, m.takes
    return None


def mitigation_moment(run: ScoredRun) -> Record | None:
    """The moment the right mitigation should have been chosen: the first mitigation that
    was not the right one, else the first relevant finding, else the declaration."""
    best = best_mitigation(run)
    for r in run.records:
        if r.kind == "action" and r.action == "apply_mitigation":
            key = (str(r.payload.get("strategy")), str(r.payload.get("target")))
            if best is None or key != best[:2]:
                return r
            break
    finding = next(
        (r for r in run.records if r.kind == "finding" and r.payload.get("relevant")), None
    )
    if finding is not None:
        return finding
    return next((r for r in run.records if r.action == "declare_incident"), None)


def customer_cost(f: Facts, topic: str) -> tuple[float, Record | None]:
    """User-minutes a mistake is to blame for, and the moment it happened."""
    run = f.run
    if topic == "resolve":
        resolved = next((r for r in run.records if r.action == "mark_resolved"), None)
        if resolved is None:
            return 0.0, None
        return area(f.curve, resolved.t, f.impact_over), resolved
    if topic == "mitigate":
        moment = mitigation_moment(run)
        best = best_mitigation(run)
        if moment is None or best is None:
            return 0.0, moment
        return area(f.curve, moment.t + best[2], f.impact_over), moment
    return 0.0, None


def _worst(objectives: list[ObjectiveResult]) -> ObjectiveResult:
    """The objective that tells a mistake best: the lowest rated, the project's own objectives
    (which say what was measured) before a scenario's."""
    order = {Rating.U: 0, Rating.M: 1, Rating.S: 2}
    return min(objectives, key=lambda o: (o.family == "scenario", order.get(o.rating, 3)))


def _headline(f: Facts, topic: str, worst: ObjectiveResult, minutes: float) -> str:
    run = f.run
    if topic == "resolve" and run.scorecard.objective_or_none("TIME-RESOLVE") is not None:
        resolve = run.scorecard.objective("TIME-RESOLVE")
        if resolve.measured_text.startswith("resolved prematurely"):
            resolved = next(r for r in run.records if r.action == "mark_resolved")
            return (
                f"Resolved at {f.clock(resolved.t)} "
                + resolve.measured_text.removeprefix("resolved prematurely, ")
            )
    if topic == "mitigate" and minutes >= 1:
        best = best_mitigation(run)
        moment = mitigation_moment(run)
        if best is not None and moment is not None:
            instead = ""
            if moment.action == "apply_mitigation":
                instead = " instead of " + doing(
                    moment.payload.get("strategy"), moment.payload.get("target")
                )
            text = doing(best[0], best[1])
            return (
                f"{text[:1].upper()}{text[1:]} at {f.clock(moment.t)}{instead} would have "
                f"spared customers about {minutes:,.0f} user-minutes"
            )
    return f"{worst.title.rstrip('.')}: {worst.measured_text}"


def _what_happened(f: Facts, worst: ObjectiveResult, others: list[ObjectiveResult]) -> str:
    """The worst objective of a mistake in one sentence, naming the others it also cost."""
    note = next(
        (n for n in worst.notes if not n.startswith(("Impact start", "Detection", "Applied in"))),
        "",
    )
    text = f"{worst.title.rstrip('.')}: {worst.measured_text} (target {worst.target})."
    if note:
        text += " " + (note if note.endswith(".") else note + ".")
    also = [o.title[:1].lower() + o.title[1:].rstrip(".") for o in others if o is not worst]
    if also:
        text += " Also cost: " + "; ".join(also) + "."
    return text


def _fallback_moment(f: Facts, worst: ObjectiveResult) -> Record | None:
    """The moment of a mistake without its own: its first evidence, else the declaration
    (when a good commander would have acted), else detection."""
    for seq in worst.evidence:
        record = f.record(seq)
        if record is not None:
            return record
    records = f.run.records
    declared = next((r for r in records if r.action == "declare_incident"), None)
    if declared is not None:
        return declared
    return next((r for r in records if r.kind in ("alert", "inject")), None)


def build_lessons(
    run: ScoredRun, namer: Namer, clock: Callable[[float], str], curve: Sequence[tuple[float, int]]
) -> tuple[Lesson, ...]:
    """The top mistakes of a run as lessons, most costly first (see the module docstring)."""
    card = run.scorecard
    actions = {}
    if run.bundle is not None:
        actions = {o.id: o.action for o in run.bundle.scenario.objectives}
    groups: dict[str, list[ObjectiveResult]] = {}
    for o in card.objectives:
        if o.rating in (Rating.S, Rating.M, Rating.U):
            groups.setdefault(topic_of(o, actions), []).append(o)
    f = Facts(run, namer, clock, tuple(curve))
    ranked = []
    for topic, objectives in groups.items():
        minutes, moment = customer_cost(f, topic)
        points = sum(points_lost(card, o) for o in objectives)
        worst = _worst(objectives)
        if moment is None:
            moment = _fallback_moment(f, worst)
        ranked.append((minutes, points, topic, objectives, worst, moment))
    ranked.sort(key=lambda x: (-round(x[0]), -x[1], x[2]))
    lessons = []
    for rank, (minutes, points, topic, objectives, worst, moment) in enumerate(
        ranked[:MAX_LESSONS], start=1
    ):
        better, rule = GOOD_PLAY[topic]
        lessons.append(
            Lesson(
                rank=rank,
                topic=topic,
                headline=_headline(f, topic, worst, minutes),
                t=moment.t if moment is not None else 0.0,
                moment=(
                    f"{clock(moment.t)} (T+{format_duration(moment.t)})"
                    if moment is not None
                    else "the whole run"
                ),
                seq=moment.seq if moment is not None else None,
                what_happened=_what_happened(f, worst, objectives),
                better=_better(f, topic, better),
                rule=rule,
                user_minutes=round(minutes, 1),
                points=round(points, 1),
                objectives=tuple(o.id for o in objectives),
            )
        )
    return tuple(lessons)


def _better(f: Facts, topic: str, better: str) -> str:
    """The good play, with the concrete mitigation for a mitigation mistake."""
    if topic != "mitigate":
        return better
    best = best_mitigation(f.run)
    if best is None:
        return better
    return (
        f"{better} Here: {doing(best[0], best[1])} (it takes about "
        f"{format_duration(best[2])} to work)."
    )
