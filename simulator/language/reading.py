"""What a message was read as: commands (typed actions, questions), a "did you mean" and notes.

A :class:`Reading` is what the channel shows the trainee before anything happens: the actions
that change nothing outside the incident's paperwork are taken at once, those with side effects
(:func:`side_effect`) wait for a confirmation, and text that is no command stays chat.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.actions import (
    Action,
    ApplyMitigation,
    ApproveProposal,
    AssignTask,
    DeclareIncident,
    Escalate,
    HandOverCommand,
    MarkResolved,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    SetSeverity,
)

#: Actions that change the world, wake people, or tell the outside: confirmed before taken.
SIDE_EFFECT_TYPES: tuple[type[Action], ...] = (
    ApplyMitigation,
    ApproveProposal,
    PagePerson,
    Escalate,
    DeclareIncident,
    SetSeverity,
    MarkResolved,
    PostStatusPage,
    PostUpdate,
    HandOverCommand,
)

#: What a question in the channel asks: where things stand, objections, or (addressed but no
#: command) a plain message a person answers.
ASKS = ("status", "objections", "chat")


def side_effect(action: Action) -> bool:
    """Whether ``action`` must be confirmed before it is taken: a mitigation (also as a task or
    an approved proposal), a page, a severity change, an update or status-page post, a
    hand-over or resolving."""
    if isinstance(action, AssignTask):
        return action.strategy is not None
    return isinstance(action, SIDE_EFFECT_TYPES)


@dataclass(frozen=True)
class Command:
    """One thing a message asks for: an action, or a question for the team.

    Attributes:
        action: The typed action to take (None for a question or addressed chat).
        ask: For a question: one of :data:`ASKS`.
        to: The person the command or question is addressed to ("" for the room).
        text: The words it was read from.
    """

    action: Action | None = None
    ask: str = ""
    to: str = ""
    text: str = ""

    @property
    def side_effect(self) -> bool:
        """True when the action must be confirmed first."""
        return self.action is not None and side_effect(self.action)


@dataclass(frozen=True)
class Reading:
    """How one message was read.

    Attributes:
        text: The message as typed.
        commands: What it asks for, in order (empty: it is chat).
        near: "Did you mean ..." when chat came close to a command ("" otherwise).
        notes: Things the reader wants the trainee to know (an answer needing no action).
    """

    text: str
    commands: tuple[Command, ...] = ()
    near: str = ""
    notes: tuple[str, ...] = ()

    @property
    def actions(self) -> list[Action]:
        """Every action, in order."""
        return [c.action for c in self.commands if c.action is not None]

    @property
    def to_confirm(self) -> list[Action]:
        """The actions to confirm before taking them."""
        return [a for a in self.actions if side_effect(a)]

    @property
    def immediate(self) -> list[Action]:
        """The actions taken as soon as the message is sent."""
        return [a for a in self.actions if not side_effect(a)]

    @property
    def addressed(self) -> list[str]:
        """The people the message speaks to, each once, in order."""
        seen: list[str] = []
        for c in self.commands:
            if c.to and c.to not in seen:
                seen.append(c.to)
        return seen
