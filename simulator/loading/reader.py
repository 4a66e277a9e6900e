"""Checking composed YAML nodes against a :class:`~simulator.loading.formats.Shape`.

:class:`Reader` walks a node tree with a shape, converts every value to its kind and
collects a located :class:`Problem` for each unknown or duplicate key, missing required key,
wrong type, bad enum, bad duration or time. It returns :class:`Mapped` values that remember
the node of every key, so the format-specific builders can locate their own checks
(references, ordering) too. A bad value never stops the walk: all problems of a file come
out in one pass.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from simulator.durations import format_duration, parse_duration
from simulator.loading.documents import MappingNode, Node, ScalarNode, SequenceNode
from simulator.loading.formats import (
    DURATION_LIMIT,
    DURATION_PATTERN,
    ID_PATTERN,
    NUMBER_LIMIT,
    Field,
    Kind,
    Shape,
)
from simulator.problems import Level, Problem, did_you_mean

_DURATION = re.compile(DURATION_PATTERN)
_ID = re.compile(ID_PATTERN)
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_STANDARD = frozenset({_NULL, _STR, _BOOL, _INT, _FLOAT, _TIMESTAMP, _SEQ, _MAP})
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_DATETIME_EXAMPLE = "2026-03-10T14:02:00+01:00"


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint that also catches case, hyphen and space slips."""
    options = list(choices)

    def norm(text: str) -> str:
        return re.sub(r"[\s_-]+", "", text.strip().casefold())

    for option in options:
        if norm(option) == norm(word):
            return f"did you mean '{option}'?"
    # the first word of a longer name ('declare' for declare_incident), when only one fits
    starting = [o for o in options if len(word) >= 3 and norm(o).startswith(norm(word))]
    if len(starting) == 1:
        return f"did you mean '{starting[0]}'?"
    return did_you_mean(word, options)


def newer_format(text: str, choices: Sequence[str]) -> tuple[str, str] | None:
    """(message, hint) when ``text`` is a later version of the one format in ``choices``
    (``gameday/scenario@2`` where this version reads ``gameday/scenario@1``)."""
    for choice in choices:
        stem, _, ours = choice.rpartition("@")
        if not stem or not ours.isdigit() or not text.startswith(f"{stem}@"):
            continue
        theirs = text[len(stem) + 1 :]
        if theirs.isdigit() and int(theirs) > int(ours):
            return (
                f"'{text}' is a newer format than this version of gameday reads ({choice})",
                "update gameday to open it, or write it for " + choice,
            )
    return None


def _severity_hint(text: str, choices: Sequence[str]) -> str:
    """'did you mean SEV-1?' for P1, Sev1, sev 1, S1 or 1 (PagerDuty's P1 is SEV-1)."""
    match = re.fullmatch(r"(?i)\s*(?:p|s|sev|severity)?\s*-?\s*(\d)\s*", text)
    if match is None:
        return ""
    wanted = f"SEV-{match[1]}"
    return f"did you mean '{wanted}'?" if wanted in choices else ""


