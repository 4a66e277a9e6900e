"""The SimPy-internals module against SimPy's public behaviour it replaces.

Each function of ``simulator.engine.kernel`` is run beside the public call it stands for, in
the same environment, and both must be processed at the same time, in the same order, with
the same values. ``pyproject.toml`` takes SimPy 4.1.x only; a release that changes the
internals fails here first.
"""

from __future__ import annotations

from importlib.metadata import version

import simpy

from simulator.engine import kernel


def test_simpy_is_the_release_the_kernel_was_written_for() -> None:
    assert version("simpy").startswith("4.1.")


def _order(build: list[tuple[str, float, bool]]) -> list[tuple[str, float]]:
    """Schedule timers the public way or the kernel's way; the order they are processed in."""
    env = simpy.Environment()
    seen: list[tuple[str, float]] = []
    for name, delay, fast in build:
        def note(_e: simpy.Event, name: str = name) -> None:
            seen.append((name, env.now))

        if fast:
            kernel.call_later(env, delay, note)
        else:
            env.timeout(delay).callbacks.append(note)
    env.run()
    return seen


def test_call_later_is_processed_exactly_where_a_timeout_would_be() -> None:
    plan = [("a", 5.0), ("b", 0.0), ("c", 5.0), ("d", 2.5), ("e", 0.0)]
    public = _order([(n, d, False) for n, d in plan])
    mixed = _order([(n, d, i % 2 == 0) for i, (n, d) in enumerate(plan)])
    fast = _order([(n, d, True) for n, d in plan])
    assert public == mixed == fast == [
        ("b", 0.0), ("e", 0.0), ("d", 2.5), ("a", 5.0), ("c", 5.0)
    ]


def test_call_later_with_a_negative_delay_is_now() -> None:
    env = simpy.Environment(initial_time=10.0)
    seen: list[float] = []
    kernel.call_later(env, -3.0, lambda _e: seen.append(env.now))
    env.run()
    assert seen == [10.0]


def test_pause_behaves_as_env_timeout_in_a_process() -> None:
    def run(fast: bool) -> list[tuple[str, float, object]]:
        env = simpy.Environment()
        log: list[tuple[str, float, object]] = []

        def proc(name: str, delays: list[float]):  # type: ignore[no-untyped-def]
            for d in delays:
                value = yield (kernel.pause(env, d) if fast else env.timeout(d))
                log.append((name, env.now, value))

        env.process(proc("x", [1.0, 2.0, 0.0]))
        env.process(proc("y", [3.0, 0.5]))
        env.run()
        return log

    assert run(True) == run(False) == [
        ("x", 1.0, None), ("y", 3.0, None), ("x", 3.0, None), ("x", 3.0, None), ("y", 3.5, None)
    ]


def test_first_of_fires_when_anyof_would_and_cleans_up_like_it() -> None:
    def run(fast: bool) -> tuple[list[tuple[float, bool]], int]:
        env = simpy.Environment()
        changed = env.event()
        log: list[tuple[float, bool]] = []

        def watcher():  # type: ignore[no-untyped-def]
            for _ in range(50):  # 50 waits on the same long-lived event
                timeout = env.timeout(1.0)
                yield kernel.first_of(env, timeout, changed) if fast else timeout | changed
                log.append((env.now, changed.triggered))
                if changed.triggered:
                    return

        def poke():  # type: ignore[no-untyped-def]
            yield env.timeout(10.5)
            assert changed.callbacks is not None
            lingering.append(len(changed.callbacks))
            changed.succeed()

        lingering: list[int] = []
        env.process(watcher())
        env.process(poke())
        env.run()
        return log, lingering[0]

    fast_log, fast_left = run(True)
    public_log, public_left = run(False)
    assert fast_log == public_log
    assert fast_log[-1] == (10.5, True) and len(fast_log) == 11
    # only the current wait's check is on the long-lived event, not one per past wait
    assert fast_left == public_left == 1


def test_first_of_when_the_other_event_fires_first() -> None:
    env = simpy.Environment()
    other = env.event()
    timeout = env.timeout(5.0)
    first = kernel.first_of(env, timeout, other)
    other.succeed()
    env.run(until=1.0)
    assert kernel.is_processed(first) and first.ok and first.value is None
    assert timeout.callbacks == []  # its check was taken off the slower event


def test_pending_and_processed_mirror_triggered_and_processed() -> None:
    env = simpy.Environment()
    event = env.event()
    assert kernel.is_pending(event) and not event.triggered
    event.succeed()
    assert not kernel.is_pending(event) and event.triggered
    assert not kernel.is_processed(event)
    env.run()
    assert kernel.is_processed(event) and event.processed


def test_urgent_at_goes_before_normal_events_due_at_the_same_time() -> None:
    env = simpy.Environment()
    seen: list[str] = []
    env.timeout(5.0).callbacks.append(lambda _e: seen.append("normal"))
    kernel.urgent_at(env, 5.0, lambda _e: seen.append("urgent"))
    env.run()
    assert seen == ["urgent", "normal"]


def test_stop_soon_ends_run_at_the_current_time() -> None:
    env = simpy.Environment()
    env.timeout(1.0).callbacks.append(lambda _e: kernel.stop_soon(env))
    later: list[float] = []
    env.timeout(2.0).callbacks.append(lambda _e: later.append(env.now))
    env.run()
    assert env.now == 1.0 and later == []


def test_now_and_set_now() -> None:
    env = simpy.Environment(initial_time=3.0)
    assert kernel.now(env) == env.now == 3.0
    kernel.set_now(env, 7.25)
    assert env.now == 7.25
