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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.actions import (
    ACTIONS,
    FACILITATOR,
    FACILITATOR_ACTIONS,
    Action,
    AdHocInject,
    AssignRole,
    AssignTask,
    DeclareIncident,
    DelayInject,
    Escalate,
    FireInject,
    FollowUpTask,
    HandOverCommand,
    PagePerson,
    ProposeMitigation,
    ReportTask,
    SetSeverity,
    SkipInject,
)
from simulator.durations import format_clock
from simulator.model import Role
from simulator.problems import did_you_mean

if TYPE_CHECKING:
    from simulator.engine import Exercise

#: Actions open to a team member who has not acknowledged or joined yet.
_BEFORE_JOINING = ("acknowledge_page", "join")
#: Actions that only make sense once the incident is declared.
_NEEDS_DECLARED = ("set_severity", "post_update", "mark_resolved", "hand_over_command")


def _hint(word: str, choices: list[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


def _service(ex: Exercise, target: str) -> str | None:
    if target in ex.services:
        return None
    if not target:
        return "no target service given"
    return f"unknown service {target!r}{_hint(target, list(ex.services))}"


def _person(ex: Exercise, person: str) -> str | None:
    if person in ex.people:
        return None
    if not person:
        return "no person given"
    return f"unknown person {person!r}{_hint(person, list(ex.people))}"


def _inject(ex: Exercise, inject_id: str) -> str | None:
    if inject_id in ex.slots:
        return None
    return f"unknown inject {inject_id!r}{_hint(inject_id, list(ex.slots))}"


def reason(ex: Exercise, action: Action) -> str | None:
    """Why ``action`` is not allowed now, or None when it is."""
    actor = action.actor
    name = action.name
    state = ex._state
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
    if name == "acknowledge_page":
        if actor not in state.paged:
            return f"{actor} has not been paged"
        if actor not in ex.unacked_pages:
            return f"{actor} has already acknowledged every page"
        return None
    if name == "join":
        if actor in state.joined:
            return f"{actor} has already joined the incident"
        return None
    if not state.in_incident(actor):
        return f"{actor} has not acknowledged a page or joined the incident yet"
    return _player(ex, action)


def _player(ex: Exercise, action: Action) -> str | None:
    state = ex._state
    actor = action.actor
    name = action.name
    commander = state.commander
    if isinstance(action, DeclareIncident):
        if state.declared:
            when = format_clock(state.declared_at or 0.0)
            return (
                f"the incident was already declared at {when} by {state.declared_by} as "
                f"{state.severity}; use set_severity to re-classify"
            )
        return None
    if name in _NEEDS_DECLARED and not state.declared:
        return f"{name}: the incident has not been declared yet"
    if isinstance(action, SetSeverity):
        if action.severity == state.severity:
            return f"the incident is already {action.severity}"
        return None
    if isinstance(action, AssignRole):
        problem = _person(ex, action.person)
        if problem:
            return problem
        if not state.in_incident(action.person):
            return f"{action.person} has not joined the incident; page them first"
        if commander is not None and actor != commander:
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
    if isinstance(action, AssignTask):
        problem = _person(ex, action.person)
        if problem:
            return problem
        if not state.in_incident(action.person):
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
    if isinstance(action, FollowUpTask | ReportTask):
        task = state.tasks.get(action.task_id)
        if task is None:
            open_ids = ", ".join(t.id for t in state.open_tasks()) or "none"
            return f"unknown task {action.task_id!r}; open tasks: {open_ids}"
        if task.done:
            return f"task {task.id} was already reported done"
        if isinstance(action, ReportTask) and task.person != actor:
            return f"task {task.id} is assigned to {task.person}, not {actor}"
        return None
    if isinstance(action, ProposeMitigation) or name == "apply_mitigation":
        return _service(ex, str(getattr(action, "target", "")))
    if isinstance(action, PagePerson):
        problem = _person(ex, action.person)
        if problem:
            return problem
        if action.person == actor:
            return f"{actor} cannot page themselves"
        return None
    if isinstance(action, Escalate):
        if ex.pager.level(action.level) is None:
            levels = ", ".join(str(lv.level) for lv in ex.team.escalation.levels) or "none"
            return f"no escalation level {action.level}; the policy has levels {levels}"
        return None
    if name == "open_bridge" and state.bridge_open_at is not None:
        return f"the bridge is already open (since {format_clock(state.bridge_open_at)})"
    if isinstance(action, HandOverCommand):
        problem = _person(ex, action.to)
        if problem:
            return problem
        if commander is not None and actor != commander:
            return f"only the incident commander ({commander}) can hand over command"
        if action.to == commander:
            return f"{action.to} is already the incident commander"
        if not state.in_incident(action.to):
            return f"{action.to} has not joined the incident; page them first"
        return None
    if name == "mark_resolved" and state.resolved:
        return "the incident is already resolved"
    if name in ("add_note", "say") and not str(getattr(action, "text", "")).strip():
        return f"{name} needs some text"
    return None


def _facilitator(ex: Exercise, action: Action) -> str | None:
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
    if action.name == "facilitator_note" and not str(getattr(action, "text", "")).strip():
        return "a facilitator note needs some text"
    if action.name == "reveal_truth" and ex._state.truth_revealed:
        return "the truth was already revealed"
    return None


def available(ex: Exercise, actor: str) -> list[str]:
    """The action names ``actor`` may take now (arguments may still be rejected)."""
    if ex.finished:
        return []
    state = ex._state
    if actor == FACILITATOR:
        names = [n for n in ACTIONS if n in FACILITATOR_ACTIONS]
        if state.truth_revealed:
            names.remove("reveal_truth")
        if not any(s.status == "pending" for s in ex.slots.values()):
            names = [n for n in names if n not in ("fire_inject", "delay_inject", "skip_inject")]
        return names
    if actor not in ex.people:
        return []
    names = []
    if actor in ex.unacked_pages and actor in state.paged:
        names.append("acknowledge_page")
    if actor not in state.joined:
        names.append("join")
    if not state.in_incident(actor):
        return names
    commander = state.commander
    for name in ACTIONS:
        if name in FACILITATOR_ACTIONS or name in _BEFORE_JOINING:
            continue
        if name == "declare_incident" and state.declared:
            continue
        if not state.declared and name in _NEEDS_DECLARED:
            continue
        if name in ("assign_role", "hand_over_command") and commander not in (None, actor):
            continue
        if name == "follow_up_task" and not state.open_tasks():
            continue
        if name == "report_task" and not any(t.person == actor for t in state.open_tasks()):
            continue
        if name == "open_bridge" and state.bridge_open_at is not None:
            continue
        if name == "mark_resolved" and state.resolved:
            continue
        names.append(name)
    return names
