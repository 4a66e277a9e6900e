"""An MSEL (CSV, XLSX or T3SF JSON) -> a scenario skeleton, with what needs the author.

A master scenario events list is the exercise's script: one row per inject with its time, who
it comes from, how it is delivered and its text. :func:`scenario_from_msel` reads

* a CSV or XLSX sheet whose header names the columns of :data:`simulator.msel.MSEL_COLUMNS`
  (or the other names templates use: ``Inject No.``, ``Originator (From)``,
  ``Date/Time Delivered`` ...; :data:`simulator.msel.MSEL_SYNONYMS`), and
* a T3SF MSEL (a JSON list of ``#``, ``Real Time``, ``Date``, ``Subject``, ``From``,
  ``Player``, ``Script``, ``Poll`` ...),

and writes each entry as an inject of a ``gameday/scenario@1`` skeleton:

=======================  ====================================================================
MSEL                     inject
=======================  ====================================================================
Scenario Time (Date)     ``at``: a duration (``5m``, ``T+1h05m``), a clock time (``14:05``,
                         ``Monday 9:30 AM``, ISO 8601; offsets from the earliest) or a
                         condition (``after declare_incident +2m``, ``unless
                         post_status_page by 25m``) -> ``when``; else Delivery Time
Inject Type              ``kind`` (``alert``, ``Media report``, ``Information`` ...; read from
                         the text when empty or unknown, and listed)
Delivery Method          ``channel`` (email, phone, chat, pager, ticket ...)
From / Inject Text       ``sender`` / ``text`` (the synopsis when there is no text)
Expected Player Action   ``expected_action`` when it is an action's name, else a learning point
Learning Points, Poll    ``learning_point``
Inject ID, Service,      ``id``, ``service`` (the skeleton's services are the ones named),
Alert                    ``alert``
=======================  ====================================================================

An MSEL holds no hidden truth: the skeleton's truth (severity, root cause, impact, one
mitigation), its services' metrics and its objectives are placeholders that
:attr:`ImportedScenario.needs_author` lists, in the file's header comment too. Every problem is
located (``file:line:col``; a cell of an XLSX sheet by row and column; a T3SF entry by line and
JSON path); nothing is returned then.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from simulator.actions import ACTIONS
from simulator.durations import format_duration, parse_duration
from simulator.importing.jsondoc import JsonError, line_of_id, parse, text_of
from simulator.importing.source import read_source
from simulator.importing.timeline_parse import classify
from simulator.model import SCENARIO_FORMAT, Channel, InjectKind
from simulator.msel import MSEL_COLUMNS, column_key
from simulator.problems import Level, Problem

#: The clock of a skeleton whose MSEL gives no date (a Monday, so weekdays fall in one week).
DEFAULT_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

#: MSEL inject types (lower case) -> the inject kind.
TYPE_KINDS: dict[str, InjectKind] = {
    **{k.value.replace("_", " "): k for k in InjectKind},
    "alarm": InjectKind.ALERT,
    "monitoring alert": InjectKind.ALERT,
    "customer complaint": InjectKind.CUSTOMER_REPORT,
    "support ticket": InjectKind.CUSTOMER_REPORT,
    "information": InjectKind.INTERNAL_REPORT,
    "internal": InjectKind.INTERNAL_REPORT,
    "security": InjectKind.SECURITY_FINDING,
    "security alert": InjectKind.SECURITY_FINDING,
    "media report": InjectKind.STAKEHOLDER_QUESTION,
    "media": InjectKind.STAKEHOLDER_QUESTION,
    "social media": InjectKind.STAKEHOLDER_QUESTION,
    "press": InjectKind.STAKEHOLDER_QUESTION,
    "stakeholder": InjectKind.STAKEHOLDER_QUESTION,
    "executive": InjectKind.EXECUTIVE_PRESSURE,
    "leadership": InjectKind.EXECUTIVE_PRESSURE,
    "distractor": InjectKind.RED_HERRING,
    "change": InjectKind.DEPLOY,
    "metric": InjectKind.METRIC_CHANGE,
    "dashboard": InjectKind.METRIC_CHANGE,
    "synthetic": InjectKind.SYNTHETIC_CHECK,
}

#: Delivery methods (lower case) -> the channel.
METHOD_CHANNELS: dict[str, Channel] = {
    **{c.value.replace("_", " "): c for c in Channel},
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "call": Channel.PHONE,
    "phone call": Channel.PHONE,
    "verbal": Channel.PHONE,
    "radio": Channel.PHONE,
    "slack": Channel.CHAT,
    "teams": Channel.CHAT,
    "discord": Channel.CHAT,
    "message": Channel.CHAT,
    "handout": Channel.CHAT,
    "page": Channel.PAGER,
    "pagerduty": Channel.PAGER,
    "sms": Channel.PAGER,
    "statuspage": Channel.STATUS_PAGE,
    "monitoring": Channel.DASHBOARD,
}

#: The channel of each kind when the MSEL names no delivery method.
KIND_CHANNELS: dict[InjectKind, Channel] = {
    InjectKind.ALERT: Channel.PAGER,
    InjectKind.CUSTOMER_REPORT: Channel.TICKET,
    InjectKind.SYNTHETIC_CHECK: Channel.DASHBOARD,
    InjectKind.METRIC_CHANGE: Channel.DASHBOARD,
}

_CONDITION = re.compile(
    r"^\s*(?P<how>after|unless)\s+(?P<action>[a-z_]+)\s*(?:\((?P<params>[^)]*)\))?\s*"
    r"(?:\+\s*(?P<delay>\S+)|by\s+(?P<by>\S+))?\s*$",
    re.I,
)
_OFFSET = re.compile(r"^\s*(?:T\s*)?\+\s*(?P<rest>.+)$", re.I)
_HMS_OFFSET = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?$")
_CLOCK = re.compile(
    r"^\s*(?:(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})"
    r"(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?\s*$",
    re.I,
)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class MselError(Exception):
    """An MSEL that cannot be imported; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass
