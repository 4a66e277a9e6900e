"""Live service-health charts: the scenario's metrics as dashboards show them.

One :class:`matplotlib.figure.Figure` (never pyplot) on a ``FigureCanvasQTAgg``, one small
axes per metric, filled from the journal's ``sample`` records.

A full matplotlib draw (axes, ticks, text) costs tens to hundreds of milliseconds, far too
much to repeat on the GUI thread at 60×. So the charts blit: the static part (axes, ticks,
alert thresholds) is drawn once and cached; an update restores that cache and draws only the
lines. The axes limits grow in steps (time doubles, values jump to the next "nice" bound), so
a full redraw happens only a handful of times per exercise - and it happens at once when a
metric jumps or time runs past the window: a line never runs off its axes, not even for a
moment. Updates are throttled to at most one per :data:`REDRAW_MS`. The charts take the
app's palette (:func:`chart_theme`: a dark desktop theme gets light text on a dark
background), as the debrief's report charts do.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from gui.chart_drawing import SteppedDraw
from gui.palette import dark_theme
from gui.text import mpl_text, plain_tip
from reports.charts import Theme
from simulator.journal import Record
from simulator.model import Metric, Scenario, Service

#: Minimum milliseconds between two chart updates.
REDRAW_MS = 250
#: The first time window shown, in minutes (it doubles as the exercise goes on).
FIRST_WINDOW_MIN = 30.0
#: Font sizes (points) of the chart titles and tick labels.
TITLE_PT = 7.5
TICK_PT = 7.0
#: Average glyph widths as a share of the font size (DejaVu Sans digits; mixed-case words).
_DIGIT = 0.64
_GLYPH = 0.55
#: Most lines a chart title wraps to (the last one ends in "…" when cut).
MAX_TITLE_LINES = 3


def chart_theme() -> Theme:
    """Charts in the app's palette: its window and text colours (a dark desktop theme gets
    light text on a dark background), the muted grid half-way between them; on a light
    theme, the reports' own black on white."""
    palette = QGuiApplication.palette()
    background = palette.color(QPalette.ColorRole.Window)
    foreground = palette.color(QPalette.ColorRole.WindowText)
    if not dark_theme() and background.lightness() > 200:
        return Theme()
    muted = QColor(
        (background.red() + foreground.red()) // 2,
        (background.green() + foreground.green()) // 2,
        (background.blue() + foreground.blue()) // 2,
    )
    return Theme(background.name(), foreground.name(), muted.name())


def chart_metrics(scenario: Scenario) -> list[tuple[Service, Metric]]:
    """Every (service, metric) pair the scenario defines, in file order."""
    return [(s, m) for s in scenario.services for m in s.metrics]


