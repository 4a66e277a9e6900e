"""Replay and rewind: the engine's own state at any moment of a past run, and a branch from it.

A :class:`ReplayCursor` re-applies a journal's human actions (as
:func:`simulator.engine.replay.replay` does, same seed, same seat) only up to the moment
asked for, so :attr:`ReplayCursor.exercise` is a live engine at that moment: what a view shows
of it is what the engine had then, rebuilt from the journal. Moving forward continues the
same engine (a new cursor goes back). A branch keeps playing that engine live from where the
cursor stopped; :func:`divergence` finds where the branch's journal left its parent's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.actions import action_from_payload
from simulator.bundle import Bundle
from simulator.engine import Exercise
from simulator.engine.replay import ReplayError, _check, _reach, human_records, seat_of
from simulator.journal import Record

#: How close (sim seconds) two times must be to count as the same moment.
TOLERANCE = 1e-6

__all__ = ["Divergence", "ReplayCursor", "ReplayError", "divergence"]


class ReplayCursor:
    """A past run re-run step by step.

    Args:
        journal_records: The past run's journal.
        bundle: The files it ran on (their hashes must match the header's).
        wall_clock: The wall stamp of new records (blank by default: a replay; a branch
            passes the real clock, its records are new).

    Raises:
        ReplayError: the journal does not belong to ``bundle``.
    """

    def __init__(
        self,
        journal_records: Sequence[Record],
        bundle: Bundle,
        wall_clock: Callable[[], str] | None = None,
    ) -> None:
        if not journal_records:
            raise ReplayError("the journal is empty")
        header = journal_records[0]
        _check(header, bundle)
        self.exercise = Exercise(
            bundle,
            seed=int(header.payload.get("seed", 1)),
            seat=seat_of(header),
            wall_clock=wall_clock or (lambda: ""),
        )
        self._pending = human_records(journal_records)
        self._next = 0

    @property
    def decisions(self) -> list[Record]:
        """The human records of the journal (the trainee's decisions), in order."""
        return list(self._pending)

    def advance_to(self, t: float) -> None:
        """Re-run up to sim time ``t``, applying every human action recorded at or before it.

        Raises:
            ReplayError: a recorded action cannot be read back.
            ValueError: ``t`` is before the engine's current time (make a new cursor).
        """
        exercise = self.exercise
        if t < exercise.now - TOLERANCE:
            raise ValueError(f"cannot go back from {exercise.now:g} s to {t:g} s")
        while self._next < len(self._pending) and self._pending[self._next].t <= t + TOLERANCE:
            record = self._pending[self._next]
            self._next += 1
            payload = dict(record.payload if record.kind == "action" else record.payload["action"])
            payload.pop("task_id", None)
            try:
                action = action_from_payload(record.actor, payload)
            except ValueError as exc:
                raise ReplayError(f"record {record.seq}: {exc}") from None
            _reach(exercise, record.t, record.seq)
            if exercise.finished:
                return
            exercise.act(action)
        if not exercise.finished and t > exercise.now:
            exercise.advance(t - exercise.now)


@dataclass(frozen=True)
class Divergence:
    """Where a branch left its parent: the first record that differs (None: identical)."""

    seq: int | None
    t: float | None
    parent: Record | None
    branch: Record | None


def _same(a: Record, b: Record) -> bool:
    return (a.kind, a.actor, round(a.t, 3), dict(a.payload)) == (
        b.kind,
        b.actor,
        round(b.t, 3),
        dict(b.payload),
    )


def divergence(parent: Sequence[Record], branch: Sequence[Record]) -> Divergence:
    """The first record (after the headers) where two journals differ, wall stamps aside."""
    for a, b in zip(parent[1:], branch[1:], strict=False):
        if not _same(a, b):
            return Divergence(a.seq, min(a.t, b.t), a, b)
    if len(parent) == len(branch):
        return Divergence(None, None, None, None)
    longer, shorter = (parent, branch) if len(parent) > len(branch) else (branch, parent)
    extra = longer[len(shorter)]
    return Divergence(
        extra.seq,
        extra.t,
        extra if longer is parent else None,
        extra if longer is branch else None,
    )
