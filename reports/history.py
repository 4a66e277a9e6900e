"""A journal summarised for the history index: the scored run plus the report's action items.

:func:`load_journal` reads a journal the way the app and ``gameday report`` do (a last line
cut off by a killed run is dropped; a hand-edited record of the wrong type is a located error)
and loads the files its header names. :func:`summarise` turns it into the
:class:`~simulator.history.Entry` the index stores; the command line and the app hand it to
:mod:`simulator.history.indexer`. :func:`open_history` opens the index and brings it up to date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reports.scored import ScoredRun, score_run
from reports.viewmodel import build_report
from simulator.bundle import Bundle
from simulator.history import indexer
from simulator.history.branch import read_branch
from simulator.history.entry import ActionItemRow, Entry, FamilyRow, ObjectiveRow, Seat
from simulator.history.paths import index_path, runs_dir
from simulator.history.recorded import recorded_bundle
from simulator.history.store import HistoryStore
from simulator.journal import JournalError, Record, parse_journal, payload_problem, read_journal
from simulator.model import Role
from simulator.state import IncidentState

#: What a hand-edited record with a value of the wrong type raises in the reducer or scoring.
BAD_VALUE = (ValueError, TypeError, KeyError, AttributeError, IndexError)


@dataclass(frozen=True)
class LoadedJournal:
    """A journal read back with its bundle (None for an imported or orphaned run)."""

    path: Path
    records: tuple[Record, ...]
    bundle: Bundle | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def header(self) -> dict[str, object]:
        """The header record's payload."""
        return dict(self.records[0].payload)


def read_records(path: Path, notes: list[str] | None = None) -> list[Record]:
    """The journal's records; a last line cut off mid-record (a run killed while writing) is
    dropped with a note, so the rest still counts.

    Raises:
        JournalError: the journal cannot be read (the message names file and line).
    """
    try:
        return read_journal(path)
    except JournalError as exc:
        error = exc
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise error from None
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    if last > 0 and f"{path}:{last + 1}: not JSON" in str(error):
        try:
            records = parse_journal(lines[:last], str(path))
        except JournalError:
            raise error from None
        if notes is not None:
            notes.append(f"{path}:{last + 1}: the last line is incomplete (interrupted run)")
        return records
    raise error


def check_records(path: Path, records: Sequence[Record]) -> None:
    """Raise a located :class:`JournalError` for the first record of the wrong shape."""
    state = IncidentState()
    for record in records:
        problem = payload_problem(record)
        if problem is None:
            try:
                state.apply(record)
            except BAD_VALUE as exc:
                problem = f"a value of the wrong type ({type(exc).__name__}: {exc})"
        if problem:
            raise JournalError(
                f"{path}: record {record.seq} ({record.kind}): {problem}; was the journal "
                "edited by hand?"
            )


def load_journal(path: Path) -> LoadedJournal:
    """Read, check and re-attach a journal to its scenario files.

    Raises:
        JournalError: the journal cannot be read or a record is damaged.
    """
    notes: list[str] = []
    records = read_records(path, notes)
    check_records(path, records)
    bundle = recorded_bundle(records[0].payload, path.parent, notes)
    return LoadedJournal(path, tuple(records), bundle, tuple(notes))


def _started(records: Sequence[Record]) -> str:
    for record in records[:3]:
        if record.wall:
            return record.wall
    start = str(records[0].payload.get("clock_start") or "")
    try:
        return datetime.fromisoformat(start).astimezone(UTC).isoformat(timespec="seconds")
    except ValueError:
        return start


def _mode(header: dict[str, object]) -> str:
    if str(header.get("scenario_id", "")).startswith("imported:"):
        return "imported"
    human = header.get("human")
    if not isinstance(human, dict):
        return "watch"
    return "tabletop" if human.get("tabletop") else "play"


def _seats(run: ScoredRun, header: dict[str, object]) -> tuple[Seat, ...]:
    bundle = run.bundle

    def name(actor: str) -> str:
        person = bundle.team.person(actor) if bundle is not None else None
        return person.name if person is not None else actor

    seats: list[Seat] = []
    human = header.get("human")
    if isinstance(human, dict) and human.get("actor"):
        actor = str(human["actor"])
        seats.append(Seat(actor, name(actor), f"human: {human.get('role') or 'player'}"))
    for role in Role:
        for actor in run.state.holders(role):
            seats.append(Seat(actor, name(actor), role.value))
    return tuple(seats)


