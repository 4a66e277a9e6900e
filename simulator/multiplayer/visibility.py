"""What a seat may see of the journal: a pure filter over records.

The host's journal holds everything: the hidden truth (``impact_start``, ``users``,
``mitigation_effect``...), the MSEL (each inject's id, expected action and objective), the
facilitator's steering and notes, and every person's private results. A seat is sent only
what its person would know at that moment (:func:`seat_record`):

* dashboards (the metrics of ``sample``), alerts, pages, injects as they arrive (text,
  sender, channel), everybody's actions, chat and notices, task time-boxes, the end;
* its own rejected actions and its own tool results (without the clue's id or whether it is
  relevant or misleading), and messages addressed to it;
* never: the header (seed and files), the world's hidden records, affected-user counts, the
  MSEL's columns, facilitator actions (fire, delay, skip, notes, reveal), anyone else's
  rejected actions, tool results or direct messages.

Anything not named here is not sent (default deny), so a record kind added later stays on the
host until someone decides who may see it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulator.actions import FACILITATOR_ACTIONS
from simulator.journal import Record

#: Inject fields a player reads (the MSEL's id, expected action and objective stay on the host).
INJECT_FIELDS = ("kind", "sender", "channel", "text", "service", "alert")
#: Finding fields the person who queried reads (not which clue it was or whether it matters).
FINDING_FIELDS = ("tool", "query", "text", "summary")


def _only(payload: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: payload[k] for k in names if k in payload}


def _everyone(record: Record, person: str) -> Mapping[str, Any] | None:
    return record.payload


def _dashboards(record: Record, person: str) -> Mapping[str, Any] | None:
    return {"metrics": dict(record.payload.get("metrics") or {})}


def _inject(record: Record, person: str) -> Mapping[str, Any] | None:
    return _only(record.payload, INJECT_FIELDS)


def _action(record: Record, person: str) -> Mapping[str, Any] | None:
    return None if record.action in FACILITATOR_ACTIONS else record.payload


def _own_rejection(record: Record, person: str) -> Mapping[str, Any] | None:
    return record.payload if record.actor == person else None


def _own_finding(record: Record, person: str) -> Mapping[str, Any] | None:
    return _only(record.payload, FINDING_FIELDS) if record.actor == person else None


def _message(record: Record, person: str) -> Mapping[str, Any] | None:
    to = record.payload.get("to")
    if to and to != person and record.actor != person:
        return None
    return {k: v for k, v in record.payload.items() if k != "adhoc"}


#: Who sees what of each record kind; a kind not listed is never sent.
_VIEWS: dict[str, Callable[[Record, str], Mapping[str, Any] | None]] = {
    "sample": _dashboards,
    "alert": _everyone,
    "inject": _inject,
    "page": _everyone,
    "action": _action,
    "rejected": _own_rejection,
    "finding": _own_finding,
    "message": _message,
    "task_due": _everyone,
    "seat": _everyone,
    "end": _everyone,
}


def seat_record(record: Record, person: str) -> Record | None:
    """``record`` as the seat of ``person`` may see it, or None when it may not see it.

    The sequence number and times are kept (a seat's list has gaps where it saw nothing).
    """
    view = _VIEWS.get(record.kind)
    if view is None:
        return None
    payload = view(record, person)
    if payload is None:
        return None
    return Record(record.seq, record.t, record.kind, record.actor, dict(payload), record.wall)


def wire(record: Record) -> dict[str, Any]:
    """A record as the JSON object a ``record`` or ``result`` message carries."""
    return {
        "seq": record.seq,
        "t": round(record.t, 3),
        "kind": record.kind,
        "actor": record.actor,
        "payload": dict(record.payload),
        "wall": record.wall,
    }
