"""Import a real incident's record as a journal, so it can be scored and reported.

``gameday import-timeline FILE --out DIR [--report]`` reads a timeline CSV, a Statuspage
incident export (:mod:`simulator.importing.statuspage`) or a PagerDuty incident log
(:mod:`simulator.importing.pagerduty`), recognised by content, and writes
``DIR/journal.jsonl``. This module builds the journal from the rows
(:class:`~simulator.importing.builder.Builder`, one handler per kind below); rows in people's
own words are first read into their kind's syntax by :mod:`simulator.importing.prose`.

The canonical CSV has the columns ``time,kind,actor,text`` (a header row naming them, in any
order). Real files come in other shapes, read by :mod:`simulator.importing.sheet` with the
lenient readers of :mod:`simulator.importing.timeline_parse`:
other column names (``Timestamp (UTC)``, ``Event``, ``Who`` ...) and a separate date column;
kind and actor columns are optional (a row without a kind is classified from its text); times
in ISO 8601 or spreadsheet / prose spellings, with zone names, abbreviations or offsets, or a
clock time alone (the date of the row above, rolled over midnight); every assumption is a
warning. Rows may come in any order and are sorted by time (stable). An empty line, or a row
whose ``time`` starts with ``#``, is skipped (``# date: ...`` and ``# timezone: ...`` set the
date and zone of rows without one). Sim time 0 is the earliest row. Kinds are case-
and separator-insensitive (``Status-Page`` = ``status_page``) and accept a few other spellings
(:data:`KIND_ALIASES`: acknowledged, declared, escalation, statuspage, mitigate, resolve ...).

Kinds (``text`` is parsed as shown; ``actor`` is who did it or what sent it):

===================  ==========================================================================
kind                 journal record / how ``text`` is read
===================  ==========================================================================
impact_start         ``impact_start`` (+ a ``sample``); the first number in text = users affected
impact_end           ``impact_end`` (+ a ``sample`` with 0 users): users no longer affected
alert                ``alert``; alert name = text up to the first ``:`` (actor: the monitor)
customer_report,     ``inject`` of that kind (detection sources of the guide); text as is
internal_report,
security_finding,
synthetic_check
page                 ``page``: ``PERSON [(level N)] [reason]`` — level 1 when not given
ack                  ``acknowledge_page`` by actor
declare              ``declare_incident``: ``SEV-N [title]`` (severity required)
severity             ``set_severity``: ``SEV-N [reason]``
role                 ``assign_role`` by actor: ``ROLE: PERSON`` (incident_commander, IC,
                     communications_lead / comms lead, scribe, technical_lead / tech lead,
                     subject_matter_expert / SME)
task                 ``assign_task`` by actor: ``PERSON: what [(10m)]`` — no ``(duration)`` means
                     no time-box; task ids T1, T2 ... in order; an expired time-box without a
                     report writes ``task_due``
follow_up            ``follow_up_task``: ``T1`` or a person (their latest task)
report               ``report_task`` by actor: ``[T1:] result`` (default: actor's latest task)
finding              ``finding`` (relevant): ``[logs|metrics|tracing|deploy_history:] what``
update               ``post_update``: the guide's template, fields separated by ``;``, ``|`` or
                     new lines: ``Severity: SEV-2; Status: Investigating; Current Impact: ...;
                     Recent Actions: ...; Next Steps: ...; ETA: ...`` (free text without labels
                     becomes Current Impact; a missing Severity / Status inherits the current)
status_page          ``post_status_page``: ``[Status -|:] text`` (status word optional,
                     default Investigating), e.g. ``Resolved - Checkout works again.``
escalate             ``escalate``: ``level N [reason]``
bridge               ``open_bridge``
handover             ``hand_over_command``: ``PERSON[: briefing]``
mitigation           ``apply_mitigation``: ``STRATEGY TARGET [note]`` (rollback / roll back /
                     revert, restart, failover / fail over, scale, feature_flag / feature flag,
                     block_traffic / block traffic)
mitigated            ``mitigation_effect``: ``[partial] [STRATEGY TARGET]`` — the named (default:
                     latest) mitigation took effect; resolves, or reduces for ``partial``. With
                     no ``impact_end`` row, a full mitigation marks the end of the impact.
resolved             ``mark_resolved``; checklist items ticked when text names them
                     (metrics normal, no recurring errors, customer impact resolved,
                     stakeholders notified)
note                 ``add_note``
message              ``say`` (chat)
===================  ==========================================================================

The header carries ``scenario_id`` ``imported:<file stem>``, the CSV's path and SHA-256 as its
only file, ``clock_start`` (the earliest time, in its zone) and the incident title (the
``declare`` text, else the file stem). Every bad row is reported as
``file:line:col: error: column: what was wrong (what was expected)``; nothing is written then.
:func:`import_timeline` returns the records or raises :class:`TimelineError`; the command that
prints and writes them is :mod:`cli.timeline`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from simulator import __version__
from simulator.actions import (
    AcknowledgePage,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    FollowUpTask,
    HandOverCommand,
    MarkResolved,
    OpenBridge,
    PostStatusPage,
    PostUpdate,
    ReportTask,
    Say,
    SetSeverity,
)
from simulator.durations import parse_duration
from simulator.importing.builder import (
    LEVEL_FIRST,
    PAGE_TEXT,
    SEVERITY_FIRST,
    TASK_ID,
    TIMEBOX,
    Builder,
)
from simulator.importing.jsondoc import (
    COMMAND_OF,
    LABEL_OF,
    PAGERDUTY_LOG,
    STATUSPAGE,
    JsonError,
    kind_of,
    looks_like_json,
    parse,
)
from simulator.importing.kinds import (
    COLUMNS,
    DETECTION_KINDS,
    KIND_ALIASES,
    KINDS,
    PAGE_STATES,
    UNNAMED_ACTOR,
    TimelineError,
)
from simulator.importing.pagerduty import incidents_of as pagerduty_incidents
from simulator.importing.pagerduty import pagerduty_rows
from simulator.importing.prose import lenient
from simulator.importing.rows import Row as _Row
from simulator.importing.sheet import (
    decode,
    detect_delimiter,
    no_impact_warning,
    order_warning,
    parse_time,
    read_rows,
)
from simulator.importing.source import read_source
from simulator.importing.statuspage import incidents_of as statuspage_incidents
from simulator.importing.statuspage import statuspage_rows
from simulator.importing.timeline_parse import prose_severity, prose_users, severity_hint
from simulator.journal import JOURNAL_FORMAT, Record
from simulator.model import Severity, Status, Strategy, Tool
from simulator.problems import Level, Problem, did_you_mean, errors
from simulator.vocabulary import ROLE_NAMES, STRATEGY_NAMES, UPDATE_LABELS, checklist_ticks

__all__ = [
    "COLUMNS",
    "KINDS",
    "KIND_ALIASES",
    "UNNAMED_ACTOR",
    "TimelineError",
    "detect_delimiter",
    "import_timeline",
    "parse_time",
    "read_rows",
    "timeline_json",
    "timeline_problems",
]


def _severity(b: Builder, row: _Row) -> tuple[Severity, str] | None:
    match = SEVERITY_FIRST.match(row.text)
    if match is None:
        b.error(
            row,
            "text",
            f"expected a severity first, like 'SEV-2 {row.text[:30]}'".rstrip(),
            hint="SEV-1, SEV-2, SEV-3 or SEV-4",
        )
        return None
    return Severity(f"SEV-{match.group(1)}"), match.group(2).strip()


def _strategy(b: Builder, row: _Row, text: str) -> tuple[Strategy, str, str] | None:
    lowered = text.lower()
    for alias in sorted(STRATEGY_NAMES, key=len, reverse=True):
        if lowered.startswith(alias) and (
            len(lowered) == len(alias) or lowered[len(alias)] in " :"
        ):
            rest = text[len(alias) :].strip(" :")
            target, _, note = rest.partition(" ")
            if not target:
                b.warn(
                    row,
                    "text",
                    f"'{text}' names no target service after the strategy: the target is "
                    "not recorded",
                    hint=f"e.g. '{alias} payments-api'",
                )
            return STRATEGY_NAMES[alias], target.strip(",;"), note.strip()
    first = lowered.split(" ")[0] if lowered else ""
    b.error(
        row,
        "text",
        f"'{text}' does not start with a mitigation strategy; expected one of "
        f"{', '.join(s.value for s in Strategy)} and a target",
        hint=did_you_mean(first, STRATEGY_NAMES) or "e.g. 'rollback payments-api'",
    )
    return None


def _update(b: Builder, row: _Row) -> None:
    parts = [p.strip() for p in re.split(r"\s*(?:;|\||\n)\s*", row.text) if p.strip()]
    fields: dict[str, str] = {}
    loose: list[str] = []
    for part in parts:
        label, sep, value = part.partition(":")
        key = UPDATE_LABELS.get(label.strip().lower()) if sep else None
        if key is None:
            loose.append(part)
        else:
            fields[key] = value.strip()
    if loose and "impact" not in fields:
        fields["impact"] = " ".join(loose)
    severity = b.severity or Severity.SEV3
    if "severity" in fields:
        parsed = SEVERITY_FIRST.match(fields["severity"])
        if parsed is None:
            b.error(row, "text", f"Severity: '{fields['severity']}' is not SEV-1 ... SEV-4")
            return
        severity = Severity(f"SEV-{parsed.group(1)}")
    status = b.status
    if "status" in fields:
        status_text = fields["status"].split()[0].strip(".,") if fields["status"] else ""
        matches = [s for s in Status if s.value.lower() == status_text.lower()]
        if not matches:
            b.error(
                row,
                "text",
                f"Status: '{fields['status']}' is not one of {', '.join(s.value for s in Status)}",
                hint=did_you_mean(status_text.title(), [s.value for s in Status]),
            )
            return
        status = matches[0]
    b.status = status
    b.act(
        row,
        PostUpdate(
            row.actor,
            severity=severity,
            status=status,
            impact=fields.get("impact", ""),
            recent_actions=fields.get("recent_actions", ""),
            next_steps=fields.get("next_steps", ""),
            eta=fields.get("eta", ""),
        ),
    )


def _status_page(b: Builder, row: _Row) -> None:
    status = Status.INVESTIGATING
    text = row.text
    match = re.match(r"^\s*(\w+)\s*(?:(?:-|–|—|:)\s*|$)(.*)$", text, re.S)
    if match is not None:
        word = match.group(1).lower()
        found = [s for s in Status if s.value.lower() == word] or (
            [PAGE_STATES[word]] if word in PAGE_STATES else []
        )
        if found:
            status, text = found[0], match.group(2).strip() or row.text.strip()
    b.act(row, PostStatusPage(row.actor, status=status, text=text))


def _task(b: Builder, row: _Row) -> None:
    person, sep, what = row.text.partition(":")
    if not sep or not person.strip() or " " in person.strip():
        b.error(
            row,
            "text",
            "expected 'PERSON: what to do (10m)'",
            hint="e.g. 'bob: check the deploy history (10m)'",
        )
        return
    timebox = 0.0
    box = TIMEBOX.search(what)
    if box is not None:
        timebox = parse_duration(box.group("box"))
        what = what[: box.start()]
    task_id = f"T{len(b.tasks) + 1}"
    b.tasks.append((task_id, person.strip(), b.t(row), timebox))
    b.act(
        row,
        AssignTask(row.actor, person=person.strip(), task=what.strip(), timebox=timebox),
        task_id=task_id,
    )


def _task_ref(b: Builder, row: _Row, default_person: str) -> tuple[str, str] | None:
    match = TASK_ID.match(row.text)
    if match is not None:
        known = [t[0] for t in b.tasks]
        if match.group("id") not in known:
            b.error(
                row,
                "text",
                f"no task {match.group('id')} before this row; tasks so far: "
                f"{', '.join(known) or 'none'}",
            )
            return None
        return match.group("id"), match.group("rest").strip()
    person = row.text.split(":")[0].strip() if row.kind == "follow_up" else default_person
    for task_id, owner, _, _ in reversed(b.tasks):
        if owner == person:
            rest = row.text.partition(":")[2].strip() if row.kind == "report" else ""
            return task_id, rest or row.text
    b.error(
        row,
        "text",
        f"no earlier task for '{person}'; name the task like 'T1'",
        hint=f"tasks so far: {', '.join(t[0] for t in b.tasks) or 'none'}",
    )
    return None


def _mitigated(b: Builder, row: _Row) -> None:
    text = row.text
    partial = row.partial or text.lower().startswith("partial")
    if partial and not row.partial:
        text = text[len("partial") :].strip(" :-")
    if row.strategy is None and text and any(text.lower().startswith(a) for a in STRATEGY_NAMES):
        parsed = _strategy(b, row, text)
        if parsed is None:
            return
        key = (parsed[0].value, parsed[1], "")
    elif b.mitigations:
        key = b.mitigations[-1]
    else:
        key = (Strategy.OTHER.value, "", row.text)
        _unnamed_mitigation(b, row)
        if row.path:  # a Statuspage 'monitoring' update
            b.warn(row, "status", _MONITORING_READ)
        else:
            b.warn(
                row,
                "kind",
                f"a '{row.kind}' row with no earlier mitigation row: time to mitigate is taken "
                "from this row (strategy other, target not recorded)",
                hint="add the mitigation that worked above it, e.g. 'rollback payments-api'",
            )
    _effect(b, row, key, partial)


_MONITORING_READ = (
    "the first 'monitoring' update says a fix is in place: time to mitigate is taken from it "
    "(strategy other, in the update's words; target not recorded)"
)


def _unnamed_mitigation(b: Builder, row: _Row) -> None:
    """The mitigation a record shows took effect without naming it (a ``mitigated`` or
    ``resolved`` row with no mitigation before it): applied then at the latest, strategy
    ``other``, nothing named; by ``responder`` unless a person wrote the row."""
    actor = row.actor if row.actor not in ("", "world") and not row.path else UNNAMED_ACTOR
    b.mitigations.append((Strategy.OTHER.value, "", ""))
    b.act(row, ApplyMitigation(actor, strategy=Strategy.OTHER, target=""))


def _effect(b: Builder, row: _Row, key: tuple[str, str, str], partial: bool) -> None:
    """A ``mitigation_effect`` record of the mitigation ``key`` (strategy, target, words)."""
    before = b.users
    after = round(before * 0.5) if partial else 0
    b.users = after
    b.emit(
        row,
        "mitigation_effect",
        "world",
        {
            "strategy": key[0],
            "target": key[1],
            "effect": "reduces" if partial else "resolves",
            "amount": 50.0 if partial else 0.0,
            "users_before": before,
            "users_after": after,
            **({"text": key[2]} if key[2] else {}),
        },
    )
    b.effect_written = True
    if not partial and b.full_mitigation_at is None:
        b.full_mitigation_at = b.t(row)


def _handle(b: Builder, row: _Row) -> None:
    """Write the records of one row in the strict syntax of its kind (see the module table)."""
    handler = _ROW_HANDLERS.get(row.kind)
    if handler is not None:
        handler(b, row)


def _impact_start(b: Builder, row: _Row) -> None:
    users = prose_users(row.text)
    number = re.match(r"\s*(\d[\d,]*)", row.text)
    if users is None and number is not None:
        users = int(number.group(1).replace(",", ""))
    b.users = users or 0
    b.emit(row, "impact_start", row.actor or "world", {"users": b.users})
    b.impact_started = True
    b.emit(row, "sample", "world", {"users": b.users, "metrics": {}})


def _impact_end(b: Builder, row: _Row) -> None:
    b.users = 0
    b.impact_end_written = True
    b.emit(row, "impact_end", row.actor or "world", {})
    b.emit(row, "sample", "world", {"users": 0, "metrics": {}})


def _alert(b: Builder, row: _Row) -> None:
    text = row.text
    alert = text.split(":")[0].strip()[:120] or "alert"
    if alert.endswith("…"):  # a name made of a sentence's first words (see _lenient)
        text = text.partition(":")[2].strip()
    b.emit(
        row,
        "alert",
        row.actor or "monitoring",
        {
            "alert": alert,
            "service": None,
            "metric": None,
            "value": None,
            "threshold": None,
            "runbook": None,
            "repeat": 0,
            "text": text,
        },
    )


def _detection(b: Builder, row: _Row) -> None:
    kind = row.kind
    b.emit(
        row,
        "inject",
        row.actor or "reporter",
        {
            "inject_id": f"row-{row.line}",
            "kind": kind,
            "sender": row.actor or "reporter",
            "channel": "ticket" if kind == "customer_report" else "chat",
            "text": row.text,
            "expected_action": None,
            "objective": None,
            "service": None,
            "alert": None,
        },
    )


def _page(b: Builder, row: _Row) -> None:
    if row.person:  # a JSON source names the person (a PagerDuty notification)
        payload = {"person": row.person, "level": int(row.extra.get("level", "1"))}
        b.emit(row, "page", row.actor or "pager", {**payload, "attempt": 1, "reason": row.text})
        return
    match = PAGE_TEXT.match(row.text)
    if match is None or not row.text:
        b.error(
            row, "text", "expected 'PERSON [(level N)] [reason]'", hint="e.g. 'alice (level 1)'"
        )
        return
    level = match.group("level") or match.group("level2")
    b.emit(
        row,
        "page",
        row.actor or "pager",
        {
            "person": match.group("person"),
            "level": int(level) if level else 1,
            "attempt": 1,
            "reason": match.group("reason").strip(),
        },
    )


def _ack(b: Builder, row: _Row) -> None:
    b.act(row, AcknowledgePage(row.actor))


def _declare_or_severity(b: Builder, row: _Row) -> None:
    parsed = _severity(b, row)
    if parsed is None:
        return
    severity, rest = parsed
    if row.severity_recorded:
        b.severity = severity
    if row.kind == "declare":
        if not b.title:
            b.title, b.title_line = rest, row.line
        extra = {} if row.severity_recorded else {"severity_recorded": False}
        b.act(row, DeclareIncident(row.actor, severity=severity, title=rest), **extra)
    else:
        b.act(row, SetSeverity(row.actor, severity=severity, reason=rest))


def _role(b: Builder, row: _Row) -> None:
    text = row.text
    role_text, sep, person = text.partition(":")
    role = ROLE_NAMES.get(role_text.strip().lower())
    if not sep or role is None or not person.strip():
        b.error(
            row,
            "text",
            f"expected 'ROLE: PERSON', got '{text}'",
            hint=did_you_mean(role_text.strip().lower(), ROLE_NAMES)
            or "e.g. 'incident_commander: alice'",
        )
        return
    b.act(row, AssignRole(row.actor, person=person.strip(), role=role))


def _follow_up_or_report(b: Builder, row: _Row) -> None:
    ref = _task_ref(b, row, row.actor)
    if ref is None:
        return
    if row.kind == "follow_up":
        b.act(row, FollowUpTask(row.actor, task_id=ref[0]))
    else:
        b.reported.setdefault(ref[0], b.t(row))
        b.act(row, ReportTask(row.actor, task_id=ref[0], result=ref[1], done=True))


def _finding(b: Builder, row: _Row) -> None:
    tool_text, sep, what = row.text.partition(":")
    tool = tool_text.strip().lower() if sep else ""
    if tool not in {t.value for t in Tool}:
        tool, what = "", row.text
    b.emit(
        row,
        "finding",
        row.actor or "responder",
        {
            "tool": tool,
            "query": "",
            "text": what.strip(),
            "clue_id": None,
            "relevant": True,
            "misleading": False,
            "summary": what.strip(),
        },
    )


def _escalate(b: Builder, row: _Row) -> None:
    match = LEVEL_FIRST.match(row.text)
    if match is None:
        b.error(
            row, "text", f"expected 'level N [reason]', got '{row.text}'", hint="e.g. 'level 2'"
        )
        return
    level = int(match.group("level"))
    b.escalation_level = max(b.escalation_level, level)
    b.act(row, Escalate(row.actor, level=level, reason=match.group("reason")))


def _bridge(b: Builder, row: _Row) -> None:
    b.act(row, OpenBridge(row.actor))


def _handover(b: Builder, row: _Row) -> None:
    person, _, briefing = row.text.partition(":")
    if not person.strip() or " " in person.strip():
        b.error(row, "text", "expected 'PERSON[: briefing]'", hint="e.g. 'bob: rollback running'")
        return
    b.act(row, HandOverCommand(row.actor, to=person.strip(), briefing=briefing.strip()))


def _mitigation(b: Builder, row: _Row) -> None:
    words = ""
    if row.strategy is not None:  # read from the row's own words (see _prose_mitigation)
        strategy, target, words = row.strategy, row.target, row.text
    else:
        parsed = _strategy(b, row, row.text)
        if parsed is None:
            return
        strategy, target, _note = parsed
    b.mitigations.append((strategy.value, target, words))
    extra = {"text": words} if words else {}
    b.act(row, ApplyMitigation(row.actor, strategy=strategy, target=target), **extra)


def _resolved(b: Builder, row: _Row) -> None:
    if not b.mitigations and not b.effect_written and b.impact_started:
        before = "'monitoring' update" if row.path else "mitigation row"
        b.warn(
            row,
            "kind",
            f"resolved with no {before} before it: time to mitigate is taken from the "
            "resolution (strategy other, target not recorded)",
            hint=""
            if row.path
            else "add the mitigation that worked above it, e.g. 'rollback payments-api'",
        )
        _unnamed_mitigation(b, row)
        _effect(b, row, (Strategy.OTHER.value, "", row.text), False)
    b.status = Status.RESOLVED
    b.act(row, MarkResolved(row.actor, summary=row.text, **checklist_ticks(row.text)))


def _note(b: Builder, row: _Row) -> None:
    b.act(row, AddNote(row.actor, text=row.text))


def _message(b: Builder, row: _Row) -> None:
    b.act(row, Say(row.actor, text=row.text))


#: The reader of each kind of row (in its strict syntax).
_ROW_HANDLERS: dict[str, Callable[[Builder, _Row], None]] = {
    "impact_start": _impact_start,
    "impact_end": _impact_end,
    "alert": _alert,
    **dict.fromkeys(DETECTION_KINDS, _detection),
    "page": _page,
    "ack": _ack,
    "declare": _declare_or_severity,
    "severity": _declare_or_severity,
    "role": _role,
    "task": _task,
    "follow_up": _follow_up_or_report,
    "report": _follow_up_or_report,
    "finding": _finding,
    "update": _update,
    "status_page": _status_page,
    "escalate": _escalate,
    "bridge": _bridge,
    "handover": _handover,
    "mitigation": _mitigation,
    "mitigated": _mitigated,
    "resolved": _resolved,
    "note": _note,
    "message": _message,
}


def _task_dues(b: Builder, end: float) -> list[tuple[float, str, str]]:
    dues = []
    for task_id, person, at, box in b.tasks:
        due = at + box
        if box > 0 and due <= end and not (task_id in b.reported and b.reported[task_id] < due):
            dues.append((due, task_id, person))
    return dues


def import_timeline(
    path: Path,
    warnings: list[Problem] | None = None,
    incident: str | None = None,
    allow_large: bool = False,
) -> list[Record]:
    """The journal records (header first) of the timeline at ``path``.

    The file is recognised by its content: a JSON document is a Statuspage incident export
    (:mod:`simulator.importing.statuspage`) or a PagerDuty incident log
    (:mod:`simulator.importing.pagerduty`); anything else is a timeline CSV.

    Args:
        path: the CSV or JSON file.
        warnings: if given, receives the warnings of a timeline that imports (ignored extra
            columns, rows out of time order, no ``impact_start`` row, rows read leniently).
        incident: which incident of a JSON file that holds several (its id, or words of its
            name); ignored for a CSV.
        allow_large: read a file over the import size cap (``--allow-large``).

    Raises:
        TimelineError: with every located error of the file.
    """
    name = str(path)
    source, unread = read_source(path, allow_large)
    if source is None:
        raise TimelineError(unread)
    data = source
    if looks_like_json(data):
        rows, problems, source_title = _json_rows(data, name, incident)
        if not rows and not errors(problems):
            problems.append(Problem(name, 1, 1, "", "the incident has no events with a time"))
        if not rows or errors(problems):
            raise TimelineError(sorted(errors(problems), key=lambda p: (p.line, p.path)))
        return _journal(path, data, rows, problems, warnings, source_title)
    text, decoding = decode(data, name)
    rows, problems = read_rows(text, name)
    problems[:0] = decoding
    if not rows and not errors(problems):  # warnings alone (an ignored column) are no rows
        problems.append(
            Problem(
                name,
                2,
                1,
                "",
                "no rows after the header",
                hint="add at least an impact_start or alert row",
            )
        )
    if not rows:
        raise TimelineError(errors(problems))
    for extra in (order_warning(name, rows), no_impact_warning(name, rows)):
        if extra is not None:
            problems.append(extra)
    return _journal(path, data, rows, problems, warnings)


def _json_rows(
    data: bytes, name: str, incident: str | None
) -> tuple[list[_Row], list[Problem], str]:
    """The rows of a JSON export (Statuspage, PagerDuty log), its problems and its title."""
    try:
        doc, text = parse(data, name)
        kind = kind_of(doc)
        if kind == STATUSPAGE:
            return statuspage_rows(doc, text, name, incident)
        if kind == PAGERDUTY_LOG:
            rows, problems, title = pagerduty_rows(doc, text, name, incident)
            if rows and not any(r.kind == "impact_start" for r in rows):
                problems.append(
                    Problem(
                        name,
                        0,
                        0,
                        "",
                        "a PagerDuty log says when PagerDuty was told, not when users were first "
                        "affected: MTTD and the times to mitigate and resolve are not recorded",
                        level=Level.WARNING,
                    )
                )
            return rows, problems, title
    except JsonError as exc:
        raise TimelineError(exc.problems) from None
    if kind is not None:
        message = f"this is {LABEL_OF[kind]}, not an incident timeline"
        hint = f"import it with {COMMAND_OF[kind]}"
    else:
        message = (
            "a JSON file this importer does not know: expected a Statuspage incidents export "
            "(incidents[] with incident_updates[]) or a PagerDuty incident log (log_entries[])"
        )
        hint = "or save the timeline as CSV with the columns time,kind,actor,text"
    raise TimelineError([Problem(name, 1, 1, "", message, hint=hint)])


def _journal(
    path: Path,
    data: bytes,
    rows: list[_Row],
    problems: list[Problem],
    warnings: list[Problem] | None,
    source_title: str = "",
) -> list[Record]:
    """The journal of ``rows`` (any order), or TimelineError with every error found."""
    name = str(path)
    rows.sort(key=lambda r: r.time)
    start = rows[0].time
    builder = Builder(name, start, problems)
    builder.default_severity = _first_severity(rows)
    for row in rows:
        for strict_row in lenient(builder, row):
            _handle(builder, strict_row)
    if builder.read_as:
        listed = ", ".join(f"line {line} {kind}" for line, kind in builder.read_as.items())
        first_line = next(iter(builder.read_as))
        problems.append(
            Problem(
                name,
                first_line,
                1,
                "kind",
                f"{len(builder.read_as)} row(s) give no kind (or only a phase name); each was "
                f"read from its text: {listed}",
                level=Level.WARNING,
                hint="check them; where one was read wrong, write its kind (alert, page, ack, "
                "declare, mitigation, resolved ...) in a kind column",
            )
        )
    if errors(problems):
        raise TimelineError(sorted(errors(problems), key=lambda p: (p.line, p.column)))
    if warnings is not None:
        warnings.extend(sorted(problems, key=lambda p: (p.line, p.column, p.path)))
    records = builder.records
    end = max(r.t for r in records) if records else 0.0
    resolved_at = next((r.t for r in records if r.action == MarkResolved.name), None)
    if not builder.impact_end_written and builder.full_mitigation_at is not None:
        records.append(Record(0, builder.full_mitigation_at, "impact_end", "world", {}))
    elif not builder.impact_end_written and resolved_at is not None and builder.impact_started:
        # Nothing says when users stopped being affected, but the incident was resolved: the
        # impact is over by then (else the report would call it "still ongoing").
        records.append(Record(0, resolved_at, "impact_end", "world", {}))
    for due, task_id, person in _task_dues(builder, end):
        records.append(Record(0, due, "task_due", "clock", {"task_id": task_id, "person": person}))
    resolved = any(r.action == MarkResolved.name for r in records)
    records.append(
        Record(0, end, "end", "engine", {"reason": "resolved" if resolved else "stopped"})
    )
    records.sort(key=lambda r: r.t)  # stable: synthesized records follow the rows at their time
    header = Record(
        0,
        0.0,
        "header",
        "engine",
        {
            "format": JOURNAL_FORMAT,
            "app_version": __version__,
            "scenario_id": f"imported:{path.stem}",
            "team_id": "",
            "files": {"timeline": {"path": name, "sha256": hashlib.sha256(data).hexdigest()}},
            "runbooks": {},
            "seed": None,
            "human": None,
            "clock_start": start.isoformat(),
            "time_limit": end,
            "variant": "",
            "title": source_title or _title(builder, path),
            "source": "timeline",
        },
    )
    return [
        Record(seq, r.t, r.kind, r.actor, r.payload, r.wall)
        for seq, r in enumerate([header, *records])
    ]


def _first_severity(rows: list[_Row]) -> tuple[Severity, int, str] | None:
    """The first level a row names (``SEV 1``, ``P1``), else the first named in words
    (``critical``, ``Severity: High``, a colour state): (severity, line, the words)."""
    for row in rows:
        level = prose_severity(row.text)
        if level is not None:
            return Severity(f"SEV-{level}"), row.line, f"SEV-{level}"
    for row in rows:
        words = severity_hint(row.text)
        if words is not None:
            return Severity(f"SEV-{words[0]}"), row.line, words[1]
    return None


def _title(b: Builder, path: Path) -> str:
    """The incident title: the declaration's text, unless that was prose read as a
    declaration (a sentence, not a title), then the file's name."""
    if b.title and b.title_line not in b.read_as and len(b.title) <= 100:
        return b.title
    return path.stem


