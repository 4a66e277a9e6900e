"""One report call builds each chart once for all its formats; formats without charts never
import matplotlib, and none but the PDF imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import reports.charts
from reports.export import write_report
from reports.figures import CHART_IDS, RunFigures
from reports.html import render_html
from reports.viewmodel import ReportModel
from simulator.bundle import Bundle
from simulator.journal import Record

ROOT = Path(__file__).resolve().parents[2]


def test_html_and_pdf_of_one_call_share_each_figure(
    records: list[Record], bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    for name in ("phase_timeline_figure", "cadence_figure", "impact_figure"):
        real = getattr(reports.charts, name)

        def counting(data: Any, _real: Any = real, _name: str = name) -> Any:
            built.append(_name)
            return _real(data)

        monkeypatch.setattr(reports.charts, name, counting)
    written = write_report(records, bundle, tmp_path, "html,md,pdf,json")
    assert [p.name for p in written] == ["report.html", "report.md", "report.pdf", "report.json"]
    assert sorted(built) == ["cadence_figure", "impact_figure", "phase_timeline_figure"]
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_shared_figures_render_what_fresh_ones_do(model: ReportModel) -> None:
    figures = RunFigures(model)
    assert render_html(model, figures) == render_html(model)
    assert figures.built == len(CHART_IDS)
    assert figures.png("impact") is figures.png("impact")  # rendered once, then kept


@pytest.mark.parametrize(
    ("fmt", "absent"),
    [
        ("md", ["matplotlib", "PySide6", "numpy"]),
        ("json", ["matplotlib", "PySide6", "numpy", "jinja2"]),
        ("html", ["PySide6"]),
    ],
)
def test_each_format_imports_only_what_it_needs(
    fmt: str, absent: list[str], tmp_path: Path
) -> None:
    run = tmp_path / "run"
    assert (
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "run",
                str(ROOT / "scenarios" / "payments-bad-deploy.yaml"),
                "--out",
                str(run),
            ],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    probe = (
        "import sys, io, contextlib, main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main.main(['report', {str(run)!r}, '--format', {fmt!r}])\n"
        f"print(code, sorted(m for m in {absent!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.strip() == "0 []", done.stderr