def summarise(path: Path) -> Entry:
    """The index entry of the journal at ``path`` (a damaged entry when it cannot be read)."""
    journal = indexer.key(path)
    try:
        sha, size, mtime = indexer.fingerprint(path)
    except OSError as exc:
        return Entry.damaged(journal, f"{path}: cannot read: {exc.strerror or exc}")
    try:
        loaded = load_journal(path)
        run = score_run(loaded.records, loaded.bundle)
        model = build_report(run)
    except JournalError as exc:
        return Entry.damaged(journal, str(exc), sha, size, mtime)
    except BAD_VALUE as exc:
        message = f"{path}: cannot score the journal ({type(exc).__name__}: {exc})"
        return Entry.damaged(journal, message, sha, size, mtime)
    header = loaded.header
    card = run.scorecard
    bundle = loaded.bundle
    seats = _seats(run, header)
    trainee = next((s.name for s in seats if s.role.startswith("human")), "")
    end = next((r for r in reversed(loaded.records) if r.kind == "end"), None)
    files = header.get("files")
    scenario_file = dict(files).get("scenario") if isinstance(files, dict) else None
    branch = read_branch(path)
    mode = _mode(header)
    started = _started(loaded.records)
    return Entry(
        journal=journal,
        sha256=sha,
        size=size,
        mtime=mtime,
        started=started,
        scenario_id=str(header.get("scenario_id", "")),
        scenario_title=card.title or model.incident_title,
        scenario_sha256=str(dict(scenario_file).get("sha256", "")) if scenario_file else "",
        team_id=str(header.get("team_id", "")),
        team_name=bundle.team.name if bundle is not None else str(header.get("team_id", "")),
        mode=mode,
        trainee=trainee,
        seed=_seed(header.get("seed")),
        outcome=str(end.payload.get("reason", "stopped")) if end is not None else "not finished",
        ended_t=end.t if end is not None else loaded.records[-1].t,
        score=card.overall_score,
        rating=card.overall_rating.value,
        severity=str(card.true_severity or card.final_severity or ""),
        declared_severity=str(card.declared_severity or ""),
        parent_journal=branch.parent if branch else "",
        branch_t=branch.t if branch else None,
        seats=seats,
        phases=dict(run.phases.durations()),
        objectives=tuple(
            ObjectiveRow(o.id, o.family, o.title, o.rating.value, o.score, tuple(o.rules))
            for o in card.objectives
        ),
        families=tuple(
            FamilyRow(f.family, f.title, f.rating.value, f.score) for f in card.families
        ),
        action_items=tuple(
            ActionItemRow(journal, a.action, a.action, a.owner, due, a.objective)
            for a in model.action_items
            for due in (_tracked_due(a.due, header, started, mode),)
        ),
    )


def _tracked_due(due: str, header: dict[str, object], started: str, mode: str) -> str:
    """The due date to track: the report counts days from the scenario's own clock (a date
    in the story); an exercise's follow-up is due that many days after the exercise took
    place. A real incident's dates are real and stay."""
    day = _iso_day(due)
    if not day or mode == "imported":
        return day
    try:
        clock = datetime.fromisoformat(str(header.get("clock_start") or "")).date()
        held = datetime.fromisoformat(started).date()
    except ValueError:
        return day
    offset = datetime.strptime(day, "%Y-%m-%d").date() - clock
    return (held + offset).isoformat()


def _seed(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _iso_day(text: str) -> str:
    """The report's due date as ``YYYY-MM-DD`` ("" when it is not a date)."""
    head = text.strip()[:10]
    try:
        datetime.strptime(head, "%Y-%m-%d")
    except ValueError:
        return ""
    return head


def open_history(base: Path | None = None, refresh: bool = True) -> HistoryStore:
    """The index in the data folder (or ``base``), refreshed from the journals when asked.

    A damaged index is moved aside and rebuilt from the journals here.

    Raises:
        simulator.history.store.HistoryError: the index cannot be opened.
    """
    store = HistoryStore(index_path(base))
    if store.recovered:
        indexer.rebuild(store, summarise, [runs_dir(base)])
    elif refresh:
        indexer.refresh(store, summarise, [runs_dir(base)])
    return store


def index_run(journal: Path, base: Path | None = None) -> Entry:
    """Index one journal (after ``gameday run``, ``import-timeline`` or an app run).

    Raises:
        simulator.history.store.HistoryError: the index cannot be opened.
    """
    store = HistoryStore(index_path(base))
    try:
        if store.recovered:
            indexer.rebuild(store, summarise, [runs_dir(base)])
        return indexer.index_journal(store, journal, summarise)
    finally:
        store.close()
