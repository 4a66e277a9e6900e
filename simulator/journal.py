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
``seat``              person, by (``simulator`` | ``human``) — a game day's dropped seat is
                      played by the simulator until its human takes it back (actor ``engine``)
``end``               reason (``resolved`` | ``time_limit`` | ``stopped``)
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from simulator.actions import Action

ActionT = TypeVar("ActionT", bound="Action")

JOURNAL_FORMAT = "gameday/journal@1"
#: The largest journal file read without ``allow_large`` (a 72-hour run writes a few MiB).
MAX_JOURNAL_BYTES = 64 * 1024 * 1024
#: The longest line of a journal (one record).
MAX_LINE = 1024 * 1024
#: The latest sim time a record may carry, in seconds (about 115 days; runs last at most 72 h).
MAX_T = 1e7

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
        "seat",
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
        try:
            return json.dumps(
                data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, allow_nan=False
            )
        except ValueError:  # NaN / Infinity are not JSON: the journal holds null instead
            data["payload"] = _finite(self.payload)
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)

    @classmethod
    def from_json(cls, line: str) -> Record:
        """Parse one line written by :meth:`to_json`.

        Raises:
            ValueError: when the line is not a journal record.
        """
        if len(line) > MAX_LINE:
            raise ValueError(
                f"line of {len(line):,} characters; a journal record is at most {MAX_LINE:,}"
            )
        try:
            data = json.loads(line.rstrip("\r\n"), parse_constant=_no_constant)
        except json.JSONDecodeError as exc:  # a cut line's error is at its end
            raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
        except RecursionError:
            raise ValueError("JSON nested too deeply (a journal record is a flat object)") from None
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, got {_json_type(data)}")
        missing = [k for k in ("seq", "t", "kind", "actor", "payload") if k not in data]
        if missing:
            raise ValueError(f"missing field(s): {', '.join(missing)}")
        seq, t, kind = data["seq"], data["t"], data["kind"]
        if not _is_int(seq) or seq < 0:
            raise ValueError(f"field 'seq': expected a whole number >= 0, got {_shown(seq)}")
        if not _is_number(t) or not 0 <= t <= MAX_T:
            raise ValueError(
                f"field 't': expected sim seconds (a number from 0 to {MAX_T:,.0f}), got "
                f"{_shown(t)[:40]}"
            )
        if not isinstance(kind, str) or kind not in KINDS:
            from simulator.problems import did_you_mean

            guess = did_you_mean(kind, KINDS) if isinstance(kind, str) else ""
            raise ValueError(
                f"unknown record kind {kind!r}"
                + (f" ({guess})" if guess else f"; expected one of {', '.join(sorted(KINDS))}")
            )
        if not isinstance(data["actor"], str):
            raise ValueError(f"field 'actor': expected text, got {_shown(data['actor'])}")
        if not isinstance(data["payload"], dict):
            raise ValueError("payload must be a JSON object")
        return cls(
            seq=int(seq),
            t=float(t),
            kind=kind,
            actor=data["actor"],
            payload=data["payload"],
            wall=str(data.get("wall", "")),
        )

    def without_wall(self) -> Record:
        """A copy with the wall-clock stamp blanked (for comparing replays)."""
        return Record(self.seq, self.t, self.kind, self.actor, self.payload, "")


#: What to do about the usual reasons a journal cannot be written, by ``errno``.
_OS_FIXES: dict[int, str] = {
    errno.ENOSPC: "free some disk space, or {save} on another disk",
    errno.EDQUOT: "free some space in your disk quota, or {save} on another disk",
    errno.EFBIG: "{save} on a disk whose file system allows larger files",
    errno.EACCES: "make the folder writable for you, or {save} in another folder",
    errno.EPERM: "make the folder writable for you, or {save} in another folder",
    errno.EROFS: "the disk is read-only (a locked card or a mounted image?); "
    "{save} on a writable disk",
    errno.ENOENT: "the folder was deleted or moved (or its drive unplugged); "
    "{save} in another folder",
    errno.ENOTDIR: "a file is in the way of the folder; {save} in another folder",
    errno.EISDIR: "a folder has the file's name; {save} under another name",
    errno.EIO: "the disk reported an input/output error (failing or unplugged?); "
    "{save} on another disk",
    errno.ENODEV: "the drive is gone (unplugged?); {save} on another disk",
    errno.ENXIO: "the drive is gone (unplugged?); {save} on another disk",
    errno.ESTALE: "the network share went away; {save} on a local disk",
}


