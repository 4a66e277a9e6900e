"""Import a real incident's timeline (CSV) as a journal, so it can be scored and reported.

``gameday import-timeline FILE.csv --out DIR [--report]`` reads a CSV with the columns
``time,kind,actor,text`` (a header row naming them, in any order) and writes
``DIR/journal.jsonl``. Real files come in other shapes, read by
:mod:`simulator.importing.timeline_parse`:
other column names (``Timestamp (UTC)``, ``Event``, ``Who`` ...) and a separate date column;
kind and actor columns are optional (a row without a kind is classified from its text); times
in ISO 8601 or spreadsheet / prose spellings, with zone names, abbreviations or offsets, or a
clock time alone (the date of the row above, rolled over midnight); every assumption is a
warning. Rows may come in any order and are sorted by time (stable). An empty line, or a row
whose ``time`` starts with ``#``, is skipped (``# date: ...`` and ``# timezone: ...`` set the
date and zone of rows without one). Sim time 0 is the earliest row. Kinds are case-
and separator-insensitive (``Status-Page`` = ``status_page``) and accept a few other spellings
(:data:`KIND_ALIASES`: acknowledged, declared, escalation, statuspage, mitigate, resolve ...).

Kinds (``text`` is parsed as shown; ``actor`` is who did it or what sent it):

===================  ==========================================================================
kind                 journal record / how ``text`` is read
===================  ==========================================================================
impact_start         ``impact_start`` (+ a ``sample``); the first number in text = users affected
impact_end           ``impact_end`` (+ a ``sample`` with 0 users): users no longer affected
alert                ``alert``; alert name = text up to the first ``:`` (actor: the monitor)
customer_report,     ``inject`` of that kind (detection sources of the guide); text as is
internal_report,
security_finding,
synthetic_check
page                 ``page``: ``PERSON [(level N)] [reason]`` — level 1 when not given
ack                  ``acknowledge_page`` by actor
declare              ``declare_incident``: ``SEV-N [title]`` (severity required)
severity             ``set_severity``: ``SEV-N [reason]``
role                 ``assign_role`` by actor: ``ROLE: PERSON`` (incident_commander, IC,
                     communications_lead / comms lead, scribe, technical_lead / tech lead,
                     subject_matter_expert / SME)
task                 ``assign_task`` by actor: ``PERSON: what [(10m)]`` — no ``(duration)`` means
                     no time-box; task ids T1, T2 ... in order; an expired time-box without a
                     report writes ``task_due``
follow_up            ``follow_up_task``: ``T1`` or a person (their latest task)
report               ``report_task`` by actor: ``[T1:] result`` (default: actor's latest task)
finding              ``finding`` (relevant): ``[logs|metrics|tracing|deploy_history:] what``
update               ``post_update``: the guide's template, fields separated by ``;``, ``|`` or
                     new lines: ``Severity: SEV-2; Status: Investigating; Current Impact: ...;
                     Recent Actions: ...; Next Steps: ...; ETA: ...`` (free text without labels
                     becomes Current Impact; a missing Severity / Status inherits the current)
status_page          ``post_status_page``: ``[Status -|:] text`` (status word optional,
                     default Investigating), e.g. ``Resolved - Checkout works again.``
escalate             ``escalate``: ``level N [reason]``
bridge               ``open_bridge``
handover             ``hand_over_command``: ``PERSON[: briefing]``
mitigation           ``apply_mitigation``: ``STRATEGY TARGET [note]`` (rollback / roll back /
                     revert, restart, failover / fail over, scale, feature_flag / feature flag,
                     block_traffic / block traffic)
mitigated            ``mitigation_effect``: ``[partial] [STRATEGY TARGET]`` — the named (default:
                     latest) mitigation took effect; resolves, or reduces for ``partial``. With
                     no ``impact_end`` row, a full mitigation marks the end of the impact.
resolved             ``mark_resolved``; checklist items ticked when text names them
                     (metrics normal, no recurring errors, customer impact resolved,
                     stakeholders notified)
note                 ``add_note``
message              ``say`` (chat)
===================  ==========================================================================

The header carries ``scenario_id`` ``imported:<file stem>``, the CSV's path and SHA-256 as its
only file, ``clock_start`` (the earliest time, in its zone) and the incident title (the
``declare`` text, else the file stem). Every bad row is reported as
``file:line:col: error: column: what was wrong (what was expected)``; nothing is written then.
:func:`import_timeline` returns the records or raises :class:`TimelineError`; the command that
prints and writes them is :mod:`cli.timeline`.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol

from simulator import __version__
from simulator.actions import (
    AcknowledgePage,
    Action,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    FollowUpTask,
    HandOverCommand,
    MarkResolved,
    OpenBridge,
    PostStatusPage,
    PostUpdate,
    ReportTask,
    Say,
    SetSeverity,
)
from simulator.durations import parse_duration
from simulator.importing.jsondoc import (
    COMMAND_OF,
    LABEL_OF,
    PAGERDUTY_LOG,
    STATUSPAGE,
    JsonError,
    kind_of,
    looks_like_json,
    parse,
)
from simulator.importing.pagerduty import pagerduty_rows
from simulator.importing.rows import Row as _Row
from simulator.importing.statuspage import statuspage_rows
from simulator.importing.timeline_parse import (
    GENERIC_KINDS,
    ISO_EXAMPLE,
    Header,
    ReadTime,
    TimeReader,
    classify,
    map_header,
    prose_severity,
    prose_strategy,
    prose_target,
    prose_users,
    read_date,
    severity_hint,
    zone_of,
)
from simulator.journal import JOURNAL_FORMAT, Record
from simulator.model import Severity, Status, Strategy, Tool
from simulator.problems import Level, Problem, did_you_mean, errors
from simulator.vocabulary import ROLE_NAMES, STRATEGY_NAMES, UPDATE_LABELS, checklist_ticks

COLUMNS = ("time", "kind", "actor", "text")

#: Who did an action when the file has no actor column (or a row read from text names none).
UNNAMED_ACTOR = "responder"

DETECTION_KINDS = ("customer_report", "internal_report", "security_finding", "synthetic_check")

KINDS: tuple[str, ...] = (
    "impact_start",
    "impact_end",
    "alert",
    *DETECTION_KINDS,
    "page",
    "ack",
    "declare",
    "severity",
    "role",
    "task",
    "follow_up",
    "report",
    "finding",
    "update",
    "status_page",
    "escalate",
    "bridge",
    "handover",
    "mitigation",
    "mitigated",
    "resolved",
    "note",
    "message",
)

#: Other spellings people use in timelines (after lower-casing, '-' and ' ' -> '_').
KIND_ALIASES: dict[str, str] = {
    "acknowledge": "ack",
    "acknowledged": "ack",
    "declared": "declare",
    "escalation": "escalate",
    "escalated": "escalate",
    "statuspage": "status_page",
    "status_post": "status_page",
    "mitigate": "mitigation",
    "mitigation_applied": "mitigation",
    "resolve": "resolved",
    "finding_relevant": "finding",
    "handoff": "handover",
    "hand_over": "handover",
    "chat": "message",
    "followup": "follow_up",
    "acknowledgement": "ack",
    "acknowledgment": "ack",
    "acked": "ack",
    "paged": "page",
    "declaration": "declare",
    "declare_incident": "declare",
    "resolution": "resolved",
    "comment": "note",
    "notes": "note",
    # PagerDuty's incident log export ("trigger_log_entry" ...; the suffix is dropped first)
    "trigger": "alert",
    "triggered": "alert",
    "notify": "page",
    "notified": "page",
    "assign": "page",
    "assigned": "page",
    "annotate": "note",
    "annotation": "note",
    "escalated_to": "escalate",
}

#: Status-page states and colour states (GitHub-style) -> the state of the post they make.
PAGE_STATES: dict[str, Status] = {
    "investigating": Status.INVESTIGATING,
    "identified": Status.IDENTIFIED,
    "monitoring": Status.MONITORING,
    "red": Status.INVESTIGATING,
    "orange": Status.INVESTIGATING,
    "yellow": Status.INVESTIGATING,
    "green": Status.RESOLVED,
}

#: The colour states among :data:`PAGE_STATES` (each is also a severity hint).
COLOURS = frozenset({"red", "orange", "yellow", "green"})

#: Kinds that are somebody's action: the actor column is required.
ACTOR_REQUIRED = frozenset(
    {
        "ack",
        "declare",
        "severity",
        "role",
        "task",
        "follow_up",
        "report",
        "update",
        "status_page",
        "escalate",
        "bridge",
        "handover",
        "mitigation",
        "resolved",
        "note",
        "message",
    }
)

_SEVERITY = re.compile(r"^\s*SEV[- ]?([1-4])\b[\s:,.–—-]*(.*)$", re.I | re.S)
_PAGE = re.compile(
    r"^\s*(?P<person>[^\s,:(]+)\s*(?:\(\s*level\s*(?P<level>\d+)\s*\)|level\s*(?P<level2>\d+))?"
    r"\s*[:,–—-]?\s*(?P<reason>.*)$",
    re.I | re.S,
)
_LEVEL = re.compile(r"^\s*(?:level\s*)?(?P<level>\d+)\b[\s:,.–—-]*(?P<reason>.*)$", re.I | re.S)
_TIMEBOX = re.compile(r"\(\s*(?P<box>\d+(?:h|m|s)(?:\d+(?:m|s))?)\s*\)\s*$")
_TASK_ID = re.compile(r"^\s*(?P<id>T\d+)\b[\s:,–—-]*(?P<rest>.*)$", re.S)


class TimelineError(Exception):
    """A timeline that cannot be imported; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass
