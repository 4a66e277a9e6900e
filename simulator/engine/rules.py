"""Action validation: which actions are allowed now, and why an action is rejected.

The same rules apply to a human and to a simulated responder. A rejected action is written
to the journal as a ``rejected`` record with the reason returned here and changes nothing.

Decisions worth knowing:

* nobody acts before being paged and acknowledging, or joining (``join`` is open to every
  team member; ORG-08 scores freelancing, it is not forbidden);
* a role may be given to anyone in the incident, even a role the team file does not list
  for them (real commanders improvise; scoring can flag it), but never to someone who has
  not joined, and the incident commander cannot take a second role (IC-02);
* only the incident commander assigns roles and hands over command once one is named;
  command changes hands only through ``hand_over_command`` (IC-15);
* facilitator actions are the facilitator's alone, and the facilitator records players'
  decisions as those players (the tabletop mode), never as ``facilitator``.

The rules read a run through :class:`Situation`, the few things of an exercise they judge
against, so this module imports nothing of the engine (the engine imports it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

from simulator.actions import (
    ACTIONS,
    FACILITATOR,
    FACILITATOR_ACTIONS,
    AcknowledgePage,
    Action,
    AddNote,
    AdHocInject,
    ApplyMitigation,
    ApproveProposal,
    AssignRole,
    AssignTask,
    DeclareIncident,
    DeclineProposal,
    DelayInject,
    Escalate,
    FacilitatorNote,
    FireInject,
    FollowUpTask,
    HandOverCommand,
    Join,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    ProposeAction,
    ProposeMitigation,
    ReportTask,
    RevealTruth,
    Say,
    SetHints,
    SetSeverity,
    SkipInject,
)
from simulator.durations import format_clock
from simulator.model import Person, Role, Service, Team
from simulator.problems import did_you_mean
from simulator.state import IncidentState


class InjectSlot(Protocol):
    """What the rules read of one MSEL entry: has it fired, and when is it due."""

    @property
    def status(self) -> str:
        """``"pending"``, ``"fired"`` or ``"skipped"``."""

    @property
    def due(self) -> float | None:
        """Sim time it will fire; None while it waits for its condition."""


class Situation(Protocol):
    """What an action is judged against: the incident state, who and what exists, and the
    run's pages and injects (an :class:`~simulator.engine.Exercise` is one)."""

    @property
    def state(self) -> IncidentState:
        """The incident state folded from the journal so far."""

    @property
    def finished(self) -> bool:
        """True once the run ended (nothing is available any more)."""

    @property
    def team(self) -> Team:
        """The team (its id for messages, its escalation levels)."""

    @property
    def people(self) -> Mapping[str, Person]:
        """Team members by id."""

    @property
    def services(self) -> Mapping[str, Service]:
        """The scenario's services by id (mitigation and task targets)."""

    @property
    def slots(self) -> Mapping[str, InjectSlot]:
        """The MSEL entries by inject id (facilitator actions name them)."""

    @property
    def unacked_pages(self) -> AbstractSet[str]:
        """People paged since their last acknowledgement."""


#: ``check(situation, action)``: why a player's action is not allowed, or None.
_Check = Callable[[Situation, Any], str | None]

#: Actions open to a team member who has not acknowledged or joined yet.
_BEFORE_JOINING = (AcknowledgePage.name, Join.name)
#: Actions that only make sense once the incident is declared.
_NEEDS_DECLARED = (SetSeverity.name, PostUpdate.name, MarkResolved.name, HandOverCommand.name)
#: Facilitator actions on one MSEL entry (offered only while one is pending).
_ON_INJECTS = (FireInject.name, DelayInject.name, SkipInject.name)


