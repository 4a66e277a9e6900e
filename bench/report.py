"""Report speed: ``gameday report --format html | md | pdf | json | all four``, one process each.

A run of the default scenario is written once; then each format is reported in a fresh
process, the formats and a ``python -c pass`` baseline taking turns ``--rounds`` times so a
burst of load on a shared machine does not fall on one of them only. Prints the median wall
time of each (and minus the baseline: what the report itself costs); asserts nothing.
Targets (issue 15) on this machine: HTML <= 0.7 s, PDF <= 1.2 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/report.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("html", "md", "pdf", "json", "html,md,pdf,json")
TARGETS = {"html": 0.7, "pdf": 1.2}


def timed(command: list[str]) -> float:
    """Wall seconds of one process (it must succeed)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench/report.py: {' '.join(command)} failed:\n{done.stderr}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    gameday = [sys.executable, str(ROOT / "main.py")]
    times: dict[str, list[float]] = {"python -c pass": [], **{f: [] for f in FORMATS}}
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="gameday-report-") as name:
        run = Path(name) / "run"
        scenario = ROOT / "scenarios" / "payments-bad-deploy.yaml"
        timed([*gameday, "run", str(scenario), "--out", str(run), "--no-history"])
        for _ in range(args.rounds):
            times["python -c pass"].append(timed([sys.executable, "-c", "pass"]))
            for fmt in FORMATS:
                out = Path(name) / fmt.replace(",", "-")
                command = [*gameday, "report", str(run), "--format", fmt, "--out", str(out)]
                times[fmt].append(timed(command))
    base = statistics.median(times["python -c pass"])
    for label, values in times.items():
        median = statistics.median(values)
        extra = "" if label == "python -c pass" else f", {median - base:.2f} s over the baseline"
        target = f" (target <= {TARGETS[label]} s)" if label in TARGETS else ""
        print(
            f"{label}: median {median:.2f} s, min {min(values):.2f} s over {len(values)} "
            f"runs{extra}{target}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
