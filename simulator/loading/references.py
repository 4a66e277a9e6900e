"""Checks shared by the scenario and team builders: unique ids, references, action params."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.actions import ACTIONS, Action
from simulator.durations import parse_duration
from simulator.loading.documents import MappingNode, Node, ScalarNode
from simulator.loading.reader import Mapped, Reader, join, scalar_value, suggest
from simulator.model import GUIDE_STRATEGIES, Role, Severity, Status, Tool

#: Action fields whose values are enums, with their choices.
_ENUM_PARAMS: dict[str, tuple[str, ...]] = {
    "severity": tuple(e.value for e in Severity),
    "role": tuple(e.value for e in Role),
    "tool": tuple(e.value for e in Tool),
    "strategy": tuple(e.value for e in GUIDE_STRATEGIES),
    "status": tuple(e.value for e in Status),
}
#: Action fields that name a person of the team.
PERSON_PARAMS = ("person", "to")
#: The tag of a YAML merge key (``<<``); merged pairs are checked where they are written.
MERGE_TAG = "tag:yaml.org,2002:merge"
#: Action fields that name a service of the scenario.
SERVICE_PARAMS = ("target",)


@dataclass
class Reference:
    """A value that must name something defined elsewhere (maybe in another file)."""

    value: str
    node: Node
    path: str


@dataclass
class References:
    """Cross-file references a scenario makes, with their locations."""

    alerts: dict[str, Reference] = field(default_factory=dict)
    people: list[Reference] = field(default_factory=list)
    team: Reference | None = None
    runbooks: Reference | None = None


def unique_ids(reader: Reader, items: Sequence[Mapped], what: str) -> list[str]:
    """The ids of ``items``; a located error for each repeated one."""
    seen: dict[str, Node] = {}
    for item in items:
        value = item.get("id")
        if value is None:
            continue
        if value in seen:
            first = seen[value].start_mark.line + 1
            reader.error(
                item.node_of("id"),
                item.path_of("id"),
                f"duplicate {what} id '{value}' (first used at line {first})",
                hint="ids must be unique",
            )
            continue
        seen[value] = item.node_of("id")
    return list(seen)


def check_ref(
    reader: Reader, value: str, node: Node, path: str, known: Sequence[str], what: str
) -> bool:
    """Whether ``value`` is one of ``known``; a located error with a suggestion when not."""
    if value in known:
        return True
    if not known:
        reader.error(node, path, f"unknown {what} '{value}'; there is none defined to refer to")
        return False
    reader.error(
        node,
        path,
        f"unknown {what} '{value}'; expected one of {', '.join(known)}",
        suggest(value, known),
    )
    return False


def list_item_nodes(mapped: Mapped, name: str) -> list[Node]:
    """The item nodes of list key ``name`` (empty when absent)."""
    node = mapped.nodes.get(name)
    return list(node.value) if node is not None and isinstance(node.value, list) else []


def action_params(
    reader: Reader,
    mapped: Mapped,
    action: str | None,
    services: Sequence[str],
    refs: References,
    injects: Sequence[str] = (),
) -> tuple[tuple[str, str], ...]:
    """Check ``mapped``'s ``params`` against ``action``'s fields; the normalised pairs.

    Values become the text ``str()`` gives the action's typed value (``level: 2`` -> ``"2"``,
    ``timebox: 10m`` -> ``"600.0"``) so they compare equal to a journal payload's values.
    Person references are recorded in ``refs`` for the cross-file check against the team.
    """
    node = mapped.nodes.get("params")
    if node is None or not isinstance(node, MappingNode) or "params" not in mapped.values:
        return ()
    cls: type[Action] | None = ACTIONS.get(action) if action else None
    fields = {} if cls is None else {f.name: f for f in dataclasses.fields(cls)}
    fields.pop("actor", None)
    result: list[tuple[str, str]] = []
    base = mapped.path_of("params")
    known = _Known(services, injects, refs)
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or not isinstance(value_node, ScalarNode):
            continue
        if key_node.tag == MERGE_TAG:
            continue
        key, path = key_node.value, join(base, key_node.value)
        if cls is None:
            continue
        if key not in fields:
            if fields:
                message = f"unknown parameter '{key}' for action {action}; expected one of "
                message += ", ".join(fields)
            else:
                message = f"action {action} takes no parameters"
            reader.error(key_node, path, message, suggest(key, fields))
            continue
        text = _param_value(reader, value_node, path, key, fields[key].default, known)
        if text is not None:
            result.append((key, text))
    return tuple(result)


@dataclass
class _Known:
    """What a parameter may refer to: the scenario's services and injects; person references
    are collected in ``refs`` for the cross-file check against the team."""

    services: Sequence[str]
    injects: Sequence[str]
    refs: References


def _param_value(
    reader: Reader, node: ScalarNode, path: str, key: str, default: object, known: _Known
) -> str | None:
    """The normalised text of parameter ``key``'s value, or None (with a located error)."""
    text = _param_text(node)
    if key in _ENUM_PARAMS:
        choices = _ENUM_PARAMS[key]
        if text in choices:
            return text
        reader.error(
            node, path, f"'{text}' is not one of {', '.join(choices)}", suggest(text, choices)
        )
        return None
    if key in SERVICE_PARAMS and known.services:
        return text if check_ref(reader, text, node, path, known.services, "service") else None
    if key == "inject_id" and known.injects:
        return text if check_ref(reader, text, node, path, known.injects, "inject") else None
    if key in PERSON_PARAMS:
        known.refs.people.append(Reference(text, node, path))
        return text
    return _typed_param(reader, node, path, text, default)


def _typed_param(
    reader: Reader, node: ScalarNode, path: str, text: str, default: object
) -> str | None:
    """``text`` checked against the type of the field's default (a duration becomes seconds)."""
    if isinstance(default, bool):
        if text in ("True", "False"):
            return text
        reader.error(node, path, f"expected true or false, got '{text}'")
        return None
    if isinstance(default, int):
        if text.lstrip("-").isdigit():
            return text
        reader.error(node, path, f"expected a whole number, got '{text}'")
        return None
    if isinstance(default, float):
        try:
            return str(float(text))
        except ValueError:
            pass
        try:
            return str(parse_duration(text))
        except ValueError:
            reader.error(node, path, f"expected a duration like 10m, got '{text}'")
            return None
    return text


def _param_text(node: ScalarNode) -> str:
    """``str()`` of a parameter's YAML value (``true`` -> ``"True"``, ``2`` -> ``"2"``)."""
    try:
        value = scalar_value(node)
    except Exception:  # keep the text as written
        return str(node.value)
    return str(node.value) if value is None else str(value)


def score_families() -> tuple[str, ...]:
    """The scoring families a ``weights`` mapping may name (from the scorer itself)."""
    from simulator.scoring.scorer import DEFAULT_WEIGHTS

    return tuple(DEFAULT_WEIGHTS)


def check_weights(reader: Reader, mapped: Mapped) -> None:
    """Each key of ``weights`` must be a scoring family (a located error with a suggestion)."""
    node = mapped.nodes.get("weights")
    if not isinstance(node, MappingNode):
        return
    families = score_families()
    for key_node, _value in node.value:
        if key_node.tag == MERGE_TAG:
            continue
        if isinstance(key_node, ScalarNode) and key_node.value not in families:
            check_ref(
                reader,
                key_node.value,
                key_node,
                join(mapped.path_of("weights"), key_node.value),
                families,
                "score family",
            )
