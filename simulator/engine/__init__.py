"""The engine room: one run of a scenario on a SimPy clock, and what runs many or replays one.

Public API::

    Exercise(bundle, seed, seat=None, journal_path=None)   one run, driven by the caller
    Seat(actor, role=..., tabletop=False)                   who the human plays
    run_headless(bundle, seed)                              a fully simulated run, to the end

Modules: ``exercise`` (the run), ``world`` (the hidden truth), ``paging`` (escalation),
``rules`` (which actions are allowed), ``replay``, ``batch`` and ``variants`` (what-if
studies), ``runner`` (a run into a folder), ``kernel`` (the only module that touches SimPy
internals).
"""

from simulator.engine.exercise import SAMPLE_EVERY, Exercise, PendingInject, Seat, run_headless

__all__ = ["SAMPLE_EVERY", "Exercise", "PendingInject", "Seat", "run_headless"]
