"""Journal records in words: the one wording of the post-mortem timeline and of the app's feeds.

People are named by name, numbers are written as people say them (``1,200 users``,
``time-box 10m``), roles as :mod:`simulator.vocabulary` words them.

* :func:`describe_record` gives a record its post-mortem line, or None when it is not worth one
  (chat, joins, repeated alerts, findings that led nowhere). It knows the hidden truth: the
  first relevant finding is where the root cause was identified, a misleading one is called so.
* :func:`describe_line` gives every record a line for the app: the post-mortem's sentence where
  there is one, plus what the moment needs (an alert's reading, a page's reason, a proposal's
  rationale). It never tells players which findings matter, unless ``truth`` is set (the
  debrief, where the hidden truth is revealed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulator import actions as A
from simulator.bundle import Bundle
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.vocabulary import role_label, say_number

#: The longest free text (a title, a message, a finding) a post-mortem line quotes.
TEXT_LIMIT = 160


class Namer:
    """Display names for person ids and the wording of free text and strategies.

    Args:
        bundle: The run's bundle: team names, and whether alerts can have runbooks (None for
            an imported incident: ids are shown as they are).
        name: Names person and system ids instead of the team (the app's own namer).
        limit: The longest free text quoted in a line (None: all of it).
    """

    def __init__(
        self,
        bundle: Bundle | None,
        name: Callable[[str], str] | None = None,
        *,
        limit: int | None = TEXT_LIMIT,
    ) -> None:
        self.bundle = bundle
        self._name = name
        self.limit = limit

    def name(self, person: object) -> str:
        """A person's name, or the id itself."""
        pid = str(person)
        if self._name is not None:
            return self._name(pid)
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
        """``rollback of payments-api``; a real incident's mitigation in its own words
        (strategy ``other``) is its words, and a target not recorded is left out."""
        strategy = str(payload.get("strategy", "")).replace("_", " ")
        words, target = str(payload.get("text") or ""), str(payload.get("target") or "")
        words = self.short(words).rstrip(" .")
        if strategy == "other":
            return f"'{words}'" if words else "a mitigation the record does not name"
        if target:
            return f"{strategy} of {target}"
        return f"{strategy} ('{words}')" if words else strategy

    def short(self, text: object) -> str:
        """Free text on one line, cut at :attr:`limit` characters with an ellipsis."""
        line = " ".join(str(text).split())
        if self.limit is None or len(line) <= self.limit:
            return line
        return line[: self.limit - 1] + "…"


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


def _words(value: object) -> str:
    """An identifier as words: ``deploy_history`` -> ``deploy history``."""
    return str(value or "").replace("_", " ")


def _lower_first(text: str) -> str:
    """``Check the logs`` -> ``check the logs`` (but ``API keys`` stays)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _number(value: object) -> str:
    """A metric reading as people say it: ``12.5``, ``21.9`` (not ``21.9366``), ``1.2e+07``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return say_number(float(value)) if abs(value) < 1e6 else f"{value:.3g}"
    return str(value)


# ---------------------------------------------------------------------------- actions

def _proposed(p: Mapping[str, Any], n: Namer) -> str:
    """A proposed escalation or status-page post (``propose_action``)."""
    if p.get("act") == A.Escalate.name:
        return f"an escalation to level {p.get('level')}"
    if p.get("act") == A.PostStatusPage.name:
        return f"a status-page post ({p.get('status')}): “{n.short(p.get('text', ''))}”"
    return _words(p.get("act", "an action"))


def _decided(p: Mapping[str, Any], n: Namer) -> str:
    """What an approved or declined proposal was (a mitigation unless ``act`` says)."""
    act = p.get("act")
    if act == A.Escalate.name:
        return "escalation"
    if act == A.PostStatusPage.name:
        return "status-page post"
    return n.strategy(p)


#: An action's sentence from its payload, the actor's name and the namer.
_Wording = Callable[[Mapping[str, Any], str, Namer], str]


def _reason(p: Mapping[str, Any], n: Namer) -> str:
    return f" ({n.short(p.get('reason'))})" if p.get("reason") else ""


def _assign_task(p: Mapping[str, Any], who: str, n: Namer) -> str:
    timebox = _seconds(p.get("timebox"))
    if timebox:
        box = f" (time-box {format_duration(timebox)})"
    else:
        box = f" (time-box {n.short(p.get('timebox'))})" if p.get("timebox") else " (no time-box)"
    task_id = f" [{p.get('task_id')}]" if p.get("task_id") else ""
    person = n.name(p.get("person"))
    if p.get("task"):
        what = f"asked {person} to {_lower_first(n.short(p.get('task')))}"
    elif p.get("strategy"):
        what = f"asked {person} to apply {n.strategy(p)}"
    elif p.get("tool"):
        what = f"asked {person} to query {_words(p.get('tool'))}: “{n.short(p.get('query', ''))}”"
    else:
        what = f"gave {person} a task without a description"
    return f"{who} {what}{box}{task_id}"


def _delay_inject(p: Mapping[str, Any], who: str, n: Namer) -> str:
    by = _seconds(p.get("by"))
    return f"Facilitator delayed inject {p.get('inject_id')}" + (
        f" by {format_duration(by)}" if by else ""
    )


def _adhoc_inject(p: Mapping[str, Any], who: str, n: Namer) -> str:
    channel = f" ({_words(p.get('channel'))})" if p.get("channel") else ""
    text = f": {n.short(p.get('text'))}" if p.get("text") else ""
    return f"Facilitator sent a message as {p.get('sender')}{channel}{text}"


#: What the post-mortem says of each action (the chat, joins and facilitator notes are not in it).
_ACTIONS: dict[str, _Wording] = {
    A.AcknowledgePage.name: lambda p, who, n: f"{who} acknowledged the page",
    A.DeclareIncident.name: lambda p, who, n: (
        f"{who} declared a {p.get('severity')} incident: {n.short(p.get('title', ''))}"
    ),
    A.SetSeverity.name: lambda p, who, n: (
        f"{who} re-classified the incident as {p.get('severity')}{_reason(p, n)}"
    ),
    A.AssignRole.name: lambda p, who, n: (
        f"{who} named {n.name(p.get('person'))} {role_label(str(p.get('role')))}"
    ),
    A.AssignTask.name: _assign_task,
    A.FollowUpTask.name: lambda p, who, n: f"{who} followed up on task {p.get('task_id')}",
    A.ReportTask.name: lambda p, who, n: (
        f"{who} reported on task {p.get('task_id')}: {n.short(p.get('result', ''))}"
    ),
    A.QueryTool.name: lambda p, who, n: (
        f"{who} queried {_words(p.get('tool', ''))}: “{n.short(p.get('query', ''))}”"
    ),
    A.ProposeMitigation.name: lambda p, who, n: f"{who} proposed {n.strategy(p)}",
    A.ProposeAction.name: lambda p, who, n: f"{who} proposed {_proposed(p, n)}",
    A.ApproveProposal.name: lambda p, who, n: f"{who} approved the proposed {_decided(p, n)}",
    A.DeclineProposal.name: lambda p, who, n: (
        f"{who} declined the proposed {_decided(p, n)}{_reason(p, n)}"
    ),
    A.ApplyMitigation.name: lambda p, who, n: f"{who} applied {n.strategy(p)}",
    A.PostUpdate.name: lambda p, who, n: (
        f"{who} posted an internal update ({p.get('severity')}, {p.get('status')})"
    ),
    A.PostStatusPage.name: lambda p, who, n: (
        f"{who} posted to the status page ({p.get('status')}): “{n.short(p.get('text', ''))}”"
    ),
    A.PagePerson.name: lambda p, who, n: f"{who} paged {n.name(p.get('person'))}",
    A.Escalate.name: lambda p, who, n: f"{who} escalated to level {p.get('level')}{_reason(p, n)}",
    A.OpenBridge.name: lambda p, who, n: f"{who} opened the bridge call",
    A.HandOverCommand.name: lambda p, who, n: f"{who} handed command to {n.name(p.get('to'))}",
    A.MarkResolved.name: lambda p, who, n: f"{who} marked the incident resolved",
    A.AddNote.name: lambda p, who, n: f"{who} noted: {n.short(p.get('text', ''))}",
    A.SetHints.name: lambda p, who, n: (
        f"{who} turned the beginner's hints {'on' if p.get('on', True) else 'off'}"
    ),
    A.FireInject.name: lambda p, who, n: f"Facilitator fired inject {p.get('inject_id')}",
    A.DelayInject.name: _delay_inject,
    A.SkipInject.name: lambda p, who, n: f"Facilitator skipped inject {p.get('inject_id')}",
    A.AdHocInject.name: _adhoc_inject,
    A.RevealTruth.name: lambda p, who, n: "Facilitator revealed the hidden truth",
}

#: Talk: in the app's feeds, not in the post-mortem.
_TALK: dict[str, _Wording] = {
    A.Say.name: lambda p, who, n: f"{who}: {n.short(p.get('text', ''))}",
    A.Join.name: lambda p, who, n: f"{who} joined the incident",
    A.FacilitatorNote.name: lambda p, who, n: f"Facilitator note: {n.short(p.get('text', ''))}",
}


def describe_action(r: Record, n: Namer) -> str | None:
    """An action in words (None for chat and other talk, which the post-mortem leaves out)."""
    name = r.action
    if name is None or name in _TALK:
        return None
    wording = _ACTIONS.get(name)
    who = n.name(r.actor)
    return wording(r.payload, who, n) if wording is not None else f"{who}: {name}"


# ---------------------------------------------------------------------------- other records


def _impact_start(r: Record, n: Namer) -> str:
    users = _count(r.payload.get("users"))
    return f"Impact began: {users:,} users affected" if users else "Impact began"


def _alert(r: Record, n: Namer) -> str:
    p = r.payload
    where = f" on {p.get('service')}" if p.get("service") else ""
    runbook = "" if p.get("runbook") or n.bundle is None else " (no runbook)"
    return f"Alert {p.get('alert')} fired{where}{runbook}"


def _inject(r: Record, n: Namer) -> str:
    p = r.payload
    sender = p.get("sender") or n.name(r.actor)
    return f"{sender} ({_words(p.get('kind', ''))}): {n.short(p.get('text', ''))}"


def _page(r: Record, n: Namer) -> str:
    p = r.payload
    level = f" (level {p.get('level')})" if p.get("level") else ""
    again = " again" if _count(p.get("attempt"), 1) > 1 else ""
    return f"{n.name(p.get('person'))} paged{again}{level}"


def _mitigation_effect(r: Record, n: Namer) -> str:
    p = r.payload
    before, after = _count(p.get("users_before")), _count(p.get("users_after"))
    # no users counted on either side (an imported timeline without numbers): say nothing
    # rather than "users 0 → 0"
    counts = f" (users {before:,} → {after:,})" if before or after else ""
    if p.get("strategy") == "other":  # a real incident's mitigation in its own words
        words = n.short(p.get("text") or "").rstrip(" .")
        said = f" — '{words}'" if words else ""
        return f"A mitigation took effect: {p.get('effect')}{counts}{said}"
    what = n.strategy(p)
    return f"{what[:1].upper()}{what[1:]} took effect: {p.get('effect')}{counts}"


def _rejected(r: Record, n: Namer) -> str:
    raw = r.payload.get("action")
    action: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    return (
        f"Not done — {_words(action.get('action'))} by {n.name(r.actor)}: "
        f"{n.short(r.payload.get('reason', ''))}"
    )


def _end(r: Record, n: Namer) -> str:
    if n.bundle is None:
        return "End of the recorded timeline"
    return f"Exercise ended ({_words(r.payload.get('reason', ''))})"


def _seat(r: Record, n: Namer) -> str:
    who = n.name(r.payload.get("person"))
    if r.payload.get("by") == "simulator":
        return f"{who}'s seat dropped: the simulator plays them until they return"
    return f"{who} is back and plays their own seat again"


#: The post-mortem line of each kind of record but actions and findings.
_RECORDS: dict[str, Callable[[Record, Namer], str | None]] = {
    "impact_start": _impact_start,
    "alert": lambda r, n: None if r.payload.get("repeat") else _alert(r, n),
    "inject": _inject,
    "page": _page,
    "mitigation_effect": _mitigation_effect,
    "relapse": lambda r, n: f"Impact returned: {n.strategy(r.payload)} had not fixed the cause",
    "impact_end": lambda r, n: "Impact ended: no users affected",
    "task_due": lambda r, n: (
        f"Time-box of task {r.payload.get('task_id')} ({n.name(r.payload.get('person'))}) expired"
    ),
    "rejected": _rejected,
    "seat": _seat,
    "end": _end,
}


def _finding(r: Record, n: Namer, root_cause_first: bool) -> str | None:
    p = r.payload
    text = n.short(p.get("summary") or p.get("text", ""))
    if p.get("relevant"):
        lead = "Root cause identified" if root_cause_first else "Finding"
        return f"{lead} by {n.name(r.actor)}: {text}"
    if p.get("misleading"):
        return f"{n.name(r.actor)} followed a misleading lead: {text}"
    return None


def describe_record(r: Record, n: Namer, *, root_cause_first: bool = False) -> str | None:
    """A record's line in the post-mortem timeline, or None when it is not worth one.

    Args:
        r: The record.
        n: Names people and words strategies.
        root_cause_first: True until the first relevant finding has been described (it is
            where the root cause was identified).

    Returns:
        The sentence, or None (chat, joins, samples, repeated alerts, findings that led
        nowhere).
    """
    if r.kind == "action":
        return describe_action(r, n)
    if r.kind == "finding":
        return _finding(r, n, root_cause_first)
    wording = _RECORDS.get(r.kind)
    return wording(r, n) if wording is not None else None


# ---------------------------------------------------------------------------- the app's lines


def _alert_line(r: Record, n: Namer) -> str:
    p = r.payload
    repeat = f" (repeat {p['repeat']})" if p.get("repeat") else ""
    reading = (
        f": {p.get('metric')} = {_number(p.get('value'))} (threshold {_number(p.get('threshold'))})"
        if p.get("metric")
        else ""
    )
    return f"{_alert(r, n)}{repeat}{reading}"


def _page_line(r: Record, n: Namer) -> str:
    reason = r.payload.get("reason")
    return _page(r, n) + (f": {n.short(reason)}" if reason else "")


def _action_line(r: Record, n: Namer) -> str:
    p = r.payload
    talk = _TALK.get(str(r.action))
    if talk is not None:
        return talk(p, n.name(r.actor), n)
    line = describe_action(r, n) or f"{n.name(r.actor)}: {_words(r.action)}"
    if r.action in (A.ProposeMitigation.name, A.ProposeAction.name) and p.get("rationale"):
        line += f" — {n.short(p.get('rationale'))}"
    return line


def _finding_line(r: Record, n: Namer, truth: bool) -> str:
    p = r.payload
    if truth and (p.get("relevant") or p.get("misleading")):
        return _finding(r, n, root_cause_first=False) or ""
    return f"{n.name(r.actor)} found in {_words(p.get('tool'))}: {n.short(p.get('text', ''))}"


#: Lines of the app for what the post-mortem words differently or leaves out.
_LINES: dict[str, Callable[[Record, Namer], str]] = {
    "action": _action_line,
    "alert": _alert_line,
    "page": _page_line,
    "message": lambda r, n: f"{n.name(r.actor)}: {n.short(r.payload.get('text', ''))}",
    "sample": lambda r, n: "Metrics sampled",
    "header": lambda r, n: f"Exercise {r.payload.get('scenario_id', '')} started",
}


def describe_line(r: Record, n: Namer, *, truth: bool = False) -> str:
    """Every record as one line of plain text for the app's feeds and debrief.

    Args:
        r: The record.
        n: Names people (the app's namer) and words strategies.
        truth: True where the hidden truth may be shown (the debrief): findings then say
            whether they were relevant or misleading, as in the post-mortem.

    Returns:
        The post-mortem's sentence where it has one (with what the moment needs added),
        else a sentence of its own; never empty.
    """
    if r.kind == "finding":
        return _finding_line(r, n, truth)
    wording = _LINES.get(r.kind)
    if wording is not None:
        return wording(r, n)
    return describe_record(r, n) or _words(r.kind).capitalize()