class Entry:
    """One MSEL row: its cells by column key and where each is (line/row, column, path)."""

    line: int
    cells: dict[str, str]
    columns: dict[str, int] = field(default_factory=dict)
    path: str = ""

    def get(self, key: str) -> str:
        """The cell of column ``key``, stripped ("" when absent)."""
        return self.cells.get(key, "").strip()


@dataclass
class ImportedScenario:
    """A scenario skeleton made from an MSEL: its YAML text and what needs the author."""

    text: str
    needs_author: list[str]
    scenario_id: str
    injects: int
    warnings: list[Problem] = field(default_factory=list)


def slug(text: str) -> str:
    """An identifier from free text: ``Phishing e-mail #2`` -> ``phishing-e-mail-2``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ------------------------------------------------------------------------- reading


def read_entries(path: Path) -> tuple[list[Entry], list[Problem], str]:
    """The entries of an MSEL file, the problems found and its format (csv, xlsx, t3sf).

    Raises:
        MselError: unreadable file, not the format its name says, or no header.
    """
    name = str(path)
    source, unread = read_source(path)
    if source is None:
        raise MselError(unread)
    data = source
    suffix = path.suffix.lower()
    if suffix == ".json":
        return *_t3sf_entries(data, name), "t3sf"
    if suffix in (".xlsx", ".xlsm"):
        return *_xlsx_entries(data, name), "xlsx"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return *_csv_entries(text, name), "csv"


def _header(titles: list[str], name: str, line: int) -> tuple[dict[str, int], list[Problem]]:
    """Column key -> index, and the problems of a header row (no text column: an error)."""
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for i, title in enumerate(titles):
        key = column_key(title) if title.strip() else None
        if key is not None and key not in index:
            index[key] = i
        elif title.strip():
            problems.append(
                Problem(
                    name,
                    line,
                    i + 1,
                    "header",
                    f"column '{title.strip()}' is not an MSEL column this importer reads: ignored",
                    level=Level.WARNING,
                    hint="columns: " + ", ".join(t for _, t in MSEL_COLUMNS),
                )
            )
    if "text" not in index and "synopsis" not in index:
        problems.append(
            Problem(
                name,
                line,
                1,
                "header",
                "no column holds the inject text; expected 'Inject Text' (or Script, "
                "Message, Event Synopsis)",
                hint="the first row must name the columns: "
                + ", ".join(t for _, t in MSEL_COLUMNS),
            )
        )
    return index, problems


def _header_row(rows: list[list[str]]) -> int | None:
    """The index of the header row: the first of the first ten rows that names three MSEL
    columns (a template's title rows above it are skipped), else the first non-empty row."""
    for i, row in enumerate(rows[:10]):
        if sum(1 for cell in row if cell.strip() and column_key(cell)) >= 3:
            return i
    return next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)


