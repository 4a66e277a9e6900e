"""The one action vocabulary shared by humans, simulated responders and the facilitator.

A person in the GUI and a simulated responder act through exactly these records; the
engine cannot tell them apart except by ``actor``. Each action is a frozen dataclass with a
``name`` (the journal's ``payload["action"]``) and typed fields. :func:`action_from_payload`
reads one back from a journal record, so replay and scoring see the same types the engine
saw. Field-level validation (types, enums) happens here; validation against the incident
state (is the target a service? is that person in the incident?) is the engine's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from simulator.model import Role, Severity, Status, Strategy, Tool

#: The actor id the facilitator console acts as.
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Action:
    """Base of every action: who acts. Subclasses set ``name`` and add fields."""

    name: ClassVar[str] = ""
    #: Actions that change the system under exercise (ORG-04) or investigate (IC-01).
    hands_on: ClassVar[bool] = False
    actor: str

    def to_payload(self) -> dict[str, Any]:
        """The fields as JSON-ready values, plus ``"action": name`` (``actor`` excluded)."""
        payload: dict[str, Any] = {"action": self.name}
        for f in dataclasses.fields(self):
            if f.name == "actor":
                continue
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            payload[f.name] = value
        return payload


# ---------------------------------------------------------------- responders & IC


@dataclass(frozen=True)
class AcknowledgePage(Action):
    """Acknowledge the page(s) sent to the actor; stops escalation."""

    name: ClassVar[str] = "acknowledge_page"


@dataclass(frozen=True)
class Join(Action):
    """Join the incident channel (and bridge, if open)."""

    name: ClassVar[str] = "join"


@dataclass(frozen=True)
class DeclareIncident(Action):
    """Declare an incident at a severity; the declarer becomes IC if no IC is named."""

    name: ClassVar[str] = "declare_incident"
    severity: Severity = Severity.SEV3
    title: str = ""


@dataclass(frozen=True)
class SetSeverity(Action):
    """Re-classify the incident."""

    name: ClassVar[str] = "set_severity"
    severity: Severity = Severity.SEV3
    reason: str = ""


@dataclass(frozen=True)
class AssignRole(Action):
    """Give ``role`` to ``person`` (who must have joined)."""

    name: ClassVar[str] = "assign_role"
    person: str = ""
    role: Role = Role.SUBJECT_MATTER_EXPERT


@dataclass(frozen=True)
class AssignTask(Action):
    """Give a named person a time-boxed task (IC-06). ``tool``/``query`` make it an investigation,
    ``strategy``/``target`` a mitigation to carry out."""

    name: ClassVar[str] = "assign_task"
    person: str = ""
    task: str = ""
    timebox: float = 600.0
    tool: Tool | None = None
    query: str = ""
    strategy: Strategy | None = None
    target: str = ""


@dataclass(frozen=True)
class FollowUpTask(Action):
    """Check in on a task whose time-box has expired (IC-07)."""

    name: ClassVar[str] = "follow_up_task"
    task_id: str = ""


@dataclass(frozen=True)
class ReportTask(Action):
    """Report back on an assigned task."""

    name: ClassVar[str] = "report_task"
    task_id: str = ""
    result: str = ""
    done: bool = True


@dataclass(frozen=True)
class QueryTool(Action):
    """Query an investigation tool (logs / metrics / tracing / deploy history)."""

    name: ClassVar[str] = "query_tool"
    hands_on: ClassVar[bool] = True
    tool: Tool = Tool.LOGS
    query: str = ""


@dataclass(frozen=True)
class ProposeMitigation(Action):
    """Propose a mitigation to the IC (SME-01: suggest, do not act)."""

    name: ClassVar[str] = "propose_mitigation"
    strategy: Strategy = Strategy.ROLLBACK
    target: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class ProposeAction(Action):
    """Propose an escalation or a status-page post to the IC (IC-09: the commander decides,
    the proposer acts). ``act`` is the action proposed: ``escalate`` (``level``) or
    ``post_status_page`` (``status`` and the drafted ``text``). Mitigations are proposed with
    :class:`ProposeMitigation`; both are decided by :class:`ApproveProposal` /
    :class:`DeclineProposal` (without a strategy or target for this kind)."""

    name: ClassVar[str] = "propose_action"
    act: str = "escalate"
    level: int = 0
    status: Status | None = None
    text: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class ApproveProposal(Action):
    """The incident commander approves a proposed mitigation (IC-09: decide, then the
    proposer acts). ``proposal`` is the journal ``seq`` of the ``propose_mitigation`` record;
    ``strategy`` and ``target`` repeat what it proposed, so the journal reads on its own."""

    name: ClassVar[str] = "approve_proposal"
    proposal: int = 0
    strategy: Strategy | None = None
    target: str = ""
    #: The action proposed when it is no mitigation (``escalate``, ``post_status_page``).
    act: str = ""


@dataclass(frozen=True)
class DeclineProposal(Action):
    """The incident commander declines a proposed mitigation; the proposer says what they
    will do instead. ``proposal``, ``strategy`` and ``target`` as for :class:`ApproveProposal`."""

    name: ClassVar[str] = "decline_proposal"
    proposal: int = 0
    strategy: Strategy | None = None
    target: str = ""
    reason: str = ""
    #: As for :class:`ApproveProposal`.
    act: str = ""


@dataclass(frozen=True)
class ApplyMitigation(Action):
    """Apply a mitigation strategy to a service."""

    name: ClassVar[str] = "apply_mitigation"
    hands_on: ClassVar[bool] = True
    strategy: Strategy = Strategy.ROLLBACK
    target: str = ""


@dataclass(frozen=True)
class PostUpdate(Action):
    """An internal update in the guide's template."""

    name: ClassVar[str] = "post_update"
    severity: Severity = Severity.SEV3
    status: Status = Status.INVESTIGATING
    impact: str = ""
    recent_actions: str = ""
    next_steps: str = ""
    eta: str = ""


