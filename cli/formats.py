"""Standard formats in and out: ``gameday import-team``, ``import-msel`` and ``export-msel``.

* ``gameday import-team POLICY.json [--schedules SCHEDULES.json] --out TEAM.yaml``: a
  PagerDuty escalation policy (and its schedules) as a team file
  (:mod:`simulator.importing.pagerduty_team`);
* ``gameday import-msel FILE.csv|.xlsx|.json --out SCENARIO.yaml [--team TEAM.yaml]``: an MSEL
  spreadsheet or a T3SF MSEL as a scenario skeleton (:mod:`simulator.importing.msel`);
* ``gameday export-msel SCENARIO.yaml --format csv|xlsx|t3sf --out FILE``: a scenario's
  injects as an MSEL (:mod:`simulator.exporting.msel`).

Each command checks what it made with the loader before writing (a team or scenario file
that ``gameday validate`` would refuse is never written), writes atomically, refuses to
replace an existing file unless ``--force`` is given, and prints what needs the author. Every
problem of the input is printed located, and nothing is written (exit 1).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
from pathlib import Path

from cli.output import cannot_write, echo, print_problems, say
from reports.export import atomic_write
from simulator.exporting.msel import export
from simulator.importing.jsondoc import JsonError
from simulator.importing.msel import MselError, scenario_from_msel
from simulator.importing.pagerduty_team import team_from_policy
from simulator.importing.source import read_source
from simulator.loading import load_scenario, load_scenario_text
from simulator.loading.discovery import validate_file
from simulator.problems import Level, Problem, errors

__all__ = ["cmd_export_msel", "cmd_import_msel", "cmd_import_team"]


def _readable(path: Path, command: str) -> bool:
    """True when ``path`` is a file (else say why, for ``command``)."""
    if path.is_dir():
        say(f"{path} is a folder; give the file inside it", command)
        return False
    if not path.exists():
        say(f"{path} does not exist", command)
        return False
    _data, unread = read_source(path)
    if unread:  # a pipe or device (which could block forever), or a file too large
        print_problems(unread)
        return False
    return True


def _writable(out: Path, args: argparse.Namespace, command: str) -> bool:
    """True when ``out`` may be written (else say why): not a folder, not an existing file
    unless ``--force``."""
    if out.is_dir():
        say(f"--out {out} is a folder; give a file name", command)
        return False
    if out.exists() and not getattr(args, "force", False):
        say(f"{out} exists; give another --out, or --force to replace it", command)
        return False
    return True


def _refused(problems: list[Problem], source: Path) -> int:
    print_problems(problems)
    say(f"{len(problems)} problem(s) in {source}; nothing written")
    return 1


def _write(out: Path, data: bytes, command: str) -> bool:
    try:
        atomic_write(out, data)
    except OSError as exc:
        say(cannot_write(out, exc, "write it elsewhere with --out"), command)
        return False
    return True


def _write_checked(out: Path, text: str, made: str, command: str) -> bool:
    """Write ``text`` (a file an importer made) to ``out`` only if it passes the loader's
    checks as ``gameday validate`` would run them there: it is written to a temporary file
    beside ``out`` (so relative paths such as a scenario's team resolve), checked, and then
    moved into place (atomically) or removed."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        say(cannot_write(out, exc, "write it elsewhere with --out"), command)
        return False
    temporary = Path(name)
    bad = [dataclasses.replace(p, file=str(out)) for p in errors(validate_file(temporary))]
    if bad:
        temporary.unlink(missing_ok=True)
        print_problems(bad)
        say(f"the {made} made from the input does not load; nothing written", command)
        return False
    try:
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        say(cannot_write(out, exc, "write it elsewhere with --out"), command)
        return False
    return True


def cmd_import_team(args: argparse.Namespace) -> int:
    """``gameday import-team``: a PagerDuty escalation policy as a team file.

    Returns:
        0 written, 1 bad input or the file could not be written.
    """
    policy, out = Path(args.policy), Path(args.out)
    schedules = [Path(args.schedules)] if args.schedules else []
    if not all(_readable(p, "import-team") for p in (policy, *schedules)):
        return 1
    try:
        team = team_from_policy(
            policy.read_bytes(), str(policy), [(p.read_bytes(), str(p)) for p in schedules]
        )
    except JsonError as exc:
        return _refused(exc.problems, policy)
    if not _writable(out, args, "import-team"):
        return 1
    if not _write_checked(out, team.text, "team file", "import-team"):
        return 1
    count = len(team.people)
    people = f"{count} {'person' if count == 1 else 'people'}"
    echo(f"Imported {policy} -> {out}: team '{team.name}' ({people})")
    echo("Check before use (not in PagerDuty, or not mapped):")
    for line in team.unmapped:
        echo(f"  - {line}")
    return 0


def _team_reference(team: str, out: Path) -> str:
    """The ``team:`` of a scenario saved at ``out``: the team file relative to its folder."""
    if not team:
        return ""
    return Path(os.path.relpath(Path(team).resolve(), out.resolve().parent)).as_posix()


def cmd_import_msel(args: argparse.Namespace) -> int:
    """``gameday import-msel``: an MSEL (CSV, XLSX or T3SF JSON) as a scenario skeleton.

    Returns:
        0 written, 1 bad input or the file could not be written.
    """
    source, out = Path(args.msel), Path(args.out)
    team = getattr(args, "team", None) or ""
    if not _readable(source, "import-msel") or not _writable(out, args, "import-msel"):
        return 1
    try:
        imported = scenario_from_msel(source, _team_reference(team, out))
    except MselError as exc:
        return _refused(exc.problems, source)
    print_problems(imported.warnings)
    if team:
        if not _write_checked(out, imported.text, "scenario", "import-msel"):
            return 1
    else:  # no team to check against: the scenario on its own
        _, problems = load_scenario_text(imported.text, str(out))
        if errors(problems):
            print_problems(errors(problems))
            say("the scenario made from the input does not load; nothing written", "import-msel")
            return 1
        if not _write(out, imported.text.encode("utf-8"), "import-msel"):
            return 1
    echo(
        f"Imported {source} -> {out}: scenario '{imported.scenario_id}' "
        f"({imported.injects} inject{'' if imported.injects == 1 else 's'})"
    )
    echo("Needs the author (an MSEL does not hold it):")
    for line in imported.needs_author:
        echo(f"  - {line}")
    return 0


def cmd_export_msel(args: argparse.Namespace) -> int:
    """``gameday export-msel``: a scenario's injects as an MSEL (CSV, XLSX or T3SF JSON).

    Returns:
        0 written, 1 the scenario does not load or the file could not be written.
    """
    source, out = Path(args.scenario), Path(args.out)
    if not _readable(source, "export-msel") or not _writable(out, args, "export-msel"):
        return 1
    scenario, problems = load_scenario(source)
    if scenario is None:
        return _refused(errors(problems) or problems, source)
    print_problems(p for p in problems if p.level is Level.WARNING)
    data, notes = export(scenario, args.format)
    if not _write(out, data, "export-msel"):
        return 1
    count = len(scenario.injects)
    echo(f"Exported {count} inject{'' if count == 1 else 's'} of {source} -> {out} ({args.format})")
    for line in notes:
        echo(f"  - {line}")
    return 0
