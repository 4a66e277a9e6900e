"""Shared fixtures of the report tests: the hand-made fixture journal, scored and modelled."""

from __future__ import annotations

import dataclasses

import pytest

from reports.scored import ScoredRun, score_run
from reports.viewmodel import ReportModel, build_report
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.scoring import Scorecard
from tests.fixtures.journals.builder import HOSTILE, fixture_bundle, good_run


@pytest.fixture(scope="session")
def records() -> list[Record]:
    return good_run()


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return fixture_bundle()


@pytest.fixture(scope="session")
def run(records: list[Record], bundle: Bundle) -> ScoredRun:
    return score_run(records, bundle)


@pytest.fixture(scope="session")
def card(run: ScoredRun) -> Scorecard:
    return run.scorecard


@pytest.fixture(scope="session")
def model(run: ScoredRun) -> ReportModel:
    return build_report(run)


@pytest.fixture(scope="session")
def hostile_bundle(bundle: Bundle) -> Bundle:
    """The fixture scenario with script tags in every text a report shows."""
    truth = dataclasses.replace(
        bundle.scenario.truth,
        root_cause=f"Root {HOSTILE} cause & <b>bold</b>",
        contributing_factors=(f"Factor {HOSTILE}", "a | pipe"),
    )
    objectives = tuple(
        dataclasses.replace(o, description=f"{o.description} {HOSTILE}")
        for o in bundle.scenario.objectives
    )
    scenario = dataclasses.replace(
        bundle.scenario,
        title=HOSTILE,
        summary=f"Summary {HOSTILE}. Second sentence.",
        truth=truth,
        objectives=objectives,
    )
    return dataclasses.replace(bundle, scenario=scenario)


@pytest.fixture(scope="session")
def hostile_records(records: list[Record]) -> list[Record]:
    """The fixture journal with script tags in an inject, a status post and a note."""
    out = []
    for r in records:
        payload = dict(r.payload)
        if r.kind == "inject" or r.action in ("post_status_page", "facilitator_note"):
            payload["text"] = f"{payload.get('text', '')} {HOSTILE} | cell"
        out.append(dataclasses.replace(r, payload=payload))
    return out


@pytest.fixture(scope="session")
def hostile_model(hostile_records: list[Record], hostile_bundle: Bundle) -> ReportModel:
    return build_report(score_run(hostile_records, hostile_bundle))
