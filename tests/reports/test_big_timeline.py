"""Reports of very large runs: a timeline of thousands of same-time rows is shown bounded (its
ends and a notice of what was left out), the charts stay bounded, and the PDF is never blank."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from main import main
from reports.charts import phase_timeline_figure
from reports.scored import score_run
from reports.viewmodel import RUN_ENDS, TIMELINE_LIMIT, ReportModel, build_report
from simulator.importing.timeline import import_timeline

HEAD = "time,kind,actor,text\n2024-03-01T10:00:00Z,impact_start,ops,Checkout fails\n"
TAIL = (
    "2024-03-01T10:06:00Z,declare,ops,Incident declared\n"
    "2024-03-01T10:30:00Z,mitigated,ops,Rolled back\n"
    "2024-03-01T10:45:00Z,resolved,ops,Resolved\n"
)


def same_time_csv(path: Path, rows: int = 5000) -> Path:
    """``rows`` notes at the same minute between an impact start, a declaration, a
    mitigation and a resolution (the issue's reproduction)."""
    body = "".join(
        f"2024-03-01T10:05:00Z,note,ops,Pager alert {i} fired for checkout\n" for i in range(rows)
    )
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def mixed_csv(path: Path, pairs: int) -> Path:
    """``pairs`` alternating notes and findings: no run of one kind, so only the overall
    bound applies."""
    body = "".join(
        f"2024-03-01T10:05:00Z,note,ops,Looked at shard {i}\n"
        f"2024-03-01T10:05:00Z,finding,ops,Shard {i} is healthy\n"
        for i in range(pairs)
    )
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def model_of(csv: Path) -> ReportModel:
    return build_report(score_run(import_timeline(csv), None))


def test_a_run_of_same_time_rows_is_shown_by_its_ends_and_a_notice(tmp_path: Path) -> None:
    model = model_of(same_time_csv(tmp_path / "big.csv"))
    events = [row.event for row in model.timeline]
    assert len(events) == 16  # 1 + (5 + notice + 5) + 4: bounded, not 5,000
    assert events[:7] == [
        "Impact began",
        *(f"ops noted: Pager alert {i} fired for checkout" for i in range(RUN_ENDS)),
        "… 4,992 more entries of the same kind, see the journal",
    ]
    assert events[7:10] == [
        f"ops noted: Pager alert {i} fired for checkout" for i in (4997, 4998, 4999)
    ]
    assert events[-1] == "End of the recorded timeline"
    notice = model.timeline[6]
    assert (notice.time, notice.kind) == ("10:05", "omitted")


def test_a_long_timeline_of_mixed_kinds_keeps_its_first_and_last_rows(tmp_path: Path) -> None:
    model = model_of(mixed_csv(tmp_path / "mixed.csv", 1000))
    events = [row.event for row in model.timeline]
    assert len(events) == TIMELINE_LIMIT + 1
    half = TIMELINE_LIMIT // 2
    assert events[0] == "Impact began"
    notice = events[half]
    # 2,000 rows + impact, 6 closing rows = 2,007, of which 400 are shown
    assert notice == "… 1,607 more entries, see the journal"
    assert events[-1] == "End of the recorded timeline"
    seqs = [row.seq for row in model.timeline]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)  # unique HTML anchors


def test_a_short_timeline_is_shown_whole(tmp_path: Path) -> None:
    model = model_of(same_time_csv(tmp_path / "small.csv", rows=12))
    assert not [row for row in model.timeline if row.kind == "omitted"]
    assert len(model.timeline) == 1 + 12 + 6


def test_the_phase_chart_draws_one_line_per_lane_however_many_records(tmp_path: Path) -> None:
    model = model_of(same_time_csv(tmp_path / "big.csv"))
    assert len(model.charts.markers) >= 5000
    ax = phase_timeline_figure(model.charts).axes[0]
    ticks = [line for line in ax.get_lines() if line.get_marker() == "|"]
    assert len(ticks) == 1  # one lane (Actions); 5,000 same-time notes are one tick there
    assert np.asarray(ticks[0].get_xdata()).shape == (4,)  # 10:05, 10:06, 10:30, 10:45


def test_html_and_pdf_reports_of_the_big_timeline_are_bounded_and_have_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = same_time_csv(tmp_path / "big.csv")
    out = tmp_path / "out"
    assert main(["import-timeline", str(csv), "--out", str(out)]) == 0
    assert main(["report", str(out), "--format", "html,pdf,md"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert timeline.count("<tr id=") == 16
    assert "… 4,992 more entries of the same kind, see the journal" in timeline
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| 10:05 | … 4,992 more entries of the same kind, see the journal |\n" in md
    pdf = PdfReader(out / "report.pdf")
    assert len(pdf.pages) <= 8
    first = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    assert first.startswith("Post-Mortem: Incident declared")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "… 4,992 more entries of the same kind, see the journal" in text


def test_a_pdf_that_lays_out_without_text_is_refused_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QTextDocument

    csv = same_time_csv(tmp_path / "small.csv", rows=3)
    out = tmp_path / "out"
    assert main(["import-timeline", str(csv), "--out", str(out)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(QTextDocument, "toPlainText", lambda self: "")
    assert main(["report", str(out), "--format", "pdf"]) == 1
    assert capsys.readouterr().err == (
        "gameday: cannot render the PDF: the laid-out report has no pages or no text; "
        "write --format html or md instead (and report this as a bug)\n"
    )
    assert not (out / "report.pdf").exists()
