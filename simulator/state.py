"""The incident as the players know it, folded from journal records.

:class:`IncidentState` is a pure reducer over :class:`~simulator.journal.Record`: feed it
records in order with :meth:`IncidentState.apply` and it holds who is paged, who joined,
the severity, status, roles, tasks, findings, mitigations and updates. The engine uses it to
validate actions, the GUI to show the incident, and scoring and reports to measure it, so
all three agree by construction. Hidden truth (``impact_start``, mitigation effects) is
tracked separately in ``world_*`` fields that views meant for players must not show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.actions import (
    AcknowledgePage,
    AddNote,
    ApplyMitigation,
    ApproveProposal,
    AssignRole,
    AssignTask,
    DeclareIncident,
    DeclineProposal,
    Escalate,
    FacilitatorNote,
    FollowUpTask,
    HandOverCommand,
    Join,
    MarkResolved,
    OpenBridge,
    PostStatusPage,
    PostUpdate,
    ProposeAction,
    ProposeMitigation,
    ReportTask,
    RevealTruth,
    Say,
    SetHints,
    SetSeverity,
)
from simulator.journal import Record
from simulator.model import EXCLUSIVE_ROLES, Role, Severity, Status


@dataclass
class Task:
    """A time-boxed task given to a named person (IC-06)."""

    id: str
    person: str
    task: str
    timebox: float
    assigned_at: float
    assigned_by: str
    tool: str | None = None
    query: str = ""
    strategy: str | None = None
    target: str = ""
    reported_at: float | None = None
    result: str = ""
    done: bool = False
    followed_up_at: float | None = None

    @property
    def due_at(self) -> float:
        """Sim time the time-box expires."""
        return self.assigned_at + self.timebox


@dataclass
class AppliedMitigation:
    """A mitigation someone applied, and when (if ever) it took effect."""

    strategy: str
    target: str
    actor: str
    applied_at: float
    effective_at: float | None = None
    effect: str | None = None


@dataclass
class Proposal:
    """A mitigation a responder proposed (SME-01), and the commander's decision on it."""

    seq: int
    actor: str
    strategy: str
    target: str
    rationale: str
    proposed_at: float
    #: None while open; ``"approved"``, ``"declined"`` or ``"overtaken"`` (a mitigation was
    #: applied before anyone decided).
    decision: str | None = None
    decided_at: float | None = None
    #: The action proposed: ``apply_mitigation`` (``propose_mitigation``), ``escalate`` or
    #: ``post_status_page`` (``propose_action``; ``strategy`` and ``target`` are then "").
    act: str = ApplyMitigation.name
    #: The escalation level proposed (``escalate``).
    level: int = 0
    #: The status and drafted text of a proposed status-page post.
    status: str = ""
    text: str = ""


