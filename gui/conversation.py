"""Commanding by talking: the incident channel's messages read as incident-command language.

What the trainee types goes through :func:`simulator.language.read_message`. Actions without
side effects (a task, a role, a question) are taken as soon as the message is sent; anything
with side effects (a mitigation, a page, a severity change, an update, resolving) is first
shown as it was read — "Roll back payments-api — Enter to confirm, Esc to edit" — and taken
only on Enter. Text that is no command stays chat, with a "did you mean" when it came close.
The message itself is recorded (a ``say``) when it is sent, before its actions, so the people
addressed answer it. The open proposal shows above the box with Approve and Decline buttons:
a button is a confirmation in itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from gui.commands import CommandPanel
from gui.feeds import Channel
from gui.session import Session
from simulator import actions as A
from simulator.journal import Record
from simulator.language import Context, Reading, read_message, say_action
from simulator.language.wording import proposal_order
from simulator.model import Strategy


class Conversation:
    """Reads the channel box, confirms side effects, and acts; drives the proposal bar.

    Args:
        session: The running exercise.
        channel: The channel widget (box, feedback line, proposal bar).
        commands: The command panel (its update form fills what a spoken update leaves out).
        act: How the view hands an action to the engine (shows the outcome).
    """

    def __init__(
        self,
        session: Session,
        channel: Channel,
        commands: CommandPanel,
        act: Callable[[A.Action], Record],
    ) -> None:
        self.session = session
        self.channel = channel
        self.commands = commands
        self._act = act
        self._shown: int | None = None
        channel.sayRequested.connect(self.say)
        channel.confirmRequested.connect(self.confirm)
        channel.approve.clicked.connect(lambda: self.decide(True))
        channel.decline.clicked.connect(lambda: self.decide(False))

    def context(self) -> Context:
        """The reading context now (the team, the services, the incident, who types)."""
        return Context.of(self.session.bundle, self.session.exercise.state, self.commands.actor)

    def say(self, text: str) -> None:
        """Read a message: act at once, or wait for the confirmation of its side effects."""
        if not self.session.human:
            return
        ctx = self.context()
        reading = read_message(text, ctx)
        if reading.to_confirm:
            self.channel.ask_confirmation(reading, [say_action(a, ctx) for a in reading.actions])
            return
        self._send(reading, ctx)

    def confirm(self) -> None:
        """Enter on a waiting reading: read the box again (the incident moved on) and act."""
        pending = self.channel.pending
        if not isinstance(pending, Reading):
            return
        ctx = self.context()
        reading = read_message(pending.text, ctx)
        self._send(reading, ctx)

    def _send(self, reading: Reading, ctx: Context) -> None:
        self.channel.sent()
        self._act(A.Say(actor=ctx.actor, text=reading.text))
        done: list[str] = []
        refused: list[str] = []
        for action in reading.actions:
            record = self._act(self._complete(action))
            if record.kind == "rejected":
                refused.append(f"{say_action(action, ctx)}: {record.payload.get('reason')}")
            else:
                done.append(say_action(action, ctx))
        if refused:
            self.channel.show_feedback("Not done — " + "; ".join(refused), "#b3261e")
        elif done:
            self.channel.show_feedback("Done: " + "; ".join(done), "#2e7d32")
        elif reading.near:
            self.channel.show_feedback(reading.near, "#5c4400")
        elif reading.notes:
            self.channel.show_feedback(" ".join(reading.notes), "#374151")
        else:
            self.channel.show_feedback("")

    def _complete(self, action: A.Action) -> A.Action:
        """A spoken update takes what it did not say from the prefilled update form."""
        if not isinstance(action, A.PostUpdate):
            return action
        commands = self.commands
        commands.prefill_update()
        return dataclasses.replace(
            action,
            impact=action.impact or commands.update_impact.toPlainText(),
            recent_actions=action.recent_actions or commands.update_actions.toPlainText(),
            next_steps=action.next_steps or commands.update_next.toPlainText(),
            eta=action.eta or commands.update_eta.text() or "unknown yet",
        )

    # ------------------------------------------------------------------ proposals

    def refresh(self) -> None:
        """Show the latest open proposal (or hide the bar)."""
        state = self.session.exercise.state
        open_ = state.open_proposals()
        if not open_ or not self.session.human:
            self._shown = None
            self.channel.show_proposal("")
            return
        latest = open_[-1]
        if latest.seq == self._shown:
            return
        self._shown = latest.seq
        who = self.session.person_name(latest.actor)
        order = proposal_order(latest)
        because = f" — {latest.rationale}" if latest.rationale else ""
        self.channel.show_proposal(f"{who} proposes: {order[:1].lower()}{order[1:]}{because}")

    def decide(self, approve: bool) -> None:
        """Approve or decline the proposal shown (the button)."""
        state = self.session.exercise.state
        proposal = state.proposals.get(self._shown) if self._shown is not None else None
        if proposal is None or proposal.decision is not None:
            self.refresh()
            return
        mitigation = proposal.act == A.ApplyMitigation.name
        strategy = Strategy(proposal.strategy) if mitigation else None
        target = proposal.target if mitigation else ""
        act = "" if mitigation else proposal.act
        actor = self.commands.actor
        action: A.Action
        if approve:
            action = A.ApproveProposal(
                actor=actor, proposal=proposal.seq, strategy=strategy, target=target, act=act
            )
        else:
            action = A.DeclineProposal(
                actor=actor, proposal=proposal.seq, strategy=strategy, target=target, act=act
            )
        record = self._act(action)
        ctx = self.context()
        if record.kind == "rejected":
            self.channel.show_feedback(f"Not done — {record.payload.get('reason')}", "#b3261e")
        else:
            self.channel.show_feedback("Done: " + say_action(action, ctx), "#2e7d32")
        self.refresh()
