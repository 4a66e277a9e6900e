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

from simulator.actions import ApplyMitigation, AssignTask, DeclineProposal, PagePerson
from simulator.agents.calibration import CHAT_REPLY_MEDIAN, lognormal
from simulator.agents.picture import Picture
from simulator.agents.wording import STRATEGY_VERB
from simulator.journal import Record, typed_action
from simulator.language import Context, read_message
from simulator.language.wording import minutes
from simulator.model import Strategy
from simulator.vocabulary import role_label, strategy_noun


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
