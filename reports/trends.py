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
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _empty(fig: Figure, title: str, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11)
    ax.set_axis_off()
    return fig


def _month_ticks(ax: object, months: Sequence[str]) -> None:
    step = max(1, len(months) // 12)
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
            _month_ticks(ax, [b.month for b in bands])
        axes.flat[0].legend(loc="upper left", frameon=False, fontsize=8)
    return fig


def scores_figure(t: Trends) -> Figure:
    """Score by family over time, one line per trainee (or team), monthly means."""
    with matplotlib.rc_context(STYLE):
        families = [f for f in t.family_titles if f in t.scores]
        fig = _figure(8.0, 1.9 * max(1, (len(families) + 2) // 3) + 0.8)
        who = "team" if t.group_by == "team" else "trainee"
        title = f"Score by family over time, per {who} (monthly mean, 0–100)"
        if not families:
            return _empty(fig, title, "No scored exercises match the filter.")
        cols = 3
        rows = (len(families) + cols - 1) // cols
        axes = fig.subplots(rows, cols, squeeze=False)
        fig.suptitle(title)
        groups = sorted({g for f in families for g in t.scores[f]})
        colour = {g: LINE_COLOURS[i % len(LINE_COLOURS)] for i, g in enumerate(groups)}
        months = t.months or sorted(
            {m for f in families for s in t.scores[f].values() for m, _ in s}
        )
        where = {m: i for i, m in enumerate(months)}
        for ax, family in zip(axes.flat, families, strict=False):
            for group, points in t.scores[family].items():
                ax.plot(
                    [where.get(m, 0) for m, _ in points],
                    [v for _, v in points],
                    marker="o",
                    ms=3,
                    color=colour[group],
                    label=group,
                )
            ax.set_title(t.family_titles[family], fontsize=9)
            ax.set_ylim(0, 105)
            _month_ticks(ax, months)
            ax.tick_params(labelsize=7)
        for ax in list(axes.flat)[len(families) :]:
            ax.set_axis_off()
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(
            handles, labels, loc="outside lower center", ncols=min(4, len(labels)), frameon=False
        )
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
                f"open {p.open} · in progress {p.in_progress} · done {p.done} · "
                f"overdue {p.overdue}"
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
