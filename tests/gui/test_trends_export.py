"""The Trends view exports each chart as PNG or SVG and the whole view as one HTML page, and
its filters narrow every chart and table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.trends import CHARTS
from scenarios import BUNDLED_DIR
from simulator.engine.runner import run_to_dir
from simulator.loading import load_bundle


def test_charts_and_the_view_export(main_window: Any, runs_dir: Path, tmp_path: Path) -> None:
    for name, seed in (
        ("payments-bad-deploy", 1),
        ("payments-bad-deploy", 2),
        ("orders-db-primary-failover", 1),
    ):
        bundle, _ = load_bundle(BUNDLED_DIR / f"{name}.yaml")
        assert bundle is not None
        run_to_dir(bundle, seed, runs_dir / f"{name}-{seed}")
    trends = main_window.history_pages.show_trends()
    assert trends.trends.runs == 3
    assert trends.summary.text().startswith("3 exercises from ")
    spec = next(c for c in CHARTS if c.id == "phases")
    png = trends.export_chart(spec, "png", tmp_path / "phases.png")
    assert png is not None and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = trends.export_chart(spec, "svg", tmp_path / "phases.svg")
    assert svg is not None and svg.read_text().startswith("<svg")
    trends.scenario.setCurrentIndex(trends.scenario.findData("payments-bad-deploy"))
    assert trends.trends.runs == 2
    page = trends.export_report(tmp_path / "trends.html")
    assert page is not None
    html = page.read_text()
    assert "<h1>Exercise trends</h1>" in html
    assert "<dt>Showing</dt><dd>Checkout down: a bad payments deploy</dd>" in html
    assert html.count("<svg") == len(CHARTS)
    assert "Phase times by month" in html and "Repeat patterns" in html