def _number_hint(node: ScalarNode) -> str:
    """The likely fix for a number written as text: ``10k``, ``0,5``, ``"0.5"``, ``5%``."""
    text = node.value.strip()
    if text.endswith("%"):
        return f"write the number without '%': {text[:-1].strip()}"
    if node.style in ("'", '"') and _is_number_text(text):
        return f"remove the quotes: {text}"
    if re.fullmatch(r"-?\d+,\d+", text):
        return f"use a decimal point: {text.replace(',', '.')}"
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) or re.fullmatch(r"-?\d{1,3}(_\d{3})+", text):
        return f"write it without separators: {re.sub(r'[,_]', '', text)}"
    if _is_number_text(text):  # 1e3 (YAML 1.1 reads it as text), 1e999 (not finite)
        number = float(text)
        if not math.isfinite(number):
            return "give a finite number"
        shown = _num(number)
        if "e" in shown:  # YAML 1.1 reads an exponent only after a '.': 1.0e+300
            mantissa, exponent = f"{number:e}".split("e")
            mantissa = mantissa.rstrip("0")
            shown = (
                f"{mantissa}0e{exponent}" if mantissa.endswith(".") else f"{mantissa}e{exponent}"
            )
        return f"write it as {shown}"
    scaled = re.fullmatch(r"(?i)(-?\d+(?:\.\d+)?)\s*([km])", text)
    if scaled:
        factor = 1000 if scaled[2].lower() == "k" else 1_000_000
        return f"write the whole number: {_num(float(scaled[1]) * factor)}"
    return ""


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _datetime_hint(text: str) -> str:
    """The likely fix for a date-time: a zone name instead of an offset, a date alone."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"add the time and a UTC offset: {text}T09:00:00+00:00"
    named = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)\s+([A-Za-z_/+-]+)", text
    )
    if named:
        return _zone_offset_hint(named[1], named[2], named[3])
    return ""


def _zone_offset_hint(day: str, clock: str, zone: str) -> str:
    """``write 2026-03-10T03:00:00+00:00: Europe/Lisbon's UTC offset on that date`` for a zone
    name written after a local time (a misspelt name is matched first)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    known = {z.casefold(): z for z in available_timezones()}
    name = known.get(zone.casefold())
    if name is None:
        close = did_you_mean(zone, known.values())
        name = close.split("'")[1] if close else None
    if name is None:
        return "write the zone as a UTC offset, not a name, e.g. +01:00"
    try:
        local = datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(name))
    except (ValueError, ZoneInfoNotFoundError, OSError):
        return "write the zone as a UTC offset, not a name, e.g. +01:00"
    return f"write {local.isoformat()}: {name}'s UTC offset on that date"


#: Names authors reach for (from other tools' formats) and the key this format calls it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "match": ("query", "queries", "keywords", "search"),
    "reveals": ("text", "result", "shows", "output"),
    "at": ("time", "when_at", "delay", "after"),
    "text": ("message", "body", "content", "description"),
    "sender": ("from", "author", "source"),
    "alert_threshold": ("threshold", "limit", "alert_at"),
    "strategy": ("action", "type", "fix"),
    "takes": ("duration", "time_to_effect", "delay", "eta"),
    "target": ("service", "on"),
    "timezone": ("tz", "time_zone", "zone"),
    "roles": ("role",),
    "targets": ("people", "person", "who", "notify"),
    "timeout": ("wait", "after", "delay", "escalate_after"),
    "services": ("systems", "components"),
    "injects": ("events", "msel", "timeline"),
    "root_cause": ("cause", "rootcause"),
    "time_limit": ("duration", "length", "limit"),
    "summary": ("description", "desc"),
}


def _synonym(key: str, known: Sequence[str]) -> str:
    """'did you mean' for a key another tool's format uses for one of ``known``."""
    lowered = key.strip().casefold()
    for name, others in SYNONYMS.items():
        if name in known and lowered in others:
            return f"did you mean '{name}'?"
    return ""


