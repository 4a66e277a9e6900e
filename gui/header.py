"""The exercise header: clocks, play/pause/speed/step, severity, status and the update countdown.

The countdown follows the team's update cadence for the current severity (the guide's Update
Cadence table, IC-11/COM rules): it counts down from the last internal update (or the
declaration), turns amber in the last fifth of the interval (at most five minutes) and red once
the update is late.
"""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.palette import ink_name
from gui.session import Session
from gui.start_dialog import SPEEDS, speed_label
from simulator.durations import format_clock, format_duration
from simulator.model import Severity

SEVERITY_COLOURS = {
    Severity.SEV1: "#b3261e",
    Severity.SEV2: "#d9480f",
    Severity.SEV3: "#b58900",
    Severity.SEV4: "#2f6f9f",
}
AMBER = "#b26a00"
RED = "#b3261e"
GREEN = "#2e7d32"


def countdown(session: Session) -> tuple[str, str]:
    """The update countdown text and its colour (``""`` for the normal colour)."""
    state = session.exercise.state
    if not state.declared or state.severity is None:
        return "Not declared", ""
    if state.resolved:
        return "Resolved", GREEN
    every = session.bundle.team.rule(state.severity).update_every
    if every is None:
        return "As needed", ""
    anchor = state.last_update_at if state.last_update_at is not None else state.declared_at
    due = (anchor or 0.0) + every
    left = due - session.exercise.now
    if left < 0:
        return f"Overdue by {format_duration(-left)}", RED
    colour = AMBER if left <= min(300.0, every / 5) else ""
    return f"Due in {format_duration(left)}", colour


def _value(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _block(caption: str, value: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 0, 6, 0)
    layout.setSpacing(0)
    cap = QLabel(caption)
    cap.setStyleSheet("color: palette(mid); font-size: 8pt;")
    layout.addWidget(cap)
    layout.addWidget(value)
    return box


class HeaderBar(QFrame):
    """Clocks and incident status at a glance, with the clock controls."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self._started = time.monotonic()
        self.sim_clock = _value("T+00:00:00", "simClock")
        self.sim_clock.setStyleSheet("font-family: monospace; font-size: 15pt; font-weight: bold;")
        self.sim_clock.setToolTip("Simulation time since the scenario started")
        self.scenario_time = _value("", "scenarioTime")
        self.scenario_time.setStyleSheet("font-family: monospace;")
        self.scenario_time.setToolTip(
            "Time of day in the scenario (who answers a page depends on it)"
        )
        self.wall_clock = _value("", "wallClock")
        self.wall_clock.setStyleSheet("font-family: monospace; color: palette(mid);")
        self.wall_clock.setToolTip("Real time spent in this exercise")
        self.play = QPushButton("Play")
        self.play.setObjectName("playButton")
        self.play.setToolTip("Play / pause the exercise (Space)")
        self.speed = QComboBox()
        self.speed.setObjectName("headerSpeed")
        self.speed.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.speed.setMinimumContentsLength(4)
        for speed in SPEEDS:
            self.speed.addItem(speed_label(speed), speed)
        self.speed.setToolTip("Simulation speed (Ctrl+= faster, Ctrl+- slower)")
        self.step = QPushButton("Next inject")
        self.step.setObjectName("stepButton")
        self.step.setToolTip("Jump to the next scheduled inject (Ctrl+J)")
        self.severity = _value("—", "severityBadge")
        self.status = _value("Not declared", "statusLabel")
        self.duration = _value("—", "incidentDuration")
        self.update_due = _value("Not declared", "updateCountdown")
        self.update_due.setToolTip(
            "Next internal update due by the team's cadence for this severity;"
            " amber when close, red when late"
        )
        self.role = _value("", "seatLabel")
        self.role.setContentsMargins(8, 0, 8, 0)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(_block("Sim clock", self.sim_clock))
        times = QWidget()
        times_layout = QVBoxLayout(times)
        times_layout.setContentsMargins(6, 0, 6, 0)
        times_layout.setSpacing(0)
        times_layout.addWidget(self.scenario_time)
        times_layout.addWidget(self.wall_clock)
        layout.addWidget(times)
        layout.addWidget(self.play)
        layout.addWidget(self.speed)
        layout.addWidget(self.step)
        layout.addSpacing(12)
        layout.addWidget(_block("Severity", self.severity))
        layout.addWidget(_block("Status", self.status))
        layout.addWidget(_block("Duration", self.duration))
        layout.addWidget(_block("Next update", self.update_due))
        layout.addStretch(1)

        clock = session.clock
        self.play.clicked.connect(clock.toggle)
        self.step.clicked.connect(clock.step)
        self.speed.currentIndexChanged.connect(
            lambda i: clock.set_speed(float(self.speed.itemData(i)))
        )
        clock.runningChanged.connect(self._on_running)
        clock.speedChanged.connect(self._on_speed)
        clock.ticked.connect(lambda _now: self.refresh())
        session.bridge.changed.connect(self.refresh)
        self._on_speed(clock.speed)
        human = session.human
        if human is None:
            self.role.setText("Watching a simulated team")
        else:
            who = session.person_name(human)
            tabletop = session.seat is not None and session.seat.tabletop
            self.role.setText(
                f"Recording the group's decisions (seat: {who})"
                if tabletop
                else f"You are {who}, IC"
            )
        self.refresh()

    def _on_running(self, running: bool) -> None:
        self.play.setText("Pause" if running else "Play")

    def _on_speed(self, speed: float) -> None:
        index = self.speed.findData(speed)
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(index)
            self.speed.blockSignals(False)

    def refresh(self) -> None:
        """Redraw every value from the exercise state."""
        exercise = self.session.exercise
        state = exercise.state
        now = exercise.now
        self.sim_clock.setText(f"T+{format_clock(now)}")
        start = self.session.bundle.scenario.clock.start
        self.scenario_time.setText(
            "Scenario " + (start + timedelta(seconds=now)).strftime("%a %H:%M:%S")
        )
        self.wall_clock.setText("Real     " + format_clock(time.monotonic() - self._started))
        if state.severity is not None:
            self.severity.setText(state.severity.value)
            colour = SEVERITY_COLOURS.get(state.severity, "")
            self.severity.setStyleSheet(
                f"background: {colour}; color: white; font-weight: bold; padding: 1px 6px;"
                "border-radius: 3px;"
            )
        self.status.setText(state.status.value if state.status else "Not declared")
        if state.declared_at is not None:
            end = state.resolved_at if state.resolved_at is not None else now
            self.duration.setText(format_duration(end - state.declared_at))
        self.step.setEnabled(self.session.clock.can_step())
        text, colour = countdown(self.session)
        self.update_due.setText(text)
        self.update_due.setStyleSheet(
            f"color: {ink_name(colour)}; font-weight: bold;" if colour else ""
        )
