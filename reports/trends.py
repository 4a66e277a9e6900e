"""Charts and the HTML report of the Trends view, from :class:`simulator.history.trends.Trends`.

Every chart is a :class:`matplotlib.figure.Figure` (never pyplot), so the app shows it on a
canvas and the files are the same figure saved: PNG or SVG one by one
(:func:`save_chart`), or all together in one self-contained HTML page (:func:`render_trends_html`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.charts import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    RED,
    SKY,
    STYLE,
    figure_png,
    figure_svg,
)
from reports.export import atomic_write
from reports.templating import html_environment
from simulator.history.trends import Trends

PHASE_LABELS = {
    "mttd": "MTTD (time to detect)",
    "mtta": "MTTA (time to acknowledge)",
    "time_to_mitigate": "Time to mitigate",
    "time_to_resolve": "Time to resolve",
}
SEVERITY_COLOURS = {"SEV-1": RED, "SEV-2": ORANGE, "SEV-3": SKY, "SEV-4": GREEN}
LINE_COLOURS = (BLUE, ORANGE, GREEN, RED, PURPLE, SKY, GREY)


def _figure(width: float = 8.0, height: float = 3.4) -> Figure:
    """A figure with fixed margins: constrained layout measures every tick label, which
    costs seconds over two years of months (the Trends view draws in under a second)."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.2, hspace=0.6, wspace=0.25)
    return fig


def _empty(fig: Figure, title: str, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11)
    ax.set_axis_off()
    return fig