def describe(node: Node) -> str:
    """What a node holds, in words, for "expected X, got Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        if node.tag == _NULL:
            return "nothing (null)"
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return repr(text)
    return "an unknown value"  # pragma: no cover - composer yields only the three kinds


def scalar_value(node: ScalarNode) -> Any:
    """The Python value of a scalar under the YAML 1.1 safe schema (raises on bad input)."""
    if node.tag in (_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP):
        constructor = _CONSTRUCTOR.yaml_constructors[node.tag]
        return constructor(_CONSTRUCTOR, node)
    raise ValueError(f"unsupported tag {node.tag}")


@dataclass
class Mapped:
    """A checked mapping: converted ``values`` and the ``nodes`` they came from.

    Keys whose value was wrong are absent from ``values`` (the problem is already recorded);
    :meth:`get` then falls back to the field's model default.
    """

    shape: Shape
    node: Node
    path: str
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    key_nodes: dict[str, Node] = field(default_factory=dict)
    misspelt: dict[str, Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        """The converted value of ``name`` or ``default`` when absent or invalid."""
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        """Whether ``name`` was written (valid or not, or misspelt as an unknown key).

        Counting a misspelling as written keeps one typo from also producing "missing key"
        follow-up errors: the unknown-key error with its "did you mean" is the one to fix.
        """
        return name in self.nodes or name in self.misspelt

    def node_of(self, name: str) -> Node:
        """The node of ``name``'s value, or the mapping's node when it was not written."""
        return self.nodes.get(name, self.node)

    def path_of(self, name: str) -> str:
        """The field path of ``name`` (``injects[3].at``)."""
        return join(self.path, name)


def join(path: str, name: str) -> str:
    """``path.name`` (or ``name`` at the top)."""
    return f"{path}.{name}" if path else name


class Reader:
    """Converts nodes of one file, collecting located problems in :attr:`problems`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    # ------------------------------------------------------------------ problems

    def error(self, node: Node | None, path: str, message: str, hint: str = "") -> None:
        """Record an error located at ``node`` (or the whole file when None)."""
        self.report(node, path, message, hint, Level.ERROR)

    def warning(self, node: Node | None, path: str, message: str, hint: str = "") -> None:
        """Record a warning located at ``node``."""
        self.report(node, path, message, hint, Level.WARNING)

    def report(self, node: Node | None, path: str, message: str, hint: str, level: Level) -> None:
        """Record a problem at ``node``'s start."""
        line, column = (0, 0)
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.file, line, column, path, message, level, hint))

    @property
    def failed(self) -> bool:
        """Whether any error was recorded."""
        return any(p.level is Level.ERROR for p in self.problems)

    # ------------------------------------------------------------------ mappings

    def pairs(self, node: MappingNode, path: str) -> Iterator[tuple[str, Node, Node]]:
        """``(key, key node, value node)`` of a mapping with merges (``<<: *x``) applied.

        Non-text keys and duplicate keys are reported here and skipped.
        """
        seen: dict[str, Node] = {}
        merged: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merged(value_node, path))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag == _NULL:
                self.error(key_node, path, f"a key must be text, got {describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(
                    key_node,
                    join(path, key),
                    f"duplicate key '{key}' (first written at line {first})",
                    hint="remove one of them",
                )
                continue
            seen[key] = key_node
            yield key, key_node, value_node
        for key, key_node, value_node in merged:
            if key not in seen:
                seen[key] = key_node
                yield key, key_node, value_node

    def _merged(self, node: Node, path: str) -> list[tuple[str, Node, Node]]:
        """The pairs a merge key brings in (a mapping or a list of mappings)."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        pairs: list[tuple[str, Node, Node]] = []
        for source in sources:
            if not isinstance(source, MappingNode):
                self.error(source, path, f"'<<' merges a mapping, got {describe(source)}")
                continue
            pairs.extend(self.pairs(source, path))
        return pairs

    def mapping(self, node: Node, shape: Shape, path: str) -> Mapped | None:
        """Check ``node`` against ``shape``; None when it is not a mapping at all."""
        if not isinstance(node, MappingNode):
            what = f"{shape.name} (key: value lines)"
            self.error(node, path, f"expected {_article(what)}, got {describe(node)}")
            return None
        mapped = Mapped(shape, node, path)
        for key, key_node, value_node in self.pairs(node, path):
            spec = shape.field(key)
            if spec is None:
                hint = suggest(key, shape.keys) or _synonym(key, shape.keys)
                if hint:
                    mapped.misspelt[hint.split("'")[1]] = key_node
                self.error(
                    key_node,
                    join(path, key),
                    f"unknown key '{key}' in {_article(shape.name)}; expected one of "
                    + ", ".join(shape.keys),
                    hint=hint,
                )
                continue
            mapped.nodes[key] = value_node
            mapped.key_nodes[key] = key_node
            ok, value = self.value(value_node, spec, join(path, key))
            if ok:
                mapped.values[key] = value
        for spec in shape.fields:
            if spec.required and not mapped.has(spec.name):
                example = f" {spec.choices[0]}" if len(spec.choices) == 1 else ""
                self.error(
                    node,
                    path,
                    f"missing required key '{spec.name}': {spec.doc}",
                    hint=f"add '{spec.name}:{example}' to {_article(shape.name)}",
                )
        return mapped

    # ------------------------------------------------------------------ values

    def value(self, node: Node, spec: Field, path: str) -> tuple[bool, Any]:
        """``(True, converted)`` or ``(False, None)`` after recording the problem."""
        if node.tag not in _STANDARD:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(
                node,
                path,
                f"the tag {tag} is not allowed; expected {_expectation(spec)} without a tag",
                hint="remove the tag; files are read with safe loading only",
            )
            return False, None
        if spec.nullable and isinstance(node, ScalarNode) and node.tag == _NULL:
            return True, None
        kind = spec.kind
        if kind is Kind.OBJECT:
            assert spec.shape is not None
            mapped = self.mapping(node, spec.shape, path)
            return mapped is not None, mapped
        if kind is Kind.OBJECT_LIST:
            assert spec.shape is not None
            items = self.sequence(node, spec, path)
            if items is None:
                return False, None
            mapped_items = [
                self.mapping(item, spec.shape, f"{path}[{index}]")
                for index, item in enumerate(items)
            ]
            return True, [m for m in mapped_items if m is not None]
        if kind is Kind.OBJECT_MAP:
            return self._object_map(node, spec, path)
        if kind in (Kind.TEXT_LIST, Kind.ENUM_LIST):
            items = self.sequence(node, spec, path)
            if items is None:
                return False, None
            element = Field(
                spec.name,
                Kind.TEXT if kind is Kind.TEXT_LIST else Kind.ENUM,
                spec.doc,
                choices=spec.choices,
            )
            results = [self.value(item, element, f"{path}[{i}]") for i, item in enumerate(items)]
            if not all(ok for ok, _ in results):
                return False, None
            return True, tuple(value for _, value in results)
        if kind in (Kind.PARAMS, Kind.WEIGHTS):
            return self._pairs_value(node, kind, path)
        if not isinstance(node, ScalarNode):
            self.error(node, path, f"expected {_expectation(spec)}, got {describe(node)}")
            return False, None
        return self._scalar(node, spec, path)

    def sequence(self, node: Node, spec: Field, path: str) -> list[Node] | None:
        """The items of a list node, or None (problem recorded) for anything else."""
        if not isinstance(node, SequenceNode):
            expected = "a list" if spec.shape is None else f"a list of {spec.shape.name}s"
            hint = ""
            if isinstance(node, ScalarNode) and node.tag != _NULL and spec.shape is None:
                hint = f"write [{node.value}]"
            elif isinstance(node, MappingNode) and spec.shape is not None:
                first = node.value[0][0].value if node.value else "id"
                if "id" in spec.shape.keys:
                    hint = (
                        f"start each {spec.shape.name} with '- ' on its first key, e.g. "
                        f"'- id: {first}' instead of '{first}:'"
                    )
                elif {"at", "value"} <= set(spec.shape.keys) and node.value:
                    value = node.value[0][1]
                    shown = value.value if isinstance(value, ScalarNode) else "..."
                    hint = f"write each point as '- {{at: {first}, value: {shown}}}'"
                else:
                    hint = f"start each {spec.shape.name} with '- '"
            self.error(node, path, f"expected {expected}, got {describe(node)}", hint=hint)
            return None
        if len(node.value) < spec.min_items:
            noun = spec.shape.name if spec.shape is not None else "item"
            self.error(node, path, f"expected at least one {noun}, got an empty list")
            return None
        return list(node.value)

    def _object_map(self, node: Node, spec: Field, path: str) -> tuple[bool, Any]:
        """A mapping keyed by ``spec.choices`` whose values are ``spec.shape`` mappings."""
        assert spec.shape is not None
        if not isinstance(node, MappingNode):
            self.error(
                node,
                path,
                f"expected a mapping keyed by {', '.join(spec.choices)}, got {describe(node)}",
            )
            return False, None
        result: dict[str, Mapped] = {}
        for key, key_node, value_node in self.pairs(node, path):
            if key not in spec.choices:
                self.error(
                    key_node,
                    join(path, key),
                    f"unknown key '{key}'; expected one of {', '.join(spec.choices)}",
                    hint=suggest(key, spec.choices),
                )
                continue
            mapped = self.mapping(value_node, spec.shape, join(path, key))
            if mapped is not None:
                result[key] = mapped
        return True, result

    def _pairs_value(self, node: Node, kind: Kind, path: str) -> tuple[bool, Any]:
        """``params`` (text values) or ``weights`` (number values) as a tuple of pairs."""
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a mapping (name: value), got {describe(node)}")
            return False, None
        ok = True
        pairs: list[tuple[str, Any]] = []
        for key, _key_node, value_node in self.pairs(node, path):
            item_path = join(path, key)
            if not isinstance(value_node, ScalarNode) or value_node.tag == _NULL:
                what = "text" if kind is Kind.PARAMS else "a number"
                self.error(value_node, item_path, f"expected {what}, got {describe(value_node)}")
                ok = False
                continue
            if kind is Kind.PARAMS:
                try:
                    param = scalar_value(value_node)
                except Exception:  # e.g. an impossible date
                    param = value_node.value
                pairs.append((key, param if isinstance(param, str) else value_node.value))
                continue
            good, number = self._scalar(
                value_node, Field(key, Kind.NUMBER, "", minimum=0), item_path
            )
            if good:
                pairs.append((key, number))
            else:
                ok = False
        return ok, tuple(pairs)

    def _scalar(self, node: ScalarNode, spec: Field, path: str) -> tuple[bool, Any]:
        """Convert a scalar node to ``spec.kind``."""
        try:
            value = scalar_value(node)
        except Exception:  # any constructor failure is the user's bad value
            if node.tag == _TIMESTAMP:
                what, hint = f"{describe(node)}, which is not a real date", ""
            else:
                what, hint = f"{describe(node)}, which cannot be read", ""
            self.error(node, path, f"expected {_expectation(spec)}, got {what}", hint=hint)
            return False, None
        kind = spec.kind
        got = describe(node)
        expected = _expectation(spec)
        if value is None:
            self.error(
                node,
                path,
                f"expected {expected}, got nothing (null)",
                hint="give a value or remove the key",
            )
            return False, None
        if kind in (Kind.TEXT, Kind.ID):
            return self._text(node, spec, path, value)
        if kind is Kind.ENUM:
            return self._enum(node, spec, path)
        if kind in (Kind.NUMBER, Kind.INT):
            return self._number(node, spec, path, value)
        if kind is Kind.BOOL:
            if not isinstance(value, bool):
                self.error(node, path, f"expected true or false, got {got}")
                return False, None
            return True, value
        if kind is Kind.DURATION:
            return self._duration(node, spec, path, value)
        if kind is Kind.DATETIME:
            return self._datetime(node, path, value)
        raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover

    def _text(self, node: ScalarNode, spec: Field, path: str, value: Any) -> tuple[bool, Any]:
        """Text or an id as written (a date or number written where text is expected too)."""
        if isinstance(value, datetime) or node.tag != _STR:
            value = node.value
        if spec.kind is Kind.ID and not _ID.match(value):
            self.error(
                node,
                path,
                f"expected {_expectation(spec)}, got {describe(node)}",
                hint="use letters, digits, '-', '_' or '.' without spaces",
            )
            return False, None
        if spec.kind is Kind.TEXT and not value.strip():
            self.error(node, path, "expected text, got an empty string")
            return False, None
        return True, value

    def _enum(self, node: ScalarNode, spec: Field, path: str) -> tuple[bool, Any]:
        """One of ``spec.choices`` (a value of a newer format version says so)."""
        text = node.value
        if text in spec.choices:
            return True, text
        newer = newer_format(text, spec.choices)
        if newer:
            self.error(node, path, newer[0], hint=newer[1])
            return False, None
        hint = _severity_hint(text, spec.choices) or suggest(text, spec.choices)
        self.error(
            node, path, f"{describe(node)} is not one of {', '.join(spec.choices)}", hint=hint
        )
        return False, None

    def _number(self, node: ScalarNode, spec: Field, path: str, value: Any) -> tuple[bool, Any]:
        """A finite number (a whole one for ``Kind.INT``) within the bounds of ``spec``."""
        expected, got = _expectation(spec), describe(node)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node, path, f"expected {expected}, got {got}", hint=_number_hint(node))
            return False, None
        if spec.kind is Kind.INT and not isinstance(value, int):
            self.error(node, path, f"expected {expected}, got {got}")
            return False, None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(node, path, f"expected {expected}, got {got}", hint="give a finite number")
            return False, None
        return self._bounded(node, spec, path, value)

    def _bounded(self, node: Node, spec: Field, path: str, value: float) -> tuple[bool, Any]:
        """Check ``spec.minimum`` / ``spec.maximum``."""
        low, high = spec.minimum, spec.maximum
        if low is None and high is None:  # every number reaching the engine is bounded
            low, high = -NUMBER_LIMIT, NUMBER_LIMIT
        elif high is None:
            high = NUMBER_LIMIT
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                rule = f"between {_num(low)} and {_num(high)}"
            elif low is not None:
                rule = f"at least {_num(low)}"
            else:
                rule = f"at most {_num(high or 0)}"
            self.error(node, path, f"{_num(value)} is out of range; expected a value {rule}")
            return False, None
        return True, float(value) if spec.kind is Kind.NUMBER else value

    def _duration(self, node: ScalarNode, spec: Field, path: str, value: Any) -> tuple[bool, Any]:
        """A duration written like ``90s``, ``5m`` or ``1h30m``."""
        text = node.value.strip()
        if isinstance(value, bool) or not isinstance(value, str) or not _DURATION.match(text):
            hint = ""
            clock = re.fullmatch(r"(\d+):(\d{2}):(\d{2})", text)
            if clock:
                seconds = int(clock[1]) * 3600 + int(clock[2]) * 60 + int(clock[3])
                hint = f"write '{format_duration(seconds)}'"
            elif ":" in text:
                hint = "write clock-like durations as 1h30m or 1m30s"
            elif isinstance(value, int | float) and not isinstance(value, bool):
                hint = f"add a unit: '{node.value}s' or '{node.value}m'"
            elif isinstance(value, str):
                hint = _duration_hint(text)
            self.error(
                node, path, f"expected {_expectation(spec)}, got {describe(node)}", hint=hint
            )
            return False, None
        limit = spec.maximum if spec.maximum is not None else DURATION_LIMIT
        try:  # hundreds of digits overflow a float (or Python's digit limit)
            length = parse_duration(text) if len(text) <= 40 else math.inf
        except (ValueError, OverflowError):
            length = math.inf
        if not length <= limit:
            self.error(
                node,
                path,
                f"'{_cut(text)}' is too long; expected at most {_hours(limit)}",
                hint=f"write a duration up to {_hours(limit)}",
            )
            return False, None
        return True, length

    def _datetime(self, node: ScalarNode, path: str, value: Any) -> tuple[bool, Any]:
        """An ISO 8601 date-time with a time zone."""
        parsed: datetime | None = value if isinstance(value, datetime) else None
        if parsed is None and isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            self.error(
                node,
                path,
                f"expected an ISO 8601 date-time like {_DATETIME_EXAMPLE}, got {describe(node)}",
                hint=_datetime_hint(node.value.strip()),
            )
            return False, None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.error(
                node,
                path,
                f"{describe(node)} has no time zone; expected one like {_DATETIME_EXAMPLE}",
                hint="append a UTC offset such as +01:00, or Z",
            )
            return False, None
        if not 1970 <= parsed.year <= 2999:  # the clock and reports add days to it
            self.error(
                node,
                path,
                f"year {parsed.year} is out of range; expected a date-time between 1970 and 2999",
                hint="give the date the exercise pretends to happen on, e.g. this year",
            )
            return False, None
        return True, parsed


def _duration_hint(text: str) -> str:
    """A likely fix for a mistyped duration."""
    compact = re.sub(r"\s+", "", text.lower())
    for long, short in (
        ("hours", "h"),
        ("hour", "h"),
        ("hrs", "h"),
        ("hr", "h"),
        ("minutes", "m"),
        ("minute", "m"),
        ("mins", "m"),
        ("min", "m"),
        ("seconds", "s"),
        ("second", "s"),
        ("secs", "s"),
        ("sec", "s"),
    ):
        compact = compact.replace(long, short)
    if compact != text and _DURATION.match(compact):
        return f"write '{compact}'"
    if compact.startswith("-"):
        return "a duration cannot be negative; write how long after the start, e.g. '5m'"
    seconds = _other_duration(compact)
    if seconds is not None and seconds > 0:
        return f"write '{format_duration(seconds)}'"
    return "write it like 90s, 5m or 1h30m"


def _other_duration(compact: str) -> float | None:
    """Seconds of a duration written another common way: ISO 8601 (``PT1H30M``), decimals
    (``1.5h``), hours and bare minutes (``1h30``), or ``90`` with a unit word stripped."""
    iso = re.fullmatch(
        r"p?t?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?", compact
    )
    if iso and compact.startswith(("pt", "t")) and any(iso.groups()):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
        return hours * 3600 + minutes * 60 + seconds
    decimal = re.fullmatch(r"(\d+\.\d+)([hms])", compact)
    if decimal:
        return float(decimal[1]) * {"h": 3600, "m": 60, "s": 1}[decimal[2]]
    hours_minutes = re.fullmatch(r"(\d+)h(\d+)", compact)
    if hours_minutes:
        return int(hours_minutes[1]) * 3600 + int(hours_minutes[2]) * 60
    return None


def _expectation(spec: Field) -> str:
    """What a field's value must be, in words."""
    kind = spec.kind
    if kind is Kind.DURATION:
        return "a duration like 90s, 5m or 1h30m"
    if kind is Kind.DATETIME:
        return f"an ISO 8601 date-time like {_DATETIME_EXAMPLE}"
    if kind is Kind.ID:
        return "an identifier (text without spaces)"
    if kind is Kind.INT:
        return "a whole number"
    if kind is Kind.ENUM:
        return "one of " + ", ".join(spec.choices)
    return {Kind.TEXT: "text", Kind.NUMBER: "a number", Kind.BOOL: "true or false"}.get(
        kind, kind.value
    )


def _article(noun: str) -> str:
    """``noun`` with "a" or "an"."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _cut(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters (an ellipsis says it was cut)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _hours(seconds: float) -> str:
    """A limit as people say it: ``72h``, ``720h``, or ``1h30m``."""
    return f"{seconds / 3600:g}h" if seconds % 3600 == 0 else format_duration(seconds)


def _num(value: float) -> str:
    """A number without a useless ``.0`` (one of hundreds of digits by its length)."""
    try:
        return f"{value:g}"
    except OverflowError:
        return f"a number of {len(str(abs(int(value))))} digits"
