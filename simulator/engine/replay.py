"""Replay: re-run a journal's human actions against the same files and seed.

The human actions of a journal are its ``action`` and ``rejected`` records by the seat's
actor(s) and by the facilitator (in a tabletop, every action record: nothing else acts). Each is
re-applied at its recorded sim time, after exactly the records that preceded it, to a fresh
:class:`~simulator.engine.Exercise` with the header's seed and seat; everything else is
re-simulated. For the same scenario, team and runbook files the result equals the journal
record for record, ``wall`` stamps aside (:func:`same_journal` compares that way). A game
day's ``seat`` records (a dropped seat played by the simulator, then taken back) are re-applied
at their times too, and the seat's actions in between are re-simulated, not replayed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.actions import FACILITATOR, action_from_payload
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat, kernel
from simulator.engine.kernel import StopSimulation
from simulator.journal import JOURNAL_FORMAT, Record
from simulator.model import Role

#: How close (sim seconds) an event must be to a recorded time to count as "at" it.
_TOLERANCE = 1e-6


class ReplayError(ValueError):
    """The journal cannot be replayed against this bundle; the message says why."""


def seat_of(header: Record) -> Seat | None:
    """The human seat recorded in a journal header (None for a fully simulated run)."""
    human = header.payload.get("human")
    if not human:
        return None
    role = human.get("role")
    return Seat(
        actor=str(human["actor"]),
        role=Role(role) if role else None,
        tabletop=bool(human.get("tabletop", False)),
    )


def seats_of(header: Record) -> tuple[Seat, ...]:
    """Every human seat of a journal header: its ``seats`` list when several people
    played on their own screens, else the one ``human`` seat (empty when fully simulated)."""
    listed = header.payload.get("seats")
    if not listed:
        seat = seat_of(header)
        return (seat,) if seat is not None else ()
    return tuple(
        Seat(
            actor=str(one["actor"]),
            role=Role(one["role"]) if one.get("role") else None,
            player=str(one.get("player") or ""),
        )
        for one in listed
    )


def human_records(records: Sequence[Record], seat_changes: bool = False) -> list[Record]:
    """The records a human (or the facilitator) produced, in journal order.

    A seat the simulator played while its player was away (between its ``seat`` records) is
    no human's then: its actions are re-simulated. With ``seat_changes`` the ``seat`` records
    themselves are included (replay hands the seat over at the same moments).
    """
    seat = seat_of(records[0]) if records else None
    actors = {s.actor for s in seats_of(records[0])} if records else set()
    away: set[str] = set()
    out = []
    for record in records[1:]:
        if record.kind == "seat":
            person = str(record.payload.get("person"))
            if record.payload.get("by") == "simulator":
                away.add(person)
            else:
                away.discard(person)
            if seat_changes:
                out.append(record)
            continue
        if record.kind not in ("action", "rejected"):
            continue
        human = seat is not None and (
            seat.tabletop or (record.actor in actors and record.actor not in away)
        )
        if human or record.actor == FACILITATOR:
            out.append(record)
    return out


def _check(header: Record, bundle: Bundle) -> None:
    if header.kind != "header" or header.payload.get("format") != JOURNAL_FORMAT:
        raise ReplayError(f"not a {JOURNAL_FORMAT} journal (the first record is no header)")
    if header.payload.get("scenario_id") != bundle.scenario.id:
        raise ReplayError(
            f"the journal is of scenario {header.payload.get('scenario_id')!r}, "
            f"not {bundle.scenario.id!r}"
        )
    if header.payload.get("team_id") != bundle.team.id:
        raise ReplayError(
            f"the journal is of team {header.payload.get('team_id')!r}, not {bundle.team.id!r}"
        )
    files: dict[str, Any] = dict(header.payload.get("files") or {})
    for role in ("scenario", "team"):
        recorded = str(dict(files.get(role) or {}).get("sha256") or "")
        current = bundle.hashes.get(role, "")
        if recorded and current and recorded != current:
            raise ReplayError(
                f"the {role} file changed since the journal was written "
                f"(sha256 {recorded[:12]}... then, {current[:12]}... now)"
            )


def _reach(exercise: Exercise, t: float, seq: int) -> None:
    """Run ``exercise`` to sim time ``t`` with exactly ``seq`` records written."""
    env = exercise.env
    records = exercise.records
    try:
        while not exercise.finished:
            nxt = env.peek()
            if nxt < t - _TOLERANCE or (nxt <= t + _TOLERANCE and len(records) < seq):
                env.step()
            else:
                break
    except StopSimulation:
        return
    if not exercise.finished and env.now < t:
        kernel.set_now(env, t)


def _hand_over(exercise: Exercise, record: Record) -> None:
    """Hand a seat to the simulator or back to its human, as the journal recorded it."""
    person = str(record.payload.get("person"))
    try:
        if record.payload.get("by") == "simulator":
            exercise.simulate_seat(person)
        else:
            exercise.return_seat(person)
    except ValueError as exc:
        raise ReplayError(f"record {record.seq}: {exc}") from None


def replay(journal_records: Sequence[Record], bundle: Bundle) -> list[Record]:
    """Re-run the journal's human actions; returns the new records (``wall`` blank).

    Raises:
        ReplayError: when the journal does not belong to ``bundle`` or an action cannot be
            read back.
    """
    if not journal_records:
        raise ReplayError("the journal is empty")
    header = journal_records[0]
    _check(header, bundle)
    seed = int(header.payload.get("seed", 1))
    exercise = Exercise(bundle, seed=seed, seats=seats_of(header), wall_clock=lambda: "")
    for record in human_records(journal_records, seat_changes=True):
        if record.kind == "seat":
            _reach(exercise, record.t, record.seq)
            _hand_over(exercise, record)
            continue
        payload = dict(record.payload if record.kind == "action" else record.payload["action"])
        payload.pop("task_id", None)
        try:
            action = action_from_payload(record.actor, payload)
        except ValueError as exc:
            raise ReplayError(f"record {record.seq}: {exc}") from None
        _reach(exercise, record.t, record.seq)
        exercise.act(action)
    end = next((r for r in reversed(journal_records) if r.kind == "end"), None)
    if end is None:
        last = journal_records[-1]
        _reach(exercise, last.t, last.seq + 1)
    elif end.payload.get("reason") in ("resolved", "time_limit"):
        exercise.run_to_end()
    else:
        _reach(exercise, end.t, end.seq)
        exercise.stop(str(end.payload.get("reason", "stopped")))
    return list(exercise.records)


def same_journal(a: Sequence[Record], b: Sequence[Record]) -> bool:
    """True when two journals are equal line for line, ``wall`` stamps aside."""
    return len(a) == len(b) and all(
        x.without_wall().to_json() == y.without_wall().to_json() for x, y in zip(a, b, strict=True)
    )
