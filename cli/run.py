"""``gameday run SCENARIO [--team T] [--seed N] [--out DIR]``: one fully simulated run.

Loads the scenario (and its team), prints every located problem, runs it to the end with
:func:`simulator.engine.runner.run_to_dir` and prints the one-screen summary. Exit codes: 0 the
run finished and its journal is written, 1 the files had errors or the journal could not be
written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.output import cannot_write, echo, out_dir_error, print_problems, say
from simulator.bundle import Bundle
from simulator.engine import runner
from simulator.journal import JournalWriteError
from simulator.problems import LoadError, Problem, did_you_mean

__all__ = ["cmd_run", "load_scenario"]


def load_scenario(
    scenario: str, team: str | None, *, allow_outside_paths: bool = False
) -> tuple[Bundle | None, list[Problem]]:
    """Load the scenario a command names (and an explicit team file or id).

    Args:
        scenario: the scenario file as given on the command line.
        team: a team file, the id of a team next to the scenario, or None for the scenario's.
        allow_outside_paths: let the scenario's ``team:`` / ``runbooks:`` name files outside
            its folder tree (``--allow-outside-paths``).

    Returns:
        The bundle (None when it cannot be loaded) and every located problem, warnings
        included.
    """
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
    team_path = runner.resolve_team(path, team) if team else None
    if team is not None and team_path is None:
        teams = sorted(p.stem for p in (path.parent / "teams").glob("*.yaml"))
        known = f"; teams next to the scenario: {', '.join(teams)}" if teams else ""
        hint = did_you_mean(team, teams) or f"give a team file or the id of a team in teams/{known}"
        what = "is a folder, not a team file" if Path(team).is_dir() else "no such team file"
        return None, [Problem(team, 0, 0, "", what, hint=hint)]
    try:
        return load_bundle(path, team_path, allow_outside_paths=allow_outside_paths)
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


def cmd_run(args: argparse.Namespace) -> int:
    """Run ``args.scenario`` fully simulated into ``args.out``; print its summary.

    Args:
        args: ``scenario``, ``team`` (optional), ``seed`` and ``out`` from the parser.

    Returns:
        The exit code: 0, or 1 on bad files or a journal that could not be written.
    """
    bundle, problems = load_scenario(
        args.scenario,
        getattr(args, "team", None),
        allow_outside_paths=bool(getattr(args, "allow_outside_paths", False)),
    )
    print_problems(problems)  # errors, or the warnings of a bundle that loads
    if bundle is None:
        count = sum(1 for p in problems if p.level.value == "error")
        say(f"{count} error(s); nothing was run", "run")
        return 1
    out = Path(args.out)
    blocked = out_dir_error(out)
    if blocked:
        say(blocked, "run")
        return 1
    seed = int(args.seed)
    try:
        records = runner.run_to_dir(bundle, seed, out)
    except JournalWriteError as exc:
        echo(runner.summary(bundle, exc.records))  # the run itself finished: show what happened
        say(str(exc), "run")
        say(
            f"the run finished in memory but its journal is incomplete; run it again with "
            f"--seed {seed} and an --out folder that can be written (the same seed gives the "
            "same run)",
            "run",
        )
        return 1
    except OSError as exc:
        say(cannot_write(exc.filename or out, exc, "run with --out"), "run")
        return 1
    echo(runner.summary(bundle, records))
    echo(f"\n  journal: {out / 'journal.jsonl'}")
    from cli.history import index_after

    index_after(out / "journal.jsonl", args, "run")
    return 0
