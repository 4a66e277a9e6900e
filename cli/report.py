"""``gameday report``, and the ``--report`` step after ``run``, ``batch`` and
``import-timeline``.

``gameday report RUN_DIR_OR_JOURNAL --format html,md,pdf,json --out DIR`` reads the journal
(``RUN_DIR/journal.jsonl`` or the file given), reloads the scenario, team and runbooks from the
paths its header records (relative paths are tried against the current folder, the journal's
folder and the project folder), re-applies the recorded what-if variant, and writes the report
(default ``--out``: the journal's folder). It says so when a recorded file is missing, no longer
loads or has changed since the run (its SHA-256 differs); without the scenario the run is scored
like an imported incident (the guide's targets, no scenario truth). An imported timeline
(``scenario_id`` ``imported:...``) never needs a scenario.

Exit codes: 0 written, 1 the journal or an output file could not be read or written, 2 a bad
``--format``.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli.output import echo, out_dir_error, print_problems, say
from reports.errors import RenderError
from reports.export import parse_formats, write_report
from simulator.bundle import Bundle
from simulator.journal import JournalError, Record, parse_journal, read_journal

JOURNAL_NAME = "journal.jsonl"
#: Runs started from the project folder record paths like ``scenarios/x.yaml``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "check_report_format",
    "cmd_report",
    "load_recorded_bundle",
    "report_after_batch",
    "report_after_run",
]


def _journal_path(source: Path) -> Path:
    return source / JOURNAL_NAME if source.is_dir() else source


def _resolve(recorded: str, journal_dir: Path) -> Path | None:
    """Where a path a journal header records is now, or None (a name longer than the OS
    allows, or one holding a NUL, is as missing as one that does not exist)."""
    path = Path(recorded)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, journal_dir / path]
    if not path.is_absolute():
        candidates.append(PROJECT_ROOT / path)
    for candidate in candidates:
        try:
            if candidate.exists():
                return candidate
        except (OSError, ValueError):
            continue
    return None


def _declares(path: Path, fmt: str) -> bool:
    """Whether ``path`` is a regular ``.yaml`` / ``.yml`` file declaring the ``format:``
    ``fmt``: a journal header (which anyone can edit) names no other file, so its problems
    never echo the lines of an arbitrary file."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return False
    pattern = r"^format:\s*[\"']?" + re.escape(fmt)
    return re.search(pattern, head.removeprefix("\ufeff"), re.M) is not None


