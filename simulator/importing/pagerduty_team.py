"""A PagerDuty escalation policy (and its schedules) -> a team file (``gameday/team@1``).

PagerDuty's REST API returns an escalation policy as ``{"escalation_policy": {...}}``: its
``name``, ``num_loops`` (how often the whole policy repeats) and ``escalation_rules[]``, each
with ``escalation_delay_in_minutes`` and ``targets[]`` (``user_reference`` or
``schedule_reference``, each with ``id`` and ``summary``). A schedule
(``{"schedule": {...}}``, or ``{"schedules": [...]}``) has a ``name``, a ``time_zone``, its
``users`` and ``schedule_layers[].users[].user``, and when fetched with a time range its
``final_schedule.rendered_schedule_entries[]`` (who is on call from ``start`` to ``end``).

========================================  ==============================================
PagerDuty                                 team file
========================================  ==============================================
policy ``name`` / ``id``                  ``name`` / ``id`` (lower case, no spaces)
``num_loops``                             ``escalation.repeats``
rule *n* (n = 1, 2, 3)                    escalation level *n*; ``timeout`` = its delay
user target                               that person
schedule target                           whoever is on call in it (the first rendered
                                          entry, else the first user of its first layer);
                                          the rest of its rotation join the team
level 1's first person / the next one     ``on_call.primary`` / ``secondary``
schedule ``time_zone``                    each of its people's ``timezone``
========================================  ==============================================

What PagerDuty does not hold is set to a default and listed for the author: roles (levels 1
and 2: incident commander and technical lead; level 3: incident commander), experience
(intermediate), the time zone of a person in no schedule (UTC), rules after the third (the
team format has levels 1-3), schedules that were not given. :func:`team_from_policy` returns
the YAML text and that list; the command that checks and writes it is :mod:`cli.formats`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.importing.jsondoc import (
    JsonError,
    Where,
    line_of_id,
    parse,
    summary_of,
    text_of,
)
from simulator.model import TEAM_FORMAT
from simulator.problems import Problem

#: The team format's highest escalation level.
MAX_LEVEL = 3


@dataclass
class ImportedTeam:
    """A team file made from a policy: its YAML text and what needs the author."""

    text: str
    #: What could not be mapped, or was set to a default, one sentence each.
    unmapped: list[str]
    #: The team's id, name and people (for the command's summary).
    team_id: str
    name: str
    people: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """An id from a name: ``Maria Okafor`` -> ``maria-okafor``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


@dataclass
class _Schedule:
    name: str
    zone: str
    on_call: tuple[str, str] | None  # (user id, name)
    rotation: list[tuple[str, str]]


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _policy_of(doc: Any, name: str, text: str) -> tuple[dict[str, Any], Where]:
    """The policy object of the file and where it is.

    Raises:
        JsonError: no policy in the file.
    """
    if isinstance(doc, dict) and isinstance(doc.get("escalation_policy"), dict):
        return doc["escalation_policy"], Where("escalation_policy")
    if isinstance(doc, dict) and "escalation_rules" in doc:
        return doc, Where("")
    policies = doc.get("escalation_policies") if isinstance(doc, dict) else doc
    if isinstance(policies, list) and len(policies) == 1 and isinstance(policies[0], dict):
        return policies[0], Where("escalation_policies[0]")
    if isinstance(policies, list) and len(policies) > 1:
        listed = ", ".join(f"{text_of(p.get('name'))} ({text_of(p.get('id'))})" for p in policies)
        message = f"the file holds {len(policies)} escalation policies; export one: {listed}"
    else:
        message = 'no escalation policy: expected {"escalation_policy": {...escalation_rules}}'
    raise JsonError([Problem(name, 1, 1, "", message, hint="GET /escalation_policies/{id}")])


