"""JSON Schemas of the scenario and team formats (written by ``gameday schema --out DIR``).

The schemas (draft-07, the dialect the YAML language server supports best) are generated
from the same declarations the loader checks against (:mod:`simulator.loading.formats`),
with descriptions, defaults, enums and patterns (durations, ids), so an editor offers
completion and flags mistakes while a facilitator types. Bundled YAML files point at the
committed copies in ``scenarios/schemas/`` with a first line such as
``# yaml-language-server: $schema=schemas/scenario.schema.json``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.loading.formats import (
    DURATION_PATTERN,
    ID_PATTERN,
    SCENARIO,
    SHAPES,
    TEAM,
    Field,
    Kind,
    Shape,
)
from simulator.loading.references import score_families

DRAFT = "http://json-schema.org/draft-07/schema#"
#: File name of each top-level schema, by shape.
FILES = {"scenario": "scenario.schema.json", "team": "team.schema.json"}
#: Rules between keys that JSON Schema can say (the loader checks them too).
_EXTRA: dict[str, dict[str, Any]] = {
    "inject": {"oneOf": [{"required": ["at"]}, {"required": ["when"]}]},
    "condition": {"oneOf": [{"required": ["after_action"]}, {"required": ["unless_action"]}]},
}


def _definition_name(shape: Shape) -> str:
    return shape.name.replace(" ", "_").replace("-", "_")


def _reachable(shape: Shape) -> list[Shape]:
    """The shapes nested under ``shape`` (not itself), in first-use order."""
    found: list[Shape] = []
    pending = [shape]
    while pending:
        current = pending.pop(0)
        for f in current.fields:
            if f.shape is not None and f.shape not in found and f.shape is not shape:
                found.append(f.shape)
                pending.append(f.shape)
    return found


def _ref(shape: Shape | None) -> dict[str, Any]:
    """A reference to the definition of a nested mapping."""
    assert shape is not None
    return {"$ref": f"#/definitions/{_definition_name(shape)}"}


def _number(f: Field) -> dict[str, Any]:
    """A number or whole number, with the field's bounds."""
    schema: dict[str, Any] = {"type": "number" if f.kind is Kind.NUMBER else "integer"}
    if f.minimum is not None:
        schema["minimum"] = f.minimum
    if f.maximum is not None:
        schema["maximum"] = f.maximum
    return schema


def _weights(_f: Field) -> dict[str, Any]:
    """A mapping of scoring family to a weight (>= 0)."""
    weight = {"type": "number", "minimum": 0}
    return {
        "type": "object",
        "properties": {family: weight for family in score_families()},
        "additionalProperties": False,
    }


def _object_map(f: Field) -> dict[str, Any]:
    """A mapping of the field's fixed keys to a nested mapping each."""
    ref = _ref(f.shape)
    return {
        "type": "object",
        "properties": {key: ref for key in f.choices},
        "additionalProperties": False,
    }


#: The JSON Schema of each kind of value, before null, description and default are added
#: (a fresh dict per call: the caller adds to it).
_KINDS: dict[Kind, Callable[[Field], dict[str, Any]]] = {
    Kind.TEXT: lambda _f: {"type": "string", "minLength": 1},
    Kind.ID: lambda _f: {"type": "string", "pattern": ID_PATTERN},
    Kind.NUMBER: _number,
    Kind.INT: _number,
    Kind.BOOL: lambda _f: {"type": "boolean"},
    Kind.DURATION: lambda _f: {"type": "string", "pattern": DURATION_PATTERN},
    Kind.DATETIME: lambda _f: {"type": "string", "format": "date-time"},
    Kind.ENUM: lambda f: {"type": "string", "enum": list(f.choices)},
    Kind.TEXT_LIST: lambda _f: {"type": "array", "items": {"type": "string"}},
    Kind.ENUM_LIST: lambda f: {
        "type": "array",
        "items": {"type": "string", "enum": list(f.choices)},
    },
    Kind.PARAMS: lambda _f: {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    },
    Kind.WEIGHTS: _weights,
    Kind.OBJECT: lambda f: _ref(f.shape),
    Kind.OBJECT_LIST: lambda f: {"type": "array", "items": _ref(f.shape)},
    Kind.OBJECT_MAP: _object_map,
}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or ``null`` (a nullable key: null stands for "none")."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _field_schema(f: Field) -> dict[str, Any]:
    """The JSON Schema of one key: its kind's, then list length, null, description, default."""
    schema = _KINDS[f.kind](f)
    if f.min_items and schema.get("type") == "array":
        schema["minItems"] = f.min_items
    if f.nullable:
        schema = _or_null(schema)
    description = f.doc
    if not f.required and f.default is not None and f.default not in ([], {}):
        description += f" (default: {json.dumps(f.default)})"
    schema = {"description": description, **schema}
    if f.default is not None and not f.required:
        schema["default"] = f.default
    return schema


