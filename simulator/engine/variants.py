"""What-if variants of a bundle for batch comparisons ("what if this runbook did not exist?").

An override is one or more operations joined with ``+``:

=================================  ==========================================================
``remove-runbook:TITLE``           drop the runbook titled TITLE (= the alert it covers)
``remove-runbooks``                drop every runbook
``remove-escalation-level:N``      drop escalation level N (the others keep their numbers)
``no-secondary``                   nobody is on call as secondary: the secondary leaves the
                                   rotation and every escalation level (empty levels go)
``experience:PERSON=LEVEL``        PERSON becomes novice, intermediate or senior
``escalation-timeout:N=DURATION``  level N waits DURATION (``10m``, ``90s``) before the next
``escalation-repeats:N``           the whole policy repeats N more times
``remove-person:PERSON``           PERSON is unavailable (off the team and every level)
=================================  ==========================================================

On the command line a variant is ``NAME=OVERRIDE`` (``--variant no-rb=remove-runbooks``).
A bad override raises :class:`VariantError` whose message shows the usage and a
"did you mean".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from simulator.bundle import Bundle
from simulator.durations import parse_duration
from simulator.model import EscalationLevel, Experience, OnCall, Team
from simulator.problems import did_you_mean

USAGE = (
    "overrides: remove-runbook:TITLE, remove-runbooks, remove-escalation-level:N, "
    "no-secondary, experience:PERSON=novice|intermediate|senior, "
    "escalation-timeout:N=DURATION, escalation-repeats:N, remove-person:PERSON; "
    "join several with '+'"
)
OPERATIONS = (
    "remove-runbook",
    "remove-runbooks",
    "remove-escalation-level",
    "no-secondary",
    "experience",
    "escalation-timeout",
    "escalation-repeats",
    "remove-person",
)


class VariantError(ValueError):
    """A variant that cannot be applied; the message says why and how to write it."""


def _hint(word: str, choices: list[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


def parse_variant(text: str) -> tuple[str, str]:
    """``NAME=OVERRIDE`` -> ``(name, override)``.

    Raises:
        VariantError: when the text has no name or no override.
    """
    name, sep, override = text.partition("=")
    if not sep or not name.strip() or not override.strip():
        raise VariantError(
            f"variant {text!r}: expected NAME=OVERRIDE, e.g. no-runbook=remove-runbooks; {USAGE}"
        )
    return name.strip(), override.strip()


def apply_override(bundle: Bundle, override: str) -> Bundle:
    """The bundle with every ``+``-joined operation of ``override`` applied.

    Raises:
        VariantError: naming the bad operation, what was expected and a likely fix.
    """
    result = bundle
    for part in override.split("+"):
        result = _apply_one(result, part.strip())
    label = f"{bundle.variant}+{override}" if bundle.variant else override
    return dataclasses.replace(result, variant=label)


def _level_number(op: str, text: str, team: Team) -> int:
    levels = [lv.level for lv in team.escalation.levels]
    try:
        number = int(text)
    except ValueError:
        raise VariantError(
            f"{op}: {text!r} is not a level number; expected one of {levels}"
        ) from None
    if number not in levels:
        raise VariantError(
            f"{op}: team {team.id} has no escalation level {number}; it has {levels}"
        )
    return number


def _person(op: str, person: str, team: Team) -> None:
    people = [p.id for p in team.people]
    if person not in people:
        raise VariantError(
            f"{op}: {person!r} is not a member of team {team.id}{_hint(person, people)}"
        )


def _without_person(team: Team, person: str) -> Team:
    levels = tuple(
        dataclasses.replace(lv, targets=tuple(t for t in lv.targets if t != person))
        for lv in team.escalation.levels
    )
    levels = tuple(lv for lv in levels if lv.targets)
    secondary = None if team.on_call.secondary == person else team.on_call.secondary
    return dataclasses.replace(
        team,
        on_call=OnCall(team.on_call.primary, secondary),
        escalation=dataclasses.replace(team.escalation, levels=levels),
    )


def _apply_one(bundle: Bundle, part: str) -> Bundle:
    op, _sep, arg = part.partition(":")
    if op not in OPERATIONS:
        raise VariantError(f"unknown override {op!r}{_hint(op, list(OPERATIONS))}; {USAGE}")
    if op in _WITHOUT_ARGUMENT:
        return _WITHOUT_ARGUMENT[op](bundle)
    if not arg:
        raise VariantError(f"{op}: missing its argument after ':'; {USAGE}")
    if op in _WITH_ARGUMENT:
        return _WITH_ARGUMENT[op](bundle, arg)
    key, eq, value = arg.partition("=")
    if not eq or not key or not value:
        example = "experience:noor=senior" if op == "experience" else "escalation-timeout:1=10m"
        raise VariantError(f"{op}: expected {op}:KEY=VALUE, e.g. {example}")
    return _WITH_KEY_VALUE[op](bundle, key, value)


def _with_team(bundle: Bundle, team: Team, **changes: Any) -> Bundle:
    """``bundle`` with its team changed (``changes`` are fields of the team)."""
    return dataclasses.replace(bundle, team=dataclasses.replace(team, **changes))


def _remove_runbooks(bundle: Bundle) -> Bundle:
    return dataclasses.replace(bundle, runbooks={})


def _no_secondary(bundle: Bundle) -> Bundle:
    team = bundle.team
    if team.on_call.secondary is None:
        raise VariantError(f"no-secondary: team {team.id} has no secondary on call")
    return dataclasses.replace(bundle, team=_without_person(team, team.on_call.secondary))


def _remove_runbook(bundle: Bundle, title: str) -> Bundle:
    if title not in bundle.runbooks:
        hint = _hint(title, sorted(bundle.runbooks))
        raise VariantError(f"remove-runbook: no runbook titled {title!r}{hint}")
    return dataclasses.replace(
        bundle, runbooks={t: r for t, r in bundle.runbooks.items() if t != title}
    )


def _remove_escalation_level(bundle: Bundle, level: str) -> Bundle:
    team = bundle.team
    number = _level_number("remove-escalation-level", level, team)
    levels = tuple(lv for lv in team.escalation.levels if lv.level != number)
    return _with_team(bundle, team, escalation=dataclasses.replace(team.escalation, levels=levels))


def _remove_person(bundle: Bundle, person: str) -> Bundle:
    team = bundle.team
    _person("remove-person", person, team)
    if person == team.on_call.primary:
        raise VariantError(f"remove-person: {person} is the on-call primary and cannot be removed")
    slimmer = _without_person(team, person)
    return _with_team(bundle, slimmer, people=tuple(p for p in slimmer.people if p.id != person))


def _escalation_repeats(bundle: Bundle, count: str) -> Bundle:
    try:
        repeats = int(count)
    except ValueError:
        raise VariantError(f"escalation-repeats: {count!r} is not a whole number") from None
    if repeats < 0:
        raise VariantError("escalation-repeats: expected 0 or more")
    team = bundle.team
    return _with_team(
        bundle, team, escalation=dataclasses.replace(team.escalation, repeats=repeats)
    )


def _experience(bundle: Bundle, person: str, level: str) -> Bundle:
    team = bundle.team
    _person("experience", person, team)
    choices = [e.value for e in Experience]
    if level not in choices:
        raise VariantError(
            f"experience: {level!r} is not one of {', '.join(choices)}{_hint(level, choices)}"
        )
    people = tuple(
        dataclasses.replace(p, experience=Experience(level)) if p.id == person else p
        for p in team.people
    )
    return _with_team(bundle, team, people=people)


def _escalation_timeout(bundle: Bundle, level: str, duration: str) -> Bundle:
    team = bundle.team
    number = _level_number("escalation-timeout", level, team)
    try:
        timeout = parse_duration(duration)
    except ValueError as exc:
        raise VariantError(f"escalation-timeout: {exc}") from None
    levels: list[EscalationLevel] = [
        dataclasses.replace(lv, timeout=timeout) if lv.level == number else lv
        for lv in team.escalation.levels
    ]
    escalation = dataclasses.replace(team.escalation, levels=tuple(levels))
    return _with_team(bundle, team, escalation=escalation)


#: The operations of :data:`OPERATIONS` by the argument they take.
_WITHOUT_ARGUMENT: dict[str, Callable[[Bundle], Bundle]] = {
    "remove-runbooks": _remove_runbooks,
    "no-secondary": _no_secondary,
}
_WITH_ARGUMENT: dict[str, Callable[[Bundle, str], Bundle]] = {
    "remove-runbook": _remove_runbook,
    "remove-escalation-level": _remove_escalation_level,
    "remove-person": _remove_person,
    "escalation-repeats": _escalation_repeats,
}
_WITH_KEY_VALUE: dict[str, Callable[[Bundle, str, str], Bundle]] = {
    "experience": _experience,
    "escalation-timeout": _escalation_timeout,
}