@dataclass(frozen=True)
class PostStatusPage(Action):
    """An external status-page post (clear, non-technical language)."""

    name: ClassVar[str] = "post_status_page"
    status: Status = Status.INVESTIGATING
    text: str = ""


@dataclass(frozen=True)
class PagePerson(Action):
    """Page a specific person into the incident."""

    name: ClassVar[str] = "page_person"
    person: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Escalate(Action):
    """Page the targets of an escalation level now."""

    name: ClassVar[str] = "escalate"
    level: int = 2
    reason: str = ""


@dataclass(frozen=True)
class OpenBridge(Action):
    """Open a bridge call (expected for SEV-1/2)."""

    name: ClassVar[str] = "open_bridge"


@dataclass(frozen=True)
class HandOverCommand(Action):
    """Explicitly hand incident command to another person (IC-15/IC-16)."""

    name: ClassVar[str] = "hand_over_command"
    to: str = ""
    briefing: str = ""


@dataclass(frozen=True)
class MarkResolved(Action):
    """Resolve the incident through the guide's resolution checklist."""

    name: ClassVar[str] = "mark_resolved"
    metrics_normal: bool = False
    no_recurring_errors: bool = False
    customer_impact_resolved: bool = False
    stakeholders_notified: bool = False
    summary: str = ""


@dataclass(frozen=True)
class AddNote(Action):
    """A note in the scribe's log."""

    name: ClassVar[str] = "add_note"
    text: str = ""


@dataclass(frozen=True)
class SetHints(Action):
    """Turn the beginner's hints on or off: a nudge in the channel when a doctrine rule is
    about to be missed ("no update for 25 minutes"). Journaled, so the report says so."""

    name: ClassVar[str] = "set_hints"
    on: bool = True


@dataclass(frozen=True)
class Say(Action):
    """A chat message in the incident channel."""

    name: ClassVar[str] = "say"
    text: str = ""


# ---------------------------------------------------------------- facilitator


@dataclass(frozen=True)
class FireInject(Action):
    """Facilitator: fire an MSEL inject now."""

    name: ClassVar[str] = "fire_inject"
    inject_id: str = ""


@dataclass(frozen=True)
class DelayInject(Action):
    """Facilitator: push a pending inject back by ``by`` seconds."""

    name: ClassVar[str] = "delay_inject"
    inject_id: str = ""
    by: float = 300.0