def _month_ticks(ax: object, months: Sequence[str], most: int = 8) -> None:
    # a month or two still reads as months on a short axis, not one bar across the chart
    ax.set_xlim(-0.6, max(len(months), 6) - 0.4)  # type: ignore[attr-defined]
    step = max(1, -(-len(months) // most))
    ticks = list(range(0, len(months), step))
    ax.set_xticks(ticks)  # type: ignore[attr-defined]
    ax.set_xticklabels([months[i] for i in ticks], rotation=30, ha="right")  # type: ignore[attr-defined]


def severity_figure(t: Trends) -> Figure:
    """Exercises per month, stacked by severity."""
    with matplotlib.rc_context(STYLE):
        fig = _figure()
        title = "Exercises per month by severity"
        if not t.months:
            return _empty(fig, title, "No exercises match the filter.")
        ax = fig.add_subplot()
        bottom = [0] * len(t.months)
        x = list(range(len(t.months)))
        for i, (severity, counts) in enumerate(t.by_severity.items()):
            colour = SEVERITY_COLOURS.get(severity, LINE_COLOURS[i % len(LINE_COLOURS)])
            ax.bar(x, counts, bottom=bottom, label=severity, color=colour)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        ax.set_title(title)
        ax.set_ylabel("exercises")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _month_ticks(ax, t.months)
        ax.legend(loc="upper left", frameon=False, ncols=4)
    return fig


def phases_figure(t: Trends) -> Figure:
    """MTTD, MTTA, time to mitigate and to resolve per month: median and p10-p90 band."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(8.0, 5.2)
        title = "Phase times per month (median, p10–p90 band)"
        if not any(t.phases.values()):
            return _empty(fig, title, "No phase times recorded for these exercises.")
        axes = fig.subplots(2, 2, sharex=False)
        fig.suptitle(title)
        for ax, (phase, label) in zip(axes.flat, PHASE_LABELS.items(), strict=True):
            bands = t.phases.get(phase, [])
            ax.set_title(label, fontsize=10)
            if not bands:
                ax.text(0.5, 0.5, "not recorded", ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
                continue
            x = list(range(len(bands)))
            ax.fill_between(
                x,
                [b.p10 / 60 for b in bands],
                [b.p90 / 60 for b in bands],
                color=SKY,
                alpha=0.35,
                linewidth=0,
                label="p10–p90",
            )
            ax.plot(x, [b.median / 60 for b in bands], color=BLUE, marker="o", ms=3, label="median")
            ax.set_ylabel("minutes")
            ax.set_ylim(bottom=0)
            _month_ticks(ax, [b.month for b in bands], most=6)
        axes.flat[0].legend(loc="upper left", frameon=False, fontsize=8)
        fig.subplots_adjust(top=0.88, bottom=0.14, hspace=0.75)
    return fig


def scores_figure(t: Trends) -> Figure:
    """Score over time: overall per trainee (or team), and each family's monthly mean.

    Filter the view by a trainee or a team to see that one's families.
    """
    with matplotlib.rc_context(STYLE):
        fig = _figure(8.0, 5.0)
        who = "team" if t.group_by == "team" else "trainee"
        families = [f for f in t.family_titles if f in t.scores and f != "overall"]
        if "overall" not in t.scores and not families:
            return _empty(fig, "Scores over time", "No scored exercises match the filter.")
        months = t.months or sorted(
            {m for f in t.scores.values() for s in f.values() for m, _ in s}
        )
        where = {m: i for i, m in enumerate(months)}
        top, bottom = fig.subplots(2, 1)
        for i, (group, points) in enumerate(sorted(t.scores.get("overall", {}).items())):
            top.plot(
                [where.get(m, 0) for m, _ in points],
                [v for _, v in points],
                marker="o",
                ms=3,
                color=LINE_COLOURS[i % len(LINE_COLOURS)],
                label=group,
            )
        top.set_title(f"Overall score per {who} (monthly mean, 0–100)")
        for i, family in enumerate(families):
            merged: dict[str, list[float]] = {}
            for points in t.scores[family].values():
                for month, value in points:
                    merged.setdefault(month, []).append(value)
            xs = sorted(merged, key=lambda m: where.get(m, 0))
            bottom.plot(
                [where.get(m, 0) for m in xs],
                [sum(merged[m]) / len(merged[m]) for m in xs],
                marker=".",
                color=LINE_COLOURS[i % len(LINE_COLOURS)],
                linestyle="-" if i < len(LINE_COLOURS) else "--",
                label=t.family_titles[family],
            )
        bottom.set_title("Score by family (monthly mean of the exercises shown)")
        for ax in (top, bottom):
            ax.set_ylim(0, 105)
            _month_ticks(ax, months)
            ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=7)
        fig.subplots_adjust(left=0.07, right=0.74, top=0.93, bottom=0.12, hspace=0.55)
    return fig


def failed_figure(t: Trends) -> Figure:
    """The objectives most often rated M or U."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(8.0, 3.6)
        title = "Objectives most often failed (rated M or U)"
        if not t.failed:
            return _empty(fig, title, "No objective was failed in these exercises.")
        ax = fig.add_subplot()
        items = list(reversed(t.failed))
        labels = [f"{o.title} ({o.objective})" for o in items]
        ax.barh(range(len(items)), [o.failed for o in items], color=RED)
        ax.set_yticks(range(len(items)))
        ax.set_yticklabels([lab if len(lab) < 60 else lab[:57] + "…" for lab in labels], fontsize=8)
        for i, o in enumerate(items):
            ax.text(o.failed, i, f"  {o.failed} of {o.rated}", va="center", fontsize=8)
        ax.set_xlabel("runs where it was failed")
        fig.subplots_adjust(left=0.45, bottom=0.16)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
    return fig


def items_figure(t: Trends) -> Figure:
    """Action items: raised per month and how many of them are done."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(8.0, 3.2)
        p = t.items
        share = "" if p.completion is None else f" — {p.completion:.0%} done"
        title = f"Action items raised per month, and done{share}"
        if not t.items_by_month:
            return _empty(fig, "Action items", "No action items were raised by these exercises.")
        ax = fig.add_subplot()
        months = list(t.items_by_month)
        x = list(range(len(months)))
        raised = [t.items_by_month[m][0] for m in months]
        done = [t.items_by_month[m][1] for m in months]
        ax.bar(x, raised, color=GREY, alpha=0.5, label="raised")
        ax.bar(x, done, color=GREEN, label="done")
        ax.set_title(title)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _month_ticks(ax, months)
        ax.legend(
            loc="upper left",
            frameon=False,
            title=(
                f"open {p.open} · in progress {p.in_progress} · done {p.done} · overdue {p.overdue}"
            ),
            title_fontsize=8,
        )
    return fig


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the Trends view: its id (file name), caption and how it is drawn."""

    id: str
    caption: str
    draw: Callable[[Trends], Figure]


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("severity", "Exercises per month, by the incident's severity.", severity_figure),
    ChartSpec(
        "phases",
        "MTTD, MTTA, time to mitigate and time to resolve per month: the median, and the band "
        "between the 10th and 90th percentile.",
        phases_figure,
    ),
    ChartSpec(
        "scores",
        "Score by family over time for the most active trainees (or teams): monthly means.",
        scores_figure,
    ),
    ChartSpec("failed", "The objectives most often rated M or U.", failed_figure),
    ChartSpec("items", "Action items raised per month and how many are done.", items_figure),
)


def save_chart(fig: Figure, path: Path) -> Path:
    """Write a chart as PNG or SVG (by the file's suffix), atomically.

    Raises:
        ValueError: the suffix is neither ``.png`` nor ``.svg``.
        OSError: the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = figure_png(fig)
    elif suffix == ".svg":
        data = figure_svg(fig, salt=f"gameday-{path.stem}").encode("utf-8")
    else:
        raise ValueError(f"{path.name}: a chart is saved as .png or .svg")
    atomic_write(path, data)
    return path


@dataclass(frozen=True)
class _Inline:
    id: str
    caption: str
    svg: Markup


def render_trends_html(t: Trends, filter_text: str = "", generated: str = "") -> str:
    """The Trends view as one self-contained HTML page (charts inline as SVG, tables)."""
    charts = [
        _Inline(c.id, c.caption, Markup(figure_svg(c.draw(t), salt=f"trends-{c.id}")))
        for c in CHARTS
    ]
    stamp = generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    template = html_environment().get_template("trends.html.j2")
    return template.render(
        t=t,
        charts=charts,
        filter_text=filter_text or "all exercises",
        generated=stamp,
        phase_labels=PHASE_LABELS,
    )


def write_trends_html(t: Trends, path: Path, filter_text: str = "") -> Path:
    """Write :func:`render_trends_html` to ``path`` atomically."""
    atomic_write(path, render_trends_html(t, filter_text).encode("utf-8"))
    return path
