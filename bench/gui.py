"""GUI benchmarks: cold start to a usable library window, and event-loop latency at 60x.

Run offscreen (``make bench`` does)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py [--seconds 15] [--starts 3]

* **Cold start**: wall time from spawning ``python`` to the main window being shown with the
  library listing its first scenario (fresh process each time; target <= 1.5 s).
* **Event-loop latency**: while payments-bad-deploy plays at 60x with every live chart
  updating and the facilitator console open (a fully simulated team, then an idle human IC),
  a 20 ms probe timer measures how late each tick is (p50 / p95 / p99 / max; target: no
  stall over 50 ms, i.e. max <= 50 ms).
* **As fast as possible**: how long the whole 2-hour scenario takes, and the longest stall.
* **Debrief**: how long building the debrief (scoring, report, charts) takes.
* **Scenario editor**: keystroke-to-paint latency while typing in a 5,000-inject scenario
  (``bench/authoring.py``; target p95 <= 50 ms; ``--authoring-only`` runs just this).

Prints figures; asserts nothing (speed is not a test).
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
sys.path.insert(0, str(ROOT))

CHILD = """
import time, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QStandardPaths
QStandardPaths.setTestModeEnabled(True)
from gui.app import application
app = application()
from gui.main_window import MainWindow
window = MainWindow(QSettings({settings!r}, QSettings.Format.IniFormat))
window.resize(1366, 768)
window.show()
while window.library.proxy.rowCount() == 0:
    app.processEvents()
app.processEvents()
print("ready", flush=True)
window.library.loaded.connect(app.quit) if window.library.busy else None
if window.library.busy:
    app.exec()
"""


def cold_start(runs: int) -> list[float]:
    """Seconds from spawning the interpreter to a usable library window, ``runs`` times."""
    times = []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as temp:
        script = CHILD.format(root=str(ROOT), settings=str(Path(temp) / "settings.ini"))
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-c", script],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            elapsed = time.perf_counter() - start
            proc.wait(timeout=60)
            if line.strip() != "ready":
                raise SystemExit("bench/gui.py: the app did not start")
            times.append(elapsed)
    return times


def latency(
    speed: float, seconds: float, watch: bool = True, one_shot: bool = False
) -> tuple[list[float], int, float]:
    """Probe-timer lateness (ms) while the exercise plays at ``speed``.

    ``watch``: a fully simulated team plays; otherwise the human IC seat stays idle, so the
    exercise runs to its time limit. ``one_shot``: the charts draw a grown figure all at once,
    as they did before gui/chart_drawing.py (the comparison in the same run). Returns the
    latencies, the number of chart updates and the sim time covered; probes stop when the
    exercise ends (the debrief is timed apart).
    """
    from PySide6.QtCore import QElapsedTimer, QSettings, QStandardPaths, QTimer

    import gui.chart_drawing

    stepped_start = gui.chart_drawing.SteppedDraw.start

    def draw_at_once(self: gui.chart_drawing.SteppedDraw) -> None:
        self._canvas.draw()  # its draw_event caches the background and blits the lines

    gui.chart_drawing.SteppedDraw.start = draw_at_once if one_shot else stepped_start  # type: ignore[method-assign]

    QStandardPaths.setTestModeEnabled(True)
    from gui.app import application

    app = application()
    import gui.session
    from gui.main_window import MainWindow
    from gui.start_dialog import Mode, StartOptions
    from scenarios import DEFAULT_SCENARIO

    temp = Path(tempfile.mkdtemp(prefix="gameday-bench-"))
    gui.session.runs_root = lambda: temp / "runs"
    window = MainWindow(QSettings(str(temp / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    while window.library.busy:
        app.processEvents()
    mode = Mode.WATCH if watch else Mode.PLAY
    window.start(DEFAULT_SCENARIO, StartOptions(None, mode, speed, 1))
    session = window.session
    view = window.exercise_view
    assert session is not None and view is not None
    if window.facilitator is not None and not window.facilitator.isVisible():
        window.toggle_facilitator()  # every chart and the facilitator console open
    # measure the steady state: let the new view paint once before the clock runs
    session.clock.pause()
    for _ in range(5):
        app.processEvents()
    session.clock.play()
    samples: list[float] = []
    interval = 20
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def probe() -> None:
        if session.exercise.finished:
            app.exit(0)  # not quit(): that closes the window, which asks first
            return
        now = clock.nsecsElapsed()
        samples.append(max(0.0, (now - last[0]) / 1e6 - interval))
        last[0] = now
        if clock.elapsed() >= seconds * 1000:
            app.exit(0)  # not quit(): that closes the window, which asks first

    timer = QTimer()
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.setInterval(interval)
    timer.timeout.connect(probe)
    timer.start()
    app.exec()
    timer.stop()
    redraws, covered = view.charts.redraws, session.exercise.now
    full_draws[0] = view.charts.full_draws
    if not session.exercise.finished:
        session.clock.pause()
        session.bridge.stop()
    from gui.debrief import Debrief

    started = time.perf_counter()
    debrief = Debrief(session)
    debrief_seconds[0] = time.perf_counter() - started
    debrief.deleteLater()
    finished_after[0] = clock.elapsed() / 1000
    window.close_session()
    window.close()
    gui.chart_drawing.SteppedDraw.start = stepped_start  # type: ignore[method-assign]
    return samples, redraws, covered


debrief_seconds = [0.0]
full_draws = [0]
finished_after = [0.0]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="bench/gui.py")
    parser.add_argument("--seconds", type=float, default=15.0, help="wall seconds per run")
    parser.add_argument("--starts", type=int, default=3, help="cold starts to time")
    parser.add_argument(
        "--authoring-only", action="store_true", help="only the scenario editor's typing bench"
    )
    args = parser.parse_args()
    from bench.authoring import describe, keystroke_latency

    if args.authoring_only:
        print(describe(keystroke_latency(5000, 300), 5000))
        return 0
    starts = cold_start(args.starts)
    print(
        f"cold start to a usable library window: median {statistics.median(starts):.2f} s, "
        f"min {min(starts):.2f} s, max {max(starts):.2f} s over {len(starts)} runs "
        "(target <= 1.5 s)"
    )
    runs = (
        (60.0, True, False, "60x, simulated team"),
        (60.0, True, True, "60x, simulated team, full draws at once (before)"),
        (60.0, False, False, "60x, idle human IC"),
    )
    for speed, watch, one_shot, label in runs:
        values, redraws, covered = latency(speed, args.seconds, watch, one_shot)
        print(
            f"event-loop latency at {label}: p50 {_pct(values, 0.5):.1f} ms, "
            f"p95 {_pct(values, 0.95):.1f} ms, p99 {_pct(values, 0.99):.1f} ms, "
            f"max stall {max(values):.1f} ms ({len(values)} probes, {redraws} chart updates, "
            f"{full_draws[0]} of them full draws, {covered / 60:.0f} sim minutes)"
            + (" (target: max stall <= 50 ms)" if speed == 60.0 else "")
        )
    values, _redraws, covered = latency(0.0, 60.0, False)
    print(
        f"as fast as possible, idle human IC: {covered / 60:.0f} sim minutes in "
        f"{finished_after[0]:.2f} s wall, longest event-loop stall "
        f"{max(values, default=0.0):.1f} ms"
    )
    print(f"debrief (scoring, report charts) builds in {debrief_seconds[0]:.2f} s")
    print(describe(keystroke_latency(5000, 300), 5000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
