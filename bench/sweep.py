"""A whole what-if sweep end to end through the CLI: --jobs 1, --jobs 2 and --cluster local:2.

Every bundled scenario (10) x 2 teams x (1 + 2 variants) x ``--runs`` runs (200) is one
``gameday batch scenarios/ --team acme-platform --team startup --variant ...`` command, run in
a fresh process per configuration, the configurations taking turns (``--rounds`` times) so a
burst of load on a shared machine does not fall on one of them only. Prints figures; asserts
nothing. Targets (issue 15): the share of ``--jobs 1``'s wall time spent outside simulation
<= 10%, ``speed-up jobs=2/jobs=1`` >= 1.7 on free cores, the cluster within 15% of
``--jobs 2``.

How the share is measured: the ``--jobs 1`` process times every replication
(``simulator.engine.batch.run_one``, wrapped) and the rest of its wall time - starting
Python, imports, loading and building the groups, the bootstrap comparisons, writing
batch.json and batch.csv, printing - is "outside simulation". For the parallel runs the
figure is the wall time not covered by the ``--jobs 1`` simulation time spread over two
workers: ``1 - sim / (2 x wall)``.

    .venv/bin/python bench/sweep.py [--runs 200] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAMS = ("acme-platform", "startup")
VARIANTS = ("no-runbooks=remove-runbooks", "slow-pages=escalation-timeout:1=15m")

#: The --jobs 1 child: the CLI with every replication timed.
TIMED_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
import simulator.engine.batch as batch
real, spent = batch.run_one, [0.0]
def run_one(bundle, seed):
    start = time.perf_counter()
    row = real(bundle, seed)
    spent[0] += time.perf_counter() - start
    return row
batch.run_one = run_one
import main
code = main.main({argv!r})
with open({report!r}, "w") as handle:
    json.dump({{"code": code, "simulation": spent[0]}}, handle)
"""


def batch_argv(runs: int, out: Path, where: list[str]) -> list[str]:
    """The ``gameday batch`` arguments of the sweep."""
    argv = ["batch", str(ROOT / "scenarios"), "--runs", str(runs), "--out", str(out), *where]
    for team in TEAMS:
        argv += ["--team", team]
    for variant in VARIANTS:
        argv += ["--variant", variant]
    return argv


def run(argv: list[str], timed: bool, temp: Path) -> tuple[float, float]:
    """(wall seconds, simulation seconds or 0) of one ``gameday batch`` process."""
    report = temp / "timing.json"
    if timed:
        command = [
            sys.executable,
            "-c",
            TIMED_CHILD.format(root=str(ROOT), argv=argv, report=str(report)),
        ]
    else:
        command = [sys.executable, str(ROOT / "main.py"), *argv]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    timing = json.loads(report.read_text(encoding="utf-8")) if timed else {"code": 0}
    if done.returncode != 0 or timing["code"] != 0:
        raise SystemExit(f"bench/sweep.py: gameday {' '.join(argv)} failed:\n{done.stderr}")
    return wall, float(timing.get("simulation", 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per group")
    parser.add_argument("--rounds", type=int, default=1, help="turns of the three runs")
    args = parser.parse_args()
    scenarios = sorted((ROOT / "scenarios").glob("*.yaml"))
    groups = len(scenarios) * len(TEAMS) * (1 + len(VARIANTS))
    print(
        f"sweep: {len(scenarios)} scenarios x {len(TEAMS)} teams x (1 + {len(VARIANTS)} "
        f"variants) x {args.runs} runs = {groups * args.runs:,} runs; cores: {os.cpu_count()}; "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    walls: dict[str, list[float]] = {"jobs=1": [], "jobs=2": [], "cluster local:2": []}
    simulation: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gameday-sweep-") as name:
        temp = Path(name)
        for _ in range(args.rounds):
            wall, sim = run(batch_argv(args.runs, temp / "j1", ["--jobs", "1"]), True, temp)
            walls["jobs=1"].append(wall)
            simulation.append(sim)
            wall, _ = run(batch_argv(args.runs, temp / "j2", ["--jobs", "2"]), False, temp)
            walls["jobs=2"].append(wall)
            argv = batch_argv(args.runs, temp / "c2", ["--cluster", "local:2"])
            wall, _ = run(argv, False, temp)
            walls["cluster local:2"].append(wall)
        same = all(
            (temp / d / "batch.csv").read_bytes() == (temp / "j1" / "batch.csv").read_bytes()
            for d in ("j2", "c2")
        )
    one = statistics.median(walls["jobs=1"])
    two = statistics.median(walls["jobs=2"])
    cluster = statistics.median(walls["cluster local:2"])
    sim = statistics.median(simulation)
    for label, values in walls.items():
        median = statistics.median(values)
        outside = 1 - sim / median if label == "jobs=1" else 1 - sim / (2 * median)
        share = (
            f"{outside:.1%} outside simulation"
            if outside >= 0
            else "no share outside simulation to tell (the jobs=1 run met more load)"
        )
        print(f"{label}: {median:.2f} s wall (median of {len(values)}), {share}")
    print(f"simulation inside jobs=1: {sim:.2f} s, {sim / (groups * args.runs) * 1000:.2f} ms/run")
    print(f"identical batch.csv from all three: {'yes' if same else 'NO'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"share outside simulation (jobs=1): {1 - sim / one:.1%} (target <= 10%)")
    print(f"cluster/jobs=2 wall: {cluster / two:.2f} (target <= 1.15)")
    print(f"speed-up jobs=2/jobs=1: {one / two:.2f} (target >= 1.7 on free cores)")


if __name__ == "__main__":
    main()
