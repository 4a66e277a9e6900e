"""What the preview draws: each metric's curve, its threshold and when its alert fires, the
users affected with each mitigation's modelled effect, and the injects on the same time axis.

Computed from the scenario model with the engine's own world
(:class:`simulator.engine.world.World`), so the preview shows what a run will do: values are
``baseline + factor * (untreated - baseline)`` and an alert fires once the value has stayed past
its threshold for ``alert_for`` (the rule of the engine's monitor). Pure Python (no Qt).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.world import Gauge, World
from simulator.model import Effect, Mitigation, Scenario

#: Points per curve (plus every breakpoint of the truth's shape).
SAMPLES = 240


@dataclass(frozen=True)
class MetricCurve:
    """One metric over the scenario's time (minutes) with its alert."""

    key: str
    label: str
    unit: str
    minutes: tuple[float, ...]
    values: tuple[float, ...]
    threshold: float | None
    alert: str | None
    fires_at: float | None  # seconds since scenario start; None: never fires


@dataclass(frozen=True)
class MitigationCurve:
    """Users affected if ``mitigation`` is applied at ``applied_at`` (seconds)."""

    label: str
    effect: str
    applied_at: float
    minutes: tuple[float, ...]
    users: tuple[float, ...]


@dataclass(frozen=True)
class InjectMark:
    """One inject on the time axis (``at`` None: a condition decides; shown at its ``by``)."""

    id: str
    kind: str
    at: float | None
    condition: str


@dataclass(frozen=True)
class Preview:
    """Everything the preview draws for one scenario."""

    time_limit: float
    impact_start: float
    metrics: tuple[MetricCurve, ...]
    minutes: tuple[float, ...]
    users: tuple[float, ...]
    mitigations: tuple[MitigationCurve, ...]
    injects: tuple[InjectMark, ...]

    @property
    def first_alert(self) -> float | None:
        """When the first metric alert fires (seconds), if any does."""
        times = [m.fires_at for m in self.metrics if m.fires_at is not None]
        return min(times) if times else None


def _times(world: World, limit: float) -> list[float]:
    step = limit / SAMPLES
    times = {round(i * step, 6) for i in range(SAMPLES + 1)}
    times.update(t for t in world.breakpoints if 0 <= t <= limit)
    if 0 <= world.impact_start <= limit:
        times.add(max(0.0, world.impact_start - 1e-3))
    return sorted(times)


def alert_time(world: World, gauge: Gauge, limit: float) -> float | None:
    """When the gauge's alert first fires with no mitigation (seconds), or None.

    As the engine's monitor: from the moment the value breaches, it must stay breaching for
    ``alert_for``; a dip back under the threshold starts the wait again.
    """
    if gauge.metric.alert_threshold is None:
        return None
    t = 0.0
    while t <= limit:
        start = world.next_change(gauge, t, True)
        if start is None or start > limit:
            return None
        clear = world.next_change(gauge, start + 1e-6, False)
        fire = start + gauge.metric.alert_for
        if clear is None or clear >= fire:
            return fire if fire <= limit else None
        t = clear
    return None


def _mitigation_label(m: Mitigation) -> str:
    effect = m.effect.value
    if m.effect in (Effect.REDUCES, Effect.WORSENS):
        effect += f" {m.amount:g}%"
    return f"{m.strategy.value.replace('_', ' ')} {m.target}: {effect}"


def _with_mitigation(
    scenario: Scenario, m: Mitigation, applied: float, times: list[float]
) -> tuple[float, ...]:
    world = World(scenario)
    takes_effect = applied + m.takes
    relapse = takes_effect + m.relapse_after if m.relapse_after is not None else None
    users: list[float] = []
    active: int | None = None
    for t in times:
        if active is None and t >= takes_effect and (relapse is None or t < relapse):
            active = world.apply(m)
        if active is not None and relapse is not None and t >= relapse:
            world.relapse(active)
            active = None
            relapse = None
            takes_effect = float("inf")
        users.append(float(world.users(t)))
    return tuple(users)


def _condition(scenario: Scenario, index: int) -> tuple[float | None, str]:
    inject = scenario.injects[index]
    when = inject.when
    if inject.at is not None or when is None:
        return inject.at, ""
    if when.unless_action:
        return when.by, f"unless {when.unless_action} by then"
    return None, f"after {when.after_action}"


def preview(scenario: Scenario) -> Preview:
    """The preview of ``scenario`` (untreated curves; mitigations applied at the first alert)."""
    limit = max(scenario.clock.time_limit, 60.0)
    world = World(scenario)
    times = _times(world, limit)
    minutes = tuple(t / 60.0 for t in times)
    metrics: list[MetricCurve] = []
    for gauge in world.gauges:
        service = scenario.service(gauge.service)
        name = service.name if service is not None else gauge.service
        metrics.append(
            MetricCurve(
                key=gauge.key,
                label=f"{name}: {gauge.metric.name}",
                unit=gauge.metric.unit,
                minutes=minutes,
                values=tuple(world.value(gauge, t) for t in times),
                threshold=gauge.metric.alert_threshold,
                alert=gauge.metric.alert,
                fires_at=alert_time(world, gauge, limit),
            )
        )
    users = tuple(float(world.users(t)) for t in times)
    alerts = [m.fires_at for m in metrics if m.fires_at is not None]
    alert_injects = [i.at for i in scenario.injects if i.kind.value == "alert" and i.at is not None]
    anchors = alerts + alert_injects
    applied = min(anchors) if anchors else world.impact_start
    mitigations = tuple(
        MitigationCurve(
            _mitigation_label(m),
            m.effect.value,
            applied,
            minutes,
            _with_mitigation(scenario, m, applied, times),
        )
        for m in scenario.truth.mitigations
        if m.effect is not Effect.NONE
    )
    marks = []
    for index, inject in enumerate(scenario.injects):
        at, condition = _condition(scenario, index)
        marks.append(InjectMark(inject.id, inject.kind.value, at, condition))
    return Preview(
        limit, world.impact_start, tuple(metrics), minutes, users, mitigations, tuple(marks)
    )
