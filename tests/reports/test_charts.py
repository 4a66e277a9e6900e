"""Charts: Figure only (never pyplot), what each chart draws, SVG and PNG output, batch charts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from reports.charts import (
    LIGHT,
    Theme,
    batch_comparison_figure,
    batch_ecdf_figure,
    cadence_figure,
    figure_png,
    figure_svg,
    impact_chart,
    impact_figure,
    phase_chart,
    phase_timeline_figure,
)
from reports.scored import ScoredRun, score_run
from reports.viewmodel import ReportModel
from simulator.journal import Record
from tests.fixtures.journals.builder import batch_doc

ROOT = Path(__file__).resolve().parents[2]


def test_run_charts_are_figures_with_titles(model: ReportModel) -> None:
    figures = [
        phase_timeline_figure(model.charts),
        cadence_figure(model.charts),
        impact_figure(model.charts),
    ]
    assert all(isinstance(f, Figure) for f in figures)
    assert [f.axes[0].get_title() for f in figures] == [
        "Phase timeline: from impact start to resolution",
        "Communication cadence: minutes since the previous update",
        "Impact over time: users affected",
    ]


def test_phase_timeline_has_a_bar_per_phase_and_marker_lanes(model: ReportModel) -> None:
    ax = phase_timeline_figure(model.charts).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-2:] == ["Injects & alerts", "Actions"]
    assert len(ax.patches) == 6  # one bar per phase (all happened in the fixture)
    widths = sorted(round(p.get_width(), 2) for p in ax.patches)
    # minutes; the restart that relapsed does not count as mitigating
    assert widths == [1.5, 2.5, 4.5, 7.5, 27.0, 32.0]


def test_cadence_bars_are_the_gaps_with_the_required_interval(model: ReportModel) -> None:
    ax = cadence_figure(model.charts).axes[0]
    assert [round(p.get_height(), 2) for p in ax.patches] == [5.0, 16.0, 4.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["14:17", "14:33", "end 14:37"]
    assert ax.get_lines()[0].get_ydata()[0] == 30.0


def test_impact_chart_marks_every_mitigation(model: ReportModel) -> None:
    fig = impact_figure(model.charts)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "14:21 restart of payments-api applied",
        "14:22 scale of payments-api applied",
        "14:24 restart of payments-api: reduces",
        "14:26 rollback of payments-api applied",
        "14:26 scale of payments-api: none",
        "14:32 rollback of payments-api: resolves",
    ]


@pytest.mark.parametrize("dark", [False, True])
def test_legends_never_cover_axis_labels_and_charts_take_the_theme(
    model: ReportModel, dark: bool
) -> None:
    theme = Theme("#202124", "#e8eaed", "#5f6368") if dark else LIGHT
    for figure in (
        impact_figure(model.charts, theme),
        phase_timeline_figure(model.charts, theme),
        cadence_figure(model.charts, theme),
    ):
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        ax = figure.axes[0]
        label = ax.xaxis.label.get_window_extent(renderer)
        ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        for legend in [*figure.legends, *filter(None, [ax.get_legend()])]:
            box = legend.get_window_extent(renderer)
            assert not box.overlaps(label), "the legend covers the axis label"
            assert not any(box.overlaps(t) for t in ticks), "the legend covers tick labels"
        assert to_hex(figure.get_facecolor()) == to_hex(theme.background)
        assert to_hex(ax.xaxis.label.get_color()) == to_hex(theme.foreground)


def test_run_helpers_take_a_scored_run(run: ScoredRun, records: list[Record]) -> None:
    assert isinstance(phase_chart(run), Figure)
    assert isinstance(impact_chart(score_run(records, None)), Figure)


def test_svg_is_inline_scalable_and_png_is_png(model: ReportModel) -> None:
    svg = figure_svg(phase_timeline_figure(model.charts), "x1")
    assert svg.startswith('<svg role="img" style="width:100%;height:auto"')
    assert "<?xml" not in svg
    head = svg[: svg.index(">")]
    assert 'width="' not in head and 'height="' not in head and "viewBox" in head
    assert 'id="x1-' in svg
    assert figure_png(cadence_figure(model.charts), dpi=50).startswith(b"\x89PNG")


def test_batch_charts_show_each_phase_and_comparison() -> None:
    doc = batch_doc()
    ecdf = batch_ecdf_figure(doc)
    assert len(ecdf.axes) == 6
    mitigate = ecdf.axes[4]
    assert mitigate.get_title() == "Time to mitigate"
    assert [t.get_text() for t in mitigate.get_legend().get_texts()] == [
        "acme",
        "no-runbook (2 never)",
    ]
    assert ecdf.axes[3].get_legend() is None  # no status-page times at all
    comparison = batch_comparison_figure(doc).axes[0]
    assert [t.get_text() for t in comparison.get_yticklabels()] == [
        "no-runbook vs acme: Time to mitigate",
        "no-runbook vs acme: MTTD (time to detect)",
    ]


def test_charts_never_import_pyplot() -> None:
    code = (
        "import sys\n"
        "from tests.fixtures.journals.builder import fixture_bundle, good_run\n"
        "from reports.charts import phase_chart, impact_chart, cadence_chart, figure_svg\n"
        "from reports.scored import score_run\n"
        "run = score_run(good_run(), fixture_bundle())\n"
        "for make in (phase_chart, impact_chart, cadence_chart):\n"
        "    figure_svg(make(run), 'x')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
