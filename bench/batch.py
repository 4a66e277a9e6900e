"""Batch throughput: 1,000 replications of a bundled SEV-1 scenario with 1 and 2 processes.

Prints figures, asserts nothing. Targets: <= 10 ms per replication per core and a speed-up
of >= 1.7 with two processes on two cores. The last line is ``speed-up jobs=2/jobs=1: X``.

    .venv/bin/python bench/batch.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.bundle import Bundle  # noqa: E402
from simulator.engine.batch import Group, run_batch  # noqa: E402
from simulator.loading import load_bundle  # noqa: E402
from simulator.model import Severity  # noqa: E402


def sev1_bundle() -> tuple[Path, Bundle]:
    """The first bundled scenario whose true severity is SEV-1."""
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        bundle, _problems = load_bundle(path)
        if bundle is not None and bundle.scenario.truth.severity is Severity.SEV1:
            return path, bundle
    raise SystemExit("no bundled SEV-1 scenario loads")


def timed(bundle: Bundle, runs: int, jobs: int) -> tuple[float, float]:
    """(wall seconds, share unresolved) of a batch of ``runs`` with ``jobs`` processes."""
    start = time.perf_counter()
    doc = run_batch([Group("bench", bundle)], runs, base_seed=1, jobs=jobs)
    return time.perf_counter() - start, float(doc["groups"][0]["unresolved_share"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    path, bundle = sev1_bundle()
    print(f"scenario: {path.relative_to(ROOT)} (team {bundle.team.id}), cores: {os.cpu_count()}")
    one, unresolved = timed(bundle, args.runs, 1)
    print(f"jobs=1: {args.runs} replications in {one:.2f} s, {one / args.runs * 1000:.2f} ms each")
    two, _ = timed(bundle, args.runs, 2)
    per_core = two * 2 / args.runs * 1000
    print(
        f"jobs=2: {args.runs} replications in {two:.2f} s, {two / args.runs * 1000:.2f} ms each "
        f"({per_core:.2f} ms per replication per core)"
    )
    print(f"unresolved at the time limit: {unresolved:.1%}")
    print(f"speed-up jobs=2/jobs=1: {one / two:.2f}")


if __name__ == "__main__":
    main()