def _line_of_row(rows: list[list[str]], index: int) -> int:
    """The 1-based line of CSV row ``index`` (a quoted cell may span lines)."""
    return 1 + index + sum(cell.count("\n") for row in rows[:index] for cell in row)


def _csv_entries(text: str, name: str) -> tuple[list[Entry], list[Problem]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first = _header_row(rows)
    if first is None:
        raise MselError([Problem(name, 1, 1, "", "the file is empty; expected a header row")])
    index, problems = _header(rows[first], name, _line_of_row(rows, first))
    if any(p.level is Level.ERROR for p in problems):
        raise MselError([p for p in problems if p.level is Level.ERROR])
    entries: list[Entry] = []
    line = _line_of_row(rows, first)
    for row in rows[first + 1 :]:
        line += 1
        if not any(c.strip() for c in row):
            continue
        cells = {key: row[i] if i < len(row) else "" for key, i in index.items()}
        entries.append(Entry(line, cells, {key: i + 1 for key, i in index.items()}))
        line += sum(cell.count("\n") for cell in row)
    return entries, problems


def _xlsx_entries(data: bytes, name: str) -> tuple[list[Entry], list[Problem]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise MselError(
            [Problem(name, 1, 1, "", f"not an XLSX workbook: {exc}", hint="save it as .xlsx")]
        ) from None
    sheet = book.active if book.active is not None else book.worksheets[0]
    rows = [
        ["" if v is None else _cell_text(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    first = _header_row(rows)
    if first is None:
        raise MselError([Problem(name, 1, 1, "", "the sheet is empty; expected a header row")])
    index, problems = _header(rows[first], name, first + 1)
    if any(p.level is Level.ERROR for p in problems):
        raise MselError([p for p in problems if p.level is Level.ERROR])
    entries = [
        Entry(
            n + 1,
            {key: row[i] if i < len(row) else "" for key, i in index.items()},
            {key: i + 1 for key, i in index.items()},
        )
        for n, row in enumerate(rows)
        if n > first and any(c.strip() for c in row)
    ]
    return entries, problems


def _cell_text(value: object) -> str:
    """A spreadsheet cell as text: a time of day as ``HH:MM``, a date-time in ISO 8601."""
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return f"{value.hour:02d}:{value.minute:02d}"  # type: ignore[attr-defined]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: T3SF's keys -> column keys.
_T3SF_COLUMNS = {
    "#": "number",
    "Real Time": "delivery_time",
    "Date": "scenario_time",
    "Subject": "synopsis",
    "From": "sender",
    "Player": "recipient",
    "Script": "text",
    "Poll": "poll",
    "Picture Name": "attachments",
}


def _t3sf_entries(data: bytes, name: str) -> tuple[list[Entry], list[Problem]]:
    try:
        doc, text = parse(data, name)
    except JsonError as exc:
        raise MselError(exc.problems) from None
    if isinstance(doc, dict) and isinstance(doc.get("MSEL"), list):
        doc = doc["MSEL"]
    if not isinstance(doc, list):
        raise MselError(
            [
                Problem(
                    name, 1, 1, "", "expected a T3SF MSEL: a JSON list of injects (#, Script ...)"
                )
            ]
        )
    entries: list[Entry] = []
    problems: list[Problem] = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            problems.append(Problem(name, 0, 0, f"[{i}]", "expected an inject object"))
            continue
        found = re.search(rf'"#"\s*:\s*{re.escape(str(item.get("#")))}\b', text)
        line = text.count("\n", 0, found.start()) + 1 if found else line_of_id(text, item.get("#"))
        cells = {
            key: text_of(item.get(k)) if k != "Script" else str(item.get(k) or "")
            for k, key in _T3SF_COLUMNS.items()
            if k in item
        }
        entries.append(Entry(line, cells, path=f"[{i}]"))
    if problems:
        raise MselError(problems)
    return entries, []


# ------------------------------------------------------------------------- building


@dataclass
class _Skeleton:
    """The scenario being built from the entries."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    objectives: dict[str, list[str]] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    #: Each timed entry's time as written: ("offset", seconds) or ("clock", datetime).
    times: list[tuple[dict[str, Any], str, Any]] = field(default_factory=list)
    #: The scenario start implied by the first entry with both an offset and a delivery time.
    anchor: datetime | None = None

    def problem(self, entry: Entry, key: str, message: str, hint: str = "") -> None:
        column = entry.columns.get(key, 0 if entry.path else 1)
        path = f"{entry.path}.{_t3sf_key(key)}" if entry.path else key
        self.problems.append(Problem(self.name, entry.line, column, path, message, hint=hint))


def _t3sf_key(key: str) -> str:
    return next((k for k, v in _T3SF_COLUMNS.items() if v == key), key)


def _clock(text: str) -> tuple[int, float] | None:
    """(weekday or -1, seconds of the day) of ``14:05``, ``7:29 PM``, ``Monday 9:30 AM``."""
    m = _CLOCK.match(text)
    if m is None:
        return None
    hour = int(m["h"]) % 12 + (12 if (m["ampm"] or "").lower().startswith("p") else 0)
    if not m["ampm"]:
        hour = int(m["h"])
    day = _DAYS.index(m["day"].lower()[:3]) if m["day"] else -1
    return day, hour * 3600 + int(m["m"]) * 60 + int(m["s"] or 0)


def _when(entry: Entry, text: str, b: _Skeleton) -> dict[str, Any] | None:
    """The ``when`` of a conditional entry (``after ACTION +2m``), or None."""
    m = _CONDITION.match(text)
    if m is None:
        return None
    action = m["action"].lower()
    if action not in ACTIONS:
        b.problem(
            entry,
            "scenario_time",
            f"unknown action '{action}' in the condition",
            hint="actions: " + ", ".join(ACTIONS),
        )
        return {}
    when: dict[str, Any] = {f"{m['how'].lower()}_action": action}
    try:
        if m["how"].lower() == "unless":
            when["by"] = format_duration(parse_duration(m["by"] or ""))
        elif m["delay"]:
            when["delay"] = format_duration(parse_duration(m["delay"]))
    except ValueError as exc:
        b.problem(entry, "scenario_time", str(exc))
        return {}
    params = {
        k.strip(): v.strip()
        for k, _, v in (p.partition("=") for p in (m["params"] or "").split(","))
        if k.strip() and v.strip()
    }
    if params:
        when["params"] = params
    return when


def _time(entry: Entry, inject: dict[str, Any], b: _Skeleton) -> None:
    """The inject's ``at`` (or ``when``) from its scenario time, else its delivery time."""
    key = "scenario_time" if entry.get("scenario_time") else "delivery_time"
    text = entry.get(key)
    if not text:
        b.problem(
            entry,
            "scenario_time",
            "no time: expected a Scenario Time like 5m, 14:05 or "
            "'after declare_incident +2m', or a Delivery Time",
        )
        return
    when = _when(entry, text, b)
    if when is not None:
        if when:
            inject["when"] = when
        return
    offset = _OFFSET.match(text)
    hms = _HMS_OFFSET.match(offset["rest"].strip()) if offset else None
    try:
        seconds: float | None = None
        if hms is not None:
            seconds = float(int(hms["h"]) * 3600 + int(hms["m"]) * 60 + int(hms["s"] or 0))
        elif offset is not None or re.fullmatch(r"\d+(?:h|m|s)\S*", text.strip()):
            seconds = parse_duration(offset["rest"] if offset else text)
        if seconds is not None:
            b.times.append((inject, "offset", seconds))
            _anchor(entry, seconds, b)
            return
    except ValueError as exc:
        b.problem(entry, key, str(exc))
        return
    clock = _clock(text)
    if clock is not None:
        b.times.append((inject, "clock", clock))
        return
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        b.problem(
            entry,
            key,
            f"'{text}' is not a time this importer reads",
            hint="e.g. 5m, T+1h05m, 14:05, Monday 9:30 AM, 2026-03-10T14:05:00+01:00 or "
            "'after declare_incident +2m'",
        )
        return
    b.times.append((inject, "moment", moment if moment.tzinfo else moment.replace(tzinfo=UTC)))


def _anchor(entry: Entry, seconds: float, b: _Skeleton) -> None:
    """The scenario's start from an entry that gives its offset and its delivery time."""
    delivered = entry.get("delivery_time")
    if b.anchor is not None or not delivered or entry.get("scenario_time") == delivered:
        return
    try:
        moment = datetime.fromisoformat(delivered.replace("Z", "+00:00"))
    except ValueError:
        return
    if moment.tzinfo is not None:
        b.anchor = moment - timedelta(seconds=seconds)


def _kind(entry: Entry, inject_id: str, b: _Skeleton) -> InjectKind:
    written = entry.get("inject_type").lower().replace("_", " ").replace("-", " ")
    if written in TYPE_KINDS:
        return TYPE_KINDS[written]
    guess = classify(f"{entry.get('synopsis')} {entry.get('text')}")
    kinds = {k.value: k for k in InjectKind}
    kind = kinds.get(guess, InjectKind.INTERNAL_REPORT)
    b.guessed.append(
        f"{inject_id} ({kind.value}" + (f", from type '{written}')" if written else ")")
    )
    return kind


def _inject(entry: Entry, index: int, b: _Skeleton) -> dict[str, Any] | None:
    text = entry.get("text") or entry.get("synopsis")
    if not text:
        b.problem(
            entry,
            "text",
            "no inject text (and no synopsis)",
            hint="write what the players receive in 'Inject Text'",
        )
        return None
    written_id = entry.get("inject_id")
    base = slug(written_id) or f"inject-{slug(entry.get('number')) or index}"
    inject_id, n = base, 2
    while inject_id in b.ids:
        inject_id, n = f"{base}-{n}", n + 1
    b.ids.add(inject_id)
    kind = _kind(entry, inject_id, b)
    method = entry.get("method").lower()
    channel = METHOD_CHANNELS.get(method) or KIND_CHANNELS.get(kind, Channel.CHAT)
    if method and method not in METHOD_CHANNELS:
        b.needs.append(
            f"{inject_id}: delivery method '{entry.get('method')}' read as {channel.value}"
        )
    inject: dict[str, Any] = {"id": inject_id, "kind": kind.value}
    inject["sender"] = entry.get("sender") or "Exercise control"
    inject["channel"] = channel.value
    inject["text"] = text
    _time(entry, inject, b)
    service = slug(entry.get("service"))
    if service:
        inject["service"] = service
    target = inject.get("when", {}).get("params", {}).get("target", "")
    for named in (service, target):  # services the injects name are the skeleton's
        if named and named not in b.services:
            b.services.append(named)
    if entry.get("alert"):
        inject["alert"] = entry.get("alert")
    _expected(entry, inject, b)
    objective = entry.get("objective")
    if objective:
        b.objectives.setdefault(objective, []).append(inject_id)
    return inject


def _expected(entry: Entry, inject: dict[str, Any], b: _Skeleton) -> None:
    """``expected_action`` when the MSEL names an action, the rest as the learning point."""
    expected = entry.get("expected_action")
    action = expected.lower().replace(" ", "_")
    points = [entry.get("learning_point")]
    if action in ACTIONS:
        inject["expected_action"] = action
    elif expected:
        points.append(f"Expected: {expected}")
    if entry.get("poll"):
        points.append(f"Decision poll: {entry.get('poll')}")
    learning = " ".join(p for p in points if p)
    if learning:
        inject["learning_point"] = learning


def _settle_times(b: _Skeleton) -> datetime:
    """Every timed inject's ``at`` (clock times as offsets from the earliest); the start."""
    moments = [v for _, how, v in b.times if how == "moment"]
    clocks = [v for _, how, v in b.times if how == "clock"]
    start = min(moments) if moments else (b.anchor or DEFAULT_START)
    if clocks and not moments:
        day, seconds = min(clocks, key=lambda c: (max(c[0], 0), c[1]))
        start = DEFAULT_START.replace(hour=0, minute=0) + timedelta(
            days=max(day, 0), seconds=seconds
        )
    for inject, how, value in b.times:
        if how == "offset":
            at = value
        elif how == "moment":
            at = (value - start).total_seconds()
        else:
            day, seconds = value
            at = (
                DEFAULT_START.replace(hour=0, minute=0)
                + timedelta(days=max(day, 0), seconds=seconds)
                - start
            ).total_seconds()
        inject["at"] = format_duration(max(0.0, at))
    return start


def scenario_from_msel(path: Path, team: str = "") -> ImportedScenario:
    """The scenario skeleton of the MSEL at ``path``.

    Args:
        path: the CSV, XLSX or T3SF JSON file.
        team: the team file the scenario names (relative to where it is saved), or "".

    Raises:
        MselError: every located problem of the file (nothing is returned then).
    """
    entries, warnings, form = read_entries(path)
    b = _Skeleton(str(path))
    injects = [i for i in (_inject(e, n + 1, b) for n, e in enumerate(entries)) if i is not None]
    if not entries:
        b.problems.append(Problem(str(path), 2, 1, "", "no injects below the header"))
    if b.problems:
        raise MselError(b.problems)
    start = _settle_times(b)
    return _skeleton(path, form, injects, start, b, warnings, team)


def _skeleton(
    path: Path,
    form: str,
    injects: list[dict[str, Any]],
    start: datetime,
    b: _Skeleton,
    warnings: list[Problem],
    team: str,
) -> ImportedScenario:
    services = b.services or ["system"]
    last = max((parse_duration(i["at"]) for i in injects if "at" in i), default=0.0)
    limit = max(3600.0, (int(last // 1800) + 2) * 1800.0)
    scenario_id = slug(path.stem) or "imported-msel"
    scenario: dict[str, Any] = {
        "format": SCENARIO_FORMAT,
        "id": scenario_id,
        "title": path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
        or "Imported MSEL",
        "summary": f"Imported from the MSEL {path.name} ({len(injects)} injects); the hidden "
        "truth is not in an MSEL and is still to be written.",
        **({"team": team} if team else {}),
        "clock": {"start": start.isoformat(), "time_limit": format_duration(limit)},
        "services": [{"id": s, "name": s.replace("-", " ").capitalize()} for s in services],
        "truth": {
            "severity": "SEV-3",
            "root_cause": "Not in the MSEL: describe what really broke.",
            "impact": {"start": "0s", "users": [{"at": "0s", "value": 0}]},
            "mitigations": [
                {"strategy": "rollback", "target": services[0], "effect": "resolves", "takes": "5m"}
            ],
        },
        "injects": injects,
    }
    needs = [
        "truth: severity (SEV-3 for now), root cause, the impact's shape (no users yet) and the "
        f"mitigations (one placeholder: rollback of {services[0]} resolves in 5m)",
        f"services: {', '.join(services)}"
        + ("" if b.services else " (a placeholder: the MSEL names none)")
        + "; no metrics, so alerts come only from injects",
    ]
    if b.objectives:
        listed = "; ".join(f"{o} ({', '.join(ids)})" for o, ids in b.objectives.items())
        needs.append(f"objectives named in the MSEL, to write under objectives: {listed}")
    if b.guessed:
        needs.append(
            "inject kinds read from the text (no known Inject Type): " + ", ".join(b.guessed)
        )
    if start == DEFAULT_START:
        needs.append(f"clock.start: the MSEL gives no date; set to {start.isoformat()}")
    if not team:
        needs.append("team: none named; add 'team: teams/<team>.yaml' (or pass --team)")
    needs += b.needs
    header = [
        f"# Scenario skeleton imported by `gameday import-msel` from {path.name} ({form}).",
        "# What an MSEL does not hold, for the author to write:",
        *[f"#   - {line}" for line in needs],
    ]
    body = yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=100)
    return ImportedScenario(
        "\n".join(header) + "\n" + body, needs, scenario_id, len(injects), warnings
    )
