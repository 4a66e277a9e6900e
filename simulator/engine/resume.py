"""Resume: continue an exercise whose run was killed, from where its journal stops.

A killed run leaves a valid journal (one line per record, every human action in it). The
exercise is rebuilt as :mod:`simulator.engine.replay` rebuilds one — a fresh
:class:`~simulator.engine.Exercise` with the header's seed and seats, each human action
re-applied at its recorded time — up to the journal's last record, and checked against it
record for record, so the run continues exactly where it stopped (same seed, same state).
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.actions import action_from_payload
from simulator.bundle import Bundle
from simulator.engine import Exercise
from simulator.engine.kernel import StopSimulation
from simulator.engine.replay import ReplayError, _check, _reach, human_records, seats_of
from simulator.journal import Record

__all__ = ["interrupted_at", "resume"]


def interrupted_at(records: Sequence[Record]) -> float | None:
    """The sim time a journal stops at when its run was interrupted (no ``end`` record), or
    None for a run that ended."""
    if not records or any(r.kind == "end" for r in records):
        return None
    return records[-1].t


#: Journal times are rounded to milliseconds: an event up to half of one later is "at" it.
_ROUNDING = 0.0005 + 1e-9


def _catch_up(exercise: Exercise, last: Record) -> None:
    """Step ``exercise`` until it has written ``last`` (events within the journal's rounding
    of its time count as at it)."""
    env = exercise.env
    try:
        while not exercise.finished and len(exercise.records) <= last.seq:
            if env.peek() > last.t + _ROUNDING:
                break
            env.step()
    except StopSimulation:
        return


def resume(records: Sequence[Record], bundle: Bundle) -> Exercise:
    """The exercise ``records`` (an interrupted run's journal) recorded, rebuilt to its last
    record and ready to go on.

    Raises:
        ReplayError: the run ended already, the journal does not belong to ``bundle``, an
            action cannot be read back, or the rebuilt run differs from the journal (the
            scenario, team or runbooks changed since).
    """
    if not records:
        raise ReplayError("the journal is empty")
    if interrupted_at(records) is None:
        end = next(r for r in records if r.kind == "end")
        raise ReplayError(f"the run ended already ({end.payload.get('reason', 'stopped')})")
    header = records[0]
    _check(header, bundle)
    seed = int(header.payload.get("seed", 1))
    exercise = Exercise(bundle, seed=seed, seats=seats_of(header))
    for record in human_records(records):
        payload = dict(record.payload if record.kind == "action" else record.payload["action"])
        payload.pop("task_id", None)
        try:
            action = action_from_payload(record.actor, payload)
        except ValueError as exc:
            raise ReplayError(f"record {record.seq}: {exc}") from None
        _reach(exercise, record.t, record.seq)
        exercise.act(action)
    _catch_up(exercise, records[-1])
    rebuilt = exercise.records[: len(records)]
    # the header names the files as the run was given them; the rest must be identical
    for old, new in zip(records[1:], rebuilt[1:], strict=False):
        if old.without_wall().to_json() != new.without_wall().to_json():
            raise ReplayError(
                f"record {old.seq} differs when the run is rebuilt (were the scenario, team or "
                "runbooks changed since the run?)"
            )
    if len(rebuilt) < len(records):
        raise ReplayError("the run ends earlier when rebuilt (were the files changed since?)")
    return exercise
