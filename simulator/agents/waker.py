"""The waker: how a role holder's process sleeps until something worth a look happens.

A role process (commander, communications lead, scribe) has nothing to do most of the time.
It yields :meth:`Waker.wait` and sleeps; whatever changes its picture (a record for it, a
time-box running out, a cadence coming due) pokes it awake. A waker keeps at most one timer:
the earliest time someone asked to be woken at. Everything goes through the
:class:`~simulator.agents.port.ExercisePort`; the events are SimPy's, used through their
public API only.
"""

from __future__ import annotations

import simpy

from simulator.agents.port import ExercisePort


class Waker:
    """A SimPy event that a process waits on and others poke; re-armed after each wake."""

    def __init__(self, port: ExercisePort) -> None:
        self._port = port
        self.event: simpy.Event = port.event()
        #: ``event`` was poked (``event.triggered``: only a poke triggers it; a flag is
        #: cheaper than the property, and pokes come with most records).
        self._poked = False
        self._timer = float("inf")

    def poke(self) -> None:
        """Wake the waiting process (idempotent until it wakes)."""
        if not self._poked:
            self._poked = True
            self.event.succeed()

    def wait(self) -> simpy.Event:
        """The event to yield; a fresh one once the previous fired."""
        if self.event.callbacks is None:  # processed
            self.event = self._port.event()
            self._poked = False
        return self.event

    def at(self, t: float) -> None:
        """Poke at sim time ``t`` (keeps only the earliest pending timer)."""
        now = self._port.now
        if t <= now:
            self.poke()
            return
        if now < self._timer <= t:
            return
        self._timer = t
        self._port.pause(t - now).callbacks.append(self._ring)

    def _ring(self, _event: simpy.Event) -> None:
        if self._port.now >= self._timer:
            self._timer = float("inf")
        self.poke()
