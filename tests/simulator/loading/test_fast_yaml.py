"""libyaml composes where it can; the guarded pure loader's trees and words are kept exactly.

:func:`compose` must give the very tree (tags, values, marks) and the very problems the pure
guarded loader gives, for good files, broken files and hostile ones alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.loading import documents
from simulator.loading.documents import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    _fast_compose,
    _guarded_compose,
    compose,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loading"
BUNDLED = sorted((ROOT / "scenarios").rglob("*.yaml"))

needs_libyaml = pytest.mark.skipif(
    getattr(yaml, "CSafeLoader", None) is None, reason="this PyYAML was built without libyaml"
)


def shape(node: Node | None, seen: dict[int, int] | None = None) -> object:
    """A comparable picture of a node tree: kinds, tags, values, start marks, shared nodes."""
    if node is None:
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    # where problems are reported (end marks are used nowhere; libyaml ends the last
    # collection of a file without a final newline elsewhere)
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        # a plain scalar's style is '' from libyaml and None from the pure loader: both plain
        return ("scalar", node.tag, node.value, node.style or None, where)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, where, [shape(child, seen) for child in node.value])
    assert isinstance(node, MappingNode)
    pairs = [(shape(k, seen), shape(v, seen)) for k, v in node.value]
    return ("map", node.tag, where, pairs)


def both(text: str) -> tuple[object, object]:
    fast_node, fast_problems = compose(text, "x.yaml")
    pure_node, pure_problems = _guarded_compose(text, "x.yaml")
    return (
        (shape(fast_node), [p.format() for p in fast_problems]),
        (shape(pure_node), [p.format() for p in pure_problems]),
    )


@needs_libyaml
@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_libyaml_composes_every_bundled_file_into_the_pure_loader_s_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _fast_compose(text) is not None  # the fast path is the one taken
    fast, pure = both(text)
    assert fast == pure


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: [1, 2, *x]}\n",  # recursive alias
        "[" * 40 + "]" * 40,  # deeper than the fast path takes
        "[" * 70 + "]" * 70,  # deeper than the guard allows
        "a: 1\n---\nb: 2\n",  # two documents
        "a: b: c\n",  # mapping values
        "a: 'unclosed\n",
        "a: \x07\n",  # a control character
        "",
        "[" + "1," * 300_000 + "1]",  # over the value cap
    ],
    ids=[
        "recursive",
        "deep-40",
        "deep-70",
        "two-docs",
        "colon",
        "quote",
        "control",
        "empty",
        "cap",
    ],
)
def test_hostile_and_broken_text_gets_the_pure_loader_s_problems(text: str) -> None:
    fast, pure = both(text)
    assert fast == pure
    assert bool(fast[1]) is (text != "[" * 40 + "]" * 40), "40 levels load; the rest are refused"


def test_without_libyaml_the_pure_loader_does_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "_FAST_LOADER", None)
    text = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")
    assert _fast_compose(text) is None
    fast, pure = both(text)
    assert fast == pure and not fast[1]


_edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=4000),
        st.sampled_from(
            [
                "",
                " ",
                "\n",
                ":",
                "- ",
                "[",
                "{",
                "'",
                '"',
                "&a ",
                "*a",
                "#",
                "x",
                "\t",
                "---\n",
                "\\",
                "!",
                "%",
                "? ",
                "|",
                ">",
                "@",
                "!!str ",
                "\r",
                "...\n",
                ",",
                "}",
                "]",
                "\u00e9",
                "\u2028",
            ]
        ),
    ),
    min_size=1,
    max_size=4,
)


@needs_libyaml
@settings(max_examples=300, deadline=None)
@given(edits=_edits, cut=st.integers(min_value=0, max_value=3))
def test_mutated_files_give_the_same_tree_or_the_same_problems(
    edits: list[tuple[int, str]], cut: int
) -> None:
    for fixture in ("mini-scenario.yaml", "mini-team.yaml"):
        text = (FIXTURES / fixture).read_text(encoding="utf-8")
        for position, insert in edits:
            position %= len(text) + 1
            text = text[:position] + insert + text[position + cut :]
        fast, pure = both(text)
        assert fast == pure
