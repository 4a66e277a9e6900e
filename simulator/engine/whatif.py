"""What if: re-run a journal with one better decision at one moment (the debrief's
counterfactual), on the replay machinery of :mod:`simulator.engine.replay`.

The same scenario, team and seed are run again; the human actions before the moment are
re-applied exactly as :func:`~simulator.engine.replay.replay` does, then the better decision
is taken at the moment (as a simulated person acts: by the person named, who must be in the
incident then). What follows depends on who played:

* **a human seat**: the player's later actions are left out (they answered a run that no
  longer happens); the run goes on with the simulated team, and the player resolves
  ``resolve_lag`` seconds after the impact is over - as long as they took in the real run -
  and posts the final notices (the wrap-up), so the time to resolve compares like with like;
* **fully simulated**: the simulated team carries on and resolves by itself.

Changing one decision changes what the simulated people draw from the run's random stream
afterwards, so the re-run is a plausible alternative history with the same seed, not the
same history minus one mistake; the debrief says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.actions import Action, MarkResolved, PostStatusPage, PostUpdate, action_from_payload
from simulator.bundle import Bundle
from simulator.engine.exercise import Exercise
from simulator.engine.replay import ReplayError, _check, _reach, human_records, seat_of
from simulator.engine.wrapup import missing_notices
from simulator.journal import Record
from simulator.model import Status

#: How often (sim seconds) the stand-in player looks whether the impact is over.
_LOOK_EVERY = 30.0


def what_if(
    journal_records: Sequence[Record],
    bundle: Bundle,
    at_seq: int,
    decision: Action,
    resolve_lag: float = 120.0,
) -> list[Record]:
    """The journal of the same run with ``decision`` taken just before record ``at_seq``.

    Args:
        journal_records: The real run's journal.
        bundle: Its scenario and team (the files must be unchanged, as for a replay).
        at_seq: The record the decision replaces or comes before (its time is the moment).
        decision: The better action (its ``actor`` must be in the incident at that moment).
        resolve_lag: With a human seat: how long after the impact is over the stand-in
            player resolves.

    Returns:
        The new journal (``wall`` blank).

    Raises:
        ReplayError: the journal does not belong to ``bundle``, an action cannot be read
            back, or the decision is refused at that moment (the reason says why).
    """
    if not journal_records:
        raise ReplayError("the journal is empty")
    header = journal_records[0]
    _check(header, bundle)
    moment = next((r for r in journal_records if r.seq == at_seq), None)
    if moment is None:
        raise ReplayError(f"the journal has no record {at_seq}")
    seat = seat_of(header)
    exercise = Exercise(
        bundle, seed=int(header.payload.get("seed", 1)), seat=seat, wall_clock=lambda: ""
    )
    for record in human_records(journal_records):
        if record.seq >= at_seq:
            break
        payload = dict(record.payload if record.kind == "action" else record.payload["action"])
        payload.pop("task_id", None)
        try:
            action = action_from_payload(record.actor, payload)
        except ValueError as exc:
            raise ReplayError(f"record {record.seq}: {exc}") from None
        _reach(exercise, record.t, record.seq)
        exercise.act(action)
    _reach(exercise, moment.t, at_seq)
    taken = exercise.act_simulated(decision)
    if taken.kind != "action":
        raise ReplayError(f"the better decision was refused: {taken.payload.get('reason')}")
    if seat is not None and not seat.tabletop:
        _stand_in(exercise, seat.actor, resolve_lag)
    exercise.run_to_end()
    return list(exercise.records)


def _stand_in(exercise: Exercise, player: str, resolve_lag: float) -> None:
    """Play the human's part after the decision: resolve once the impact has been over for
    ``resolve_lag`` seconds, then post the final notices."""
    state = exercise.state
    while not exercise.finished:
        over = _impact_over_since(exercise)
        if not state.resolved and over is not None and exercise.now >= over + resolve_lag:
            if not exercise.state.declared:
                return
            exercise.act_simulated(
                MarkResolved(
                    actor=player,
                    metrics_normal=True,
                    no_recurring_errors=True,
                    customer_impact_resolved=True,
                    summary="what-if re-run",
                )
            )
        if state.resolved and not exercise.finished:
            _notices(exercise, player)
            return
        exercise.advance(_LOOK_EVERY)


def _impact_over_since(exercise: Exercise) -> float | None:
    """When the impact last ended, or None while users are affected (a relapse after an
    ``impact_end`` brings them back until the next one)."""
    for record in reversed(exercise.records):
        if record.kind == "impact_end":
            return record.t
        if record.kind in ("relapse", "impact_start"):
            return None
    return None


def _notices(exercise: Exercise, player: str) -> None:
    """The final internal update and status-page post of the wrap-up."""
    state = exercise.state
    severity = state.severity
    customer_visible = exercise.scenario.truth.customer_visible
    for missing in missing_notices(state, customer_visible):
        if exercise.finished:
            return
        if "internal" in missing and severity is not None:
            exercise.act_simulated(
                PostUpdate(
                    actor=player,
                    severity=severity,
                    status=Status.RESOLVED,
                    impact="No users affected.",
                    recent_actions="Mitigated.",
                    next_steps="Post-mortem.",
                    eta="Resolved",
                )
            )
        elif "status-page" in missing:
            exercise.act_simulated(
                PostStatusPage(actor=player, status=Status.RESOLVED, text="Resolved.")
            )