def _schedules(doc: Any, text: str) -> dict[str, _Schedule]:
    """Schedule id -> what the team needs of it."""
    if isinstance(doc, dict) and isinstance(doc.get("schedule"), dict):
        items = [doc["schedule"]]
    elif isinstance(doc, dict) and isinstance(doc.get("schedules"), list):
        items = doc["schedules"]
    elif isinstance(doc, list):
        items = doc
    else:
        items = [doc] if isinstance(doc, dict) else []
    found: dict[str, _Schedule] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        rotation: list[tuple[str, str]] = []
        for layer in item.get("schedule_layers") or []:
            for member in _object(layer).get("users") or []:
                user = _object(_object(member).get("user")) or _object(member)
                rotation.append((text_of(user.get("id")), summary_of(user)))
        for user in item.get("users") or []:
            rotation.append((text_of(_object(user).get("id")), summary_of(user)))
        rotation = [r for i, r in enumerate(rotation) if r[1] and r not in rotation[:i]]
        entries = _object(item.get("final_schedule")).get("rendered_schedule_entries") or []
        first = _object(entries[0]).get("user") if entries else None
        on_call = (text_of(_object(first).get("id")), summary_of(first)) if first else None
        found[text_of(item.get("id"))] = _Schedule(
            text_of(item.get("name") or item.get("summary")),
            text_of(item.get("time_zone")),
            on_call if on_call and on_call[1] else (rotation[0] if rotation else None),
            rotation,
        )
    return found


@dataclass
class _Builder:
    """The team being built from the policy's rules."""

    name: str
    schedules: dict[str, _Schedule]
    unmapped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # by person id
    levels: list[dict[str, Any]] = field(default_factory=list)

    def person(self, name: str, level: int, zone: str) -> str:
        ident = slug(name)
        roles = (
            ["incident_commander"]
            if level == MAX_LEVEL
            else [
                "incident_commander",
                "technical_lead",
            ]
        )
        if ident not in self.people:
            self.people[ident] = {
                "id": ident,
                "name": name,
                "roles": roles,
                "experience": "intermediate",
                "timezone": zone or "UTC",
            }
        elif zone and self.people[ident]["timezone"] == "UTC":
            self.people[ident]["timezone"] = zone
        return ident

    def rule(self, rule: Any, where: Where, level: int) -> None:
        if not isinstance(rule, dict):
            self.problems.append(Problem(self.name, where.line, 0, where.path, "expected a rule"))
            return
        delay = rule.get("escalation_delay_in_minutes")
        if isinstance(delay, bool) or not isinstance(delay, int) or delay < 0:
            self.problems.append(
                Problem(
                    self.name,
                    where.line,
                    0,
                    where.at("escalation_delay_in_minutes").path,
                    f"expected a whole number of minutes, got {delay!r}",
                    hint="e.g. 30",
                )
            )
            return
        targets = [self.target(t, where, level) for t in rule.get("targets") or []]
        people = [t for t in targets if t]
        if not people:
            self.unmapped.append(
                f"rule {level} pages nobody this file names: level {level} left out"
            )
            return
        self.levels.append({"level": level, "targets": people, "timeout": f"{delay}m"})

    def target(self, target: Any, where: Where, level: int) -> str:
        target = _object(target)
        kind = text_of(target.get("type")).removesuffix("_reference")
        name = summary_of(target)
        if kind == "user" and name:
            return self.person(name, level, "")
        if kind == "schedule":
            schedule = self.schedules.get(text_of(target.get("id")))
            if schedule is None or schedule.on_call is None:
                self.unmapped.append(
                    f"schedule '{name}' ({text_of(target.get('id'))}) at level {level} was not "
                    "given (--schedules): who it pages is unknown"
                )
                return ""
            for _, member in schedule.rotation:
                self.person(member, level, schedule.zone)
            if len(schedule.rotation) > 1:
                others = ", ".join(m for _, m in schedule.rotation if m != schedule.on_call[1])
                self.unmapped.append(
                    f"schedule '{schedule.name}' rotates: level {level} pages "
                    f"{schedule.on_call[1]}, who is on call first ({others} joined the team)"
                )
            return self.person(schedule.on_call[1], level, schedule.zone)
        self.unmapped.append(
            f"a {kind or 'target'} target '{name}' at level {level} is not a person"
        )
        return ""


