"""Journal records in words, for the post-mortem timeline (one line per notable record)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.bundle import Bundle
from simulator.durations import format_duration
from simulator.journal import Record

ROLE_LABELS = {
    "incident_commander": "incident commander",
    "technical_lead": "technical lead",
    "communications_lead": "communications lead",
    "scribe": "scribe",
    "subject_matter_expert": "subject-matter expert",
}

_SILENT_ACTIONS = frozenset({"say", "join", "facilitator_note"})


class Namer:
    """Display names for person ids and wording for strategies (team names when known)."""

    def __init__(self, bundle: Bundle | None) -> None:
        self.bundle = bundle

    def name(self, person: object) -> str:
        """A person's name, or the id itself."""
        pid = str(person)
        if self.bundle is not None:
            p = self.bundle.team.person(pid)
            if p is not None:
                return p.name
            for s in self.bundle.team.stakeholders:
                if s.id == pid:
                    return s.name
        return pid

    def service(self, service: object) -> str:
        """A service's id (kept: the timeline is for engineers)."""
        return str(service)

    def strategy(self, payload: Mapping[str, Any]) -> str:
        """``rollback of payments-api``."""
        strategy = str(payload.get("strategy", "")).replace("_", " ")
        return f"{strategy} of {payload.get('target', '')}".strip()


def _count(value: object, default: int = 0) -> int:
    """A whole number from a payload value, ``default`` for anything else (a hand-edited
    journal may hold text where a number belongs: the line is still described)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return default


def _seconds(value: object) -> float | None:
    """Seconds from a payload value, None when it is not a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value < float("inf") else None


def _short(text: object, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _lower_first(text: object) -> str:
    """``Check the logs`` -> ``check the logs`` (but ``API keys`` stays)."""
    line = _short(text or "")
    if len(line) > 1 and line[0].isupper() and line[1].islower():
        return line[0].lower() + line[1:]
    return line


def describe_action(r: Record, n: Namer) -> str | None:
    """An action in words (None for chat and other noise)."""
    p = r.payload
    name = r.action
    who = n.name(r.actor)
    if name is None or name in _SILENT_ACTIONS:
        return None
    texts: dict[str, str] = {
        "acknowledge_page": f"{who} acknowledged the page",
        "declare_incident": f"{who} declared a {p.get('severity')} incident: "
        f"{_short(p.get('title', ''))}",
        "set_severity": f"{who} re-classified the incident as {p.get('severity')}"
        + (f" ({_short(p.get('reason'))})" if p.get("reason") else ""),
        "assign_role": f"{who} named {n.name(p.get('person'))} "
        f"{ROLE_LABELS.get(str(p.get('role')), str(p.get('role')))}",
        "assign_task": f"{who} asked {n.name(p.get('person'))} to {_lower_first(p.get('task'))}"
        + (
            f" (time-box {format_duration(timebox)})"
            if (timebox := _seconds(p.get("timebox")))
            else (
                f" (time-box {_short(p.get('timebox'))})" if p.get("timebox") else " (no time-box)"
            )
        )
        + (f" [{p.get('task_id')}]" if p.get("task_id") else ""),
        "follow_up_task": f"{who} followed up on task {p.get('task_id')}",
        "report_task": f"{who} reported on task {p.get('task_id')}: {_short(p.get('result', ''))}",
        "query_tool": f"{who} queried {str(p.get('tool', '')).replace('_', ' ')}: "
        f"“{_short(p.get('query', ''))}”",
        "propose_mitigation": f"{who} proposed {n.strategy(p)}",
        "apply_mitigation": f"{who} applied {n.strategy(p)}",
        "post_update": f"{who} posted an internal update ({p.get('severity')}, {p.get('status')})",
        "post_status_page": f"{who} posted to the status page ({p.get('status')}): "
        f"“{_short(p.get('text', ''))}”",
        "page_person": f"{who} paged {n.name(p.get('person'))}",
        "escalate": f"{who} escalated to level {p.get('level')}"
        + (f" ({_short(p.get('reason'))})" if p.get("reason") else ""),
        "open_bridge": f"{who} opened the bridge call",
        "hand_over_command": f"{who} handed command to {n.name(p.get('to'))}",
        "mark_resolved": f"{who} marked the incident resolved",
        "add_note": f"{who} noted: {_short(p.get('text', ''))}",
        "fire_inject": f"Facilitator fired inject {p.get('inject_id')}",
        "delay_inject": f"Facilitator delayed inject {p.get('inject_id')}",
        "skip_inject": f"Facilitator skipped inject {p.get('inject_id')}",
        "adhoc_inject": f"Facilitator sent a message as {p.get('sender')}",
        "reveal_truth": "Facilitator revealed the hidden truth",
    }
    return texts.get(name, f"{who}: {name}")


def describe_record(r: Record, n: Namer, *, root_cause_first: bool = False) -> str | None:
    """A record in words for the timeline, or None when it is not worth a line."""
    p = r.payload
    kind = r.kind
    if kind == "action":
        return describe_action(r, n)
    if kind == "impact_start":
        users = _count(p.get("users"))
        return f"Impact began: {users:,} users affected" if users else "Impact began"
    if kind == "alert":
        if p.get("repeat"):
            return None
        where = f" on {p.get('service')}" if p.get("service") else ""
        runbook = "" if p.get("runbook") or n.bundle is None else " (no runbook)"
        return f"Alert {p.get('alert')} fired{where}{runbook}"
    if kind == "inject":
        sender = p.get("sender") or n.name(r.actor)
        return f"{sender} ({str(p.get('kind', '')).replace('_', ' ')}): {_short(p.get('text', ''))}"
    if kind == "page":
        level = f" (level {p.get('level')})" if p.get("level") else ""
        again = " again" if _count(p.get("attempt"), 1) > 1 else ""
        return f"{n.name(p.get('person'))} paged{again}{level}"
    if kind == "finding":
        text = _short(p.get("summary") or p.get("text", ""))
        if p.get("relevant"):
            lead = "Root cause identified" if root_cause_first else "Finding"
            return f"{lead} by {n.name(r.actor)}: {text}"
        if p.get("misleading"):
            return f"{n.name(r.actor)} followed a misleading lead: {text}"
        return None
    if kind == "mitigation_effect":
        before, after = _count(p.get("users_before")), _count(p.get("users_after"))
        # no users counted on either side (an imported timeline without numbers): say
        # nothing rather than "users 0 → 0"
        counts = f" (users {before:,} → {after:,})" if before or after else ""
        return f"{n.strategy(p).capitalize()} took effect: {p.get('effect')}{counts}"
    if kind == "relapse":
        return f"Impact returned: {n.strategy(p)} had not fixed the cause"
    if kind == "impact_end":
        return "Impact ended: no users affected"
    if kind == "task_due":
        return f"Time-box of task {p.get('task_id')} ({n.name(p.get('person'))}) expired"
    if kind == "rejected":
        raw = p.get("action")
        action: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        return (
            f"Rejected {action.get('action')} by {n.name(r.actor)}: {_short(p.get('reason', ''))}"
        )
    if kind == "end":
        if n.bundle is None:
            return "End of the recorded timeline"
        return f"Exercise ended ({str(p.get('reason', '')).replace('_', ' ')})"
    return None
