"""Engine throughput: the heaviest bundled scenario fully simulated vs a raw SimPy loop.

Prints figures, asserts nothing. "Events" are SimPy events processed (``Environment.step``
calls); the raw loop is one process yielding that many timeouts. Times are CPU time of this
process, so other load on the machine does not skew the ratio. The last line is
``engine/raw ratio: X`` (events per second of the engine over those of the raw loop).

    .venv/bin/python bench/engine.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Generator
from pathlib import Path

import simpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.bundle import Bundle  # noqa: E402
from simulator.engine import Exercise  # noqa: E402
from simulator.loading import load_bundle  # noqa: E402


def counted_run(bundle: Bundle, seed: int) -> tuple[int, int]:
    """Run one exercise to the end; (SimPy events processed, journal records)."""
    exercise = Exercise(bundle, seed=seed, wall_clock=str)
    env = exercise.env
    original = env.step
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        original()

    env.step = step  # type: ignore[method-assign]
    exercise.run_to_end()
    return count, len(exercise.records)


def heaviest() -> tuple[Path, Bundle]:
    """The bundled scenario whose seed-1 run processes the most events."""
    best: tuple[int, Path, Bundle] | None = None
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        bundle, _problems = load_bundle(path)
        if bundle is None:
            continue
        events, _records = counted_run(bundle, 1)
        if best is None or events > best[0]:
            best = (events, path, bundle)
    if best is None:
        raise SystemExit("no bundled scenario loads")
    return best[1], best[2]


def raw_loop(events: int) -> float:
    """Seconds a bare SimPy process takes to yield ``events`` timeouts."""
    env = simpy.Environment()

    def process() -> Generator[simpy.Event, None, None]:
        for _ in range(events):
            yield env.timeout(1.0)

    env.process(process())
    start = time.process_time()
    env.run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    path, bundle = heaviest()
    print(f"scenario: {path.relative_to(ROOT)} (team {bundle.team.id})")
    events = records = 0
    start = time.process_time()
    for seed in range(args.runs):
        e, r = counted_run(bundle, seed)
        events += e
        records += r
    engine_s = time.process_time() - start
    raw_s = raw_loop(events)
    engine_rate = events / engine_s
    raw_rate = events / raw_s
    print(f"runs: {args.runs}")
    print(f"events: {events} ({events / args.runs:.0f} per run), journal records: {records}")
    per_run = engine_s / args.runs * 1000
    print(f"engine: {engine_s:.3f} s, {engine_rate:,.0f} events/s, {per_run:.2f} ms/run")
    print(f"raw SimPy loop: {raw_s:.3f} s, {raw_rate:,.0f} events/s")
    print(f"engine/raw ratio: {engine_rate / raw_rate:.3f}")


if __name__ == "__main__":
    main()
