"""The listener: how simulated people answer what the human incident commander says.

Every message addressed to a simulated person gets an answer in the time a person takes
(:data:`~simulator.agents.calibration.CHAT_REPLY_MEDIAN`, lognormal): a clarifying question
when the request is vague, a refusal with its reason when it is impossible ("I'm not in the
incident yet — page me?"), where their task stands when asked for the status. A task given in
the channel is acknowledged; a decided proposal is acted on (approved) or answered with what
the proposer does instead (declined); a mitigation's effect is reported by whoever applied
it, so one that made things worse is noticed.

The human's words are read with the same reader the app uses (:mod:`simulator.language`), so
the people understand a message exactly as the trainee was shown it was read.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable

from simulator.actions import (
    Action,
    ApplyMitigation,
    AssignTask,
    DeclareIncident,
    DeclineProposal,
    Escalate,
    PagePerson,
    PostStatusPage,
    ProposeAction,
)
from simulator.agents.calibration import CHAT_REPLY_MEDIAN, lognormal
from simulator.agents.picture import Picture
from simulator.agents.wording import STRATEGY_VERB
from simulator.journal import Record, typed_action
from simulator.language import Context, read_message
from simulator.language.wording import minutes
from simulator.model import Role, Status, Strategy
from simulator.state import Proposal
from simulator.vocabulary import role_label, strategy_noun

#: How long an incident the human commands may go without progress (no recovery, no mitigation
#: in that time) before a responder proposes escalating to the next level (an assumption: the
#: guide's "escalate early" with a quarter of an hour's work to show for it).
STUCK_AFTER = 900.0
#: How often the responders look again while there is progress or another proposal is open.
STUCK_RECHECK = 300.0


def _verb(strategy: str) -> str:
    try:
        return STRATEGY_VERB.get(Strategy(strategy), "mitigate")
    except ValueError:
        return "mitigate"


class Listener:
    """Answers the human commander's messages, tasks and decisions on behalf of the crew."""

    def __init__(self, picture: Picture, simulated: frozenset[str]) -> None:
        self.picture = picture
        self.port = picture.port
        self.simulated = simulated
        # Answers draw their delays from a copy of the run's generator: talking does not shift
        # the draws of everything else (the same seed, the same incident, plus the answers).
        self.rng = random.Random()
        self.rng.setstate(picture.rng.getstate())

    # ------------------------------------------------------------------ helpers

    def _first(self, person_id: str) -> str:
        person = self.picture.roster.get(person_id)
        return person.name.split(" ")[0] if person is not None else "everyone"

    def _say(self, who: str, text: str | Callable[[], str], to: str = "") -> None:
        """``who`` writes ``text`` after a person's moment to read and type (a callable is
        worded when it is written: a status is told as it is then, not as it was asked)."""
        port = self.port
        delay = lognormal(self.rng, CHAT_REPLY_MEDIAN)

        def write() -> None:
            if not port.state.ended:
                port.message(who, text() if callable(text) else text, to=to)

        port.after(delay, write)

    # ------------------------------------------------------------------ messages

    def heard(self, record: Record) -> None:
        """The human said something in the channel: answer whoever it was addressed to."""
        human = self.picture.human
        if human is None or record.actor != human:
            return
        state = self.picture.state
        reading = read_message(str(record.payload.get("text", "")), self._context())
        answered: set[str] = set()
        for command in reading.commands:
            to = command.to
            if (not to and command.action is not None) or (to and to not in self.simulated):
                continue
            if isinstance(command.action, PagePerson):
                continue  # the page brings them in
            if to and not state.in_incident(to):
                if to not in answered:
                    answered.add(to)
                    self._refuse(to, human)
                continue
            if command.action is not None:
                continue  # an action is answered when its own record comes
            if command.ask == "status":
                self._status(to, human)
            elif command.ask == "objections":
                self._objections(human)
            elif command.ask == "chat" and to and to not in answered:
                answered.add(to)
                self._clarify(to, human, str(record.payload.get("text", "")))

    def _refuse(self, to: str, human: str) -> None:
        """Someone not in the incident was spoken to: they say so, unless paged meanwhile."""
        state = self.picture.state
        port = self.port
        text = f"{self._first(human)}, I'm not in the incident yet — page me?"

        def write() -> None:
            if not state.ended and to not in state.paged and not state.in_incident(to):
                port.message(to, text, to=human)

        port.after(lognormal(self.rng, CHAT_REPLY_MEDIAN), write)

    def _context(self) -> Context:
        return Context.of(self.picture.bundle, self.picture.state, self.picture.human or "")

    def _status(self, to: str, human: str) -> None:
        state = self.picture.state
        people = (
            [to] if to else [t.person for t in state.open_tasks() if t.person in self.simulated]
        )
        if not people:
            people = [p for p in sorted(state.joined) if p in self.simulated][:1]
        for person in dict.fromkeys(people):
            self._say(person, functools.partial(self._standing, person), human)

    def _standing(self, person: str) -> str:
        """Where ``person``'s work stands now: their open task, else the incident's picture."""
        tasks = [t for t in self.picture.state.open_tasks() if t.person == person]
        if not tasks:
            return self._picture_now()
        task = tasks[0]
        left = task.due_at - self.port.now
        when = f"about {minutes(left)} left" if left > 60 else "nearly done"
        return f"Still on {task.id} ({task.task}): {when}."

    def _picture_now(self) -> str:
        """Where the incident stands, as someone with no task of their own sums it up."""
        state = self.picture.state
        parts = [f"We're {state.status.value.lower()}" if state.status else "Nothing declared yet"]
        if state.users_affected:
            parts.append(f"about {state.users_affected:,} users affected")
        if state.mitigations:
            last = state.mitigations[-1]
            done = "done" if last.effective_at is not None else "in progress"
            who = self._first(last.actor)
            parts.append(f"{who}'s {strategy_noun(last.strategy)} of {last.target} is {done}")
        working = [f"{self._first(t.person)} on {t.id}" for t in state.open_tasks()]
        if working:
            parts.append("open: " + ", ".join(working))
        return "; ".join(parts) + "."

    def _objections(self, human: str) -> None:
        state = self.picture.state
        proposals = state.open_proposals()
        voters = [p for p in sorted(state.joined) if p in self.simulated]
        if proposals:
            voters = [p for p in voters if p != proposals[-1].actor]
        if voters:
            self._say(voters[0], "No strong objection from me.", human)

    def _clarify(self, to: str, human: str, text: str) -> None:
        if text.rstrip().endswith("?"):
            answer = (
                f"Sorry {self._first(human)}, what do you need from me exactly? Tell me the "
                "service and whether to look at logs, metrics, traces or deploys."
            )
        else:
            answer = "Got it."
        self._say(to, answer, human)

    # ------------------------------------------------------------------ actions

    def assigned(self, record: Record) -> None:
        """Acknowledge a task the human gave (what, and by when)."""
        human = self.picture.human
        worker = str(record.payload.get("person"))
        if human is None or record.actor != human or worker not in self.simulated:
            return
        action = typed_action(record)
        if not isinstance(action, AssignTask):
            return
        if action.strategy is not None:
            text = f"On it: I'll {_verb(action.strategy.value)} {action.target} now."
        else:
            tool = action.tool.value.replace("_", " ") if action.tool else "what I can find"
            where = f" for {action.target}" if action.target else ""
            text = f"On it: checking {tool}{where}, back to you within {minutes(action.timebox)}."
        self._say(worker, text, human)

    def role_named(self, record: Record) -> None:
        """Someone the human named to a role says they have it."""
        human = self.picture.human
        person = str(record.payload.get("person"))
        if human is None or record.actor != human or person not in self.simulated:
            return
        role = role_label(str(record.payload.get("role")))
        self._say(person, f"Got it, I'm {role}.", human)

    def decided(self, record: Record) -> None:
        """The commander approved or declined a proposal: the proposer acts or says what
        they do instead."""
        proposal = self.picture.state.proposals.get(int(record.payload.get("proposal", -1)))
        if proposal is None or proposal.actor not in self.simulated:
            return
        if proposal.act != ApplyMitigation.name:
            self._decided_other(record, proposal)
            return
        self.picture.decided.add(proposal.seq)
        who, to = proposal.actor, record.actor
        verb = _verb(proposal.strategy)
        if isinstance(typed_action(record), DeclineProposal):
            self._say(
                who,
                f"OK, holding off on the {strategy_noun(proposal.strategy)}. I'll keep "
                f"digging into {proposal.target} and come back with what I find.",
                to,
            )
            return
        self.port.message(who, f"Thanks, I'll {verb} {proposal.target} now.", to=to)
        picture = self.picture

        def act() -> None:
            if not picture.state.resolved and not picture.state.ended:
                picture.act(
                    ApplyMitigation(
                        actor=who, strategy=Strategy(proposal.strategy), target=proposal.target
                    )
                )

        self.port.after(lognormal(self.rng, CHAT_REPLY_MEDIAN), act)

    def _decided_other(self, record: Record, proposal: Proposal) -> None:
        """An escalation or a status-page post was decided: on approval the proposer does it
        (after a moment), on decline they say what they will do instead."""
        who, to = proposal.actor, record.actor
        picture = self.picture
        declined = isinstance(typed_action(record), DeclineProposal)
        action: Action
        if proposal.act == Escalate.name:
            if declined:
                self._say(
                    who,
                    "OK, no escalation for now. We'll keep working it with who we have, and "
                    "I'll tell you if we get stuck.",
                    to,
                )
                return
            self.port.message(who, f"Thanks, escalating to level {proposal.level} now.", to=to)
            action = Escalate(
                actor=who, level=proposal.level, reason="approved by the incident commander"
            )
        else:
            if declined:
                self._say(
                    who,
                    "OK, I'll hold the status-page post and keep the internal updates going. "
                    "Say “post a status page” when you want it out.",
                    to,
                )
                return
            self.port.message(who, "Thanks, posting it on the status page now.", to=to)
            try:
                status = Status(proposal.status)
            except ValueError:
                status = Status.INVESTIGATING
            action = PostStatusPage(actor=who, status=status, text=proposal.text)

        def act() -> None:
            if not picture.state.ended and picture.state.in_incident(who):
                picture.act(action)

        self.port.after(lognormal(self.rng, CHAT_REPLY_MEDIAN), act)

    def proposed(self, record: Record) -> None:
        """A simulated person proposed an escalation or a status-page post: they ask the
        human commander for a decision ("Yes, go ahead" / "No, hold off")."""
        human = self.picture.human
        proposal = self.picture.state.proposals.get(record.seq)
        if human is None or proposal is None or record.actor not in self.simulated:
            return
        first = self._first(human)
        if proposal.act == Escalate.name:
            text = (
                f"{first}, {proposal.rationale}. Shall I escalate to level {proposal.level}? "
                "We need more hands on this."
            )
        else:
            text = (
                f"{first}, {proposal.rationale}. Shall I post this on the status page: "
                f"“{proposal.text}”?"
            )
        self.port.message(record.actor, text, to=human)

    # ------------------------------------------------------------------ escalation

    def watch(self, record: Record) -> None:
        """Once the human commander declares, look for an incident that needs more help
        (:data:`STUCK_AFTER` without progress and a higher escalation level in the policy)."""
        human = self.picture.human
        if (
            human is None
            or not self.picture.human_commands
            or record.kind != "action"
            or record.actor != human
            or record.payload.get("action") != DeclareIncident.name
        ):
            return
        self.port.after(STUCK_AFTER, self._stuck)

    def _stuck(self) -> None:
        """Propose an escalation when the incident is stuck; else look again later."""
        picture = self.picture
        state = picture.state
        if state.ended or state.resolved or picture.human is None:
            return
        if any(p.act == Escalate.name for p in state.proposals.values()):
            return  # asked once
        level = max(state.escalation_level, 1) + 1
        if not any(lv.level == level for lv in picture.team.escalation.levels):
            return  # nobody higher to call
        now = self.port.now
        progress = picture.recovered or any(
            now - m.applied_at < STUCK_AFTER for m in state.mitigations
        )
        proposer = self._escalation_proposer()
        if progress or state.open_proposals() or proposer is None:
            self.port.after(STUCK_RECHECK, self._stuck)
            return
        since = state.declared_at if state.declared_at is not None else now
        picture.act(
            ProposeAction(
                actor=proposer,
                act=Escalate.name,
                level=level,
                rationale=f"we're {minutes(now - since)} in and not getting anywhere",
            )
        )

    def _escalation_proposer(self) -> str | None:
        """The simulated technical lead, else the first simulated responder in the incident."""
        state = self.picture.state
        leads = [p for p in state.holders(Role.TECHNICAL_LEAD) if p in self.simulated]
        inside = [p for p in sorted(state.joined) if p in self.simulated and state.in_incident(p)]
        for person in leads + inside:
            if state.in_incident(person) and person != state.commander:
                return person
        return None

    def effect(self, record: Record) -> None:
        """A mitigation took effect: whoever applied it (or someone watching) says how it went."""
        if self.picture.human is None:
            return
        p = record.payload
        state = self.picture.state
        applied = [
            m
            for m in state.mitigations
            if (m.strategy, m.target) == (p.get("strategy"), p.get("target"))
        ]
        actor = applied[-1].actor if applied else ""
        if actor not in self.simulated:
            watchers = [x for x in sorted(state.joined) if x in self.simulated]
            if not watchers:
                return
            actor = watchers[0]
        effect = str(p.get("effect"))
        what = f"the {strategy_noun(str(p.get('strategy')))} of {p.get('target')}"
        users = p.get("users_after")
        affected = f" {users:,} users still affected." if isinstance(users, int) and users else ""
        text = {
            "resolves": f"{what[:1].upper()}{what[1:]} is done and the dashboards are recovering.",
            "worsens": f"Heads up: {what} made it worse.{affected} We should undo it or try "
            "something else.",
            "reduces": f"{what[:1].upper()}{what[1:]} helped, but not fully.{affected}",
            "none": f"{what[:1].upper()}{what[1:]} finished, but I see no change on the "
            "dashboards.",
        }.get(effect)
        if text:
            self._say(actor, text, self.picture.human)
