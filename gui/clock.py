"""The exercise clock: drives the SimPy engine from a QTimer in small wall-time slices.

The engine runs on a plain ``simpy.Environment`` (never ``simpy.rt``, which sleeps). Every
:data:`INTERVAL_MS` the clock measures the wall time since the previous slice, multiplies it
by the speed and advances the engine by that much sim time, so the GUI thread never blocks.
"As fast as possible" (speed 0) advances in chunks until a small wall-time budget is spent,
then returns to the event loop. Pause, speed and "step to the next inject" live here, not in
the engine (DESIGN.md, Time). While any modal dialog is open (a confirmation, the shortcuts
help, a message box) the clock stands still: the trainee reading it loses no sim time.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from gui.bridge import ExerciseBridge

#: Milliseconds between slices.
INTERVAL_MS = 40
#: Longest wall time credited to one slice (after a stall, the sim does not leap ahead).
MAX_SLICE_S = 0.25
#: Wall-time budget of one "as fast as possible" slice, and its sim-time chunk.
FAST_BUDGET_S = 0.02
FAST_CHUNK_S = 30.0


class ExerciseClock(QObject):
    """Pause, play, speed and step for one exercise.

    Signals:
        ticked(float): the sim time after each slice or step.
        runningChanged(bool): play / pause.
        speedChanged(float): the speed (0 = as fast as possible).
        heldChanged(bool): the facilitator paused everyone (True) or resumed (False).
    """

    ticked = Signal(float)
    runningChanged = Signal(bool)
    speedChanged = Signal(float)
    heldChanged = Signal(bool)

    def __init__(
        self, bridge: ExerciseBridge, speed: float = 10.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._speed = speed
        self._timer = QTimer(self)
        self._timer.setObjectName("exerciseClockTimer")
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._slice)
        self._last = 0.0
        self._held = False
        bridge.finished.connect(lambda _reason: self.pause())

    @property
    def timer(self) -> QTimer:
        """The driving timer (tests assert it is stopped after teardown)."""
        return self._timer

    @property
    def running(self) -> bool:
        """True while the clock advances the exercise."""
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        """Sim seconds per wall second; 0 means as fast as possible."""
        return self._speed

    def set_speed(self, speed: float) -> None:
        """Change the speed (takes effect at the next slice)."""
        if speed != self._speed:
            self._speed = speed
            self.speedChanged.emit(speed)

    @property
    def held(self) -> bool:
        """True while the facilitator has paused everyone: only :meth:`hold` resumes."""
        return self._held

    def hold(self, held: bool) -> None:
        """The facilitator's "Pause everyone" (``held``) and "Resume everyone": while held,
        :meth:`play` and :meth:`toggle` (Space, the play button) do nothing."""
        if held == self._held:
            return
        self._held = held
        self.heldChanged.emit(held)
        if held:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        """Start or resume advancing the exercise (not while the facilitator holds it)."""
        if self._held or self.bridge.exercise.finished or self._timer.isActive():
            return
        self._last = time.monotonic()
        self._timer.start()
        self.runningChanged.emit(True)

    def pause(self) -> None:
        """Stop advancing (the exercise keeps its state; actions are still accepted)."""
        if self._timer.isActive():
            self._timer.stop()
            self.runningChanged.emit(False)

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self.running:
            self.pause()
        else:
            self.play()

    def can_step(self) -> bool:
        """True while an inject is scheduled at a known time (stepping never skips to the end)."""
        exercise = self.bridge.exercise
        return not exercise.finished and exercise.next_event_time() is not None

    def step(self) -> None:
        """Jump to the next scheduled inject and fire it (nothing when none is scheduled)."""
        if not self.can_step():
            return
        self.bridge.run_until_next_event()
        self._last = time.monotonic()
        self.ticked.emit(self.bridge.exercise.now)

    @staticmethod
    def modal_open() -> bool:
        """True while a modal dialog is open (the clock does not advance meanwhile)."""
        return QApplication.activeModalWidget() is not None

    def _slice(self) -> None:
        exercise = self.bridge.exercise
        if exercise.finished:
            self.pause()
            return
        now = time.monotonic()
        elapsed = min(max(0.0, now - self._last), MAX_SLICE_S)
        self._last = now
        if self.modal_open():
            return  # a confirmation, help or message box is open: the sim clock stands still
        if self._speed > 0:
            self.bridge.advance(elapsed * self._speed)
        else:
            deadline = now + FAST_BUDGET_S
            # a handler may pause the clock from inside advance(): stop at once if it does
            while self._timer.isActive() and not exercise.finished:
                exercise.advance(FAST_CHUNK_S)
                if time.monotonic() >= deadline:
                    break
            self.bridge.advance(0.0)
        self.ticked.emit(exercise.now)
        if exercise.finished:
            self.pause()
