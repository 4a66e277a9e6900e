"""The dry run: the fully simulated team plays the scenario N times; what the author learns.

Each replication is :class:`simulator.engine.Exercise` with no human seat (seeds derived as
``gameday batch`` derives them), scored with :func:`simulator.scoring.scorer.score`. The summary
says how often the incident was resolved, how long it took (median, p10, p90), which
mitigations the team tried, which injects never fired, which clues were never found and which
objectives no run met (HSEEP P, S or M: the objective was performed) — the signs of a scenario
that is unsolvable, too easy or has dead ends. Pure Python (no Qt): the view runs it on a
worker thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.bundle import Bundle
from simulator.durations import format_duration

#: Replications a dry run plays unless the author asks for another number.
DEFAULT_RUNS = 50
#: HSEEP ratings that mean the objective was performed.
MET = frozenset({"P", "S", "M"})


@dataclass(frozen=True)
class RunResult:
    """What one replication did."""

    seed: int
    resolved: bool
    resolved_at: float | None
    mitigations: tuple[str, ...]
    injects: tuple[str, ...]
    clues: tuple[str, ...]
    objectives_met: tuple[str, ...]


def play(bundle: Bundle, seed: int) -> RunResult:
    """One fully simulated replication of ``bundle`` with ``seed``."""
    from simulator.engine import Exercise
    from simulator.phases import phase_times
    from simulator.scoring.scorer import score

    exercise = Exercise(bundle, seed=seed, wall_clock=lambda: "")
    exercise.run_to_end()
    records = exercise.records
    times = phase_times(records)
    tried: list[str] = []
    injects: list[str] = []
    clues: list[str] = []
    for record in records:
        payload = record.payload
        if record.kind == "action" and payload.get("action") == "apply_mitigation":
            strategy = str(payload.get("strategy", "")).replace("_", " ")
            tried.append(f"{strategy} {payload.get('target')}")
        elif record.kind == "inject" and payload.get("inject_id"):
            injects.append(str(payload["inject_id"]))
        elif record.kind == "finding" and payload.get("clue_id"):
            clues.append(str(payload["clue_id"]))
    card = score(records, bundle)
    met = tuple(o.id for o in card.objectives if o.family == "scenario" and o.rating.value in MET)
    return RunResult(
        seed=seed,
        resolved=times.resolved_at is not None,
        resolved_at=times.resolved_at,
        mitigations=tuple(dict.fromkeys(tried)),
        injects=tuple(dict.fromkeys(injects)),
        clues=tuple(dict.fromkeys(clues)),
        objectives_met=met,
    )


def play_many(
    bundle: Bundle,
    runs: int,
    progress: Callable[[RunResult], bool],
    base_seed: int = 1,
) -> None:
    """Play ``runs`` replications, handing each result to ``progress``; it returns False to
    stop (the author cancelled)."""
    from simulator.engine.batch import derive_seeds

    for seed in derive_seeds(base_seed, runs):
        if not progress(play(bundle, seed)):
            return


@dataclass(frozen=True)
class DryRunSummary:
    """What ``results`` say about the scenario."""

    runs: int
    resolved: int
    resolve_median: float | None
    resolve_p10: float | None
    resolve_p90: float | None
    mitigations: tuple[tuple[str, int], ...]
    never_fired: tuple[str, ...]
    never_found: tuple[str, ...]
    never_met: tuple[str, ...]
    objectives: tuple[tuple[str, int], ...]
    resolve_times: tuple[float, ...]

    @property
    def rate(self) -> float:
        """The share of runs that resolved the incident (0..1)."""
        return self.resolved / self.runs if self.runs else 0.0


def summarise(bundle: Bundle, results: Sequence[RunResult]) -> DryRunSummary:
    """The summary of ``results`` (replications of ``bundle``)."""
    from simulator.engine.batch import quantile

    scenario = bundle.scenario
    times = sorted(r.resolved_at for r in results if r.resolved_at is not None)
    tried = Counter(m for r in results for m in r.mitigations)
    fired = {i for r in results for i in r.injects}
    found = {c for r in results for c in r.clues}
    met = Counter(o for r in results for o in r.objectives_met)
    return DryRunSummary(
        runs=len(results),
        resolved=sum(r.resolved for r in results),
        resolve_median=quantile(times, 0.5) if times else None,
        resolve_p10=quantile(times, 0.1) if times else None,
        resolve_p90=quantile(times, 0.9) if times else None,
        mitigations=tuple(sorted(tried.items(), key=lambda kv: (-kv[1], kv[0]))),
        never_fired=tuple(i.id for i in scenario.injects if i.id not in fired),
        never_found=tuple(c.id for c in scenario.clues if c.id not in found),
        never_met=tuple(o.id for o in scenario.objectives if met[o.id] == 0),
        objectives=tuple((o.id, met[o.id]) for o in scenario.objectives),
        resolve_times=tuple(times),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def verdict(summary: DryRunSummary) -> str:
    """One line a scenario author acts on: unsolvable, too easy, or dead ends."""
    if summary.runs == 0:
        return "No run finished."
    if summary.resolved == 0:
        return "Unsolvable as written: the simulated team never resolved the incident."
    if summary.rate == 1.0 and summary.resolve_p90 is not None and summary.resolve_p90 < 900:
        return "Maybe too easy: every run resolved it within 15 minutes."
    if summary.never_fired or summary.never_found or summary.never_met:
        return "Dead ends: some injects, clues or objectives were never reached (see below)."
    return "Solvable, with room to struggle."


def describe(summary: DryRunSummary) -> list[str]:
    """The summary in sentences, for the dry-run pane and its tests."""
    lines = [
        f"Resolved in {summary.resolved} of {_count(summary.runs, 'run')} "
        f"({round(100 * summary.rate)}%)."
    ]
    if summary.resolve_median is not None:
        lines.append(
            f"Time to resolve: median {format_duration(summary.resolve_median)}, "
            f"p10 {format_duration(summary.resolve_p10 or 0)}, "
            f"p90 {format_duration(summary.resolve_p90 or 0)}."
        )
    if summary.mitigations:
        tried = ", ".join(f"{m} ({_count(n, 'run')})" for m, n in summary.mitigations)
        lines.append(f"Mitigations tried: {tried}.")
    else:
        lines.append("Mitigations tried: none.")
    lines.append("Injects that never fired: " + (", ".join(summary.never_fired) or "none") + ".")
    lines.append("Clues never found: " + (", ".join(summary.never_found) or "none") + ".")
    lines.append("Objectives no run met: " + (", ".join(summary.never_met) or "none") + ".")
    return lines
