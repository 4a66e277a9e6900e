"""Reading a timeline CSV as people save it: the header, the rows, their times and kinds.

A spreadsheet's or a tool's export comes with other separators (``;``, tab, Excel's ``sep=``
line), encodings (a BOM, UTF-16, Windows-1252), comment lines that set the date and zone,
repeated headers, unquoted commas in the text, clock times without a date, rows without a
kind. :func:`read_rows` turns the text into sorted-out :class:`~simulator.importing.rows.Row`
values with every problem located (``file:line:col``); the journal is built from them by
:mod:`simulator.importing.timeline`. The lenient readers of column names, times and free text
are :mod:`simulator.importing.timeline_parse`'s.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol

from simulator.importing.kinds import (
    ACTOR_REQUIRED,
    COLOURS,
    COLUMNS,
    KIND_ALIASES,
    KINDS,
    PAGE_STATES,
    UNNAMED_ACTOR,
    TimelineError,
)
from simulator.importing.rows import Row as _Row
from simulator.importing.timeline_parse import (
    GENERIC_KINDS,
    ISO_EXAMPLE,
    Header,
    ReadTime,
    TimeReader,
    classify,
    map_header,
    read_date,
    zone_of,
)
from simulator.problems import Level, Problem, did_you_mean, errors


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
        try:
            when = clock.settle(c, r)
        except OverflowError:  # the day after 9999-12-31, or a zone pushing past year 1/9999
            problems.append(
                Problem(
                    name,
                    c.line,
                    c.columns.get("time", 1),
                    "time",
                    f"'{c.time[:40]}' falls outside the calendar (before year 1 or after 9999)",
                    hint="check the date of this row and of the dated row above it",
                )
            )
            continue
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


def order_warning(name: str, rows: list[_Row]) -> Problem | None:
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


def no_impact_warning(name: str, rows: list[_Row]) -> Problem | None:
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


def decode(data: bytes, name: str) -> tuple[str, list[Problem]]:
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
