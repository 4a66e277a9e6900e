"""The dry-run pane: the simulated team plays the scenario N times in the background.

Start loads the text in the editor as a bundle (unsaved edits included) and plays
:func:`gui.authoring.dry_runs.play_many` on a worker thread; a timer brings the progress to the
bar while it runs and stops when it is done. Cancel stops after the replication under way; the
result then covers the runs that finished. The result: a verdict (unsolvable, maybe too easy,
dead ends), the resolution rate, the spread of time to resolve (a histogram), the mitigations
tried, and the injects, clues and objectives no run reached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.authoring.dry_runs import (
    DEFAULT_RUNS,
    DryRunSummary,
    RunResult,
    describe,
    play_many,
    summarise,
    verdict,
)
from simulator.bundle import Bundle

#: Milliseconds between looks at the worker while it plays.
POLL_MS = 50


class _Job:
    """One dry run on a worker thread: what it has played so far, and the cancel flag."""

    def __init__(self, path: Path, text: str, runs: int) -> None:
        self.path, self.text, self.runs = path, text, runs
        self.results: list[RunResult] = []
        self.bundle: Bundle | None = None
        self.error = ""
        self.cancelled = threading.Event()
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="dry-run", daemon=True)

    def _run(self) -> None:
        from simulator.loading import load_bundle
        from simulator.problems import Level

        try:
            bundle, problems = load_bundle(self.path, data=self.text.encode("utf-8"))
            if bundle is None:
                errors = [p for p in problems if p.level is Level.ERROR]
                self.error = (
                    f"The scenario has {len(errors)} error{'s' if len(errors) != 1 else ''}: "
                    "fix them (see Problems) and start the dry run again."
                )
                return
            self.bundle = bundle
            play_many(bundle, self.runs, self._progress)
        except Exception as exc:  # a broken run is reported, never a crash of the app
            self.error = f"The dry run stopped: {exc}"
        finally:
            self.done.set()

    def _progress(self, result: RunResult) -> bool:
        with self.lock:
            self.results.append(result)
        return not self.cancelled.is_set()


class DryRunPane(QWidget):
    """Runs, progress, cancel and what the runs say about the scenario."""

    #: The dry run finished (or was cancelled) and its summary is shown.
    finished = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dryRunPane")
        #: What Start plays: the path and the text in the editor (unsaved edits included).
        self.source: Callable[[], tuple[Path, str]] | None = None
        self.job: _Job | None = None
        self.summary: DryRunSummary | None = None
        self.runs = QSpinBox()
        self.runs.setObjectName("dryRunCount")
        self.runs.setRange(1, 1000)
        self.runs.setValue(DEFAULT_RUNS)
        self.runs.setSuffix(" runs")
        self.start_button = QPushButton("Start dry run")
        self.start_button.setObjectName("dryRunStart")
        self.start_button.setToolTip(
            "The fully simulated team plays the scenario as written (unsaved edits included)"
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("dryRunCancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("dryRunProgress")
        self.progress.setFormat("%v of %m runs")
        self.progress.setValue(0)
        self.verdict = QLabel("The simulated team plays the scenario; see how it goes.")
        self.verdict.setObjectName("dryRunVerdict")
        self.verdict.setWordWrap(True)
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        self.details = QLabel("")
        self.details.setObjectName("dryRunDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figure = Figure(figsize=(5.0, 2.0), dpi=90)
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setMinimumHeight(160)
        self.canvas.hide()
        top = QHBoxLayout()
        top.addWidget(self.runs)
        top.addWidget(self.start_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        layout.addWidget(self.canvas, 1)
        layout.addStretch(0)
        self._timer = QTimer(self)
        self._timer.setObjectName("dryRunPoll")
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        """True while a dry run plays."""
        return self.job is not None

    def start(self) -> None:
        """Play the scenario N times on a worker thread."""
        if self.job is not None or self.source is None:
            return
        path, text = self.source()
        self.summary = None
        self.job = _Job(path, text, self.runs.value())
        self.progress.setRange(0, self.job.runs)
        self.progress.setValue(0)
        self.verdict.setText("Playing…")
        self.details.setText("")
        self.canvas.hide()
        self.start_button.setEnabled(False)
        self.runs.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.job.thread.start()
        self._timer.start()

    def cancel(self) -> None:
        """Stop after the replication under way (the runs that finished are summarised)."""
        if self.job is not None:
            self.job.cancelled.set()
            self.cancel_button.setEnabled(False)
            self.verdict.setText("Cancelling…")

    def _poll(self) -> None:
        job = self.job
        if job is None:
            self._timer.stop()
            return
        with job.lock:
            results = list(job.results)
        self.progress.setValue(len(results))
        if not job.done.is_set():
            return
        self._timer.stop()
        job.thread.join()
        self.job = None
        self.start_button.setEnabled(True)
        self.runs.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if job.error:
            self.verdict.setText(job.error)
            return
        assert job.bundle is not None
        self.summary = summarise(job.bundle, results)
        cancelled = job.cancelled.is_set() and len(results) < job.runs
        prefix = f"Cancelled after {len(results)} of {job.runs} runs. " if cancelled else ""
        self.verdict.setText(prefix + verdict(self.summary))
        self.details.setText("\n".join(describe(self.summary)))
        self._draw(self.summary)
        self.finished.emit(self.summary)

    def _draw(self, summary: DryRunSummary) -> None:
        self.figure.clear()
        if not summary.resolve_times:
            self.canvas.hide()
            return
        ax = self.figure.add_subplot(1, 1, 1)
        minutes = [t / 60.0 for t in summary.resolve_times]
        ax.hist(minutes, bins=min(20, max(5, len(minutes) // 3)), color="#1f6feb")
        ax.set_title("Time to resolve (minutes since start)", fontsize=8, loc="left")
        ax.set_ylabel("runs", fontsize=7)
        ax.tick_params(labelsize=7)
        self.figure.subplots_adjust(left=0.1, right=0.98, bottom=0.18, top=0.85)
        self.canvas.show()
        cast(Any, self.canvas).draw_idle()

    def stop(self) -> None:
        """Cancel a dry run and wait for its thread (the view closes)."""
        if self.job is not None:
            self.job.cancelled.set()
            self.job.thread.join()
            self.job = None
        self._timer.stop()