def timeline_json(path: Path) -> bool:
    """True when ``path`` is a JSON file :func:`import_timeline` reads (a Statuspage export or
    a PagerDuty incident log), judged by its content; False for anything else or unreadable."""
    data, _unread = read_source(path)
    if data is None or not looks_like_json(data):
        return False
    try:
        doc, _ = parse(data, str(path))
    except JsonError:
        return False
    return kind_of(doc) in (STATUSPAGE, PAGERDUTY_LOG)


def timeline_problems(path: Path) -> list[Problem]:
    """Every problem ``gameday import-timeline`` would report for ``path`` (errors, else the
    warnings), without writing anything; a JSON file that holds several incidents is checked
    incident by incident (each problem once)."""
    choices: list[str | None] = []
    if timeline_json(path):
        doc, text = parse(read_source(path)[0] or b"", str(path))
        found = (
            statuspage_incidents(doc, text)
            if kind_of(doc) == STATUSPAGE
            else (pagerduty_incidents(doc, text))
        )
        choices = [c.id for c in found] if len(found) > 1 else []
    problems: list[Problem] = []
    for incident in choices or [None]:
        warnings: list[Problem] = []
        try:
            import_timeline(path, warnings, incident)
        except TimelineError as exc:
            warnings = list(exc.problems)
        problems += [p for p in warnings if p not in problems]
    return problems