def nice_ceiling(value: float) -> float:
    """The next "nice" number (1, 2, 2.5, 5 x 10^n) at or above ``value``."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        bound = step * 10**exponent
        if bound >= value * 0.999999:
            return float(bound)
    return float(10.0 ** (exponent + 1))


class HealthCharts(QWidget):
    """Small-multiple line charts of every service metric, updated from ``sample`` records."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthCharts")
        self.metrics = chart_metrics(scenario)
        self.time_limit_min = max(1.0, scenario.clock.time_limit / 60.0)
        self.series: dict[str, tuple[list[float], list[float]]] = {
            f"{s.id}.{m.id}": ([], []) for s, m in self.metrics
        }
        count = max(1, len(self.metrics))
        self.columns = 1 if count <= 3 else 2
        rows = (count + self.columns - 1) // self.columns
        self.theme = chart_theme()
        theme = self.theme
        self.figure = Figure(figsize=(4.0, 1.3 * rows), dpi=90, facecolor=theme.background)
        self.figure.subplots_adjust(
            left=0.13 if self.columns == 2 else 0.08,
            right=0.98,
            top=1 - 0.2 / rows,
            bottom=0.1 / rows + 0.04,
            wspace=0.42,
            hspace=0.62,
        )
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(90 * rows)
        self.lines: dict[str, Any] = {}
        self.axes: dict[str, Any] = {}
        #: (service part, metric part) of each chart's title, before wrapping.
        self.titles: dict[str, tuple[str, str]] = {}
        self.rows = rows
        self.window_min = min(FIRST_WINDOW_MIN, self.time_limit_min)
        for i, (service, metric) in enumerate(self.metrics):
            ax = self.figure.add_subplot(rows, self.columns, i + 1)
            key = f"{service.id}.{metric.id}"
            unit = f" ({metric.unit})" if metric.unit else ""
            self.titles[key] = (f"{service.name}:", f"{metric.name}{unit}")
            # a fixed title position spares matplotlib measuring every tick label per draw;
            # the text is wrapped to the axes width by _fit_layout
            ax.set_title("", fontsize=TITLE_PT, loc="left", y=1.0, pad=3, color=theme.foreground)
            ax.set_facecolor(theme.background)
            ax.tick_params(labelsize=TICK_PT, colors=theme.foreground)
            for spine in ax.spines.values():
                spine.set_color(theme.muted)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
            ax.grid(True, alpha=0.3, color=theme.muted)
            alert, line_colour = ("#ff8a80", "#8ab4f8") if theme.dark else ("#b3261e", "#1f6feb")
            if metric.alert_threshold is not None:
                ax.axhline(metric.alert_threshold, color=alert, linestyle="--", linewidth=0.8)
            (line,) = ax.plot([], [], color=line_colour, linewidth=1.4, animated=True)
            self.lines[key] = line
            self.axes[key] = ax
            ax.set_xlim(0.0, self.window_min)
            ax.set_ylim(*self._wanted_ylim(key, metric, None))
            spec = ax.get_subplotspec()
            if spec is not None and spec.is_last_row():
                ax.set_xlabel("minutes since start", fontsize=7, color=theme.foreground)
        if not self.metrics:
            ax = self.figure.add_subplot(1, 1, 1)
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                "This scenario defines no metrics",
                ha="center",
                va="center",
                color=theme.foreground,
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self._background: Any = None
        #: The canvas seen as Any: matplotlib's blitting API is untyped.
        self._agg: Any = self.canvas
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("resize_event", lambda _event: self._fit_layout())
        # narrow charts cut their titles short: hovering shows every title in full
        self.canvas.setToolTip(
            plain_tip("\n".join(f"{a} {b}" for a, b in self.titles.values())) if self.titles else ""
        )
        self._fit_layout()
        self._timer = QTimer(self)
        self._timer.setObjectName("chartRedrawTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        #: A full draw goes in steps, one axes per event-loop turn (gui.chart_drawing), so
        #: growing the limits never stalls the event loop for the whole figure's draw.
        self._stepped = SteppedDraw(self.canvas, self.figure, self._stepped_done, self)
        self._dirty = False
        #: Updates pushed to the screen, and how many of them needed a full draw.
        self.redraws = 0
        self.full_draws = 0

    @property
    def ready(self) -> bool:
        """True once the canvas has been drawn and updates can be blitted."""
        return self._background is not None

    @property
    def timer(self) -> QTimer:
        """The throttle timer (stopped by :meth:`stop`)."""
        return self._timer

    # ------------------------------------------------------------------ layout

    def _fit_layout(self) -> None:
        """Margins, gaps and title wrapping for the canvas's current size, in pixels.

        Fixed fractions clip the tick labels and run the titles into each other when the
        column is narrow (1366×768 with the facilitator console docked), and waste room when
        it is wide. Measuring text with the renderer costs a full draw, so widths are
        estimated from the font size: cheap enough for every resize.
        """
        if not self.metrics:
            return
        px = self.figure.dpi / 72.0
        width = max(1.0, self.figure.bbox.width)
        height = max(1.0, self.figure.bbox.height)
        digits = 1
        for ax in self.axes.values():
            low, high = ax.get_ylim()
            digits = max(digits, len(f"{high:g}"), len(f"{low:g}"))
        tick_w = (digits * TICK_PT * _DIGIT + 9.0) * px  # labels, tick and padding
        left = tick_w + 4.0 * px
        right = 6.0 * px
        gap = tick_w + 10.0 * px
        cols = self.columns
        axes_w = max(20.0, (width - left - right - gap * (cols - 1)) / cols)
        chars = max(8, int(axes_w / (TITLE_PT * _GLYPH * px)))
        lines_by_row: dict[int, int] = {}
        for i, (key, ax) in enumerate(self.axes.items()):
            lines = self._wrap_title(*self.titles[key], chars)
            ax.set_title(
                mpl_text("\n".join(lines)),
                fontsize=TITLE_PT,
                loc="left",
                y=1.0,
                pad=3,
                color=self.theme.foreground,
            )
            row = i // cols
            lines_by_row[row] = max(lines_by_row.get(row, 1), len(lines))
        line_h = TITLE_PT * 1.2 * px
        top = lines_by_row.get(0, 1) * line_h + 6.0 * px
        x_ticks = (TICK_PT * 1.25 + 7.0) * px
        bottom = x_ticks + TICK_PT * 1.3 * px + 6.0 * px  # tick labels and the axis label
        gap_h = max((n * line_h for n in lines_by_row.values()), default=line_h)
        gap_h += x_ticks + 6.0 * px
        rows = self.rows
        axes_h = max(10.0, (height - top - bottom - gap_h * (rows - 1)) / rows)
        # short charts get fewer value ticks, so their labels never stack on each other
        ticks = max(1, min(4, int(axes_h / (TICK_PT * 2.4 * px))))
        for ax in self.axes.values():
            ax.yaxis.get_major_locator().set_params(nbins=ticks)
        self.figure.subplots_adjust(
            left=min(0.45, left / width),
            right=max(0.55, 1.0 - right / width),
            top=max(0.55, 1.0 - top / height),
            bottom=min(0.4, bottom / height),
            wspace=gap / axes_w,
            hspace=gap_h / axes_h,
        )
        self._background = None

    @staticmethod
    def _wrap_title(service: str, metric: str, chars: int) -> list[str]:
        """The title on one line if it fits, else the service then the metric, wrapped."""
        whole = f"{service} {metric}"
        if len(whole) <= chars:
            return [whole]
        lines = textwrap.wrap(service, chars) + textwrap.wrap(metric, chars)
        if len(lines) > MAX_TITLE_LINES:
            lines = lines[:MAX_TITLE_LINES]
            lines[-1] = lines[-1][: max(1, chars - 1)].rstrip() + "…"
        return lines

    # ------------------------------------------------------------------ limits

    def _wanted_ylim(
        self, key: str, metric: Metric, current: tuple[float, float] | None
    ) -> tuple[float, float]:
        """Y limits that hold baseline, threshold and every value; grown, never shrunk."""
        values = [metric.baseline, *self.series[key][1]]
        if metric.alert_threshold is not None:
            values.append(metric.alert_threshold)
        high = nice_ceiling(max(values) * 1.15 if max(values) > 0 else 1.0)
        low = 0.0 if min(values) >= 0 else -nice_ceiling(-min(values) * 1.15)
        if current is not None:
            low, high = min(low, current[0]), max(high, current[1])
        return low, high

    def _grow_limits(self, apply: bool = True) -> bool:
        """Grow the time window and value ranges to fit the data; True if anything changes.

        With ``apply=False`` only says whether they would.
        """
        changed = False
        window = self.window_min
        latest = max((xs[-1] for xs, _ys in self.series.values() if xs), default=0.0)
        while latest > window * 0.95 and window < self.time_limit_min:
            window = min(window * 2, self.time_limit_min)
            changed = True
        if apply:
            self.window_min = window
        for service, metric in self.metrics:
            key = f"{service.id}.{metric.id}"
            ax = self.axes[key]
            if changed and apply:
                ax.set_xlim(0.0, window)
            current = ax.get_ylim()
            wanted = self._wanted_ylim(key, metric, current)
            if wanted != tuple(current):
                changed = True
                if apply:
                    ax.set_ylim(*wanted)
        if changed and apply:
            self._fit_layout()  # longer tick labels need a wider margin
        return changed

    # ------------------------------------------------------------------ data

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

    # ------------------------------------------------------------------ drawing

    def _on_draw(self, _event: object) -> None:
        """After a full draw: cache the static background, then draw the lines on it."""
        self._background = self._agg.copy_from_bbox(self.figure.bbox)
        self._draw_lines()

    def _stepped_done(self) -> None:
        """After a stepped full draw: cache the new background, blit the lines on it."""
        self._background = self._agg.copy_from_bbox(self.figure.bbox)
        self._draw_lines()
        self._agg.blit(self.figure.bbox)

    def _draw_lines(self) -> None:
        for key, line in self.lines.items():
            xs, ys = self.series[key]
            line.set_data(xs, ys)
            self.axes[key].draw_artist(line)

    def redraw(self) -> None:
        """Show the new points: blit the lines, or - when a value or the time has outgrown
        the limits - grow them and draw everything at once, so no line is ever drawn past
        its axes (clipped off screen) waiting for a later redraw."""
        if not self._dirty:
            return
        self._dirty = False
        if self._stepped.running and not self._grow_limits(apply=False):
            return  # the full draw under way shows the new points when it ends
        self.redraws += 1
        if self._background is None or self._grow_limits(apply=False):
            self._grow_limits()
            self.full_draws += 1
            self._stepped.start()
            return
        self._agg.restore_region(self._background)
        self._draw_lines()
        self._agg.blit(self.figure.bbox)

    def stop(self) -> None:
        """Stop the throttle timer and show every point with limits that fit them all."""
        self._timer.stop()
        self._dirty = False
        if self._stepped.running:  # the exercise is over: finish the draw at once
            self._stepped.cancel()
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        if self._grow_limits():
            self.full_draws += 1
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        elif self._background is not None:
            self._agg.restore_region(self._background)
            self._draw_lines()
            self._agg.blit(self.figure.bbox)
