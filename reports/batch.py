"""The batch report: ``DIR/batch.json`` (format ``gameday/batch@1``, written by
:mod:`simulator.engine.batch`) -> HTML (with the ECDF and comparison charts as SVG) and Markdown.

A batch of several scenarios (``gameday batch FOLDER``) is one report with a section per
scenario: its groups, its comparisons (each group against its scenario's first group) and its
charts. A batch.json from before scenarios were listed (no ``scenarios`` field, no
``scenario`` per group) reads as one scenario.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reports.charts import batch_comparison_figure, batch_ecdf_figure, figure_svg
from reports.templating import html_environment, markdown_environment
from simulator.durations import format_duration
from simulator.phases import PHASES

BATCH_FORMAT = "gameday/batch@1"


class BatchError(Exception):
    """A batch.json that cannot be reported; the message names the file and the field."""


def _check(doc: Any, name: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise BatchError(f"{name}: expected a JSON object")
    if doc.get("format") != BATCH_FORMAT:
        raise BatchError(f"{name}: format {doc.get('format')!r}, expected {BATCH_FORMAT}")
    groups = doc.get("groups")
    if not isinstance(groups, list) or not groups:
        raise BatchError(f"{name}: groups: expected a non-empty list of groups")
    for i, group in enumerate(groups):
        if not isinstance(group, dict) or not isinstance(group.get("runs"), list):
            raise BatchError(f"{name}: groups[{i}].runs: expected a list of runs")
        for j, run in enumerate(group["runs"]):
            for phase, _ in PHASES:
                value = run.get(phase) if isinstance(run, dict) else "?"
                if value is not None and not isinstance(value, int | float):
                    raise BatchError(
                        f"{name}: groups[{i}].runs[{j}].{phase}: expected seconds or null, "
                        f"got {value!r}"
                    )
    if not isinstance(doc.get("comparisons", []), list):
        raise BatchError(f"{name}: comparisons: expected a list")
    return doc


def load_batch(path: Path) -> dict[str, Any]:
    """Read and check a batch.json.

    Raises:
        BatchError: naming the file and what is wrong.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BatchError(
            f"{path}: no such file (run `gameday batch ... --out DIR` first)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot read: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    return _check(doc, str(path))


def _fmt(value: object) -> str:
    return "—" if not isinstance(value, int | float) else format_duration(float(value))


def _signed(value: object) -> str:
    if not isinstance(value, int | float):
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "±") + format_duration(abs(float(value)))


def _recorded(summary: Mapping[str, Any], runs: int) -> str:
    """``"18 of 20"`` runs that measured a phase, ``"(2 not recorded)"`` when some could not."""
    n = summary.get("n", 0)
    missing = summary.get("not_recorded", 0)
    text = f"{n} of {runs}"
    if isinstance(missing, int) and missing > 0:
        text += f" ({missing} not recorded)"
    return text


def batch_rows(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Table rows for the templates: per group and phase, and per comparison."""
    labels = dict(PHASES)
    groups = []
    for g in doc["groups"]:
        summary = g.get("summary", {})
        phases = [
            {
                "label": labels[p],
                "median": _fmt(summary.get(p, {}).get("median")),
                "p10": _fmt(summary.get(p, {}).get("p10")),
                "p90": _fmt(summary.get(p, {}).get("p90")),
                "n": _recorded(summary.get(p, {}), len(g["runs"])),
            }
            for p, _ in PHASES
        ]
        groups.append(
            {
                "name": str(g.get("name", "")),
                "scenario": str(g.get("scenario", doc.get("scenario", ""))),
                "team": str(g.get("team", "")),
                "variant": str(g.get("variant", "") or "—"),
                "runs": len(g["runs"]),
                "unresolved": f"{float(g.get('unresolved_share', 0.0)):.0%}",
                "phases": phases,
            }
        )
    comparisons = []
    for c in doc.get("comparisons", []):
        low, high = c.get("ci_low"), c.get("ci_high")
        significant = (
            isinstance(low, int | float) and isinstance(high, int | float) and (low > 0 or high < 0)
        )
        comparisons.append(
            {
                "baseline": str(c.get("baseline", "")),
                "other": str(c.get("other", "")),
                "metric": labels.get(str(c.get("metric")), str(c.get("metric"))),
                "diff": _signed(c.get("median_diff")),
                "ci": f"{_signed(low)} … {_signed(high)}",
                "verdict": "faster"
                if significant and float(high) < 0
                else ("slower" if significant else "no clear difference"),
            }
        )
    return {"groups": groups, "comparisons": comparisons}


def scenario_sections(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The batch cut by scenario: each a batch document of that scenario's groups and comparisons.

    Each section has ``id``, ``title``, ``time_limit``, ``doc`` (for the charts) and ``rows``
    (:func:`batch_rows` of it). One section for a single-scenario (or older) batch.
    """
    listed = doc.get("scenarios")
    if not isinstance(listed, list) or len(listed) < 2:
        return [
            {
                "id": doc.get("scenario", ""),
                "title": doc.get("title", ""),
                "time_limit": doc.get("time_limit"),
                "doc": doc,
                "rows": batch_rows(doc),
            }
        ]
    sections = []
    for index, scenario in enumerate(listed):
        sid = scenario.get("id") if isinstance(scenario, dict) else None
        part = {
            **doc,
            "scenario": sid,
            "title": scenario.get("title", sid) if isinstance(scenario, dict) else sid,
            "groups": [g for g in doc["groups"] if g.get("scenario") == sid],
            "comparisons": [c for c in doc.get("comparisons", []) if c.get("scenario") == sid],
        }
        sections.append(
            {
                "id": sid,
                "index": index,
                "title": part["title"],
                "time_limit": scenario.get("time_limit") if isinstance(scenario, dict) else None,
                "doc": part,
                "rows": batch_rows(part),
            }
        )
    return sections


def _charts(section: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    part = section["doc"]
    return [
        {
            "id": f"ecdf{key}",
            "caption": "Share of runs (y) in which each phase was done within x "
            "minutes, per group. Runs where a phase never happened or was not recorded are left "
            "out (counted in the legend).",
            "svg": Markup(figure_svg(batch_ecdf_figure(part), f"gameday-ecdf{key}")),
        },
        {
            "id": f"comparison{key}",
            "caption": "Difference of medians against the first group with a "
            "95% bootstrap interval; grey: the interval includes 0.",
            "svg": Markup(figure_svg(batch_comparison_figure(part), f"gameday-cmp{key}")),
        },
    ]


def render_batch_html(doc: Mapping[str, Any]) -> str:
    """The batch report as one self-contained HTML page (a section per scenario)."""
    sections = scenario_sections(doc)
    many = len(sections) > 1
    for section in sections:
        section["charts"] = _charts(section, f"-{section['index'] + 1}" if many else "")
    template = html_environment().get_template("batch.html.j2")
    return template.render(b=doc, sections=sections, many=many)


def render_batch_markdown(doc: Mapping[str, Any]) -> str:
    """The batch report as Markdown (a section per scenario)."""
    sections = scenario_sections(doc)
    text = (
        markdown_environment()
        .get_template("batch.md.j2")
        .render(b=doc, sections=sections, many=len(sections) > 1)
    )
    lines: list[str] = []
    for line in (x.rstrip() for x in text.splitlines()):
        if line == "" and lines and lines[-1] == "":
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n"
