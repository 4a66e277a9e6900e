"""Journal records as one line of plain text for the timeline, chat and inbox.

The same wording everywhere in the app, with people shown by name. Records that carry the
hidden truth (``impact_start``, ``sample``, ``mitigation_effect``, ``relapse``,
``impact_end``) are not described for players: :func:`is_player_visible` says which are.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from simulator.durations import format_clock, format_duration
from simulator.journal import Record

#: Record kinds that only the debrief and facilitator may see.
HIDDEN_KINDS = frozenset(
    {"header", "impact_start", "sample", "mitigation_effect", "relapse", "impact_end"}
)

Namer = Callable[[str], str]


def is_player_visible(record: Record) -> bool:
    """True for records a player could know about during the exercise."""
    return record.kind not in HIDDEN_KINDS


def _label(value: Any) -> str:
    return str(value or "").replace("_", " ")


def describe_action(actor: str, p: dict[str, Any], name: Namer) -> str:
    """An action payload as a sentence."""
    who = name(actor)
    action = p.get("action")
    if action == "acknowledge_page":
        return f"{who} acknowledged the page"
    if action == "join":
        return f"{who} joined the incident"
    if action == "declare_incident":
        title = f": {p['title']}" if p.get("title") else ""
        return f"{who} declared a {p.get('severity')} incident{title}"
    if action == "set_severity":
        reason = f" ({p['reason']})" if p.get("reason") else ""
        return f"{who} set severity to {p.get('severity')}{reason}"
    if action == "assign_role":
        return f"{who} made {name(str(p.get('person')))} {_label(p.get('role'))}"
    if action == "assign_task":
        box = format_duration(float(p.get("timebox") or 0))
        task_id = f"{p['task_id']} " if p.get("task_id") else ""
        what = str(p.get("task") or "")
        if not what and p.get("strategy"):
            what = f"{str(p['strategy']).replace('_', ' ')} of {p.get('target')}"
        elif not what and p.get("tool"):
            what = f"{str(p['tool']).replace('_', ' ')}: {p.get('query') or ''}".rstrip(": ")
        return f"{who} gave {name(str(p.get('person')))} task {task_id}({box}): {what}"
    if action == "follow_up_task":
        return f"{who} followed up on task {p.get('task_id')}"
    if action == "report_task":
        state = "done" if p.get("done", True) else "in progress"
        return f"{who} reported on task {p.get('task_id')} ({state}): {p.get('result')}"
    if action == "query_tool":
        return f"{who} queried {_label(p.get('tool'))}: {p.get('query') or '(everything)'}"
    if action == "propose_mitigation":
        why = f" — {p['rationale']}" if p.get("rationale") else ""
        return f"{who} proposed {_label(p.get('strategy'))} of {p.get('target')}{why}"
    if action == "apply_mitigation":
        return f"{who} applied {_label(p.get('strategy'))} to {p.get('target')}"
    if action == "post_update":
        return f"{who} posted an update: {p.get('severity')}, {p.get('status')}"
    if action == "post_status_page":
        return f"{who} posted to the status page ({p.get('status')}): {p.get('text')}"
    if action == "page_person":
        return f"{who} paged {name(str(p.get('person')))}"
    if action == "escalate":
        return f"{who} escalated to level {p.get('level')}"
    if action == "open_bridge":
        return f"{who} opened the bridge call"
    if action == "hand_over_command":
        return f"{who} handed command to {name(str(p.get('to')))}"
    if action == "mark_resolved":
        return f"{who} resolved the incident"
    if action == "add_note":
        return f"Note by {who}: {p.get('text')}"
    if action == "say":
        return f"{who}: {p.get('text')}"
    if action == "fire_inject":
        return f"Facilitator fired inject {p.get('inject_id')}"
    if action == "delay_inject":
        by = format_duration(float(p.get("by") or 0))
        return f"Facilitator delayed inject {p.get('inject_id')} by {by}"
    if action == "skip_inject":
        return f"Facilitator skipped inject {p.get('inject_id')}"
    if action == "adhoc_inject":
        return f"Facilitator inject as {p.get('sender')} ({p.get('channel')}): {p.get('text')}"
    if action == "facilitator_note":
        return f"Facilitator note: {p.get('text')}"
    if action == "reveal_truth":
        return "Facilitator revealed the hidden truth"
    return f"{who}: {_label(action)}"


def describe(record: Record, name: Namer) -> str:
    """One line of plain text for ``record`` (people by display name via ``name``)."""
    p = dict(record.payload)
    kind = record.kind
    if kind == "action":
        return describe_action(record.actor, p, name)
    if kind == "rejected":
        action = dict(p.get("action") or {})
        return (
            f"Not done — {_label(action.get('action'))} by {name(record.actor)}: {p.get('reason')}"
        )
    if kind == "inject":
        return (
            f"[{_label(p.get('channel'))}] {p.get('sender') or name(record.actor)}: {p.get('text')}"
        )
    if kind == "alert":
        repeat = f" (repeat {p['repeat']})" if p.get("repeat") else ""
        return (
            f"ALERT {p.get('alert')} on {p.get('service')}: {p.get('metric')} = "
            f"{_number(p.get('value'))} (threshold {_number(p.get('threshold'))}){repeat}"
        )
    if kind == "page":
        level = p.get("level")
        how = f"level {level}, attempt {p.get('attempt')}" if level is not None else "direct page"
        return f"Paged {name(str(p.get('person')))} ({how}): {p.get('reason')}"
    if kind == "finding":
        return f"{name(record.actor)} found in {_label(p.get('tool'))}: {p.get('text')}"
    if kind == "message":
        return f"{name(record.actor)}: {p.get('text')}"
    if kind == "task_due":
        return f"Task {p.get('task_id')} for {name(str(p.get('person')))} is past its time-box"
    if kind == "end":
        return f"Exercise ended: {_label(p.get('reason'))}"
    if kind == "impact_start":
        return f"(truth) Impact started: {p.get('users')} users"
    if kind == "mitigation_effect":
        return (
            f"(truth) {_label(p.get('strategy'))} of {p.get('target')} took effect: "
            f"{p.get('effect')}, users {p.get('users_before')} -> {p.get('users_after')}"
        )
    if kind == "relapse":
        return f"(truth) Impact returned after {_label(p.get('strategy'))} of {p.get('target')}"
    if kind == "impact_end":
        return "(truth) Impact ended"
    return f"{kind}: {p}"


def stamp(record: Record) -> str:
    """The record's sim time as ``T+HH:MM:SS``."""
    return f"T+{format_clock(record.t)}"


def _number(value: Any) -> str:
    if isinstance(value, int | float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"
    return str(value)


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt guesses whether a tooltip is rich text, so scenario text such as ``<b>x</b>`` would be
    rendered; escaping it inside an explicit ``<qt>`` block shows exactly what was written.
    """
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def mpl_text(text: str) -> str:
    """Text for a matplotlib label, with ``$`` escaped so it is never parsed as mathtext."""
    return text.replace("$", r"\$")
