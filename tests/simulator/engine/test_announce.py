"""One firing, one value: the pager inject that announces an alert the monitoring already
fired says the alert record's value (as many decimals as its author wrote), never the authored
one; the threshold stays as written, and an inject that is itself the first announcement keeps
its text."""

from __future__ import annotations

from scenarios import BUNDLED_DIR
from simulator.bundle import Bundle
from simulator.engine import Exercise
from simulator.engine.announce import as_fired
from simulator.journal import Record
from simulator.loading import load_bundle

AUTHORED = (
    "[FIRING:1] PaymentsAPIHighErrorRate payments-api prod-eu-west-1: 5xx rate 21.4% > 5% for 2m"
)


def _payments() -> Bundle:
    bundle, _problems = load_bundle(BUNDLED_DIR / "payments-bad-deploy.yaml", None)
    assert bundle is not None
    return bundle


def test_the_pager_inject_says_the_value_the_alert_fired_at() -> None:
    exercise = Exercise(_payments(), seed=1)
    exercise.advance(400)
    (alert,) = [r for r in exercise.records if r.kind == "alert"]
    (inject,) = [r for r in exercise.records if r.payload.get("inject_id") == "alert-5xx"]
    assert alert.payload["value"] == 21.9366
    assert inject.payload["text"] == AUTHORED.replace("21.4%", "21.9%")


def _fired(value: float, t: float = 327.0, repeat: int = 0) -> Record:
    payload = {"alert": "PaymentsAPIHighErrorRate", "value": value, "repeat": repeat}
    return Record(seq=9, t=t, kind="alert", actor="monitoring", payload=payload)


def test_readings_take_the_fired_value_and_the_threshold_stays() -> None:
    scenario = _payments().scenario
    assert as_fired(AUTHORED, "PaymentsAPIHighErrorRate", scenario, [_fired(7.25)], 327.0) == (
        AUTHORED.replace("21.4%", "7.2%")
    )
    two = "error rate 12% (threshold 5%), was 1,204 % earlier"
    assert as_fired(two, "PaymentsAPIHighErrorRate", scenario, [_fired(1843.6)], 327.0) == (
        "error rate 1844% (threshold 5%), was 1,844 % earlier"
    )


def test_without_a_monitored_firing_the_authored_text_stays() -> None:
    scenario = _payments().scenario
    name = "PaymentsAPIHighErrorRate"
    assert as_fired(AUTHORED, name, scenario, [], 327.0) == AUTHORED
    assert as_fired(AUTHORED, name, scenario, [_fired(30.0, t=100.0)], 327.0) == AUTHORED
    assert as_fired(AUTHORED, name, scenario, [_fired(30.0, repeat=1)], 327.0) == AUTHORED
    assert as_fired(AUTHORED, "NoSuchAlert", scenario, [_fired(30.0)], 327.0) == AUTHORED
