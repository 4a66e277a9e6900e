"""One fully simulated run to the end: its journal, and a one-screen text summary of it.

Python callers use :func:`simulator.engine.run_headless` (re-exported here) or
:func:`run_to_dir`; ``gameday run`` (:mod:`cli.run`) prints what they return.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from simulator.actions import (
    ApplyMitigation,
    AssignTask,
    DeclareIncident,
    PostStatusPage,
    PostUpdate,
)
from simulator.bundle import Bundle
from simulator.durations import format_clock, format_duration
from simulator.engine import Exercise, run_headless
from simulator.journal import JournalWriteError, JournalWriter, Record, taken
from simulator.phases import PHASES, phase_times
from simulator.vocabulary import plural

__all__ = [
    "JournalWriteError",
    "resolve_team",
    "run_headless",
    "run_to_dir",
    "summary",
]


def resolve_team(scenario: Path, team: str) -> Path | None:
    """A team given as a file path, or as the id of a team next to the scenario
    (``teams/<id>.yaml``); None when neither exists."""
    candidates = [Path(team)]
    if not team.endswith((".yaml", ".yml")):
        candidates += [scenario.parent / "teams" / f"{team}.yaml", scenario.parent / f"{team}.yaml"]
    return next((c for c in candidates if c.is_file()), None)


def run_to_dir(bundle: Bundle, seed: int, out: Path) -> list[Record]:
    """Run ``bundle`` fully simulated and write ``out/journal.jsonl``; returns the records.

    The journal is written as the run goes (an interrupted run keeps what it recorded). A
    write that fails mid-run (disk full, folder deleted, permission revoked) does not stop
    the run: it finishes in memory and :class:`JournalWriteError` carries every record.

    Raises:
        OSError: ``out`` or the journal file cannot be created (nothing has run).
        JournalWriteError: the journal could not be written in full.
    """
    out.mkdir(parents=True, exist_ok=True)
    writer = JournalWriter(out / "journal.jsonl")
    # the runner owns the writer (not the engine) so it can see a failed write afterwards
    exercise = Exercise(bundle, seed=seed)
    for record in exercise.records:  # the header, written before anyone could subscribe
        writer.write(record)
    exercise.subscribe(writer.write)
    exercise.run_to_end()
    writer.close()
    records = list(exercise.records)
    if writer.failed:
        raise JournalWriteError(writer, records)
    return records


def summary(bundle: Bundle, records: Sequence[Record]) -> str:
    """The one-screen text summary of a run: outcome, phase times, mitigations, counts."""
    scenario = bundle.scenario
    times = phase_times(records)
    end = next((r for r in reversed(records) if r.kind == "end"), None)
    reason = str(end.payload.get("reason")) if end is not None else "not finished"
    limit = scenario.clock.time_limit
    outcome = {
        "resolved": f"resolved at {format_clock(times.resolved_at or 0.0)}",
        "time_limit": f"UNRESOLVED at the time limit ({format_duration(limit)})",
        "stopped": f"stopped at {format_clock(end.t if end else 0.0)}",
    }.get(reason, reason)
    team = bundle.team

    def who(actor: str) -> str:
        person = team.person(actor)
        return person.name if person is not None else actor

    declared = next(taken(records, DeclareIncident), None)
    lines = [
        f"{scenario.title}",
        f"  scenario {scenario.id} · team {bundle.team.id} · seed {_seed(records)}"
        + (f" · variant {bundle.variant}" if bundle.variant else ""),
        f"  outcome: {outcome}",
    ]
    if declared is not None:
        record, declare = declared
        lines.append(
            f"  declared {declare.severity} by {who(record.actor)} "
            f"(true severity {scenario.truth.severity})"
        )
    else:
        lines.append(f"  never declared (true severity {scenario.truth.severity})")
    lines.append("")
    lines.append("  Phase times")
    for name, label in PHASES:
        shown = times.text(name)  # "-" never happened; "not recorded" an anchor is missing
        lines.append(f"    {label:<34} {shown:>8}")
    lines.append("")
    mitigations = list(taken(records, ApplyMitigation))
    effects = [r for r in records if r.kind == "mitigation_effect"]
    lines.append("  Mitigations")
    if not mitigations:
        lines.append("    none applied")
    for r, applied in mitigations:
        effect = next(
            (
                e
                for e in effects
                if e.t >= r.t
                and (e.payload.get("strategy"), e.payload.get("target"))
                == (applied.strategy.value, applied.target)
            ),
            None,
        )
        result = f"-> {effect.payload.get('effect')} at {format_clock(effect.t)}" if effect else ""
        lines.append(
            f"    {format_clock(r.t)} {who(r.actor)}: {applied.strategy.value} "
            f"{applied.target} {result}".rstrip()
        )
    relapses = sum(1 for r in records if r.kind == "relapse")
    if relapses:
        lines.append(f"    relapses: {relapses}")
    lines.append("")
    kinds = Counter(r.kind for r in records)
    acts = Counter(r.action for r in records if r.kind == "action")
    lines.append(
        "  Counts: "
        + ", ".join(
            [
                plural(kinds["alert"], "alert"),
                plural(kinds["page"], "page"),
                plural(kinds["inject"], "inject"),
                plural(kinds["action"], "action") + f" ({kinds['rejected']} rejected)",
                plural(kinds["finding"], "finding"),
                plural(acts[PostUpdate.name], "update"),
                plural(acts[PostStatusPage.name], "status-page post"),
                plural(acts[AssignTask.name], "task"),
            ]
        )
    )
    people = sorted({who(r.actor) for r in records if r.kind == "action"})
    lines.append(f"  Responders: {', '.join(people) if people else 'nobody'}")
    return "\n".join(lines)


def _seed(records: Sequence[Record]) -> object:
    return records[0].payload.get("seed") if records else "?"