@dataclass
class IncidentState:
    """Everything known about the incident at the time of the last applied record."""

    now: float = 0.0
    declared: bool = False
    declared_at: float | None = None
    declared_by: str | None = None
    severity: Severity | None = None
    status: Status | None = None
    title: str = ""
    roles: dict[Role, list[str]] = field(default_factory=dict)
    paged: dict[str, float] = field(default_factory=dict)
    acknowledged: dict[str, float] = field(default_factory=dict)
    joined: dict[str, float] = field(default_factory=dict)
    escalation_level: int = 0
    alerts: list[Record] = field(default_factory=list)
    injects: list[Record] = field(default_factory=list)
    tasks: dict[str, Task] = field(default_factory=dict)
    findings: list[Record] = field(default_factory=list)
    mitigations: list[AppliedMitigation] = field(default_factory=list)
    updates: list[Record] = field(default_factory=list)
    status_posts: list[Record] = field(default_factory=list)
    notes: list[Record] = field(default_factory=list)
    messages: list[Record] = field(default_factory=list)
    rejected: list[Record] = field(default_factory=list)
    bridge_open_at: float | None = None
    #: The beginner's hints are on (``set_hints``).
    hints: bool = False
    #: Proposed mitigations by the ``seq`` of their record, oldest first.
    proposals: dict[int, Proposal] = field(default_factory=dict)
    resolved_at: float | None = None
    resolved_by: str | None = None
    truth_revealed: bool = False
    ended: str | None = None
    users_affected: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    # hidden truth, for the debrief and scoring only
    world_impact_start: float | None = None
    world_impact_end: float | None = None

    # ------------------------------------------------------------------ queries

    def holders(self, role: Role) -> list[str]:
        """People holding ``role`` now."""
        return list(self.roles.get(role, []))

    @property
    def commander(self) -> str | None:
        """The incident commander, if one is named."""
        holders = self.roles.get(Role.INCIDENT_COMMANDER, [])
        return holders[0] if holders else None

    def roles_of(self, person: str) -> list[Role]:
        """The roles ``person`` holds now."""
        return [role for role, people in self.roles.items() if person in people]

    def in_incident(self, person: str) -> bool:
        """True once ``person`` acknowledged a page or joined."""
        return person in self.joined or person in self.acknowledged

    def open_tasks(self) -> list[Task]:
        """Tasks not reported done, oldest first."""
        return [t for t in self.tasks.values() if not t.done]

    def overdue_tasks(self) -> list[Task]:
        """Open tasks whose time-box has expired and nobody followed up since."""
        return [
            t
            for t in self.open_tasks()
            if t.due_at <= self.now and (t.followed_up_at is None or t.followed_up_at < t.due_at)
        ]

    def open_proposals(self) -> list[Proposal]:
        """Proposals nobody has decided on yet, oldest first (the latest is the last)."""
        return [p for p in self.proposals.values() if p.decision is None]

    @property
    def last_update_at(self) -> float | None:
        """Sim time of the latest internal update, or None."""
        return self.updates[-1].t if self.updates else None

    @property
    def resolved(self) -> bool:
        """True once the incident was marked resolved."""
        return self.resolved_at is not None

    # ------------------------------------------------------------------ reducer

    def apply(self, record: Record) -> None:
        """Fold one record into the state (records must arrive in journal order)."""
        t = record.t
        if t > self.now:
            self.now = t
        handler = _HANDLERS.get(record.kind)
        if handler is not None:
            handler(self, record)

    def _on_action(self, record: Record) -> None:
        handler = _ACTION_HANDLERS.get(record.payload.get("action"))
        if handler is not None:
            handler(self, record)

    # One handler per action that changes the state (payloads are read, never written).

    def _on_acknowledge(self, record: Record) -> None:
        self.acknowledged.setdefault(record.actor, record.t)
        self.joined.setdefault(record.actor, record.t)

    def _on_join(self, record: Record) -> None:
        self.joined.setdefault(record.actor, record.t)

    def _on_declare(self, record: Record) -> None:
        p = record.payload
        actor, t = record.actor, record.t
        self.declared = True
        self.declared_at = t
        self.declared_by = actor
        self.severity = Severity(p["severity"])
        self.status = Status.INVESTIGATING
        self.title = str(p.get("title", ""))
        self.joined.setdefault(actor, t)
        if not self.roles.get(Role.INCIDENT_COMMANDER):
            self._give(actor, Role.INCIDENT_COMMANDER)

    def _on_set_severity(self, record: Record) -> None:
        self.severity = Severity(record.payload["severity"])

    def _on_assign_role(self, record: Record) -> None:
        self._give(str(record.payload["person"]), Role(record.payload["role"]))

    def _on_assign_task(self, record: Record) -> None:
        p = record.payload
        task_id = str(p.get("task_id") or f"T{len(self.tasks) + 1}")
        self.tasks[task_id] = Task(
            id=task_id,
            person=str(p["person"]),
            task=str(p.get("task", "")),
            timebox=float(p.get("timebox", 600.0)),
            assigned_at=record.t,
            assigned_by=record.actor,
            tool=p.get("tool"),
            query=str(p.get("query", "")),
            strategy=p.get("strategy"),
            target=str(p.get("target", "")),
        )

    def _on_follow_up(self, record: Record) -> None:
        task = self.tasks.get(str(record.payload.get("task_id")))
        if task is not None:
            task.followed_up_at = record.t

    def _on_report(self, record: Record) -> None:
        p = record.payload
        task = self.tasks.get(str(p.get("task_id")))
        if task is not None:
            task.reported_at = record.t
            task.result = str(p.get("result", ""))
            task.done = bool(p.get("done", True))

    def _on_propose(self, record: Record) -> None:
        p = record.payload
        self.proposals[record.seq] = Proposal(
            record.seq,
            record.actor,
            str(p.get("strategy")),
            str(p.get("target")),
            str(p.get("rationale", "")),
            record.t,
        )

    def _on_propose_action(self, record: Record) -> None:
        p = record.payload
        level = p.get("level")
        self.proposals[record.seq] = Proposal(
            record.seq,
            record.actor,
            "",
            "",
            str(p.get("rationale", "")),
            record.t,
            act=str(p.get("act", "")),
            level=level if isinstance(level, int) else 0,
            status=str(p.get("status") or ""),
            text=str(p.get("text", "")),
        )

    def _on_decide(self, record: Record) -> None:
        proposal = self.proposals.get(int(record.payload.get("proposal", -1)))
        if proposal is not None:
            approved = record.payload.get("action") == ApproveProposal.name
            proposal.decision = "approved" if approved else "declined"
            proposal.decided_at = record.t

    def _overtake(self, act: str, t: float) -> None:
        """Open proposals of ``act`` are overtaken: someone did it before anyone decided."""
        for proposal in self.proposals.values():
            if proposal.decision is None and proposal.act == act:
                proposal.decision = "overtaken"
                proposal.decided_at = t

    def _on_apply_mitigation(self, record: Record) -> None:
        self._overtake(ApplyMitigation.name, record.t)
        p = record.payload
        self.mitigations.append(
            AppliedMitigation(str(p["strategy"]), str(p["target"]), record.actor, record.t)
        )
        if self.status in (Status.INVESTIGATING, Status.IDENTIFIED):
            self.status = Status.MITIGATING

    def _on_update(self, record: Record) -> None:
        self.updates.append(record)
        self.status = Status(record.payload["status"])

    def _on_status_page(self, record: Record) -> None:
        self._overtake(PostStatusPage.name, record.t)
        self.status_posts.append(record)

    def _on_escalate(self, record: Record) -> None:
        self._overtake(Escalate.name, record.t)
        self.escalation_level = max(self.escalation_level, int(record.payload.get("level", 0)))

    def _on_bridge(self, record: Record) -> None:
        if self.bridge_open_at is None:
            self.bridge_open_at = record.t

    def _on_hand_over(self, record: Record) -> None:
        self.roles[Role.INCIDENT_COMMANDER] = []
        self._give(str(record.payload["to"]), Role.INCIDENT_COMMANDER)

    def _on_resolved(self, record: Record) -> None:
        self.resolved_at = record.t
        self.resolved_by = record.actor
        self.status = Status.RESOLVED

    def _on_note(self, record: Record) -> None:
        self.notes.append(record)

    def _on_hints(self, record: Record) -> None:
        self.hints = bool(record.payload.get("on", True))

    def _on_say(self, record: Record) -> None:
        self.messages.append(record)

    def _on_reveal_truth(self, record: Record) -> None:
        self.truth_revealed = True

    def _give(self, person: str, role: Role) -> None:
        holders = self.roles.setdefault(role, [])
        if role in EXCLUSIVE_ROLES:
            holders.clear()
        if person not in holders:
            holders.append(person)

    def _on_page(self, record: Record) -> None:
        person = str(record.payload.get("person"))
        self.paged.setdefault(person, record.t)
        level = record.payload.get("level")
        if isinstance(level, int):
            self.escalation_level = max(self.escalation_level, level)

    def _on_sample(self, record: Record) -> None:
        self.users_affected = int(record.payload.get("users", 0))
        metrics = record.payload.get("metrics", {})
        if not isinstance(metrics, dict):
            return
        # Most samples repeat the values already held (before the impact, once settled):
        # then there is nothing to fold (both checks run in C). A zero may be -0.0 where
        # 0.0 is held (equal, but written differently), so zeros are always folded.
        if 0.0 in metrics.values() or not metrics.items() <= self.metrics.items():
            self.metrics.update({str(k): float(v) for k, v in metrics.items()})

    def _on_mitigation_effect(self, record: Record) -> None:
        for m in reversed(self.mitigations):
            same = (m.strategy, m.target) == (
                record.payload.get("strategy"),
                record.payload.get("target"),
            )
            if same and m.effective_at is None:
                m.effective_at = record.t
                m.effect = str(record.payload.get("effect"))
                break
        if "users_after" in record.payload:
            self.users_affected = int(record.payload["users_after"])


