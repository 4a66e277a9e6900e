"""The crew: every simulated person of one exercise, and what happens to them on each record.

An exercise creates one :class:`Crew` (nobody in a tabletop) and calls
:meth:`Crew.on_record` with every journal record. The crew owns the shared
:class:`~simulator.agents.picture.Picture`, one :class:`~simulator.agents.responder.Responder`
per simulated person, and the process of whoever simulated holds command
(:class:`~simulator.agents.commander.Commander`), communications
(:class:`~simulator.agents.comms.CommsLead`) or the notes
(:class:`~simulator.agents.scribe.Scribe`); on each record it tells the people concerned
(a page, a task, a follow-up) and wakes the role holders whose picture changed. It also plays
the people around the incident: an SME who asks a human commander again for a decision
(IC-09), and stakeholders asking for news when the update cadence lapses.

Everything the crew sees of the exercise and does in it goes through the
:class:`~simulator.agents.port.ExercisePort`: ``agents/`` never imports the engine.

Module map of ``agents/`` (each imports only those above it):

* ``calibration``: behaviour profiles and the figures they come from;
* ``port``: what an agent may see of an exercise and do in it;
* ``waker``: how a role process sleeps until poked;
* ``picture``: what the crew knows together;
* ``wording``: the text they write;
* ``responder``: one person answering pages and working tasks;
* ``role``: the process of a role holder; ``commander``, ``comms``, ``scribe``: the roles;
* ``crew``: all of them, and the dispatch of records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from simulator.actions import (
    AcknowledgePage,
    AddNote,
    ApplyMitigation,
    ApproveProposal,
    AssignRole,
    AssignTask,
    DeclareIncident,
    DeclineProposal,
    FollowUpTask,
    HandOverCommand,
    Join,
    MarkResolved,
    PostUpdate,
    ProposeAction,
    ProposeMitigation,
    QueryTool,
    Say,
)
from simulator.agents.calibration import DECISION_NUDGE, STAKEHOLDER_AGAIN, STAKEHOLDER_GRACE
from simulator.agents.coach import Coach
from simulator.agents.commander import Commander
from simulator.agents.comms import CommsLead
from simulator.agents.listener import Listener
from simulator.agents.picture import Picture, rule_for
from simulator.agents.port import ExercisePort
from simulator.agents.responder import Responder
from simulator.agents.scribe import Scribe
from simulator.agents.wording import STRATEGY_VERB
from simulator.durations import format_duration
from simulator.journal import Record, typed_action
from simulator.model import Role, Severity

#: The actions that change who holds a role (see ``IncidentState``).
_ROLE_CHANGES = frozenset({DeclareIncident.name, AssignRole.name, HandOverCommand.name})

#: Actions by others that give the commander nothing new to decide on.
_QUIET = frozenset({AddNote.name, Say.name, QueryTool.name, FollowUpTask.name})

#: Actions after which the communications lead looks again.
_COMMS_NEWS = frozenset({PostUpdate.name, ApplyMitigation.name, MarkResolved.name})

#: Record kinds that give the commander something new to look at.
_COMMANDER_NEWS = frozenset({"finding", "task_due", "inject", "alert"})


class Crew:
    """All simulated people of one exercise and what they share (leads, proposals).

    Args:
        port: the exercise, as far as agents may see it.
        simulated: the ids of the people the simulator plays.
        human: the person id the human plays, None when everyone is simulated.
        human_commands: the human plays the incident commander.
    """

    def __init__(
        self,
        port: ExercisePort,
        simulated: Iterable[str],
        human: str | None = None,
        human_commands: bool = False,
    ) -> None:
        self.port = port
        self.picture = picture = Picture(port, human, human_commands)
        self.people: dict[str, Responder] = {
            pid: Responder(picture, picture.roster[pid]) for pid in sorted(simulated)
        }
        self.commander: Commander | None = None
        self.comms: CommsLead | None = None
        self.scribe: Scribe | None = None
        self._stakeholder_gen = 0
        self._nudged: set[int] = set()
        #: Answers the human commander's messages, tasks and decisions.
        self.listener = Listener(picture, frozenset(self.people))
        #: The beginner's hints (silent unless the human turns them on).
        self.coach = Coach(picture) if human_commands else None
        #: The commanding human's seat is played by the simulator (see :meth:`take_over`).
        self._commander_away = False
        self._coach_away: Coach | None = None
        #: Stand-ins whose human came back, kept should the seat drop again.
        self._stood_down: dict[str, Responder] = {}
        #: What each kind of action record sets off, by action name.
        self._on: dict[str, Callable[[Record], None]] = {
            AcknowledgePage.name: self._joined,
            Join.name: self._joined,
            DeclareIncident.name: self._cadence,
            PostUpdate.name: self._cadence,
            AssignTask.name: self._assigned,
            FollowUpTask.name: self._followed_up,
            ProposeMitigation.name: self._proposed,
            ProposeAction.name: self.listener.proposed,
            ApplyMitigation.name: self._applied,
            Say.name: self.listener.heard,
            AssignRole.name: self.listener.role_named,
            ApproveProposal.name: self.listener.decided,
            DeclineProposal.name: self.listener.decided,
        }

    def backup_commander(self, exclude: tuple[str, ...] = ()) -> str | None:
        """A simulated IC-capable person to page when the human plays another role (the
        on-call secondary first), skipping ``exclude`` (people who did not answer)."""
        team = self.picture.team
        order = [team.on_call.secondary, *(p.id for p in team.people)]
        for pid in order:
            if (
                pid
                and pid not in exclude
                and pid in self.people
                and Role.INCIDENT_COMMANDER in self.people[pid].roles
            ):
                return pid
        return None

    # ------------------------------------------------------------------ dropped seats

    def take_over(self, person: str) -> None:
        """Play ``person``, a human whose seat dropped, until :meth:`hand_back`: their
        responder picks up where they are (an unanswered page, joining, open tasks) and the
        process of any role they hold (command, comms, notes) starts."""
        picture = self.picture
        # the same person again after an earlier stand-in: what they had under way is theirs
        me = self._stood_down.pop(person, None) or Responder(picture, picture.roster[person])
        # in place and in id order: the commander keeps this dict and picks people from it
        people = sorted({**self.people, person: me}.items())
        self.people.clear()
        self.people.update(people)
        self.listener.simulated = frozenset(self.people)
        if person == picture.human and picture.human_commands:
            # the commanding human is away: the crew runs the incident as if simulated
            # (someone triages and declares, no hints for an empty chair) until they return
            picture.human_commands = False
            self._commander_away = True
            self._coach_away, self.coach = self.coach, None
        state = picture.state
        if person in self.port.unacked_pages:
            me.on_page()
        elif state.in_incident(person):
            if not state.declared:
                me.on_join()
            me.checked_in = True  # they were in already: no "I'm on" check-in
            for task in state.open_tasks():
                if task.person == person:
                    me.on_task(task.id)
        self._role_holders()

    def hand_back(self, person: str) -> None:
        """Stop playing ``person``: their human is back. Their role processes end; whatever
        their responder had planned is refused by the exercise when it comes due."""
        stood_down = self.people.pop(person, None)
        if stood_down is not None:
            self._stood_down[person] = stood_down
        self.listener.simulated = frozenset(self.people)
        if person == self.picture.human and self._commander_away:
            self._commander_away = False
            self.picture.human_commands = True
            self.coach, self._coach_away = self._coach_away, None
        if self.commander is not None and self.commander.id == person:
            self.commander.stop()
            self.commander = None
        if self.comms is not None and self.comms.id == person:
            self.comms.stop()
            self.comms = None
        if self.scribe is not None and self.scribe.id == person:
            self.scribe.stop()
            self.scribe = None

    # ------------------------------------------------------------------ records

    def on_record(self, record: Record) -> None:
        """React to every journal record (schedules behaviour; never acts synchronously
        except where noted)."""
        kind = record.kind
        if self.coach is not None and kind in ("action", "task_due"):
            self.coach.on_record(record)
        if kind == "action":
            self.listener.watch(record)  # a declared incident that gets stuck: escalation
        if kind == "sample":
            if self.picture.see_sample(record.payload):
                # the roles plan with timers; only a change of the picture needs a fresh look
                if self.commander is not None:
                    self.commander.waker.poke()
                if self.comms is not None:
                    self.comms.waker.poke()
            return
        if kind == "page":
            person = self.people.get(str(record.payload.get("person")))
            if person is not None:
                person.on_page()
            return
        if kind == "action":
            self._on_action(record)
        elif kind == "mitigation_effect" and self.picture.human_commands:
            self.listener.effect(record)
        elif (
            kind == "inject"
            and record.payload.get("kind") == "executive_pressure"
            and self.comms is not None
        ):
            self.comms.waker.poke()
        if self.commander is not None and kind in _COMMANDER_NEWS:
            self.commander.waker.poke()
        if self.scribe is not None and kind in ("action", "finding"):
            self.scribe.waker.poke()

    def _on_action(self, record: Record) -> None:
        # the action's name, read from the payload: parsing every action record into its
        # typed class would cost more than the whole reaction (only a few need a field)
        name = record.payload.get("action")
        handler = self._on.get(str(name))
        if handler is not None:
            handler(record)
        if name in _ROLE_CHANGES:
            self._role_holders()
        commander = self.commander
        if commander is not None and record.actor != commander.id and name not in _QUIET:
            commander.waker.poke()
        if self.comms is not None and name in _COMMS_NEWS:
            self.comms.waker.poke()

    def _joined(self, record: Record) -> None:
        me = self.people.get(record.actor)
        if me is not None:
            me.on_join()

    def _cadence(self, record: Record) -> None:
        self._stakeholder_watch()

    def _assigned(self, record: Record) -> None:
        p = record.payload
        worker = self.people.get(str(p.get("person")))
        if worker is not None:
            self.listener.assigned(record)
            worker.on_task(str(p["task_id"]))  # task_id: the engine's, not the action's

    def _followed_up(self, record: Record) -> None:
        task = self.picture.state.tasks.get(str(record.payload.get("task_id")))
        if task is not None and task.person in self.people:
            self.people[task.person].on_follow_up(task.id)

    def _proposed(self, record: Record) -> None:
        self.picture.proposals.append(record)
        if self.picture.human_commands:
            self._nudge_later(record)

    def _applied(self, record: Record) -> None:
        p = record.payload
        picture = self.picture
        picture.tried.append((str(p.get("strategy")), str(p.get("target"))))
        for r in picture.proposals:
            picture.decided.add(r.seq)

    def _role_holders(self) -> None:
        """Start the process of a simulated person who just took command, comms or notes."""
        picture = self.picture
        state = picture.state
        commander = state.commander
        if commander in self.people and (self.commander is None or self.commander.id != commander):
            self.commander = Commander(
                picture, self.people[commander], self.people, self._wake_comms
            )
        comms = state.roles.get(Role.COMMUNICATIONS_LEAD)
        if comms and comms[0] in self.people and (self.comms is None or self.comms.id != comms[0]):
            self.comms = CommsLead(picture, self.people[comms[0]])
        scribes = state.roles.get(Role.SCRIBE)
        if (
            scribes
            and scribes[0] in self.people
            and (self.scribe is None or self.scribe.id != scribes[0])
        ):
            self.scribe = Scribe(picture, self.people[scribes[0]])

    def _wake_comms(self) -> None:
        """Wake the (last named) communications lead's process."""
        if self.comms is not None:
            self.comms.waker.poke()

    def _nudge_later(self, proposal: Record) -> None:
        """SME asks the human IC again if the proposal is still undecided (IC-09)."""
        picture = self.picture

        def nudge() -> None:
            state = picture.state
            if proposal.seq in picture.decided or proposal.seq in self._nudged:
                return
            if any(m.applied_at >= proposal.t for m in state.mitigations):
                return
            if any(t.assigned_at >= proposal.t and t.strategy for t in state.tasks.values()):
                return
            self._nudged.add(proposal.seq)
            proposed = typed_action(proposal)
            assert isinstance(proposed, ProposeMitigation)
            verb = STRATEGY_VERB[proposed.strategy]
            ic = state.commander or ""
            commander = picture.roster.get(ic)
            first = commander.name.split(" ")[0] if commander is not None else "IC"
            self.port.message(
                proposal.actor,
                f"{first}, I still need a decision: shall I {verb} {proposed.target}? "
                "Every minute we wait the impact keeps growing.",
                to=ic,
            )

        self.port.after(DECISION_NUDGE, nudge)

    def _stakeholder_watch(self) -> None:
        """Schedule a stakeholder's "any update?" for when the cadence lapses."""
        picture = self.picture
        state = picture.state
        stakeholders = picture.team.stakeholders
        if not stakeholders or state.severity is None:
            return
        every = rule_for(picture.team, state.severity).update_every
        if every is None:
            return
        self._stakeholder_gen += 1
        gen = self._stakeholder_gen
        since = state.last_update_at if state.last_update_at is not None else state.declared_at

        def ask() -> None:
            if gen != self._stakeholder_gen or state.resolved:
                return
            executive = [s for s in stakeholders if s.executive]
            who = executive[0] if executive and state.severity is Severity.SEV1 else stakeholders[0]
            gap = format_duration(self.port.now - (since or 0.0))
            title = state.title or "the incident"
            self.port.message(
                who.id,
                f"Any news on {title}? The last update was {gap} ago and people are asking me.",
                to=state.commander or "",
            )
            if self.picture.human_commands:
                self.port.after(STAKEHOLDER_AGAIN, lambda: again(who.id, who.name))

        def again(stakeholder: str, name: str) -> None:
            # ignored: the tone and the ask sharpen (a real stakeholder escalates)
            if gen != self._stakeholder_gen or state.resolved or state.ended:
                return
            gap = format_duration(self.port.now - (since or 0.0))
            self.port.message(
                stakeholder,
                f"I asked for news and still have nothing — it has been {gap} since the last "
                "update. I need the customer impact and an ETA now, or I will escalate this to "
                "the leadership team myself.",
                to=state.commander or "",
            )

        self.port.after(every + STAKEHOLDER_GRACE, ask)
