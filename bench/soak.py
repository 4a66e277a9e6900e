"""Soak: thousands of exercises in one process, memory printed at start, middle and end.

Runs the bundled scenarios fully simulated one after another in this process (seeds 1, 2, ...),
each through the engine, the scorer and the Markdown report, the way a long ``gameday batch
--jobs 1`` or a facilitator's day of exercises would, and prints the resident memory (current
and peak) at the start, the middle and the end. The target is flat: memory held by one run is
released before the next.

Its second half (``--gui-hours``) plays one long exercise in the real main window at full
speed ("as fast as possible"), offscreen: a copy of payments-bad-deploy with its time limit
raised to 12 hours, the human IC seat idle so the run lasts to the limit, every live chart
updating, memory printed at the start, the middle (6 sim hours) and the end.

    .venv/bin/python -m bench.soak --runs 10000
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.soak --runs 0 --gui-hours 12
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import resource
import shutil
import sys
import tempfile
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


def long_scenario(folder: Path, hours: int) -> Path:
    """A copy of the bundled scenarios in ``folder`` whose payments-bad-deploy lasts ``hours``.

    The whole folder is copied so the scenario's team and runbooks resolve beside it.
    """
    copy = folder / "scenarios"
    shutil.copytree(SCENARIOS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / "payments-bad-deploy.yaml"
    text, count = re.subn(
        r"^(\s*time_limit:\s*)\S+", rf"\g<1>{hours}h", path.read_text(), count=1, flags=re.M
    )
    if count != 1:
        raise SystemExit(f"bench/soak.py: no time_limit in {path}")
    path.write_text(text)
    return path


def gui_soak(hours: int) -> None:
    """Play ``hours`` sim hours in the main window as fast as possible; print memory."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from gui.app import application

    app = application()
    import gui.session
    from gui.main_window import MainWindow
    from gui.start_dialog import Mode, StartOptions

    temp = Path(tempfile.mkdtemp(prefix="gameday-soak-"))
    gui.session.runs_root = lambda: temp / "runs"
    scenario = long_scenario(temp, hours)
    window = MainWindow(QSettings(str(temp / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    while window.library.busy:
        app.processEvents()
    if not window.start(scenario, StartOptions(None, Mode.PLAY, 0.0, 1)):
        raise SystemExit("bench/soak.py: the long exercise did not start")
    session = window.session
    assert session is not None
    limit = hours * 3600.0
    marks = [(0.0, "start"), (limit / 2, "middle"), (limit, "end")]
    started = time.perf_counter()
    print(f"GUI, {hours} sim hours as fast as possible (idle human IC), offscreen")
    print(f"{'point':<8}{'sim h':>7}{'records':>9}{'rss MiB':>9}{'peak MiB':>10}{'s':>8}")

    def line(label: str) -> None:
        print(
            f"{label:<8}{session.exercise.now / 3600:>7.1f}{len(session.exercise.records):>9}"
            f"{rss_mib():>9.1f}{peak_mib():>10.1f}{time.perf_counter() - started:>8.1f}",
            flush=True,
        )

    def ticked(now: float) -> None:
        while marks and (now >= marks[0][0] or session.exercise.finished):
            gc.collect()
            line(marks.pop(0)[1])
        if session.exercise.finished:
            app.exit(0)  # not quit(): that closes the window, which asks first

    line("before")
    session.clock.ticked.connect(ticked)
    session.clock.play()  # a fresh exercise waits for its Play button
    app.exec()
    gc.collect()
    line("debrief")  # the window has built the debrief (scoring, report, charts) by now
    window.close_session()
    window.close()
    shutil.rmtree(temp, ignore_errors=True)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument(
        "--report-every", type=int, default=10, help="score and render a report every N runs"
    )
    parser.add_argument(
        "--gui-hours",
        type=int,
        default=12,
        help="sim hours of the GUI soak (1-72; 0 skips it)",
    )
    return parser.parse_args()


if __name__ == "__main__":
    options = _parse()
    if options.runs:
        run(options.runs, options.report_every)
    if options.gui_hours:
        gui_soak(min(options.gui_hours, 72))
