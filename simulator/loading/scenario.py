"""Building a :class:`~simulator.model.Scenario` from a checked YAML document.

The generic :class:`~simulator.loading.reader.Reader` has already checked keys, types and
enums against :data:`~simulator.loading.formats.SCENARIO`; this module adds the rules that
span keys: unique ids, references to services, metrics, injects and objectives, inject
timing (``at`` xor ``when``), curve ordering, mitigation amounts and alert definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.loading.formats import ANCHORS, SCENARIO
from simulator.loading.reader import Mapped, Reader
from simulator.loading.references import (
    Reference,
    References,
    action_params,
    check_ref,
    check_weights,
    list_item_nodes,
    unique_ids,
)
from simulator.model import (
    Channel,
    Clock,
    Clue,
    Condition,
    Difficulty,
    Effect,
    Impact,
    Inject,
    InjectKind,
    Metric,
    MetricShape,
    Mitigation,
    Objective,
    Point,
    Scenario,
    Service,
    Severity,
    Strategy,
    Tool,
    Truth,
)
from simulator.vocabulary import strategies_in

#: Where players read each public text of a scenario.
_WHERE_READ = {
    "summary": "in the library and the briefing",
    "briefing": "on the briefing",
    "tags": "in the library",
}


def build_scenario(
    reader: Reader, mapped: Mapped, source: str
) -> tuple[Scenario | None, References]:
    """The scenario in ``mapped`` (None when any error was found) and its references."""
    refs = References()
    builder = _ScenarioBuilder(reader, refs)
    scenario = builder.scenario(mapped, source)
    return (None if reader.failed else scenario), refs


def _items(mapped: Mapped | None, name: str) -> list[Mapped]:
    """The checked mappings of list key ``name``."""
    if mapped is None:
        return []
    value: list[Mapped] = mapped.get(name, [])
    return value


class _ScenarioBuilder:
    """Turns checked mappings into model objects, reporting cross-key problems."""

    def __init__(self, reader: Reader, refs: References) -> None:
        self.r = reader
        self.refs = refs
        self.services: dict[str, Service] = {}
        self.time_limit: float | None = None
        self.inject_ids: list[str] = []
        self.services_failed = False

    def scenario(self, m: Mapped, source: str) -> Scenario:
        clock = self.clock(m.get("clock"))
        services = self.service_list(_items(m, "services"))
        # the services list itself did not load (an error there already): references to
        # services are not checked, so one mistake does not read as many
        self.services_failed = not services and m.has("services")
        truth = self.truth(m.get("truth"))
        self.public_text(m, truth)
        objective_items = _items(m, "objectives")
        inject_items = _items(m, "injects")
        if "injects" in m.values and not inject_items:
            self.r.warning(
                m.node_of("injects"),
                m.path_of("injects"),
                "no injects: nothing but the metric alerts happens during the exercise",
                hint="add alerts, customer reports or stakeholder questions to injects",
            )
        objective_ids = unique_ids(self.r, objective_items, "objective")
        inject_ids = unique_ids(self.r, inject_items, "inject")
        self.inject_ids = inject_ids
        injects = tuple(self.inject(i, objective_ids) for i in inject_items)
        clue_items = _items(m, "clues")
        unique_ids(self.r, clue_items, "clue")
        clues = tuple(self.clue(c) for c in clue_items)
        objectives = tuple(self.objective(o, inject_ids) for o in objective_items)
        check_weights(self.r, m)
        for key in ("team", "runbooks"):
            value = m.get(key)
            if value is not None:
                setattr(self.refs, key, Reference(value, m.node_of(key), key))
        return Scenario(
            id=m.get("id", ""),
            title=m.get("title", ""),
            summary=m.get("summary", ""),
            briefing=m.get("briefing", ""),
            clock=clock,
            services=services,
            truth=truth,
            injects=injects,
            clues=clues,
            objectives=objectives,
            tags=m.get("tags", ()),
            difficulty=Difficulty(m.get("difficulty", Difficulty.INTERMEDIATE.value)),
            team=m.get("team"),
            runbooks=m.get("runbooks"),
            weights=m.get("weights", ()),
            source=source,
        )

    def public_text(self, m: Mapped, truth: Truth) -> None:
        """Warn when the summary or briefing (players read both) names a strategy that
        resolves the incident: the exercise would be given away before it starts."""
        resolving = {x.strategy for x in truth.mitigations if x.effect is Effect.RESOLVES}
        for key in ("summary", "briefing", "tags"):
            text = m.get(key)
            if isinstance(text, list | tuple):
                text = " ".join(str(t) for t in text)
            if not isinstance(text, str) or not text:
                continue
            named = [s for s in strategies_in(text) if s in resolving]
            if named:
                words = ", ".join(s.value.replace("_", " ") for s in named)
                self.r.warning(
                    m.node_of(key),
                    m.path_of(key),
                    f"the {key} name the fix ({words} resolves the incident): players read "
                    f"them {_WHERE_READ[key]} before they play"
                    if key == "tags"
                    else f"the {key} names the fix ({words} resolves the incident): players "
                    f"read it {_WHERE_READ[key]} before they play",
                    hint="describe what people see, not what fixes it; the fix belongs in truth",
                )

    # ------------------------------------------------------------------ world

    def clock(self, m: Mapped | None) -> Clock:
        if m is None:
            return Clock(start=None, time_limit=0.0)  # type: ignore[arg-type]
        limit = m.get("time_limit")
        if limit is not None and limit <= 0:
            self.r.error(
                m.node_of("time_limit"),
                m.path_of("time_limit"),
                "the time limit must be longer than 0s",
            )
        self.time_limit = limit
        return Clock(start=m.get("start"), time_limit=limit or 0.0)

    def service_list(self, items: list[Mapped]) -> tuple[Service, ...]:
        ids = unique_ids(self.r, items, "service")
        services: list[Service] = []
        for item in items:
            metrics = _items(item, "metrics")
            unique_ids(self.r, metrics, "metric")
            service = Service(
                id=item.get("id", ""),
                name=item.get("name", ""),
                description=item.get("description", ""),
                customer_facing=item.get("customer_facing", True),
                depends_on=item.get("depends_on", ()),
                metrics=tuple(self.metric(x) for x in metrics),
            )
            services.append(service)
            self.services.setdefault(service.id, service)
        for item in items:
            for index, node in enumerate(list_item_nodes(item, "depends_on")):
                value = getattr(node, "value", None)
                if not isinstance(value, str):
                    continue
                path = f"{item.path_of('depends_on')}[{index}]"
                if value == item.get("id"):
                    self.r.error(node, path, f"service '{value}' cannot depend on itself")
                elif "depends_on" in item.values:
                    check_ref(self.r, value, node, path, ids, "service")
        return tuple(services)

    def metric(self, m: Mapped) -> Metric:
        threshold = m.get("alert_threshold")
        alert = m.get("alert")
        baseline = m.get("baseline")
        direction = m.get("direction", "above")
        if threshold is not None and alert is None and not m.has("alert"):
            self.r.error(
                m.node_of("alert_threshold"),
                m.path_of("alert_threshold"),
                "alert_threshold needs an alert name to fire",
                hint="add 'alert: <AlertName>', the title of its runbook",
            )
        if alert is not None and threshold is None and not m.has("alert_threshold"):
            self.r.error(
                m.node_of("alert"),
                m.path_of("alert"),
                f"alert '{alert}' needs an alert_threshold to fire on",
                hint="add 'alert_threshold: <number>'",
            )
        if alert is not None:
            self.refs.alerts.setdefault(
                alert, Reference(alert, m.node_of("alert"), m.path_of("alert"))
            )
        if threshold is not None and baseline is not None:
            firing = baseline >= threshold if direction == "above" else baseline <= threshold
            if firing:
                self.r.warning(
                    m.node_of("alert_threshold"),
                    m.path_of("alert_threshold"),
                    f"the baseline {baseline:g} already crosses the threshold {threshold:g} "
                    f"({direction}), so the alert fires from the start",
                )
        return Metric(
            id=m.get("id", ""),
            name=m.get("name", ""),
            unit=m.get("unit", ""),
            baseline=baseline if baseline is not None else 0.0,
            alert_threshold=threshold,
            direction=direction,
            alert=alert,
            alert_for=m.get("alert_for", 60.0),
        )

    # ------------------------------------------------------------------ truth

    def truth(self, m: Mapped | None) -> Truth:
        if m is None:
            return Truth(Severity.SEV3, "", Impact(0.0, ()), ())
        mitigations = _items(m, "mitigations")
        seen: dict[tuple[str, str], Mapped] = {}
        for item in mitigations:
            key = (item.get("strategy"), item.get("target"))
            if None in key:
                continue
            if key in seen:
                first = seen[key].node.start_mark.line + 1
                self.r.error(
                    item.node,
                    item.path,
                    f"duplicate mitigation {key[0]} on {key[1]} (first at line {first})",
                    hint="give each strategy and target one effect",
                )
            else:
                seen[key] = item
        return Truth(
            severity=Severity(m.get("severity", Severity.SEV3.value)),
            root_cause=m.get("root_cause", ""),
            impact=self.impact(m.get("impact")),
            mitigations=tuple(self.mitigation(x) for x in mitigations),
            contributing_factors=m.get("contributing_factors", ()),
            customer_visible=m.get("customer_visible", True),
        )

    def impact(self, m: Mapped | None) -> Impact:
        if m is None:
            return Impact(0.0, ())
        start = m.get("start", 0.0)
        if self.time_limit is not None and start >= self.time_limit:
            self.r.warning(
                m.node_of("start"),
                m.path_of("start"),
                "the impact starts after the time limit; the exercise ends first",
            )
        users = self.points(_items(m, "users"), m.path_of("users"))
        total = m.get("total_users", 0)
        if total and users and max(p.value for p in users) > total:
            self.r.error(
                m.node_of("users"),
                m.path_of("users"),
                f"more users affected ({max(p.value for p in users):g}) than total_users ({total})",
            )
        for item in _items(m, "users"):
            value = item.get("value")
            if value is not None and value < 0:
                self.r.error(
                    item.node_of("value"),
                    item.path_of("value"),
                    f"{value:g} users is negative; expected 0 or more",
                )
        shapes = tuple(self.metric_shape(x) for x in _items(m, "metrics"))
        return Impact(start=start, users=users, metrics=shapes, total_users=total)

    def points(self, items: list[Mapped], path: str) -> tuple[Point, ...]:
        points: list[Point] = []
        for item in items:
            at, value = item.get("at"), item.get("value")
            if at is None or value is None:
                continue
            if points and at <= points[-1].at:
                self.r.error(
                    item.node_of("at"),
                    item.path_of("at"),
                    "points are not in time order: this one is not later than the one before",
                    hint="sort the points by 'at'",
                )
            points.append(Point(at, value))
        return tuple(points)

    def metric_shape(self, m: Mapped) -> MetricShape:
        service_id, metric_id = m.get("service"), m.get("metric")
        if (
            service_id is not None
            and not self.services_failed
            and check_ref(
                self.r,
                service_id,
                m.node_of("service"),
                m.path_of("service"),
                list(self.services),
                "service",
            )
            and metric_id is not None
        ):
            metrics = [x.id for x in self.services[service_id].metrics]
            check_ref(
                self.r,
                metric_id,
                m.node_of("metric"),
                m.path_of("metric"),
                metrics,
                f"metric of {service_id}",
            )
        return MetricShape(
            service=service_id or "",
            metric=metric_id or "",
            points=self.points(_items(m, "points"), m.path_of("points")),
        )

    def mitigation(self, m: Mapped) -> Mitigation:
        self.service_ref(m, "target")
        effect = m.get("effect")
        amount = m.get("amount", 0.0)
        if effect in (Effect.REDUCES.value, Effect.WORSENS.value) and "amount" in m.values:
            if amount <= 0:
                self.r.error(
                    m.node_of("amount"),
                    m.path_of("amount"),
                    f"effect '{effect}' needs an amount above 0 (percent)",
                )
        elif effect in (Effect.REDUCES.value, Effect.WORSENS.value) and not m.has("amount"):
            self.r.error(
                m.node,
                m.path,
                f"effect '{effect}' needs 'amount', the percent it {effect} the impact by",
                hint="add 'amount: 30' for 30%",
            )
        elif effect is not None and m.has("amount") and amount:
            self.r.error(
                m.node_of("amount"),
                m.path_of("amount"),
                f"amount applies only to the effects reduces and worsens, not '{effect}'",
                hint="remove 'amount'",
            )
        relapse = m.get("relapse_after")
        if relapse is not None and effect == Effect.WORSENS.value:
            self.r.error(
                m.node_of("relapse_after"),
                m.path_of("relapse_after"),
                "relapse_after applies only to mitigations that help",
            )
        return Mitigation(
            strategy=Strategy(m.get("strategy", Strategy.ROLLBACK.value)),
            target=m.get("target", ""),
            effect=Effect(effect or Effect.NONE.value),
            takes=m.get("takes", 0.0),
            amount=amount,
            relapse_after=relapse,
            cost=m.get("cost", ""),
            note=m.get("note", ""),
        )

    def service_ref(self, m: Mapped, key: str) -> None:
        value = m.get(key)
        if value is not None and not self.services_failed:
            check_ref(self.r, value, m.node_of(key), m.path_of(key), list(self.services), "service")

    # ------------------------------------------------------------------ MSEL

    def inject(self, m: Mapped, objectives: Sequence[str]) -> Inject:
        has_at, has_when = m.has("at"), m.has("when")
        if has_at and has_when:
            self.r.error(
                m.node_of("when"),
                m.path_of("when"),
                "an inject has either 'at' or 'when', not both",
                hint="remove one of them",
            )
        elif not has_at and not has_when:
            self.r.error(
                m.node,
                m.path,
                "an inject needs either 'at: <time>' or 'when: <condition>'",
                hint="add 'at: 5m' or a 'when:' condition",
            )
        at = m.get("at")
        if at is not None and self.time_limit and at > self.time_limit:
            self.r.warning(
                m.node_of("at"),
                m.path_of("at"),
                "the inject is timed after the time limit, so it never fires",
            )
        self.service_ref(m, "service")
        kind = m.get("kind")
        alert = m.get("alert")
        if kind == InjectKind.ALERT.value and alert is None and not m.has("alert"):
            self.r.warning(
                m.node,
                m.path,
                "an alert inject without 'alert' (the alert's name) cannot be linked to a runbook",
                hint="add 'alert: <AlertName>', the title of its runbook",
            )
        if alert is not None:
            self.refs.alerts.setdefault(
                alert, Reference(alert, m.node_of("alert"), m.path_of("alert"))
            )
        objective = m.get("objective")
        if objective is not None:
            check_ref(
                self.r,
                objective,
                m.node_of("objective"),
                m.path_of("objective"),
                objectives,
                "objective",
            )
        return Inject(
            id=m.get("id", ""),
            kind=InjectKind(kind or InjectKind.INTERNAL_REPORT.value),
            sender=m.get("sender", ""),
            channel=Channel(m.get("channel", Channel.CHAT.value)),
            text=m.get("text", ""),
            at=at,
            when=self.condition(m.get("when")),
            service=m.get("service"),
            alert=alert,
            expected_action=m.get("expected_action"),
            objective=objective,
            learning_point=m.get("learning_point", ""),
        )

    def condition(self, m: Mapped | None) -> Condition | None:
        if m is None:
            return None
        after, unless = m.get("after_action"), m.get("unless_action")
        if m.has("after_action") and m.has("unless_action"):
            self.r.error(
                m.node_of("unless_action"),
                m.path_of("unless_action"),
                "a condition has either 'after_action' or 'unless_action', not both",
            )
        elif not m.has("after_action") and not m.has("unless_action"):
            self.r.error(
                m.node,
                m.path,
                "a condition needs 'after_action' or 'unless_action'",
                hint="e.g. 'after_action: apply_mitigation'",
            )
        only_unless = m.has("unless_action") and not m.has("after_action")
        only_after = m.has("after_action") and not m.has("unless_action")
        if only_unless and not m.has("by"):
            self.r.error(
                m.node, m.path, "'unless_action' needs 'by', its deadline", hint="add 'by: 20m'"
            )
        if only_after and m.has("by"):
            self.r.error(
                m.node_of("by"),
                m.path_of("by"),
                "'by' applies only to 'unless_action'",
                hint="use 'delay' to wait after the action",
            )
        if only_unless and m.has("delay"):
            self.r.error(
                m.node_of("delay"), m.path_of("delay"), "'delay' applies only to 'after_action'"
            )
        by = m.get("by")
        if by is not None and self.time_limit and by > self.time_limit:
            self.r.warning(
                m.node_of("by"),
                m.path_of("by"),
                "the deadline is after the time limit, so the inject never fires",
            )
        params = action_params(
            self.r, m, after or unless, list(self.services), self.refs, self.inject_ids
        )
        return Condition(
            after_action=after,
            unless_action=unless,
            by=by,
            delay=m.get("delay", 0.0),
            params=params,
        )

    def clue(self, m: Mapped) -> Clue:
        self.service_ref(m, "service")
        if m.get("relevant") and m.get("misleading"):
            self.r.error(
                m.node_of("misleading"),
                m.path_of("misleading"),
                "a clue cannot be both relevant and misleading",
            )
        return Clue(
            id=m.get("id", ""),
            tool=Tool(m.get("tool", Tool.LOGS.value)),
            match=tuple(x.lower() for x in m.get("match", ())),
            reveals=m.get("reveals", ""),
            service=m.get("service"),
            available_after=m.get("available_after", 0.0),
            relevant=m.get("relevant", False),
            misleading=m.get("misleading", False),
            finding=m.get("finding", ""),
        )

    def objective(self, m: Mapped, injects: Sequence[str]) -> Objective:
        after = m.get("after", "start")
        if m.get("after") is not None and after not in ANCHORS and after not in injects:
            check_ref(
                self.r,
                after,
                m.node_of("after"),
                m.path_of("after"),
                [*ANCHORS, *injects],
                "anchor",
            )
        params = action_params(
            self.r, m, m.get("action"), list(self.services), self.refs, self.inject_ids
        )
        weight: Any = m.get("weight", 1.0)
        return Objective(
            id=m.get("id", ""),
            description=m.get("description", ""),
            action=m.get("action", ""),
            within=m.get("within"),
            after=after,
            params=params,
            forbidden=m.get("forbidden", False),
            weight=weight,
        )


__all__ = ["SCENARIO", "build_scenario"]
