"""Hostile and arbitrary input: located problems in bounded time, never a traceback."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.loading import load_runbook, load_scenario, load_scenario_text, load_team
from simulator.loading.discovery import validate_file
from simulator.loading.documents import MAX_BYTES
from simulator.loading.files import runbook_from_bytes, scenario_from_bytes, team_from_bytes
from simulator.problems import Level, Problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loading"


def messages(data: bytes) -> list[str]:
    scenario, problems, _refs = scenario_from_bytes(data, "x.yaml")
    assert scenario is None
    return [p.format() for p in problems]


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert messages("\n".join(lines).encode()) == [
        "x.yaml:1:1: error: the document holds more than 250000 values (each use of an alias "
        "counted); refusing to load it (use fewer aliases (*name) or split the file)"
    ]


def test_a_huge_flat_document_stops_composing_at_the_cap() -> None:
    assert messages(b"[" + b"1," * 300_000 + b"1]") == [
        "x.yaml:1:500000: error: the document holds more than 250000 values (each use of an alias "
        "counted); refusing to load it (use fewer aliases (*name) or split the file)"
    ]


def test_recursive_alias_is_refused() -> None:
    assert messages(b"format: gameday/scenario@1\nid: &a [*a]\n") == [
        "x.yaml:2:5: error: recursive alias: this value contains itself "
        "(an alias (*name) may only refer to an anchor outside itself)"
    ]


def test_files_over_the_size_cap_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"[" * MAX_BYTES)
    scenario, problems = load_scenario(path)
    assert scenario is None
    assert [p.format() for p in problems] == [
        f"{path}:0:0: error: the file is 2.0 MiB (2,097,154 bytes); files over 2 MiB are "
        "refused (split it or remove embedded data)"
    ]


def test_a_10_mb_file_is_refused_with_its_real_size_not_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"format: gameday/scenario@1\n")
        handle.truncate(10_000_000)
    for problems in (load_scenario(path)[1], validate_file(path)):
        assert [p.format() for p in problems] == [
            f"{path}:0:0: error: the file is 9.5 MiB (10,000,000 bytes); files over 2 MiB are "
            "refused (split it or remove embedded data)"
        ]


def test_undecodable_bytes_name_the_offset() -> None:
    data = "format: gameday/scenario@1\ntitle: caf\xe9\n".encode("latin-1")
    assert messages(data) == [
        "x.yaml:2:11: error: the file is not UTF-8 text: byte 0xe9 at offset 37 cannot be "
        "decoded (save the file as UTF-8)"
    ]


def test_deep_nesting_is_refused_early() -> None:
    assert messages(b"[" * 100_000) == [
        "x.yaml:1:65: error: invalid YAML: the document nests deeper than 64 levels"
    ]
    assert messages(b"- " * 100_000) == [
        "x.yaml:1:129: error: invalid YAML: the document nests deeper than 64 levels"
    ]


def test_python_tags_are_never_constructed() -> None:
    data = b"format: !!python/object/apply:os.system ['echo owned']\n"
    assert messages(data)[-1] == (
        "x.yaml:1:9: error: format: the tag !!python/object/apply:os.system is not allowed; "
        "expected one of gameday/scenario@1 without a tag "
        "(remove the tag; files are read with safe loading only)"
    )


def test_control_characters_empty_files_and_several_documents() -> None:
    assert messages(b"format: gameday/scenario@1\ntitle: a\x01b\n") == [
        "x.yaml:2:9: error: character U+0001 is not allowed in a YAML file "
        "(remove control characters)"
    ]
    assert messages(b"# only a comment\n") == [
        "x.yaml:0:0: error: the file is empty; expected a YAML mapping"
    ]
    assert messages(b"a: 1\n---\nb: 2\n") == [
        "x.yaml:2:1: error: the file holds more than one YAML document; expected exactly one "
        "(remove the '---' line and what follows, or split the file)"
    ]


def test_missing_files_and_folders_are_problems(tmp_path: Path) -> None:
    for loader in (load_scenario, load_team, load_runbook):
        model, problems = loader(tmp_path / "nope")
        assert model is None
        assert [p.format() for p in problems] == [f"{tmp_path / 'nope'}:0:0: error: no such file"]
    model, problems = load_team(tmp_path)
    assert [p.message for p in problems] == ["this is a folder; expected a file"]


# ---------------------------------------------------------------- property: never a traceback

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["5m", "90s", "1h30m", "SEV-2", "rollback", "api", "2026-03-10T14:02:00Z"]),
)
_keys = st.one_of(
    st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12),
    st.sampled_from(
        ["format", "id", "title", "services", "truth", "injects", "clock", "at", "when", "people"]
    ),
)
_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)
    ),
    max_leaves=15,
)


def _assert_located(problems: list[Problem], model: object) -> None:
    errors = [p for p in problems if p.level is Level.ERROR]
    assert (model is None) == bool(errors)
    for problem in problems:
        assert problem.line >= 0 and problem.column >= 0
        assert problem.message
        assert problem.format().startswith(f"{problem.file}:{problem.line}:{problem.column}: ")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    document=st.dictionaries(_keys, _values, max_size=8),
    fmt=st.sampled_from(["gameday/scenario@1", "gameday/team@1", None]),
)
def test_arbitrary_yaml_documents_yield_a_model_or_located_problems(
    document: dict[str, Any], fmt: str | None
) -> None:
    if fmt is not None:
        document = {"format": fmt, **document}
    data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    scenario, problems, _refs = scenario_from_bytes(data, "s.yaml")
    _assert_located(problems, scenario)
    team, problems = team_from_bytes(data, "t.yaml")
    _assert_located(problems, team)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_yields_located_problems(text: str) -> None:
    scenario, problems = load_scenario_text(text, "s.yaml")
    _assert_located(problems, scenario)
    runbook, problems = runbook_from_bytes(text.encode("utf-8", "surrogatepass"), "r.md")
    _assert_located(problems, runbook)


_mutations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=4000),
        st.sampled_from(
            ["", " ", "\n", ":", "- ", "[", "{", "'", "&a ", "*a", "#", "x", "0", "\t", "---\n"]
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(edits=_mutations, cut=st.integers(min_value=0, max_value=3))
def test_mutated_fixtures_yield_a_model_or_located_problems(
    edits: list[tuple[int, str]], cut: int
) -> None:
    for fixture, loader in (
        ("mini-scenario.yaml", lambda d: scenario_from_bytes(d, "s.yaml")[:2]),
        ("mini-team.yaml", lambda d: team_from_bytes(d, "t.yaml")),
        ("ApiErrors.md", lambda d: runbook_from_bytes(d, "r.md")),
    ):
        text = (FIXTURES / fixture).read_text(encoding="utf-8")
        for position, insert in edits:
            position %= len(text) + 1
            text = text[:position] + insert + text[position + cut :]
        model, problems = loader(text.encode("utf-8"))
        _assert_located(problems, model)
