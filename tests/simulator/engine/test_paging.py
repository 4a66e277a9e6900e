"""Escalation: levels paged exactly at their timeouts, repeats, acknowledgement stops it."""

from __future__ import annotations

from collections.abc import Generator

import simpy

from simulator.actions import AcknowledgePage
from simulator.engine import Exercise, Seat
from simulator.engine.paging import Pager, first_of
from simulator.model import EscalationLevel, EscalationPolicy
from tests.simulator.engine_bundles import small_bundle

POLICY = EscalationPolicy(
    (
        EscalationLevel(1, ("ann",), 300.0),
        EscalationLevel(2, ("bob", "cat"), 600.0),
        EscalationLevel(3, ("dan",), 900.0),
    ),
    repeats=1,
)


def _pager() -> tuple[simpy.Environment, Pager, list[tuple[float, str, int | None, int]]]:
    env = simpy.Environment()
    pages: list[tuple[float, str, int | None, int]] = []
    pager = Pager(
        env,
        POLICY,
        lambda person, level, attempt, _r: pages.append((env.now, person, level, attempt)),
    )
    return env, pager, pages


def test_unanswered_pages_walk_every_level_then_repeat_the_policy() -> None:
    env, pager, pages = _pager()
    env.run(until=10.0)
    assert pager.trigger("ApiErrors")
    assert not pager.trigger("again")  # one escalation at a time
    env.run(until=10_000.0)
    assert pages == [
        (10.0, "ann", 1, 1),
        (310.0, "bob", 2, 1),
        (310.0, "cat", 2, 1),
        (910.0, "dan", 3, 1),
        (1810.0, "ann", 1, 2),
        (2110.0, "bob", 2, 2),
        (2110.0, "cat", 2, 2),
        (2710.0, "dan", 3, 2),
    ]
    assert not pager.active


def test_an_acknowledgement_stops_the_escalation() -> None:
    env, pager, pages = _pager()
    pager.trigger("ApiErrors")
    env.run(until=400.0)
    pager.acknowledged("bob")
    env.run(until=5000.0)
    assert [p[1] for p in pages] == ["ann", "bob", "cat"]
    assert not pager.active
    assert pager.trigger("next alert")


def test_an_acknowledgement_by_someone_not_paged_does_not_stop_it() -> None:
    env, pager, pages = _pager()
    pager.trigger("ApiErrors")
    env.run(until=100.0)
    pager.acknowledged("dan")
    env.run(until=400.0)
    assert [p[1] for p in pages] == ["ann", "bob", "cat"]


def test_level_two_is_paged_exactly_at_the_level_one_timeout_in_an_exercise() -> None:
    ex = Exercise(small_bundle(), seed=3, seat=Seat("ann", tabletop=True))
    ex.advance(2000.0)
    pages = [(r.t, r.payload["person"], r.payload["level"]) for r in ex.records if r.kind == "page"]
    assert pages == [(204.0, "ann", 1), (504.0, "bob", 2), (1104.0, "dan", 3)]


def test_the_human_acknowledging_in_time_means_level_two_is_never_paged() -> None:
    ex = Exercise(small_bundle(), seed=3, seat=Seat("ann"))
    ex.advance(250.0)
    assert ex.act(AcknowledgePage(actor="ann")).kind == "action"
    ex.advance(2000.0)
    pagers = [r for r in ex.records if r.kind == "page" and r.payload["level"] == 2]
    assert pagers == []


def test_night_time_slows_acknowledgement() -> None:
    """Sleep inertia (csv row sleep_inertia): 14:00 in Berlin vs 02:00 in Auckland."""

    def acks(timezone_name: str) -> list[float]:
        out = []
        for seed in range(40):
            ex = Exercise(small_bundle(timezone_name=timezone_name), seed=seed, wall_clock=str)
            ex.advance(3000.0)
            first_page = next(r.t for r in ex.records if r.kind == "page")
            ack = next((r.t for r in ex.records if r.action == "acknowledge_page"), None)
            if ack is not None:
                out.append(ack - first_page)
        return sorted(out)

    day, night = acks("Europe/Berlin"), acks("Pacific/Auckland")
    assert night[len(night) // 2] > 2 * day[len(day) // 2]


def _waits(first: bool) -> tuple[list[tuple[float, str, bool]], int]:
    """Three processes wait for a timeout or a shared signal (fired at t=5 and t=12, and at
    the same instant as some timeouts); returns who resumed when, and the steps taken."""
    env = simpy.Environment()
    signal = [env.event()]
    trace: list[tuple[float, str, bool]] = []

    def waiter(name: str, delays: tuple[float, ...]) -> Generator[simpy.Event, None, None]:
        for delay in delays:
            other = signal[0]
            timeout = env.timeout(delay)
            yield first_of(env, timeout, other) if first else timeout | other
            trace.append((env.now, name, other.triggered))

    def signaller() -> Generator[simpy.Event, None, None]:
        for at in (5.0, 12.0):
            yield env.timeout(at - env.now)
            fired, signal[0] = signal[0], env.event()
            fired.succeed()

    env.process(signaller())
    for name, delays in (("a", (3.0, 3.0, 3.0, 3.0)), ("b", (5.0, 7.0, 1.0)), ("c", (20.0,))):
        env.process(waiter(name, delays))
    steps = 0
    while env.peek() < float("inf"):
        env.step()
        steps += 1
    return trace, steps


def test_first_of_resumes_exactly_like_a_simpy_any_of_condition() -> None:
    trace, steps = _waits(first=True)
    assert (trace, steps) == _waits(first=False)
    assert trace == [
        (3.0, "a", False),
        (5.0, "b", True),  # the signal fired at 5, with b's own timeout
        (5.0, "c", True),
        (5.0, "a", True),  # a's second timeout (6) was overtaken by the signal
        (8.0, "a", False),
        (11.0, "a", False),
        (12.0, "b", True),
        (13.0, "b", False),
    ]
    assert steps == 28
