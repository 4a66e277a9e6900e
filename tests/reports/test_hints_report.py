"""The beginner's hints in the post-mortem: every hint the coach gave is a journal record, and
the report lists them under "Hints given" (time and text) only when hints were on."""

from __future__ import annotations

from reports.html import render_html
from reports.markdown import render_markdown
from reports.scored import score_run
from reports.templating import html_environment
from reports.viewmodel import ReportModel, build_report
from simulator.engine import Exercise
from tests.simulator.agents.test_coach import _declared
from tests.simulator.language.contexts import payments

_HINTS_MD = """## Hints Given

- **14:09** (T+7m25s) T1's time-box ran out — follow up with its owner (IC-07): “Where are we on T1?”
- **14:10** (T+8m30s) nobody is communications lead yet (IC-04): page one and name them, e.g. “Lena, you're comms lead”.
- **14:32** (T+30m30s) no update for 25m; the SEV-2 cadence is every 30m (ORG-01). Say “Post an update”.

## Facilitator Notes"""  # noqa: E501


def _report(hints: bool) -> tuple[ReportModel, Exercise]:
    exercise = _declared(hints=hints)
    exercise.advance(1560)
    return build_report(score_run(tuple(exercise.records), payments())), exercise


def test_every_hint_is_listed_in_the_report_with_its_time() -> None:
    model, exercise = _report(hints=True)
    coached = [r for r in exercise.records if r.kind == "message" and r.actor == "coach"]
    assert len(coached) == 3  # every hint given is a journal record
    assert model.hints_on
    assert [n.text for n in model.hints] == [
        "T1's time-box ran out — follow up with its owner (IC-07): “Where are we on T1?”",
        "nobody is communications lead yet (IC-04): page one and name them, e.g. "
        "“Lena, you're comms lead”.",
        "no update for 25m; the SEV-2 cadence is every 30m (ORG-01). Say “Post an update”.",
    ]
    assert [(n.time, n.offset) for n in model.hints] == [
        ("14:09", "T+7m25s"),
        ("14:10", "T+8m30s"),
        ("14:32", "T+30m30s"),
    ]
    assert _HINTS_MD in render_markdown(model)
    html = render_html(model)
    assert '<section id="hints-given">\n<h2>Hints Given</h2>' in html
    assert (
        "<li><strong>14:32</strong> (T+30m30s) no update for 25m; the SEV-2 "
        "cadence is every 30m (ORG-01). Say “Post an update”.</li>"
    ) in html
    qt = html_environment().get_template("report.qt.html.j2").render(m=model, charts=[])
    assert "<h2>Hints Given</h2>\n<ul><li><b>14:09</b> T1" in qt
    assert "<li><b>14:32</b> no update for 25m;" in qt


def test_without_hints_the_report_has_no_hints_section() -> None:
    model, _exercise = _report(hints=False)
    assert not model.hints_on and model.hints == ()
    assert "Hints Given" not in render_markdown(model)
    assert "hints-given" not in render_html(model)
