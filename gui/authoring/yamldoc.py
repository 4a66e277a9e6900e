"""Round-trip edits of a YAML document that keep the author's comments, key order and layout.

The structured panes (MSEL table, mitigation matrix, clues, team) change the scenario by
editing the YAML *text*, so the text stays the one document. An edit loads the text with
``ruamel.yaml``'s round-trip loader, changes the data and dumps it again with the indentation
the file uses (detected, then checked by dumping the unchanged data: when that reproduces the
text byte for byte, the dump of the changed data is the result). A file whose layout the dumper
cannot reproduce exactly (unusual spacing, say) still keeps it: only the lines the edit changed
are spliced into the original text (:func:`_splice`), everything else stays as written.

Pure Python (no Qt): the tests run it directly.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = ["CommentedMap", "CommentedSeq", "YamlEditError", "edit", "load", "round_trip"]

#: Most characters on a line before the dumper would fold a long scalar: never fold.
_NO_FOLD = 1 << 16


class YamlEditError(ValueError):
    """The text is not YAML the round-trip loader can read (fix the text first)."""


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _NO_FOLD
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def indentation(text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation ``text`` is written with.

    Mapping: the first nested key's indent. Sequence/offset: where the first ``- `` of a block
    sequence sits under its key (``offset``) and where its item's keys start (``sequence``).
    Defaults are the bundled files' style (2, 4, 2).
    """
    mapping = 2
    lines = text.splitlines()
    for before, line in itertools.pairwise(lines):
        if re.match(r"^[^\s#-][^:]*:\s*$", before):
            indent = len(line) - len(line.lstrip(" "))
            if indent and not line.lstrip().startswith("- "):
                mapping = indent
                break
    for before, line in itertools.pairwise(lines):
        key = re.match(r"^( *)[^\s#-][^:]*:\s*$", before)
        item = re.match(r"^( *)-( +)\S", line)
        if key and item:
            offset = len(item.group(1)) - len(key.group(1))
            return mapping, offset + 1 + len(item.group(2)), max(0, offset)
    return mapping, mapping + 2, mapping


def load(text: str) -> Any:
    """The round-trip data of ``text`` (a ``CommentedMap`` for a mapping document).

    Raises:
        YamlEditError: the text does not parse.
    """
    try:
        return _yaml().load(text)
    except Exception as exc:  # ruamel raises many error types; all mean "not readable"
        raise YamlEditError(f"the YAML cannot be read: {exc}") from exc


def _dump(data: Any, style: tuple[int, int, int]) -> str:
    out = io.StringIO()
    _yaml(*style).dump(data, out)
    return out.getvalue()


def round_trip(text: str) -> str:
    """``text`` loaded and dumped again unchanged (what an edit starts from)."""
    return _dump(load(text), indentation(text))


def edit(text: str, change: Callable[[Any], None]) -> str:
    """``text`` after ``change`` (a function that mutates the loaded data in place).

    Comments, key order, quoting, block scalars and the lines the change did not touch are
    kept as written.

    Raises:
        YamlEditError: the text does not parse, or the change left nothing to dump.
    """
    style = indentation(text)
    data = load(text)
    before = _dump(data, style)
    change(data)
    after = _dump(data, style)
    if before == text:
        return after
    return _splice(text, before, after)


def _line_map(before: list[str], original: list[str]) -> dict[int, int]:
    """Line numbers of ``before`` that are equal to a line of ``original``, mapped to it."""
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, before, original, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
    return mapping


def _splice(original: str, before: str, after: str) -> str:
    """Apply the line changes ``before`` -> ``after`` to ``original`` (which ``before``
    reproduces only approximately); the dump of the change when a change cannot be placed."""
    old = original.splitlines(keepends=True)
    if old and not old[-1].endswith("\n"):
        old[-1] += "\n"
    b = before.splitlines(keepends=True)
    a = after.splitlines(keepends=True)
    where = _line_map(b, old)
    where[len(b)] = len(old)
    edits: list[tuple[int, int, list[str]]] = []
    matcher = difflib.SequenceMatcher(None, b, a, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            start, last = where.get(i1), where.get(i2 - 1)
            if start is None or last is None or last - start != i2 - i1 - 1:
                return after
            edits.append((start, last + 1, a[j1:j2]))
        else:
            at = where.get(i1)
            if at is None:
                return after
            edits.append((at, at, a[j1:j2]))
    for start, end, lines in reversed(edits):
        old[start:end] = lines
    return "".join(old)


def mapping_at(data: Any, *path: str | int) -> Any:
    """The node at ``path`` (keys and indexes), or None when any step is missing."""
    node = data
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                return None
            node = node[step]
        else:
            if not isinstance(node, dict) or step not in node:
                return None
            node = node[step]
    return node


def sequence_of(data: Any, *path: str) -> CommentedSeq:
    """The list at ``path``, created (empty, block style) when missing."""
    node = data
    for step in path[:-1]:
        if step not in node or not isinstance(node[step], dict):
            node[step] = CommentedMap()
        node = node[step]
    last = path[-1]
    if last not in node or not isinstance(node[last], list):
        node[last] = CommentedSeq()
    seq: CommentedSeq = node[last]
    return seq


def put(mapping: CommentedMap, key: str, value: Any, after: tuple[str, ...] = ()) -> None:
    """Set ``mapping[key]``; a new key goes after the last of ``after`` present (else last)."""
    if key in mapping:
        mapping[key] = value
        return
    position = len(mapping)
    keys = list(mapping)
    for name in after:
        if name in keys:
            position = keys.index(name) + 1
    mapping.insert(position, key, value)
