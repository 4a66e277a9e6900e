"""The hidden world: how users and metrics move, what mitigations do, what tools reveal.

The scenario's ``truth.impact`` gives the *untreated* shape: piecewise-linear curves of
users affected and of metric values, in seconds since impact start, holding their last value
after the last point. Mitigations act on the **deviation from baseline**: the world keeps a
product of active multipliers (``factor``) and a value at time ``t`` is
``baseline + factor * (untreated(t) - baseline)``.

* ``resolves`` multiplies by 0 (the impact is gone);
* ``reduces`` N% multiplies by ``1 - N/100`` (N% of the remaining deviation is removed);
* ``none`` leaves the factor alone;
* ``worsens`` N% multiplies by ``1 + N/100``.

A mitigation with ``relapse_after`` removes its multiplier again that long after taking
effect: the impact returns because the fix missed the cause. Between two changes of the
factor every value is linear between curve points, so alert threshold crossings are solved
exactly (:meth:`World.next_change`) instead of polled.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from simulator.model import Clue, Effect, Metric, Mitigation, Point, Scenario, Strategy, Tool

#: Values this close to baseline count as "at baseline".
EPSILON = 1e-6


@dataclass(frozen=True)
class Curve:
    """A piecewise-linear curve over seconds since impact start (last value held)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    @classmethod
    def of(cls, points: Sequence[Point], default: float) -> Curve:
        """A curve through ``points`` (sorted by time); constant ``default`` when empty."""
        pts = sorted(points, key=lambda p: p.at)
        if not pts:
            return cls((0.0,), (default,))
        return cls(tuple(p.at for p in pts), tuple(p.value for p in pts))

    def at(self, x: float) -> float:
        """The value ``x`` seconds after impact start."""
        xs = self.xs
        if x <= xs[0]:
            return self.ys[0]
        if x >= xs[-1]:
            return self.ys[-1]
        i = bisect.bisect_right(xs, x)
        x0 = xs[i - 1]
        y0 = self.ys[i - 1]
        return y0 + (self.ys[i] - y0) * (x - x0) / (xs[i] - x0)


@dataclass(frozen=True)
class Gauge:
    """One metric of one service as the world moves it."""

    key: str
    service: str
    metric: Metric
    curve: Curve | None

    @property
    def baseline(self) -> float:
        """The metric's normal value."""
        return self.metric.baseline