def os_error_reason(exc: OSError) -> str:
    """Why an OS call failed, in words, with the errno name: ``No space left on device
    (ENOSPC)``."""
    text = exc.strerror or str(exc) or type(exc).__name__
    code = errno.errorcode.get(exc.errno or 0, "")
    return f"{text} ({code})" if code else text


def os_error_fix(exc: OSError, save: str = "save the journal") -> str:
    """The usual fix for ``exc`` (a generic one when its errno is not a common one);
    ``save`` is what the user does instead (``write the report``, ``give an --out folder``)."""
    fix = _OS_FIXES.get(exc.errno or 0, "check the disk and the folder, or {save} somewhere else")
    return fix.format(save=save)


class JournalWriter:
    """Appends records to a JSON Lines file, flushing each line as it is written.

    The file is created afresh; because every line is flushed as it is written, an
    interrupted run keeps everything recorded up to the interruption.

    A write that fails (disk full, folder deleted, permission revoked, read-only media) never
    raises into the caller, which is usually the SimPy loop in the middle of a run: the writer
    keeps the first :class:`OSError` in :attr:`error`, stops writing and lets the run go on in
    memory. Whoever owns the run checks :attr:`error` (after a slice, an action or the end),
    tells the user with :meth:`error_message`, and may :meth:`relocate` the journal: the
    whole journal so far is saved elsewhere and later records are appended there.
    Opening the file in the constructor still raises ``OSError`` (nothing has run yet).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: The first write error, or None while every record reached the file.
        self.error: OSError | None = None
        #: Records written to :attr:`path` so far (the lines the file holds in full).
        self.written = 0
        #: The sequence number of the first record that could not be written.
        self.failed_seq: int | None = None
        _make_folder(path.parent)
        # unbuffered: each line is one write to the OS (what a flush per line did), and after
        # a failure nothing is left in a buffer to be written later
        self._file: io.FileIO | None = io.FileIO(open_fresh(path), "w")
        #: Bytes of whole lines in the file (a failed write is cut back to this).
        self._size = 0

    @property
    def failed(self) -> bool:
        """True once a write failed (later records are kept only in memory)."""
        return self.error is not None

    def write(self, record: Record) -> None:
        """Append one record and hand it to the OS; on an ``OSError`` keep it in
        :attr:`error`, cut a half-written line back off and stop writing (never raises)."""
        if self.error is not None:
            return
        handle = self._file
        if handle is None:
            raise ValueError(f"journal {self.path} is closed")
        data = (record.to_json() + "\n").encode("utf-8")
        try:
            done = 0
            while done < len(data):  # a short write (a signal, a nearly full disk) goes on
                wrote = handle.write(data[done:]) if done else handle.write(data)
                if not wrote:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
                done += wrote
        except OSError as exc:
            self._fail(exc, record.seq)
            return
        self._size += len(data)
        self.written += 1

    def close(self) -> None:
        """Flush to disk (fsync) and close; a failure is kept in :attr:`error`."""
        handle = self._file
        if handle is None:
            return
        try:
            with contextlib.suppress(io.UnsupportedOperation):
                os.fsync(handle.fileno())
            handle.close()
        except OSError as exc:
            if self.error is None:
                self.error = exc
            with contextlib.suppress(OSError):
                handle.close()
        self._file = None

    def _fail(self, exc: OSError, seq: int | None) -> None:
        self.error = exc
        self.failed_seq = seq
        handle, self._file = self._file, None
        if handle is not None:
            # the file ends with whole lines (a journal readable up to the failure) where the
            # OS allows it (not on a device such as /dev/full)
            with contextlib.suppress(OSError):
                handle.truncate(self._size)
            with contextlib.suppress(OSError):
                handle.close()

    def error_message(self) -> str:
        """What failed, why and what to do, naming the file (empty when nothing failed)."""
        if self.error is None:
            return ""
        kept = f"after {self.written} record(s)" if self.written else "before any record"
        return (
            f"cannot write the journal {self.path}: {os_error_reason(self.error)}; "
            f"it stopped {kept} ({os_error_fix(self.error)})"
        )

    def relocate(self, path: Path, records: Iterable[Record]) -> None:
        """Save ``records`` (the whole journal so far) atomically to ``path`` and append
        every later record there; clears :attr:`error`.

        Raises:
            OSError: ``path`` cannot be written either (the writer is unchanged).
        """
        records = list(records)
        save_journal(records, path)
        handle = io.FileIO(path, "a")
        old, self._file = self._file, handle
        if old is not None:
            with contextlib.suppress(OSError):
                old.close()
        self.path = path
        self.error = None
        self.failed_seq = None
        self.written = len(records)
        self._size = path.stat().st_size

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def save_journal(records: Iterable[Record], path: Path) -> None:
    """Write ``records`` as a whole journal to ``path`` atomically (a temp file in the same
    folder, fsync, ``os.replace``): ``path`` holds either its old content or all of them.

    Raises:
        OSError: the folder cannot be created or written (no temp file is left behind).
    """
    _make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, normal_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(record.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class JournalError(Exception):
    """A journal file that cannot be read; the message names the file and line."""


def read_journal(path: Path, allow_large: bool = False) -> list[Record]:
    """Every record of a journal file, header first.

    A pipe, socket or device is refused before it is opened (reading one could block or never
    end), and so is a file over :data:`MAX_JOURNAL_BYTES` unless ``allow_large``.

    Raises:
        JournalError: naming the file, line and what is wrong (never a bare traceback).
    """
    try:
        data = _journal_bytes(path, allow_large)
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal file") from None
    except IsADirectoryError:
        raise JournalError(
            f"{path}: is a folder; give a run folder's journal.jsonl (or the run folder)"
        ) from None
    except OSError as exc:
        raise JournalError(f"{path}: cannot read: {os_error_reason(exc)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise JournalError(
            f"{path}:{line}: not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column} "
            "(a journal is UTF-8 JSON Lines; was it saved in another encoding or damaged?)"
        ) from None
    return parse_journal(io.StringIO(text.removeprefix("\ufeff")), str(path))


def _journal_bytes(path: Path, allow_large: bool) -> bytes:
    """The bytes of a regular journal file within the size cap.

    Raises:
        JournalError: a pipe, socket or device, or a file too large.
        OSError: the file cannot be read.
    """
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise JournalError(
            f"{path}: not a regular file (a pipe, socket or device); save the journal to a "
            "file and give that file"
        )
    limit = None if allow_large else MAX_JOURNAL_BYTES
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise JournalError(
            f"{path}: {max(size, len(data)) / 1024 / 1024:.0f} MiB is larger than a journal "
            f"can be read by default ({limit // 1024 // 1024} MiB); if it is a genuine journal "
            "of a very long run, give --allow-large"
        )
    return data


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
            if not records:
                _check_header_line(line, name, number)
            raise JournalError(f"{name}:{number}: {exc}") from None
        if not records:
            _check_header(record, name, number)
        records.append(record)
    if not records:
        raise JournalError(
            f"{name}: the journal is empty (expected a header line first; "
            "the run that wrote it may have failed before its first record)"
        )
    return records


def _check_header_line(line: str, name: str, number: int) -> None:
    """A first line that is a header of another format version is reported as such (a newer
    format may add record kinds or fields this version cannot read)."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return
    if isinstance(data, dict) and data.get("kind") == "header":
        payload = data.get("payload")
        if isinstance(payload, dict) and payload.get("format") != JOURNAL_FORMAT:
            raise JournalError(_format_message(payload.get("format"), name, number))


