"""The Markdown report: the same sections as the HTML one, as text to paste into a wiki or an
issue tracker (no charts; every value escaped)."""

from __future__ import annotations

from reports.templating import markdown_environment
from reports.viewmodel import ReportModel
from simulator.problems import printable


def render_markdown(model: ReportModel) -> str:
    """The report as GitHub-flavoured Markdown."""
    text = markdown_environment().get_template("report.md.j2").render(m=model)
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    # text from the scenario, team, runbooks or journal never carries an escape sequence or a
    # bidi override into a terminal (cat report.md) or a Markdown viewer
    return printable("\n".join(out).strip() + "\n")
