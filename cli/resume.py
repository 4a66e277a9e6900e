"""``gameday resume RUN_DIR``: continue a headless run that was killed, where it stopped.

The journal of a killed run is read (a last line cut mid-record is dropped with a warning),
the scenario and team its header records are loaded, and the exercise is rebuilt from the
journal with the same seed (:func:`simulator.engine.resume.resume`) and run to its end. The
journal is rewritten in place atomically — the records it held, then the rest as they happen
— so a second kill leaves a journal that can be resumed again.

Exit codes: 0 finished, 1 nothing to resume or it cannot be resumed (the message says why).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from cli.output import echo, say
from cli.report import JOURNAL_NAME, _read_records, load_recorded_bundle
from simulator.durations import format_duration
from simulator.journal import JournalError, JournalWriter, Record, normal_mode

__all__ = ["cmd_resume"]


def _rewrite(journal: Path, kept: list[Record]) -> JournalWriter:
    """A writer that goes on writing ``journal``, which holds ``kept`` again: they are written
    to a temporary file in the same folder, synced, and the file moved over the journal (the
    writer keeps writing the moved file), so the journal is never half-rewritten."""
    fd, tmp = tempfile.mkstemp(prefix=f".{journal.name}-", suffix=".resume", dir=journal.parent)
    os.fchmod(fd, normal_mode())  # the mode every journal gets, not mkstemp's private one
    os.close(fd)
    writer = JournalWriter(Path(tmp))
    for record in kept:
        writer.write(record)
    if writer.failed:
        writer.close()
        Path(tmp).unlink(missing_ok=True)
        raise OSError(writer.error_message())
    os.replace(tmp, journal)
    writer.path = journal
    return writer


def cmd_resume(args: argparse.Namespace) -> int:
    """``gameday resume RUN_DIR``."""
    from simulator.engine.replay import ReplayError
    from simulator.engine.resume import interrupted_at, resume
    from simulator.engine.runner import summary

    source = Path(args.run_dir)
    journal = source / JOURNAL_NAME if source.is_dir() else source
    try:
        records = _read_records(journal, doing="resuming from")
    except JournalError as exc:
        say(str(exc), "resume")
        return 1
    stopped = interrupted_at(records)
    if stopped is None:
        end = next(r for r in records if r.kind == "end")
        reason = str(end.payload.get("reason", "stopped")).replace("_", " ")
        say(f"{journal}: the run ended ({reason}); there is nothing to resume", "resume")
        return 1
    header = dict(records[0].payload)
    if header.get("human") or header.get("seats"):
        say(
            f"{journal}: a person played this run; gameday resume continues simulated runs "
            "only (replaying a person's seat without them would change the exercise)",
            "resume",
        )
        return 1
    bundle = load_recorded_bundle(header, journal.parent, lambda m: say(m, "resume"))
    if bundle is None:
        say(f"{journal}: cannot resume without the run's scenario", "resume")
        return 1
    try:
        exercise = resume(records, bundle)
    except ReplayError as exc:
        say(f"{journal}: cannot resume: {exc}", "resume")
        return 1
    writer = _rewrite(journal, [*records, *exercise.records[len(records) :]])
    exercise.subscribe(writer.write)
    exercise.run_to_end()
    writer.close()
    if writer.failed:
        say(writer.error_message(), "resume")
        return 1
    echo(f"Resumed {journal} at T+{format_duration(stopped)} (seed {header.get('seed')})")
    echo(summary(bundle, list(exercise.records)))
    return 0
