"""Report robustness: user text that matplotlib would read as mathtext, emoji in chart
labels, an imported incident with no impact start, a journal cut off mid-line and a file that
is not a journal at all."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path

import pytest

from cli.report import report_after_batch
from main import main
from reports.batch import render_batch_html, render_batch_markdown
from reports.charts import figure_png, figure_svg, impact_figure, phase_timeline_figure
from reports.scored import score_run
from reports.viewmodel import build_report
from simulator.importing.timeline import import_timeline
from simulator.journal import Record
from tests.fixtures.journals.builder import batch_doc, good_run

#: Unbalanced and unknown TeX, percent signs, Jinja, a pipe, emoji and right-to-left text.
MATH = r"Cost $x^ 50% \frac{a}{b} ${{ jinja }} a|b 🔥 مرحبا"


def hostile_batch() -> dict[str, object]:
    doc = batch_doc()
    doc["title"] = MATH
    for group in doc["groups"]:  # type: ignore[attr-defined]
        group["name"] = f"{group['name']} {MATH}"
    return doc


def test_batch_report_with_mathtext_and_emoji_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "batch.json").write_text(json.dumps(hostile_batch()), encoding="utf-8")
    assert report_after_batch(argparse.Namespace(out=str(tmp_path))) == 0
    assert capsys.readouterr().err == ""  # no "Glyph missing" noise either
    html = (tmp_path / "batch-report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    # The legend shows the group name literally (SVG text, escaped), not typeset maths.
    assert "acme Cost $x^ 50% \\frac{a}{b} ${{ jinja }} a|b 🔥 مرحبا" in html


def test_batch_markdown_tables_keep_their_columns_with_pipes_in_names() -> None:
    md = render_batch_markdown(hostile_batch())
    for block in re.findall(r"(?:^\|.*\|$\n?)+", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block


def test_batch_html_escapes_and_does_not_template_names() -> None:
    html = render_batch_html(hostile_batch())
    assert "{{ jinja }}" in html  # shown as written, not evaluated


def test_run_charts_with_mathtext_in_mitigation_labels() -> None:
    records = good_run()
    charts = build_report(score_run(records, None)).charts
    marks = tuple(
        type(m)(**{**m.__dict__, "label": f"{m.label} {MATH}"}) for m in charts.mitigations
    )
    assert marks  # the fixture run applies mitigations
    data = type(charts)(**{**charts.__dict__, "mitigations": marks})
    svg = figure_svg(impact_figure(data), "t")
    assert "50% \\frac{a}{b}" in svg
    assert figure_png(phase_timeline_figure(data)).startswith(b"\x89PNG")


def test_summary_without_impact_start_has_a_subject(tmp_path: Path) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text(
        "time,kind,actor,text\n2024-03-10T14:03:00Z,alert,prometheus,CheckoutErrors: 5xx\n",
        encoding="utf-8",
    )
    records = import_timeline(csv)
    model = build_report(score_run(records, None))
    assert model.summary == (
        "The incident was detected at 14:03 (alert CheckoutErrors). "
        "The timeline does not record a resolution (its last event is at 14:03)."
    )


def write_journal(path: Path, records: list[Record]) -> None:
    path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")


def test_a_journal_cut_off_mid_line_is_reported_up_to_the_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    records = good_run()
    write_journal(journal, records)
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text[: len(text) - 40], encoding="utf-8")
    lines = len(records)
    assert main(["report", str(journal), "--format", "md,json"]) == 0
    err = capsys.readouterr().err
    assert (
        f"gameday: {journal}:{lines}: the last line is incomplete (the run was interrupted?); "
        f"reporting the {lines - 1} records before it\n"
    ) in err
    assert (tmp_path / "report.md").exists() and (tmp_path / "report.json").exists()


def test_a_journal_broken_in_the_middle_is_still_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    lines = [r.to_json() for r in good_run()]
    lines[3] = lines[3][:20]
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", str(journal)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gameday: {journal}:4: not JSON: ")
    assert err.count("\n") == 1
    assert not (tmp_path / "report.html").exists()


def test_a_csv_given_as_a_journal_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "timeline.jsonl"
    csv.write_text("time,kind,actor,text\n", encoding="utf-8")
    assert main(["report", str(csv)]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {csv}:1: not JSON: Expecting value at column 1 (expected a journal.jsonl "
        "written by gameday run or import-timeline; a CSV timeline goes through gameday "
        "import-timeline first)\n"
    )


def test_report_out_blocked_by_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "journal.jsonl"
    write_journal(journal, good_run())
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    assert main(["report", str(journal), "--out", str(blocker / "r"), "--format", "md"]) == 1
    assert capsys.readouterr().err == (
        f"gameday: --out {blocker / 'r'}: {blocker} is a file, not a folder "
        "(give a folder path, or move the file away)\n"
    )


def edited(records: list[Record], kind: str, key: str, value: object) -> tuple[list[Record], int]:
    """``records`` with ``key`` of the first ``kind`` record set to ``value``, and its line."""
    index = next(i for i, r in enumerate(records) if r.kind == kind)
    out = list(records)
    out[index] = dataclasses.replace(records[index], payload={**records[index].payload, key: value})
    return out, index + 1


def test_a_hand_edited_record_of_the_wrong_type_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    records, line = edited(good_run(), "sample", "users", "lots")
    write_journal(journal, records)
    assert main(["report", str(journal), "--format", "md"]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {journal}:{line}: a sample record: payload.users: expected a whole number, "
        'got "lots"; fix or remove that line (was the journal edited by hand?)\n'
    )
    assert not (tmp_path / "report.md").exists()


def test_a_record_scoring_cannot_read_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    records, line = edited(good_run(), "action", "action", ["declare_incident"])
    write_journal(journal, records)
    assert main(["report", str(journal), "--format", "md"]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {journal}:{line}: an action record: payload.action: expected text, got "
        '["declare_incident"]; fix or remove that line (was the journal edited by hand?)\n'
    )


def test_a_folder_without_a_journal_says_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {tmp_path}: no journal.jsonl in this folder; give a folder written by "
        "gameday run or import-timeline, or a journal file\n"
    )
    (tmp_path / "batch.json").write_text(json.dumps(batch_doc()), encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {tmp_path}: no journal.jsonl in this folder; it holds a batch (batch.json): "
        "its report is written by gameday batch ... --report\n"
    )


def test_imported_incident_without_user_numbers_resolved_without_impact_end(
    tmp_path: Path,
) -> None:
    csv = tmp_path / "bare.csv"
    csv.write_text(
        "time,kind,actor,text\n"
        "2024-03-10T14:00:00Z,impact_start,world,checkout down\n"
        "2024-03-10T14:03:00Z,customer_report,support,cannot pay\n"
        "2024-03-10T14:30:00Z,resolved,bob,\n",
        encoding="utf-8",
    )
    records = import_timeline(csv)
    assert [(r.t, r.kind) for r in records if r.kind in ("impact_end", "end")] == [
        (1800.0, "impact_end"),
        (1800.0, "end"),
    ]
    impact = build_report(score_run(records, None)).impact
    assert impact.lines == (
        "Users: not recorded (no number of users affected in the journal).",
        "Duration: 30m (14:00 – 14:30).",
        "Business: customer-visible.",
        "Data: no data loss recorded.",
    )


def test_resolution_sentence_without_impact_start_names_its_anchor(tmp_path: Path) -> None:
    csv = tmp_path / "noimpact.csv"
    csv.write_text(
        "time,kind,actor,text\n"
        "2024-03-10T14:03:00Z,alert,prometheus,CheckoutErrors: 5xx\n"
        "2024-03-10T14:09:00Z,declare,alice,SEV-2 checkout failing\n"
        "2024-03-10T14:40:00Z,resolved,alice,\n",
        encoding="utf-8",
    )
    records = import_timeline(csv)
    model = build_report(score_run(records, None))
    assert model.summary == (
        "The incident was detected at 14:03 (alert CheckoutErrors) and was declared SEV-2 at "
        "14:09. It was resolved at 14:40, 31m after the incident was declared."
    )


def test_pdf_without_qt_libraries_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "journal.jsonl"
    write_journal(journal, good_run())
    monkeypatch.setitem(sys.modules, "reports.pdf", None)  # import fails like a missing libEGL
    assert main(["report", str(journal), "--format", "md,pdf"]) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("gameday: cannot render the PDF: Qt could not be loaded (")
    assert last.endswith(
        "install the libraries listed in the README (libgl1 libegl1 libfontconfig1 ...) or "
        "leave pdf out of --format"
    )
    assert not (tmp_path / "report.md").exists()  # nothing half-written


@pytest.mark.parametrize("files", ["x", [], {"scenario": "abc", "team": 5}])
def test_a_hand_edited_header_files_entry_is_read_leniently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: object
) -> None:
    journal = tmp_path / "journal.jsonl"
    records = good_run()
    header = dataclasses.replace(records[0], payload={**records[0].payload, "files": files})
    write_journal(journal, [header, *records[1:]])
    assert main(["report", str(journal), "--format", "md"]) == 0
    assert capsys.readouterr().err == (
        "gameday: the journal header names no scenario file; scoring with the guide's targets "
        "only\n"
    )
    assert (tmp_path / "report.md").is_file()
