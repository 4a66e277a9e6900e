"""Charts of a run and of a batch, drawn with :class:`matplotlib.figure.Figure` only (never
pyplot), so the GUI can embed the same figures in a Qt canvas and the reports can save them as
SVG (HTML) or PNG (PDF) without a display.

Run charts take the :class:`~reports.viewmodel.ChartData` of a report: a phase timeline (each
phase of :mod:`simulator.phases` as a bar, injects and actions marked), the communication
cadence (each gap between updates against the required interval) and the impact over time
with mitigations marked. :func:`phase_chart`, :func:`impact_chart` and :func:`cadence_chart`
build them straight from a :class:`~reports.scored.ScoredRun`. Batch charts take the
``batch.json`` document (``gameday/batch@1``): the ECDF of each phase per group and the
variant comparison.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reports.scored import ScoredRun
from reports.viewmodel import ChartData, Marker, chart_data
from simulator.durations import format_duration
from simulator.phases import PHASES

#: Colours (colour-blind safe: Okabe-Ito).
BLUE, ORANGE, GREEN, RED, GREY, PURPLE, SKY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#7f7f7f",
    "#CC79A7",
    "#56B4E9",
)
EFFECT_COLOURS = {"resolves": GREEN, "reduces": SKY, "none": GREY, "worsens": RED, "": GREY}
STYLE: Any = {
    "font.size": 10.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 10.0,
    "legend.fontsize": 9.0,
    "svg.fonttype": "none",
    # Names, titles and labels come from user files: '$' and '%' are literal text, never
    # mathtext (an unbalanced or unknown TeX command would abort the whole report).
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Theme:
    """The colours a chart is drawn in: the page's (reports: white) or the app's palette
    (the debrief on a dark desktop theme passes its window and text colours)."""

    background: str = "white"
    foreground: str = "black"
    muted: str = GREY

    @property
    def dark(self) -> bool:
        """True for light text on a dark background."""
        colour = self.background.lstrip("#")
        if len(colour) != 6:
            return False
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        return (0.299 * r + 0.587 * g + 0.114 * b) < 128


#: Reports: black on white.
LIGHT = Theme()


def themed_style(theme: Theme = LIGHT) -> Any:
    """:data:`STYLE` in ``theme``'s colours (faces, text, axes, ticks, legend, grid)."""
    bg, fg = theme.background, theme.foreground
    return {
        **STYLE,
        "figure.facecolor": bg,
        "axes.facecolor": bg,
        "savefig.facecolor": bg,
        "text.color": fg,
        "axes.labelcolor": fg,
        "axes.edgecolor": fg,
        "axes.titlecolor": fg,
        "xtick.color": fg,
        "ytick.color": fg,
        "legend.labelcolor": fg,
        "legend.facecolor": bg,
        "legend.edgecolor": theme.muted,
        "grid.color": theme.muted,
        "hatch.color": fg if theme.dark else "black",
    }


