"""Text a person reads: every message, alert, page and written action of many simulated runs
of every bundled scenario - a fully simulated team, an idle human commander, and a human
commander who commands by talking (read by the channel reader) - names people by name, never by
id, rounds numbers as a person would say them, and has no template slips ("1 alerts", "None",
"{"), and announces no alert firing twice with different values (the alert record and the
inject or message that announces the same firing agree)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from reports.describe import Namer, describe_line
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.language import Context, read_message
from simulator.loading import load_bundle
from simulator.model import Role

SCENARIOS = sorted(BUNDLED_DIR.glob("*.yaml"))
#: Ids that are also ordinary words a sentence may hold ("a grace period").
ORDINARY = frozenset({"grace"})
#: Written fields of actions people read.
FIELDS = ("text", "result", "rationale", "impact", "recent_actions", "next_steps", "summary")
UNROUNDED = re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d.])")
#: A reading in an announcement: a number with its unit ("21.4%", "1,500 ms").
READING = r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s?{unit}(?!\w)"
SLIPS = re.compile(r"\b1 (?!minute\b|(?:users?|customers?)\b)[a-z]+s\b|\{|\}|\bNone\b|\bnan\b")


def _say(exercise: Exercise, bundle: Bundle, me: str, text: str) -> None:
    """The human types ``text``; every action it reads as is confirmed."""
    reading = read_message(text, Context.of(bundle, exercise.state, me))
    exercise.act(A.Say(actor=me, text=text))
    for action in reading.actions:
        if isinstance(action, A.PostUpdate):
            action = dataclasses.replace(
                action,
                impact="Checkout errors for some customers",
                recent_actions="Paged the team",
                next_steps="Mitigate",
                eta="30 minutes",
            )
        exercise.act(action)


def _talking(bundle: Bundle, seed: int) -> Exercise:
    """A human commander who runs the incident by talking in the channel."""
    me = bundle.team.on_call.primary
    exercise = Exercise(bundle, seed=seed, seat=Seat(me, Role.INCIDENT_COMMANDER))
    limit = exercise.time_limit
    while me not in exercise.unacked_pages and exercise.now < limit and not exercise.finished:
        exercise.advance(30)
    _say(exercise, bundle, me, "ack")
    _say(exercise, bundle, me, "I'm the incident commander. Declaring SEV-2")
    _say(exercise, bundle, me, "Page the comms lead and page the tech lead")
    exercise.advance(600)
    _say(exercise, bundle, me, "What's the status?")
    service = bundle.scenario.services[0].id
    for pid in sorted(exercise.state.joined):
        if pid != me:
            first = bundle.team.person(pid).name.split(" ")[0]  # type: ignore[union-attr]
            _say(exercise, bundle, me, f"{first}, check the logs for {service}, back in 10 min")
            _say(exercise, bundle, me, f"{first}, thoughts?")
    exercise.advance(900)
    if exercise.state.open_proposals():
        _say(exercise, bundle, me, "Any strong objections? Yes, go ahead")
    _say(exercise, bundle, me, "Post an update")
    exercise.run_to_end()
    return exercise


def _runs() -> Iterator[tuple[str, Bundle, list[Record]]]:
    for path in SCENARIOS:
        bundle, _problems = load_bundle(path, None)
        assert bundle is not None
        primary = bundle.team.on_call.primary
        for seed in (1, 2, 3):
            idle = Exercise(bundle, seed=seed, seat=Seat(primary, Role.INCIDENT_COMMANDER))
            idle.run_to_end()
            alone = Exercise(bundle, seed=seed)
            alone.run_to_end()
            for label, exercise in (
                ("simulated", alone),
                ("idle IC", idle),
                ("talking IC", _talking(bundle, seed)),
            ):
                yield f"{path.stem} seed {seed} {label}", bundle, list(exercise.records)


def _texts(bundle: Bundle, records: list[Record]) -> Iterator[tuple[Record, str]]:
    namer = Namer(bundle)
    for record in records:
        if record.kind == "message":
            yield record, str(record.payload.get("text", ""))
        elif record.kind in ("alert", "page"):
            yield record, describe_line(record, namer)
        elif record.kind == "action":
            yield record, describe_line(record, namer)
            for field in FIELDS:
                value = record.payload.get(field)
                if isinstance(value, str):
                    yield record, value


def _units(bundle: Bundle) -> dict[str, tuple[str, float | None]]:
    """Each metric alert's unit and threshold, by alert name."""
    return {
        m.alert: (m.unit, m.alert_threshold)
        for service in bundle.scenario.services
        for m in service.metrics
        if m.alert
    }


