"""Live charts: values and time beyond the current limits make the axes grow at once, so a
line never runs off screen; the charts take the app's palette."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from matplotlib.colors import to_hex
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from gui.charts import HealthCharts, nice_ceiling
from scenarios import BUNDLED_DIR
from simulator.journal import Record
from simulator.loading import load_scenario


def test_nice_ceiling() -> None:
    assert [nice_ceiling(v) for v in (0.0, 0.3, 4.2, 6.0, 11.5, 37.5, 240.0, 1725.0)] == [
        1.0,
        0.5,
        5.0,
        10.0,
        20.0,
        50.0,
        250.0,
        2000.0,
    ]


def _sample(t: float, error_rate: float) -> Record:
    metrics = {
        "payments-api.error_rate": error_rate,
        "payments-api.p99_latency": 240.0,
        "checkout-web.conversion": 3.1,
        "postgres-payments.cpu": 35.0,
    }
    return Record(1, t, "sample", "world", {"users": 0, "metrics": metrics})


def test_limits_grow_at_once_so_a_jumping_line_stays_on_screen(qtbot: Any) -> None:
    scenario, _ = load_scenario(BUNDLED_DIR / "payments-bad-deploy.yaml")
    assert scenario is not None
    charts = HealthCharts(scenario)
    qtbot.addWidget(charts)
    charts.resize(400, 400)
    charts.show()
    qtbot.waitExposed(charts)
    qtbot.waitUntil(lambda: charts.ready)
    ax = charts.axes["payments-api.error_rate"]
    # baseline 0.3 and threshold 5 fit under 10 (5 x 1.15 -> next nice number)
    assert ax.get_ylim() == (0.0, 10.0) and ax.get_xlim() == (0.0, 30.0)
    charts.add_record(_sample(60.0, 21.0))
    charts.redraw()  # the value needs a taller axis: a full draw now
    assert (charts.full_draws, ax.get_ylim()) == (1, (0.0, 25.0))
    qtbot.waitUntil(lambda: charts.ready)
    for minute, value in ((2, 30.0), (3, 37.5), (40, 37.5)):
        charts.add_record(_sample(minute * 60.0, value))
    charts.redraw()  # right after the last full draw: still grown at once, never clipped
    assert (charts.full_draws, ax.get_ylim(), ax.get_xlim()) == (2, (0.0, 50.0), (0.0, 60.0))
    qtbot.waitUntil(lambda: charts.ready)
    charts.add_record(_sample(41 * 60.0, 12.0))
    charts.redraw()  # inside the limits: only the lines are blitted
    assert charts.full_draws == 2
    line = charts.lines["payments-api.error_rate"]
    assert list(line.get_ydata()) == [21.0, 30.0, 37.5, 37.5, 12.0]
    assert list(line.get_xdata()) == [1.0, 2.0, 3.0, 40.0, 41.0]
    low, high = ax.get_ylim()
    assert all(low <= y <= high for y in line.get_ydata())
    assert max(line.get_xdata()) <= ax.get_xlim()[1]
    charts.stop()


def test_live_charts_take_a_dark_palette(qtbot: Any) -> None:
    saved = QGuiApplication.palette()
    palette = QPalette(saved)
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
    QGuiApplication.setPalette(palette)
    try:
        scenario, _ = load_scenario(BUNDLED_DIR / "payments-bad-deploy.yaml")
        assert scenario is not None
        charts = HealthCharts(scenario)
        qtbot.addWidget(charts)
        ax = charts.axes["payments-api.error_rate"]
        assert to_hex(charts.figure.get_facecolor()) == "#2b2b2b"
        assert to_hex(ax.get_facecolor()) == "#2b2b2b"
        assert to_hex(ax.xaxis.get_ticklabels()[0].get_color()) == "#e6e6e6"
        charts.stop()
    finally:
        QGuiApplication.setPalette(saved)


def _text_boxes(charts: HealthCharts) -> tuple[list[Any], list[Any]]:
    """Window extents of every y tick label and every title, as drawn."""
    charts.canvas.draw()
    renderer = charts.figure.canvas.get_renderer()
    ticks, titles = [], []
    for ax in charts.axes.values():
        low, high = ax.get_ylim()
        for label in ax.get_yticklabels():
            if label.get_text() and low <= label.get_position()[1] <= high:
                ticks.append(label.get_window_extent(renderer))
        titles.append(ax.title.get_window_extent(renderer))
    return ticks, titles


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [
        ("customer-data-exfiltration", 270, 380),
        ("customer-data-exfiltration", 900, 380),
        ("storefront-traffic-surge", 240, 360),  # seven charts in a short column
    ],
)
def test_narrow_or_wide_charts_keep_labels_and_titles_inside(
    qtbot: Any, name: str, width: int, height: int
) -> None:
    scenario, _ = load_scenario(BUNDLED_DIR / f"{name}.yaml")
    assert scenario is not None
    charts = HealthCharts(scenario)
    qtbot.addWidget(charts)
    charts.resize(width, height)
    charts.show()
    qtbot.waitExposed(charts)
    for key in charts.axes:  # five-digit values: the widest tick labels
        charts.series[key][0].append(1.0)
        charts.series[key][1].append(18000.0)
    charts.stop()  # grows the limits and fits the layout again
    ticks, titles = _text_boxes(charts)
    for ax in charts.axes.values():  # value labels of one chart never touch each other
        renderer = charts.figure.canvas.get_renderer()
        low, high = ax.get_ylim()
        boxes = sorted(
            (
                t.get_window_extent(renderer)
                for t in ax.get_yticklabels()
                if t.get_text() and low <= t.get_position()[1] <= high
            ),
            key=lambda b: b.y0,
        )
        assert all(a.y1 + 2 <= b.y0 for a, b in pairwise(boxes))  # a little air between
    figure = charts.figure.bbox
    assert ticks and all(box.x0 >= 0 and box.x1 <= figure.x1 for box in ticks)
    assert all(box.x0 >= 0 and box.x1 <= figure.x1 + 1 and box.y1 <= figure.y1 for box in titles)
    # titles side by side never run into each other
    for left, right in zip(titles[0::2], titles[1::2], strict=False):
        assert left.x1 <= right.x0
    full = [f"{s.name}: {m.name}" for s in scenario.services for m in s.metrics]
    assert all(name in charts.canvas.toolTip() for name in full)
