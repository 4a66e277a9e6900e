"""The self-contained HTML report: one file, charts inline as SVG, a print stylesheet."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reports.charts import cadence_figure, figure_svg, impact_figure, phase_timeline_figure
from reports.templating import html_environment
from reports.viewmodel import ReportModel


@dataclass(frozen=True)
class InlineChart:
    """A chart ready for the template."""

    id: str
    caption: str
    svg: Markup


def run_charts(model: ReportModel) -> list[InlineChart]:
    """The three run charts as inline SVG (matplotlib escapes the text it draws)."""
    data = model.charts
    made = (
        (
            "phases",
            "Phase timeline: each bar runs from its anchor (impact start or detection) "
            "to the event; ticks mark injects, alerts and actions.",
            phase_timeline_figure(data),
        ),
        (
            "cadence",
            "Internal updates: minutes since the previous update (or the declaration) "
            "against the interval the severity requires.",
            cadence_figure(data),
        ),
        (
            "impact",
            "Users affected over time; dotted lines: mitigation applied, solid lines: "
            "it took effect (green resolves, blue reduces, grey none, red worsens).",
            impact_figure(data),
        ),
    )
    return [
        InlineChart(cid, caption, Markup(figure_svg(fig, salt=f"gameday-{cid}")))
        for cid, caption, fig in made
    ]


def render_html(model: ReportModel) -> str:
    """The report as one self-contained HTML document."""
    template = html_environment().get_template("report.html.j2")
    return template.render(m=model, charts=run_charts(model))
