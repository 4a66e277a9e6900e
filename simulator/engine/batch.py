"""Batches: many replications per team or variant, of one or several scenarios, compared.

Seeds are derived from the base seed (the same seeds for every group, so groups differ only
by what the group changes: common random numbers). Replications run in chunks sized by the
number of workers (about :data:`CHUNKS_PER_WORKER` per worker over the whole batch, so a
32-worker cluster gets work for 32 workers), through a :class:`Runner`: in this process, a
local process pool that receives every bundle once when a worker starts, any
:class:`concurrent.futures.Executor`, or a ``dask.distributed`` cluster
(:mod:`simulator.engine.cluster`, which scatters the bundles once). Results stream back
as chunks finish and ``progress`` is called with each. Every replication is a pure function
of (bundle, seed), so a chunk re-run after a lost worker gives the same rows.

Each phase time is summarised by median, p10 and p90 over the runs that recorded it (``n``
of them; ``not_recorded`` counts the runs whose journal lacks an anchor the phase needs, see
:mod:`simulator.phases`; the rest never reached the phase), and every group is compared with
the first group *of its scenario* by the difference of medians and a seeded bootstrap 95%
confidence interval (:mod:`simulator.engine.bootstrap`).

The result is ``DIR/batch.json`` (format ``gameday/batch@1``, rendered by ``reports``) and
``DIR/batch.csv`` (one row per run), written by :func:`write_outputs`; ``gameday batch``
(:mod:`cli.batch`) builds the groups, shows progress and prints :func:`render_text`.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import hashlib
import io
import json
import math
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from simulator.bundle import Bundle
from simulator.durations import format_duration
from simulator.engine import Exercise
from simulator.engine.bootstrap import (
    BOOTSTRAP_RESAMPLES,
    arm_seed,
    bootstrap_median_diff,
    median_diff_interval,
    resampled_medians,
)
from simulator.phases import phase_times

__all__ = [
    "BATCH_FORMAT",
    "BOOTSTRAP_RESAMPLES",
    "CHUNKS_PER_WORKER",
    "RUN_METRICS",
    "SUMMARY_METRICS",
    "Chunk",
    "ExecutorRunner",
    "Group",
    "InlineRunner",
    "PoolRunner",
    "Runner",
    "bootstrap_median_diff",
    "derive_seeds",
    "plan_chunks",
    "quantile",
    "render_text",
    "run_batch",
    "run_chunk",
    "run_one",
    "summarize",
    "write_outputs",
]

BATCH_FORMAT = "gameday/batch@1"
#: Phase times of every run, in report order.
RUN_METRICS = (
    "mttd",
    "mtta",
    "time_to_declare",
    "time_to_status_page",
    "time_to_mitigate",
    "time_to_resolve",
)
#: Phase times summarised and compared.
SUMMARY_METRICS = RUN_METRICS
#: Chunks per worker over a whole batch: enough to even out slow and fast chunks, few enough
#: that sending a chunk costs nothing next to running it.
CHUNKS_PER_WORKER = 4

Row = dict[str, Any]


@dataclass(frozen=True)
class Group:
    """One arm of a batch: a team of a scenario, optionally with a what-if override applied."""

    name: str
    bundle: Bundle
    variant: str = ""

    @property
    def team(self) -> str:
        """The team id."""
        return self.bundle.team.id

    @property
    def scenario(self) -> str:
        """The scenario id (groups of one scenario are compared with each other)."""
        return self.bundle.scenario.id


@dataclass(frozen=True)
class Chunk:
    """A unit of work: some seeds of one group (by its index in the batch)."""

    group: int
    seeds: tuple[int, ...]


class Runner(Protocol):
    """Where chunks run. ``run`` yields (chunk index, rows) as chunks finish, in any order."""

    @property
    def workers(self) -> int:
        """How many chunks can run at once (chunks are sized by it)."""
        ...

    def run(
        self, bundles: Sequence[Bundle], chunks: Sequence[Chunk]
    ) -> Iterable[tuple[int, list[Row]]]:
        """Run every chunk (``bundles[chunk.group]`` for each seed) and yield its rows."""
        ...


def derive_seeds(base_seed: int, runs: int) -> list[int]:
    """``runs`` seeds derived from ``base_seed`` (stable across Python versions)."""
    seeds = []
    for i in range(runs):
        digest = hashlib.sha256(f"gameday:{base_seed}:{i}".encode()).digest()
        seeds.append(int.from_bytes(digest[:4], "big"))
    return seeds


def run_one(bundle: Bundle, seed: int) -> Row:
    """One fully simulated replication: its seed, phase times and whether it resolved."""
    exercise = Exercise(bundle, seed=seed, wall_clock=_no_wall)
    exercise.run_to_end()
    times = phase_times(exercise.records)
    row: Row = {"seed": seed}
    row.update(times.durations())
    row["resolved"] = times.resolved_at is not None
    row["not_recorded"] = times.missing()
    return row


def run_chunk(bundle: Bundle, seeds: Sequence[int]) -> list[Row]:
    """Replications for several seeds (the unit of work sent to an executor)."""
    return [run_one(bundle, seed) for seed in seeds]


def _no_wall() -> str:
    return ""


def plan_chunks(groups: int, seeds: Sequence[int], workers: int) -> list[Chunk]:
    """Every group's seeds cut into chunks, about :data:`CHUNKS_PER_WORKER` per worker.

    The size comes from the whole batch (runs times groups), so many small groups are not
    cut finer than the workers need, and one big group still feeds every worker.
    """
    total = len(seeds) * groups
    size = max(1, math.ceil(total / (max(1, workers) * CHUNKS_PER_WORKER)))
    return [
        Chunk(g, tuple(seeds[i : i + size]))
        for g in range(groups)
        for i in range(0, len(seeds), size)
    ]


# --------------------------------------------------------------------- runners


class InlineRunner:
    """Chunks run one after another in this process (``--jobs 1``)."""

    workers = 1

    def run(
        self, bundles: Sequence[Bundle], chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, list[Row]]]:
        """Run each chunk in turn."""
        for i, chunk in enumerate(chunks):
            yield i, run_chunk(bundles[chunk.group], chunk.seeds)


#: The bundles of the batch a pool worker serves, installed once when the worker starts.
_installed: list[Bundle] = []


def _install(bundles: Sequence[Bundle]) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone answers it
    # (cancels, stops the workers, keeps what finished); a worker never dies mid-chunk on it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _installed[:] = bundles


def _run_installed(group: int, seeds: Sequence[int]) -> list[Row]:
    return run_chunk(_installed[group], seeds)


class PoolRunner:
    """A local process pool; every worker receives the bundles once, when it starts.

    Args:
        jobs: processes (0: one per core).
    """

    def __init__(self, jobs: int = 0) -> None:
        self.workers = jobs if jobs > 0 else (os.cpu_count() or 1)

    def run(
        self, bundles: Sequence[Bundle], chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, list[Row]]]:
        """Submit every chunk and yield them as they finish."""
        pool = cf.ProcessPoolExecutor(
            max_workers=self.workers, initializer=_install, initargs=(list(bundles),)
        )
        try:
            futures = {
                pool.submit(_run_installed, c.group, c.seeds): i for i, c in enumerate(chunks)
            }
            for future in cf.as_completed(futures):
                yield futures[future], future.result()
        except BaseException:  # Ctrl-C, or the caller stopped early: stop now, wait for nothing
            _stop(pool)
            raise
        pool.shutdown(wait=True)


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel the chunks not started and end the workers at once (a chunk in progress is
    lost; the ones that finished are kept by the caller)."""
    workers = list(dict(getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)


class ExecutorRunner:
    """Any :class:`concurrent.futures.Executor` (its futures, or ones with ``result()``).

    The bundle travels with each chunk: an executor has no way to install it once (a
    ``dask.distributed`` cluster does: see :mod:`simulator.engine.cluster`).

    Args:
        executor: where chunks run.
        workers: how many run at once (chunks are sized by it).
    """

    def __init__(self, executor: cf.Executor, workers: int) -> None:
        self.executor = executor
        self.workers = max(1, workers)

    def run(
        self, bundles: Sequence[Bundle], chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, list[Row]]]:
        """Submit every chunk and yield results as they finish (in order for foreign futures)."""
        futures = {
            self.executor.submit(run_chunk, bundles[c.group], c.seeds): i
            for i, c in enumerate(chunks)
        }
        order: Iterable[Any] = (
            cf.as_completed(list(futures))
            if all(isinstance(f, cf.Future) for f in futures)
            else list(futures)
        )
        for future in order:
            yield futures[future], future.result()


