"""``gameday validate PATH... [--format text|json]``: check files, report every problem.

Prints compiler-style lines (``file:line:col: error: path: message (hint)``), warnings
likewise, then a summary such as ``3 errors, 1 warning in 2 files``; ``--format json`` prints
one JSON document for tools instead. A ``.csv`` file given by name, or a Statuspage or
PagerDuty JSON export, is checked as an incident timeline (each incident of a file that holds
several). Exit codes: 0 clean (warnings allowed), 1 errors, 2 usage (a path that does not
exist, or no files to check).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.output import echo, say
from simulator.importing.timeline import timeline_json
from simulator.loading import collect_files
from simulator.loading.validation import json_document, summary, validate
from simulator.problems import Level

__all__ = ["cmd_validate"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate ``args.paths`` (files or folders); print problems as text or JSON.

    Args:
        args: ``paths`` and ``format`` (``text`` unless given) from the parser.

    Returns:
        The exit code: 0 clean, 1 errors, 2 usage.
    """
    given = [Path(p) for p in args.paths]
    timelines = [
        p for p in given if p.is_file() and (p.suffix.lower() == ".csv" or timeline_json(p))
    ]
    paths = [p for p in given if p not in timelines]
    files, missing = collect_files(paths) if paths else ([], [])
    if missing:
        for problem in missing:
            hint = f" ({problem.hint})" if problem.hint else ""
            say(f"{problem.file}: {problem.message}{hint}", "validate")
        return 2
    files = [*files, *timelines]
    if not files:
        shown = ", ".join(str(p) for p in paths)
        say(
            f"no scenario, team or runbook files in {shown} (looked for *.yaml, *.yml and *.md)",
            "validate",
        )
        return 2
    problems = validate(
        files, timelines, allow_outside_paths=bool(getattr(args, "allow_outside_paths", False))
    )
    if getattr(args, "format", "text") == "json":
        echo(json.dumps(json_document(files, problems), indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            echo(problem.format())
        echo(summary(problems, len(files)))
    return 1 if any(p.level is Level.ERROR for p in problems) else 0
