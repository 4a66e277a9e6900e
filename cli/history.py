"""``gameday history``: the exercises of the shared history, as a table, JSON or CSV.

The index lives in the user data folder (``$GAMEDAY_DATA_DIR`` moves it) beside the app's
runs; ``gameday run`` and ``gameday import-timeline`` add their runs to it wherever their
``--out`` folder is (``--no-history`` opts out), so the command line and the app share one
history. ``--rebuild`` reads every journal again. Exit codes: 0 listed, 1 the index cannot be
opened or written, 2 a bad option value.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cli.output import echo, say
from simulator.durations import format_clock
from simulator.history import Filter, Row
from simulator.history.store import HistoryError

__all__ = ["cmd_history", "index_after"]

#: Column labels of the table, CSV and JSON, in order.
COLUMNS = (
    ("id", "#"),
    ("started", "Date"),
    ("scenario", "Scenario"),
    ("team", "Team"),
    ("trainee", "Trainee"),
    ("mode", "Mode"),
    ("outcome", "Outcome"),
    ("score", "Score"),
    ("rating", "Rating"),
)
OUTCOMES = {
    "resolved": "resolved",
    "time_limit": "time limit",
    "stopped": "stopped",
    "not finished": "not finished",
}


def _date(value: str) -> str:
    """``2026-12-06 07:14`` from an ISO stamp (the text as is when it is not one)."""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def _cells(row: Row) -> dict[str, str]:
    if row.status != "ok":
        outcome = f"{row.status}: {row.problem}"
    else:
        outcome = OUTCOMES.get(row.outcome, row.outcome)
    return {
        "id": str(row.id),
        "started": _date(row.started),
        "scenario": row.scenario_title or row.scenario_id or Path(row.journal).parent.name,
        "team": row.team_name or row.team_id,
        "trainee": row.trainee or ("—" if row.real else "simulated"),
        "mode": "real incident" if row.real else row.mode,
        "outcome": outcome,
        "score": "" if row.score is None else f"{row.score:.0f}",
        "rating": row.rating,
    }


def _ordered(rows: Sequence[Row]) -> list[tuple[Row, int]]:
    """Rows with branches right under their parent: ``(row, depth)``."""
    known = {r.journal for r in rows}
    children: dict[str, list[Row]] = {}
    for r in rows:
        if r.parent_journal and r.parent_journal in known:
            children.setdefault(r.parent_journal, []).append(r)
    out: list[tuple[Row, int]] = []

    def visit(row: Row, depth: int) -> None:
        out.append((row, depth))
        for child in sorted(children.get(row.journal, []), key=lambda c: (c.started, c.id)):
            visit(child, depth + 1)

    for r in rows:
        if not (r.parent_journal and r.parent_journal in known):
            visit(r, 0)
    return out


def render_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned text table (branches indented under their parent)."""
    lines = []
    for row, depth in _ordered(rows):
        cells = _cells(row)
        if depth:
            at = format_clock(row.branch_t or 0.0)
            cells["scenario"] = "  " * depth + f"↳ branch at T+{at}: " + cells["scenario"]
        lines.append(cells)
    header = {k: label for k, label in COLUMNS}
    widths = {k: max(len(header[k]), *(len(c[k]) for c in lines)) for k, _ in COLUMNS}
    widths["outcome"] = min(widths["outcome"], 60)

    def fmt(cells: dict[str, str]) -> str:
        parts = [cells[k][: widths[k]].ljust(widths[k]) for k, _ in COLUMNS]
        return "  ".join(parts).rstrip()

    return "\n".join([fmt(header), *(fmt(c) for c in lines)])


def render_json(rows: Sequence[Row]) -> str:
    """The rows as a JSON document (``gameday/history@1``), every field of the index."""
    doc = {"format": "gameday/history@1", "exercises": [r._asdict() for r in rows]}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def render_csv(rows: Sequence[Row]) -> str:
    """The rows as CSV with a header line (the table's columns plus the journal path)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label if k != "id" else "id" for k, label in COLUMNS] + ["Journal"])
    for row in rows:
        cells = _cells(row)
        writer.writerow([cells[k] for k, _ in COLUMNS] + [row.journal])
    return buffer.getvalue()


def _filter(args: argparse.Namespace) -> Filter | str:
    """The filter the options ask for, or the message of a bad date."""
    dates: dict[str, str] = {}
    for option in ("date_from", "date_to"):
        value = str(getattr(args, option, None) or "")
        if value:
            try:
                datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                flag = "--from" if option == "date_from" else "--to"
                return f"{flag} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31"
        dates[option] = value
    return Filter(
        scenario=str(getattr(args, "scenario", None) or ""),
        team=str(getattr(args, "team", None) or ""),
        trainee=str(getattr(args, "trainee", None) or ""),
        outcome=str(getattr(args, "outcome", None) or ""),
        text=str(getattr(args, "search", None) or ""),
        date_from=dates["date_from"],
        date_to=dates["date_to"],
    )


def cmd_history(args: argparse.Namespace) -> int:
    """List (``--rebuild``: first rebuild) the history; returns the exit code."""
    from reports.history import open_history, summarise
    from simulator.history import indexer
    from simulator.history.paths import runs_dir

    flt = _filter(args)
    if isinstance(flt, str):
        say(flt, "history")
        return 2
    try:
        store = open_history(refresh=not args.rebuild)
    except HistoryError as exc:
        say(str(exc), "history")
        return 1
    try:
        if store.recovered:
            say(store.recovered, "history")
        if args.rebuild:
            outcome = indexer.rebuild(store, summarise, [runs_dir()])
            print(f"Rebuilt {store.path}: {outcome.text()}", file=sys.stderr)
        rows = store.rows(flt)
    finally:
        store.close()
    fmt = str(getattr(args, "format", "table"))
    if fmt == "json":
        echo(render_json(rows))
    elif fmt == "csv":
        sys.stdout.write(render_csv(rows))
    elif rows:
        echo(render_table(rows))
    else:
        print("No exercises yet: run one in the app, or with gameday run.", file=sys.stderr)
    return 0


def index_after(journal: Path, args: argparse.Namespace, command: str) -> None:
    """After ``run`` / ``import-timeline``: add the journal to the history (unless
    ``--no-history``). A history that cannot be written is a warning, never a failed run."""
    if getattr(args, "no_history", False):
        return
    from reports.history import index_run

    try:
        entry = index_run(journal)
    except (HistoryError, OSError) as exc:
        say(f"the run was not added to the history: {exc} (--no-history skips it)", command)
        return
    if entry.status != "ok":
        say(f"the run was added to the history as {entry.status}: {entry.problem}", command)
