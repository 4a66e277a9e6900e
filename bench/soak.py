"""Soak: thousands of exercises in one process, memory printed at start, middle and end.

Runs the bundled scenarios fully simulated one after another in this process (seeds 1, 2, ...),
each through the engine, the scorer and the Markdown report, the way a long ``gameday batch
--jobs 1`` or a facilitator's day of exercises would, and prints the resident memory (current
and peak) at the start, the middle and the end. The target is flat: memory held by one run is
released before the next.

    .venv/bin/python -m bench.soak --runs 10000
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.export import render  # noqa: E402
from reports.scored import score_run  # noqa: E402
from reports.viewmodel import build_report  # noqa: E402
from simulator.engine import Exercise  # noqa: E402
from simulator.loading import load_bundle  # noqa: E402

SCENARIOS = ROOT / "scenarios"


def rss_mib() -> float:
    """The current resident memory of this process, in MiB (from /proc; peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mib() -> float:
    """The peak resident memory of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(runs: int, report_every: int) -> None:
    """Run ``runs`` exercises; print memory at the start, middle and end."""
    bundles = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        bundle, _problems = load_bundle(path)
        if bundle is not None:
            bundles.append(bundle)
    gc.collect()
    marks = {0: "start", runs // 2: "middle", runs: "end"}
    started = time.perf_counter()
    print(f"{'point':<8}{'runs':>7}{'rss MiB':>9}{'peak MiB':>10}{'s':>8}")
    for n in range(runs + 1):
        if n in marks:
            gc.collect()
            print(
                f"{marks[n]:<8}{n:>7}{rss_mib():>9.1f}{peak_mib():>10.1f}"
                f"{time.perf_counter() - started:>8.0f}",
                flush=True,
            )
        if n == runs:
            break
        bundle = bundles[n % len(bundles)]
        exercise = Exercise(bundle, seed=n + 1, wall_clock=lambda: "")
        exercise.run_to_end()
        records = list(exercise.records)
        if report_every and n % report_every == 0:  # the report path too, now and then
            scored = score_run(records, bundle)
            render("md", scored.scorecard, build_report(scored))


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument(
        "--report-every", type=int, default=10, help="score and render a report every N runs"
    )
    return parser.parse_args()


if __name__ == "__main__":
    options = _parse()
    run(options.runs, options.report_every)
