"""Scoring and reporting real engine runs of every bundled scenario (small seeds, fast)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reports.markdown import render_markdown
from reports.viewmodel import build_report
from simulator.bundle import Bundle
from simulator.engine import run_headless
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from simulator.phases import phase_times
from simulator.scoring import FAMILIES, Rating, score

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
DEFAULT_IDS = [
    "TIME-MTTD", "TIME-MTTA", "TIME-DECLARE", "TIME-MITIGATE", "TIME-RESOLVE",
    "SEV-CLASS", "SEV-RECLASS",
    "ROLE-IC", "ROLE-COMMS", "ROLE-SCRIBE", "ROLE-DELEGATE", "ROLE-TASKS", "ROLE-FOLLOWUP",
    "ROLE-HANDOVER",
    "COMM-CADENCE", "COMM-COMPLETE", "COMM-STATUS-PAGE", "COMM-PLAIN",
    "ESC-LEVEL", "ESC-LEADERSHIP", "ESC-BRIDGE",
    "MIT-FIRST", "MIT-STRATEGY", "MIT-WRONG",
    "RES-AFTER-IMPACT", "RES-CHECKLIST", "RES-STAKEHOLDERS",
]  # fmt: skip


@cache
def run(path: Path, seed: int = 1) -> tuple[Bundle, list[Record]]:
    bundle = load_bundle_or_raise(path)
    return bundle, run_headless(bundle, seed=seed)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_engine_runs_score_with_every_objective_and_valid_evidence(path: Path) -> None:
    bundle, records = run(path)
    card = score(records, bundle)
    ids = [o.id for o in card.objectives]
    assert ids == DEFAULT_IDS + [o.id for o in bundle.scenario.objectives]
    assert [f.family for f in card.families] == [name for name, *_ in FAMILIES]
    assert card.phases == phase_times(records).durations()
    assert card.true_severity == bundle.scenario.truth.severity.value
    assert card.overall_score is not None and 0 <= card.overall_score <= 100
    seqs = {r.seq for r in records}
    for o in card.objectives:
        assert set(o.evidence) <= seqs, o.id
        assert (o.score is None) == (o.rating is Rating.NA), o.id
    by_seq = {r.seq: r for r in records}
    mtta = card.objective("TIME-MTTA")
    if mtta.measured is not None:
        assert any(by_seq[s].action == "acknowledge_page" for s in mtta.evidence)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_engine_runs_render_a_post_mortem(path: Path) -> None:
    bundle, records = run(path)
    model = build_report(records, bundle, score(records, bundle))
    md = render_markdown(model)
    assert md.startswith(f"# Post-Mortem: {bundle.scenario.title}".replace("<", "&lt;")[:20])
    for heading in (
        "## Summary",
        "## Impact",
        "## Timeline",
        "## Root Cause",
        "## Action Items",
        "## Exercise Scorecard",
    ):
        assert heading in md
    assert len(model.timeline) > 5


def test_scoring_an_engine_run_is_deterministic() -> None:
    path = ROOT / "scenarios" / "payments-bad-deploy.yaml"
    bundle = load_bundle_or_raise(path)
    first = score(run_headless(bundle, seed=5), bundle)
    second = score(run_headless(bundle, seed=5), bundle)
    assert first == second