def _hint(word: str, choices: list[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


def _service(ex: Situation, target: str) -> str | None:
    if target in ex.services:
        return None
    if not target:
        return "no target service given"
    return f"unknown service {target!r}{_hint(target, list(ex.services))}"


def _person(ex: Situation, person: str) -> str | None:
    if person in ex.people:
        return None
    if not person:
        return "no person given"
    return f"unknown person {person!r}{_hint(person, list(ex.people))}"


def _inject(ex: Situation, inject_id: str) -> str | None:
    if inject_id in ex.slots:
        return None
    return f"unknown inject {inject_id!r}{_hint(inject_id, list(ex.slots))}"


def reason(ex: Situation, action: Action) -> str | None:
    """Why ``action`` is not allowed now, or None when it is."""
    actor = action.actor
    name = action.name
    state = ex.state
    if name not in ACTIONS:
        return f"unknown action {name!r}"
    if name in FACILITATOR_ACTIONS:
        if actor != FACILITATOR:
            return f"{name} is a facilitator action; {actor} cannot take it"
        return _facilitator(ex, action)
    if actor == FACILITATOR:
        return (
            f"the facilitator records {name} as the player who decided it, not as '{FACILITATOR}'"
        )
    if actor not in ex.people:
        return f"{actor!r} is not a member of team {ex.team.id}{_hint(actor, list(ex.people))}"
    if name == AcknowledgePage.name:
        if actor not in state.paged:
            return f"{actor} has not been paged"
        if actor not in ex.unacked_pages:
            return f"{actor} has already acknowledged every page"
        return None
    if name == SetHints.name:
        return None  # anyone playing may ask for hints, in the incident or not
    if name == Join.name:
        if actor in state.joined:
            return f"{actor} has already joined the incident"
        return None
    if not state.in_incident(actor):
        return f"{actor} has not acknowledged a page or joined the incident yet"
    return _player(ex, action)


def _player(ex: Situation, action: Action) -> str | None:
    """Why a player in the incident may not take ``action`` now (None when they may)."""
    name = action.name
    if name in _NEEDS_DECLARED and not ex.state.declared:
        return f"{name}: the incident has not been declared yet"
    check = _PLAYER_CHECKS.get(name)
    return check(ex, action) if check is not None else None


def _declare(ex: Situation, action: DeclareIncident) -> str | None:
    state = ex.state
    if state.declared:
        when = format_clock(state.declared_at or 0.0)
        return (
            f"the incident was already declared at {when} by {state.declared_by} as "
            f"{state.severity}; use set_severity to re-classify"
        )
    return None


def _set_severity(ex: Situation, action: SetSeverity) -> str | None:
    if action.severity == ex.state.severity:
        return f"the incident is already {action.severity}"
    return None


def _assign_role(ex: Situation, action: AssignRole) -> str | None:
    state = ex.state
    commander = state.commander
    problem = _person(ex, action.person)
    if problem:
        return problem
    if not state.in_incident(action.person):
        return f"{action.person} has not joined the incident; page them first"
    if commander is not None and action.actor != commander:
        return f"only the incident commander ({commander}) assigns roles"
    if action.role is Role.INCIDENT_COMMANDER and commander is not None:
        return f"{commander} is the incident commander; use hand_over_command to change it"
    if action.person in state.holders(action.role):
        return f"{action.person} already holds {action.role.value}"
    if action.person == commander:
        return (
            "the incident commander cannot hold another role at the same time (IC-02); "
            "hand over command first"
        )
    return None


def _assign_task(ex: Situation, action: AssignTask) -> str | None:
    problem = _person(ex, action.person)
    if problem:
        return problem
    if not ex.state.in_incident(action.person):
        return f"{action.person} has not joined the incident; page them first"
    if action.timebox <= 0:
        return f"the time-box must be positive, got {action.timebox:g} s"
    if not action.task.strip() and action.tool is None and action.strategy is None:
        return "the task says nothing: give it a description, a tool or a strategy"
    if action.strategy is not None:
        return _service(ex, action.target)
    if action.target:
        return _service(ex, action.target)
    return None


def _task_answer(ex: Situation, action: FollowUpTask | ReportTask) -> str | None:
    state = ex.state
    task = state.tasks.get(action.task_id)
    if task is None:
        open_ids = ", ".join(t.id for t in state.open_tasks()) or "none"
        return f"unknown task {action.task_id!r}; open tasks: {open_ids}"
    if task.done:
        return f"task {task.id} was already reported done"
    if isinstance(action, ReportTask) and task.person != action.actor:
        return f"task {task.id} is assigned to {task.person}, not {action.actor}"
    return None


def _mitigation(ex: Situation, action: ProposeMitigation | ApplyMitigation) -> str | None:
    return _service(ex, str(action.target))


def _decide(ex: Situation, action: ApproveProposal | DeclineProposal) -> str | None:
    """A proposal is decided once, by the incident commander (or anyone while none is named)."""
    state = ex.state
    proposal = state.proposals.get(action.proposal)
    if proposal is None:
        return f"no mitigation was proposed as {action.proposal}; nothing to decide"
    if proposal.decision is not None:
        return f"that proposal was already {proposal.decision}"
    strategy = action.strategy.value if action.strategy is not None else proposal.strategy
    target = action.target or proposal.target
    if action.act and action.act != proposal.act:
        return f"proposal {action.proposal} proposes {proposal.act}, not {action.act}"
    if proposal.act != ApplyMitigation.name:  # an escalation or a status-page post
        if action.strategy is not None or action.target:
            return f"proposal {action.proposal} is no mitigation: decide it without a strategy"
    elif (strategy, target) != (proposal.strategy, proposal.target):
        return (
            f"proposal {action.proposal} is {proposal.strategy} of {proposal.target}, "
            f"not {strategy} of {target}"
        )
    commander = state.commander
    if commander is not None and action.actor != commander:
        return f"only the incident commander ({commander}) decides on proposals"
    return None


def _page_person(ex: Situation, action: PagePerson) -> str | None:
    problem = _person(ex, action.person)
    if problem:
        return problem
    if action.person == action.actor:
        return f"{action.actor} cannot page themselves"
    return None


def _propose_action(ex: Situation, action: ProposeAction) -> str | None:
    """An escalation (to a level the policy has) or a status-page post (with its status)."""
    if action.act == Escalate.name:
        return _escalate(ex, Escalate(actor=action.actor, level=action.level))
    if action.act == PostStatusPage.name:
        return None if action.status is not None else "a proposed status-page post needs a status"
    return (
        f"cannot propose {action.act!r}; expected {Escalate.name} or {PostStatusPage.name} "
        "(mitigations are proposed with propose_mitigation)"
    )


def _escalate(ex: Situation, action: Escalate) -> str | None:
    levels = ex.team.escalation.levels
    if not any(lv.level == action.level for lv in levels):
        numbers = ", ".join(str(lv.level) for lv in levels) or "none"
        return f"no escalation level {action.level}; the policy has levels {numbers}"
    return None


def _open_bridge(ex: Situation, action: OpenBridge) -> str | None:
    opened = ex.state.bridge_open_at
    if opened is not None:
        return f"the bridge is already open (since {format_clock(opened)})"
    return None


def _hand_over(ex: Situation, action: HandOverCommand) -> str | None:
    state = ex.state
    commander = state.commander
    problem = _person(ex, action.to)
    if problem:
        return problem
    if commander is not None and action.actor != commander:
        return f"only the incident commander ({commander}) can hand over command"
    if action.to == commander:
        return f"{action.to} is already the incident commander"
    if not state.in_incident(action.to):
        return f"{action.to} has not joined the incident; page them first"
    return None


def _mark_resolved(ex: Situation, action: MarkResolved) -> str | None:
    if ex.state.resolved:
        return "the incident is already resolved"
    return None


def _words(ex: Situation, action: AddNote | Say) -> str | None:
    if not str(action.text).strip():
        return f"{action.name} needs some text"
    return None


#: The check of each player action that has one, by action name.
_PLAYER_CHECKS: dict[str, _Check] = {
    DeclareIncident.name: _declare,
    SetSeverity.name: _set_severity,
    AssignRole.name: _assign_role,
    AssignTask.name: _assign_task,
    FollowUpTask.name: _task_answer,
    ReportTask.name: _task_answer,
    ProposeMitigation.name: _mitigation,
    ProposeAction.name: _propose_action,
    ApplyMitigation.name: _mitigation,
    ApproveProposal.name: _decide,
    DeclineProposal.name: _decide,
    PagePerson.name: _page_person,
    Escalate.name: _escalate,
    OpenBridge.name: _open_bridge,
    HandOverCommand.name: _hand_over,
    MarkResolved.name: _mark_resolved,
    AddNote.name: _words,
    Say.name: _words,
}


def _facilitator(ex: Situation, action: Action) -> str | None:
    if isinstance(action, FireInject | DelayInject | SkipInject):
        problem = _inject(ex, action.inject_id)
        if problem:
            return problem
        slot = ex.slots[action.inject_id]
        if slot.status != "pending":
            return f"inject {action.inject_id} was already {slot.status}"
        if isinstance(action, DelayInject):
            if action.by <= 0:
                return f"delay by a positive time, got {action.by:g} s"
            if slot.due is None:
                return (
                    f"inject {action.inject_id} has no time yet: it waits for its condition; "
                    "fire or skip it instead"
                )
        return None
    if isinstance(action, AdHocInject) and not action.text.strip():
        return "an ad-hoc inject needs some text"
    if isinstance(action, FacilitatorNote) and not str(action.text).strip():
        return "a facilitator note needs some text"
    if isinstance(action, RevealTruth) and ex.state.truth_revealed:
        return "the truth was already revealed"
    return None


def available(ex: Situation, actor: str) -> list[str]:
    """The action names ``actor`` may take now (arguments may still be rejected)."""
    if ex.finished:
        return []
    if actor == FACILITATOR:
        return _facilitator_available(ex)
    if actor not in ex.people:
        return []
    state = ex.state
    names = []
    if actor in ex.unacked_pages and actor in state.paged:
        names.append(AcknowledgePage.name)
    if actor not in state.joined:
        names.append(Join.name)
    if not state.in_incident(actor):
        return names
    hidden = _not_now(state, actor)
    for name in ACTIONS:
        if name in FACILITATOR_ACTIONS or name in _BEFORE_JOINING or name in hidden:
            continue
        names.append(name)
    return names


def _facilitator_available(ex: Situation) -> list[str]:
    names = [n for n in ACTIONS if n in FACILITATOR_ACTIONS]
    if ex.state.truth_revealed:
        names.remove(RevealTruth.name)
    if not any(s.status == "pending" for s in ex.slots.values()):
        names = [n for n in names if n not in _ON_INJECTS]
    return names


def _not_now(state: IncidentState, actor: str) -> set[str]:
    """Player actions that make no sense for ``actor`` in this state (not offered)."""
    hidden: set[str] = set()
    if state.declared:
        hidden.add(DeclareIncident.name)
    else:
        hidden.update(_NEEDS_DECLARED)
    if state.commander not in (None, actor):
        hidden.update((AssignRole.name, HandOverCommand.name))
    open_tasks = state.open_tasks()
    if not open_tasks:
        hidden.add(FollowUpTask.name)
    if not any(t.person == actor for t in open_tasks):
        hidden.add(ReportTask.name)
    if state.bridge_open_at is not None:
        hidden.add(OpenBridge.name)
    if state.resolved:
        hidden.add(MarkResolved.name)
    if not state.open_proposals() or state.commander not in (None, actor):
        hidden.update((ApproveProposal.name, DeclineProposal.name))
    return hidden