def _append(attr: str) -> Any:
    def handler(state: IncidentState, record: Record) -> None:
        getattr(state, attr).append(record)

    return handler


def _set_time(attr: str) -> Any:
    def handler(state: IncidentState, record: Record) -> None:
        setattr(state, attr, record.t)

    return handler


def _on_end(state: IncidentState, record: Record) -> None:
    state.ended = str(record.payload.get("reason", "stopped"))


_HANDLERS: dict[str, Any] = {
    "action": IncidentState._on_action,
    "page": IncidentState._on_page,
    "sample": IncidentState._on_sample,
    "mitigation_effect": IncidentState._on_mitigation_effect,
    "alert": _append("alerts"),
    "inject": _append("injects"),
    "finding": _append("findings"),
    "message": _append("messages"),
    "rejected": _append("rejected"),
    "impact_start": _set_time("world_impact_start"),
    "impact_end": _set_time("world_impact_end"),
    "end": _on_end,
}


#: The reducer of each action that changes the state, by action name (the name of its class
#: in :mod:`simulator.actions`); other actions (``page_person``, ``query_tool`` ...) change
#: nothing here. A dispatch on the payload's name, not on typed actions: the engine folds
#: every record it writes, so no action object is built here.
_ACTION_HANDLERS: dict[object, Callable[[IncidentState, Record], None]] = {
    AcknowledgePage.name: IncidentState._on_acknowledge,
    Join.name: IncidentState._on_join,
    DeclareIncident.name: IncidentState._on_declare,
    SetSeverity.name: IncidentState._on_set_severity,
    AssignRole.name: IncidentState._on_assign_role,
    AssignTask.name: IncidentState._on_assign_task,
    FollowUpTask.name: IncidentState._on_follow_up,
    ReportTask.name: IncidentState._on_report,
    ApplyMitigation.name: IncidentState._on_apply_mitigation,
    ProposeMitigation.name: IncidentState._on_propose,
    ProposeAction.name: IncidentState._on_propose_action,
    ApproveProposal.name: IncidentState._on_decide,
    DeclineProposal.name: IncidentState._on_decide,
    PostUpdate.name: IncidentState._on_update,
    PostStatusPage.name: IncidentState._on_status_page,
    Escalate.name: IncidentState._on_escalate,
    OpenBridge.name: IncidentState._on_bridge,
    HandOverCommand.name: IncidentState._on_hand_over,
    MarkResolved.name: IncidentState._on_resolved,
    AddNote.name: IncidentState._on_note,
    FacilitatorNote.name: IncidentState._on_note,
    Say.name: IncidentState._on_say,
    SetHints.name: IncidentState._on_hints,
    RevealTruth.name: IncidentState._on_reveal_truth,
}


def fold(records: list[Record]) -> IncidentState:
    """The state after every record of ``records``."""
    state = IncidentState()
    for record in records:
        state.apply(record)
    return state
