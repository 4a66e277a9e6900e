"""History benchmark: 10,000 indexed exercises; History opens and filters, Trends draws.

Run offscreen (``make bench`` does)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history.py [--exercises 10000]

A few real runs (played, watched and tabletop-free; two scenarios) are summarised as the app
and the CLI do (:func:`reports.history.summarise`), then copied into an index of the size
asked with their dates spread over two years, ten trainees and two teams, so the index holds
realistic rows (phases, 30 objectives, families, action items each).

* **History opens**: opening the index and building the History view until it lists every
  exercise (target <= 200 ms).
* **History filters**: typing a search, picking a trainee, a scenario, a date range (each
  until the list is refilled; target <= 200 ms).
* **Trends draws**: building the Trends view (trends computed, every chart drawn on its
  canvas, action items listed), and redrawing it for a filter (target <= 1 s).

Prints figures; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _entries(n: int, work: Path) -> list:  # type: ignore[type-arg]
    from reports.history import summarise
    from simulator.engine.runner import run_to_dir
    from simulator.loading import load_bundle

    seeds = []
    for name in ("payments-bad-deploy", "orders-db-primary-failover"):
        bundle, _ = load_bundle(ROOT / "scenarios" / f"{name}.yaml")
        assert bundle is not None
        for seed in (1, 2, 3):
            out = work / f"{name}-{seed}"
            run_to_dir(bundle, seed, out)
            seeds.append(summarise(out / "journal.jsonl"))
    rng = random.Random(14)
    trainees = [f"Trainee {i}" for i in range(10)] + [""]
    out = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        day = rng.randrange(0, 730)
        year, rest = 2025 + day // 365, day % 365
        hour = rng.randrange(8, 18)
        started = f"{year}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}T{hour:02d}:00:00+00:00"
        journal = str(work / "copies" / f"run{i:05d}" / "journal.jsonl")
        score = None if base.score is None else max(0.0, min(100.0, base.score + rng.gauss(0, 12)))
        phases = {
            k: (None if v is None else v * rng.uniform(0.5, 2.0)) for k, v in base.phases.items()
        }
        out.append(
            replace(
                base,
                journal=journal,
                started=started,
                trainee=rng.choice(trainees),
                mode="play",
                team_id=rng.choice(("acme-platform", "startup")),
                team_name=rng.choice(("Acme Platform", "Startup crew")),
                score=score,
                phases=phases,
                action_items=tuple(a._replace(journal=journal) for a in base.action_items),
            )
        )
    return out


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _cpu(start: float) -> float:
    """CPU milliseconds of this process since ``start`` (the machine may be shared: wall time
    then includes waiting for a core)."""
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["GAMEDAY_DATA_DIR"] = str(work / "data")
        from simulator.history import HistoryStore
        from simulator.history.paths import index_path

        t0 = time.perf_counter()
        entries = _entries(args.exercises, work)
        store = HistoryStore(index_path())
        store.put_many(entries)
        store.close()
        size = index_path().stat().st_size / 1e6
        print(
            f"index of {args.exercises:,} exercises written in {_ms(t0) / 1000:.1f} s "
            f"({size:.1f} MB)"
        )

        from PySide6.QtWidgets import QApplication

        from gui.app import application
        from gui.history import HistoryView
        from gui.trends import TrendsView

        app = application()
        opens, cpus = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            store = HistoryStore(index_path())
            view = HistoryView(store)
            view.resize(1280, 720)
            view.show()
            QApplication.processEvents()
            opens.append(_ms(t))
            cpus.append(_cpu(c))
            listed = view.model.rowCount()
            view.close()
            view.deleteLater()
        print(
            f"History opens ({listed:,} listed): median {statistics.median(opens):.0f} ms, "
            f"max {max(opens):.0f} ms wall; median {statistics.median(cpus):.0f} ms CPU "
            "(target <= 200 ms)"
        )
        view = HistoryView(store)
        view.resize(1280, 720)
        view.show()
        QApplication.processEvents()
        steps = [
            ("search 'checkout'", lambda: view.search.setText("checkout")),
            ("trainee", lambda: view.trainee.setCurrentIndex(3)),
            ("search cleared", lambda: view.search.setText("")),
            ("scenario", lambda: view.scenario.setCurrentIndex(1)),
            ("date range", lambda: view.date_from.setText("2025-06-01")),
            (
                "all again",
                lambda: (
                    view.scenario.setCurrentIndex(0),
                    view.trainee.setCurrentIndex(0),
                    view.date_from.setText(""),
                ),
            ),
        ]
        for name, act in steps:
            t, c = time.perf_counter(), time.process_time()
            act()
            QApplication.processEvents()
            print(
                f"  filter {name:<16} {_ms(t):6.0f} ms wall, {_cpu(c):4.0f} ms CPU "
                f"({len(view.model.shown_rows()):,} shown)"
            )
        t, c = time.perf_counter(), time.process_time()
        trends = TrendsView(store)
        trends.resize(1280, 760)
        trends.show()
        QApplication.processEvents()
        print(
            f"Trends shown (the charts on screen painted): {_ms(t):.0f} ms wall, "
            f"{_cpu(c):.0f} ms CPU for {trends.trends.runs:,} exercises, "
            f"{len(trends.items):,} action items (target <= 1000 ms)"
        )
        for canvas in trends.canvases.values():
            canvas.draw()
        print(f"  ... and all five charts drawn: {_ms(t):.0f} ms wall, {_cpu(c):.0f} ms CPU")
        t, c = time.perf_counter(), time.process_time()
        trends.trainee.setCurrentIndex(1)
        for canvas in trends.canvases.values():
            canvas.draw()
        QApplication.processEvents()
        print(
            f"Trends redrawn for one trainee ({trends.trends.runs:,} exercises, all five "
            f"charts): {_ms(t):.0f} ms wall, {_cpu(c):.0f} ms CPU"
        )
        trends.close()
        view.close()
        app.processEvents()


if __name__ == "__main__":
    main()
