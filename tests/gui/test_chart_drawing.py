"""Live charts draw a grown figure in steps (one axes per event-loop turn), to the same pixels
a one-shot draw gives, and show the new points when the steps end."""

from __future__ import annotations

from typing import Any

import numpy as np

from gui.charts import HealthCharts
from scenarios import BUNDLED_DIR
from simulator.journal import Record
from simulator.loading import load_scenario


def _sample(t: float, error_rate: float) -> Record:
    metrics = {
        "payments-api.error_rate": error_rate,
        "payments-api.p99_latency": 240.0,
        "checkout-web.conversion": 3.1,
        "postgres-payments.cpu": 35.0,
    }
    return Record(1, t, "sample", "world", {"users": 0, "metrics": metrics})


def _charts(qtbot: Any) -> HealthCharts:
    scenario, _ = load_scenario(BUNDLED_DIR / "payments-bad-deploy.yaml")
    assert scenario is not None
    charts = HealthCharts(scenario)
    qtbot.addWidget(charts)
    charts.resize(420, 420)
    charts.show()
    qtbot.waitExposed(charts)
    qtbot.waitUntil(lambda: charts.ready)
    return charts


def _pixels(charts: HealthCharts) -> Any:
    canvas: Any = charts.canvas
    return np.asarray(canvas.buffer_rgba()).copy()


def test_a_grown_figure_is_drawn_one_axes_per_turn_to_the_one_shot_pixels(qtbot: Any) -> None:
    charts = _charts(qtbot)
    stepped: Any = charts._stepped
    charts.add_record(_sample(60.0, 21.0))
    charts.redraw()  # 21 needs a taller axis: the background is drawn again, in steps
    assert not charts.ready and stepped.running
    before = stepped.steps
    qtbot.waitUntil(lambda: charts.ready)
    assert stepped.steps - before == 4  # the patch with the first axes, then one per turn
    assert charts.axes["payments-api.error_rate"].get_ylim() == (0.0, 25.0)
    in_steps = _pixels(charts)
    canvas: Any = charts.canvas
    canvas.draw()  # the same figure drawn at once (its draw_event blits the lines)
    assert np.array_equal(in_steps, _pixels(charts))
    charts.stop()


def test_points_arriving_during_the_steps_are_shown_when_they_end(qtbot: Any) -> None:
    charts = _charts(qtbot)
    stepped: Any = charts._stepped
    charts.add_record(_sample(60.0, 21.0))
    charts.redraw()
    assert stepped.running
    charts.add_record(_sample(120.0, 20.0))  # within the new limits: no restart
    charts.redraw()
    assert (charts.full_draws, stepped.running) == (1, True)
    qtbot.waitUntil(lambda: charts.ready)
    line = charts.lines["payments-api.error_rate"]
    assert list(line.get_ydata()) == [21.0, 20.0]
    with_both = _pixels(charts)
    canvas: Any = charts.canvas
    canvas.draw()
    assert np.array_equal(with_both, _pixels(charts))
    charts.stop()
