"""Escalation: levels paged exactly at their timeouts, repeats, acknowledgement stops it."""

from __future__ import annotations

import simpy

from simulator.actions import AcknowledgePage
from simulator.engine import Exercise, Seat
from simulator.model import EscalationLevel, EscalationPolicy
from simulator.paging import Pager
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
