"""Building a :class:`~simulator.model.Team` from a checked YAML document.

Adds to the generic checks: unique person ids, real IANA time zones, on-call and escalation
targets that are people of the team, escalation levels numbered 1, 2, 3 in order, and a
severity policy merged over the guide's table (:data:`~simulator.model.GUIDE_SEVERITY_POLICY`)
whose escalation levels exist in the escalation policy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from simulator.loading.reader import Mapped, Reader
from simulator.loading.references import check_ref, check_weights, list_item_nodes, unique_ids
from simulator.model import (
    GUIDE_SEVERITY_POLICY,
    EscalationLevel,
    EscalationPolicy,
    Experience,
    OnCall,
    Person,
    Role,
    Severity,
    SeverityRule,
    Stakeholder,
    Team,
)


def build_team(reader: Reader, m: Mapped, source: str) -> Team | None:
    """The team in ``m``, or None when any error was found."""
    people_items: list[Mapped] = m.get("people", [])
    ids = unique_ids(reader, people_items, "person")
    people = tuple(_person(reader, p) for p in people_items)
    stakeholder_items: list[Mapped] = m.get("stakeholders", [])
    unique_ids(reader, stakeholder_items, "stakeholder")
    for item in stakeholder_items:
        if item.get("id") in ids:
            first = next(p for p in people_items if p.get("id") == item.get("id"))
            reader.error(
                item.node_of("id"),
                item.path_of("id"),
                f"stakeholder id '{item.get('id')}' is also the id of the person at line "
                f"{first.node_of('id').start_mark.line + 1}; messages and pages could not tell "
                "them apart",
                hint="give the stakeholder another id",
            )
    on_call = _on_call(reader, m.get("on_call"), ids)
    escalation = _escalation(reader, m.get("escalation"), ids)
    levels = [level.level for level in escalation.levels]
    policy = _severity_policy(reader, m.get("severity_policy", {}), levels)
    check_weights(reader, m)
    escalation_map: Mapped | None = m.get("escalation")
    for severity, rule in policy:
        ordered = levels == sorted(set(levels))
        if escalation_map is None or not levels or not ordered:
            continue  # no levels, or out of order: already an error
        if rule.escalation_level in levels:
            continue
        override: Mapped | None = m.get("severity_policy", {}).get(severity.value)
        if override is None or "escalation_level" not in override.values:
            reader.warning(
                escalation_map.node_of("levels"),
                "escalation.levels",
                f"{severity.value} escalates to level {rule.escalation_level} (the guide's "
                f"default) but the policy has only levels "
                f"{', '.join(str(x) for x in levels)}",
                hint=f"add level {rule.escalation_level} or set severity_policy."
                f"{severity.value}.escalation_level",
            )
    team = Team(
        id=m.get("id", ""),
        name=m.get("name", ""),
        people=people,
        on_call=on_call,
        escalation=escalation,
        severity_policy=policy,
        stakeholders=tuple(
            Stakeholder(
                id=s.get("id", ""),
                name=s.get("name", ""),
                title=s.get("title", ""),
                executive=s.get("executive", False),
            )
            for s in stakeholder_items
        ),
        weights=m.get("weights", ()),
        source=source,
    )
    return None if reader.failed else team


@functools.cache
def _zones() -> tuple[str, ...]:
    """Every IANA time zone name known to this machine (for suggestions)."""
    return tuple(sorted(available_timezones()))


def _person(reader: Reader, m: Mapped) -> Person:
    zone = m.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # a folder (America), too long
            shown = zone if len(zone) <= 60 else zone[:59] + "…"
            reader.error(
                m.node_of("timezone"),
                m.path_of("timezone"),
                f"unknown time zone '{shown}'; expected an IANA name like Europe/Berlin",
                hint=_zone_hint(zone),
            )
    roles: tuple[str, ...] = m.get("roles", ())
    if len(set(roles)) < len(roles):
        reader.error(m.node_of("roles"), m.path_of("roles"), "a role is listed twice")
    return Person(
        id=m.get("id", ""),
        name=m.get("name", ""),
        roles=tuple(Role(r) for r in roles),
        experience=Experience(m.get("experience", Experience.INTERMEDIATE.value)),
        timezone=zone or "UTC",
        services=m.get("services", ()),
        title=m.get("title", ""),
    )


def _zone_hint(zone: str) -> str:
    """A "did you mean" among the known zones (comparing case-insensitively too)."""
    from simulator.loading.reader import suggest

    offset = re.fullmatch(r"(?i)(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?", zone.strip())
    if offset:
        sign = "-" if offset[1] == "+" else "+"
        return (
            f"a fixed offset is written 'Etc/GMT{sign}{int(offset[2])}', with the sign reversed; "
            "better a city such as Europe/Paris, which follows daylight saving"
        )
    zones = _zones()
    if len(zone) > 60:
        return "IANA names are short, like Europe/Berlin or America/New_York"
    inside = [z for z in zones if z.startswith(zone.strip("/") + "/")]
    if inside:  # a folder of the tz database (America, Europe): name a city in it
        return f"'{zone.strip('/')}' is a region; name a city in it, e.g. '{inside[0]}'"
    lowered = {z.lower(): z for z in zones}
    if zone.lower() in lowered:
        return f"did you mean '{lowered[zone.lower()]}'?"
    return suggest(zone, zones)


def _on_call(reader: Reader, m: Mapped | None, people: list[str]) -> OnCall:
    if m is None:
        return OnCall(primary="")
    for key in ("primary", "secondary"):
        value = m.get(key)
        if value is not None:
            check_ref(reader, value, m.node_of(key), m.path_of(key), people, "person")
    primary, secondary = m.get("primary", ""), m.get("secondary")
    if secondary is not None and secondary == primary:
        reader.error(
            m.node_of("secondary"),
            m.path_of("secondary"),
            "the secondary is the same person as the primary",
            hint="name someone else or remove 'secondary'",
        )
    return OnCall(primary=primary, secondary=secondary)


def _escalation(reader: Reader, m: Mapped | None, people: list[str]) -> EscalationPolicy:
    if m is None:
        return EscalationPolicy(levels=())
    levels: list[EscalationLevel] = []
    items: list[Mapped] = m.get("levels", [])
    for index, item in enumerate(items):
        number = item.get("level")
        previous = levels[-1].level if levels else 0
        if number is not None and number <= previous:
            reader.error(
                item.node_of("level"),
                item.path_of("level"),
                f"level {number} comes after level {previous}; expected levels in increasing order",
                hint="list the levels in increasing order; a level may be left out",
            )
        seen: set[str] = set()
        for i, node in enumerate(list_item_nodes(item, "targets")):
            value = getattr(node, "value", None)
            if isinstance(value, str) and "targets" in item.values:
                check_ref(reader, value, node, f"{item.path_of('targets')}[{i}]", people, "person")
                if value in seen:
                    reader.warning(
                        node,
                        f"{item.path_of('targets')}[{i}]",
                        f"'{value}' is listed twice at this level (paged once)",
                        hint="remove the repeat",
                    )
                seen.add(value)
        levels.append(
            EscalationLevel(
                level=number if number is not None else index + 1,
                targets=item.get("targets", ()),
                timeout=item.get("timeout", 0.0),
            )
        )
        timeout = item.get("timeout")
        if timeout is not None and timeout <= 0:
            reader.error(
                item.node_of("timeout"),
                item.path_of("timeout"),
                "the timeout must be longer than 0s",
            )
    return EscalationPolicy(levels=tuple(levels), repeats=m.get("repeats", 0))


def _severity_policy(
    reader: Reader, overrides: dict[str, Mapped], levels: list[int]
) -> tuple[tuple[Severity, SeverityRule], ...]:
    """The guide's policy with the team's overrides (per severity, per key) applied."""
    policy: list[tuple[Severity, SeverityRule]] = []
    for severity, rule in GUIDE_SEVERITY_POLICY:
        m = overrides.get(severity.value)
        if m is not None:
            changes = {key: m.values[key] for key in m.values}
            rule = replace(rule, **changes)
            if "escalation_level" in m.values and levels and rule.escalation_level not in levels:
                reader.error(
                    m.node_of("escalation_level"),
                    m.path_of("escalation_level"),
                    f"escalation level {rule.escalation_level} is not in the escalation policy "
                    f"(levels {', '.join(str(x) for x in levels)})",
                    hint="add that level or lower this one",
                )
        policy.append((severity, rule))
    return tuple(policy)