def _shown_path(path: object) -> str:
    """A recorded path as printed: without control characters, at most 200 characters."""
    from cli.output import clean

    text = clean(str(path))
    return text if len(text) <= 200 else text[:199] + "…"


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else empty (a hand-edited header is read leniently)."""
    return dict(value) if isinstance(value, dict) else {}


def _outside_journal(path: Path, journal_dir: Path, what: str, warn: Callable[[str], None]) -> bool:
    """True (with a warning) when ``path`` is outside the journal's folder tree and the
    bundled scenarios: a journal header, which anyone can edit, must not make the report read
    a file elsewhere unless the user says so (``--allow-outside-paths``)."""
    from simulator.loading.bundles import bundled_dir, is_inside

    roots = [Path(os.path.realpath(journal_dir))]
    bundled = bundled_dir()
    if bundled is not None:
        roots.append(bundled)
    if is_inside(path, roots):
        return False
    warn(
        f"the journal header names the {what} {_shown_path(path)}, outside the journal's "
        f"folder ({_shown_path(roots[0])}) and the bundled scenarios; not read: scoring "
        "with the guide's targets only (copy the scenario and its team next to the journal, "
        "or run with --allow-outside-paths)"
        if what == "scenario file"
        else f"the journal header names the {what} {_shown_path(path)}, outside the "
        f"journal's folder ({_shown_path(roots[0])}) and the bundled scenarios; not read: "
        "using the scenario's own team (copy the team file next to the journal, or run with "
        "--allow-outside-paths)"
    )
    return True


def load_recorded_bundle(
    header: dict[str, Any],
    journal_dir: Path,
    warn: Callable[[str], None] = say,
    *,
    confine: bool = False,
) -> Bundle | None:
    """The bundle the journal header names, or None (with a warning saying why).

    Returns None without a warning for an imported timeline. With ``confine`` (``gameday
    report`` without ``--allow-outside-paths``) the header's scenario and team files are read
    only inside the journal's folder tree or the bundled scenarios, and the scenario's own
    ``team:`` / ``runbooks:`` only inside its folder tree.
    """
    scenario_id = str(header.get("scenario_id", ""))
    if scenario_id.startswith("imported:"):
        return None
    files = _mapping(header.get("files"))
    recorded = _mapping(files.get("scenario"))
    if not recorded.get("path"):
        warn("the journal header names no scenario file; scoring with the guide's targets only")
        return None
    scenario_path = _resolve(str(recorded["path"]), journal_dir)
    if scenario_path is not None and not _declares(scenario_path, "gameday/scenario@"):
        warn(
            f"the journal header names {_shown_path(scenario_path)}, which is not a gameday "
            "scenario file (.yaml with 'format: gameday/scenario@1'); scoring with the "
            "guide's targets only"
        )
        return None
    if (
        confine
        and scenario_path is not None
        and _outside_journal(scenario_path, journal_dir, "scenario file", warn)
    ):
        return None
    if scenario_path is None:
        warn(
            f"the scenario file {_shown_path(recorded['path'])} recorded in the journal is "
            "missing; "
            "scoring with the guide's targets only (no scenario truth)"
        )
        return None
    team_recorded = _mapping(files.get("team"))
    team_path = (
        _resolve(str(team_recorded["path"]), journal_dir) if team_recorded.get("path") else None
    )
    if (
        confine
        and team_path is not None
        and _outside_journal(team_path, journal_dir, "team file", warn)
    ):
        team_path = None
    if team_path is not None and not _declares(team_path, "gameday/team@"):
        warn(
            f"the journal header names {_shown_path(team_path)} as the team, which is not a "
            "gameday team file; using the scenario's own team"
        )
        team_path = None
    from simulator.loading import load_bundle
    from simulator.problems import errors

    bundle, problems = load_bundle(scenario_path, team_path, allow_outside_paths=not confine)
    if bundle is None:
        print_problems(errors(problems))
        warn(f"the scenario {scenario_path} no longer loads; scoring with the guide's targets only")
        return None
    for role, entry in (("scenario", recorded), ("team", team_recorded)):
        expected = entry.get("sha256")
        actual = bundle.hashes.get(role)
        if expected and actual and expected != actual:
            path = scenario_path if role == "scenario" else team_path
            warn(
                f"the {role} file {path} has changed since the run (SHA-256 differs); "
                "the report uses the file as it is now"
            )
    variant = str(header.get("variant") or "")
    if variant:
        from simulator.engine.variants import VariantError, apply_override

        try:
            bundle = apply_override(bundle, variant)
        except VariantError as exc:
            warn(f"cannot re-apply the run's variant {variant!r}: {exc}")
    return bundle


def check_report_format(args: argparse.Namespace) -> int:
    """Before ``run`` / ``import-timeline`` with ``--report``: 2 (usage) for a bad ``--format``,
    so nothing runs or is written; else 0."""
    try:
        parse_formats(str(getattr(args, "format", "html,md,json")))
    except ValueError as exc:
        say(str(exc))
        return 2
    return 0


def _read_records(
    journal: Path, allow_large: bool = False, doing: str = "reporting"
) -> list[Record]:
    """The journal's records; a last line cut off mid-record (a run killed while writing) is
    dropped with a warning so the rest can still be reported.

    Raises:
        JournalError: the journal cannot be read, with a hint on what a journal is.
    """
    if journal.is_dir():
        raise JournalError(
            f"{journal}: is a folder; give a run folder (with journal.jsonl) or the journal file"
        )
    try:
        return read_journal(journal, allow_large)
    except JournalError as exc:
        error = exc
    if ": not JSON" not in str(error):  # only a cut line is worth reading the file again
        raise error
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    if last > 0 and f"{journal}:{last + 1}: not JSON" in str(error):
        try:
            records = parse_journal(lines[:last], str(journal))
        except JournalError:
            records = []
        if records:
            say(
                f"{journal}:{last + 1}: the last line is incomplete (the run was interrupted?); "
                f"{doing} the {len(records)} records before it"
            )
            return records
    hint = (
        " (expected a journal.jsonl written by gameday run or import-timeline; "
        "a CSV timeline goes through gameday import-timeline first)"
    )
    if lines and lines[0].lstrip("\ufeff").startswith("{"):
        hint = " (the first line, the journal's header, is cut off or damaged; without it the "
        hint += "journal cannot be read)"
    raise JournalError(f"{error}{hint if f'{journal}:1: not JSON' in str(error) else ''}")


def _line_numbers(journal: Path) -> list[int]:
    """The file line of each record (blank lines are skipped when reading)."""
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [number for number, line in enumerate(lines, start=1) if line.strip()]


#: What a hand-edited record with a value of the wrong type raises in the reducer or scoring.
_BAD_VALUE = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def _bad_record(records: list[Record], journal: Path) -> str | None:
    """The first record with a value of the wrong type (a hand edit, damage), located by line
    and field, or the first the incident state cannot take."""
    from simulator.journal import payload_problem
    from simulator.state import IncidentState

    state = IncidentState()
    numbers = _line_numbers(journal)
    for index, record in enumerate(records):
        line = numbers[index] if index < len(numbers) else index + 1
        problem = payload_problem(record)
        if problem:
            article = "an" if record.kind[0] in "aeiou" else "a"
            return (
                f"{journal}:{line}: {article} {record.kind} record: {problem}; fix or "
                "remove that line (was the journal edited by hand?)"
            )
        try:
            state.apply(record)
        except _BAD_VALUE as exc:
            return (
                f"{journal}:{line}: a {record.kind} record has a value of the wrong type "
                f"({type(exc).__name__}: {exc}); fix or remove that line (was the journal "
                "edited by hand?)"
            )
    return None


def _report(
    journal: Path,
    out: Path | None,
    formats_text: str,
    allow_large: bool = False,
    allow_outside_paths: bool = False,
) -> int:
    try:
        formats = parse_formats(formats_text)
    except ValueError as exc:
        say(str(exc))
        return 2
    try:
        records: list[Record] = _read_records(journal, allow_large)
    except JournalError as exc:
        say(str(exc))
        return 1
    target = out if out is not None else journal.parent
    blocked = out_dir_error(target)
    if blocked:
        say(blocked)
        return 1
    bad = _bad_record(records, journal)
    if bad:
        say(bad)
        return 1
    bundle = load_recorded_bundle(
        dict(records[0].payload), journal.parent, confine=not allow_outside_paths
    )
    try:
        written = write_report(records, bundle, target, formats)
    except OSError as exc:
        from simulator.journal import os_error_fix, os_error_reason

        say(
            f"cannot write the report into {target}: {os_error_reason(exc)} "
            f"({os_error_fix(exc, 'write the report')}; --out DIR chooses the folder)"
        )
        return 1
    except RenderError as exc:  # a format that came out unusable (a PDF without text)
        say(str(exc))
        return 1
    except ImportError as exc:  # Qt (for the PDF) needs system libraries a server may lack
        say(
            f"cannot render the PDF: Qt could not be loaded ({exc}); install the libraries "
            "listed in the README (libgl1 libegl1 libfontconfig1 ...) or leave pdf out of --format"
        )
        return 1
    except _BAD_VALUE as exc:
        say(
            f"{journal}: cannot score the journal: a record has a value of the wrong type "
            f"({type(exc).__name__}: {exc}); was the journal edited by hand?"
        )
        return 1
    for path in written:
        echo(f"Wrote {path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``gameday report RUN_DIR_OR_JOURNAL [--format ...] [--out DIR]``."""
    source = Path(args.source)
    if not source.exists():
        say(f"{source}: no such run folder or journal file")
        return 1
    if source.is_dir() and not (source / JOURNAL_NAME).exists():
        hint = (
            "it holds a batch (batch.json): its report is written by gameday batch ... --report"
            if (source / "batch.json").is_file()
            else "give a folder written by gameday run or import-timeline, or a journal file"
        )
        say(f"{source}: no {JOURNAL_NAME} in this folder; {hint}")
        return 1
    out = Path(args.out) if getattr(args, "out", None) else None
    return _report(
        _journal_path(source),
        out,
        str(getattr(args, "format", "html,md,pdf,json")),
        bool(getattr(args, "allow_large", False)),
        bool(getattr(args, "allow_outside_paths", False)),
    )


