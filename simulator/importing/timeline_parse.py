"""Reading the shapes real incident timelines come in: column names, times and free text.

:mod:`simulator.importing.timeline` imports a CSV timeline; this module holds the three lenient
readers it needs for files people wrote by hand or exported from a spreadsheet, chat or pager tool:

* :func:`map_header`: which column is the time (or a date and a time column), the kind, the
  actor and the text, under the names people use (``Timestamp (UTC)``, ``Event``, ``Who``,
  ``Description`` ...), and a time zone named in the header (``Time (PDT)``).
* :class:`TimeReader`: ISO 8601 and the usual spreadsheet and prose spellings
  (``2018-10-21 22:52 UTC``, ``10/21/2018 10:52 PM``, ``Oct 21, 2018 22:52``, ``22:52``),
  zone names and abbreviations (``PDT``, ``UTC+2``, ``Europe/Berlin``), Excel serial numbers;
  a row without a date takes the date of the row above and rolls over midnight.
* :func:`classify`: the kind of a row from its free-text description, when the file has no
  kind column or a row leaves it empty (``Customers report 502 errors`` -> customer_report).

Nothing here guesses silently: :mod:`simulator.importing.timeline` turns every assumption (a zone
read as UTC, a day/month order, a kind read from the text, a midnight rollover) into a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from simulator.vocabulary import find_strategy

# ---------------------------------------------------------------------------- header

#: Canonical column -> other names people give it (after :func:`normalize_name`).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "time": (
        "time",
        "timestamp",
        "time stamp",
        "when",
        "datetime",
        "date time",
        "date and time",
        "event time",
        "time of event",
        "occurred",
        "occurred at",
        "logged at",
        "created at",
        "start time",
        "at",
        "clock",
        "ts",
        "created",
        "time utc",
    ),
    "date": ("date", "day", "event date"),
    "kind": (
        "kind",
        "type",
        "event type",
        "event kind",
        "category",
        "phase",
        "stage",
        "tag",
        "classification",
    ),
    "actor": (
        "actor",
        "who",
        "owner",
        "person",
        "author",
        "by",
        "performed by",
        "responder",
        "reported by",
        "user",
        "from",
        "participant",
        "name",
        "agent",
        "assignee",
        "handled by",
        "member",
        "username",
    ),
    "text": (
        "text",
        "event",
        "description",
        "details",
        "detail",
        "what",
        "what happened",
        "summary",
        "message",
        "notes",
        "note",
        "event description",
        "activity",
        "action",
        "comment",
        "comments",
        "entry",
        "log",
    ),
}


#: The longest header cell compared in full (real ones are a few words).
_HEADER_CELL = 200


def normalize_name(name: str) -> str:
    """A header cell as compared: lower case, BOM, quotes, zone and punctuation dropped."""
    # a header name is short: a cell of thousands of brackets would make the pattern below
    # take seconds (it tries each bracket as a start), so only its start is compared
    text = name[:_HEADER_CELL].replace("\ufeff", "").strip().strip('"').strip().lower()
    text = re.sub(r"[\(\[].*?[\)\]]", " ", text)  # "time (utc)", "timestamp [pdt]"
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    words = text.split()
    if len(words) > 1 and zone_of(words[-1]) is not None:  # "time utc"
        words = words[:-1]
    return " ".join(words)


def header_zone(name: str) -> tzinfo | None:
    """A time zone named in a header cell (``Time (UTC)``, ``Timestamp [PDT]``, ``time_utc``)."""
    cell = name[:_HEADER_CELL].replace("\ufeff", "").strip().strip('"')
    inner = re.search(r"[\(\[]\s*([^\)\]]+?)\s*[\)\]]", cell)
    if inner is not None:
        return zone_of(inner.group(1))
    words = re.split(r"[^A-Za-z0-9+:/-]+", cell.strip())
    if len(words) > 1:
        return zone_of(words[-1])
    return None


@dataclass
class Header:
    """Where each canonical column is (``index``), the zone a header names, the rest."""

    index: dict[str, int] = field(default_factory=dict)
    zone: tzinfo | None = None
    ignored: list[int] = field(default_factory=list)

    def has(self, column: str) -> bool:
        """True when the file has this canonical column."""
        return column in self.index


def map_header(cells: list[str]) -> Header:
    """Assign each header cell to a canonical column (exact names first, then synonyms)."""
    header = Header()
    names = [normalize_name(c) for c in cells]
    for column in COLUMN_SYNONYMS:
        for i, name in enumerate(names):
            if name == column and column not in header.index and i not in header.index.values():
                header.index[column] = i
    for column, synonyms in COLUMN_SYNONYMS.items():
        if column in header.index:
            continue
        for synonym in synonyms:
            hit = next(
                (
                    i
                    for i, name in enumerate(names)
                    if name == synonym and i not in header.index.values()
                ),
                None,
            )
            if hit is not None:
                header.index[column] = hit
                break
    if "time" not in header.index and "date" in header.index:
        # One "Date" column holding whole timestamps is the time column.
        header.index["time"] = header.index.pop("date")
    for column in ("time", "date"):
        if column in header.index and header.zone is None:
            header.zone = header_zone(cells[header.index[column]])
    header.ignored = [i for i in range(len(cells)) if i not in header.index.values()]
    return header


# ---------------------------------------------------------------------------- zones

#: Abbreviations with one common meaning (US, Europe, Asia-Pacific). ``IST`` is left out
#: (India, Ireland and Israel all use it).
ZONE_ABBREVIATIONS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "SGT": 8,
    "HKT": 8,
    "JST": 9,
    "KST": 9,
    "AWST": 8,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}

#: Zones written without standard/daylight (``PT``): the region, so the date decides.
ZONE_REGIONS: dict[str, str] = {
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
}

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$")


def zone_of(text: str) -> tzinfo | None:
    """The zone ``text`` names (``UTC``, ``PDT``, ``UTC+2``, ``+05:30``, ``Europe/Berlin``)."""
    word = text.strip().strip("()[]").strip()
    upper = word.upper()
    if upper in ZONE_ABBREVIATIONS:
        offset = timedelta(hours=ZONE_ABBREVIATIONS[upper])
        return timezone(offset) if upper == "Z" else timezone(offset, upper)
    if upper in ZONE_REGIONS:
        return ZoneInfo(ZONE_REGIONS[upper])
    match = _OFFSET.match(upper)
    if match is not None:
        sign = -1 if match.group(1) in "-−" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours <= 14 and minutes < 60:
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if "/" in word and re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z_+-]+)+", word):
        try:
            return ZoneInfo(word)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # a folder, a name too long
            return None
    return None


# ---------------------------------------------------------------------------- times

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_CLOCK = (
    r"(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)
_ZONE_TAIL = (
    r"(?:\s*(?P<zone>\(?[A-Za-z][A-Za-z_/+-]*(?:\s*[+-−]\s*\d{1,2}(?::?\d{2})?)?\)?"
    r"|[+-−]\d{2}:?\d{2}|Z))?"
)
_TIME_ONLY = re.compile(rf"^{_CLOCK}{_ZONE_TAIL}$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})$")
_SLASH_DATE = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2}|\d{4})$")
_YMD_SLASH = re.compile(r"^(?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})$")
_WORD_DATE_MDY = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$"
)
_WORD_DATE_DMY = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})$"
)
_DATE_AND_CLOCK = re.compile(rf"^(?P<date>.+?)(?:\s*[T ,@]\s*|\s+at\s+){_CLOCK}{_ZONE_TAIL}$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EPOCH = re.compile(r"^(?:1\d{9}(?:\.\d+)?|1\d{12})$")

ISO_EXAMPLE = "2024-03-10T14:02:00+01:00"


@dataclass(frozen=True)
class ReadTime:
    """One cell read: the naive or aware datetime and what it left to be filled in."""

    when: datetime
    has_date: bool
    has_zone: bool
    ambiguous_order: bool = False  # a 6/8/2021-style date read month first


def _clock(match: re.Match[str]) -> time:
    hour, minute = int(match.group("h")), int(match.group("m"))
    second = int(match.group("s") or 0)
    fraction = match.group("f") or ""
    micro = int((fraction + "000000")[:6]) if fraction else 0
    ampm = (match.group("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return time(hour, minute, second, micro)


def _zone(match: re.Match[str]) -> tuple[tzinfo | None, str]:
    raw = (match.group("zone") or "").strip()
    if not raw:
        return None, ""
    return zone_of(raw), raw


def read_date(text: str, day_first: bool | None) -> tuple[date, bool]:
    """A date cell: ISO, ``m/d/yyyy`` (or ``d/m/yyyy``), ``Oct 21, 2018``, ``21 Oct 2018``.

    Returns the date and whether a slash date was ambiguous (both parts <= 12, read with
    ``day_first`` or, when None, month first).

    Raises:
        ValueError: when ``text`` is no date.
    """
    value = text.strip()
    if m := _ISO_DATE.match(value) or _YMD_SLASH.match(value):
        return date(int(m.group("y")), int(m.group("mo")), int(m.group("d"))), False
    if m := _SLASH_DATE.match(value):
        a, b = int(m.group("a")), int(m.group("b"))
        year = int(m.group("y"))
        year += 2000 if year < 100 else 0
        ambiguous = a <= 12 and b <= 12 and a != b
        if a > 12 or (ambiguous and day_first):
            return date(year, b, a), False
        return date(year, a, b), ambiguous and day_first is None
    for pattern in (_WORD_DATE_MDY, _WORD_DATE_DMY):
        if m := pattern.match(value):
            month = MONTHS.get(m.group("mon").lower())
            if month is not None:
                return date(int(m.group("y")), month, int(m.group("d"))), False
    raise ValueError(f"'{value}' is not a date")


class TimeReader:
    """Reads time cells, remembering the date and zone of the rows above."""

    def __init__(self, zone: tzinfo | None = None, day_first: bool | None = None) -> None:
        self.zone = zone
        self.day_first = day_first

    def read(self, text: str, date_text: str = "") -> ReadTime:
        """One time cell (and the date cell, if the file has a date column).

        Raises:
            ValueError: saying what was expected.
        """
        value = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
        if date_text.strip() and value:
            joined = self._read(f"{date_text.strip()} {value}")
            if joined is not None:
                return joined
        parsed = self._read(value)
        if parsed is None:
            ambiguous = re.search(r"\bIST\)?$", value, re.I)
            if ambiguous is not None:
                raise ValueError(
                    f"'{value}': IST could be India (+05:30), Ireland (+01:00) or Israel "
                    "(+02:00); write the offset instead, e.g. '2024-03-10 14:02 +05:30'"
                )
            if not value:
                raise ValueError(f"the time is empty; write it like {ISO_EXAMPLE}")
            raise ValueError(
                f"'{value}' is not a time this importer can read; write it like {ISO_EXAMPLE} "
                "(also read: 2024-03-10 14:02 UTC, 03/10/2024 2:02 PM, Mar 10, 2024 14:02, "
                "14:02 after a dated row)"
            )
        return parsed

    def _read(self, value: str) -> ReadTime | None:
        iso = _iso(value)
        if iso is not None:
            return iso
        if _EPOCH.match(value):  # Slack and API exports: seconds (or ms) since 1970, UTC
            seconds = float(value) / (1000 if len(value.split(".")[0]) == 13 else 1)
            return ReadTime(datetime.fromtimestamp(seconds, UTC), True, True)
        if _EXCEL_SERIAL.match(value):
            serial = float(value)
            if 20000 <= serial <= 80000:  # 1954 ... 2119 in Excel's 1900 date system
                when = datetime(1899, 12, 30) + timedelta(days=serial)
                return ReadTime(when.replace(microsecond=0), True, False)
        if m := _TIME_ONLY.match(value):
            zone, raw = _zone(m)
            if raw and zone is None:
                return None
            clock = _clock(m)
            return ReadTime(datetime.combine(date(1, 1, 1), clock, zone), False, zone is not None)
        if m := _DATE_AND_CLOCK.match(value):
            zone, raw = _zone(m)
            if raw and zone is None:
                return None
            try:
                day, ambiguous = read_date(m.group("date"), self.day_first)
                clock = _clock(m)
            except ValueError:
                return None
            return ReadTime(datetime.combine(day, clock, zone), True, zone is not None, ambiguous)
        try:
            day, ambiguous = read_date(value, self.day_first)
        except ValueError:
            return None
        return ReadTime(datetime.combine(day, time(0, 0)), True, False, ambiguous)


_ISO_ZONE_TAIL = re.compile(
    r"^(?P<body>\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?P<zone>.*)$"
)


def _iso(value: str) -> ReadTime | None:
    """An ISO 8601 date-time, with an optional zone suffix (``Z``, ``+0100``, ``UTC``, ``PDT``)."""
    candidate = value.upper() if "/" not in value else value
    try:
        parsed = datetime.fromisoformat(candidate.replace(",", "."))
    except ValueError:
        m = _ISO_ZONE_TAIL.match(value)
        if m is None or not m.group("zone"):
            return None
        zone = zone_of(m.group("zone"))
        if zone is None:
            return None
        try:
            body = datetime.fromisoformat(m.group("body").replace(",", ".").upper())
        except ValueError:
            return None
        return ReadTime(body.replace(tzinfo=zone), True, True)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ReadTime(parsed, True, False)
    return ReadTime(parsed, True, parsed.tzinfo is not None)


# ---------------------------------------------------------------------------- kinds

#: (kind, alternatives) in priority order: the first match names the kind of a free-text row.
_CLASSIFIER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "status_page",
        (
            r"status ?page",
            r"statuspage",
            r"status post",
            r"status\.[a-z0-9-]+\.(?:com|io|net)",
            r"public (?:status )?(?:update|post|notice)",
            r"posted (?:publicly|externally)",
        ),
    ),
    (
        "resolved",
        (
            r"\bincident (?:is |was )?(?:resolved|closed)\b",
            r"\b(?:marked|declared) (?:as )?(?:resolved|closed)\b",
            r"\b(?:resolved|closed) the incident\b",
            r"\ball[- ]clear\b",
            r"^resolved\b",
        ),
    ),
    (
        "impact_start",
        (
            r"\bimpact (?:began|begins|started|starts)",
            r"\b(?:start|beginning|onset) of (?:the )?(?:global )?"
            r"(?:impact|outage|incident|disruption)",
            r"\boutage (?:began|begins|started|starts)",
            r"\b(?:began|started|start) (?:failing(?! ?over)|to fail(?! ?over)|returning errors|"
            r"experiencing|"
            r"to experience|seeing|to see)",
            r"\bwent (?:down|offline|dark)",
            r"\bbecame (?:unavailable|unreachable|unresponsive)",
            r"\b(?:customers?|users?) (?:began|started) (?:to )?(?:see|experienc|get)",
            r"\b(?:incident|degradation|disruption) (?:began|started)",
            r"\b(?:loss of|lost) (?:connectivity|network|power)",
        ),
    ),
    (
        "impact_end",
        (
            r"\bfully (?:recovered|restored)",
            r"\b(?:service|services|site|traffic|everything|operations?) (?:was |were |is |are )?"
            r"(?:fully )?(?:restored|recovered|back to normal)",
            r"\b(?:back|returned) to normal",
            r"\boperating normally",
            r"\bimpact (?:ended|over)",
            r"\bno longer (?:affected|impacted)",
            r"\bfull recovery",
            r"\brecovery complete",
        ),
    ),
    (
        "mitigated",
        (
            r"\bmitigated\b",
            r"\bmitigation (?:took effect|complete|completed|in effect|successful|worked)",
            r"\bpartial(?:ly)? (?:recover|restor)",
            r"\b(?:began|started) (?:to )?recover",
            r"\brecovering\b",
            r"\b(?:error rates?|errors|latency) (?:dropped|decreased|fell|declin|subsided)",
        ),
    ),
    (
        "declare",
        (
            r"\b(?:declared|declares|declare|declaring)\b(?! (?:as )?(?:resolved|closed))",
            r"\bincident (?:was )?(?:opened|created|raised)\b",
            r"\bopened (?:an |the |a )?(?:incident|sev)",
        ),
    ),
    (
        "severity",
        (
            r"\b(?:severity|sev)\b.*\b(?:raised|lowered|upgraded|downgraded|changed|increased|"
            r"reduced|bumped)\b",
            r"\b(?:upgraded|downgraded|raised|lowered|bumped) (?:it |the incident )?(?:to |the )?"
            r"(?:severity|sev)",
        ),
    ),
    ("ack", (r"\b(?:acknowledged|acknowledges|acked|ack'd)\b",)),
    ("escalate", (r"\bescalat(?:ed|es|e|ing|ion)\b",)),
    ("synthetic_check", (r"\bsynthetic",)),
    (
        "security_finding",
        (r"\b(?:security (?:tool|scanner|alert)|intrusion detect|ids alert|siem)\b",),
    ),
    (
        "alert",
        (
            r"\b(?:alert(?:s|ed|ing)?|alarm(?:s|ed)?)\b",
            r"\bmonitor(?:ing|s)? (?:detected|fired|triggered|flagged|showed|caught|identified)",
            r"\bopsgenie\b",
            r"\bhealth ?checks? (?:failed|failing)",
            r"\b(?:pager|monitor|check|alarm|alert|probe)\w* (?:fired|triggered|went off)",
            r"\b(?:detected|identified|caught|flagged|spotted) by (?:\w+ )?(?:monitoring|alerting|"
            r"monitors?|probes?|health ?checks?)",
        ),
    ),
    ("page", (r"\b(?:paged|paging|page (?:sent|out|to)|pages? (?:the )?on-?call|called in)\b",)),
    (
        "customer_report",
        (
            r"\bcustomers? (?:report|complain|contact|open|rais|tweet|notic)",
            r"\bsupport (?:ticket|team report|received|reported)",
            r"\busers? (?:report|complain|tweet)",
            r"\btickets? (?:from|opened|arriving)",
            r"\b(?:twitter|tweets?|social media)\b",
            r"\breports? from (?:customers|users)",
        ),
    ),
    (
        "internal_report",
        (
            r"\b(?:engineers?|employees?|staff) (?:noticed|reported|saw|observed)",
            r"\binternal(?:ly)? report",
            r"\bnoticed\b",
            r"\b(?:is|are|was|seems|looks) (?:down|broken|failing|unavailable|erroring)\b",
        ),
    ),
    (
        "bridge",
        (
            r"\b(?:bridge|war ?room|zoom|conference call|incident call|video call)\b",
            r"\bcall (?:was )?(?:opened|started|convened)",
        ),
    ),
    (
        "handover",
        (r"\b(?:handed (?:over|off)|hand(?:s|ed)? (?:over|off) (?:command|to)|handover)\b",),
    ),
    (
        "role",
        (
            r"\b(?:incident commander|comms lead|communications lead|scribe|tech(?:nical)? lead)\b",
            r"\bsubject matter expert\b",
        ),
    ),
    (
        "mitigation",
        (
            r"\broll(?:ed|ing|s)? ?back\b",
            r"\brevert(?:ed|ing|s)?\b",
            r"\brestart(?:ed|ing|s)?\b",
            r"\breboot(?:ed|ing)?\b",
            r"\bfail(?:ed|ing)? ?over\b",
            r"\bscal(?:ed|ing) (?:up|out)\b",
            r"\badded (?:more )?capacity\b",
            r"\bfeature ?flag\b",
            r"\bkill ?switch\b",
            r"\bdisabl(?:ed|ing)\b",
            r"\bturned off\b",
            r"\bpaus(?:ed|ing)\b",
            r"\bblock(?:ed|ing)? (?:the )?(?:traffic|requests|ips?|clients?)\b",
            r"\brate[- ]limit(?:ed|ing)?\b",
            r"\bdrain(?:ed|ing)\b",
            r"\b(?:shift|rerout|redirect)(?:ed|ing)? traffic\b",
        ),
    ),
    (
        "finding",
        (
            r"\b(?:root cause|identified|found|discovered|determined|caused by|pinpointed)\b",
            r"\btraced (?:it |the \w+ )?(?:to|back)\b",
            r"\bdiagnos(?:ed|is)\b",
        ),
    ),
    (
        "update",
        (
            r"\binternal update\b",
            r"\bupdate (?:posted|sent|shared)\b",
            r"\bposted an? (?:internal )?update\b",
            r"\bstakeholders? (?:updated|notified|informed|briefed)\b",
        ),
    ),
)

CLASSIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile("|".join(words), re.I)) for kind, words in _CLASSIFIER_WORDS
)

#: Values of a kind column that only say "a phase" (read the kind from the text instead).
GENERIC_KINDS = frozenset(
    {
        "",
        "event",
        "events",
        "info",
        "information",
        "other",
        "misc",
        "timeline",
        "detection",
        "detect",
        "triage",
        "investigation",
        "investigate",
        "diagnosis",
        "communication",
        "communications",
        "comms",
        "response",
        "action",
        "actions",
        "recovery",
        "impact",
        "notification",
        "coordination",
        "remediation",
        "decision",
        "observation",
        "milestone",
        "deploy",
        "deployment",
        "change",
        "status",
        "customer impact",
        "mitigation step",
    }
)


def classify(text: str) -> str:
    """The kind of a free-text timeline row (``note`` when nothing matches)."""
    for kind, pattern in CLASSIFIERS:
        if pattern.search(text):
            if kind == "impact_end" and _PARTLY.search(text):
                return "mitigated"  # "Majority of services recovered": not over yet
            return kind
    return "note"


_PARTLY = re.compile(r"\b(?:majority|most|some|many|partial|partially|partly|gradually)\b", re.I)


_SERVICE = re.compile(r"\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b")
#: A hyphenated word is a service id only with one of these in it (not "re-synchronising").
_SERVICE_WORD = re.compile(
    r"\d|api|svc|service|db|database|web|cache|proxy|gateway|server|cluster|edge|cdn|dns|lb|"
    r"app|tier|queue|worker|auth|rules|backend|frontend|router|mysql|redis|kafka|s3"
)
_USERS = re.compile(
    r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>k|thousand|m|million|bn|b|billion)?\s+"
    r"(?:of\s+(?:our\s+|the\s+)?)?(?:users|customers|people|accounts|members|sites|websites|"
    r"merchants|requests|devices)\b",
    re.I,
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}


def prose_strategy(text: str) -> tuple[str, str, str] | None:
    """``(strategy, target, word)`` of a mitigation written in prose, e.g. ``Rolled back the
    web-tier deploy`` -> ``("rollback", "web-tier", "Rolled back")``; the target is ``""``
    (not recorded) when the text names no service, never a placeholder."""
    found = find_strategy(text)
    if found is None:
        return None
    strategy, word = found
    return strategy.value, prose_target(text[word.end() :] + " " + text), word.group(0)


def prose_target(text: str) -> str:
    """The service id a prose row names (``payments-api``, ``web-tier``), or ``""``."""
    named = [m.group(0) for m in _SERVICE.finditer(text.lower())]
    return next((n for n in named if _SERVICE_WORD.search(n)), "")


def prose_users(text: str) -> int | None:
    """A number of users affected written in prose (``3.5 billion users``), or None."""
    found = _USERS.search(text)
    if found is None:
        return None
    number = float(found.group("n").replace(",", ""))
    scale = (found.group("scale") or "").lower()
    return round(number * _SCALES.get(scale, 1))


_SEV_ANYWHERE = re.compile(r"\b(?:SEV|severity|P)\s*[- ]?\s*([0-4])\b", re.I)


def prose_severity(text: str) -> int | None:
    """A severity level named anywhere in prose (``SEV-1``, ``Sev 2``, ``severity 1``, ``P1``);
    level 0 is read as 1 (some companies count from 0)."""
    found = _SEV_ANYWHERE.search(text)
    if found is None:
        return None
    return max(1, int(found.group(1)))


#: Severity words that are no ``SEV-N``: a level named in words (``Severity: High``,
#: ``critical``, ``major incident``), Statuspage's impact (critical / major / minor / none)
#: and the colour states some status pages use (red, orange, yellow).
_SEV_WORDS = re.compile(
    r"\bseverity\s*(?:[:=-]|is|was|of)?\s*(?P<a>critical|high|major|medium|moderate|minor|low)\b"
    r"|\b(?P<b>critical|major|minor|high[- ]severity|low[- ]severity)\s+(?:incident|outage|"
    r"severity|impact|issue|degradation|disruption)\b"
    r"|\b(?P<c>red|orange|yellow)\s+(?:status|state)\b"
    r"|\bstatus\s+(?:(?:was|is|set|changed|went|moved|raised)\s+)?(?:to\s+)?(?P<d>red|orange|yellow)\b"
    r"|^\s*(?P<e>red|orange|yellow|critical|major)\s*$",
    re.I,
)

#: Level of each severity word (the guide: SEV-1 critical, SEV-2 major; colours as status
#: pages use them: red a major outage, orange a partial one, yellow degraded).
SEVERITY_WORDS: dict[str, int] = {
    "critical": 1,
    "red": 1,
    "high severity": 2,
    "high": 2,
    "major": 2,
    "orange": 2,
    "medium": 3,
    "moderate": 3,
    "minor": 3,
    "yellow": 3,
    "low severity": 4,
    "low": 4,
}


def severity_hint(text: str) -> tuple[int, str] | None:
    """A severity named in words rather than as a level (see :data:`SEVERITY_WORDS`):
    ``(level, the words)``, e.g. ``"Severity: High"`` -> ``(2, "Severity: High")``, or None.
    A level written as ``SEV-1`` or ``P1`` is :func:`prose_severity`'s."""
    found = _SEV_WORDS.search(text)
    if found is None:
        return None
    word = next(g for g in found.groups() if g)
    return SEVERITY_WORDS[word.lower().replace("-", " ")], found.group(0).strip()
