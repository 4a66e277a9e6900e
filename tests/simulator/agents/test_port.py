"""The agents' port: an exercise is one, and the waker works through one."""

from __future__ import annotations

import random

import simpy

from simulator.actions import Join
from simulator.agents.port import ExercisePort
from simulator.agents.waker import Waker
from simulator.engine import Exercise, Seat
from tests.simulator.engine_bundles import small_bundle

MEMBERS = sorted(name for name in vars(ExercisePort) if not name.startswith("_"))


def test_the_port_is_small_and_an_exercise_has_every_member() -> None:
    assert MEMBERS == [
        "act_simulated",
        "after",
        "bundle",
        "event",
        "firing",
        "local_hour",
        "message",
        "now",
        "pause",
        "records",
        "rng",
        "start",
        "state",
        "unacked_pages",
    ]
    exercise = Exercise(small_bundle(), seed=1)
    missing = [name for name in MEMBERS if not hasattr(exercise, name)]
    assert missing == []


def test_a_simulated_person_acts_past_the_outsider_check() -> None:
    exercise = Exercise(small_bundle(), seed=1, seat=Seat("ann"))
    outside = exercise.act(Join(actor="bob"))
    inside = exercise.act_simulated(Join(actor="bob"))
    assert (outside.kind, inside.kind) == ("rejected", "action")
    assert [r.kind for r in exercise.records].count("rejected") == 0  # the outsider's is not kept


class _Clock:
    """A stand-in port with only what a waker uses: now, event and pause."""

    def __init__(self) -> None:
        self.env = simpy.Environment()
        self.rng = random.Random(1)

    @property
    def now(self) -> float:
        return float(self.env.now)

    def event(self) -> simpy.Event:
        return self.env.event()

    def pause(self, delay: float) -> simpy.Event:
        return self.env.timeout(delay)


def test_a_waker_wakes_once_per_poke_and_at_the_earliest_time_asked() -> None:
    clock = _Clock()
    waker = Waker(clock)  # type: ignore[arg-type]  # a stand-in with the members it uses
    woke: list[float] = []

    def sleeper() -> simpy.events.ProcessGenerator:
        while True:
            yield waker.wait()
            woke.append(clock.now)

    clock.env.process(sleeper())
    clock.env.run(until=1)
    waker.poke()
    waker.poke()  # idempotent until it wakes
    clock.env.run(until=2)
    assert woke == [1.0]
    waker.at(30.0)
    waker.at(10.0)  # the earliest wins
    waker.at(20.0)  # later than a pending timer: nothing new
    clock.env.run(until=100)
    assert woke == [1.0, 10.0, 30.0]
    waker.at(50.0)  # in the past: now
    clock.env.run(until=101)
    assert woke == [1.0, 10.0, 30.0, 100.0]
