"""Validating files and folders for ``gameday validate``.

YAML files (``*.yaml``, ``*.yml``) are recognised by their ``format:`` key; scenarios are
validated as bundles (with their team and runbooks) so the cross-file checks run; Markdown
files (except README.md) are runbooks. Folders are searched recursively, skipping hidden
folders. Each problem is reported once even when a file is reached twice (a team named by
two scenarios and also listed on the command line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from simulator.loading.bundles import load_bundle
from simulator.loading.documents import read_yaml
from simulator.loading.files import (
    NOT_RUNBOOKS,
    declared_format,
    in_order,
    load_runbook,
    read_bytes,
    runbook_from_bytes,
    team_from_bytes,
)
from simulator.loading.formats import FORMATS
from simulator.loading.reader import suggest
from simulator.model import SCENARIO_FORMAT, TEAM_FORMAT
from simulator.problems import Problem

YAML_SUFFIXES = (".yaml", ".yml")


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to validate under ``paths`` and a problem for each path that does not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(_walk(path))
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            try:
                target = str(path.readlink())
            except OSError:
                target = "?"
            problems.append(
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    f"a symbolic link to {target}, which does not exist (or links back to itself)",
                    hint="point the link at the file, or give the file itself",
                )
            )
        else:
            from simulator.loading.files import missing_hint

            problems.append(
                Problem(str(path), 0, 0, "", "no such file or folder", hint=missing_hint(path))
            )
    return list(dict.fromkeys(files)), problems


def _walk(folder: Path) -> Iterable[Path]:
    """Scenario, team and runbook files under ``folder`` (hidden folders skipped)."""
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        runbook = suffix == ".md" and path.name.lower() not in NOT_RUNBOOKS
        if suffix in YAML_SUFFIXES or runbook:
            yield path


def validate_file(
    path: Path, data: bytes | None = None, *, allow_outside_paths: bool = False
) -> list[Problem]:
    """Every problem of one file (a scenario's include its team's and runbooks').

    ``data``, when given, is checked in place of the file's bytes (an editor's unsaved
    text), with the problems located as if it were saved at ``path``.
    ``allow_outside_paths`` lets a scenario's ``team:`` / ``runbooks:`` leave its folder
    tree (see :func:`simulator.loading.bundles.load_bundle`).
    """
    if path.suffix.lower() == ".md":
        if data is not None:
            return runbook_from_bytes(data, str(path))[1]
        return load_runbook(path)[1]
    if data is None:
        data, problems = read_bytes(path)
        if data is None:
            return problems
    name = str(path)
    root, problems = read_yaml(data, name)
    if root is None:
        return problems
    declared = declared_format(root)
    if declared == SCENARIO_FORMAT:
        return load_bundle(path, data=data, allow_outside_paths=allow_outside_paths)[1]
    if declared == TEAM_FORMAT:
        return team_from_bytes(data, name)[1]
    line, column = root.start_mark.line + 1, root.start_mark.column + 1
    expected = " or ".join(f"'format: {f}'" for f in FORMATS)
    if declared is None:
        return [
            Problem(
                name,
                line,
                column,
                "format",
                f"missing 'format:'; expected {expected}",
                hint=f"add 'format: {SCENARIO_FORMAT}' for a scenario or "
                f"'format: {TEAM_FORMAT}' for a team",
            )
        ]
    from simulator.loading.reader import newer_format

    newer = newer_format(declared, FORMATS)
    if newer is not None:
        return [Problem(name, line, column, "format", newer[0], hint=newer[1])]
    return [
        Problem(
            name,
            line,
            column,
            "format",
            f"unknown format '{declared}'; expected one of {', '.join(FORMATS)}",
            hint=suggest(declared, FORMATS),
        )
    ]


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Every problem of every file under ``paths`` (files or folders), each reported once."""
    files, problems = collect_files(paths)
    for path in files:
        problems += validate_file(path)
    return in_order(problems)
