"""Reading the JSON files real incident tools export, with every problem located.

A JSON document is parsed once (:func:`parse`: a syntax error names its line and column),
recognised by its content (:func:`kind_of`: a Statuspage incident list, a PagerDuty incident
log, a PagerDuty escalation policy, a T3SF MSEL) and read with small helpers that say where a
value is: :class:`Where` is a JSON path (``incidents[0].incident_updates[2].created_at``) and
the line of the file it is on, found by the object's ``id`` so that a problem reads
``file:line:0: error: incidents[0].created_at: ...``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulator.problems import Problem

#: What a JSON file is, by its content.
STATUSPAGE = "statuspage"
PAGERDUTY_LOG = "pagerduty-log"
PAGERDUTY_POLICY = "pagerduty-policy"
T3SF = "t3sf"

#: How each kind of JSON file is imported (for the message that sends a file to its command).
COMMAND_OF = {
    STATUSPAGE: "gameday import-timeline",
    PAGERDUTY_LOG: "gameday import-timeline",
    PAGERDUTY_POLICY: "gameday import-team",
    T3SF: "gameday import-msel",
}

#: What each kind is called in messages.
LABEL_OF = {
    STATUSPAGE: "a Statuspage incident export",
    PAGERDUTY_LOG: "a PagerDuty incident log",
    PAGERDUTY_POLICY: "a PagerDuty escalation policy",
    T3SF: "a T3SF MSEL",
}


class JsonError(Exception):
    """A JSON file that cannot be imported; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def looks_like_json(data: bytes) -> bool:
    """True when the file's first character (after a BOM and spaces) opens a JSON document."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return head[:1] in (b"{", b"[")


#: The deepest nesting of arrays and objects read (real exports nest fewer than 10 levels).
MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_WHOLE = "check the file was saved whole (a download cut short ends early)"


class _NotANumber(ValueError):
    """``NaN`` / ``Infinity``: Python reads them, JSON has no such numbers."""


def _no_constant(word: str) -> float:
    raise _NotANumber(word)


def _too_deep(text: str) -> int | None:
    """The offset where nesting passes :data:`MAX_DEPTH`, or None (strings are skipped)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(lambda m: " " * len(m.group()), text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return match.start()
    return None


def parse(data: bytes, name: str) -> tuple[Any, str]:
    """The parsed document and its text.

    Raises:
        JsonError: not UTF-8 text, or not JSON (at the line and column of the mistake).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise JsonError(
            [Problem(name, line, 1, "", "not UTF-8 text", hint="save the file as UTF-8")]
        ) from None
    deep = _too_deep(text)
    if deep is not None:
        raise JsonError(
            [
                Problem(
                    name,
                    text.count("\n", 0, deep) + 1,
                    deep - (text.rfind("\n", 0, deep) + 1) + 1,
                    "",
                    f"nested more than {MAX_DEPTH} levels deep; an export is not",
                    hint="give the file the service exported, unedited",
                )
            ]
        )
    try:
        return json.loads(text, parse_constant=_no_constant), text
    except _NotANumber as exc:
        raise JsonError(
            [Problem(name, 1, 1, "", f"not JSON: {exc} is not a JSON number", hint=_WHOLE)]
        ) from None
    except json.JSONDecodeError as exc:
        raise JsonError(
            [
                Problem(
                    name,
                    exc.lineno,
                    exc.colno,
                    "",
                    f"not JSON: {exc.msg}",
                    hint="check the file was saved whole (a download cut short ends early)",
                )
            ]
        ) from None


def _entries(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in ("log_entries", "incidents", "escalation_policies"):
            if isinstance(doc.get(key), list):
                return list(doc[key])
    return []


def kind_of(doc: Any) -> str | None:
    """Which export ``doc`` is (see the module constants), or None."""
    if isinstance(doc, dict):
        if "incident_updates" in doc or "incidents" in doc or "incident" in doc:
            return STATUSPAGE
        months = doc.get("months")
        if isinstance(months, list) and any(
            isinstance(m, dict) and "incidents" in m for m in months
        ):
            return STATUSPAGE  # a history.json: incidents month by month
        if "log_entries" in doc:
            return PAGERDUTY_LOG
        if "escalation_rules" in doc or "escalation_policy" in doc or "escalation_policies" in doc:
            return PAGERDUTY_POLICY
    first = next((e for e in _entries(doc) if isinstance(e, dict)), None)
    if first is None:
        return None
    if str(first.get("type", "")).endswith("log_entry"):
        return PAGERDUTY_LOG
    if "incident_updates" in first:
        return STATUSPAGE
    if "escalation_rules" in first:
        return PAGERDUTY_POLICY
    if "Script" in first or "Subject" in first:
        return T3SF
    return None


@dataclass(frozen=True)
class Where:
    """A place in a JSON file: its path and the line it is on (0 when not found)."""

    path: str
    line: int = 0

    def at(self, key: str | int) -> Where:
        """The place of a member (``.key``) or an item (``[3]``), on the same line."""
        sub = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return Where(self.path + sub, self.line)


def line_of_id(text: str, value: object, key: str = "id") -> int:
    """The line of the file where an object with ``"id": value`` (or another ``key``) is
    written (0: not found)."""
    if value is None or value == "":
        return 0
    found = re.search(rf'"{re.escape(key)}"\s*:\s*{re.escape(json.dumps(value))}', text)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def time_of(value: object) -> datetime | None:
    """An ISO 8601 time with a zone (``2024-03-10T14:02:00.123Z``, ``...-06:00``), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def text_of(value: object) -> str:
    """A JSON value as one line of text ("" for null)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def summary_of(value: object) -> str:
    """The ``summary`` (or ``name``) of a PagerDuty reference object, or ""."""
    if isinstance(value, dict):
        return text_of(value.get("summary") or value.get("name") or "")
    return ""


@dataclass(frozen=True)
class Choice:
    """One incident of a file that holds several: its id, its name and where it is."""

    id: str
    name: str
    where: Where
    value: Any
    created: str = ""


def choose(choices: list[Choice], wanted: str | None, name: str, noun: str) -> Choice:
    """The one of ``choices`` an importer should read: the only one, or the one ``wanted``
    names (its id exactly, else a name that contains ``wanted``, case ignored).

    Raises:
        JsonError: none in the file, several and none chosen, or ``wanted`` matches none or
            several (the message lists them, with the ``--incident`` to give).
    """
    if not choices:
        raise JsonError([Problem(name, 1, 1, "", f"no {noun} in the file")])
    if wanted is None and len(choices) == 1:
        return choices[0]
    if wanted is not None:
        exact = [c for c in choices if c.id == wanted]
        named = [c for c in choices if wanted.strip().lower() in c.name.lower()]
        found = exact or named
        if len(found) == 1:
            return found[0]
        why = f"'{wanted}' names {'no' if not found else len(found)} {noun}s of {len(choices)}"
    else:
        why = f"the file holds {len(choices)} {noun}s; choose one with --incident ID_OR_NAME"
    listed = "; ".join(
        f"{c.id} '{c.name}'" + (f" ({c.created})" if c.created else "")
        for c in (found if wanted is not None and found else choices)[:20]
    )
    raise JsonError(
        [
            Problem(
                name,
                1,
                1,
                "",
                f"{why}: {listed}",
                hint="e.g. --incident " + (choices[0].id or choices[0].name),
            )
        ]
    )
