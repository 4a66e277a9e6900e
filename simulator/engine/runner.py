"""``gameday run``: one fully simulated run to the end, its journal and a one-screen summary.

Python callers use :func:`simulator.engine.run_headless` (re-exported here) or
:func:`run_to_dir`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from simulator.bundle import Bundle
from simulator.durations import format_clock, format_duration
from simulator.engine import Exercise, run_headless
from simulator.journal import (
    JournalWriteError,
    JournalWriter,
    Record,
    os_error_fix,
    os_error_reason,
)
from simulator.phases import PHASES, phase_times
from simulator.problems import LoadError, Problem, did_you_mean

__all__ = [
    "JournalWriteError",
    "cmd_run",
    "load_for_cli",
    "out_dir_error",
    "resolve_team",
    "run_headless",
    "run_to_dir",
    "summary",
]


def out_dir_error(out: Path, option: str = "--out") -> str | None:
    """Why ``out`` cannot be the output folder (a file is in the way), or None.

    Checked before a run so a long run or batch is not thrown away at the end.
    """
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                return (
                    f"{option} {out}: {folder} is a file, not a folder "
                    "(give a folder path, or move the file away)"
                )
            return None
    return None


def load_for_cli(scenario: str, team: str | None) -> tuple[Bundle | None, list[Problem]]:
    """Load the scenario (and an explicit team file) with every located problem."""
    from simulator.loading import load_bundle

    path = Path(scenario)
    if path.is_dir():
        inside = sorted(path.glob("*.y*ml")) + sorted(path.glob("*/*.y*ml"))
        scenarios = [p for p in inside if p.is_file() and _looks_like_scenario(p)]
        example = f", e.g. {scenarios[0]}" if scenarios else ""
        return None, [
            Problem(
                scenario,
                0,
                0,
                "",
                "is a folder, not a scenario file",
                hint=f"give one scenario .yaml file{example}",
            )
        ]
    if not path.is_file():
        from simulator.loading.files import missing_hint

        hint = missing_hint(path) or "give a path to a .yaml"
        return None, [Problem(scenario, 0, 0, "", "no such scenario file", hint=hint)]
    team_path = resolve_team(path, team) if team else None
    if team is not None and team_path is None:
        teams = sorted(p.stem for p in (path.parent / "teams").glob("*.yaml"))
        known = f"; teams next to the scenario: {', '.join(teams)}" if teams else ""
        hint = did_you_mean(team, teams) or f"give a team file or the id of a team in teams/{known}"
        what = "is a folder, not a team file" if Path(team).is_dir() else "no such team file"
        return None, [Problem(team, 0, 0, "", what, hint=hint)]
    try:
        return load_bundle(path, team_path)
    except LoadError as exc:
        return None, exc.problems


def _looks_like_scenario(path: Path) -> bool:
    """Whether a file's head declares the scenario format (for an example in a message)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return False
    return b"gameday/scenario@" in head


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
    declared = next((r for r in records if r.action == "declare_incident"), None)
    lines = [
        f"{scenario.title}",
        f"  scenario {scenario.id} · team {bundle.team.id} · seed {_seed(records)}"
        + (f" · variant {bundle.variant}" if bundle.variant else ""),
        f"  outcome: {outcome}",
    ]
    if declared is not None:
        lines.append(
            f"  declared {declared.payload.get('severity')} by {declared.actor} "
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
    mitigations = [r for r in records if r.action == "apply_mitigation"]
    effects = [r for r in records if r.kind == "mitigation_effect"]
    lines.append("  Mitigations")
    if not mitigations:
        lines.append("    none applied")
    for r in mitigations:
        effect = next(
            (
                e
                for e in effects
                if e.t >= r.t
                and (e.payload.get("strategy"), e.payload.get("target"))
                == (r.payload.get("strategy"), r.payload.get("target"))
            ),
            None,
        )
        result = f"-> {effect.payload.get('effect')} at {format_clock(effect.t)}" if effect else ""
        lines.append(
            f"    {format_clock(r.t)} {r.actor}: {r.payload.get('strategy')} "
            f"{r.payload.get('target')} {result}".rstrip()
        )
    relapses = sum(1 for r in records if r.kind == "relapse")
    if relapses:
        lines.append(f"    relapses: {relapses}")
    lines.append("")
    kinds = Counter(r.kind for r in records)
    acts = Counter(r.action for r in records if r.kind == "action")
    lines.append(
        "  Counts: "
        f"{kinds['alert']} alerts, {kinds['page']} pages, {kinds['inject']} injects, "
        f"{kinds['action']} actions ({kinds['rejected']} rejected), {kinds['finding']} findings, "
        f"{acts['post_update']} updates, {acts['post_status_page']} status-page posts, "
        f"{acts['assign_task']} tasks"
    )
    people = sorted({r.actor for r in records if r.kind == "action"})
    lines.append(f"  Responders: {', '.join(people) if people else 'nobody'}")
    return "\n".join(lines)


def _seed(records: Sequence[Record]) -> object:
    return records[0].payload.get("seed") if records else "?"


def _print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem.format(), file=stream)


def cmd_run(args: argparse.Namespace) -> int:
    """``gameday run SCENARIO [--team T] [--seed N] [--out DIR]``; exit 0, or 1 on bad files."""
    bundle, problems = load_for_cli(args.scenario, getattr(args, "team", None))
    if bundle is None:
        _print_problems(problems, sys.stderr)
        count = sum(1 for p in problems if p.level.value == "error")
        print(f"gameday run: {count} error(s); nothing was run", file=sys.stderr)
        return 1
    _print_problems(problems, sys.stderr)  # warnings (e.g. an alert without a runbook)
    out = Path(args.out)
    blocked = out_dir_error(out)
    if blocked:
        print(f"gameday run: {blocked}", file=sys.stderr)
        return 1
    try:
        records = run_to_dir(bundle, int(args.seed), out)
    except JournalWriteError as exc:
        print(summary(bundle, exc.records))  # the run itself finished: show what happened
        print(f"gameday run: {exc}", file=sys.stderr)
        print(
            f"gameday run: the run finished in memory but its journal is incomplete; run it "
            f"again with --seed {int(args.seed)} and an --out folder that can be written "
            "(the same seed gives the same run)",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(
            f"gameday run: cannot write {exc.filename or out}: {os_error_reason(exc)} "
            f"({os_error_fix(exc, 'run with --out')})",
            file=sys.stderr,
        )
        return 1
    print(summary(bundle, records))
    print(f"\n  journal: {out / 'journal.jsonl'}")
    return 0