def _say_empty(ax: Any, message: str) -> None:
    """Replace an axes' plot with a centred message (a chart with no data to draw)."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11)
    ax.set_axis_off()


def _clock_formatter(clock_start: str) -> FuncFormatter:
    """Tick labels for an axis in minutes since start: wall-clock HH:MM when known."""
    try:
        start: datetime | None = datetime.fromisoformat(clock_start) if clock_start else None
    except ValueError:
        start = None

    def label(minutes: float, _pos: int) -> str:
        if start is None:
            return f"{minutes:g}m"
        return (start + timedelta(minutes=minutes)).strftime("%H:%M")

    return FuncFormatter(label)


def _axis_label(clock_start: str) -> str:
    return "wall-clock time" if clock_start else "minutes since start"


#: Ticks per minute of the time axis a lane keeps: finer ticks overlap on the page anyway.
TICKS_PER_MINUTE = 10


def _marker_ticks(markers: Sequence[Marker]) -> dict[str, list[float]]:
    """Each lane's tick positions in minutes, one per tenth of a minute at most.

    A timeline of thousands of same-time rows draws one tick, not thousands of overlapping
    lines, so the chart's cost and size stay bounded by the run's length, not its records.
    """
    lanes: dict[str, dict[int, float]] = {}
    for marker in markers:
        minutes = marker.t / 60.0
        lanes.setdefault(marker.lane, {}).setdefault(round(minutes * TICKS_PER_MINUTE), minutes)
    return {lane: sorted(ticks.values()) for lane, ticks in lanes.items()}


def phase_timeline_figure(data: ChartData, theme: Theme = LIGHT) -> Figure:
    """Each phase as a bar from its anchor to its event; injects/alerts and actions marked."""
    with matplotlib.rc_context(themed_style(theme)):
        fig = Figure(figsize=(10, 4.8), layout="constrained")
        ax = fig.add_subplot()
        lanes = [bar.label for bar in data.phases] + ["Injects & alerts", "Actions"]
        y = {label: len(lanes) - 1 - i for i, label in enumerate(lanes)}
        end_min = max(data.end, 60.0) / 60.0
        colours = [BLUE, ORANGE, PURPLE, SKY, GREEN, RED]
        for bar, colour in zip(data.phases, colours, strict=False):
            row = y[bar.label]
            if bar.not_recorded:
                # No bar: an anchor is missing, so drawing one (from 0) would invent a time.
                ax.text(0, row, f"  not recorded: {bar.not_recorded}", va="center", color=GREY)
                continue
            if bar.start is None:
                ax.text(0, row, "  did not happen", va="center", color=GREY)
                continue
            start = bar.start / 60.0
            if bar.end is None:
                ax.barh(
                    row,
                    end_min - start,
                    left=start,
                    height=0.55,
                    color=theme.background,
                    edgecolor=colour,
                    hatch="///",
                    linewidth=1,
                )
                ax.text(end_min, row, "  never", va="center", color=RED)
                continue
            width = max((bar.end - bar.start) / 60.0, 0.15)
            ax.barh(row, width, left=start, height=0.55, color=colour)
            ax.text(
                start + width,
                row,
                f"  {format_duration(bar.end - bar.start)}",
                va="center",
                fontsize=9,
            )
        for lane, ticks in _marker_ticks(data.markers).items():
            ax.plot(
                ticks,
                [y[lane]] * len(ticks),
                linestyle="none",
                marker="|",
                markersize=14,
                color=ORANGE if lane != "Actions" else BLUE,
                markeredgewidth=1.5,
            )
        if data.impact_start is not None:
            ax.axvline(data.impact_start / 60.0, color=RED, linestyle=":", linewidth=1)
        ax.set_yticks(list(y.values()), list(y.keys()))
        ax.set_xlim(0, end_min * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(_clock_formatter(data.clock_start))
        ax.set_xlabel(_axis_label(data.clock_start))
        ax.set_title("Phase timeline: from impact start to resolution")
        ax.grid(axis="x", alpha=0.3)
        return fig


def cadence_figure(data: ChartData, theme: Theme = LIGHT) -> Figure:
    """Each gap between internal updates (from declaring to resolving) against the interval."""
    with matplotlib.rc_context(themed_style(theme)):
        fig = Figure(figsize=(10, 3.8), layout="constrained")
        ax = fig.add_subplot()
        ax.set_title("Communication cadence: minutes since the previous update")
        if data.updates_not_recorded:
            _say_empty(ax, f"Not recorded: {data.updates_not_recorded}.")
            return fig
        if data.update_interval is None or data.updates_from is None:
            _say_empty(ax, "No update cadence applies to this incident.")
            return fig
        points = [t for t in data.updates if data.updates_from <= t <= data.updates_until]
        stops = [*points]
        if not stops or data.updates_until > stops[-1]:
            stops.append(data.updates_until)
        previous = data.updates_from
        labels, heights, colours = [], [], []
        fmt = _clock_formatter(data.clock_start)
        interval = data.update_interval
        for index, t in enumerate(stops):
            gap = (t - previous) / 60.0
            is_end = index == len(stops) - 1 and (not points or t != points[-1])
            labels.append(("end " if is_end else "") + fmt(t / 60.0, 0))
            heights.append(gap)
            ratio = (t - previous) / interval
            colours.append(GREEN if ratio <= 1 else ORANGE if ratio <= 1.5 else RED)
            previous = t
        xs = range(len(heights))
        ax.bar(xs, heights, color=colours, width=0.6)
        for x, h in zip(xs, heights, strict=True):
            ax.text(x, h, f"{h:.0f}m", ha="center", va="bottom", fontsize=9)
        ax.axhline(interval / 60.0, color=theme.foreground, linestyle="--", linewidth=1.2)
        ax.text(
            len(heights) - 0.5,
            interval / 60.0,
            f" required: every {format_duration(interval)}",
            va="bottom",
            ha="right",
            fontsize=9,
        )
        ax.set_xticks(list(xs), labels, rotation=30 if len(labels) > 8 else 0)
        ax.set_ylabel("minutes")
        ax.set_ylim(0, max([*heights, interval / 60.0]) * 1.25)
        ax.set_xlabel("update posted at (green: on time, orange: up to 1.5× late, red: later)")
        return fig


def impact_figure(data: ChartData, theme: Theme = LIGHT) -> Figure:
    """Users affected over time, with mitigations applied (dotted) and taking effect (solid).

    The legend sits in the figure's own row below the axes (``outside lower center`` of the
    constrained layout), so it never covers the axis label or the tick labels.
    """
    with matplotlib.rc_context(themed_style(theme)):
        fig = Figure(
            figsize=(10, 4.2 + 0.25 * ((len(data.mitigations) + 1) // 2)), layout="constrained"
        )
        ax = fig.add_subplot()
        ax.set_title("Impact over time: users affected")
        if not data.impact:
            _say_empty(ax, "No impact samples were recorded.")
            return fig
        xs = [t / 60.0 for t, _ in data.impact] + [data.end / 60.0]
        ys = [u for _, u in data.impact] + [data.impact[-1][1]]
        if data.users_recorded:
            ax.step(xs, ys, where="post", color=RED, linewidth=2)
            ax.fill_between(xs, ys, step="post", color=RED, alpha=0.15)
        else:  # no curve at 0: the number of users affected is simply not in the timeline
            ax.text(
                0.5,
                0.5,
                "Users affected: not recorded",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color=GREY,
                fontsize=11,
            )
            ax.set_yticks([])
        top = max(ys) if max(ys) > 0 else 1
        fmt = _clock_formatter(data.clock_start)
        for mark in data.mitigations:
            colour = EFFECT_COLOURS.get(mark.effect, GREY)
            style = ":" if not mark.effect else "-"
            ax.axvline(
                mark.t / 60.0,
                color=colour,
                linestyle=style,
                linewidth=1.8,
                label=f"{fmt(mark.t / 60.0, 0)} {mark.label}",
            )
        ax.set_ylim(0, top * 1.1)
        if data.mitigations:
            fig.legend(loc="outside lower center", ncol=2, frameon=False)
        ax.set_xlim(0, max(data.end, 60.0) / 60.0 * 1.02)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(_clock_formatter(data.clock_start))
        if data.users_recorded:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.set_xlabel(_axis_label(data.clock_start))
        ax.set_ylabel("users affected")
        ax.grid(alpha=0.3)
        return fig


# ---------------------------------------------------------------- from a scored run


def phase_chart(run: ScoredRun) -> Figure:
    """The phase timeline of a scored run."""
    return phase_timeline_figure(chart_data(run))


def impact_chart(run: ScoredRun) -> Figure:
    """The impact-over-time chart of a scored run."""
    return impact_figure(chart_data(run))


def cadence_chart(run: ScoredRun) -> Figure:
    """The communication-cadence chart of a scored run."""
    return cadence_figure(chart_data(run))


# ---------------------------------------------------------------- batch


def _ecdf(values: Sequence[float]) -> tuple[list[float], list[float]]:
    xs = sorted(values)
    n = len(xs)
    return xs, [(i + 1) / n for i in range(n)]


def batch_ecdf_figure(batch: Mapping[str, Any]) -> Figure:
    """The ECDF of each phase time (minutes), one line per group (team or variant)."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(11, 6.5), layout="constrained")
        axes = fig.subplots(2, 3)
        colours = [BLUE, ORANGE, GREEN, RED, PURPLE, SKY, GREY]
        styles = ["-", "--", ":", "-."]
        groups = list(batch.get("groups", []))
        for ax, (phase, label) in zip(axes.flat, PHASES, strict=True):
            ax.set_title(label, fontsize=10)
            for index, group in enumerate(groups):
                colour = colours[index % len(colours)]
                style = styles[index % len(styles)]
                runs = group.get("runs", [])
                values = [r[phase] / 60.0 for r in runs if r.get(phase) is not None]
                if not values:
                    continue
                xs, ys = _ecdf(values)
                unrecorded = sum(
                    1
                    for r in runs
                    if isinstance(r.get("not_recorded"), dict)
                    and phase in r["not_recorded"]
                    and r.get(phase) is None
                )
                never = len(runs) - len(values) - unrecorded
                left_out = [f"{never} never"] if never else []
                left_out += [f"{unrecorded} not recorded"] if unrecorded else []
                name = str(group.get("name", "?")) + (
                    f" ({', '.join(left_out)})" if left_out else ""
                )
                ax.step(
                    [xs[0], *xs],
                    [0.0, *ys],
                    where="post",
                    color=colour,
                    linestyle=style,
                    linewidth=1.8,
                    label=name,
                )
            ax.set_xlabel("minutes")
            ax.set_ylim(0, 1.02)
            ax.grid(alpha=0.3)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="lower right", fontsize=8)
        axes.flat[0].set_ylabel("share of runs")
        axes.flat[3].set_ylabel("share of runs")
        fig.suptitle(
            f"Distribution of phase times — {batch.get('title', batch.get('scenario', ''))}"
        )
        return fig


