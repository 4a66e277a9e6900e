"""``gameday import-timeline FILE --out DIR [--incident ID_OR_NAME]``: a real incident's
record as a journal.

Reads the file with :func:`simulator.importing.timeline.import_timeline`, which recognises it by
content (a timeline CSV, a Statuspage incidents export, a PagerDuty incident log; ``--incident``
picks one incident of a JSON file that holds several), and writes ``DIR/journal.jsonl``, then
prints the phase times it found (exit 0); or prints every located problem and writes nothing
(exit 1).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from cli.output import cannot_write, echo, out_dir_error, print_problems, say
from simulator.importing.timeline import TimelineError, import_timeline
from simulator.journal import Record, save_journal
from simulator.phases import phase_times
from simulator.problems import Problem

__all__ = ["cmd_import_timeline"]

#: The phase times printed after an import, with their labels.
_PHASES = (
    ("mttd", "MTTD"),
    ("mtta", "MTTA"),
    ("time_to_declare", "time to declare"),
    ("time_to_status_page", "first status-page post"),
    ("time_to_mitigate", "time to mitigate"),
    ("time_to_resolve", "time to resolve"),
)


def _print_imported(source: Path, journal: Path, records: Sequence[Record]) -> None:
    """What was imported: the event count and each phase time (or why it is not recorded)."""
    ph = phase_times(records)
    rows = sum(1 for r in records if r.kind not in ("header", "end", "sample", "task_due"))
    echo(f"Imported {source} -> {journal} ({rows} events)")
    for name, label in _PHASES:
        reason = ph.not_recorded(name)
        shown = ph.text(name, never="—") + (f": {reason}" if reason else "")
        echo(f"  {label:<24} {shown}")


def cmd_import_timeline(args: argparse.Namespace) -> int:
    """Import ``args.csv`` (any supported file) into ``args.out/journal.jsonl``.

    Args:
        args: ``csv``, ``out`` and ``incident`` from the parser.

    Returns:
        The exit code: 0 written, 1 the file had errors or the journal could not be written.
    """
    source = Path(args.csv)
    if source.is_dir():
        say(f"{source} is a folder; give the timeline file inside it")
        return 1
    warnings: list[Problem] = []
    try:
        records = import_timeline(
            source,
            warnings,
            getattr(args, "incident", None),
            bool(getattr(args, "allow_large", False)),
        )
    except TimelineError as exc:
        print_problems(exc.problems)
        say(f"{len(exc.problems)} problem(s) in {source}; nothing written")
        return 1
    print_problems(warnings)
    out = Path(args.out)
    journal = out / "journal.jsonl"
    blocked = out_dir_error(out)
    if blocked:
        say(blocked, "import-timeline")
        return 1
    try:
        save_journal(records, journal)
    except OSError as exc:
        say(cannot_write(journal, exc, "write the output with --out"), "import-timeline")
        return 1
    _print_imported(source, journal, records)
    from cli.history import index_after

    index_after(journal, args, "import-timeline")
    return 0
