"""Arbitrary scenarios and teams run to the end without error and keep the journal invariants."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.engine.replay import replay, same_journal
from simulator.model import (
    Channel,
    Clock,
    Clue,
    Condition,
    Effect,
    EscalationLevel,
    EscalationPolicy,
    Experience,
    Impact,
    Inject,
    InjectKind,
    Metric,
    MetricShape,
    Mitigation,
    OnCall,
    Person,
    Point,
    Role,
    Scenario,
    Service,
    Severity,
    Strategy,
    Team,
    Tool,
    Truth,
)
from tests.simulator.engine.test_replay import check_invariants

SERVICES = ("api", "db", "web")
PEOPLE = ("p0", "p1", "p2", "p3", "p4")
ZONES = ("UTC", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles")
ACTION_NAMES = ("apply_mitigation", "post_status_page", "declare_incident", "acknowledge_page")

seconds = st.floats(min_value=0.0, max_value=3600.0, allow_nan=False).map(lambda x: round(x, 1))
points = st.lists(
    st.tuples(seconds, st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)),
    min_size=0,
    max_size=4,
).map(lambda ps: tuple(Point(at, round(v, 2)) for at, v in sorted(ps)))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    services = []
    shapes = []
    for sid in SERVICES[: draw(st.integers(1, 3))]:
        metrics = []
        for mid in ("errors", "latency")[: draw(st.integers(0, 2))]:
            baseline = draw(st.floats(0.0, 100.0, allow_nan=False))
            metrics.append(
                Metric(
                    id=mid,
                    name=mid,
                    unit="",
                    baseline=baseline,
                    alert_threshold=draw(st.none() | st.floats(0.0, 200.0, allow_nan=False)),
                    direction=draw(st.sampled_from(("above", "below"))),
                    alert=f"{sid}-{mid}",
                    alert_for=draw(st.sampled_from((0.0, 60.0, 300.0))),
                )
            )
            if draw(st.booleans()):
                shapes.append(MetricShape(sid, mid, draw(points)))
        services.append(
            Service(sid, sid, customer_facing=draw(st.booleans()), metrics=tuple(metrics))
        )
    ids = [s.id for s in services]
    mitigations = tuple(
        {
            (m.strategy, m.target): m
            for m in draw(
                st.lists(
                    st.builds(
                        Mitigation,
                        strategy=st.sampled_from(Strategy),
                        target=st.sampled_from(ids),
                        effect=st.sampled_from(Effect),
                        takes=seconds,
                        amount=st.floats(0.0, 100.0, allow_nan=False),
                        relapse_after=st.none() | seconds,
                    ),
                    max_size=4,
                )
            )
        }.values()
    )
    injects = []
    for i in range(draw(st.integers(0, 6))):
        timed = draw(st.booleans())
        when = None
        if not timed:
            name = draw(st.sampled_from(ACTION_NAMES))
            when = draw(
                st.sampled_from(
                    (
                        Condition(after_action=name, delay=draw(seconds)),
                        Condition(unless_action=name, by=draw(seconds)),
                    )
                )
            )
        injects.append(
            Inject(
                id=f"i{i}",
                kind=draw(st.sampled_from(InjectKind)),
                sender=f"sender {i}",
                channel=draw(st.sampled_from(Channel)),
                text=f"inject {i}",
                at=draw(seconds) if timed else None,
                when=when,
                service=draw(st.none() | st.sampled_from(ids)),
                alert=draw(st.none() | st.just(f"alert-{i}")),
            )
        )
    clues = tuple(
        Clue(
            id=f"c{i}",
            tool=draw(st.sampled_from(Tool)),
            match=draw(st.sampled_from(((), ("api",), ("errors", "db")))),
            reveals=f"clue {i}",
            available_after=draw(seconds),
            relevant=draw(st.booleans()),
            misleading=draw(st.booleans()),
            finding=f"finding {i}",
        )
        for i in range(draw(st.integers(0, 3)))
    )
    return Scenario(
        id="fuzz",
        title="Fuzz",
        summary="generated",
        clock=Clock(
            start=datetime(2026, 1, 1, draw(st.integers(0, 23)), tzinfo=UTC),
            time_limit=draw(st.floats(60.0, 7200.0, allow_nan=False)),
        ),
        services=tuple(services),
        truth=Truth(
            severity=draw(st.sampled_from(Severity)),
            root_cause="generated",
            impact=Impact(
                start=draw(seconds),
                users=draw(points),
                metrics=tuple(shapes),
                total_users=draw(st.integers(0, 2000)),
            ),
            mitigations=mitigations,
        ),
        injects=tuple(injects),
        clues=clues,
    )


@st.composite
def teams(draw: st.DrawFn) -> Team:
    count = draw(st.integers(1, len(PEOPLE)))
    ids = PEOPLE[:count]
    people = tuple(
        Person(
            pid,
            pid.upper(),
            tuple(draw(st.sets(st.sampled_from(Role), min_size=1))),
            draw(st.sampled_from(Experience)),
            draw(st.sampled_from(ZONES)),
            services=tuple(draw(st.sets(st.sampled_from(SERVICES)))),
        )
        for pid in ids
    )
    levels = tuple(
        EscalationLevel(
            n,
            tuple(draw(st.sets(st.sampled_from(ids), min_size=1))),
            draw(st.sampled_from((60.0, 300.0, 900.0))),
        )
        for n in range(1, draw(st.integers(0, 3)) + 1)
    )
    policy = draw(st.sets(st.sampled_from(Severity)))
    from simulator.model import GUIDE_SEVERITY_POLICY

    return Team(
        id="fuzz-team",
        name="Fuzz team",
        people=people,
        on_call=OnCall(ids[0], draw(st.none() | st.sampled_from(ids))),
        escalation=EscalationPolicy(levels, repeats=draw(st.integers(0, 2))),
        severity_policy=tuple((s, r) for s, r in GUIDE_SEVERITY_POLICY if s in policy),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=scenarios(),
    team=teams(),
    seed=st.integers(0, 2**16),
    seat=st.sampled_from(("none", "ic", "other", "tabletop")),
)
def test_arbitrary_scenarios_run_to_the_end_and_replay(
    scenario: Scenario, team: Team, seed: int, seat: str
) -> None:
    bundle = Bundle(scenario, team, {})
    primary = team.on_call.primary
    chosen = {
        "none": None,
        "ic": Seat(primary),
        "other": Seat(primary, role=Role.SCRIBE),
        "tabletop": Seat(primary, tabletop=True),
    }[seat]
    ex = Exercise(bundle, seed=seed, seat=chosen, wall_clock=str)
    ex.advance(90.0)
    ex.run_to_end()
    assert ex.finished
    assert ex.records[-1].kind == "end"
    check_invariants(ex.records)
    assert same_journal(replay(list(ex.records), bundle), ex.records)
