"""Live service-health charts: the scenario's metrics as dashboards show them.

One :class:`matplotlib.figure.Figure` (never pyplot) on a ``FigureCanvasQTAgg``, one small
axes per metric, filled from the journal's ``sample`` records. Redraws are throttled to at
most :data:`REDRAW_MS` apart, so at 60× the charts move without starving the event loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from simulator.journal import Record
from simulator.model import Metric, Scenario, Service

#: Minimum milliseconds between two redraws.
REDRAW_MS = 300


def chart_metrics(scenario: Scenario) -> list[tuple[Service, Metric]]:
    """Every (service, metric) pair the scenario defines, in file order."""
    return [(s, m) for s in scenario.services for m in s.metrics]


class HealthCharts(QWidget):
    """Small-multiple line charts of every service metric, updated from ``sample`` records."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthCharts")
        self.metrics = chart_metrics(scenario)
        self.series: dict[str, tuple[list[float], list[float]]] = {
            f"{s.id}.{m.id}": ([], []) for s, m in self.metrics
        }
        count = max(1, len(self.metrics))
        columns = 1 if count <= 3 else 2
        rows = (count + columns - 1) // columns
        self.figure = Figure(figsize=(4.0, 1.3 * rows), dpi=90, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(90 * rows)
        self.lines = {}
        self.axes = {}
        for i, (service, metric) in enumerate(self.metrics):
            ax = self.figure.add_subplot(rows, columns, i + 1)
            key = f"{service.id}.{metric.id}"
            unit = f" ({metric.unit})" if metric.unit else ""
            title = f"{service.name}: {metric.name}{unit}"
            if columns > 1 and len(title) > 24:
                title = f"{service.name}:\n{metric.name}{unit}"
            ax.set_title(title, fontsize=7.5, loc="left")
            ax.tick_params(labelsize=7)
            ax.grid(True, alpha=0.3)
            if metric.alert_threshold is not None:
                ax.axhline(metric.alert_threshold, color="#b3261e", linestyle="--", linewidth=0.8)
            (line,) = ax.plot([], [], color="#1f6feb", linewidth=1.4)
            self.lines[key] = line
            self.axes[key] = ax
            self._scale(key, metric)
        if not self.metrics:
            ax = self.figure.add_subplot(1, 1, 1)
            ax.set_axis_off()
            ax.text(0.5, 0.5, "This scenario defines no metrics", ha="center", va="center")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self._timer = QTimer(self)
        self._timer.setObjectName("chartRedrawTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._dirty = False
        self.redraws = 0

    @property
    def timer(self) -> QTimer:
        """The throttle timer (stopped by :meth:`stop`)."""
        return self._timer

    def _scale(self, key: str, metric: Metric) -> None:
        xs, ys = self.series[key]
        ax = self.axes[key]
        values = [metric.baseline, *ys]
        if metric.alert_threshold is not None:
            values.append(metric.alert_threshold)
        low, high = min(values), max(values)
        pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
        ax.set_ylim(min(0.0, low - pad) if low >= 0 else low - pad, high + pad)
        right = max(10.0, (xs[-1] if xs else 0.0) + 2.0)
        ax.set_xlim(0.0, right)

    def add_records(self, records: Iterable[Record]) -> None:
        """Take ``sample`` records (others are ignored); schedule a redraw."""
        for record in records:
            self.add_record(record)

    def add_record(self, record: Record) -> None:
        """Take one record; a ``sample`` adds a point to every metric it carries."""
        if record.kind != "sample":
            return
        metrics = record.payload.get("metrics") or {}
        minute = record.t / 60.0
        for key, value in dict(metrics).items():
            series = self.series.get(str(key))
            if series is not None:
                series[0].append(minute)
                series[1].append(float(value))
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def redraw(self) -> None:
        """Push the series into the lines and repaint (called by the throttle timer)."""
        if not self._dirty:
            return
        self._dirty = False
        for service, metric in self.metrics:
            key = f"{service.id}.{metric.id}"
            xs, ys = self.series[key]
            self.lines[key].set_data(xs, ys)
            self._scale(key, metric)
        self.axes_label()
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        self.redraws += 1

    def axes_label(self) -> None:
        """Label the x axis (minutes) on the bottom row only."""
        for ax in self.axes.values():
            spec = ax.get_subplotspec()
            if spec is not None and spec.is_last_row():
                ax.set_xlabel("minutes since start", fontsize=7)

    def stop(self) -> None:
        """Stop the throttle timer (pending points are drawn now)."""
        self._timer.stop()
        self.redraw()
