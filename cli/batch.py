"""``gameday batch SCENARIO [--team T ...] [--variant NAME=OVERRIDE ...] --runs N``.

Builds one group per team (and per what-if variant), runs them with
:func:`simulator.engine.batch.run_batch` behind a progress bar on stderr, writes
``DIR/batch.json`` and ``DIR/batch.csv`` and prints the summary table. Exit codes: 0 written,
1 bad files or an output that cannot be written, 2 usage (``--runs``, ``--jobs``, a variant).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from cli.output import cannot_write, out_dir_error, say
from cli.run import load_scenario
from simulator.bundle import Bundle
from simulator.engine.batch import Group, render_text, run_batch, write_outputs

__all__ = ["ProgressBar", "build_groups", "cmd_batch"]


class ProgressBar:
    """A one-line text progress bar on a stream (stderr by default).

    Args:
        stream: where to draw; None means the current ``sys.stderr``.
        width: characters between the brackets.
    """

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        """Redraw the bar for ``done`` of ``total`` runs (a newline once all are done)."""
        filled = round(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r[{bar}] {done}/{total} runs {elapsed:5.1f}s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def build_groups(
    scenario: str, teams: Sequence[str], variants: Sequence[str]
) -> tuple[list[Group] | None, int, list[str]]:
    """The groups of a batch, one per team and per team and variant.

    Args:
        scenario: the scenario file as given on the command line.
        teams: team files or ids (none: the scenario's own team).
        variants: ``NAME=OVERRIDE`` texts.

    Returns:
        (groups, 0, []) or, when they cannot be built, (None, exit code, lines to print).
    """
    from simulator.engine.variants import VariantError, apply_override, parse_variant

    parsed: list[tuple[str, str]] = []
    for text in variants:
        try:
            parsed.append(parse_variant(text))
        except VariantError as exc:
            return None, 2, [f"gameday batch: {exc}"]
    bundles: list[Bundle] = []
    team_choices: list[str | None] = list(teams) or [None]
    for team in team_choices:
        bundle, problems = load_scenario(scenario, team)
        if bundle is None:
            return None, 1, [p.format() for p in problems]
        bundles.append(bundle)
    groups: list[Group] = []
    names: set[str] = set()
    many = len(bundles) > 1
    for bundle in bundles:
        groups.append(Group(bundle.team.id, bundle))
        for name, override in parsed:
            label = f"{bundle.team.id}/{name}" if many else name
            if label in names or label == bundle.team.id:
                return None, 2, [f"gameday batch: variant name {name!r} is used twice"]
            names.add(label)
            try:
                groups.append(Group(label, apply_override(bundle, override), override))
            except VariantError as exc:
                return None, 2, [f"gameday batch: variant {name}: {exc}"]
    return groups, 0, []


def cmd_batch(args: argparse.Namespace) -> int:
    """Run ``args.runs`` replications of every group and write the batch into ``args.out``.

    Args:
        args: ``scenario``, ``team`` and ``variant`` (lists), ``runs``, ``jobs``, ``seed`` and
            ``out`` from the parser.

    Returns:
        The exit code: 0, 1 (bad files, an output that cannot be written) or 2 (usage).
    """
    if args.runs < 1:
        say("--runs must be at least 1", "batch")
        return 2
    if args.jobs < 0:
        say("--jobs must be 0 (all cores) or more", "batch")
        return 2
    out = Path(args.out)
    blocked = out_dir_error(out)
    if blocked:
        say(blocked, "batch")
        return 1
    groups, code, messages = build_groups(args.scenario, args.team, args.variant)
    if groups is None:
        for message in messages:
            print(message, file=sys.stderr)
        return code
    doc = run_batch(
        groups, args.runs, base_seed=args.seed, jobs=args.jobs, progress=ProgressBar(sys.stderr)
    )
    try:
        write_outputs(doc, out)
    except OSError as exc:
        say(cannot_write(out, exc, "write the output with --out"), "batch")
        return 1
    print(render_text(doc))
    print(f"\nwrote {out / 'batch.json'} and {out / 'batch.csv'}")
    return 0