class _Shape:
    """What a scenario's truth fixes for every run: gauges, curves, breakpoints (read-only;
    built once per scenario object and shared by the runs of a batch)."""

    def __init__(self, scenario: Scenario) -> None:
        impact = scenario.truth.impact
        self.impact_start = impact.start
        self.total_users = impact.total_users
        self.users_curve = Curve.of(impact.users, 0.0)
        shapes = {(s.service, s.metric): s for s in impact.metrics}
        gauges: list[Gauge] = []
        for service in scenario.services:
            for metric in service.metrics:
                shape = shapes.get((service.id, metric.id))
                curve = Curve.of(shape.points, metric.baseline) if shape else None
                gauges.append(Gauge(f"{service.id}.{metric.id}", service.id, metric, curve))
        self.gauges = tuple(gauges)
        self.moving = tuple(g for g in gauges if g.curve is not None)
        self.moving_curves = tuple(
            (g.key, g.metric.baseline, g.curve) for g in gauges if g.curve is not None
        )
        self.baselines = MappingProxyType({g.key: round(g.metric.baseline, 4) for g in gauges})
        self.gauge_by_key = MappingProxyType({g.key: g for g in gauges})
        xs = set(self.users_curve.xs) | {0.0}
        for g in gauges:
            if g.curve is not None:
                xs.update(g.curve.xs)
        self.breakpoints = tuple(sorted(self.impact_start + x for x in xs))
        self.shape_end = self.breakpoints[-1] if self.breakpoints else self.impact_start
        self.mitigations = MappingProxyType(
            {(m.strategy, m.target): m for m in scenario.truth.mitigations}
        )
        #: ``World.metrics`` by (time, factor): every run of a batch samples the same
        #: minutes with the same factor until its first mitigation takes effect.
        self.metrics_memo: dict[tuple[float, float], dict[str, float]] = {}
        self.metrics_memo_size = max(16, min(_MEMO_SIZE, _MEMO_VALUES // max(1, len(gauges))))
        #: ``World.users`` by (time, factor), for the same reason.
        self.users_memo: dict[tuple[float, float], int] = {}


#: Entries of a shape's ``users_memo`` before it is emptied (a few hours of minutes times a
#: handful of mitigation factors, and the odd times mitigations take effect at).
_MEMO_SIZE = 4096
#: Metric values a shape's ``metrics_memo`` may hold before it is emptied (so a scenario with
#: hundreds of metrics keeps fewer samples: memory stays a few MB per scenario).
_MEMO_VALUES = 60_000

#: Shapes by scenario object (the scenario is kept, so its id is not reused while cached).
_SHAPES: dict[int, tuple[Scenario, _Shape]] = {}


def _shape_of(scenario: Scenario) -> _Shape:
    cached = _SHAPES.get(id(scenario))
    if cached is None or cached[0] is not scenario:
        if len(_SHAPES) >= 32:
            _SHAPES.clear()
        cached = _SHAPES[id(scenario)] = (scenario, _Shape(scenario))
    return cached[1]


class World:
    """The state of the hidden truth at any sim time, given the mitigations in effect."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        shape = _shape_of(scenario)
        self.impact_start = shape.impact_start
        self.total_users = shape.total_users
        self.users_curve = shape.users_curve
        self.gauges: tuple[Gauge, ...] = shape.gauges
        self._moving = shape.moving
        self._moving_curves = shape.moving_curves
        self._baselines = shape.baselines
        self._settled: tuple[float, dict[str, float]] | None = None
        self._memo = shape.metrics_memo
        self._memo_size = shape.metrics_memo_size
        self._users_memo = shape.users_memo
        self.gauge_by_key = shape.gauge_by_key
        #: Absolute sim times where the untreated shape changes slope.
        self.breakpoints: tuple[float, ...] = shape.breakpoints
        self.shape_end = shape.shape_end
        self._multipliers: dict[int, float] = {}
        self._next_id = 0
        self.factor = 1.0
        self._mitigations = shape.mitigations

    # ------------------------------------------------------------------ values

    def users(self, t: float) -> int:
        """Users affected at ``t`` (0 before impact start), capped at ``total_users``."""
        if t < self.impact_start:
            return 0
        key = (t, self.factor)
        known = self._users_memo.get(key)
        if known is not None:
            return known
        value = self.factor * self.users_curve.at(t - self.impact_start)
        if self.total_users > 0:
            value = min(value, float(self.total_users))
        users: int = max(0, round(value))
        memo = self._users_memo
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = users
        return users

    def value(self, gauge: Gauge, t: float) -> float:
        """The metric value at ``t``."""
        base = gauge.metric.baseline
        curve = gauge.curve
        if curve is None or t < self.impact_start:
            return base
        return base + self.factor * (curve.at(t - self.impact_start) - base)

    def metrics(self, t: float) -> dict[str, float]:
        """Every metric ``"service.metric"`` at ``t`` (rounded to 4 decimals for the journal)."""
        if t < self.impact_start or self.factor == 0.0:
            return dict(self._baselines)
        settled = t >= self.shape_end
        if settled and self._settled is not None and self._settled[0] == self.factor:
            return dict(self._settled[1])  # past the last point nothing moves
        factor = self.factor
        memo = self._memo
        known = memo.get((t, factor))
        if known is not None:
            return dict(known)
        values = dict(self._baselines)
        x = t - self.impact_start
        bisect_right = bisect.bisect_right
        for key, base, curve in self._moving_curves:
            # Curve.at, inlined (every moving metric of every sample)
            xs, ys = curve.xs, curve.ys
            if x <= xs[0]:
                y = ys[0]
            elif x >= xs[-1]:
                y = ys[-1]
            else:
                i = bisect_right(xs, x)
                x0 = xs[i - 1]
                y0 = ys[i - 1]
                y = y0 + (ys[i] - y0) * (x - x0) / (xs[i] - x0)
            values[key] = round(base + factor * (y - base), 4)
        if settled:
            self._settled = (self.factor, values)
        else:
            if len(memo) >= self._memo_size:
                memo.clear()  # a long sweep of odd times: start again rather than grow
            memo[(t, factor)] = values
        return dict(values)

    def at_baseline(self, t: float) -> bool:
        """True when no user is affected and every metric is at its baseline."""
        if self.users(t) > 0:
            return False
        if t < self.impact_start:
            return True  # every metric is at its baseline before the impact
        # only the metrics the scenario moves can be off their baseline (World.value inlined)
        x = t - self.impact_start
        factor = self.factor
        for _key, base, curve in self._moving_curves:
            if not abs(base + factor * (curve.at(x) - base) - base) <= EPSILON:
                return False
        return True

    def impact_over(self, t: float) -> bool:
        """True when the impact has ended for good at ``t`` (unless a relapse brings it back):
        at baseline, and either fully mitigated or past the end of the untreated shape."""
        if t < self.impact_start:
            return False
        return (self.factor == 0.0 or t >= self.shape_end) and self.at_baseline(t)

    # ------------------------------------------------------------------ mitigations

    def mitigation(self, strategy: Strategy | str, target: str) -> Mitigation | None:
        """The scenario's declared effect of ``strategy`` on ``target``, if any."""
        return self._mitigations.get((Strategy(strategy), target))

    def apply(self, mitigation: Mitigation) -> int:
        """Put a mitigation's multiplier in effect; returns its id (for a relapse)."""
        if mitigation.effect is Effect.RESOLVES:
            multiplier = 0.0
        elif mitigation.effect is Effect.REDUCES:
            multiplier = max(0.0, 1.0 - mitigation.amount / 100.0)
        elif mitigation.effect is Effect.WORSENS:
            multiplier = 1.0 + mitigation.amount / 100.0
        else:
            multiplier = 1.0
        self._next_id += 1
        self._multipliers[self._next_id] = multiplier
        self._refactor()
        return self._next_id

    def relapse(self, multiplier_id: int) -> None:
        """Take a mitigation's multiplier out again (the impact returns)."""
        self._multipliers.pop(multiplier_id, None)
        self._refactor()

    def _refactor(self) -> None:
        factor = 1.0
        for m in self._multipliers.values():
            factor *= m
        self.factor = factor

    # ------------------------------------------------------------------ alerts

    def breaching(self, gauge: Gauge, value: float) -> bool:
        """True when ``value`` is past the gauge's alert threshold."""
        threshold = gauge.metric.alert_threshold
        if threshold is None:
            return False
        if gauge.metric.direction == "below":
            return value < threshold
        return value > threshold

    def next_change(self, gauge: Gauge, t0: float, breach: bool) -> float | None:
        """The earliest time >= ``t0`` from which the gauge is (``breach``) or is not
        breaching its threshold, assuming the factor stays as it is; None if never.

        The state at a time is its right limit, so a value exactly on the threshold and
        rising counts as breaching.
        """
        metric = gauge.metric
        threshold = metric.alert_threshold
        curve = gauge.curve
        if threshold is None or curve is None:
            return None if breach else t0
        base = metric.baseline
        start = self.impact_start
        factor = self.factor
        below = metric.direction == "below"
        at = curve.at

        def value(t: float) -> float:
            """``self.value(gauge, t)`` without the per-call attribute lookups."""
            return base if t < start else base + factor * (at(t - start) - base)

        # ``self.breaching(gauge, v)`` is ``(v < threshold if below else v > threshold)``
        v = value(t0 + 1e-6)
        if (v < threshold if below else v > threshold) == breach:
            return t0
        times = [t for t in self.breakpoints if t > t0]
        a = t0
        va = value(a)
        for b in times:
            vb = value(b)
            if b == start:  # a step from baseline, not a ramp
                v = value(b + 1e-6)
                if (v < threshold if below else v > threshold) == breach:
                    return b
                a, va = b, vb
                continue
            hit = (vb < threshold if below else vb > threshold) == breach
            if not hit and vb == threshold:  # on the threshold: where does it go next?
                v = value(b + 1e-6)
                if (v < threshold if below else v > threshold) == breach:
                    # it reaches the threshold at b and leaves it on the other side there
                    # (on a flat stretch along the threshold, the change is at b, not at a)
                    return b
            if hit:
                if vb == va:
                    return a
                x = a + (threshold - va) * (b - a) / (vb - va)
                v = value(x + 1e-6)
                if (v < threshold if below else v > threshold) != breach:
                    # float noise (a threshold of 1e-65 against a value of 7e-13 left by
                    # rounding at a curve point) put the crossing where the state has not
                    # changed: it changes by b, where it was seen. Returning x here would
                    # keep a monitor waiting 0 s forever.
                    return b
                return x
            a, va = b, vb
        return None


# ---------------------------------------------------------------------- investigation


def matching_clues(
    scenario: Scenario, tool: Tool | str, query: str, t: float
) -> tuple[list[Clue], list[Clue]]:
    """Clues of ``tool`` whose keywords occur in ``query``: (available at ``t``, not yet).

    A clue with no keywords matches every query of its tool; matching is case-insensitive
    substring search, as documented on :class:`simulator.model.Clue`.
    """
    text = query.lower()
    tool = Tool(tool)
    ready: list[Clue] = []
    later: list[Clue] = []
    for clue in scenario.clues:
        if clue.tool is not tool:
            continue
        if clue.match and not any(word.lower() in text for word in clue.match):
            continue
        (ready if clue.available_after <= t else later).append(clue)
    return ready, later


def no_results_text(tool: Tool | str, query: str) -> str:
    """What a tool shows when nothing matches."""
    label = {
        Tool.LOGS: "log lines",
        Tool.METRICS: "anomalous series",
        Tool.TRACING: "traces",
        Tool.DEPLOY_HISTORY: "deploys",
    }[Tool(tool)]
    return f"No {label} match '{query}'." if query else f"No {label} found."