def _shape_schema(shape: Shape) -> dict[str, Any]:
    """The JSON Schema of one mapping."""
    schema: dict[str, Any] = {
        "type": "object",
        "description": shape.doc,
        "properties": {f.name: _field_schema(f) for f in shape.fields},
        "additionalProperties": False,
    }
    required = [f.name for f in shape.fields if f.required]
    if required:
        schema["required"] = required
    schema.update(_EXTRA.get(_definition_name(shape), {}))
    return schema


def build_schema(shape: Shape) -> dict[str, Any]:
    """The whole draft-07 schema document for a top-level format shape."""
    document: dict[str, Any] = {
        "$schema": DRAFT,
        "title": f"Game Day Simulator {shape.name}",
    }
    document.update(_shape_schema(shape))
    document["definitions"] = {
        _definition_name(nested): _shape_schema(nested) for nested in _reachable(shape)
    }
    return document


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of every schema (stable, ends with a newline)."""
    return {
        FILES[shape.name]: json.dumps(build_schema(shape), indent=2, ensure_ascii=False) + "\n"
        for shape in (SCENARIO, TEAM)
    }


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["SHAPES", "build_schema", "schema_texts"]


def _type_words(f: Field) -> str:
    """A key's type as the reference tables in ``docs/formats.md`` write it."""
    kind = f.kind
    if kind is Kind.ENUM:
        words = "one of " + ", ".join(f"`{c}`" for c in f.choices)
    elif kind is Kind.ENUM_LIST:
        words = "list of " + ", ".join(f"`{c}`" for c in f.choices)
    elif kind is Kind.OBJECT:
        assert f.shape is not None
        words = f"{f.shape.name} mapping"
    elif kind is Kind.OBJECT_LIST:
        assert f.shape is not None
        words = f"list of {f.shape.name} mappings"
    elif kind is Kind.OBJECT_MAP:
        assert f.shape is not None
        words = f"mapping of {', '.join(f'`{c}`' for c in f.choices)} to {f.shape.name}"
    else:
        words = {
            Kind.TEXT: "text",
            Kind.ID: "identifier",
            Kind.NUMBER: "number",
            Kind.INT: "whole number",
            Kind.BOOL: "true / false",
            Kind.DURATION: "duration",
            Kind.DATETIME: "date-time",
            Kind.TEXT_LIST: "list of text",
            Kind.PARAMS: "mapping of action field to value",
            Kind.WEIGHTS: "mapping of scoring family to number (>= 0)",
        }[kind]
    if kind is Kind.DURATION and f.maximum is not None:
        words += f" (at most {f.maximum / 3600:g}h)"
    elif f.minimum is not None and f.maximum is not None:
        words += f" ({f.minimum:g}-{f.maximum:g})"
    elif f.minimum is not None:
        words += f" (>= {f.minimum:g})"
    if f.min_items:
        words += ", at least one"
    if f.nullable:
        words += " or null"
    return words


def _requirement(f: Field) -> str:
    if f.required:
        return "required"
    if f.default is None or f.default in ([], {}, ""):
        return "optional"
    value = f.default if isinstance(f.default, str) else json.dumps(f.default)
    return f"default `{value}`"


def reference_table(shape: Shape) -> str:
    """The Markdown table of ``shape``'s keys used in ``docs/formats.md`` (kept in sync by a
    test, so the reference cannot drift from the loader)."""
    rows = ["| Key | Type | Required / default | Meaning |", "|---|---|---|---|"]
    for f in shape.fields:
        rows.append(f"| `{f.name}` | {_type_words(f)} | {_requirement(f)} | {f.doc} |")
    return "\n".join(rows) + "\n"
