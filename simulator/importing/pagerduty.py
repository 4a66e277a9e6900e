"""A PagerDuty incident log (log entries) -> rows of a timeline.

PagerDuty keeps a log of everything that happens to an incident; the REST API returns it as
``{"log_entries": [...]}`` (``GET /incidents/{id}/log_entries``, or ``GET /log_entries`` for
an account, entries of several incidents mixed: ``--incident`` picks one by id or title).
Each entry has a ``type`` (``trigger_log_entry`` ...), ``created_at``, the ``agent`` who acted,
the ``channel`` it came through, and for notifications the ``user`` notified:

=====================  ====================================================================
log entry              row
=====================  ====================================================================
trigger                ``alert`` (the channel's summary names it): detection
notify                 ``page`` of the user notified (level from "level N" in its summary)
acknowledge            ``ack`` by the agent
escalate               ``escalate`` (level from "level N", else one above the last)
assign, reassign       ``note`` (who it was assigned to)
annotate               ``note`` (the note's text)
priority_change        ``severity`` (P1 / SEV-1 in the summary: read leniently)
status_update          ``update`` (the message)
resolve                ``resolved`` by the agent
others                 ``note`` (their summary)
=====================  ====================================================================

A log says when PagerDuty was told, not when users were first affected: impact start (and
so MTTD, time to mitigate and resolve) is not recorded.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.importing.jsondoc import (
    Choice,
    Where,
    choose,
    line_of_id,
    summary_of,
    text_of,
    time_of,
)
from simulator.importing.rows import Row
from simulator.problems import Level, Problem

#: Log entry type (without ``_log_entry``) -> the kind of row it becomes.
ENTRY_KINDS = {
    "trigger": "alert",
    "notify": "page",
    "acknowledge": "ack",
    "escalate": "escalate",
    "assign": "note",
    "reassign": "note",
    "annotate": "note",
    "priority_change": "severity",
    "status_update": "update",
    "resolve": "resolved",
}

#: Types PagerDuty writes that are only worth a note.
NOTE_TYPES = frozenset(
    {
        "snooze",
        "unacknowledge",
        "delegate",
        "exhaust_escalation_path",
        "repeat_escalation_path",
        "reach_trigger_limit",
        "reach_ack_limit",
        "link",
        "unlink",
        "urgency_change",
        "responder_request",
        "responders_added",
        "merge",
    }
)

_LEVEL = re.compile(r"\blevel\s*(\d+)", re.I)
_PRIORITY = re.compile(r"\b(?:P|SEV-?)([0-4])\b", re.I)


def _object(value: object) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _type(entry: dict[str, Any]) -> str:
    kind = text_of(entry.get("type")).lower()
    return kind.removesuffix("_reference").removesuffix("_log_entry")


def incidents_of(doc: Any, text: str) -> list[Choice]:
    """The incidents of a log (entries grouped by ``incident.id``), in order of first entry."""
    entries = doc.get("log_entries", []) if isinstance(doc, dict) else doc
    base = Where("log_entries") if isinstance(doc, dict) else Where("")
    groups: dict[str, list[tuple[Where, dict[str, Any]]]] = {}
    titles: dict[str, str] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        incident = _object(entry.get("incident"))
        ident = text_of(incident.get("id"))
        place = Where(base.at(i).path, line_of_id(text, entry.get("id")))
        groups.setdefault(ident, []).append((place, entry))
        titles.setdefault(ident, summary_of(incident))
        if not titles[ident]:
            titles[ident] = summary_of(incident)
    return [
        Choice(
            ident,
            titles[ident],
            entries_[0][0],
            entries_,
            text_of(entries_[0][1].get("created_at")),
        )
        for ident, entries_ in groups.items()
    ]


def pagerduty_rows(
    doc: Any, text: str, name: str, incident: str | None
) -> tuple[list[Row], list[Problem], str]:
    """The rows of the chosen incident's log, the problems found and the incident's title.

    Raises:
        JsonError: no log entries, or several incidents and ``incident`` chooses none.
    """
    chosen = choose(incidents_of(doc, text), incident, name, "incident")
    problems: list[Problem] = []
    rows: list[Row] = []
    level = 1
    for where, entry in chosen.value:
        row = _row(entry, where, name, problems, level)
        if row is not None:
            if row.kind == "escalate":
                level = int(row.text.split()[1])
            rows.append(row)
    return rows, problems, chosen.name or f"PagerDuty incident {chosen.id}".strip()


def _row(
    entry: dict[str, Any], where: Where, name: str, problems: list[Problem], level: int
) -> Row | None:
    """The row of one log entry, or None (with an error) when it has no usable time."""
    when = time_of(entry.get("created_at"))
    if when is None:
        problems.append(
            Problem(
                name,
                where.line,
                0,
                where.at("created_at").path,
                f"expected an ISO 8601 time with a zone, got {entry.get('created_at')!r}",
                hint="e.g. 2024-03-10T14:02:00Z",
            )
        )
        return None
    kind_name = _type(entry)
    kind = ENTRY_KINDS.get(kind_name, "note")
    if kind_name not in ENTRY_KINDS and kind_name not in NOTE_TYPES:
        problems.append(
            Problem(
                name,
                where.line,
                0,
                where.at("type").path,
                f"unknown log entry type '{text_of(entry.get('type'))}': read as a note",
                level=Level.WARNING,
                hint="types read: " + ", ".join(f"{k}_log_entry" for k in ENTRY_KINDS),
            )
        )
    agent = summary_of(entry.get("agent")) or "PagerDuty"
    summary = text_of(entry.get("summary"))
    channel = _object(entry.get("channel"))
    said = text_of(channel.get("summary") or channel.get("content") or channel.get("details"))
    row = Row(where.line, {}, when, kind, agent, summary, path=where.path)
    if kind == "alert":
        row.text = said or summary_of(entry.get("incident")) or summary or "PagerDuty trigger"
        row.actor = summary_of(entry.get("service")) or agent
    elif kind == "page":
        user = summary_of(entry.get("user")) or agent
        found = _LEVEL.search(summary)
        how = text_of(channel.get("type"))
        row.person, row.actor = user, "PagerDuty"
        row.extra = {"level": found.group(1) if found else "1"}
        row.text = f"notified by {how}" if how else summary
    elif kind == "severity":
        levels = _PRIORITY.findall(summary)  # "Priority changed from P3 to P1": the last
        row.text = f"SEV-{max(1, int(levels[-1]))} {summary}" if levels else summary
    elif kind == "escalate":
        found = _LEVEL.search(summary)
        row.text = f"level {found.group(1) if found else level + 1} {summary}"
    elif kind_name in ("assign", "reassign"):
        who = ", ".join(summary_of(a) for a in entry.get("assignees", []) if summary_of(a))
        row.text = f"Assigned to {who}" if who else summary
    elif kind in ("note", "update"):
        message = text_of(entry.get("message")) or said
        row.text = message or summary or kind_name.replace("_", " ")
    return row
