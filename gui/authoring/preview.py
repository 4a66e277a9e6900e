"""The preview: how the incident the author wrote unfolds, redrawn as the text changes.

One :class:`matplotlib.figure.Figure` (never pyplot): the users affected (untreated, and with
each modelled mitigation applied at the first alert), then every metric the truth moves or
alerts on with its threshold and a marker where its alert fires, and the injects on the same
time axis. A line of text above says when each alert fires, so the numbers can be read (and
tested) without the chart. The figure is drawn only while the preview is on screen.
"""

from __future__ import annotations

from typing import Any, cast

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from gui.authoring.curves import Preview, preview
from gui.text import mpl_text
from simulator.durations import format_duration
from simulator.model import Scenario

#: Most metric charts drawn (the rest are named in the summary).
MAX_METRICS = 6
_INJECT_COLORS = {"alert": "#b3261e", "red_herring": "#8e44ad"}


def alert_summary(data: Preview) -> str:
    """``PaymentsAPIHighErrorRate fires at 5m; ...`` for every metric alert."""
    parts = []
    for curve in data.metrics:
        if curve.alert is None or curve.threshold is None:
            continue
        when = (
            f"fires at {format_duration(curve.fires_at)}"
            if curve.fires_at is not None
            else "never fires"
        )
        parts.append(f"{curve.alert} {when}")
    impact = f"Impact starts at {format_duration(data.impact_start)}."
    return impact + (" " + "; ".join(parts) + "." if parts else " No metric alerts.")


class PreviewPane(QWidget):
    """Curves, thresholds, alert times, users with mitigations, and injects over time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authoringPreview")
        self.data: Preview | None = None
        self._dirty = False
        self.summary = QLabel("Write a scenario that loads to see how it unfolds.")
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.figure = Figure(figsize=(6.0, 6.0), dpi=90)
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas, 1)

    def show_scenario(self, scenario: Scenario | None) -> None:
        """Recompute for ``scenario`` (None: keep the last one) and redraw when on screen."""
        if scenario is None:
            return
        self.data = preview(scenario)
        self.summary.setText(alert_summary(self.data))
        self._dirty = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        """Draw what changed while the preview was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        """Draw the figure for :attr:`data`."""
        self._dirty = False
        self.figure.clear()
        data = self.data
        if data is None:
            return
        charts = [m for m in data.metrics if m.threshold is not None or len(set(m.values)) > 1]
        shown = charts[:MAX_METRICS]
        rows = 2 + len(shown)
        ratios = [2.0] + [1.2] * len(shown) + [0.7]
        grid = self.figure.add_gridspec(rows, 1, height_ratios=ratios, hspace=0.9)
        limit = data.time_limit / 60.0
        users = self.figure.add_subplot(grid[0])
        users.plot(data.minutes, data.users, color="#1f6feb", linewidth=1.6, label="untreated")
        for treated in data.mitigations:
            users.plot(
                treated.minutes,
                treated.users,
                linewidth=1.0,
                linestyle="--",
                label=mpl_text(treated.label),
            )
        users.set_title(
            "Users affected (mitigations applied at the first alert)", fontsize=8, loc="left"
        )
        users.legend(fontsize=6, loc="upper right")
        axes = [users]
        for i, curve in enumerate(shown, start=1):
            ax = self.figure.add_subplot(grid[i], sharex=users)
            ax.plot(curve.minutes, curve.values, color="#1f6feb", linewidth=1.2)
            unit = f" ({curve.unit})" if curve.unit else ""
            ax.set_title(mpl_text(curve.label + unit), fontsize=7.5, loc="left")
            if curve.threshold is not None:
                ax.axhline(curve.threshold, color="#b3261e", linestyle="--", linewidth=0.8)
            if curve.fires_at is not None:
                ax.axvline(curve.fires_at / 60.0, color="#b3261e", linewidth=1.0)
                ax.annotate(
                    mpl_text(f"{curve.alert} fires at {format_duration(curve.fires_at)}"),
                    (curve.fires_at / 60.0, 1.0),
                    xycoords=("data", "axes fraction"),
                    fontsize=6.5,
                    color="#b3261e",
                    va="top",
                    xytext=(3, -2),
                    textcoords="offset points",
                )
            axes.append(ax)
        strip = self.figure.add_subplot(grid[rows - 1], sharex=users)
        self._draw_injects(strip, data)
        axes.append(strip)
        for ax in axes:
            ax.tick_params(labelsize=7)
            ax.grid(True, alpha=0.3)
            ax.set_xlim(0.0, limit)
        strip.set_xlabel("minutes since start", fontsize=7)
        self.figure.subplots_adjust(left=0.09, right=0.98, top=0.96, bottom=0.07)
        cast(Any, self.canvas).draw_idle()

    @staticmethod
    def _draw_injects(ax: Any, data: Preview) -> None:
        ax.set_title("Injects (hollow: fire on a condition)", fontsize=7.5, loc="left")
        ax.set_yticks([])
        ax.set_ylim(0, 1)
        limit = data.time_limit
        for mark in data.injects:
            color = _INJECT_COLORS.get(mark.kind, "#555555")
            if mark.at is None:
                continue
            x = min(mark.at, limit) / 60.0
            hollow = bool(mark.condition)
            ax.plot(
                [x],
                [0.5],
                marker="v",
                markersize=6,
                color=color,
                markerfacecolor="none" if hollow else color,
            )
