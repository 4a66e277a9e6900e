"""The run journal: JSON Lines, versioned, append-only, the contract between running,
scoring, reporting, replay and the GUI.

The first line is a ``header`` record (format version, app version, file hashes, seed, the
human's seat). Every later line is a :class:`Record` with a sequence number, the sim time in
seconds since scenario start, the wall-clock time it was written, a ``kind`` (see
:data:`KINDS`), the ``actor`` id and a JSON ``payload``. Nothing downstream reads engine
internals: a journal plus the scenario files reproduce the run.

Record kinds and their payloads (all times are sim seconds):

``header``            format, app_version, scenario_id, team_id, files {role: {path, sha256}},
                      runbooks {title: sha256}, seed, human {actor, role, tabletop} | null,
                      clock_start (ISO 8601), time_limit, variant (str)
``impact_start``      users (int) — hidden truth: impact begins (actor ``world``)
``sample``            users (int), metrics {"service.metric": value} — the world every 60 s
                      of sim time and at every change of shape (actor ``world``)
``alert``             alert, service, metric, value, threshold, runbook (title | null),
                      repeat (int) — monitoring fired (actor ``monitoring``)
``inject``            inject_id, kind, sender, channel, text, expected_action, objective,
                      service, alert, detection (true when it detects the incident, see
                      ``simulator.phases``) (actor: the inject's sender id or ``facilitator``)
``page``              person, level, attempt, reason — the pager notifies someone (actor
                      ``pager``)
``action``            an :mod:`simulator.actions` payload ``{"action": name, ...}``, plus
                      ``task_id`` for assign_task; actor = whoever acted
``rejected``          action (payload as above), reason — an invalid action, which changed
                      nothing
``finding``           tool, query, text, clue_id (str | null), relevant, misleading, summary
                      (the clue's one-line ``finding``, "" for no results) — what a
                      query_tool (or an investigation task) revealed to ``actor``
``mitigation_effect`` strategy, target, effect, amount, users_before, users_after — the moment
                      an applied mitigation takes effect (actor ``world``)
``relapse``           strategy, target — impact returns after a fix that missed the cause
``impact_end``        — the impact has ended: users back to 0 and metrics at baseline
``message``           text, channel, to (person id, optional), adhoc (int, facilitator
                      ad-hoc injects only) — chat from a responder or stakeholder
``task_due``          task_id, person — a task's time-box expired (actor ``clock``)
``end``               reason (``resolved`` | ``time_limit`` | ``stopped``)
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

JOURNAL_FORMAT = "gameday/journal@1"

KINDS = frozenset(
    {
        "header",
        "impact_start",
        "sample",
        "alert",
        "inject",
        "page",
        "action",
        "rejected",
        "finding",
        "mitigation_effect",
        "relapse",
        "impact_end",
        "message",
        "task_due",
        "end",
    }
)


@dataclass(frozen=True)
class Record:
    """One journal line."""

    seq: int
    t: float
    kind: str
    actor: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    wall: str = ""

    @property
    def action(self) -> str | None:
        """The action name for ``action`` and ``rejected`` records, else None."""
        if self.kind == "action":
            name = self.payload.get("action")
        elif self.kind == "rejected":
            name = dict(self.payload.get("action") or {}).get("action")
        else:
            return None
        return name if isinstance(name, str) else None

    def to_json(self) -> str:
        """The record as one compact JSON line (keys in a fixed order; no newline)."""
        data = {
            "seq": self.seq,
            "t": round(self.t, 3),
            "kind": self.kind,
            "actor": self.actor,
            "payload": self.payload,
            "wall": self.wall,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)

    @classmethod
    def from_json(cls, line: str) -> Record:
        """Parse one line written by :meth:`to_json`.

        Raises:
            ValueError: when the line is not a journal record.
        """
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        missing = [k for k in ("seq", "t", "kind", "actor", "payload") if k not in data]
        if missing:
            raise ValueError(f"missing field(s): {', '.join(missing)}")
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown record kind {data['kind']!r}")
        if not isinstance(data["payload"], dict):
            raise ValueError("payload must be a JSON object")
        return cls(
            seq=int(data["seq"]),
            t=float(data["t"]),
            kind=str(data["kind"]),
            actor=str(data["actor"]),
            payload=data["payload"],
            wall=str(data.get("wall", "")),
        )

    def without_wall(self) -> Record:
        """A copy with the wall-clock stamp blanked (for comparing replays)."""
        return Record(self.seq, self.t, self.kind, self.actor, self.payload, "")


class JournalWriter:
    """Appends records to a JSON Lines file, flushing each line as it is written.

    The file is created afresh; because every line is flushed as it is written, an
    interrupted run keeps everything recorded up to the interruption.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO | None = path.open("w", encoding="utf-8")

    def write(self, record: Record) -> None:
        """Append one record and flush it to the OS."""
        if self._file is None:
            raise ValueError(f"journal {self.path} is closed")
        self._file.write(record.to_json() + "\n")
        self._file.flush()

    def close(self) -> None:
        """Flush to disk (fsync) and close."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class JournalError(Exception):
    """A journal file that cannot be read; the message names the file and line."""


def read_journal(path: Path) -> list[Record]:
    """Every record of a journal file, header first.

    Raises:
        JournalError: naming the file, line and what is wrong (never a bare traceback).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal file") from None
    except UnicodeDecodeError as exc:
        raise JournalError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise JournalError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_journal(io.StringIO(text), str(path))


def parse_journal(lines: Iterable[str], name: str = "<journal>") -> list[Record]:
    """Parse JSON Lines into records; the first must be a ``header`` of a known format.

    Raises:
        JournalError: naming ``name``, the line and what is wrong.
    """
    records: list[Record] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = Record.from_json(line)
        except ValueError as exc:
            raise JournalError(f"{name}:{number}: {exc}") from None
        records.append(record)
    if not records:
        raise JournalError(f"{name}: the journal is empty (expected a header line first)")
    head = records[0]
    if head.kind != "header":
        raise JournalError(f"{name}:1: expected a header record first, got {head.kind!r}")
    fmt = head.payload.get("format")
    if fmt != JOURNAL_FORMAT:
        raise JournalError(f"{name}:1: unknown journal format {fmt!r}; expected {JOURNAL_FORMAT}")
    return records


def iter_kind(records: Iterable[Record], *kinds: str) -> Iterator[Record]:
    """The records of the given kinds, in order."""
    wanted = set(kinds)
    return (r for r in records if r.kind in wanted)


def actions(records: Iterable[Record], *names: str) -> Iterator[Record]:
    """Accepted ``action`` records, optionally only those with the given action names."""
    wanted = set(names)
    for record in records:
        if record.kind == "action" and (not wanted or record.payload.get("action") in wanted):
            yield record
