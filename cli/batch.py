"""``gameday batch SCENARIO... [--team T ...] [--variant NAME=OVERRIDE ...] --runs N``.

Builds, for every scenario named (files, or folders of scenarios), one group per team (and
per what-if variant), runs them all with :func:`simulator.engine.batch.run_batch` behind a
progress bar on stderr - in this process, a local process pool (``--jobs``) or a
``dask.distributed`` cluster (``--cluster ADDRESS`` or ``--cluster local:N``, the optional
``cluster`` extra) - writes one ``DIR/batch.json`` and ``DIR/batch.csv`` and prints the summary
table. Exit codes: 0 written, 1 bad files, an unusable cluster or an output that cannot be
written, 2 usage (``--runs``, ``--jobs``, ``--cluster``, a variant).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cli.output import cannot_write, echo, out_dir_error, say
from cli.run import load_scenario
from simulator.bundle import Bundle
from simulator.engine.batch import Group, render_text, run_batch, write_outputs

if TYPE_CHECKING:
    from simulator.engine.cluster import ClusterSpec

__all__ = ["ProgressBar", "build_groups", "cmd_batch", "scenario_files"]


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


def _declares_scenario(path: Path) -> bool:
    """Whether a file's head declares the scenario format (team files in a folder do not)."""
    try:
        with path.open("rb") as handle:
            return b"gameday/scenario@" in handle.read(4096)
    except OSError:
        return False


def scenario_files(given: Sequence[str]) -> tuple[list[str], list[str]]:
    """The scenario files a batch names: files as given, folders by the scenarios inside.

    A folder contributes every ``*.yaml``/``*.yml`` directly in it that declares the scenario
    format, in name order; a file named twice runs once.

    Returns:
        (files, lines to print when a folder holds no scenario).
    """
    files: list[str] = []
    seen: set[Path] = set()
    for text in given:
        path = Path(text)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            found = [p for p in inside if p.is_file() and _declares_scenario(p)]
            if not found:
                return [], [
                    f"{text}: no scenario files in this folder (a scenario declares "
                    "format: gameday/scenario@1); give scenario files or a folder that holds them"
                ]
            names = [str(p) for p in found]
        else:
            names = [text]
        for name in names:
            key = Path(name).resolve()
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files, []


def _scenario_groups(
    bundles: Sequence[Bundle], parsed: Sequence[tuple[str, str]]
) -> tuple[list[Group] | None, int, list[str]]:
    """One scenario's groups: each team, then each team with each variant."""
    from simulator.engine.variants import VariantError, apply_override

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


def build_groups(
    scenario: str | Sequence[str], teams: Sequence[str], variants: Sequence[str]
) -> tuple[list[Group] | None, int, list[str]]:
    """The groups of a batch: per scenario, one per team and per team and variant.

    Args:
        scenario: the scenario files or folders as given on the command line (one text or
            several).
        teams: team files or ids (none: each scenario's own team).
        variants: ``NAME=OVERRIDE`` texts, applied to every scenario.

    Returns:
        (groups, 0, []) or, when they cannot be built, (None, exit code, lines to print).
    """
    from simulator.engine.variants import VariantError, parse_variant

    parsed: list[tuple[str, str]] = []
    for text in variants:
        try:
            parsed.append(parse_variant(text))
        except VariantError as exc:
            return None, 2, [f"gameday batch: {exc}"]
    files, missing = scenario_files([scenario] if isinstance(scenario, str) else scenario)
    if missing:
        return None, 1, missing
    groups: list[Group] = []
    for path in files:
        bundles: list[Bundle] = []
        team_choices: list[str | None] = list(teams) or [None]
        for team in team_choices:
            bundle, problems = load_scenario(path, team)
            if bundle is None:
                return None, 1, [p.format() for p in problems]
            bundles.append(bundle)
        if any(g.scenario == bundles[0].scenario.id for g in groups):
            return (
                None,
                1,
                [
                    f"{path}: scenario id {bundles[0].scenario.id!r} is already in this batch "
                    "(from another file); give each scenario once"
                ],
            )
        built, code, messages = _scenario_groups(bundles, parsed)
        if built is None:
            if len(files) > 1:
                messages = [
                    m.replace("gameday batch: ", f"gameday batch: {path}: ", 1) for m in messages
                ]
            return None, code, messages
        groups += built
    return groups, 0, []


def _cluster_spec(args: argparse.Namespace) -> tuple[ClusterSpec | None, str]:
    """The ``--cluster`` asked for (None for none), or a usage message."""
    text = getattr(args, "cluster", None)
    if text is None:
        return None, ""
    from simulator.engine.cluster import ClusterError, parse_cluster

    if args.jobs:
        return None, "give --jobs or --cluster, not both (a cluster's workers are its jobs)"
    try:
        return parse_cluster(text), ""
    except ClusterError as exc:
        return None, str(exc)


def _run(args: argparse.Namespace, groups: list[Group], spec: ClusterSpec | None) -> dict[str, Any]:
    """The batch document, run locally or on the cluster ``spec`` names.

    Raises:
        ClusterError: the cluster cannot be used (not installed, unreachable, losing workers).
    """
    progress = ProgressBar(sys.stderr)
    if spec is None:
        return run_batch(groups, args.runs, base_seed=args.seed, jobs=args.jobs, progress=progress)
    from simulator.engine.cluster import connect

    with connect(spec) as runner:
        print(f"running on {spec.describe()} ({runner.workers} worker threads)", file=sys.stderr)
        return run_batch(groups, args.runs, base_seed=args.seed, runner=runner, progress=progress)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run ``args.runs`` replications of every group and write the batch into ``args.out``.

    Args:
        args: ``scenario`` and ``team`` and ``variant`` (lists), ``runs``, ``jobs``,
            ``cluster`` (optional), ``seed`` and ``out`` from the parser.

    Returns:
        The exit code: 0, 1 (bad files, an unusable cluster, an output that cannot be
        written) or 2 (usage).
    """
    if args.runs < 1:
        say("--runs must be at least 1", "batch")
        return 2
    if args.jobs < 0:
        say("--jobs must be 0 (all cores) or more", "batch")
        return 2
    spec, usage = _cluster_spec(args)
    if usage:
        say(usage, "batch")
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
    from simulator.engine.cluster import ClusterError

    try:
        doc = _run(args, groups, spec)
    except ClusterError as exc:
        say(str(exc), "batch")
        return 1
    try:
        write_outputs(doc, out)
    except OSError as exc:
        say(cannot_write(out, exc, "write the output with --out"), "batch")
        return 1
    echo(render_text(doc))
    echo(f"\nwrote {out / 'batch.json'} and {out / 'batch.csv'}")
    partial = doc.get("partial")
    if partial:
        say(
            f"interrupted: wrote the {partial['runs_done']} of {partial['runs_planned']} runs "
            "that finished, marked partial (run the batch again for all of them)",
            "batch",
        )
        return 130
    return 0