# ------------------------------------------------------------------ statistics


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile by linear interpolation between order statistics."""
    if not sorted_values:
        raise ValueError("quantile of no values")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(values: Sequence[float | None], not_recorded: int = 0) -> dict[str, Any]:
    """``{"median", "p10", "p90", "n", "not_recorded"}`` over the values that are not None.

    ``n`` is how many runs recorded the phase; ``not_recorded`` (passed in) how many could not
    measure it because an anchor was missing. Neither kind of None ever counts as 0.
    """
    present = sorted(v for v in values if v is not None)
    if not present:
        return {"median": None, "p10": None, "p90": None, "n": 0, "not_recorded": not_recorded}
    return {
        "median": quantile(present, 0.5),
        "p10": quantile(present, 0.1),
        "p90": quantile(present, 0.9),
        "n": len(present),
        "not_recorded": not_recorded,
    }


def _group_doc(group: Group, rows: list[Row]) -> dict[str, Any]:
    summary = {
        m: summarize([r[m] for r in rows], sum(1 for r in rows if m in r.get("not_recorded", {})))
        for m in SUMMARY_METRICS
    }
    return {
        "name": group.name,
        "scenario": group.scenario,
        "team": group.team,
        "variant": group.variant,
        "runs": rows,
        "summary": summary,
        "unresolved_share": sum(1 for r in rows if not r["resolved"]) / len(rows) if rows else None,
    }


def _comparisons(
    out_groups: Sequence[dict[str, Any]], scenarios: Sequence[str], base_seed: int
) -> list[dict[str, Any]]:
    """Every group against the first group of its scenario, metric by metric.

    Each arm is resampled with its own seed (base seed, scenario, metric, group), so a
    baseline's resampled medians serve all its comparisons and every number is the same
    for the same seeds whatever runs first.
    """
    comparisons: list[dict[str, Any]] = []
    for s, scenario in enumerate(scenarios):
        members = [g for g in out_groups if g["scenario"] == scenario]
        base = members[0]
        for m, metric in enumerate(SUMMARY_METRICS):
            a = [r[metric] for r in base["runs"] if r[metric] is not None]
            base_medians = resampled_medians(a, arm_seed(base_seed, s, m, 0)) if a else None
            for j, other in enumerate(members[1:], start=1):
                b = [r[metric] for r in other["runs"] if r[metric] is not None]
                diff: float | None = None
                low: float | None = None
                high: float | None = None
                if base_medians is not None and b:
                    other_medians = resampled_medians(b, arm_seed(base_seed, s, m, j))
                    diff, low, high = median_diff_interval(a, b, base_medians, other_medians)
                comparisons.append(
                    {
                        "scenario": scenario,
                        "baseline": base["name"],
                        "other": other["name"],
                        "metric": metric,
                        "median_diff": diff,
                        "ci_low": low,
                        "ci_high": high,
                    }
                )
    return comparisons


# ------------------------------------------------------------------------ batch


def _runner_for(executor: cf.Executor | None, jobs: int) -> Runner:
    if executor is not None:
        return ExecutorRunner(executor, jobs if jobs > 0 else (os.cpu_count() or 1))
    if jobs == 1:
        return InlineRunner()
    return PoolRunner(jobs)


def run_batch(
    groups: Sequence[Group],
    runs: int,
    base_seed: int = 1,
    executor: cf.Executor | None = None,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> dict[str, Any]:
    """Run ``runs`` replications of every group and return the ``batch.json`` document.

    Args:
        groups: the arms; the first group of each scenario is the baseline of that
            scenario's comparisons. Group names are unique within a scenario.
        runs: replications per group.
        base_seed: seeds are derived from it (the same for every group).
        executor: where chunks run (an Executor; sized as ``jobs`` workers).
        jobs: without ``runner`` or ``executor``: a local process pool with ``jobs`` workers
            (all cores for 0), or this process when ``jobs`` is 1.
        progress: called with (runs done, runs total) as chunks finish.
        runner: where chunks run, e.g. a :class:`simulator.engine.cluster.DaskRunner`.
    """
    if not groups:
        raise ValueError("a batch needs at least one group")
    if runs < 1:
        raise ValueError("runs must be at least 1")
    seeds = derive_seeds(base_seed, runs)
    chosen = runner if runner is not None else _runner_for(executor, jobs)
    chunks = plan_chunks(len(groups), seeds, chosen.workers)
    total = runs * len(groups)
    results: list[list[Row]] = [[] for _ in groups]
    done = 0
    interrupted = False
    try:
        for index, rows in chosen.run([g.bundle for g in groups], chunks):
            results[chunks[index].group] += rows
            done += len(rows)
            if progress:
                progress(done, total)
    except KeyboardInterrupt:  # Ctrl-C: what finished is the (partial) batch
        interrupted = True
    rank = {seed: i for i, seed in enumerate(seeds)}
    out_groups = [
        _group_doc(group, sorted(rows, key=lambda r: rank[r["seed"]]))
        for group, rows in zip(groups, results, strict=True)
    ]
    scenarios: list[Bundle] = []
    for group in groups:
        if all(b.scenario.id != group.scenario for b in scenarios):
            scenarios.append(group.bundle)
    complete = all(group["runs"] for group in out_groups)
    doc = {
        "format": BATCH_FORMAT,
        **_scenario_fields(scenarios),
        "base_seed": base_seed,
        "runs_per_group": runs,
        "groups": out_groups,
        "comparisons": _comparisons(out_groups, [b.scenario.id for b in scenarios], base_seed)
        if complete
        else [],
    }
    if interrupted:
        doc["partial"] = {"runs_done": done, "runs_planned": total, "reason": "interrupted"}
    return doc


def _scenario_fields(bundles: Sequence[Bundle]) -> dict[str, Any]:
    """``scenario``, ``title``, ``time_limit`` (of one scenario or of all) and ``scenarios``."""
    listed = [
        {"id": b.scenario.id, "title": b.scenario.title, "time_limit": b.scenario.clock.time_limit}
        for b in bundles
    ]
    if len(listed) == 1:
        one = listed[0]
        return {
            "scenario": one["id"],
            "title": one["title"],
            "time_limit": one["time_limit"],
            "scenarios": listed,
        }
    return {
        "scenario": ", ".join(str(s["id"]) for s in listed),
        "title": f"{len(listed)} scenarios",
        "time_limit": max(b.scenario.clock.time_limit for b in bundles),
        "scenarios": listed,
    }


# ---------------------------------------------------------------------- output


def _fmt(value: float | None) -> str:
    return "-" if value is None else format_duration(value)


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    return ("+" if value >= 0 else "-") + format_duration(abs(value))


def _group_lines(group: dict[str, Any]) -> list[str]:
    variant = f" [{group['variant']}]" if group["variant"] else ""
    lines = [
        f"{group['name']} (team {group['team']}){variant}",
        f"  {'phase':<22}{'median':>9}{'p10':>9}{'p90':>9}{'n':>6}{'not recorded':>14}",
    ]
    for metric in SUMMARY_METRICS:
        s = group["summary"][metric]
        lines.append(
            f"  {metric:<22}{_fmt(s['median']):>9}{_fmt(s['p10']):>9}"
            f"{_fmt(s['p90']):>9}{s['n']:>6}{s.get('not_recorded', 0):>14}"
        )
    share = group["unresolved_share"]
    lines.append(
        f"  unresolved at the time limit: {share:.0%}"
        if share is not None
        else "  no run of this group finished before the batch was interrupted"
    )
    lines.append("")
    return lines


def render_text(doc: dict[str, Any]) -> str:
    """The batch result as the text table ``gameday batch`` prints (scenario by scenario)."""
    scenarios = doc.get("scenarios") or [
        {"id": doc["scenario"], "title": doc["title"], "time_limit": doc["time_limit"]}
    ]
    many = len(scenarios) > 1
    lines: list[str] = []
    partial = doc.get("partial")
    if partial:
        lines += [
            f"PARTIAL: interrupted after {partial['runs_done']} of {partial['runs_planned']} "
            "runs (comparisons need every group)",
            "",
        ]
    if many:
        lines += [
            f"{len(scenarios)} scenarios: {doc['runs_per_group']} runs per group, "
            f"base seed {doc['base_seed']}",
            "",
        ]
    for scenario in scenarios:
        sid = scenario["id"]
        head = f"{scenario['title']} ({sid}): "
        if many:
            head += f"time limit {format_duration(scenario['time_limit'])}"
        else:
            head += (
                f"{doc['runs_per_group']} runs per group, base seed {doc['base_seed']}, "
                f"time limit {format_duration(scenario['time_limit'])}"
            )
        lines += [head, ""]
        for group in doc["groups"]:
            if group.get("scenario", sid) == sid:
                lines += _group_lines(group)
        comparisons = [c for c in doc["comparisons"] if c.get("scenario", sid) == sid]
        if comparisons:
            lines.append("Difference of medians against the first group (bootstrap 95% CI)")
            for c in comparisons:
                pair = f"{c['other']} vs {c['baseline']}"
                lines.append(
                    f"  {pair}: {c['metric']:<20} {_signed(c['median_diff']):>8}"
                    f"  [{_signed(c['ci_low'])}, {_signed(c['ci_high'])}]"
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


CSV_COLUMNS = (
    "scenario",
    "group",
    "team",
    "variant",
    "seed",
    *RUN_METRICS,
    "resolved",
    "not_recorded",
)


def write_outputs(doc: dict[str, Any], out: Path) -> None:
    """Write ``out/batch.json`` and ``out/batch.csv`` (one row per run, every scenario)."""
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "batch.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    buffer = io.StringIO()
    partial = doc.get("partial")
    if partial:  # a spreadsheet shows it as the first row; the columns follow as usual
        buffer.write(
            f"# partial batch: interrupted after {partial['runs_done']} of "
            f"{partial['runs_planned']} runs\n"
        )
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in doc["groups"]:
        for run in group["runs"]:
            values = ["" if run[m] is None else f"{run[m]:.3f}" for m in RUN_METRICS]
            writer.writerow(
                [
                    group.get("scenario", doc["scenario"]),
                    group["name"],
                    group["team"],
                    group["variant"],
                    run["seed"],
                    *values,
                    str(run["resolved"]).lower(),
                    "; ".join(f"{k}: {v}" for k, v in dict(run.get("not_recorded") or {}).items()),
                ]
            )
    _write_atomic(out / "batch.csv", buffer.getvalue())