def _check_header(record: Record, name: str, number: int) -> None:
    if record.kind != "header":
        raise JournalError(
            f"{name}:{number}: expected a header record first, got {record.kind!r} (the first "
            "line of a journal is its header; was the top of the file cut off or edited?)"
        )
    fmt = record.payload.get("format")
    if fmt != JOURNAL_FORMAT:
        raise JournalError(_format_message(fmt, name, number))


def _format_message(fmt: object, name: str, number: int) -> str:
    prefix = JOURNAL_FORMAT.split("@")[0] + "@"
    if isinstance(fmt, str) and fmt.startswith(prefix):
        version = fmt[len(prefix) :]
        ours = JOURNAL_FORMAT[len(prefix) :]
        if version.isdigit() and int(version) > int(ours):
            return (
                f"{name}:{number}: this journal was written by a newer gameday (format {fmt}); "
                f"this version reads {JOURNAL_FORMAT} (update gameday to read it)"
            )
    return f"{name}:{number}: unknown journal format {fmt!r}; expected {JOURNAL_FORMAT}"


#: The payload fields each record kind carries, by the type a reader expects: ``str`` text,
#: ``int`` a whole number, ``float`` a number, ``bool`` true/false, ``dict`` an object;
#: a trailing ``?`` allows null. Fields a kind does not list are not checked (a hand-written
#: journal may add notes); fields a reader cannot do without are in :data:`REQUIRED`.
PAYLOAD_TYPES: dict[str, dict[str, str]] = {
    "header": {
        "format": "str",
        "scenario_id": "str",
        "team_id": "str",
        "seed": "int?",
        "time_limit": "float?",
        "human": "dict?",
        "clock_start": "str?",
        "variant": "str?",
    },
    "impact_start": {"users": "int"},
    "sample": {"users": "int", "metrics": "dict"},
    "alert": {
        "alert": "str",
        "service": "str?",
        "metric": "str?",
        "value": "float?",
        "threshold": "float?",
        "runbook": "str?",
        "repeat": "int",
    },
    "inject": {
        "inject_id": "str",
        "kind": "str",
        "sender": "str?",
        "channel": "str?",
        "text": "str",
        "expected_action": "str?",
        "objective": "str?",
        "service": "str?",
        "alert": "str?",
        "detection": "bool",
    },
    "page": {"person": "str", "level": "int?", "attempt": "int", "reason": "str?"},
    "action": {"action": "str"},
    "rejected": {"action": "dict", "reason": "str"},
    "finding": {
        "tool": "str",
        "query": "str",
        "text": "str",
        "clue_id": "str?",
        "relevant": "bool",
        "misleading": "bool",
        "summary": "str?",
    },
    "mitigation_effect": {
        "strategy": "str",
        "target": "str",
        "effect": "str",
        "amount": "float?",
        "users_before": "int",
        "users_after": "int",
    },
    "relapse": {"strategy": "str", "target": "str"},
    "impact_end": {},
    "message": {"text": "str", "channel": "str", "to": "str?", "adhoc": "int"},
    "task_due": {"task_id": "str", "person": "str"},
    "seat": {"person": "str", "by": "str"},
    "end": {"reason": "str"},
}