@dataclass(frozen=True)
class SkipInject(Action):
    """Facilitator: never fire this inject."""

    name: ClassVar[str] = "skip_inject"
    inject_id: str = ""


@dataclass(frozen=True)
class AdHocInject(Action):
    """Facilitator: a message typed as any persona."""

    name: ClassVar[str] = "adhoc_inject"
    sender: str = ""
    channel: str = "chat"
    text: str = ""


@dataclass(frozen=True)
class FacilitatorNote(Action):
    """Facilitator: a note stamped with the sim time (shown in the report)."""

    name: ClassVar[str] = "facilitator_note"
    text: str = ""


@dataclass(frozen=True)
class RevealTruth(Action):
    """Facilitator: reveal the hidden truth to the players."""

    name: ClassVar[str] = "reveal_truth"


ACTION_TYPES: tuple[type[Action], ...] = (
    AcknowledgePage,
    Join,
    DeclareIncident,
    SetSeverity,
    AssignRole,
    AssignTask,
    FollowUpTask,
    ReportTask,
    QueryTool,
    ProposeMitigation,
    ProposeAction,
    ApproveProposal,
    DeclineProposal,
    ApplyMitigation,
    PostUpdate,
    PostStatusPage,
    PagePerson,
    Escalate,
    OpenBridge,
    HandOverCommand,
    MarkResolved,
    AddNote,
    SetHints,
    Say,
    FireInject,
    DelayInject,
    SkipInject,
    AdHocInject,
    FacilitatorNote,
    RevealTruth,
)

#: Action class by name.
ACTIONS: Mapping[str, type[Action]] = {cls.name: cls for cls in ACTION_TYPES}

#: Actions only the facilitator may take.
FACILITATOR_ACTIONS = frozenset(
    {
        "fire_inject",
        "delay_inject",
        "skip_inject",
        "adhoc_inject",
        "facilitator_note",
        "reveal_truth",
    }
)

_ENUMS: dict[str, Any] = {
    "severity": Severity,
    "role": Role,
    "tool": Tool,
    "strategy": Strategy,
    "status": Status,
}


#: Fields that hold a whole number.
_WHOLE_NUMBERS = frozenset({"level", "proposal"})


def action_from_payload(actor: str, payload: Mapping[str, Any]) -> Action:
    """Rebuild an action from a journal payload (``{"action": name, **fields}``).

    Raises:
        ValueError: naming the unknown action or the bad field and what was expected.
    """
    name = payload.get("action")
    if not isinstance(name, str) or name not in ACTIONS:
        raise ValueError(f"unknown action {name!r}; expected one of {', '.join(ACTIONS)}")
    cls = ACTIONS[name]
    known = {f.name: f for f in dataclasses.fields(cls) if f.name != "actor"}
    kwargs: dict[str, Any] = {}
    for key, value in payload.items():
        if key == "action":
            continue
        if key not in known:
            raise ValueError(f"{name}: unknown field {key!r}; expected one of {', '.join(known)}")
        enum = _ENUMS.get(key)
        if enum is not None and value is not None:
            try:
                value = enum(value)
            except ValueError:
                choices = ", ".join(e.value for e in enum)
                raise ValueError(f"{name}.{key}: {value!r} is not one of {choices}") from None
        default = known[key].default
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ValueError(f"{name}.{key}: expected true or false, got {value!r}")
        if isinstance(default, float) and not isinstance(value, bool):
            if not isinstance(value, int | float):
                raise ValueError(f"{name}.{key}: expected a number, got {value!r}")
            value = float(value)
        if key in _WHOLE_NUMBERS and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"{name}.{key}: expected a whole number, got {value!r}")
        if isinstance(default, str) and key not in _ENUMS and not isinstance(value, str):
            raise ValueError(f"{name}.{key}: expected text, got {value!r}")
        kwargs[key] = value
    return cls(actor=actor, **kwargs)


__all__ = [
    "ACTIONS",
    "ACTION_TYPES",
    "FACILITATOR",
    "FACILITATOR_ACTIONS",
    "Action",
    "action_from_payload",
]
