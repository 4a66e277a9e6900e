"""The golden runs: a fixed set of (scenario, team, seed, seat) runs whose output is stored.

Each case is run with a fixed wall clock, so its journal is byte-identical from run to run; its
scorecard and Markdown report are stored beside it. ``tests/test_golden.py`` compares all three
exactly, so a refactor that changes what a run does, how it is scored or how it is reported
shows up as a diff. Regenerate (only when a change of behaviour is intended) with::

    python -m tests.golden.regenerate

Three seat kinds are covered: fully simulated, a human incident commander playing a fixed
script (the same script for every scenario, steered by what the scenario's truth says fixes it),
and a human in another seat with a simulated commander.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reports.markdown import render_markdown
from reports.scored import score_run
from reports.viewmodel import build_report
from scenarios import BUNDLED_DIR
from simulator.actions import (
    AcknowledgePage,
    ApplyMitigation,
    AssignRole,
    DeclareIncident,
    MarkResolved,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    QueryTool,
)
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from simulator.model import Effect, Role, Severity, Status, Tool

DATA = Path(__file__).parent / "data"
#: The checkout's own folder: the journal header names the files it ran, so the stored text
#: says ``<repo>`` instead and a clone anywhere compares equal.
ROOT = str(Path(__file__).resolve().parents[2])
SCENARIOS = sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml"))
SEEDS = (1, 7)
SEATS = ("simulated", "human-ic", "human-other")


@dataclass(frozen=True)
class Case:
    """One golden run."""

    scenario: str
    seed: int
    seat: str

    @property
    def name(self) -> str:
        """The file stem its outputs are stored under."""
        return f"{self.scenario}.seed{self.seed}.{self.seat}"


def cases() -> Iterator[Case]:
    """Every golden case, in a fixed order."""
    for scenario in SCENARIOS:
        for seed in SEEDS:
            for seat in SEATS:
                yield Case(scenario, seed, seat)


def _wall() -> str:
    return "2026-01-01T00:00:00.000Z"


def _bundle(scenario: str) -> Bundle:
    return load_bundle_or_raise(BUNDLED_DIR / f"{scenario}.yaml")


def _play_ic(ex: Exercise, me: str) -> None:
    """A scripted incident commander: the same moves for every scenario, in 30 s steps."""
    scenario = ex.scenario
    fix = next((m for m in scenario.truth.mitigations if m.effect is Effect.RESOLVES), None)
    target = fix.target if fix else scenario.services[0].id
    others = [p.id for p in ex.team.people if p.id != me]
    done: set[str] = set()
    while not ex.finished:
        ex.advance(30.0)
        if ex.finished:
            break
        state = ex.state
        can = set(ex.available_actions(me))
        if "acknowledge_page" in can and "ack" not in done:
            ex.act(AcknowledgePage(actor=me))
            done.add("ack")
            continue
        if me not in state.acknowledged and me not in state.joined:
            continue
        if "declare" not in done:
            ex.act(DeclareIncident(actor=me, severity=Severity.SEV2, title="Golden incident"))
            done.add("declare")
            for person in others[:2]:
                ex.act(PagePerson(actor=me, person=person, reason="need hands"))
            continue
        if "query" not in done:
            ex.act(QueryTool(actor=me, tool=Tool.DEPLOY_HISTORY, query=target))
            done.add("query")
            continue
        joined = [p for p in others if p in state.joined or p in state.acknowledged]
        if joined and "comms" not in done:
            ex.act(AssignRole(actor=me, person=joined[0], role=Role.COMMUNICATIONS_LEAD))
            done.add("comms")
            continue
        if "mitigate" not in done and ex.now >= 900:
            strategy = fix.strategy if fix else scenario.truth.mitigations[0].strategy
            ex.act(ApplyMitigation(actor=me, strategy=strategy, target=target))
            ex.act(PostUpdate(actor=me, severity=Severity.SEV2, status=Status.IDENTIFIED,
                              impact="Customers see errors", recent_actions="Mitigating",
                              next_steps="Watch metrics", eta="30m"))
            ex.act(PostStatusPage(actor=me, status=Status.IDENTIFIED, text="We found it"))
            done.add("mitigate")
            continue
        if "mitigate" in done and "resolve" not in done and ex.now >= 2700:
            ex.act(MarkResolved(actor=me, metrics_normal=True, no_recurring_errors=True,
                                customer_impact_resolved=True, stakeholders_notified=True,
                                summary="Fixed"))
            done.add("resolve")


def run_case(case: Case) -> list[Record]:
    """Run one case to its end and return its records."""
    bundle = _bundle(case.scenario)
    primary = bundle.team.on_call.primary
    if case.seat == "simulated":
        ex = Exercise(bundle, seed=case.seed, wall_clock=_wall)
        ex.run_to_end()
    elif case.seat == "human-ic":
        ex = Exercise(bundle, seed=case.seed, seat=Seat(primary), wall_clock=_wall)
        _play_ic(ex, primary)
    else:
        ex = Exercise(bundle, seed=case.seed, seat=Seat(primary, role=None), wall_clock=_wall)
        _play_ic(ex, primary)
    return list(ex.records)


def outputs(case: Case) -> dict[str, str]:
    """The journal, scorecard and Markdown report of one case, as stored text by suffix."""
    records = run_case(case)
    bundle = _bundle(case.scenario)
    run = score_run(records, bundle)
    card = run.scorecard
    journal = "".join(r.to_json() + "\n" for r in records)
    scorecard = json.dumps(card.to_json(), indent=1, sort_keys=True) + "\n"
    report = render_markdown(build_report(run))
    texts = {".jsonl": journal, ".scorecard.json": scorecard, ".report.md": report}
    return {suffix: text.replace(ROOT, "<repo>") for suffix, text in texts.items()}
