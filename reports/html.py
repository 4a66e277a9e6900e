"""The self-contained HTML report: one file, charts inline as SVG, a print stylesheet."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reports.figures import RunFigures
from reports.templating import html_environment
from reports.viewmodel import ReportModel


@dataclass(frozen=True)
class InlineChart:
    """A chart ready for the template."""

    id: str
    caption: str
    svg: Markup


def run_charts(model: ReportModel, figures: RunFigures | None = None) -> list[InlineChart]:
    """The three run charts as inline SVG (matplotlib escapes the text it draws).

    ``figures``: the report call's shared figures (:mod:`reports.figures`), so a PDF written
    in the same call reuses them; a fresh set when None.
    """
    shared = figures if figures is not None else RunFigures(model)
    captions = (
        (
            "phases",
            "Phase timeline: each bar runs from its anchor (impact start or detection) "
            "to the event; ticks mark injects, alerts and actions.",
        ),
        (
            "cadence",
            "Internal updates: minutes since the previous update (or the declaration) "
            "against the interval the severity requires.",
        ),
        (
            "impact",
            "Users affected over time; dotted lines: mitigation applied, solid lines: "
            "it took effect (green resolves, blue reduces, grey none, red worsens).",
        ),
    )
    return [
        InlineChart(cid, caption, Markup(shared.svg(cid, salt=f"gameday-{cid}")))
        for cid, caption in captions
    ]


def render_html(model: ReportModel, figures: RunFigures | None = None) -> str:
    """The report as one self-contained HTML document (charts from ``figures`` if given)."""
    template = html_environment().get_template("report.html.j2")
    return template.render(m=model, charts=run_charts(model, figures))
