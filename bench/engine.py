"""Engine throughput: the heaviest bundled scenario fully simulated vs a raw SimPy loop.

Prints figures, asserts nothing. "Events" are SimPy events processed (``Environment.step``
calls); the raw loop is one process yielding that many timeouts. Times are CPU time of this
process, so other load on the machine does not skew the ratio, and the loops take turns in ten
slices, so that a burst of load on a shared core does not fall on one of them only. The last
line is ``engine/raw ratio: X`` (events per second of the engine over those of the raw loop).

Before it comes ``floor/raw ratio: X``: the same event count through a *floor* loop that does
the least any engine writing a journal does per event - one lognormal draw per event (every
simulated duration is one) and one ``sample`` record every other event (the engine writes
about one record per two events), nothing else: no world, no state, no validation, no
responders. It is the ceiling a pure-Python engine that journals can reach on this machine, so
it shows how far ``engine/raw`` is from what is possible at all. The floor itself sits at
about 0.25-0.3: an engine that also moves a world, folds the incident state, validates actions
and simulates people cannot reach it in pure Python; only skipping that work or leaving pure
Python (compiled extensions) could. The ratios are figures, not targets: what users wait for
is the per-run CPU time (printed first), which decides how long a batch takes per core.

    .venv/bin/python bench/engine.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Generator
from pathlib import Path

import simpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.agents.calibration import lognormal  # noqa: E402
from simulator.bundle import Bundle  # noqa: E402
from simulator.engine.exercise import Exercise, _new_record  # noqa: E402
from simulator.journal import Record  # noqa: E402
from simulator.loading import load_bundle  # noqa: E402

#: Slices the runs are measured in, each followed by the raw and the floor loop of its events.
SLICES = 10


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


def floor_loop(events: int) -> float:
    """Seconds the floor loop takes for ``events`` timeouts (see the module docstring): each
    waits a lognormal draw, and every other one is followed by a ``sample`` record."""
    env = simpy.Environment()
    rng = random.Random(1)
    records: list[Record] = []

    def process() -> Generator[simpy.Event, None, None]:
        for i in range(events):
            yield env.timeout(lognormal(rng, 60.0))
            if i % 2:
                payload = {"users": i, "metrics": {"api.errors": 1.0}}
                records.append(
                    _new_record(len(records), round(env.now, 3), "sample", "world", payload, "")
                )

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
    # The three loops take turns in slices, so that load from other work on a shared machine
    # falls on all of them alike instead of on whichever ran during a burst.
    events = records = 0
    engine_s = raw_s = floor_s = 0.0
    slices = min(SLICES, args.runs)
    for part in range(slices):
        slice_events = 0
        start = time.process_time()
        for seed in range(part * args.runs // slices, (part + 1) * args.runs // slices):
            e, r = counted_run(bundle, seed)
            slice_events += e
            records += r
        engine_s += time.process_time() - start
        events += slice_events
        raw_s += raw_loop(slice_events)
        floor_s += floor_loop(slice_events)
    engine_rate = events / engine_s
    raw_rate = events / raw_s
    floor_rate = events / floor_s
    per_run = engine_s / args.runs * 1000
    print(f"per-run CPU time: {per_run:.2f} ms (what a batch replication costs a core)")
    print(f"runs: {args.runs}")
    print(f"events: {events} ({events / args.runs:.0f} per run), journal records: {records}")
    print(f"engine: {engine_s:.3f} s, {engine_rate:,.0f} events/s, {per_run:.2f} ms/run")
    print(f"raw SimPy loop: {raw_s:.3f} s, {raw_rate:,.0f} events/s")
    print(f"floor loop (lognormal per event, a record every other): {floor_s:.3f} s")
    print(f"floor/raw ratio: {floor_rate / raw_rate:.3f}")
    print(f"engine/raw ratio: {engine_rate / raw_rate:.3f}")


if __name__ == "__main__":
    main()
