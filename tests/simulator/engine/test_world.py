"""The hidden world: curves, threshold crossings, each mitigation effect, clue matching."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from simulator.actions import ApplyMitigation, Join
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.engine.world import Curve, Gauge, World, matching_clues, no_results_text
from simulator.model import Effect, Metric, MetricShape, Mitigation, Point, Strategy, Tool
from tests.simulator.engine_bundles import small_bundle, small_scenario


def test_curve_interpolates_and_holds_its_ends() -> None:
    curve = Curve.of((Point(60.0, 10.0), Point(0.0, 0.0), Point(120.0, 10.0)), 0.0)
    assert [curve.at(x) for x in (-5.0, 0.0, 30.0, 60.0, 90.0, 500.0)] == [
        0.0,
        0.0,
        5.0,
        10.0,
        10.0,
        10.0,
    ]
    assert Curve.of((), 3.5).at(100.0) == 3.5


def test_world_values_before_during_and_after_the_shape() -> None:
    world = World(small_scenario())
    errors = world.gauge_by_key["api.errors"]
    assert world.users(119.0) == 0
    assert world.value(errors, 100.0) == 1.0
    assert world.users(240.0) == 500
    assert world.value(errors, 240.0) == pytest.approx(21.0)
    assert world.metrics(360.0) == {"api.errors": 41.0, "api.latency": 600.0}
    assert world.breakpoints == (120.0, 360.0)


def test_threshold_crossing_is_solved_exactly() -> None:
    world = World(small_scenario())
    errors = world.gauge_by_key["api.errors"]
    # 1 -> 41 over 240 s from t=120 crosses 5 at 120 + 24
    assert world.next_change(errors, 0.0, True) == pytest.approx(144.0)
    assert world.next_change(errors, 200.0, True) == 200.0
    assert world.next_change(errors, 200.0, False) is None
    world.apply(Mitigation(Strategy.ROLLBACK, "api", Effect.RESOLVES, 0.0))
    assert world.next_change(errors, 400.0, False) == 400.0
    assert world.next_change(errors, 400.0, True) is None


def _tabletop(**kwargs: object) -> Exercise:
    ex = Exercise(small_bundle(**kwargs), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(400.0)
    assert ex.act(Join(actor="ann")).kind == "action"
    return ex


def _users(ex: Exercise) -> list[tuple[float, int]]:
    return [(r.t, int(r.payload["users"])) for r in ex.records if r.kind == "sample"]


def test_rollback_resolves_after_it_takes_effect_and_the_impact_ends() -> None:
    ex = _tabletop()
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.ROLLBACK, target="api"))
    ex.advance(600.0)
    effect = next(r for r in ex.records if r.kind == "mitigation_effect")
    assert (effect.t, dict(effect.payload)) == (
        580.0,
        {
            "strategy": "rollback",
            "target": "api",
            "effect": "resolves",
            "amount": 0.0,
            "users_before": 1000,
            "users_after": 0,
        },
    )
    end = next(r for r in ex.records if r.kind == "impact_end")
    assert end.t == 580.0
    assert ex.visible_metrics() == {"api.errors": 1.0, "api.latency": 200.0}
    assert (580.0, 0) in _users(ex)


def test_restart_reduces_by_half_then_relapses() -> None:
    ex = _tabletop()
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.RESTART, target="api"))
    ex.advance(400.0)
    effect = next(r for r in ex.records if r.kind == "mitigation_effect")
    relapse = next(r for r in ex.records if r.kind == "relapse")
    assert (effect.t, effect.payload["users_after"]) == (460.0, 500)
    assert (relapse.t, dict(relapse.payload)) == (580.0, {"strategy": "restart", "target": "api"})
    users = dict(_users(ex))
    assert users[480.0] == 500
    assert users[580.0] == 1000
    assert not any(r.kind == "impact_end" for r in ex.records)


def test_none_changes_nothing_and_worsens_adds_its_share() -> None:
    ex = _tabletop()
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.SCALE, target="api"))
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.FAILOVER, target="db"))
    ex.advance(100.0)
    effects = [
        (r.payload["effect"], r.payload["users_after"])
        for r in ex.records
        if r.kind == "mitigation_effect"
    ]
    assert effects == [("none", 1000), ("worsens", 1200)]
    assert ex.visible_metrics()["api.errors"] == pytest.approx(1.0 + 1.2 * 40.0)


def test_a_mitigation_the_scenario_does_not_describe_does_nothing_after_two_minutes() -> None:
    ex = _tabletop()
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.BLOCK_TRAFFIC, target="db"))
    ex.advance(200.0)
    effect = next(r for r in ex.records if r.kind == "mitigation_effect")
    assert (effect.t, effect.payload["effect"], effect.payload["users_after"]) == (
        520.0,
        "none",
        1000,
    )


def test_partial_fixes_leave_residual_impact() -> None:
    reduce_only = (Mitigation(Strategy.SCALE, "api", Effect.REDUCES, takes=30.0, amount=80),)
    ex = _tabletop(mitigations=reduce_only)
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.SCALE, target="api"))
    ex.act(ApplyMitigation(actor="ann", strategy=Strategy.SCALE, target="api"))
    ex.advance(60.0)
    assert [r.payload["users_after"] for r in ex.records if r.kind == "mitigation_effect"] == [
        200,
        40,
    ]
    assert ex.visible_metrics()["api.errors"] == pytest.approx(1.0 + 0.04 * 40.0)
    assert not any(r.kind == "impact_end" for r in ex.records)


def test_clues_match_by_keyword_tool_and_availability() -> None:
    scenario = small_scenario()
    ready, later = matching_clues(scenario, Tool.LOGS, "API errors", 60.0)
    assert (ready, [c.id for c in later]) == ([], ["logs-bug"])
    ready, later = matching_clues(scenario, Tool.LOGS, "API errors", 120.0)
    assert [c.id for c in ready] == ["logs-bug"]
    assert [c.id for c in matching_clues(scenario, "deploy_history", "", 0.0)[0]] == ["deploys"]
    assert matching_clues(scenario, Tool.TRACING, "api", 500.0) == ([], [])
    assert no_results_text(Tool.TRACING, "api") == "No traces match 'api'."


def test_a_below_threshold_alert_crosses_downwards() -> None:
    base = small_scenario()
    api = base.services[0]
    conversion = Metric(
        id="conversion",
        name="Conversion",
        unit="%",
        baseline=3.0,
        alert_threshold=2.0,
        direction="below",
        alert="ConversionLow",
    )
    api = dataclasses.replace(api, metrics=(conversion,))
    shape = MetricShape("api", "conversion", (Point(0.0, 3.0), Point(100.0, 1.0)))
    impact = dataclasses.replace(base.truth.impact, metrics=(shape,))
    scenario = dataclasses.replace(
        base,
        services=(api, *base.services[1:]),
        truth=dataclasses.replace(base.truth, impact=impact),
    )
    world = World(scenario)
    gauge = world.gauge_by_key["api.conversion"]
    assert world.next_change(gauge, 0.0, True) == pytest.approx(170.0)  # 120 + 50
    bundle = dataclasses.replace(small_bundle(), scenario=scenario)
    ex = Exercise(bundle, seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(600.0)
    alert = next(r for r in ex.records if r.kind == "alert")
    assert (alert.t, alert.payload["alert"], alert.payload["value"]) == (
        230.0,
        "ConversionLow",
        1.0,
    )


def _next_change_by_definition(world: World, gauge: Gauge, t0: float, breach: bool) -> float | None:
    """``World.next_change`` written plainly with ``value`` and ``breaching`` (the engine's
    version inlines both for speed and must find exactly the same times)."""
    threshold = gauge.metric.alert_threshold
    if threshold is None or gauge.curve is None:
        return None if breach else t0
    if world.breaching(gauge, world.value(gauge, t0 + 1e-6)) == breach:
        return t0
    a, va = t0, world.value(gauge, t0)
    for b in [t for t in world.breakpoints if t > t0]:
        vb = world.value(gauge, b)
        if b == world.impact_start:
            if world.breaching(gauge, world.value(gauge, b + 1e-6)) == breach:
                return b
            a, va = b, vb
            continue
        if vb == threshold and world.breaching(gauge, world.value(gauge, b + 1e-6)) == breach:
            return b  # reaches the threshold at b and leaves it there (even after a plateau on it)
        if world.breaching(gauge, vb) == breach:
            return a if vb == va else a + (threshold - va) * (b - a) / (vb - va)
        a, va = b, vb
    return None


def test_threshold_crossings_match_their_definition() -> None:
    # every curve of up to four points through values below, on and above the threshold:
    # steps, plateaus on the threshold, both directions, mitigated or not, from several times
    base = small_scenario()
    api = base.services[0]
    levels = (2.0, 5.0, 10.0)
    curves = [c for n in range(1, 5) for c in itertools.product(levels, repeat=n)]
    checked = 0
    for values, baseline, direction in itertools.product(curves, (2.0, 10.0), ("above", "below")):
        metric = dataclasses.replace(
            api.metrics[0], baseline=baseline, alert_threshold=5.0, direction=direction
        )
        points = tuple(Point(60.0 * i, v) for i, v in enumerate(values))
        scenario = dataclasses.replace(
            base,
            services=(dataclasses.replace(api, metrics=(metric,)), *base.services[1:]),
            truth=dataclasses.replace(
                base.truth,
                impact=dataclasses.replace(
                    base.truth.impact, metrics=(MetricShape("api", metric.id, points),)
                ),
            ),
        )
        world = World(scenario)
        gauge = world.gauge_by_key[f"api.{metric.id}"]
        for factor, t0, breach in itertools.product(
            (1.0, 0.5), (0.0, 120.0, 150.0, 180.0, 250.0, 700.0), (True, False)
        ):
            world.factor = factor
            expected = _next_change_by_definition(world, gauge, t0, breach)
            assert world.next_change(gauge, t0, breach) == expected, (values, factor, t0)
            checked += expected is not None and expected > t0
    assert checked > 500  # crossings in the future, not only "already there"


def _noisy_threshold_bundle() -> Bundle:
    """The example that hung the engine (fuzz seed 40): an alert threshold of 1e-65 above a
    metric that rests at exactly 0 and then rises; rounding leaves 7e-13 at a curve point."""
    base = small_scenario(time_limit=7200.0)
    api = base.services[0]
    metric = dataclasses.replace(
        api.metrics[0], baseline=80.2817972098618, alert_threshold=1.254211315388756e-65,
        direction="above", alert_for=60.0,
    )
    points = (Point(1274.2, 0.0), Point(1291.8, 55.0), Point(2276.3, 0.0), Point(2535.2, 322.5))
    scenario = dataclasses.replace(
        base,
        services=(dataclasses.replace(api, metrics=(metric,)), *base.services[1:]),
        truth=dataclasses.replace(
            base.truth,
            impact=dataclasses.replace(
                base.truth.impact, start=1405.6, metrics=(MetricShape("api", "errors", points),)
            ),
        ),
    )
    return dataclasses.replace(small_bundle(), scenario=scenario)


def test_a_crossing_lost_in_float_noise_is_where_the_state_changes() -> None:
    world = World(_noisy_threshold_bundle().scenario)
    gauge = world.gauge_by_key["api.errors"]
    t0 = 2531.909993998838
    assert not world.breaching(gauge, world.value(gauge, t0 + 1e-6))
    # not t0 (which kept the monitor waiting 0 s forever): the curve point where it is seen
    assert world.next_change(gauge, t0, True) == 2679.8


@pytest.mark.timeout(60)
def test_the_monitor_makes_progress_on_a_noisy_threshold() -> None:
    ex = Exercise(_noisy_threshold_bundle(), seed=1, seat=Seat("ann", tabletop=True))
    ex.advance(4000.0)
    alerts = [r.t for r in ex.records if r.kind == "alert" and r.payload.get("repeat") == 0]
    # the baseline (80) is over the threshold from the start: it fires after alert_for (60 s),
    # clears when impact starts at 0, and fires again once the metric leaves 0 at impact
    # start + 1274.2 s and holds for 60 s
    assert alerts == [60.0, 2739.8]
    assert len(ex.records) < 500
    assert len(ex.world_changed.callbacks or []) <= 2
