"""Reports of an imported timeline without an impact start: every metric measured from it reads
"not recorded" with the reason (never 0, never "None"), the phase chart draws no bar for it,
and the objectives that could not be measured are listed as neither passed nor failed."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle
from pypdf import PdfReader

from reports.batch import batch_rows
from reports.charts import phase_timeline_figure
from reports.html import render_html
from reports.markdown import render_markdown
from reports.scored import score_run
from reports.viewmodel import ReportModel, build_report
from simulator.importing.timeline import import_timeline

ROOT = Path(__file__).resolve().parents[2]
NO_IMPACT = "no impact start (when users were first affected)"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> ReportModel:
    source = ROOT / "scenarios" / "timelines" / "cloudflare-waf-2019.csv"
    text = "".join(
        line + "\n"
        for line in source.read_text(encoding="utf-8").splitlines()
        if ",impact_start," not in line
    )
    path = tmp_path_factory.mktemp("t") / "cf.csv"
    path.write_text(text, encoding="utf-8")
    records = import_timeline(path)
    return build_report(score_run(records, None))


def test_the_phase_table_says_not_recorded_and_why(model: ReportModel) -> None:
    assert model.phases == (
        ("MTTD (time to detect)", f"not recorded: {NO_IMPACT}"),
        ("MTTA (time to acknowledge)", "2m"),
        ("Time to declare", "4m"),
        ("Time to first status-page post", "8m"),
        ("Time to mitigate", f"not recorded: {NO_IMPACT}"),
        ("Time to resolve", f"not recorded: {NO_IMPACT}"),
    )
    assert model.not_measured == (
        f"TIME-MTTD Detect the impact (MTTD): {NO_IMPACT}.",
        f"TIME-MITIGATE First effective mitigation: {NO_IMPACT}.",
        f"TIME-RESOLVE Resolve the incident: {NO_IMPACT}.",
    )
    assert "Duration: the impact start is not recorded." in model.impact.lines
    assert not any("into the impact" in lesson for lesson in model.lessons)


def test_the_phase_chart_draws_no_bar_from_zero_for_a_missing_anchor(model: ReportModel) -> None:
    figure = phase_timeline_figure(model.charts)
    ax = figure.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert len(bars) == 3  # MTTA, declare, status page: the three with both anchors
    texts = [t.get_text().strip() for t in ax.texts]
    assert texts.count(f"not recorded: {NO_IMPACT}") == 3
    assert "did not happen" not in texts and "never" not in texts


def test_markdown_and_html_list_what_could_not_be_measured(model: ReportModel) -> None:
    md = render_markdown(model)
    assert "Not measurable (not recorded), so neither passed nor failed:" in md
    assert f"- TIME-MTTD Detect the impact (MTTD): {NO_IMPACT}." in md
    assert f"| MTTD (time to detect) | not recorded: {NO_IMPACT} |" in md
    assert "| TIME-MTTD | Detect the impact (MTTD) | not recorded | ≤ 5m | N/R |" in md
    assert "None" not in md.replace("None recorded", "")
    html = render_html(model)
    assert '<span class="rating rating-NR" title="Not measurable (not recorded)">N/R</span>' in html
    assert ".rating-NR {" in html


def test_pdf_says_not_recorded(model: ReportModel, qapp: object) -> None:
    from reports.pdf import render_pdf

    pages = PdfReader(io.BytesIO(render_pdf(model))).pages
    # the PDF's text has tabs and new lines between words, and ligatures (ﬁ, ﬀ)
    text = unicodedata.normalize(
        "NFKC", " ".join(" ".join(p.extract_text().split()) for p in pages)
    )
    assert f"not recorded: {NO_IMPACT}" in text
    assert "Not measurable (not recorded), so neither passed nor failed:" in text


def test_batch_rows_say_how_many_runs_recorded_each_phase() -> None:
    runs = [
        {"seed": 1, "mttd": 60.0, "mtta": None, "not_recorded": {"mtta": "no page"}},
        {"seed": 2, "mttd": 90.0, "mtta": 30.0, "not_recorded": {}},
        {"seed": 3, "mttd": None, "mtta": None, "not_recorded": {}},
    ]
    doc = {
        "groups": [
            {
                "name": "g",
                "team": "t",
                "variant": "",
                "runs": runs,
                "unresolved_share": 0.0,
                "summary": {
                    "mttd": {"median": 75.0, "p10": 63.0, "p90": 87.0, "n": 2, "not_recorded": 0},
                    "mtta": {"median": 30.0, "p10": 30.0, "p90": 30.0, "n": 1, "not_recorded": 1},
                },
            }
        ]
    }
    phases = batch_rows(doc)["groups"][0]["phases"]
    assert [p["n"] for p in phases[:2]] == ["2 of 3", "1 of 3 (1 not recorded)"]


def test_charts_say_not_recorded_instead_of_drawing_zeros(model: ReportModel) -> None:
    from reports.charts import cadence_figure, impact_figure

    impact = impact_figure(model.charts).axes[0]
    assert "Users affected: not recorded" in [t.get_text() for t in impact.texts]
    assert impact.get_yticks().tolist() == []
    assert not impact.collections  # no filled curve at 0 users
    fastly = import_timeline(ROOT / "scenarios" / "timelines" / "fastly-2021-06-08.csv")
    charts = build_report(score_run(fastly, None)).charts
    cadence = cadence_figure(charts).axes[0]
    assert [t.get_text() for t in cadence.texts] == [
        "Not recorded: no internal update in the timeline."
    ]
    assert not cadence.patches
