"""``gameday validate PATH...``: check scenario, team and runbook files, report every problem.

A ``.csv`` file given by name is checked as an incident timeline (what ``gameday
import-timeline`` would refuse or warn about), without writing anything.

Prints compiler-style lines (``file:line:col: error: path: message (hint)``), warnings
likewise, then a summary such as ``3 errors, 1 warning in 2 files``. Exit codes: 0 clean
(warnings allowed), 1 errors, 2 usage (a path that does not exist). ``--format json`` prints
one JSON document for tools instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.loading import collect_files
from simulator.loading.discovery import validate_file
from simulator.loading.files import in_order
from simulator.problems import Level, Problem


def validate_timeline(path: Path) -> list[Problem]:
    """Every problem of an incident timeline CSV, checked as ``gameday import-timeline`` would
    (an explicit ``.csv`` path given to ``gameday validate``)."""
    from simulator.importing.timeline import TimelineError, import_timeline

    warnings: list[Problem] = []
    try:
        import_timeline(path, warnings)
    except TimelineError as exc:
        return list(exc.problems)
    return warnings


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(problems: list[Problem], files: int) -> str:
    """``3 errors, 1 warning in 2 files``."""
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = len(problems) - errors
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate ``args.paths`` (files or folders); print problems as text or JSON."""
    given = [Path(p) for p in args.paths]
    timelines = [p for p in given if p.is_file() and p.suffix.lower() == ".csv"]
    paths = [p for p in given if p not in timelines]
    output_format = getattr(args, "format", "text")
    files, missing = collect_files(paths) if paths else ([], [])
    if missing:
        for problem in missing:
            hint = f" ({problem.hint})" if problem.hint else ""
            print(f"gameday validate: {problem.file}: {problem.message}{hint}", file=sys.stderr)
        return 2
    files = [*files, *timelines]
    if not files:
        shown = ", ".join(str(p) for p in paths)
        print(
            f"gameday validate: no scenario, team or runbook files in {shown} "
            "(looked for *.yaml, *.yml and *.md)",
            file=sys.stderr,
        )
        return 2
    problems: list[Problem] = []
    for path in files:
        problems += validate_timeline(path) if path in timelines else validate_file(path)
    problems = in_order(problems)
    errors = sum(p.level is Level.ERROR for p in problems)
    if output_format == "json":
        document = {
            "ok": errors == 0,
            "files": [str(f) for f in files],
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.to_json() for p in problems],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem.format())
        print(summary(problems, len(files)))
    return 1 if errors else 0
