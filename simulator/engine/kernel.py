"""The one module that touches SimPy's internals, for speed.

NOTE: everything here reproduces, without argument checks and method calls, what SimPy 4.1's
public API does (``env.timeout``, ``event.succeed``, ``env.schedule``, ``timeout | other``,
``env.now``, ``event.triggered`` / ``event.processed``). A run schedules thousands of these
per exercise, and a batch study runs thousands of exercises, so the engine, the pager and the
simulated responders build their events here instead of through the public calls (together
about a fifth of the engine's instructions per run). The rest of the code base uses only this
module or SimPy's public API; ``tests/test_layering.py`` checks that no other module names a
SimPy private, and ``tests/simulator/engine/test_kernel.py`` checks each function here against
the public behaviour it replaces (same scheduling order, same values, same clean-up), so a
SimPy release that changes its internals fails there first. ``pyproject.toml`` takes SimPy
4.1.x only for this reason.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import Any

import simpy
from simpy.core import StopSimulation
from simpy.events import NORMAL, PENDING, URGENT, Timeout

__all__ = [
    "StopSimulation",
    "call_later",
    "first_of",
    "is_pending",
    "is_processed",
    "now",
    "pause",
    "set_now",
    "stop_soon",
    "urgent_at",
]

_object_new = object.__new__


def now(env: simpy.Environment) -> float:
    """``env.now`` without the property call."""
    return float(env._now)


def set_now(env: simpy.Environment, t: float) -> None:
    """Move the clock to ``t`` with nothing processed in between.

    Only for pinning the clock onto a time the caller has already run to within a rounding
    error, or for jumping to a time before the next queued event (replay does both): SimPy
    has no public call for it. The caller guarantees no queued event is due before ``t``.
    """
    env._now = t


def is_pending(event: simpy.Event) -> bool:
    """Not triggered yet (``not event.triggered``)."""
    return event._value is PENDING


def is_processed(event: simpy.Event) -> bool:
    """Its callbacks have run (``event.processed``)."""
    return event.callbacks is None


def _triggered_event(env: simpy.Environment, callbacks: list[Any]) -> simpy.Event:
    """``simpy.Event(env)`` already succeeded with ``None``, not yet scheduled."""
    event: simpy.Event = _object_new(simpy.Event)
    event.env = env
    event.callbacks = callbacks
    event._ok = True
    event._value = None
    return event


def call_later(
    env: simpy.Environment, delay: float, callback: Callable[[simpy.Event], None]
) -> simpy.Event:
    """Call ``callback(event)`` ``delay`` sim seconds from now (a negative delay is now).

    What ``env.timeout(delay).callbacks.append(callback)`` does, scheduled in the same order
    (normal priority, after everything already queued for that time), for a bare event.
    """
    event = _triggered_event(env, [callback])
    at = env._now + (delay if delay > 0.0 else 0.0)
    heappush(env._queue, (at, NORMAL, next(env._eid), event))
    return event


def pause(env: simpy.Environment, delay: float) -> Timeout:
    """What ``env.timeout(delay)`` returns, without its argument checks: yield it in a process.

    ``delay`` must be a number >= 0 (the callers draw it from a lognormal distribution).
    """
    timeout: Timeout = _object_new(Timeout)
    timeout.env = env
    timeout.callbacks = []
    timeout._value = None
    timeout._delay = delay
    timeout._ok = True
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), timeout))
    return timeout


def urgent_at(
    env: simpy.Environment, delay: float, callback: Callable[[simpy.Event], None]
) -> None:
    """Call ``callback(event)`` ``delay`` from now, before normal events due at that time.

    ``env.schedule(event, URGENT, delay)`` for a succeeded bare event: the exercise's time
    limit uses it, so the limit ends the run before anything else due at the same moment.
    """
    env.schedule(_triggered_event(env, [callback]), URGENT, delay)


#: What :func:`stop_soon` makes ``env.step()`` raise (``env.run()`` catches it itself).
StopSimulation = StopSimulation


def stop_soon(env: simpy.Environment) -> None:
    """Make the running ``env.run()`` / ``env.step()`` return at once (at the current time).

    An urgent event whose callback raises :class:`simpy.core.StopSimulation`, which is what
    ``env.run(until=event)`` itself schedules; callers catch nothing: ``env.run`` does.
    """
    env.schedule(_triggered_event(env, [StopSimulation.callback]), URGENT, 0)


def _remove(event: simpy.Event, callback: Callable[[simpy.Event], None]) -> None:
    callbacks = event.callbacks
    if callbacks is not None:
        try:  # noqa: SIM105 (contextlib.suppress costs more; this runs per wait)
            callbacks.remove(callback)
        except ValueError:
            pass


def first_of(env: simpy.Environment, timeout: simpy.Event, other: simpy.Event) -> simpy.Event:
    """An event that fires when ``timeout`` or ``other`` does, whichever is first.

    What ``timeout | other`` (a SimPy ``AnyOf``) does for a process that only needs to know
    *that* one fired (it then looks at ``other.triggered``), at a third of the cost. It is
    scheduled exactly as the condition would be - when the first of the two is processed, at
    that time, with normal priority - so the simulation takes the same steps in the same
    order. Like ``AnyOf``, it removes its check from the slower event once the first one
    fired: a long-lived ``other`` (the world-changed event every monitor waits on) must not
    collect one dead callback per wait.
    """
    event: simpy.Event = _object_new(simpy.Event)
    event.env = env
    event.callbacks = []
    event._value = PENDING

    def fire(first: simpy.Event) -> None:
        if event._value is PENDING:
            event._ok = True
            event._value = None
            heappush(env._queue, (env._now, NORMAL, next(env._eid), event))
        _remove(other if first is timeout else timeout, fire)

    timeout.callbacks.append(fire)
    other.callbacks.append(fire)
    return event