def batch_comparison_figure(batch: Mapping[str, Any]) -> Figure:
    """Difference of medians (other - baseline, minutes) with the bootstrap CI per metric."""
    with matplotlib.rc_context(STYLE):
        comparisons = list(batch.get("comparisons", []))
        fig = Figure(figsize=(10, max(2.5, 0.45 * len(comparisons) + 1.5)), layout="constrained")
        ax = fig.add_subplot()
        ax.set_title("Variant comparison: difference of medians (negative = faster)")
        if not comparisons:
            _say_empty(ax, "Only one group: nothing to compare.")
            return fig
        labels = []
        for i, c in enumerate(comparisons):
            diff, low, high = (c.get(k) for k in ("median_diff", "ci_low", "ci_high"))
            metric = dict(PHASES).get(str(c.get("metric")), str(c.get("metric")))
            labels.append(f"{c.get('other')} vs {c.get('baseline')}: {metric}")
            if diff is None:
                ax.text(0, i, "  no data", va="center", color=GREY)
                continue
            lo = (low if low is not None else diff) / 60.0
            hi = (high if high is not None else diff) / 60.0
            crosses = lo <= 0 <= hi
            colour = GREY if crosses else (GREEN if diff < 0 else RED)
            ax.errorbar(
                diff / 60.0,
                i,
                xerr=[[diff / 60.0 - lo], [hi - diff / 60.0]],
                fmt="o",
                color=colour,
                capsize=4,
            )
        ax.axvline(0, color="black", linewidth=1)
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlabel("minutes (95% bootstrap confidence interval)")
        ax.grid(axis="x", alpha=0.3)
        return fig