#: Payload fields without which a record means nothing.
REQUIRED: dict[str, tuple[str, ...]] = {
    "header": ("format",),
    "action": ("action",),
    "rejected": ("action",),
    "mitigation_effect": ("strategy", "target", "users_after"),
    "relapse": ("strategy", "target"),
    "seat": ("person", "by"),
}

_EXPECTED = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "dict": "a JSON object",
}


def _fits(value: object, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return _is_int(value)
    if kind == "float":
        return _is_number(value)
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, dict)


def payload_problem(record: Record) -> str | None:
    """What is wrong with ``record``'s payload, naming the field and what was expected
    (``payload.users: expected a whole number, got "lots"``), or None.

    A journal the engine wrote always passes; this finds hand edits and damage before
    scoring or a report reads a field as the wrong type.
    """
    payload = record.payload
    for key in REQUIRED.get(record.kind, ()):
        if key not in payload:
            return f"payload.{key}: missing (a {record.kind} record needs it)"
    for key, spec in PAYLOAD_TYPES.get(record.kind, {}).items():
        if key not in payload:
            continue
        value = payload[key]
        kind = spec.rstrip("?")
        if (value is None and spec.endswith("?")) or _fits(value, kind):
            continue
        nullable = " (or null)" if spec.endswith("?") else ""
        return f"payload.{key}: expected {_EXPECTED[kind]}{nullable}, got {_shown(value)}"
    if record.kind == "sample":
        for metric, value in dict(payload.get("metrics") or {}).items():
            if not _is_number(value):
                return f"payload.metrics.{metric}: expected a number, got {_shown(value)}"
    if record.kind == "action":  # a rejected action may hold anything: it changed nothing
        return _action_problem(record.actor, payload)
    return None


