"""``gameday schema``: draft-07 JSON Schemas generated from the format declarations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from main import main
from simulator.loading.formats import SCENARIO, SHAPES, TEAM
from simulator.loading.schema import FILES, build_schema, schema_texts

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "scenarios" / "schemas"


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schema_texts().items():
        assert (COMMITTED / name).read_text(encoding="utf-8") == text, (
            f"scenarios/schemas/{name} is stale: run `gameday schema --out scenarios/schemas`"
        )


def test_cmd_schema_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["scenario.schema.json", "team.schema.json"]
    assert capsys.readouterr().out == (
        f"wrote {out / 'scenario.schema.json'}\nwrote {out / 'team.schema.json'}\n"
    )
    scenario = json.loads((out / "scenario.schema.json").read_text(encoding="utf-8"))
    assert scenario["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_cmd_schema_refuses_a_file_as_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert main(["schema", "--out", str(target)]) == 2
    assert capsys.readouterr().err == f"gameday schema: {target} is a file; expected a folder\n"


def test_schema_carries_enums_patterns_and_descriptions() -> None:
    schema = build_schema(SCENARIO)
    inject = schema["definitions"]["inject"]
    assert inject["properties"]["kind"]["enum"][:2] == ["alert", "customer_report"]
    assert inject["required"] == ["id", "kind", "sender", "channel", "text"]
    assert inject["additionalProperties"] is False
    at = inject["properties"]["at"]
    assert re.match(at["pattern"], "1h30m") and not re.match(at["pattern"], "90")
    severity = schema["definitions"]["truth"]["properties"]["severity"]
    assert severity["enum"] == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
    team = build_schema(TEAM)
    policy = team["properties"]["severity_policy"]
    assert sorted(policy["properties"]) == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
    for shape in SHAPES:
        for field in shape.fields:
            assert field.doc, f"{shape.name}.{field.name} has no description"


# A small draft-07 checker for the keywords the generated schemas use, so the bundled files
# are also checked against what editors will check them against.


#: Whether a value is of each JSON type.
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    if "$ref" in schema:
        return _errors(value, root["definitions"][schema["$ref"].split("/")[-1]], root, path)
    found = _combination_errors(value, schema, root, path)
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(_TYPES[n](value) for n in names):
            return [*found, f"{path}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in enum")
    if isinstance(value, str):
        found += _string_errors(value, schema, path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        found += _number_errors(value, schema, path)
    if isinstance(value, list):
        found += _list_errors(value, schema, root, path)
    if isinstance(value, dict):
        found += _object_errors(value, schema, root, path)
    return found


def _combination_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    """``anyOf`` (at least one must match) and ``oneOf`` (exactly one)."""
    found: list[str] = []
    if "anyOf" in schema and all(_errors(value, s, root, path) for s in schema["anyOf"]):
        found.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matches = sum(not _errors(value, s, root, path) for s in schema["oneOf"])
        if matches != 1:
            found.append(f"{path}: matches {matches} of oneOf")
    return found


def _string_errors(value: str, schema: dict[str, Any], path: str) -> list[str]:
    found: list[str] = []
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if len(value) < schema.get("minLength", 0):
        found.append(f"{path}: too short")
    return found


def _number_errors(value: float, schema: dict[str, Any], path: str) -> list[str]:
    found: list[str] = []
    if "minimum" in schema and value < schema["minimum"]:
        found.append(f"{path}: below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        found.append(f"{path}: above maximum")
    return found


def _list_errors(
    value: list[Any], schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    found: list[str] = []
    if len(value) < schema.get("minItems", 0):
        found.append(f"{path}: too few items")
    for index, item in enumerate(value):
        found += _errors(item, schema.get("items", {}), root, f"{path}[{index}]")
    return found


def _object_errors(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    found = [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if key in properties:
            found += _errors(item, properties[key], root, f"{path}.{key}")
        elif extra is False:
            found.append(f"{path}: unexpected {key}")
        elif isinstance(extra, dict):
            found += _errors(item, extra, root, f"{path}.{key}")
    return found


def _as_editor_sees_it(value: Any) -> Any:
    """YAML values as the language server sees them: dates stay text."""
    if isinstance(value, dict):
        return {str(k): _as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees_it(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _bundled() -> list[tuple[Path, str]]:
    files = []
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for fmt, name in (("gameday/scenario@1", "scenario"), ("gameday/team@1", "team")):
            if f"format: {fmt}" in text:
                files.append((path, FILES[name]))
    return files


@pytest.mark.parametrize("path,schema_name", _bundled(), ids=lambda x: getattr(x, "name", x))
def test_bundled_files_pass_their_schema(path: Path, schema_name: str) -> None:
    schema = json.loads((COMMITTED / schema_name).read_text(encoding="utf-8"))
    document = _as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert _errors(document, schema, schema, "$") == []


def test_the_checker_catches_what_the_loader_rejects() -> None:
    schema = build_schema(SCENARIO)
    broken = {"format": "gameday/scenario@1", "injects": [{"id": "x", "at": "5 min"}]}
    problems = _errors(broken, schema, schema, "$")
    assert (
        "$.injects[0].at: '5 min' does not match ^(?=\\d)(\\d+h)?(\\d+m)?(\\d+(\\.\\d+)?s)?$"
        in (problems)
    )
    assert "$: missing truth" in problems
