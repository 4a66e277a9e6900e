"""Checking scenario, team, runbook and timeline files: every problem, located, in order.

What ``gameday validate PATH...`` (:mod:`cli.validate`) reports. A ``.csv`` file given by
name is checked as an incident timeline (what ``gameday import-timeline`` would refuse or warn
about), without writing anything. :func:`validate` returns the problems in the order an
author fixes them, :func:`summary` the closing line (``3 errors, 1 warning in 2 files``) and
:func:`json_document` the one JSON document ``--format json`` prints for tools.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from simulator.loading.discovery import validate_file
from simulator.loading.files import in_order
from simulator.problems import Level, Problem


def validate_timeline(path: Path) -> list[Problem]:
    """Every problem of an incident timeline CSV, checked as ``gameday import-timeline`` would
    (an explicit ``.csv`` path given to ``gameday validate``)."""
    from simulator.importing.timeline import timeline_problems

    return timeline_problems(path)


def validate(
    files: Sequence[Path], timelines: Collection[Path] = (), *, allow_outside_paths: bool = False
) -> list[Problem]:
    """Every problem of ``files``, grouped by file and sorted by position.

    Args:
        files: scenario, team, runbook and timeline files.
        timelines: those of ``files`` to check as incident timelines (CSV).
        allow_outside_paths: let scenarios' ``team:`` / ``runbooks:`` leave their folder tree.
    """
    problems: list[Problem] = []
    for path in files:
        problems += (
            validate_timeline(path)
            if path in timelines
            else validate_file(path, allow_outside_paths=allow_outside_paths)
        )
    return in_order(problems)


def validate_text(path: Path, text: str) -> list[Problem]:
    """Every problem ``gameday validate PATH`` would report if ``text`` were saved at ``path``.

    What the app's scenario editor shows as the author types: the same checks (a scenario's
    team and runbooks included), the same messages, the same order.
    """
    return in_order(validate_file(Path(path), text.encode("utf-8", "surrogatepass")))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(problems: list[Problem], files: int) -> str:
    """``3 errors, 1 warning in 2 files``."""
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def json_document(files: Sequence[Path], problems: Sequence[Problem]) -> dict[str, Any]:
    """The result as one JSON document for tools: ``ok``, ``files``, the counts, ``problems``."""
    errors = sum(p.level is Level.ERROR for p in problems)
    return {
        "ok": errors == 0,
        "files": [str(f) for f in files],
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.to_json() for p in problems],
    }
