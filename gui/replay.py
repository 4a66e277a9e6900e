"""Replay a finished exercise: a slider and play controls over the run, the exercise view
showing the state at each moment, rebuilt from the journal; and rewind-and-branch from there.

The state shown is the engine's own: a :class:`~simulator.history.rewind.ReplayCursor` re-runs
the journal's human actions (same seed, same seat) up to the moment, and the ordinary
exercise view reads it (read only: the command panel and the chat are disabled). Moving forward
continues the same engine, so the feeds and charts fill in as they did live; moving back
re-runs from the start. Alt+Right / Alt+Left step to the trainee's next / previous decision.
"Branch from here" starts a new live run from this very moment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from gui.exercise_view import ExerciseView
from gui.past import ReplaySession
from reports.history import LoadedJournal
from simulator.durations import format_clock
from simulator.history.rewind import TOLERANCE, ReplayCursor

#: Milliseconds between play ticks, and the replay speeds (sim seconds per wall second).
TICK_MS = 100
SPEEDS = (10.0, 30.0, 60.0, 120.0, 600.0)


class ReplayView(QWidget):
    """A finished run, replayed.

    Signals:
        branchRequested(float): start a live branch at this sim time.
        backRequested(): back to the history.

    Raises:
        simulator.engine.replay.ReplayError: the run cannot be replayed against its files.
    """

    branchRequested = Signal(float)
    backRequested = Signal()

    def __init__(self, loaded: LoadedJournal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayView")
        if loaded.bundle is None:
            raise ValueError("only a run with its scenario files can be replayed")
        self.loaded = loaded
        self.bundle = loaded.bundle
        records = loaded.records
        self.end_t = max(r.t for r in records)
        probe = ReplayCursor(records, self.bundle)
        #: Sim times of the trainee's decisions (their actions, accepted or rejected).
        self.decision_times = sorted({r.t for r in probe.decisions})
        self.session: ReplaySession | None = None
        self.view: ExerciseView | None = None

        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("replayPlay")
        self.play_button.clicked.connect(self.toggle)
        self.speed = QComboBox()
        self.speed.setObjectName("replaySpeed")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(2)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("replaySlider")
        self.slider.setRange(0, int(self.end_t + 0.999))
        self.slider.setPageStep(60)
        self.slider.setSingleStep(10)
        self.slider.sliderReleased.connect(lambda: self.seek(float(self.slider.value())))
        self.slider.valueChanged.connect(self._slider_moved)
        self.position = QLabel()
        self.position.setObjectName("replayPosition")
        self.position.setStyleSheet("font-family: monospace;")
        self.prev_action = self._action("Previous decision", "Alt+Left", self.previous_decision)
        self.next_action = self._action("Next decision", "Alt+Right", self.next_decision)
        self.prev_button = self._button(self.prev_action, "replayPrevious", "◀ Decision")
        self.next_button = self._button(self.next_action, "replayNext", "Decision ▶")
        self.branch_button = QPushButton("Branch from here…")
        self.branch_button.setObjectName("replayBranch")
        self.branch_button.setToolTip(
            "Start a new live run: the same seed and your decisions up to this moment, "
            "then you play on"
        )
        self.branch_button.clicked.connect(lambda: self.branchRequested.emit(self.now))
        self.back = QPushButton("Back to history")
        self.back.setObjectName("replayBack")
        self.back.clicked.connect(self.backRequested.emit)
        self.decision_label = QLabel()
        self.decision_label.setObjectName("replayDecision")
        self.decision_label.setTextFormat(Qt.TextFormat.PlainText)

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.speed)
        controls.addWidget(self.prev_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.next_button)
        controls.addWidget(self.position)
        controls.addWidget(self.branch_button)
        controls.addWidget(self.back)
        banner = QLabel(
            f"Replay of {self.bundle.scenario.title} (seed {records[0].payload.get('seed')}): "
            "the state at each moment, rebuilt from the journal. Alt+Right / Alt+Left: the "
            "trainee's next / previous decision."
        )
        banner.setObjectName("replayBanner")
        banner.setWordWrap(True)
        banner.setTextFormat(Qt.TextFormat.PlainText)
        banner.setStyleSheet("background: #e3f2fd; color: #0d3c61; padding: 4px;")
        self.holder = QVBoxLayout()
        self.holder.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addLayout(controls)
        layout.addWidget(self.decision_label)
        layout.addLayout(self.holder, 1)
        self.timer = QTimer(self)
        self.timer.setObjectName("replayTimer")
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._restart(0.0)

    def _action(self, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({keys})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction, name: str, label: str) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(name)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        return button

    # ------------------------------------------------------------------ position

    @property
    def now(self) -> float:
        """The sim time shown."""
        return self.session.exercise.now if self.session is not None else 0.0

    def _restart(self, t: float) -> None:
        """Re-run from the start up to ``t`` in a fresh engine and view."""
        old_view, old_session = self.view, self.session
        if old_view is not None:
            old_view.stop()
            self.holder.removeWidget(old_view)
            old_view.deleteLater()
        if old_session is not None:
            old_session.shutdown()
            old_session.deleteLater()
        cursor = ReplayCursor(self.loaded.records, self.bundle)
        cursor.advance_to(t)
        self.session = ReplaySession(self.loaded, cursor, self)
        view = ExerciseView(self.session)
        view.setObjectName("replayExercise")
        view.commands.setEnabled(False)
        view.channel.input.setEnabled(False)
        view.header.play.setVisible(False)
        view.header.step.setVisible(False)
        view.header.speed.setVisible(False)
        self.view = view
        self.holder.addWidget(view, 1)
        self._shown()

    def seek(self, t: float) -> None:
        """Show the state at sim time ``t`` (clamped to the run)."""
        t = min(max(0.0, t), self.end_t)
        if self.session is None or t < self.session.exercise.now - TOLERANCE:
            self._restart(t)
        else:
            self.session.advance_to(t)
            self._shown()

    def _shown(self) -> None:
        now = self.now
        self.slider.blockSignals(True)
        self.slider.setValue(int(now))
        self.slider.blockSignals(False)
        self.position.setText(f"T+{format_clock(now)} / T+{format_clock(self.end_t)}")
        self.prev_button.setEnabled(any(d < now - TOLERANCE for d in self.decision_times))
        self.next_button.setEnabled(any(d > now + TOLERANCE for d in self.decision_times))
        done = sum(1 for d in self.decision_times if d <= now + TOLERANCE)
        self.decision_label.setText(
            f"Trainee decisions so far: {done} of {len(self.decision_times)}"
            if self.decision_times
            else "Nobody played this run: every decision was simulated."
        )
        if self.view is not None:
            self.view.charts.redraw()

    def _slider_moved(self, value: int) -> None:
        if not self.slider.isSliderDown():
            self.seek(float(value))
        else:
            self.position.setText(f"T+{format_clock(value)} / T+{format_clock(self.end_t)}")

    def next_decision(self) -> None:
        """Step to the trainee's next decision (the state just after it)."""
        later = [d for d in self.decision_times if d > self.now + TOLERANCE]
        if later:
            self.seek(later[0])

    def previous_decision(self) -> None:
        """Step back to the trainee's previous decision."""
        earlier = [d for d in self.decision_times if d < self.now - TOLERANCE]
        if earlier:
            self.seek(earlier[-1])

    # ------------------------------------------------------------------ playing

    def toggle(self) -> None:
        """Play or pause the replay."""
        if self.timer.isActive():
            self.pause()
        else:
            if self.now >= self.end_t - TOLERANCE:
                self.seek(0.0)
            self.timer.start()
            self.play_button.setText("Pause")

    def pause(self) -> None:
        """Stop playing."""
        self.timer.stop()
        self.play_button.setText("Play")

    def _tick(self) -> None:
        speed = float(self.speed.currentData() or 60.0)
        self.seek(self.now + speed * TICK_MS / 1000.0)
        if self.now >= self.end_t - TOLERANCE:
            self.pause()

    def stop(self) -> None:
        """Stop the timer, the view and the replay engine."""
        self.pause()
        if self.view is not None:
            self.view.stop()
        if self.session is not None:
            self.session.shutdown()