def team_from_policy(
    policy_data: bytes, policy_name: str, schedules: Sequence[tuple[bytes, str]] = ()
) -> ImportedTeam:
    """The team file of a PagerDuty escalation policy.

    Args:
        policy_data: the policy file's bytes; ``policy_name`` names it in problems.
        schedules: the bytes and names of schedule files (optional).

    Raises:
        JsonError: every located problem (not JSON, no policy, a bad rule).
    """
    doc, text = parse(policy_data, policy_name)
    policy, where = _policy_of(doc, policy_name, text)
    where = Where(where.path, line_of_id(text, policy.get("id")))
    known: dict[str, _Schedule] = {}
    for data, name in schedules:
        known.update(_schedules(parse(data, name)[0], name))
    b = _Builder(policy_name, known)
    rules = policy.get("escalation_rules")
    if not isinstance(rules, list) or not rules:
        raise JsonError(
            [
                Problem(
                    policy_name,
                    where.line,
                    0,
                    where.at("escalation_rules").path,
                    "expected at least one escalation rule",
                )
            ]
        )
    for index, rule in enumerate(rules):
        place = Where(
            where.at("escalation_rules").at(index).path,
            line_of_id(text, _object(rule).get("id")) or where.line,
        )
        if index >= MAX_LEVEL:
            b.unmapped.append(
                f"rule {index + 1} is left out: the team format has levels 1-{MAX_LEVEL}"
            )
            continue
        b.rule(rule, place, index + 1)
    if b.problems:
        raise JsonError(b.problems)
    if not b.levels:
        raise JsonError(
            [
                Problem(
                    policy_name,
                    where.line,
                    0,
                    where.path,
                    "no rule pages a person this file names",
                    hint="give the schedules with --schedules",
                )
            ]
        )
    return _imported(policy, b)


def _imported(policy: dict[str, Any], b: _Builder) -> ImportedTeam:
    name = text_of(policy.get("name") or policy.get("summary")) or "Imported team"
    ordered = [t for level in b.levels for t in level["targets"]]
    ordered += [p for p in b.people if p not in ordered]
    primary = ordered[0]
    secondary = next((p for p in ordered if p != primary), None)
    loops = policy.get("num_loops", 0)
    repeats = loops if isinstance(loops, int) and not isinstance(loops, bool) and loops >= 0 else 0
    team: dict[str, Any] = {
        "format": TEAM_FORMAT,
        "id": slug(name),
        "name": name,
        "people": [b.people[p] for p in ordered],
        "on_call": {"primary": primary, **({"secondary": secondary} if secondary else {})},
        "escalation": {"repeats": repeats, "levels": b.levels},
    }
    defaults = [
        "roles: PagerDuty holds none; levels 1-2 are set to incident commander and technical "
        "lead, level 3 to incident commander: name your communications lead and scribe",
        "experience: set to intermediate for everyone",
    ]
    zoneless = [p["name"] for p in b.people.values() if p["timezone"] == "UTC"]
    if zoneless:
        defaults.append(f"time zone: UTC for {', '.join(zoneless)} (in no schedule given)")
    if secondary is None:
        defaults.append("on_call.secondary: the policy names one person only")
    unmapped = [*b.unmapped, *defaults]
    header = [
        f"# Imported by `gameday import-team` from the PagerDuty escalation policy '{name}'"
        + (f" ({text_of(policy.get('id'))})." if policy.get("id") else "."),
        "# Check before use (not in PagerDuty, or not mapped):",
        *[f"#   - {line}" for line in unmapped],
    ]
    body = yaml.safe_dump(team, sort_keys=False, allow_unicode=True, width=100)
    return ImportedTeam("\n".join(header) + "\n" + body, unmapped, team["id"], name, ordered)