def _action_problem(actor: str, action: Mapping[str, Any]) -> str | None:
    """An action payload the action vocabulary cannot read back, or None."""
    from simulator.actions import action_from_payload

    name = action.get("action")
    extra = _RECORDED_FIELDS.get(str(name), ())
    fields = {k: v for k, v in action.items() if k not in extra}
    for key, value in fields.items():  # a number of hundreds of digits overflows a float
        if isinstance(value, int | float) and not isinstance(value, bool) and not _is_number(value):
            shown = _shown(value)[:40]
            return f"payload.{key}: expected a number of at most {_NUMBER_LIMIT:g}, got {shown}"
    try:
        action_from_payload(actor, fields)
    except ValueError as exc:
        text = str(exc)
        if text.startswith("unknown action"):
            return f"payload.action: {text}"
        field, _, rest = text.partition(":")
        return f"payload.{field.split('.', 1)[-1]}:{rest}"
    except TypeError as exc:  # a field the action cannot do without is missing
        missing = str(exc).split("argument", 1)[-1].lstrip("s:").strip()
        return f"payload: a {name} action needs {missing}"
    return None


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


#: Fields the engine adds to an action's payload when it records it (not the actor's input).
#: An imported timeline's mitigation keeps the row's own words (``text``) and a declaration
#: that named no severity says so (``severity_recorded``: false).
_RECORDED_FIELDS = {
    "assign_task": ("task_id",),
    "apply_mitigation": ("text",),
    "declare_incident": ("severity_recorded",),
}
_UNREADABLE = object()


def typed_action(record: Record) -> Action | None:
    """The typed action (:mod:`simulator.actions`) an ``action`` record holds, or None.

    None for other kinds of record and for a payload the vocabulary cannot read (a
    hand-edited journal; :func:`payload_problem` says what is wrong with it). Fields the engine
    adds when recording (an ``assign_task``'s ``task_id``) are not part of the action: read
    them from ``record.payload``. The result is kept on the record, so scoring, reports and the
    GUI can ask for it as often as they like.
    """
    cached = record.__dict__.get("_typed", None)
    if cached is not None:
        return None if cached is _UNREADABLE else cast("Action", cached)
    result: Action | None = None
    if record.kind == "action":
        from simulator.actions import action_from_payload

        payload = record.payload
        extra = _RECORDED_FIELDS.get(str(payload.get("action")), ())
        if extra:
            payload = {k: v for k, v in payload.items() if k not in extra}
        try:
            result = action_from_payload(record.actor, payload)
        except (TypeError, ValueError):
            result = None
    object.__setattr__(record, "_typed", _UNREADABLE if result is None else result)
    return result


def taken(records: Iterable[Record], kind: type[ActionT]) -> Iterator[tuple[Record, ActionT]]:
    """Accepted actions of one typed kind, each with its record, in journal order.

    ``for record, mitigation in taken(records, ApplyMitigation): mitigation.strategy ...``
    """
    name = kind.name
    for record in records:
        if record.kind == "action" and record.payload.get("action") == name:
            action = typed_action(record)
            if isinstance(action, kind):
                yield record, action


def _no_constant(name: str) -> float:
    """Refuse ``NaN`` / ``Infinity``: Python's JSON reads them, no other JSON reader does."""
    raise ValueError(f"not JSON: {name} is not a JSON number")


def _finite(value: object) -> Any:
    """``value`` with every NaN or infinite float replaced by None (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


#: The largest magnitude a journal number may have: every one converts to a float exactly
#: enough for scoring and reports (a 500-digit integer would overflow them).
_NUMBER_LIMIT = 1e15


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _NUMBER_LIMIT


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) <= _NUMBER_LIMIT  # False for NaN and infinities too


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _shown(value: object) -> str:
    """A value as the user wrote it, short: ``"lots"``, ``[1, 2]``, ``null``."""
    text = json.dumps(value, ensure_ascii=False) if _jsonable(value) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def normal_mode() -> int:
    """The mode a new file gets from ``open`` (0644 under the usual umask 022): journals and
    reports written through a private temp file get it too, so every output reads the same."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def open_fresh(path: Path) -> int:
    """A descriptor of ``path`` created afresh for writing, never through a symbolic link: a
    link planted where the file goes is removed (the link, not what it points to) and the file
    is opened with ``O_NOFOLLOW``, so a run never overwrites a file outside its folder."""
    if path.is_symlink():
        path.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o666)


def _make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents); a file in the way is ``ENOTDIR``, not the
    confusing ``File exists`` that ``mkdir`` reports."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


class JournalWriteError(Exception):
    """The run finished but its journal could not be written in full.

    Attributes:
        records: every record of the run (kept in memory: nothing is lost).
        writer: the writer that failed (its ``error`` and ``error_message()``).
    """

    def __init__(self, writer: JournalWriter, records: list[Record]) -> None:
        super().__init__(writer.error_message())
        self.writer = writer
        self.records = records
