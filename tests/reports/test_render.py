"""Every format of the fixture report: HTML sections and escaping, Markdown against its golden
file, PDF pages with extractable text, JSON round trip."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.export import parse_formats, report_json, write_report
from reports.html import render_html
from reports.markdown import render_markdown
from reports.viewmodel import ReportModel
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.scoring import Scorecard
from tests.fixtures.journals.builder import HOSTILE

GOLDEN = Path(__file__).resolve().parent / "golden" / "good-run.md"
SECTIONS = {
    "summary": "Summary",
    "what-mattered-most": "What Mattered Most",
    "impact": "Impact",
    "timeline": "Timeline",
    "root-cause": "Root Cause",
    "contributing-factors": "Contributing Factors",
    "what-went-well": "What Went Well",
    "what-could-be-improved": "What Could Be Improved",
    "action-items": "Action Items",
    "lessons-learned": "Lessons Learned",
    "scorecard": "Exercise Scorecard",
    "facilitator-notes": "Facilitator Notes",
    "charts": "Charts",
}


class Outline(HTMLParser):
    """Collects section ids with their h2, elements by tag, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self.tags: dict[str, int] = {}
        self.text: list[str] = []
        self._section: str | None = None
        self._in_h2 = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "section":
            self._section = dict(attrs).get("id")
        self._in_h2 = tag == "h2"
        self._in_style = tag in ("style", "svg")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2",):
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2 and self._section:
            self.sections[self._section] = data.strip()
        self.text.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_html_has_every_section_and_three_inline_charts(model: ReportModel) -> None:
    html = render_html(model)
    parsed = outline(html)
    assert parsed.sections == SECTIONS
    assert parsed.tags["svg"] == 3
    assert parsed.tags.get("script", 0) == 0
    assert parsed.tags.get("img", 0) == 0  # self-contained: nothing external
    assert "@media print" in html
    assert re.findall(r'(?:href|src)="(?!#)[^"]*"', html) == []  # only in-page references
    svg_ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(svg_ids) == len(set(svg_ids)), "element ids of the inline SVGs clash"
    text = "".join(parsed.text)
    assert "Post-Mortem: Checkout down: a bad payments deploy" in text
    assert "Rewrite status-page wording for customers (CL-04)" in text


def test_html_escapes_hostile_scenario_text(hostile_model: ReportModel) -> None:
    html = render_html(hostile_model)
    parsed = outline(html)
    assert parsed.tags.get("script", 0) == 0
    assert parsed.tags.get("b", 0) == 0
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = "".join(parsed.text)
    assert f"Post-Mortem: {HOSTILE}" in text
    assert f"Root {HOSTILE} cause & <b>bold</b>" in text


def test_markdown_matches_the_golden_file(model: ReportModel) -> None:
    assert render_markdown(model) == GOLDEN.read_text(encoding="utf-8")


def test_markdown_escapes_hostile_text_and_pipes(hostile_model: ReportModel) -> None:
    md = render_markdown(hostile_model)
    assert "<script>" not in md
    assert "# Post-Mortem: &lt;script&gt;alert(1)&lt;/script&gt;" in md
    timeline_rows = [line for line in md.splitlines() if line.startswith("| 14:")]
    assert all(line.count(" | ") == 1 for line in timeline_rows)  # escaped \\| kept in the cell
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \| cell" in md


def test_pdf_is_a4_with_extractable_text(model: ReportModel, qapp: object) -> None:
    from reports.pdf import render_pdf

    data = render_pdf(model)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in SECTIONS.values():
        assert heading in text
    assert "Post-Mortem: Checkout down: a bad payments deploy" in text
    assert "Maria Okafor acknowledged the page" in text
    assert f"page 1 of {len(reader.pages)}" in text


def test_json_holds_the_scorecard_and_the_view_model(card: Scorecard, model: ReportModel) -> None:
    doc = json.loads(report_json(card, model))
    assert doc["format"] == "gameday/report@1"
    assert Scorecard.from_json(doc["scorecard"]) == card
    assert doc["report"]["title"] == model.title
    assert doc["report"]["scorecard"][0]["id"] == "TIME-MTTD"


def test_write_report_writes_each_format_atomically(
    records: list[Record], bundle: Bundle, tmp_path: Path
) -> None:
    written = write_report(records, bundle, tmp_path / "out", "json,md,html")
    assert [p.name for p in written] == ["report.json", "report.md", "report.html"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") == GOLDEN.read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "htm",
            "unknown report format 'htm'; expected html, md, pdf or json (did you mean 'html'?)",
        ),
        ("", "no report format given; expected html, md, pdf or json"),
    ],
)
def test_bad_formats_are_named(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_formats(text)
    assert str(info.value) == message


def test_formats_are_deduplicated_and_markdown_is_an_alias() -> None:
    assert parse_formats("HTML, markdown,html,json") == ["html", "md", "json"]
