"""The port: everything a simulated person may see of an exercise and do in it.

The agents never import the engine. An exercise (:class:`simulator.engine.Exercise`) hands
itself to the :class:`~simulator.agents.crew.Crew` it creates as an :class:`ExercisePort`, a
structural protocol: whatever has these members is one, so the dependency points one way
(engine -> agents) and a test can drive the agents with a stand-in. Each member says why an
agent needs it; an agent that needs more asks for a new member here, never for an exercise's
private.

The role holders (commander, communications lead, scribe) are SimPy processes, so three
members deal in SimPy events: :meth:`ExercisePort.event` and :meth:`ExercisePort.pause` hand
them out, :meth:`ExercisePort.start` runs a process. The engine builds the events (its kernel
is the one module allowed to touch SimPy internals for speed); agents use only SimPy's public
API on what they get (``succeed``, ``callbacks``) and never see the environment itself.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

import simpy

from simulator.actions import Action
from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.state import IncidentState

#: A role holder's behaviour: a SimPy process yielding the events it waits for.
Process = Generator[simpy.Event, Any, None]


class ExercisePort(Protocol):
    """What an agent may see of one run and do in it (an exercise implements it)."""

    @property
    def now(self) -> float:
        """Sim seconds since scenario start: decisions weigh how long things have taken
        (time-boxes, update cadences, patience with a mitigation)."""

    @property
    def state(self) -> IncidentState:
        """The incident as the journal says it is, which everyone in the incident can see
        (its ``ended`` is set once the run ends: role processes stop). The same object for
        the whole run, folded in place: agents may keep a reference (and never mutate it)."""

    @property
    def bundle(self) -> Bundle:
        """The scenario, team and runbooks: who is on the team, which services exist, which
        runbook covers an alert. Agents read the scenario's hidden truth only to weight their
        draws (the chance of choosing a fix that works, of judging the severity right)."""

    @property
    def rng(self) -> random.Random:
        """The run's one random generator: every draw of a run comes from it, in a fixed
        order, so the same seed gives the same journal."""

    @property
    def records(self) -> Sequence[Record]:
        """The journal so far: the scribe notes what happened since its last note."""

    @property
    def firing(self) -> Mapping[str, float]:
        """Alerts firing now, by name, with the sim time each first fired (the alert
        console): a runbook that covers one helps the investigation."""

    @property
    def unacked_pages(self) -> AbstractSet[str]:
        """People paged since their last acknowledgement: a page already acknowledged (from
        the keyboard, by the time the phone is picked up) is not acknowledged twice."""

    def local_hour(self, person_id: str, t: float | None = None) -> int:
        """The hour of day in ``person_id``'s time zone at ``t`` (default now): a page at
        night is answered later, or missed."""

    def act_simulated(self, action: Action) -> Record:
        """Act as a simulated person: the validation and journal a human's action gets,
        without the check that keeps a human from acting as someone the simulator plays.

        Returns:
            The ``action`` record, or the ``rejected`` record that says why not.
        """

    def message(self, actor: str, text: str, channel: str = "chat", to: str = "") -> Record:
        """Say something that is not an action (a check-in, a stakeholder asking for news,
        a reminder that a proposal awaits a decision)."""

    def after(self, delay: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` ``delay`` sim seconds from now unless the run has finished by
        then: answering a page, working a task, a stakeholder losing patience."""

    def event(self) -> simpy.Event:
        """A fresh pending event: what a role process waits on until something changes."""

    def pause(self, delay: float) -> simpy.Event:
        """A SimPy timeout ``delay`` (>= 0) sim seconds ahead (what ``env.timeout`` returns):
        what a role process yields to take a moment to think, and what a waker hangs its
        alarm on."""

    def start(self, process: Process) -> None:
        """Run ``process`` (a role holder's behaviour) on the exercise's clock."""
