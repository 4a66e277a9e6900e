"""The run charts of one report, built once and shared by every format written in one call.

``gameday report --format html,pdf`` used to build each chart twice (the HTML page's SVG and
the PDF's PNG from separate figures). :class:`RunFigures` builds each chart's figure the first
time a format asks for it and hands the same figure to the next, and keeps what each format
rendered from it (SVG text, PNG bytes by resolution), so nothing is drawn twice in one call.
Formats that show no charts (Markdown, JSON) never ask, so they never import matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reports.viewmodel import ChartData, ReportModel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The run charts in report order: id -> the function of reports.charts that draws it.
CHART_IDS = ("phases", "cadence", "impact")


def _builder(chart: str) -> Callable[[ChartData], Figure]:
    from reports import charts

    builders: dict[str, Callable[[ChartData], Figure]] = {
        "phases": charts.phase_timeline_figure,
        "cadence": charts.cadence_figure,
        "impact": charts.impact_figure,
    }
    return builders[chart]


class RunFigures:
    """Figures (and their SVG / PNG renderings) of one report model, each made once.

    Args:
        model: the report whose charts these are.
    """

    def __init__(self, model: ReportModel) -> None:
        self.model = model
        self._figures: dict[str, Figure] = {}
        self._svg: dict[tuple[str, str], str] = {}
        self._png: dict[tuple[str, int], bytes] = {}
        #: How many figures were built (each chart at most once).
        self.built = 0

    def figure(self, chart: str) -> Figure:
        """The figure of ``chart`` (one of :data:`CHART_IDS`), built on first use."""
        if chart not in self._figures:
            self._figures[chart] = _builder(chart)(self.model.charts)
            self.built += 1
        return self._figures[chart]

    def svg(self, chart: str, salt: str) -> str:
        """The chart as inline SVG (:func:`reports.charts.figure_svg`), rendered once."""
        from reports.charts import figure_svg

        key = (chart, salt)
        if key not in self._svg:
            self._svg[key] = figure_svg(self.figure(chart), salt)
        return self._svg[key]

    def png(self, chart: str, dpi: int = 150) -> bytes:
        """The chart as PNG bytes (:func:`reports.charts.figure_png`), rendered once."""
        from reports.charts import figure_png

        key = (chart, dpi)
        if key not in self._png:
            self._png[key] = figure_png(self.figure(chart), dpi=dpi)
        return self._png[key]