def report_after_run(args: argparse.Namespace) -> int:
    """After ``gameday run ... --report`` / ``import-timeline ... --report``: report
    ``args.out/journal.jsonl`` into ``args.out`` in ``args.format``.

    The journal was just written from the files named on the same command line (already
    loaded, and confined, by ``run``), so its header's paths are not confined again."""
    out = Path(args.out)
    return _report(
        out / JOURNAL_NAME,
        out,
        str(getattr(args, "format", "html,md,json")),
        allow_outside_paths=True,
    )


def report_after_batch(args: argparse.Namespace) -> int:
    """After ``gameday batch ... --report``: ``args.out/batch.json`` -> batch-report.html/.md."""
    from reports.batch import BatchError, load_batch, render_batch_html, render_batch_markdown
    from reports.export import atomic_write

    out = Path(args.out)
    try:
        doc = load_batch(out / "batch.json")
    except BatchError as exc:
        say(str(exc))
        return 1
    files = [
        (out / "batch-report.html", render_batch_html(doc)),
        (out / "batch-report.md", render_batch_markdown(doc)),
    ]
    try:
        for path, text in files:
            atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        say(f"cannot write the batch report into {out}: {exc.strerror or exc}")
        return 1
    for path, _ in files:
        echo(f"Wrote {path}")
    return 0