def _readings(text: str, unit: str) -> list[str]:
    return re.findall(READING.format(unit=re.escape(unit)), text) if unit else []


def _agrees(said: str, value: float) -> bool:
    """``said`` ("21.4", "1,500") is ``value`` rounded to as many decimals as it shows."""
    places = len(said.partition(".")[2])
    return f"{value:,.{places}f}".replace(",", "") == said.replace(",", "")


def alert_disagreements(bundle: Bundle, records: list[Record]) -> list[str]:
    """Where an inject or a message announces an alert firing with a value other than the
    alert record of that firing (the latest first notification of that alert before it, else
    the first after it). Thresholds ("> 5%") are not readings."""
    units = _units(bundle)
    firings = [r for r in records if r.kind == "alert" and not r.payload.get("repeat")]
    found: list[str] = []
    for record in records:
        if record.kind == "inject":
            names = [str(record.payload.get("alert") or "")]
        elif record.kind == "message":
            names = [n for n in units if n in str(record.payload.get("text", ""))]
        else:
            continue
        for name in names:
            unit, threshold = units.get(name, ("", None))
            same = [r for r in firings if r.payload.get("alert") == name]
            before = [r for r in same if r.seq < record.seq]
            firing = before[-1] if before else next(iter(same), None)
            if firing is None:
                continue
            value = float(firing.payload["value"])
            text = str(record.payload.get("text", ""))
            for said in _readings(text, unit):
                if threshold is not None and _agrees(said, float(threshold)):
                    continue
                if not _agrees(said, value):
                    found.append(
                        f"record {record.seq} says {name} is {said}{unit} but its alert "
                        f"(record {firing.seq}) fired at {value:g}{unit}: {text!r}"
                    )
    return found


def test_the_alert_checker_finds_an_alert_announced_with_another_value() -> None:
    bundle, _problems = load_bundle(BUNDLED_DIR / "payments-bad-deploy.yaml", None)
    assert bundle is not None
    alert = Record(
        seq=9,
        t=327.0,
        kind="alert",
        actor="monitoring",
        payload={
            "alert": "PaymentsAPIHighErrorRate",
            "metric": "error_rate",
            "value": 21.9366,
            "threshold": 5.0,
            "repeat": 0,
        },
    )
    text = "[FIRING:1] PaymentsAPIHighErrorRate payments-api: 5xx rate 21.4% > 5% for 2m"
    inject = Record(
        seq=11,
        t=360.0,
        kind="inject",
        actor="Alertmanager",
        payload={"alert": "PaymentsAPIHighErrorRate", "text": text},
    )
    assert alert_disagreements(bundle, [alert, inject]) == [
        "record 11 says PaymentsAPIHighErrorRate is 21.4% but its alert (record 9) fired at "
        f"21.9366%: {text!r}"
    ]
    agreeing = dataclasses.replace(
        inject, payload={**inject.payload, "text": text.replace("21.4%", "21.9%")}
    )
    assert alert_disagreements(bundle, [alert, agreeing]) == []


def test_every_message_names_people_rounds_numbers_and_has_no_slips() -> None:
    problems: list[str] = []
    runs = 0
    for label, bundle, records in _runs():
        runs += 1
        ids = [p.id for p in bundle.team.people if p.id not in ORDINARY]
        ids += [s.id for s in bundle.team.stakeholders]
        id_word = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, ids))})(?![\w-])")
        for record, text in _texts(bundle, records):
            if record.actor == "facilitator" or record.kind == "inject":
                continue
            for what, pattern in (("an id", id_word), ("a float", UNROUNDED), ("a slip", SLIPS)):
                found = pattern.search(text)
                if found:
                    problems.append(
                        f"{label}, record {record.seq}: {what} {found.group()!r} in {text!r}"
                    )
        problems += [f"{label}, {p}" for p in alert_disagreements(bundle, records)]
    assert runs == len(SCENARIOS) * 9
    assert not problems, "\n".join(problems[:20])
