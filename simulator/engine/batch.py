"""Batches: many replications per team or variant, summarised and compared.

Seeds are derived from the base seed (the same seeds for every group, so groups differ only
by what the group changes: common random numbers). Replications run in chunks on any
:class:`concurrent.futures.Executor` - a local ``ProcessPoolExecutor`` by default; a
distributed executor such as the one ``dask.distributed.Client.get_executor()`` returns can
be passed to :func:`run_batch`. Each phase time is summarised by median, p10 and p90 over the
runs that recorded it (``n`` of them; ``not_recorded`` counts the runs whose journal lacks an
anchor the phase needs, see :mod:`simulator.phases`; the rest never reached the phase), and
every group is compared with the first one by the difference of medians and a seeded bootstrap
95% confidence interval.

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
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.bundle import Bundle
from simulator.durations import format_duration
from simulator.engine import Exercise
from simulator.phases import phase_times

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
BOOTSTRAP_RESAMPLES = 1000


@dataclass(frozen=True)
class Group:
    """One arm of a batch: a team, optionally with a what-if override applied."""

    name: str
    bundle: Bundle
    variant: str = ""

    @property
    def team(self) -> str:
        """The team id."""
        return self.bundle.team.id


def derive_seeds(base_seed: int, runs: int) -> list[int]:
    """``runs`` seeds derived from ``base_seed`` (stable across Python versions)."""
    seeds = []
    for i in range(runs):
        digest = hashlib.sha256(f"gameday:{base_seed}:{i}".encode()).digest()
        seeds.append(int.from_bytes(digest[:4], "big"))
    return seeds


def run_one(bundle: Bundle, seed: int) -> dict[str, Any]:
    """One fully simulated replication: its seed, phase times and whether it resolved."""
    exercise = Exercise(bundle, seed=seed, wall_clock=_no_wall)
    exercise.run_to_end()
    times = phase_times(exercise.records)
    row: dict[str, Any] = {"seed": seed}
    row.update(times.durations())
    row["resolved"] = times.resolved_at is not None
    row["not_recorded"] = times.missing()
    return row


def run_chunk(bundle: Bundle, seeds: Sequence[int]) -> list[dict[str, Any]]:
    """Replications for several seeds (the unit of work sent to an executor)."""
    return [run_one(bundle, seed) for seed in seeds]


def _no_wall() -> str:
    return ""


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


def bootstrap_median_diff(
    base: Sequence[float], other: Sequence[float], rng: random.Random
) -> tuple[float | None, float | None, float | None]:
    """Difference of medians (other - base) and its bootstrap 95% percentile interval."""
    if not base or not other:
        return None, None, None
    diff = statistics.median(other) - statistics.median(base)
    diffs = []
    nb, no = len(base), len(other)
    for _ in range(BOOTSTRAP_RESAMPLES):
        a = statistics.median([base[int(rng.random() * nb)] for _ in range(nb)])
        b = statistics.median([other[int(rng.random() * no)] for _ in range(no)])
        diffs.append(b - a)
    diffs.sort()
    return diff, quantile(diffs, 0.025), quantile(diffs, 0.975)


def run_batch(
    groups: Sequence[Group],
    runs: int,
    base_seed: int = 1,
    executor: cf.Executor | None = None,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run ``runs`` replications of every group and return the ``batch.json`` document.

    Args:
        groups: the arms; the first is the baseline of every comparison.
        runs: replications per group.
        base_seed: seeds are derived from it (the same for every group).
        executor: where chunks run; by default a ``ProcessPoolExecutor`` with ``jobs``
            workers (all cores for 0), or in this process when ``jobs`` is 1.
        progress: called with (runs done, runs total) as chunks finish.
    """
    if not groups:
        raise ValueError("a batch needs at least one group")
    if runs < 1:
        raise ValueError("runs must be at least 1")
    seeds = derive_seeds(base_seed, runs)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    chunk = max(1, math.ceil(runs / (workers * 4)))
    pieces = [(g, seeds[i : i + chunk]) for g in groups for i in range(0, runs, chunk)]
    total = runs * len(groups)
    results: dict[str, list[dict[str, Any]]] = {g.name: [] for g in groups}
    done = 0
    if executor is None and workers == 1:
        for group, part in pieces:
            results[group.name] += run_chunk(group.bundle, part)
            done += len(part)
            if progress:
                progress(done, total)
    else:
        own = executor is None
        pool = executor or cf.ProcessPoolExecutor(max_workers=workers)
        try:
            futures = {pool.submit(run_chunk, g.bundle, part): (g, part) for g, part in pieces}
            if all(isinstance(f, cf.Future) for f in futures):
                order: Any = cf.as_completed(list(futures))
            else:
                order = list(futures)
            for future in order:
                group, part = futures[future]
                results[group.name] += future.result()
                done += len(part)
                if progress:
                    progress(done, total)
        finally:
            if own:
                pool.shutdown()
    rank = {seed: i for i, seed in enumerate(seeds)}
    out_groups: list[dict[str, Any]] = []
    for group in groups:
        rows = sorted(results[group.name], key=lambda r: rank[r["seed"]])
        summary = {
            m: summarize(
                [r[m] for r in rows], sum(1 for r in rows if m in r.get("not_recorded", {}))
            )
            for m in SUMMARY_METRICS
        }
        unresolved = sum(1 for r in rows if not r["resolved"]) / len(rows)
        out_groups.append(
            {
                "name": group.name,
                "team": group.team,
                "variant": group.variant,
                "runs": rows,
                "summary": summary,
                "unresolved_share": unresolved,
            }
        )
    rng = random.Random(base_seed)
    comparisons = []
    base = out_groups[0]
    for other in out_groups[1:]:
        for metric in SUMMARY_METRICS:
            a = [r[metric] for r in base["runs"] if r[metric] is not None]
            b = [r[metric] for r in other["runs"] if r[metric] is not None]
            diff, lo, hi = bootstrap_median_diff(a, b, rng)
            comparisons.append(
                {
                    "baseline": base["name"],
                    "other": other["name"],
                    "metric": metric,
                    "median_diff": diff,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
    scenario = groups[0].bundle.scenario
    return {
        "format": BATCH_FORMAT,
        "scenario": scenario.id,
        "title": scenario.title,
        "base_seed": base_seed,
        "runs_per_group": runs,
        "time_limit": scenario.clock.time_limit,
        "groups": out_groups,
        "comparisons": comparisons,
    }


# ---------------------------------------------------------------------- output


def _fmt(value: float | None) -> str:
    return "-" if value is None else format_duration(value)


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    return ("+" if value >= 0 else "-") + format_duration(abs(value))


def render_text(doc: dict[str, Any]) -> str:
    """The batch result as the text table ``gameday batch`` prints."""
    lines = [
        f"{doc['title']} ({doc['scenario']}): {doc['runs_per_group']} runs per group, "
        f"base seed {doc['base_seed']}, time limit {format_duration(doc['time_limit'])}",
        "",
    ]
    for group in doc["groups"]:
        variant = f" [{group['variant']}]" if group["variant"] else ""
        lines.append(f"{group['name']} (team {group['team']}){variant}")
        lines.append(
            f"  {'phase':<22}{'median':>9}{'p10':>9}{'p90':>9}{'n':>6}{'not recorded':>14}"
        )
        for metric in SUMMARY_METRICS:
            s = group["summary"][metric]
            lines.append(
                f"  {metric:<22}{_fmt(s['median']):>9}{_fmt(s['p10']):>9}"
                f"{_fmt(s['p90']):>9}{s['n']:>6}{s.get('not_recorded', 0):>14}"
            )
        lines.append(f"  unresolved at the time limit: {group['unresolved_share']:.0%}")
        lines.append("")
    if doc["comparisons"]:
        lines.append("Difference of medians against the first group (bootstrap 95% CI)")
        for c in doc["comparisons"]:
            pair = f"{c['other']} vs {c['baseline']}"
            lines.append(
                f"  {pair}: {c['metric']:<20} {_signed(c['median_diff']):>8}"
                f"  [{_signed(c['ci_low'])}, {_signed(c['ci_high'])}]"
            )
    return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_outputs(doc: dict[str, Any], out: Path) -> None:
    """Write ``out/batch.json`` and ``out/batch.csv`` (one row per run)."""
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "batch.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", "team", "variant", "seed", *RUN_METRICS, "resolved", "not_recorded"])
    for group in doc["groups"]:
        for run in group["runs"]:
            values = ["" if run[m] is None else f"{run[m]:.3f}" for m in RUN_METRICS]
            writer.writerow(
                [
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