# ---------------------------------------------------------------- output


@contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """Silence matplotlib's "Glyph ... missing from font" for emoji and rare scripts in names.

    SVG text is drawn by the browser with its own fonts (``svg.fonttype: none``); in a PNG the
    character shows as a box. Neither is worth a warning on the console of every report.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning
        )
        yield


def figure_svg(fig: Figure, salt: str) -> str:
    """The figure as an inline ``<svg>`` element that scales to its container.

    ``salt`` prefixes every element id (and the references to it), so several inline SVGs on
    one page never share an id; it also seeds matplotlib's hashed ids (deterministic output).
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}), _quiet_glyphs():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    ids = set(re.findall(r'\sid="([^"]+)"', text))
    text = re.sub(r'(\sid=")([^"]+)"', lambda m: f'{m[1]}{salt}-{m[2]}"', text)
    text = re.sub(
        r"#([A-Za-z_][\w.-]*)(?=[\")])",
        lambda m: f"#{salt}-{m[1]}" if m[1] in ids else m[0],
        text,
    )
    text = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"', r"\1", text, count=1)
    text = re.sub(r'(<svg[^>]*?)\sheight="[^"]*"', r"\1", text, count=1)
    return text.replace("<svg", '<svg role="img" style="width:100%;height:auto"', 1)


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (Agg, offscreen)."""
    buffer = io.BytesIO()
    with _quiet_glyphs():
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
