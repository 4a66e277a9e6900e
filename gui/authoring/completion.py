"""What the editor offers to complete at the cursor: keys from the format, values and references.

Keys come from the format's declaration (:mod:`simulator.loading.formats`, the same shapes that
drive the loader and the JSON Schema), found by walking the indentation above the cursor to the
mapping it is in (``injects`` item -> the inject's keys). Values come from the field: an enum's
choices, ``true``/``false``, and references by what the key names — services, metrics, alerts
and runbooks, injects, objectives, people of the team, action names — taken from the last
scenario and team that loaded. Pure Python (no Qt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.actions import ACTIONS, FACILITATOR_ACTIONS
from simulator.loading.formats import ANCHORS, SCENARIO, TEAM, Field, Kind, Shape
from simulator.model import Scenario, Team

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*)\s*:(?P<rest>.*)$")
_DASH = re.compile(r"^(?P<indent> *)- ")


@dataclass(frozen=True)
class References:
    """The names a value may refer to, from the scenario and its team."""

    services: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()
    injects: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    actions: tuple[str, ...] = field(
        default_factory=lambda: tuple(a for a in ACTIONS if a not in FACILITATOR_ACTIONS)
    )

    @classmethod
    def of(
        cls, scenario: Scenario | None, team: Team | None, runbooks: tuple[str, ...] = ()
    ) -> References:
        """The references of a loaded scenario, its team and runbook titles."""
        services: tuple[str, ...] = ()
        metrics: tuple[str, ...] = ()
        alerts: list[str] = list(runbooks)
        injects: tuple[str, ...] = ()
        objectives: tuple[str, ...] = ()
        if scenario is not None:
            services = tuple(s.id for s in scenario.services)
            metrics = tuple(dict.fromkeys(m.id for s in scenario.services for m in s.metrics))
            alerts += list(scenario.alerts())
            injects = tuple(i.id for i in scenario.injects)
            objectives = tuple(o.id for o in scenario.objectives)
        people: tuple[str, ...] = ()
        if team is not None:
            people = tuple(p.id for p in team.people) + tuple(s.id for s in team.stakeholders)
        return cls(services, metrics, tuple(dict.fromkeys(alerts)), injects, objectives, people)


#: Which references a key's value takes, by key name.
_REFERENCE_KEYS = {
    "service": "services",
    "target": "services",
    "depends_on": "services",
    "services": "services",
    "metric": "metrics",
    "alert": "alerts",
    "objective": "objectives",
    "expected_action": "actions",
    "action": "actions",
    "after_action": "actions",
    "unless_action": "actions",
    "primary": "people",
    "secondary": "people",
    "targets": "people",
    "person": "people",
}


def _path_at(lines: list[str], row: int) -> list[str]:
    """The keys of the mappings enclosing ``lines[row]`` (outermost first; list items skipped).

    The cursor's own line counts by its indentation: ``  - ke|`` is inside the list item.
    """
    current = lines[row] if row < len(lines) else ""
    dash = _DASH.match(current)
    indent = len(dash.group(0)) if dash else len(current) - len(current.lstrip(" "))
    path: list[str] = []
    for line in reversed(lines[:row]):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        line_indent = len(line) - len(line.lstrip(" "))
        match = _KEY_LINE.match(line)
        if match and match.group("dash"):
            # "- key: ..." at line_indent: its keys sit at line_indent + len(dash)
            item_indent = line_indent + len(match.group("dash"))
            if item_indent < indent:
                indent = line_indent
            continue
        if _DASH.match(line) and line_indent < indent:
            indent = line_indent
            continue
        if match and line_indent < indent and not match.group("rest").strip():
            path.append(match.group("key"))
            indent = line_indent
        elif match and line_indent < indent:
            indent = line_indent
        if indent == 0:
            break
    return list(reversed(path))


def shape_at(root: Shape, path: list[str]) -> Shape | None:
    """The shape of the mapping at ``path`` under ``root`` (None when the path leaves it)."""
    shape: Shape | None = root
    skip_map_key = False
    for key in path:
        if shape is None:
            return None
        if skip_map_key:
            skip_map_key = False
            continue
        found: Field | None = shape.field(key)
        if found is None or found.shape is None:
            return None
        skip_map_key = found.kind is Kind.OBJECT_MAP
        shape = found.shape
    return None if skip_map_key else shape


def _value_choices(found: Field, refs: References) -> list[str]:
    if _REFERENCE_KEYS.get(found.name) == "actions":
        return list(refs.actions)  # the players' actions (not the facilitator's)
    if found.choices and found.kind is not Kind.OBJECT_MAP:
        return list(found.choices)
    if found.kind is Kind.BOOL:
        return ["true", "false"]
    if found.name == "after":
        return list(ANCHORS) + list(refs.injects)
    name = _REFERENCE_KEYS.get(found.name)
    return list(getattr(refs, name)) if name else []


def completions(
    lines: list[str], row: int, column: int, refs: References, team_file: bool = False
) -> tuple[str, list[str]]:
    """``(prefix, candidates)`` for the cursor at ``row``/``column`` (0-based).

    ``prefix`` is the word being typed (what a chosen candidate replaces).
    """
    line = lines[row] if row < len(lines) else ""
    before = line[:column]
    word = re.search(r"[\w\-.]*$", before)
    prefix = word.group(0) if word else ""
    shape = shape_at(TEAM if team_file else SCENARIO, _path_at(lines, row))
    head = before[: len(before) - len(prefix)]
    if re.fullmatch(r" *(- +)?", head):
        if shape is None:
            return prefix, []
        present = _sibling_keys(lines, row)
        keys = [k for k in shape.keys if k not in present]
        return prefix, [k for k in keys if k.startswith(prefix)]
    key = _KEY_LINE.match(line)
    if shape is None or key is None:
        return prefix, []
    found = shape.field(key.group("key"))
    if found is None:
        return prefix, []
    choices = _value_choices(found, refs)
    return prefix, [c for c in choices if c.startswith(prefix) and c != prefix]


def _sibling_keys(lines: list[str], row: int) -> set[str]:
    """Keys already written in the mapping of ``lines[row]`` (so they are not offered again)."""
    current = lines[row] if row < len(lines) else ""
    dash = _DASH.match(current)
    indent = len(dash.group(0)) if dash else len(current) - len(current.lstrip(" "))
    keys: set[str] = set()
    for step in (-1, 1):
        index = row + step
        while 0 <= index < len(lines):
            line = lines[index]
            if not line.strip() or line.strip().startswith("#"):
                index += step
                continue
            match = _KEY_LINE.match(line)
            line_indent = len(line) - len(line.lstrip(" "))
            if match and match.group("dash"):
                line_indent += len(match.group("dash"))
            if line_indent < indent:
                if match and match.group("dash") and line_indent == indent:
                    keys.add(match.group("key"))
                break
            if match and line_indent == indent:
                keys.add(match.group("key"))
                if match.group("dash") and step == 1:
                    break
                if match.group("dash") and step == -1:
                    break
            index += step
    return keys