class _Builder:
    """Turns sorted rows into records, keeping the little state the parsing needs."""

    name: str
    start: datetime
    problems: list[Problem]
    records: list[Record] = field(default_factory=list)
    severity: Severity | None = None
    status: Status = Status.INVESTIGATING
    users: int = 0
    #: (strategy, target, the row's words) of each mitigation applied so far.
    mitigations: list[tuple[str, str, str]] = field(default_factory=list)
    #: Whether a mitigation took effect (a mitigation_effect record) so far.
    effect_written: bool = False
    tasks: list[tuple[str, str, float, float]] = field(default_factory=list)  # id, person, at, box
    reported: dict[str, float] = field(default_factory=dict)
    title: str = ""
    impact_end_written: bool = False
    full_mitigation_at: float | None = None
    impact_started: bool = False
    #: line -> the kind a row without one was read as (for the warning that lists them).
    read_as: dict[int, str] = field(default_factory=dict)
    escalation_level: int = 1
    title_line: int = 0
    #: The first level any row names (severity, line, the words), for a declaration without one.
    default_severity: tuple[Severity, int, str] | None = None

    def error(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        self.problems.append(self.problem(row, column, message, hint))

    def warn(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        """A located warning: how a row was read (the row is imported)."""
        self.problems.append(self.problem(row, column, message, hint, Level.WARNING))

    def problem(
        self, row: _Row, column: str, message: str, hint: str, level: Level = Level.ERROR
    ) -> Problem:
        """A problem at ``row``'s ``column`` (or at its JSON path, for a JSON source)."""
        if row.path:
            return Problem(self.name, row.line, 0, row.path, message, level=level, hint=hint)
        col = row.columns.get(column, 1)
        return Problem(self.name, row.line, col, column, message, level=level, hint=hint)

    def t(self, row: _Row) -> float:
        return round((row.time - self.start).total_seconds(), 3)

    def emit(self, row: _Row, kind: str, actor: str, payload: dict[str, Any]) -> None:
        plain = json.loads(json.dumps(payload))
        self.records.append(
            Record(len(self.records) + 1, self.t(row), kind, actor, plain, row.time.isoformat())
        )

    def act(self, row: _Row, action: Action, **extra: Any) -> None:
        self.emit(row, "action", action.actor, {**action.to_payload(), **extra})


def _column_starts(raw_line: str, delimiter: str = ",") -> list[int]:
    """1-based character columns where each CSV field of ``raw_line`` starts."""
    starts = [1]
    quoted = False
    for index, char in enumerate(raw_line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


#: Field separators accepted besides the comma: spreadsheets in locales with a decimal comma
#: export CSV with ``;``, and copying a table out of a spreadsheet gives tab-separated text.
OTHER_DELIMITERS = (";", "\t")

#: Excel writes ``sep=;`` as the first line of some exports to name the separator.
_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.I)


def _usable(header: Header) -> bool:
    return header.has("time") and (header.has("text") or header.has("kind"))


def detect_delimiter(first_line: str) -> str:
    """The separator of a timeline CSV, judged by its header line.

    The comma unless the header names the columns (see :func:`map_header`) only when split on
    ``;`` or a tab (a semicolon-separated export from a spreadsheet).
    """
    if _usable(map_header(first_line.split(","))):
        return ","
    for sep in OTHER_DELIMITERS:
        if _usable(map_header(first_line.split(sep))):
            return sep
    return ","


def _looks_like_time(text: str) -> bool:
    try:
        TimeReader().read(text)
    except ValueError:
        return False
    return True


_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def parse_time(text: str) -> datetime:
    """One time with its date and zone (ISO 8601, or a spelling :class:`TimeReader` reads).

    Raises:
        ValueError: saying what was expected (no date, no zone, not a time).
    """
    value = text.strip()
    example = ISO_EXAMPLE
    try:
        read = TimeReader().read(value)
    except ValueError:
        raise ValueError(f"'{value}' is not an ISO 8601 time; write it like {example}") from None
    if not read.has_date:
        raise ValueError(f"'{value}' has no date; write the date, time and zone like {example}")
    if read.when.tzinfo is None:
        raise ValueError(f"'{value}' has no time zone; add one, e.g. '{value}+01:00' or '{value}Z'")
    return read.when


_DIRECTIVE = re.compile(
    r"^#\s*(?P<key>date|day|time ?zone|tz|zone)\s*[:=]\s*(?P<value>.+?)\s*$", re.I
)


@dataclass
class _Cells:
    """One data row before its time is settled."""

    line: int
    columns: dict[str, int]
    time: str
    date: str
    kind: str
    actor: str
    text: str


def _day_first(cells: list[_Cells]) -> bool | None:
    """Whether slash dates in the file are day/month (True), month/day (False) or unknown."""
    found: set[bool] = set()
    for c in cells:
        for value in (c.date, c.time):
            m = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](?:\d{2}|\d{4})\b", value)
            if m is None:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                found.add(True)
            elif b > 12 >= a:
                found.add(False)
    return found.pop() if len(found) == 1 else None


def read_rows(text: str, name: str) -> tuple[list[_Row], list[Problem]]:
    """The rows of a timeline CSV with located problems (header, time, kind, actor)."""
    raw_lines = text.splitlines()
    offset, delimiter = _separator(raw_lines)
    body = "\n".join(raw_lines[offset:])
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    try:
        header_cells = next(reader)
        while not any(c.strip() for c in header_cells):  # blank lines above the header
            header_cells = next(reader)
    except StopIteration:
        return [], [
            Problem(name, 1, 1, "", "the file is empty; expected the header time,kind,actor,text")
        ]
    except csv.Error as exc:
        return [], [Problem(name, 1, 1, "", f"not CSV: {exc}")]
    sheet = _Sheet(name, raw_lines, offset, delimiter, header_cells, map_header(header_cells))
    sheet.check_header(offset + reader.line_num)
    if errors(sheet.problems):
        return [], sheet.problems
    cells = sheet.read_cells(reader)
    rows = _settle(name, cells, sheet.header, sheet.zone, sheet.start_date, sheet.problems)
    return rows, sheet.problems


def _separator(raw_lines: list[str]) -> tuple[int, str]:
    """(lines to skip, field separator): Excel's ``sep=;`` line is skipped and names it."""
    first = next((i for i, line in enumerate(raw_lines) if line.strip()), 0)
    sep_line = _SEP_LINE.match(raw_lines[first]) if raw_lines else None
    if sep_line is not None:
        return first + 1, sep_line.group(1)
    return 0, detect_delimiter(raw_lines[first] if raw_lines else "")


class _CsvReader(Protocol):
    """What :func:`csv.reader` returns: rows of fields, and the line it has read up to."""

    @property
    def line_num(self) -> int:
        """Lines read from the source so far."""
        ...

    def __next__(self) -> list[str]:
        """The next row's fields."""
        ...


@dataclass
class _Sheet:
    """A timeline CSV being read: its lines, header and the problems found so far."""

    name: str
    raw_lines: list[str]
    offset: int
    delimiter: str
    header_cells: list[str]
    header: Header
    problems: list[Problem] = field(default_factory=list)
    #: The zone and date of rows without one (from the header or a ``# timezone:`` line).
    zone: tzinfo | None = None
    start_date: str = ""
    #: The header's cells as compared with other rows (a repeated header is skipped).
    names: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = [h.strip().lower() for h in self.header_cells]
        self.zone = self.header.zone

    def problem(self, line: int, column: int, path: str, message: str, **kw: Any) -> None:
        self.problems.append(Problem(self.name, line, column, path, message, **kw))

    def check_header(self, header_line: int) -> None:
        """Problems of the header row: required columns missing, unknown columns (a near
        miss of a missing canonical one is a misspelling: an error, not a column to ignore,
        as its values would be lost)."""
        header, cells = self.header, self.header_cells
        raw = self.raw_lines[header_line - 1] if 0 < header_line <= len(self.raw_lines) else ""
        starts = _column_starts(raw, self.delimiter)
        required_missing = [c for c in ("time",) if not header.has(c)]
        if not header.has("text") and not header.has("kind"):
            required_missing.append("text")
        if required_missing and cells and _looks_like_time(cells[0]):
            self.problem(
                header_line,
                1,
                "header",
                "the first line is an event, not the header row",
                hint="add the line time,kind,actor,text at the top of the file",
            )
            return
        absent = [c for c in COLUMNS if not header.has(c)]
        misspelt: list[str] = []
        for index in header.ignored:
            col = self.names[index]
            hint = did_you_mean(col, absent) if absent else ""
            if hint:
                misspelt.append(hint.split("'")[1])
            self.problem(
                header_line,
                starts[index] if index < len(starts) else 1,
                col or "(empty)",
                f"unknown column '{cells[index].strip()}'; expected time, kind, actor, text"
                + ("" if hint or required_missing else "; the column is ignored"),
                level=Level.ERROR if hint or required_missing else Level.WARNING,
                hint=hint,
            )
        missing = sorted({*required_missing, *misspelt}, key=COLUMNS.index)
        if missing:
            self.problem(
                header_line,
                1,
                "header",
                f"missing column(s) {', '.join(missing)}; the header "
                "row must name time, kind, actor, text",
                hint="start the file with the line: time,kind,actor,text",
            )

    def read_cells(self, reader: _CsvReader) -> list[_Cells]:
        """The data rows below the header (comments, repeated headers and blank lines
        skipped; fields fitted to the columns)."""
        columns_at = self.header.index
        cells: list[_Cells] = []
        previous_end = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.problem(self.offset + reader.line_num, 1, "", f"not CSV: {exc}")
                break
            line = self.offset + previous_end + 1
            previous_end = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            raw = self.raw_lines[line - 1] if line - 1 < len(self.raw_lines) else ""
            starts = _column_starts(raw, self.delimiter)
            if fields[0].strip().startswith("#"):
                self.directive(fields, line)
                continue
            if self.repeated_header(fields, line):
                continue
            if self.unclosed_quote(line, self.offset + previous_end):
                break
            fitted = self.fit(fields, line, starts)
            if fitted is None:
                continue
            columns = {col: (starts[i] if i < len(starts) else 1) for col, i in columns_at.items()}

            def get(col: str, fields: list[str] = fitted) -> str:
                return fields[columns_at[col]].strip() if col in columns_at else ""

            cells.append(
                _Cells(
                    line, columns, get("time"), get("date"), get("kind"), get("actor"), get("text")
                )
            )
        return cells

    def directive(self, fields: list[str], line: int) -> None:
        """A comment row; ``# date: ...`` and ``# timezone: ...`` set the date and zone."""
        directive = _DIRECTIVE.match(",".join(fields).strip().rstrip(",;\t").strip())
        if directive is None:
            return
        value = directive.group("value").strip().strip(",;")
        if directive.group("key").lower() in ("date", "day"):
            self.start_date = value
            return
        self.zone = zone_of(value) or self.zone
        if zone_of(value) is None:
            self.problem(
                line,
                1,
                "",
                f"unknown time zone '{value}' in the comment",
                hint="e.g. '# timezone: UTC', 'PDT', 'UTC+2' or 'Europe/Berlin'",
            )

    def repeated_header(self, fields: list[str], line: int) -> bool:
        """True (with a warning) for the header row again: two exports pasted together."""
        if [f.strip().lower() for f in fields] != self.names:
            return False
        self.problem(
            line,
            1,
            "",
            "the header row is repeated here; the row is skipped",
            level=Level.WARNING,
            hint="remove it if the files were joined by hand",
        )
        return True

    def unclosed_quote(self, line: int, end: int) -> bool:
        """True (with an error) when a quote opened on ``line`` never closes: it swallows every
        row below it into one text; refuse, rather than silently lose the rest."""
        record_text = "\n".join(self.raw_lines[line - 1 : end])
        if not (record_text.count('"') % 2 and end >= len(self.raw_lines)):
            return False
        quote = self.raw_lines[line - 1].find('"') + 1 if line - 1 < len(self.raw_lines) else 1
        swallowed = end - line
        self.problem(
            line,
            max(quote, 1),
            "",
            'a quote (") opened on this line is never closed'
            + (f", so the {swallowed} line(s) below it were read as its text" if swallowed else ""),
            hint='end the quoted text with a "; a quote inside it is written ""',
        )
        return True

    def fit(self, fields: list[str], line: int, starts: list[int]) -> list[str] | None:
        """The fields of a row, one per column, or None (with an error) when they do not fit:
        missing trailing columns are empty, trailing empty fields dropped, and unquoted
        separators in a last text column read as part of the text (a warning)."""
        width = len(self.header_cells)
        required = max(self.header.index.values()) + 1
        if required <= len(fields) < width:
            fields = fields + [""] * (width - len(fields))  # ignored trailing columns
        elif len(fields) > width and not any(f.strip() for f in fields[width:]):
            fields = fields[:width]  # trailing empty fields (a spreadsheet's commas)
        elif len(fields) > width and self.header.index.get("text") == width - 1:
            # The text is the last column: unquoted commas in it split it. Join it back.
            text_at, found = width - 1, len(fields)
            fields = [*fields[:text_at], self.delimiter.join(fields[text_at:])]
            self.problem(
                line,
                starts[width] if width < len(starts) else 1,
                "text",
                f"{found} fields for {width} columns: the "
                "unquoted separators are read as part of the text",
                level=Level.WARNING,
                hint=f'quote text that contains "{self.delimiter}" to be sure',
            )
        if len(fields) == width:
            return fields
        extra = len(fields) > width
        self.problem(
            line,
            starts[width] if extra and width < len(starts) else 1,
            "",
            f"expected {width} fields ({', '.join(self.names)}), found {len(fields)}",
            hint='quote text that contains commas: "a, b"'
            if extra
            else "add the missing fields (they may be empty: a,b,,)",
        )
        return None


def _settle(
    name: str,
    cells: list[_Cells],
    header: Header,
    zone: tzinfo | None,
    start_date: str,
    problems: list[Problem],
) -> list[_Row]:
    """Times (dates carried down, midnight rolled over, zones filled in) and kinds of rows."""
    times = TimeReader(zone, _day_first(cells))
    read = _read_times(name, cells, times, problems)
    # The zone of rows that give none: the header's or a comment's, else the first zoned row's.
    fill_zone = zone or next(
        (r.when.tzinfo for _, r in read if r is not None and r.when.tzinfo is not None), None
    )
    day = _first_day(name, read, start_date, times, problems)
    # A dated row without a zone takes the zone of the others: say so, unless it was given.
    clock = _Clock(name, problems, day, fill_zone or UTC, fill_zone is not None and zone is None)
    rows: list[_Row] = []
    foreign: list[tuple[int, str]] = []
    for c, r in read:
        if r is None:
            continue
        when = clock.settle(c, r)
        if when is None:
            continue
        row = _kind_and_actor(name, c, when, header, problems, foreign)
        if row is not None:
            rows.append(row)
    if foreign:
        problems.append(_foreign_warning(name, cells, foreign))
    if fill_zone is None and rows:
        problems.append(
            Problem(
                name,
                0,
                0,
                "time",
                "no time zone anywhere: times are read as UTC (durations are not affected)",
                level=Level.WARNING,
                hint="add a zone to the times (14:02Z, 14:02 PDT, +01:00) or a line "
                "'# timezone: UTC' above the rows",
            )
        )
    elif clock.borrowed is not None:
        borrowed = clock.borrowed
        problems.append(
            Problem(
                name,
                borrowed.line,
                borrowed.columns.get("time", 1),
                "time",
                f"'{borrowed.time}' has no time zone; read in the zone of the other rows "
                f"({fill_zone})",
                level=Level.WARNING,
                hint=f"add one, e.g. '{borrowed.time}Z'",
            )
        )
    return rows


def _read_times(
    name: str, cells: list[_Cells], times: TimeReader, problems: list[Problem]
) -> list[tuple[_Cells, ReadTime | None]]:
    """Each row's time as written (None, with an error, when it cannot be read); a warning
    at the first date that could be month/day or day/month."""
    read: list[tuple[_Cells, ReadTime | None]] = []
    for c in cells:
        try:
            read.append((c, times.read(c.time, c.date)))
        except ValueError as exc:
            problems.append(Problem(name, c.line, c.columns.get("time", 1), "time", str(exc)))
            read.append((c, None))
    ambiguous = next((c for c, r in read if r is not None and r.ambiguous_order), None)
    if ambiguous is not None:
        problems.append(
            Problem(
                name,
                ambiguous.line,
                ambiguous.columns.get("time", 1),
                "time",
                f"'{ambiguous.date or ambiguous.time}' could be month/day or day/month; every "
                "such date is read month first",
                level=Level.WARNING,
                hint="write dates as 2021-06-08 to be sure",
            )
        )
    return read


def _first_day(
    name: str,
    read: list[tuple[_Cells, ReadTime | None]],
    start_date: str,
    times: TimeReader,
    problems: list[Problem],
) -> date | None:
    """The date of the first rows that give only a clock time: a ``# date:`` line's, else
    the first dated row's."""
    day: date | None = None
    if start_date:
        try:
            day = read_date(start_date, times.day_first)[0]
        except ValueError:
            problems.append(
                Problem(
                    name, 0, 0, "", f"'# date: {start_date}' is not a date", hint="e.g. 2018-10-21"
                )
            )
    if day is None:
        day = next((r.when.date() for _, r in read if r is not None and r.has_date), None)
    return day


@dataclass
class _Clock:
    """Settles row times in file order: the date of the row above is carried down to rows
    that give only a clock time (rolled over midnight), the fill zone to rows without one."""

    name: str
    problems: list[Problem]
    day: date | None
    fill_zone: tzinfo
    #: Whether a dated row without a zone is worth a warning (the zone was not given).
    note_borrowed: bool
    last: datetime | None = None
    #: The first dated row without a zone that took the zone of the other rows.
    borrowed: _Cells | None = None

    def settle(self, c: _Cells, r: ReadTime) -> datetime | None:
        """The row's time, or None (with an error) for a clock time no row gives a date to."""
        when = r.when
        if not r.has_date:
            if self.day is None:
                self.problems.append(
                    Problem(
                        self.name,
                        c.line,
                        c.columns.get("time", 1),
                        "time",
                        f"'{c.time}' has no date and no row gives one",
                        hint="write the date on the first row (2018-10-21 22:52 UTC) or add the "
                        "line '# date: 2018-10-21' above the rows",
                    )
                )
                return None
            when = self.after_midnight(c, datetime.combine(self.day, when.timetz()))
        elif when.tzinfo is None:
            when = when.replace(tzinfo=self.fill_zone)
            if self.note_borrowed and self.borrowed is None:
                self.borrowed = c
        self.day = when.date()
        self.last = when
        return when

    def after_midnight(self, c: _Cells, when: datetime) -> datetime:
        """A clock time more than 12 hours before the row above is the next day (a warning)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.fill_zone)
        if self.last is not None and self.last - when > timedelta(hours=12):
            when += timedelta(days=1)
            self.problems.append(
                Problem(
                    self.name,
                    c.line,
                    c.columns.get("time", 1),
                    "time",
                    f"'{c.time}' comes after {self.last.strftime('%H:%M')} on the row above, so "
                    f"it is read as the next day ({when.date().isoformat()})",
                    level=Level.WARNING,
                    hint="write the date on rows after midnight to be sure",
                )
            )
        return when


def _kind_and_actor(
    name: str,
    c: _Cells,
    when: datetime,
    header: Header,
    problems: list[Problem],
    foreign: list[tuple[int, str]],
) -> _Row | None:
    """The row with its kind (given, an alias, or read from its text) and actor, or None
    (with an error) for an unknown kind or a missing actor the kind needs."""
    kind = c.kind.lower().replace("-", "_").replace(" ", "_").removesuffix("_log_entry")
    kind = KIND_ALIASES.get(kind, kind)
    text = c.text
    if kind in PAGE_STATES:  # a status page's state or colour as the kind: a post in that state
        state, colour = PAGE_STATES[kind], f" ({kind} status)" if kind in COLOURS else ""
        kind, text = "status_page", f"{state.value} - {text or state.value}{colour}"
    from_text = False
    if kind.replace("_", " ").strip() in GENERIC_KINDS or kind == "":
        kind, from_text = classify(c.text), True
    elif kind not in KINDS and not did_you_mean(kind, KINDS) and c.text.strip():
        # A category of the team's own ("Decision", "Customer impact"), not a typo of a
        # kind: read the row from its text, and say so.
        kind, from_text = classify(c.text), True
        foreign.append((c.line, c.kind))
    elif kind not in KINDS:
        problems.append(
            Problem(
                name,
                c.line,
                c.columns.get("kind", 1),
                "kind",
                f"unknown kind '{c.kind}'; expected one of {', '.join(KINDS)}",
                hint=did_you_mean(kind, KINDS),
            )
        )
        return None
    actor = c.actor
    if kind in ACTOR_REQUIRED and not actor:
        if header.has("actor") and not from_text:
            problems.append(
                Problem(
                    name,
                    c.line,
                    c.columns.get("actor", 1),
                    "actor",
                    f"a '{kind}' row needs the person who did it",
                    hint="e.g. alice",
                )
            )
            return None
        actor = UNNAMED_ACTOR
    return _Row(c.line, c.columns, when, kind, actor, text, from_text)


def _foreign_warning(name: str, cells: list[_Cells], foreign: list[tuple[int, str]]) -> Problem:
    """One warning for every row whose kind is a category of the team's own."""
    first_line = foreign[0][0]
    first = next(c for c in cells if c.line == first_line)
    listed = ", ".join(f"line {line} '{kind}'" for line, kind in foreign)
    return Problem(
        name,
        first_line,
        first.columns.get("kind", 1),
        "kind",
        f"{len(foreign)} row(s) name a kind this importer does not know, so each is read "
        f"from its text: {listed}",
        level=Level.WARNING,
        hint=f"kinds: {', '.join(KINDS)}",
    )


def _severity(b: _Builder, row: _Row) -> tuple[Severity, str] | None:
    match = _SEVERITY.match(row.text)
    if match is None:
        b.error(
            row,
            "text",
            f"expected a severity first, like 'SEV-2 {row.text[:30]}'".rstrip(),
            hint="SEV-1, SEV-2, SEV-3 or SEV-4",
        )
        return None
    return Severity(f"SEV-{match.group(1)}"), match.group(2).strip()


def _strategy(b: _Builder, row: _Row, text: str) -> tuple[Strategy, str, str] | None:
    lowered = text.lower()
    for alias in sorted(STRATEGY_NAMES, key=len, reverse=True):
        if lowered.startswith(alias) and (
            len(lowered) == len(alias) or lowered[len(alias)] in " :"
        ):
            rest = text[len(alias) :].strip(" :")
            target, _, note = rest.partition(" ")
            if not target:
                b.warn(
                    row,
                    "text",
                    f"'{text}' names no target service after the strategy: the target is "
                    "not recorded",
                    hint=f"e.g. '{alias} payments-api'",
                )
            return STRATEGY_NAMES[alias], target.strip(",;"), note.strip()
    first = lowered.split(" ")[0] if lowered else ""
    b.error(
        row,
        "text",
        f"'{text}' does not start with a mitigation strategy; expected one of "
        f"{', '.join(s.value for s in Strategy)} and a target",
        hint=did_you_mean(first, STRATEGY_NAMES) or "e.g. 'rollback payments-api'",
    )
    return None


def _update(b: _Builder, row: _Row) -> None:
    parts = [p.strip() for p in re.split(r"\s*(?:;|\||\n)\s*", row.text) if p.strip()]
    fields: dict[str, str] = {}
    loose: list[str] = []
    for part in parts:
        label, sep, value = part.partition(":")
        key = UPDATE_LABELS.get(label.strip().lower()) if sep else None
        if key is None:
            loose.append(part)
        else:
            fields[key] = value.strip()
    if loose and "impact" not in fields:
        fields["impact"] = " ".join(loose)
    severity = b.severity or Severity.SEV3
    if "severity" in fields:
        parsed = _SEVERITY.match(fields["severity"])
        if parsed is None:
            b.error(row, "text", f"Severity: '{fields['severity']}' is not SEV-1 ... SEV-4")
            return
        severity = Severity(f"SEV-{parsed.group(1)}")
    status = b.status
    if "status" in fields:
        status_text = fields["status"].split()[0].strip(".,") if fields["status"] else ""
        matches = [s for s in Status if s.value.lower() == status_text.lower()]
        if not matches:
            b.error(
                row,
                "text",
                f"Status: '{fields['status']}' is not one of {', '.join(s.value for s in Status)}",
                hint=did_you_mean(status_text.title(), [s.value for s in Status]),
            )
            return
        status = matches[0]
    b.status = status
    b.act(
        row,
        PostUpdate(
            row.actor,
            severity=severity,
            status=status,
            impact=fields.get("impact", ""),
            recent_actions=fields.get("recent_actions", ""),
            next_steps=fields.get("next_steps", ""),
            eta=fields.get("eta", ""),
        ),
    )


def _status_page(b: _Builder, row: _Row) -> None:
    status = Status.INVESTIGATING
    text = row.text
    match = re.match(r"^\s*(\w+)\s*(?:(?:-|–|—|:)\s*|$)(.*)$", text, re.S)
    if match is not None:
        word = match.group(1).lower()
        found = [s for s in Status if s.value.lower() == word] or (
            [PAGE_STATES[word]] if word in PAGE_STATES else []
        )
        if found:
            status, text = found[0], match.group(2).strip() or row.text.strip()
    b.act(row, PostStatusPage(row.actor, status=status, text=text))


def _task(b: _Builder, row: _Row) -> None:
    person, sep, what = row.text.partition(":")
    if not sep or not person.strip() or " " in person.strip():
        b.error(
            row,
            "text",
            "expected 'PERSON: what to do (10m)'",
            hint="e.g. 'bob: check the deploy history (10m)'",
        )
        return
    timebox = 0.0
    box = _TIMEBOX.search(what)
    if box is not None:
        timebox = parse_duration(box.group("box"))
        what = what[: box.start()]
    task_id = f"T{len(b.tasks) + 1}"
    b.tasks.append((task_id, person.strip(), b.t(row), timebox))
    b.act(
        row,
        AssignTask(row.actor, person=person.strip(), task=what.strip(), timebox=timebox),
        task_id=task_id,
    )


def _task_ref(b: _Builder, row: _Row, default_person: str) -> tuple[str, str] | None:
    match = _TASK_ID.match(row.text)
    if match is not None:
        known = [t[0] for t in b.tasks]
        if match.group("id") not in known:
            b.error(
                row,
                "text",
                f"no task {match.group('id')} before this row; tasks so far: "
                f"{', '.join(known) or 'none'}",
            )
            return None
        return match.group("id"), match.group("rest").strip()
    person = row.text.split(":")[0].strip() if row.kind == "follow_up" else default_person
    for task_id, owner, _, _ in reversed(b.tasks):
        if owner == person:
            rest = row.text.partition(":")[2].strip() if row.kind == "report" else ""
            return task_id, rest or row.text
    b.error(
        row,
        "text",
        f"no earlier task for '{person}'; name the task like 'T1'",
        hint=f"tasks so far: {', '.join(t[0] for t in b.tasks) or 'none'}",
    )
    return None


def _mitigated(b: _Builder, row: _Row) -> None:
    text = row.text
    partial = row.partial or text.lower().startswith("partial")
    if partial and not row.partial:
        text = text[len("partial") :].strip(" :-")
    if row.strategy is None and text and any(text.lower().startswith(a) for a in STRATEGY_NAMES):
        parsed = _strategy(b, row, text)
        if parsed is None:
            return
        key = (parsed[0].value, parsed[1], "")
    elif b.mitigations:
        key = b.mitigations[-1]
    else:
        key = (Strategy.OTHER.value, "", row.text)
        if row.path:  # a Statuspage 'monitoring' update
            b.warn(row, "status", _MONITORING_READ)
        else:
            b.warn(
                row,
                "kind",
                f"a '{row.kind}' row with no earlier mitigation row: time to mitigate is taken "
                "from this row (strategy other, target not recorded)",
                hint="add the mitigation that worked above it, e.g. 'rollback payments-api'",
            )
    _effect(b, row, key, partial)


_MONITORING_READ = (
    "the first 'monitoring' update says a fix is in place: time to mitigate is taken from it "
    "(strategy other, in the update's words; target not recorded)"
)


def _effect(b: _Builder, row: _Row, key: tuple[str, str, str], partial: bool) -> None:
    """A ``mitigation_effect`` record of the mitigation ``key`` (strategy, target, words)."""
    before = b.users
    after = round(before * 0.5) if partial else 0
    b.users = after
    b.emit(
        row,
        "mitigation_effect",
        "world",
        {
            "strategy": key[0],
            "target": key[1],
            "effect": "reduces" if partial else "resolves",
            "amount": 50.0 if partial else 0.0,
            "users_before": before,
            "users_after": after,
            **({"text": key[2]} if key[2] else {}),
        },
    )
    b.effect_written = True
    if not partial and b.full_mitigation_at is None:
        b.full_mitigation_at = b.t(row)


_RECOVERED = re.compile(
    r"\b(?:recovered|restored|back to normal|returned to normal|operating normally|resolved the"
    r" (?:issue|errors)|errors? (?:stopped|subsided|dropped))\b",
    re.I,
)
_PAGED_WHO = re.compile(
    r"\b(?:paged|paging|page[sd]? to|called in|woke up|notified|notifying|assigned to)\s+"
    r"(?:the\s+)?([\w.@-]+)",
    re.I,
)
#: A page row's text that starts with one of these is prose ("Notified Alice via SMS").
_PAGE_VERBS = frozenset({"notified", "notifying", "paged", "paging", "called", "assigned"})
_ROLE_PERSON = re.compile(
    r"^\s*(?P<a>[A-Z][\w.-]*)\s+(?:is|was|became|becomes|took over as|takes over as|assumed|"
    r"assumes|acted as|acts as|joined as|named)\b|\b(?:named|assigned|appointed|made)\s+"
    r"(?P<b>[A-Z][\w.-]*)\b",
)
_TO_PERSON = re.compile(r"\bto\s+(?P<p>[A-Z][\w.-]*)")
_LEVEL_IN = re.compile(r"\blevel\s*(\d+)\b", re.I)


def _lenient(b: _Builder, row: _Row) -> list[_Row]:
    """Rows whose kind was read from free text, rewritten in the strict syntax of their kind
    (``Declared a SEV 1`` -> ``SEV-1 Declared a SEV 1``), or as a note when the text lacks what
    the kind needs. Rows with a kind given are returned as they are."""
    if not row.from_text:
        return _prose_of_given_kind(b, row)
    reader = _PROSE_READERS.get(row.kind)
    rewritten = reader(b, row) if reader is not None else None
    if rewritten is not None:
        return rewritten
    b.read_as[row.line] = row.kind
    return [row]


def _strict(b: _Builder, row: _Row, kind: str, text: str) -> _Row:
    """``row`` read as ``kind`` with ``text`` in that kind's syntax (remembered as read)."""
    b.read_as[row.line] = kind
    return _Row(row.line, row.columns, row.time, kind, row.actor, text, False)


def _as_note(b: _Builder, row: _Row) -> list[_Row]:
    """A prose row that lacks what its kind needs: a note."""
    return [_strict(b, row, "note", row.text)]


# Readers of prose rows by the kind read from their text: the rows in their kind's syntax,
# or None to take the row as it is.


def _prose_severity(b: _Builder, row: _Row) -> list[_Row] | None:
    """A declaration or severity change in prose: the level it names (``SEV 1``, ``P1``), else
    one named in words (``critical``, ``Severity: High``, a colour state), else (a declaration)
    the level the incident has or another row names; else the severity is not recorded."""
    level = prose_severity(row.text)
    if level is not None:
        return [_strict(b, row, row.kind, f"SEV-{level} {row.text}")]
    fix = "write the level in the text, e.g. 'Declared SEV-1'"
    words = severity_hint(row.text)
    if words is not None:
        b.warn(row, "text", f"severity read from '{words[1]}' as SEV-{words[0]}", fix)
        return [_strict(b, row, row.kind, f"SEV-{words[0]} {row.text}")]
    if row.kind != "declare":
        b.warn(row, "text", "the severity row names no level: read as a note", fix)
        return _as_note(b, row)
    if b.severity is not None:
        b.warn(
            row,
            "text",
            f"the declaration names no severity: read as {b.severity.value}, "
            "the level the incident already has",
            fix,
        )
        return [_strict(b, row, "declare", f"{b.severity.value} {row.text}")]
    if b.default_severity is not None:
        severity, line, said = b.default_severity
        b.warn(
            row,
            "text",
            f"the declaration names no severity: read as {severity.value} from "
            f"'{said}' on line {line}",
            fix,
        )
        return [_strict(b, row, "declare", f"{severity.value} {row.text}")]
    b.warn(
        row,
        "text",
        "the declaration names no severity and no row does: declared with severity not recorded",
        fix,
    )
    declared = _strict(b, row, "declare", f"{Severity.SEV3.value} {row.text}")
    declared.severity_recorded = False
    return [declared]


def _prose_page(b: _Builder, row: _Row) -> list[_Row] | None:
    who = _PAGED_WHO.search(row.text)
    person = who.group(1) if who else ""
    if person.lower() in ("", "on", "on-call", "oncall", "the", "a", "an"):
        person = "on-call"
    return [_strict(b, row, "page", f"{person} {row.text}")]


def _prose_role(b: _Builder, row: _Row) -> list[_Row] | None:
    lowered = row.text.lower()
    role = next(
        (
            name
            for name in sorted(ROLE_NAMES, key=len, reverse=True)
            if re.search(rf"\b{re.escape(name)}\b", lowered)
        ),
        None,
    )
    found = _ROLE_PERSON.search(row.text)
    person = (found.group("a") or found.group("b")) if found else ""
    if not person and row.actor and row.actor != UNNAMED_ACTOR:
        person = row.actor
    if role is None or not person:
        return _as_note(b, row)
    return [_strict(b, row, "role", f"{role}: {person}")]


def _prose_escalate(b: _Builder, row: _Row) -> list[_Row] | None:
    level_in = _LEVEL_IN.search(row.text)
    level = int(level_in.group(1)) if level_in else b.escalation_level + 1
    return [_strict(b, row, "escalate", f"level {level} {row.text}")]


def _prose_handover(b: _Builder, row: _Row) -> list[_Row] | None:
    to = _TO_PERSON.search(row.text)
    if to is None:
        return _as_note(b, row)
    return [_strict(b, row, "handover", f"{to.group('p')}: {row.text}")]


def _prose_mitigation(b: _Builder, row: _Row) -> list[_Row] | None:
    """A mitigation in the team's own words: the strategy its words name (the vocabulary's one
    word table), else ``other`` with its text; a target it does not name is not recorded."""
    text = row.text
    found = prose_strategy(text)
    applied = _strict(b, row, "mitigation", text)
    target_note = f"target {found[1]}" if found and found[1] else "target not recorded"
    if found is None:
        applied.strategy, applied.target = Strategy.OTHER, prose_target(text)
        how = "names none of the guide's strategies: recorded as other with its text"
    else:
        applied.strategy, applied.target = Strategy(found[0]), found[1]
        how = f"read as {found[0].replace('_', ' ')} (from '{found[2]}'), {target_note}"
    first = text.lower().split(" ", 1)[0] if found is None else ""
    close = difflib.get_close_matches(first, list(STRATEGY_NAMES), n=1, cutoff=0.85)
    hint = f"did you mean '{close[0]}'?" if close else ""  # a typo, not another verb
    b.warn(row, "text", f"mitigation '{_short(text)}' {how}", hint)
    if _RECOVERED.search(text):  # "Rolled back the deploy; errors stopped"
        effect = _Row(row.line, row.columns, row.time, "mitigated", "world", "", False)
        return [applied, effect]
    return [applied]


def _short(text: str, width: int = 60) -> str:
    """``text`` cut at a word to about ``width`` characters (for a warning)."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _prose_mitigated(b: _Builder, row: _Row) -> list[_Row] | None:
    partial = re.search(
        r"partial|began to|started to|recovering|dropp|decreas|fell|\b(?:majority|most|some"
        r"|many|gradually)\b",
        row.text,
        re.I,
    )
    if b.mitigations:
        return [_strict(b, row, "mitigated", "partial" if partial else "")]
    # No mitigation row above: the row itself is the mitigation that took effect.
    effect = _strict(b, row, "mitigated", row.text)
    effect.strategy, effect.partial = Strategy.OTHER, partial is not None
    return [effect]


def _prose_alert(b: _Builder, row: _Row) -> list[_Row] | None:
    text = row.text
    if ":" in text[:60] or len(text) <= 60:
        return None
    # A sentence, not an alert name: name the alert by its first words.
    name = text[:60].rsplit(" ", 1)[0].rstrip(" ,;.") + "…"
    return [_strict(b, row, "alert", f"{name}: {text}")]


def _prose_status_page(b: _Builder, row: _Row) -> list[_Row] | None:
    word = re.search(
        r"\b(investigating|identified|mitigating|monitoring|resolved)\b", row.text, re.I
    )
    if word is None:
        return None
    return [_strict(b, row, "status_page", f"{word.group(1).title()} - {row.text}")]


_PROSE_READERS: dict[str, Callable[[_Builder, _Row], list[_Row] | None]] = {
    "declare": _prose_severity,
    "severity": _prose_severity,
    "page": _prose_page,
    "role": _prose_role,
    "escalate": _prose_escalate,
    "handover": _prose_handover,
    "mitigation": _prose_mitigation,
    "mitigated": _prose_mitigated,
    "alert": _prose_alert,
    "status_page": _prose_status_page,
}


def _strict_form(b: _Builder, row: _Row) -> bool:
    """True when a row's text is in the syntax its (given) kind expects."""
    text, lowered = row.text, row.text.lower()
    if row.kind == "mitigation":
        return _names_strategy_first(text)
    if row.kind == "escalate":
        return _LEVEL.match(text) is not None
    if row.kind in ("severity", "declare"):
        # prose naming a level elsewhere ("Major incident declared (SEV-1)"), in words or
        # not at all ("Major incident opened") is read leniently
        return _SEVERITY.match(text) is not None
    if row.kind == "status_page":
        first = re.match(r"^\s*(\w+)\s*(?:-|–|—|:)", text)
        return (
            first is None
            or first.group(1).lower() in {s.value.lower() for s in Status}
            or not (
                re.search(
                    r"\b(?:investigating|identified|mitigating|monitoring|resolved)\b", lowered
                )
            )
        )
    if row.kind == "role":
        role_text, sep, person = text.partition(":")
        return bool(sep and person.strip()) and role_text.strip().lower() in ROLE_NAMES
    if row.kind == "page":
        return lowered.split(" ", 1)[0] not in _PAGE_VERBS
    if row.kind == "handover":
        person = text.partition(":")[0].strip()
        return bool(person) and " " not in person
    if row.kind == "mitigated":
        return bool(b.mitigations) or any(
            lowered.removeprefix("partial").strip(" :-").startswith(a) for a in STRATEGY_NAMES
        )
    return True


#: Words after a strategy name that show prose, not a target ("rollback the bad deploy").
_NOT_A_TARGET = frozenset(
    [
        "the",
        "a",
        "an",
        "all",
        "every",
        "of",
        "to",
        "in",
        "on",
        "for",
        "our",
        "its",
        "their",
        "some",
        "both",
        "was",
        "were",
        "is",
        "has",
        "had",
    ]
)


def _names_strategy_first(text: str) -> bool:
    """True for a mitigation in the strict syntax: a strategy name as its first word(s) and
    then a target (or nothing), not prose that starts with a verb ("Reverted the ...")."""
    lowered = text.lower()
    for alias in STRATEGY_NAMES:
        if not lowered.startswith(alias):
            continue
        rest = lowered[len(alias) :]
        if rest and rest[0] not in " :":
            continue
        first = rest.strip(" :").split(" ", 1)[0]
        return first not in _NOT_A_TARGET
    return False


def _prose_of_given_kind(b: _Builder, row: _Row) -> list[_Row]:
    """A row whose kind column names a kind but whose text is prose (a spreadsheet's
    ``Mitigation, Engineering disabled the bad configuration``): read like a row without a
    kind, as long as the prose gives what the kind needs; else the row stays as written and
    its strict parse reports the error."""
    if _strict_form(b, row) or (row.path and row.kind not in ("declare", "severity")):
        return [row]  # a JSON source's rows are structured: only a level may need reading
    read_as = dict(b.read_as)
    prose = _Row(row.line, row.columns, row.time, row.kind, row.actor, row.text, True)
    rewritten = _lenient(b, prose)
    b.read_as = read_as  # the kind was given, not read from the text
    if rewritten and (rewritten[0].kind == row.kind or row.kind == "severity"):
        return rewritten
    return [row]


def _handle(b: _Builder, row: _Row) -> None:
    """Write the records of one row in the strict syntax of its kind (see the module table)."""
    handler = _ROW_HANDLERS.get(row.kind)
    if handler is not None:
        handler(b, row)


def _impact_start(b: _Builder, row: _Row) -> None:
    users = prose_users(row.text)
    number = re.match(r"\s*(\d[\d,]*)", row.text)
    if users is None and number is not None:
        users = int(number.group(1).replace(",", ""))
    b.users = users or 0
    b.emit(row, "impact_start", row.actor or "world", {"users": b.users})
    b.impact_started = True
    b.emit(row, "sample", "world", {"users": b.users, "metrics": {}})


def _impact_end(b: _Builder, row: _Row) -> None:
    b.users = 0
    b.impact_end_written = True
    b.emit(row, "impact_end", row.actor or "world", {})
    b.emit(row, "sample", "world", {"users": 0, "metrics": {}})


def _alert(b: _Builder, row: _Row) -> None:
    text = row.text
    alert = text.split(":")[0].strip()[:120] or "alert"
    if alert.endswith("…"):  # a name made of a sentence's first words (see _lenient)
        text = text.partition(":")[2].strip()
    b.emit(
        row,
        "alert",
        row.actor or "monitoring",
        {
            "alert": alert,
            "service": None,
            "metric": None,
            "value": None,
            "threshold": None,
            "runbook": None,
            "repeat": 0,
            "text": text,
        },
    )


def _detection(b: _Builder, row: _Row) -> None:
    kind = row.kind
    b.emit(
        row,
        "inject",
        row.actor or "reporter",
        {
            "inject_id": f"row-{row.line}",
            "kind": kind,
            "sender": row.actor or "reporter",
            "channel": "ticket" if kind == "customer_report" else "chat",
            "text": row.text,
            "expected_action": None,
            "objective": None,
            "service": None,
            "alert": None,
        },
    )


def _page(b: _Builder, row: _Row) -> None:
    if row.person:  # a JSON source names the person (a PagerDuty notification)
        payload = {"person": row.person, "level": int(row.extra.get("level", "1"))}
        b.emit(row, "page", row.actor or "pager", {**payload, "attempt": 1, "reason": row.text})
        return
    match = _PAGE.match(row.text)
    if match is None or not row.text:
        b.error(
            row, "text", "expected 'PERSON [(level N)] [reason]'", hint="e.g. 'alice (level 1)'"
        )
        return
    level = match.group("level") or match.group("level2")
    b.emit(
        row,
        "page",
        row.actor or "pager",
        {
            "person": match.group("person"),
            "level": int(level) if level else 1,
            "attempt": 1,
            "reason": match.group("reason").strip(),
        },
    )


def _ack(b: _Builder, row: _Row) -> None:
    b.act(row, AcknowledgePage(row.actor))


def _declare_or_severity(b: _Builder, row: _Row) -> None:
    parsed = _severity(b, row)
    if parsed is None:
        return
    severity, rest = parsed
    if row.severity_recorded:
        b.severity = severity
    if row.kind == "declare":
        if not b.title:
            b.title, b.title_line = rest, row.line
        extra = {} if row.severity_recorded else {"severity_recorded": False}
        b.act(row, DeclareIncident(row.actor, severity=severity, title=rest), **extra)
    else:
        b.act(row, SetSeverity(row.actor, severity=severity, reason=rest))


def _role(b: _Builder, row: _Row) -> None:
    text = row.text
    role_text, sep, person = text.partition(":")
    role = ROLE_NAMES.get(role_text.strip().lower())
    if not sep or role is None or not person.strip():
        b.error(
            row,
            "text",
            f"expected 'ROLE: PERSON', got '{text}'",
            hint=did_you_mean(role_text.strip().lower(), ROLE_NAMES)
            or "e.g. 'incident_commander: alice'",
        )
        return
    b.act(row, AssignRole(row.actor, person=person.strip(), role=role))


def _follow_up_or_report(b: _Builder, row: _Row) -> None:
    ref = _task_ref(b, row, row.actor)
    if ref is None:
        return
    if row.kind == "follow_up":
        b.act(row, FollowUpTask(row.actor, task_id=ref[0]))
    else:
        b.reported.setdefault(ref[0], b.t(row))
        b.act(row, ReportTask(row.actor, task_id=ref[0], result=ref[1], done=True))


def _finding(b: _Builder, row: _Row) -> None:
    tool_text, sep, what = row.text.partition(":")
    tool = tool_text.strip().lower() if sep else ""
    if tool not in {t.value for t in Tool}:
        tool, what = "", row.text
    b.emit(
        row,
        "finding",
        row.actor or "responder",
        {
            "tool": tool,
            "query": "",
            "text": what.strip(),
            "clue_id": None,
            "relevant": True,
            "misleading": False,
            "summary": what.strip(),
        },
    )


def _escalate(b: _Builder, row: _Row) -> None:
    match = _LEVEL.match(row.text)
    if match is None:
        b.error(
            row, "text", f"expected 'level N [reason]', got '{row.text}'", hint="e.g. 'level 2'"
        )
        return
    level = int(match.group("level"))
    b.escalation_level = max(b.escalation_level, level)
    b.act(row, Escalate(row.actor, level=level, reason=match.group("reason")))


def _bridge(b: _Builder, row: _Row) -> None:
    b.act(row, OpenBridge(row.actor))


def _handover(b: _Builder, row: _Row) -> None:
    person, _, briefing = row.text.partition(":")
    if not person.strip() or " " in person.strip():
        b.error(row, "text", "expected 'PERSON[: briefing]'", hint="e.g. 'bob: rollback running'")
        return
    b.act(row, HandOverCommand(row.actor, to=person.strip(), briefing=briefing.strip()))


def _mitigation(b: _Builder, row: _Row) -> None:
    words = ""
    if row.strategy is not None:  # read from the row's own words (see _prose_mitigation)
        strategy, target, words = row.strategy, row.target, row.text
    else:
        parsed = _strategy(b, row, row.text)
        if parsed is None:
            return
        strategy, target, _note = parsed
    b.mitigations.append((strategy.value, target, words))
    extra = {"text": words} if words else {}
    b.act(row, ApplyMitigation(row.actor, strategy=strategy, target=target), **extra)


def _resolved(b: _Builder, row: _Row) -> None:
    if not b.mitigations and not b.effect_written and b.impact_started:
        before = "'monitoring' update" if row.path else "mitigation row"
        b.warn(
            row,
            "kind",
            f"resolved with no {before} before it: time to mitigate is taken from the "
            "resolution (strategy other, target not recorded)",
            hint=""
            if row.path
            else "add the mitigation that worked above it, e.g. 'rollback payments-api'",
        )
        _effect(b, row, (Strategy.OTHER.value, "", row.text), False)
    b.status = Status.RESOLVED
    b.act(row, MarkResolved(row.actor, summary=row.text, **checklist_ticks(row.text)))


def _note(b: _Builder, row: _Row) -> None:
    b.act(row, AddNote(row.actor, text=row.text))


def _message(b: _Builder, row: _Row) -> None:
    b.act(row, Say(row.actor, text=row.text))


#: The reader of each kind of row (in its strict syntax).
_ROW_HANDLERS: dict[str, Callable[[_Builder, _Row], None]] = {
    "impact_start": _impact_start,
    "impact_end": _impact_end,
    "alert": _alert,
    **dict.fromkeys(DETECTION_KINDS, _detection),
    "page": _page,
    "ack": _ack,
    "declare": _declare_or_severity,
    "severity": _declare_or_severity,
    "role": _role,
    "task": _task,
    "follow_up": _follow_up_or_report,
    "report": _follow_up_or_report,
    "finding": _finding,
    "update": _update,
    "status_page": _status_page,
    "escalate": _escalate,
    "bridge": _bridge,
    "handover": _handover,
    "mitigation": _mitigation,
    "mitigated": _mitigated,
    "resolved": _resolved,
    "note": _note,
    "message": _message,
}


def _task_dues(b: _Builder, end: float) -> list[tuple[float, str, str]]:
    dues = []
    for task_id, person, at, box in b.tasks:
        due = at + box
        if box > 0 and due <= end and not (task_id in b.reported and b.reported[task_id] < due):
            dues.append((due, task_id, person))
    return dues


def _order_warning(name: str, rows: list[_Row]) -> Problem | None:
    """A warning at the first row that is earlier than a row above it (rows get sorted)."""
    latest: _Row | None = None
    late: list[_Row] = []
    for row in rows:
        if latest is not None and row.time < latest.time:
            late.append(row)
        elif latest is None or row.time > latest.time:
            latest = row
    if not late:
        return None
    first = late[0]
    above = max((r for r in rows if r.line < first.line), key=lambda r: r.time)
    return Problem(
        name,
        first.line,
        first.columns.get("time", 1),
        "time",
        f"{len(late)} row(s) are earlier than a row above them (this one is earlier than line "
        f"{above.line}); rows are sorted by time, equal times keep their order",
        level=Level.WARNING,
        hint="check the times if the file's order was meant",
    )


def _no_impact_warning(name: str, rows: list[_Row]) -> Problem | None:
    """A warning when no row says when the impact began (MTTD and the times to mitigate and
    resolve are then not recorded)."""
    if any(r.kind == "impact_start" for r in rows):
        return None
    first = rows[0]
    return Problem(
        name,
        0,
        0,
        "",
        "no impact_start row: MTTD and the times to mitigate and resolve are not recorded "
        f"(the earliest row is line {first.line}, {first.time.isoformat()})",
        level=Level.WARNING,
        hint="add an impact_start row at the time users were first affected",
    )


def _decode(data: bytes, name: str) -> tuple[str, list[Problem]]:
    """The text of a timeline file and a warning when it was not UTF-8.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM (a spreadsheet's "Unicode text") are
    read as such. Other bytes without NULs are read as Windows-1252, what a spreadsheet saves as
    plain "CSV" on Windows, with a warning at the first byte that is not UTF-8; anything else is
    an error at that byte.

    Raises:
        TimelineError: for a file that is not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        hint = "save the file as UTF-8, e.g. 'CSV UTF-8' in a spreadsheet"
        if b"\x00" not in data:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                return text, [
                    Problem(
                        name,
                        line,
                        column,
                        "",
                        f"not UTF-8 text ({where}): read as Windows-1252, as a spreadsheet "
                        "saves plain CSV",
                        level=Level.WARNING,
                        hint=hint + " to be sure",
                    )
                ]
        raise TimelineError(
            [Problem(name, line, column, "", f"not UTF-8 text: {where}", hint=hint)]
        ) from None


def import_timeline(
    path: Path, warnings: list[Problem] | None = None, incident: str | None = None
) -> list[Record]:
    """The journal records (header first) of the timeline at ``path``.

    The file is recognised by its content: a JSON document is a Statuspage incident export
    (:mod:`simulator.importing.statuspage`) or a PagerDuty incident log
    (:mod:`simulator.importing.pagerduty`); anything else is a timeline CSV.

    Args:
        path: the CSV or JSON file.
        warnings: if given, receives the warnings of a timeline that imports (ignored extra
            columns, rows out of time order, no ``impact_start`` row, rows read leniently).
        incident: which incident of a JSON file that holds several (its id, or words of its
            name); ignored for a CSV.

    Raises:
        TimelineError: with every located error of the file.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TimelineError([Problem(name, 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    if looks_like_json(data):
        rows, problems, source_title = _json_rows(data, name, incident)
        if not rows and not errors(problems):
            problems.append(Problem(name, 1, 1, "", "the incident has no events with a time"))
        if not rows or errors(problems):
            raise TimelineError(sorted(errors(problems), key=lambda p: (p.line, p.path)))
        return _journal(path, data, rows, problems, warnings, source_title)
    text, decoding = _decode(data, name)
    rows, problems = read_rows(text, name)
    problems[:0] = decoding
    if not rows and not errors(problems):  # warnings alone (an ignored column) are no rows
        problems.append(
            Problem(
                name,
                2,
                1,
                "",
                "no rows after the header",
                hint="add at least an impact_start or alert row",
            )
        )
    if not rows:
        raise TimelineError(errors(problems))
    for extra in (_order_warning(name, rows), _no_impact_warning(name, rows)):
        if extra is not None:
            problems.append(extra)
    return _journal(path, data, rows, problems, warnings)


def _json_rows(
    data: bytes, name: str, incident: str | None
) -> tuple[list[_Row], list[Problem], str]:
    """The rows of a JSON export (Statuspage, PagerDuty log), its problems and its title."""
    try:
        doc, text = parse(data, name)
        kind = kind_of(doc)
        if kind == STATUSPAGE:
            return statuspage_rows(doc, text, name, incident)
        if kind == PAGERDUTY_LOG:
            rows, problems, title = pagerduty_rows(doc, text, name, incident)
            if rows and not any(r.kind == "impact_start" for r in rows):
                problems.append(
                    Problem(
                        name,
                        0,
                        0,
                        "",
                        "a PagerDuty log says when PagerDuty was told, not when users were first "
                        "affected: MTTD and the times to mitigate and resolve are not recorded",
                        level=Level.WARNING,
                    )
                )
            return rows, problems, title
    except JsonError as exc:
        raise TimelineError(exc.problems) from None
    if kind is not None:
        message = f"this is {LABEL_OF[kind]}, not an incident timeline"
        hint = f"import it with {COMMAND_OF[kind]}"
    else:
        message = (
            "a JSON file this importer does not know: expected a Statuspage incidents export "
            "(incidents[] with incident_updates[]) or a PagerDuty incident log (log_entries[])"
        )
        hint = "or save the timeline as CSV with the columns time,kind,actor,text"
    raise TimelineError([Problem(name, 1, 1, "", message, hint=hint)])


def _journal(
    path: Path,
    data: bytes,
    rows: list[_Row],
    problems: list[Problem],
    warnings: list[Problem] | None,
    source_title: str = "",
) -> list[Record]:
    """The journal of ``rows`` (any order), or TimelineError with every error found."""
    name = str(path)
    rows.sort(key=lambda r: r.time)
    start = rows[0].time
    builder = _Builder(name, start, problems)
    builder.default_severity = _first_severity(rows)
    for row in rows:
        for strict_row in _lenient(builder, row):
            _handle(builder, strict_row)
    if builder.read_as:
        listed = ", ".join(f"line {line} {kind}" for line, kind in builder.read_as.items())
        first_line = next(iter(builder.read_as))
        problems.append(
            Problem(
                name,
                first_line,
                1,
                "kind",
                f"{len(builder.read_as)} row(s) give no kind (or only a phase name); each was "
                f"read from its text: {listed}",
                level=Level.WARNING,
                hint="check them; where one was read wrong, write its kind (alert, page, ack, "
                "declare, mitigation, resolved ...) in a kind column",
            )
        )
    if errors(problems):
        raise TimelineError(sorted(errors(problems), key=lambda p: (p.line, p.column)))
    if warnings is not None:
        warnings.extend(sorted(problems, key=lambda p: (p.line, p.column, p.path)))
    records = builder.records
    end = max(r.t for r in records) if records else 0.0
    resolved_at = next((r.t for r in records if r.action == MarkResolved.name), None)
    if not builder.impact_end_written and builder.full_mitigation_at is not None:
        records.append(Record(0, builder.full_mitigation_at, "impact_end", "world", {}))
    elif not builder.impact_end_written and resolved_at is not None and builder.impact_started:
        # Nothing says when users stopped being affected, but the incident was resolved: the
        # impact is over by then (else the report would call it "still ongoing").
        records.append(Record(0, resolved_at, "impact_end", "world", {}))
    for due, task_id, person in _task_dues(builder, end):
        records.append(Record(0, due, "task_due", "clock", {"task_id": task_id, "person": person}))
    resolved = any(r.action == MarkResolved.name for r in records)
    records.append(
        Record(0, end, "end", "engine", {"reason": "resolved" if resolved else "stopped"})
    )
    records.sort(key=lambda r: r.t)  # stable: synthesized records follow the rows at their time
    header = Record(
        0,
        0.0,
        "header",
        "engine",
        {
            "format": JOURNAL_FORMAT,
            "app_version": __version__,
            "scenario_id": f"imported:{path.stem}",
            "team_id": "",
            "files": {"timeline": {"path": name, "sha256": hashlib.sha256(data).hexdigest()}},
            "runbooks": {},
            "seed": None,
            "human": None,
            "clock_start": start.isoformat(),
            "time_limit": end,
            "variant": "",
            "title": source_title or _title(builder, path),
            "source": "timeline",
        },
    )
    return [
        Record(seq, r.t, r.kind, r.actor, r.payload, r.wall)
        for seq, r in enumerate([header, *records])
    ]


def _first_severity(rows: list[_Row]) -> tuple[Severity, int, str] | None:
    """The first level a row names (``SEV 1``, ``P1``), else the first named in words
    (``critical``, ``Severity: High``, a colour state): (severity, line, the words)."""
    for row in rows:
        level = prose_severity(row.text)
        if level is not None:
            return Severity(f"SEV-{level}"), row.line, f"SEV-{level}"
    for row in rows:
        words = severity_hint(row.text)
        if words is not None:
            return Severity(f"SEV-{words[0]}"), row.line, words[1]
    return None


def _title(b: _Builder, path: Path) -> str:
    """The incident title: the declaration's text, unless that was prose read as a
    declaration (a sentence, not a title), then the file's name."""
    if b.title and b.title_line not in b.read_as and len(b.title) <= 100:
        return b.title
    return path.stem
