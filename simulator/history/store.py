"""The SQLite index of exercises (standard library ``sqlite3``, WAL, numbered migrations).

One file, ``<data>/history.sqlite3``, beside the runs. Every write is one transaction, so an
app killed mid-write leaves the index as it was before that write (WAL rolls the rest back on
the next open). An index that is not a database any more (a disk error, a stray copy) is moved
aside as ``history.sqlite3.damaged-<stamp>`` and a fresh one started; the caller rebuilds it
from the journals (:attr:`HistoryStore.recovered` says so). The journals stay the record: the
index only holds what lists and trends need, plus the one thing a journal never holds, the
tracked state of action items (status, owner, due date), which survives a rebuild.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from simulator.history.entry import (
    DAMAGED,
    MISSING,
    OK,
    TREND_PHASES,
    ActionItemRow,
    Entry,
    ObjectiveRow,
    Seat,
)
from simulator.history.migrations import MIGRATIONS, SCHEMA_VERSION

#: Action-item statuses, in the order people move them.
ITEM_STATUSES = ("open", "in_progress", "done")
ITEM_LABELS = {"open": "Open", "in_progress": "In progress", "done": "Done"}


class HistoryError(Exception):
    """The index cannot be opened or written; the message names the file and the fix."""


class Row(NamedTuple):
    """One exercise as the History list shows it (see :class:`Entry` for the fields).

    A named tuple: 10,000 of them are read each time the History view opens.
    """

    id: int
    journal: str
    status: str
    problem: str
    started: str
    scenario_id: str
    scenario_title: str
    team_id: str
    team_name: str
    mode: str
    trainee: str
    seed: int | None
    outcome: str
    ended_t: float | None
    score: float | None
    rating: str
    severity: str
    parent_journal: str
    branch_t: float | None

    @property
    def real(self) -> bool:
        """True for an imported real incident's timeline."""
        return self.mode == "imported"

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the exercise ("" when its date is unknown)."""
        return self.started[:7]


_ROW_COLUMNS = (
    "id, journal, status, problem, started, scenario_id, scenario_title, team_id, team_name, "
    "mode, trainee, seed, outcome, ended_t, score, rating, severity, parent_journal, branch_t"
)


@dataclass(frozen=True)
class Filter:
    """What the History list and the trends show: every field empty means everything.

    ``text`` searches the scenario, team, trainee, outcome and journal path (case-insensitive,
    every word must match); dates are ISO ``YYYY-MM-DD`` bounds, both included.
    """

    scenario: str = ""
    team: str = ""
    trainee: str = ""
    outcome: str = ""
    date_from: str = ""
    date_to: str = ""
    text: str = ""
    include_real: bool = True

    def matches(self, row: Row) -> bool:
        """True when ``row`` passes every set field."""
        if self.scenario and row.scenario_id != self.scenario:
            return False
        if self.team and row.team_id != self.team:
            return False
        if self.trainee and row.trainee != self.trainee:
            return False
        if self.outcome and row.outcome != self.outcome:
            return False
        if not self.include_real and row.real:
            return False
        day = row.started[:10]
        if self.date_from and (not day or day < self.date_from):
            return False
        if self.date_to and (not day or day > self.date_to):
            return False
        if self.text:
            hay = " ".join(
                (
                    row.scenario_title,
                    row.scenario_id,
                    row.team_name,
                    row.trainee,
                    row.outcome,
                    row.rating,
                    row.journal,
                    row.status,
                    "real" if row.real else "",
                )
            ).lower()
            return all(word in hay for word in self.text.lower().split())
        return True

    def apply(self, rows: Iterable[Row]) -> list[Row]:
        """The rows that match, in their order."""
        return [r for r in rows if self.matches(r)]


@dataclass
class Details:
    """What trends need of a set of runs, aggregated in SQL (10,000 runs hold 300,000
    objective ratings: only the counts and the failed ones come back).

    Attributes:
        phases: run id -> {trend phase: seconds} (phases reached only).
        families: run id -> [(family, title, score)].
        failed: (objective, title, runs rating it M or U, runs rating it at all), most failed
            first.
        failed_rules: (run id, objective title, rule ids comma-separated) of every failed
            objective that cites rules.
    """

    phases: dict[int, dict[str, float]] = field(default_factory=dict)
    families: dict[int, list[tuple[str, str, float | None]]] = field(default_factory=dict)
    failed: list[tuple[str, str, int, int]] = field(default_factory=list)
    failed_rules: list[tuple[int, str, str]] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class HistoryStore:
    """The index: open (migrating as needed), write entries, read rows, track action items.

    Args:
        path: The index file (created with its folder when missing).

    Raises:
        HistoryError: the file cannot be created, or was written by a newer version.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: Set when a damaged index was moved aside (the caller should rebuild).
        self.recovered = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if "newer" in str(exc):
                raise HistoryError(str(exc)) from None
            self._db = self._recover(exc)
        except OSError as exc:
            raise HistoryError(
                f"{path}: the history index cannot be created ({exc.strerror or exc}); "
                "make sure the data folder can be written, or set GAMEDAY_DATA_DIR"
            ) from None

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"{self.path}: the history index has schema version {version}, newer than "
                f"this gameday's {SCHEMA_VERSION}; update gameday, or run "
                "`gameday history --rebuild` with this version to start a new index"
            )
        for number in range(version, SCHEMA_VERSION):
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _recover(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        self.recovered = (
            f"{self.path}: the history index was damaged ({exc}); it was moved to {aside} "
            "and a new one is rebuilt from the journals"
        )
        return self._open()

    def close(self) -> None:
        """Close the connection (the index stays consistent on disk either way)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: all of it or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """The index's ``user_version``."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ writing

    def put(self, entry: Entry) -> int:
        """Add or replace the entry of ``entry.journal``; returns its run id."""
        with self.transaction() as db:
            return self._put(db, entry)

    def put_many(self, entries: Iterable[Entry]) -> list[int]:
        """Add or replace many entries in one transaction (a rebuild, a benchmark)."""
        with self.transaction() as db:
            return [self._put(db, e) for e in entries]

    def _put(self, db: sqlite3.Connection, e: Entry) -> int:
        values: dict[str, Any] = {
            "journal": e.journal,
            "status": e.status,
            "problem": e.problem,
            "sha256": e.sha256,
            "size": e.size,
            "mtime": e.mtime,
            "started": e.started,
            "scenario_id": e.scenario_id,
            "scenario_title": e.scenario_title,
            "scenario_sha256": e.scenario_sha256,
            "team_id": e.team_id,
            "team_name": e.team_name,
            "mode": e.mode,
            "trainee": e.trainee,
            "seed": e.seed,
            "outcome": e.outcome,
            "ended_t": e.ended_t,
            "score": e.score,
            "rating": e.rating,
            "severity": e.severity,
            "declared_severity": e.declared_severity,
            "parent_journal": e.parent_journal,
            "branch_t": e.branch_t,
            "stale": 0,
            "trend": _trend(e),
            **{phase: e.phases.get(phase) for phase in TREND_PHASES},
            "indexed_at": _now(),
        }
        old = db.execute("SELECT id FROM runs WHERE journal = ?", (e.journal,)).fetchone()
        names = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        if old is None:
            run_id = int(
                db.execute(f"INSERT INTO runs ({names}) VALUES ({marks})", values).lastrowid or 0
            )
        else:
            run_id = int(old[0])
            sets = ", ".join(f"{k} = :{k}" for k in values)
            db.execute(f"UPDATE runs SET {sets} WHERE id = :id", {**values, "id": run_id})
            for table in ("seats", "phases", "objectives", "families", "action_items"):
                db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
        db.executemany(
            "INSERT INTO seats (run_id, actor, name, role) VALUES (?, ?, ?, ?)",
            [(run_id, s.actor, s.name, s.role) for s in e.seats],
        )
        db.executemany(
            "INSERT INTO phases (run_id, phase, seconds) VALUES (?, ?, ?)",
            [(run_id, k, v) for k, v in e.phases.items()],
        )
        db.executemany(
            "INSERT INTO objectives (run_id, objective, family, title, rating, score, rules) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (run_id, o.objective, o.family, o.title, o.rating, o.score, ",".join(o.rules))
                for o in e.objectives
            ],
        )
        db.executemany(
            "INSERT INTO families (run_id, family, title, rating, score) VALUES (?, ?, ?, ?, ?)",
            [(run_id, f.family, f.title, f.rating, f.score) for f in e.families],
        )
        db.executemany(
            "INSERT INTO action_items (run_id, item, text, owner, due, objective) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(run_id, a.item, a.text, a.owner, a.due, a.objective) for a in e.action_items],
        )
        return run_id

    def mark(self, journal: str, status: str, problem: str = "") -> None:
        """Set the status of an indexed journal (``missing`` when its file is gone)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET status = ?, problem = ? WHERE journal = ?",
                (status, problem, journal),
            )

    def remove(self, journals: Sequence[str]) -> int:
        """Drop entries (their action-item state too); returns how many went."""
        with self.transaction() as db:
            n = 0
            for journal in journals:
                n += db.execute("DELETE FROM runs WHERE journal = ?", (journal,)).rowcount
                db.execute("DELETE FROM action_item_state WHERE journal = ?", (journal,))
            return n

    def clear_runs(self) -> None:
        """Forget every entry (a rebuild); tracked action-item state is kept."""
        with self.transaction() as db:
            db.execute("DELETE FROM runs")

    # ------------------------------------------------------------------ reading

    def rows(self, flt: Filter | None = None) -> list[Row]:
        """Every exercise (newest first), filtered by ``flt``."""
        cursor = self._db.execute(f"SELECT {_ROW_COLUMNS} FROM runs ORDER BY started DESC, id DESC")
        rows = list(map(Row._make, cursor))
        return flt.apply(rows) if flt is not None else rows

    def row(self, run_id: int) -> Row | None:
        """One exercise by id."""
        values = self._db.execute(
            f"SELECT {_ROW_COLUMNS} FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        return Row(*values) if values else None

    def row_of(self, journal: str) -> Row | None:
        """One exercise by its journal path."""
        values = self._db.execute(
            f"SELECT {_ROW_COLUMNS} FROM runs WHERE journal = ?", (journal,)
        ).fetchone()
        return Row(*values) if values else None

    def fingerprints(self) -> dict[str, tuple[str, int, float, int]]:
        """``{journal: (status, size, mtime, stale)}`` of every entry (what a refresh checks)."""
        return {
            str(j): (str(s), int(size), float(m), int(stale))
            for j, s, size, m, stale in self._db.execute(
                "SELECT journal, status, size, mtime, stale FROM runs"
            )
        }

    def seats(self, run_id: int) -> list[Seat]:
        """Who played which seat in a run."""
        return [
            Seat(*v)
            for v in self._db.execute(
                "SELECT actor, name, role FROM seats WHERE run_id = ?", (run_id,)
            )
        ]

    def details(self, run_ids: Iterable[int] | None = None) -> Details:
        """Phases, family scores and failed objectives of the runs (all runs when None)."""
        db = self._db
        if run_ids is not None:
            self._select(run_ids)
        # with a selection, walk it and look each run up (CROSS JOIN keeps that order: the
        # planner would otherwise scan every objective of the index and probe the selection)
        runs = "sel CROSS JOIN runs t ON t.id = sel.id" if run_ids is not None else "runs t"
        objectives = (
            "sel CROSS JOIN objectives t ON t.run_id = sel.id"
            if run_ids is not None
            else "objectives t"
        )
        out = Details()
        phases = ", ".join(f"t.{p}" for p in TREND_PHASES)
        for run_id, trend, *times in db.execute(f"SELECT t.id, t.trend, {phases} FROM {runs}"):
            reached = {p: v for p, v in zip(TREND_PHASES, times, strict=True) if v is not None}
            if reached:
                out.phases[run_id] = reached
            if trend and trend != "{}":
                for title, rules in json.loads(trend).get("r", ()):
                    out.failed_rules.append((run_id, title, rules))
        families = (
            "sel CROSS JOIN families t ON t.run_id = sel.id"
            if run_ids is not None
            else "families t"
        )
        for run_id, family, title, score in db.execute(
            f"SELECT t.run_id, t.family, t.title, t.score FROM {families}"
        ):
            out.families.setdefault(run_id, []).append((family, title, score))
        counts: dict[str, list[int]] = {}
        titles: dict[str, str] = {}
        for objective, rating, title, n in db.execute(
            f"SELECT t.objective, t.rating, MIN(t.title), COUNT(*) FROM {objectives} "
            "GROUP BY t.objective, t.rating"
        ):
            if rating not in ("P", "S", "M", "U"):
                continue
            titles.setdefault(objective, title)
            tally = counts.setdefault(objective, [0, 0])
            tally[1] += n
            if rating in ("M", "U"):
                tally[0] += n
        out.failed = sorted(
            ((o, titles[o], f, r) for o, (f, r) in counts.items() if f),
            key=lambda x: (-x[2], x[0]),
        )
        return out

    def _select(self, run_ids: Iterable[int]) -> None:
        """Fill the temporary table ``sel`` with the run ids a query is restricted to."""
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS sel (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM sel")
        db.executemany("INSERT OR IGNORE INTO sel (id) VALUES (?)", ((i,) for i in run_ids))

    def objectives(self, run_id: int) -> list[ObjectiveRow]:
        """Every objective's outcome in one run."""
        return [
            ObjectiveRow(o, fam, title, rating, score, tuple(r for r in rules.split(",") if r))
            for o, fam, title, rating, score, rules in self._db.execute(
                "SELECT objective, family, title, rating, score, rules FROM objectives "
                "WHERE run_id = ? ORDER BY rowid",
                (run_id,),
            )
        ]

    def branches_of(self, journal: str) -> list[Row]:
        """The branches rewound from ``journal``, oldest first."""
        return [r for r in reversed(self.rows()) if r.parent_journal == journal]

    # ------------------------------------------------------------------ action items

    def action_items(self, run_ids: Iterable[int] | None = None) -> list[ActionItemRow]:
        """Every action item with its tracked state (the state overrides the report's owner
        and due date once edited), oldest run first."""
        source = "action_items a"
        if run_ids is not None:
            self._select(run_ids)
            source = "sel CROSS JOIN action_items a ON a.run_id = sel.id"
        # the fields in ActionItemRow's order, tracked state over the report's (one tuple
        # each, made in C: 25,000 items for the Trends view)
        return list(
            map(
                ActionItemRow._make,
                self._db.execute(
                    "SELECT r.journal, a.item, a.text, COALESCE(s.owner, a.owner), "
                    "COALESCE(s.due, a.due), COALESCE(s.status, 'open'), a.objective, r.id, "
                    f"r.scenario_title, r.started FROM {source} JOIN runs r ON r.id = a.run_id "
                    "LEFT JOIN action_item_state s ON s.journal = r.journal AND s.item = a.item "
                    "ORDER BY r.started, r.id, a.rowid"
                ),
            )
        )

    def update_action_item(
        self,
        item: ActionItemRow,
        status: str | None = None,
        owner: str | None = None,
        due: str | None = None,
    ) -> ActionItemRow:
        """Track an action item's status, owner or due date (the journal is never touched).

        Raises:
            ValueError: an unknown status, or a due date that is not ``YYYY-MM-DD``.
        """
        if status is not None and status not in ITEM_STATUSES:
            raise ValueError(
                f"unknown action-item status {status!r}; expected open, in_progress or done"
            )
        if due:
            try:
                datetime.strptime(due, "%Y-%m-%d")
            except ValueError:
                raise ValueError(
                    f"due date {due!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31"
                ) from None
        new = item._replace(
            status=item.status if status is None else status,
            owner=item.owner if owner is None else owner,
            due=item.due if due is None else due,
        )
        with self.transaction() as db:
            db.execute(
                "INSERT INTO action_item_state (journal, item, status, owner, due, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (journal, item) DO UPDATE SET "
                "status = excluded.status, owner = excluded.owner, due = excluded.due, "
                "updated = excluded.updated",
                (new.journal, new.item, new.status, new.owner, new.due, _now()),
            )
        return new

    def integrity(self) -> str:
        """SQLite's own check (``ok`` when sound)."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _trend(e: Entry) -> str:
    """The failed objectives of a run that cite rules, as JSON (``{"r": [[title, rules]]}``;
    ``{}`` when none): what the repeat patterns of the Trends view are made of."""
    failed = [
        [o.title, ",".join(o.rules)] for o in e.objectives if o.rating in ("M", "U") and o.rules
    ]
    return json.dumps({"r": failed}, separators=(",", ":")) if failed else "{}"


def _statements(script: str) -> list[str]:
    """A migration script split into statements (none of ours holds a ';' in a string)."""
    return [s.strip() for s in script.split(";") if s.strip()]


__all__ = [
    "DAMAGED",
    "ITEM_LABELS",
    "ITEM_STATUSES",
    "MISSING",
    "OK",
    "Details",
    "Filter",
    "HistoryError",
    "HistoryStore",
    "Row",
]
