"""The master scenario events list (MSEL) as spreadsheets and exercise tools write it.

HSEEP defines what an MSEL holds but no mandatory column set; the columns here are the union
of those seen in HSEEP descriptions, public templates and open-source exercise tools
(docs/reference/msel_columns.csv), plus three of ours that keep a scenario's inject ids,
services and alert names through a round trip. The T3SF tool (Base4Security's Tabletop
Exercise Scenario Framework) keeps its MSEL as JSON objects with the keys of
:data:`T3SF_KEYS`. :mod:`simulator.importing.msel` reads both into a scenario skeleton and
:mod:`simulator.exporting.msel` writes a scenario's injects in them.
"""

from __future__ import annotations

import re

#: (key, column title) of an MSEL spreadsheet, in the order the exporter writes them.
MSEL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "Inject No."),
    ("move", "Move"),
    ("scenario_time", "Scenario Time"),
    ("delivery_time", "Delivery Time"),
    ("synopsis", "Event Synopsis"),
    ("inject_type", "Inject Type"),
    ("method", "Delivery Method"),
    ("sender", "From"),
    ("recipient", "To"),
    ("controller", "Responsible Controller"),
    ("text", "Inject Text"),
    ("attachments", "Attachments"),
    ("poll", "Decision Poll"),
    ("expected_action", "Expected Player Action"),
    ("objective", "Objective"),
    ("learning_point", "Learning Points"),
    ("max_minutes", "Max Minutes"),
    ("status", "Status"),
    ("notes", "Notes"),
    ("inject_id", "Inject ID"),
    ("service", "Service"),
    ("alert", "Alert"),
)

#: Other names templates and tools give each column (compared by :func:`column_name`).
MSEL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": (
        "inject no",
        "inject",
        "no",
        "number",
        "seq no",
        "event no",
        "inject number",
        "msel no",
        "serial",
    ),
    "move": ("move", "group", "phase", "module"),
    "scenario_time": (
        "scenario time",
        "time",
        "exercise time",
        "game time",
        "date",
        "when",
        "offset",
    ),
    "delivery_time": (
        "delivery time",
        "real time",
        "date time delivered",
        "delivered",
        "delivery",
        "wall time",
    ),
    "synopsis": ("event synopsis", "synopsis", "subject", "title", "event", "inject title"),
    "inject_type": ("inject type", "type", "event type", "kind"),
    "method": ("delivery method", "method", "channel", "mode", "means"),
    "sender": ("from", "originator", "sender", "originator from", "source"),
    "recipient": ("to", "recipient", "player", "intended player", "recipient to", "players"),
    "controller": ("responsible controller", "controller"),
    "text": (
        "inject text",
        "script",
        "text",
        "message",
        "description",
        "inject description",
        "details",
        "content",
    ),
    "attachments": ("attachments", "attachment", "photo", "picture name"),
    "poll": ("decision poll", "poll"),
    "expected_action": (
        "expected player action",
        "expected action",
        "expected outcome",
        "expected response",
        "expected player response",
        "outcome",
    ),
    "objective": ("objective", "objectives", "core capability", "critical task"),
    "learning_point": ("learning points", "learning point", "lessons"),
    "max_minutes": ("max minutes", "maximum minutes", "time limit", "maximum for each message"),
    "status": ("status",),
    "notes": ("notes", "evaluator comments", "comments", "remarks"),
    "inject_id": ("inject id", "id"),
    "service": ("service", "system"),
    "alert": ("alert", "alert name"),
}

#: The keys of one T3SF MSEL entry, in T3SF's order.
T3SF_KEYS = (
    "#",
    "Real Time",
    "Date",
    "Subject",
    "From",
    "Player",
    "Script",
    "Photo",
    "Picture Name",
    "Profile",
    "Poll",
)


def column_name(title: str) -> str:
    """A column title as compared: lower case, punctuation and units dropped."""
    text = re.sub(r"[\(\[].*?[\)\]]", " ", title.replace("\ufeff", "").lower())
    text = text.replace("#", " no ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def column_key(title: str) -> str | None:
    """The key of :data:`MSEL_COLUMNS` a column title names, or None."""
    name = column_name(title)
    for key, names in MSEL_SYNONYMS.items():
        if name in names:
            return key
    return None
