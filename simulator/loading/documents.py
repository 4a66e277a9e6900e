"""Reading YAML safely into located nodes.

The loaders never call ``yaml.load``: they *compose* the document with
:class:`yaml.SafeLoader` into nodes (each carries its ``start_mark``, so every problem can
name a line and column) and build the model from the nodes themselves.

libyaml's composer (``yaml.CSafeLoader``, in PyYAML's wheels) is used first where PyYAML has
it - about 4x faster than the pure-Python one on a 5,000-inject scenario - and the pure
guarded loader below is the judge of everything else: text with a tab or a byte order mark
inside (libyaml accepts some the pure scanner refuses) or a character YAML refuses, any error
libyaml raises, a tree with a plain value the pure scanner reads otherwise (empty ones, which
libyaml marks a column off; ``?`` or a leading ``:`` in ``[...]``/``{...}``), a tree deeper
than half of :data:`MAX_DEPTH`, with an alias or over :data:`MAX_NODES` values is composed
again by :class:`_GuardedLoader`, so every refusal
(size, alias, nesting, syntax) and every located message is the pure loader's, word for word.
libyaml itself stops at 1,000 levels of nesting, so it never recurses out of the C stack.

Before anything is parsed the file must fit under :data:`MAX_BYTES` and decode as UTF-8;
after composing, the node graph is measured with aliases expanded so a "billion laughs"
document (a few lines that expand to billions of nodes) is refused in time and memory
proportional to its *text*, never to its expansion. Nothing in here raises for bad input:
every failure is a :class:`Problem`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.problems import Problem

#: Files larger than this are refused before parsing (a scenario is a few dozen KiB).
MAX_BYTES = 2 * 1024 * 1024
#: A document may hold (aliases counted at every use) at most this many values. The largest
#: bundled scenario has about 900 and a generated 5,000-inject MSEL (bench/scale.py) about
#: 85,000; the cap still refuses alias bombs early and bounds the time spent composing a file.
MAX_NODES = 250_000
#: Collections may nest at most this deep (a scenario needs about 6 levels).
MAX_DEPTH = 64


class _TooManyValues(Exception):
    """Raised while composing when the document holds more than :data:`MAX_NODES` values."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(mark)
        self.mark = mark


def _too_many(name: str, line: int, column: int) -> Problem:
    return Problem(
        name,
        line,
        column,
        "",
        f"the document holds more than {MAX_NODES} values (each use of an alias counted); "
        "refusing to load it",
        hint="use fewer aliases (*name) or split the file",
    )


class _GuardedLoader(yaml.SafeLoader):
    """A :class:`yaml.SafeLoader` whose scanner refuses absurd nesting early.

    PyYAML's scanner does work proportional to the nesting depth for every token and its
    composer recurses once per level, so ``[[[[...`` or ``- - - -...`` a few thousand
    levels deep would be slow and then overflow the stack. Refusing beyond
    :data:`MAX_DEPTH` keeps reading linear and the error located.
    """

    _composed = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Count values while composing, so a huge file stops at :data:`MAX_NODES`."""
        self._composed += 1
        if self._composed > MAX_NODES:
            raise _TooManyValues(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        node: Node | None = super().compose_node(parent, index)
        return node

    def _too_deep(self) -> None:
        raise yaml.scanner.ScannerError(
            None,
            None,
            f"the document nests deeper than {MAX_DEPTH} levels",
            self.get_mark(),
        )

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            self._too_deep()
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            self._too_deep()
        added: bool = super().add_indent(column)
        return added


def location(data: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of character (or byte) ``offset`` in ``data``."""
    head = data[:offset].decode("latin-1") if isinstance(data, bytes) else data[:offset]
    return head.count("\n") + 1, offset - head.rfind("\n")


#: Byte order marks of encodings an editor may save in (UTF-32 first: its LE mark starts
#: with UTF-16's).
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def too_big(name: str, size: int) -> Problem:
    """The problem for a file of ``size`` bytes (its real size, from ``stat``) over the cap."""
    limit = MAX_BYTES // (1024 * 1024)
    return Problem(
        name,
        0,
        0,
        "",
        f"the file is {size / (1024 * 1024):.1f} MiB ({size:,} bytes); files over {limit} MiB "
        "are refused",
        hint="split it or remove embedded data",
    )


def decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """``data`` as text, or a located problem when it is too big or not UTF-8."""
    if len(data) > MAX_BYTES:
        return None, [too_big(name, len(data))]
    for bom, encoding in _OTHER_ENCODINGS:
        if data.startswith(bom):
            return None, [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"the file is {encoding} text (it starts with a {encoding} byte order mark); "
                    "expected UTF-8",
                    hint="save it as UTF-8; in Notepad: Save As, Encoding: UTF-8",
                )
            ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = location(data, exc.start)
        return None, [
            Problem(
                name,
                line,
                column,
                "",
                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
                f"{exc.start} cannot be decoded",
                hint="save the file as UTF-8",
            )
        ]
    return text.removeprefix("\ufeff"), []


#: libyaml's safe loader, or None when PyYAML was built without it.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
#: A composed tree deeper than this is composed again by the guarded loader (which refuses
#: beyond :data:`MAX_DEPTH` indents or flow levels; a tree level never takes more than one
#: of each, so half of it leaves a wide margin).
_FAST_DEPTH = MAX_DEPTH // 2


def _fast_compose(text: str) -> Node | None:
    """``text`` composed by libyaml, or None for anything the guarded loader must judge."""
    if (
        _FAST_LOADER is None
        or "\t" in text  # libyaml lets some tabs through that the pure scanner refuses
        or "\ufeff" in text  # and a byte order mark inside the text
        or yaml.reader.Reader.NON_PRINTABLE.search(text)
    ):
        return None
    loader = _FAST_LOADER(text)
    try:
        node: Node | None = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    verdict = _plain_tree(node)
    if verdict == "no" or (verdict == "aliased" and _expansion_problem(node, "") is not None):
        return None
    return node


def _plain_tree(root: Node) -> str:
    """``"yes"`` when libyaml's tree is one the pure loader would build and passes its guards.

    ``"no"`` for a path deeper than :data:`_FAST_DEPTH` collections, a plain value the pure
    scanner reads otherwise (see :func:`_pure_reads_otherwise`) or more than
    :data:`MAX_NODES` values; ``"aliased"`` when a collection is reached twice, so
    :func:`_expansion_problem` must measure it. A tree without aliases cannot contain itself
    and holds as many values expanded as it has nodes, so then this one walk stands in for
    the expansion check.
    """
    seen: set[int] = {id(root)}
    stack: list[tuple[Node, int]] = [(root, 1)]
    count = 1
    aliased = False
    while stack:
        node, depth = stack.pop()
        if depth > _FAST_DEPTH:
            return "no"
        flow = bool(getattr(node, "flow_style", False))
        for child in _children(node):
            count += 1
            if isinstance(child, ScalarNode):
                if not child.style and _pure_reads_otherwise(child.value, flow):
                    return "no"
            elif id(child) in seen:
                aliased = True
            else:
                seen.add(id(child))
                stack.append((child, depth + 1))
    if aliased:
        return "aliased"
    return "yes" if count <= MAX_NODES else "no"


def _pure_reads_otherwise(value: str, flow: bool) -> bool:
    """Whether the pure scanner would not read this plain value as libyaml did.

    An empty value (``key:``, ``{a: }``): libyaml marks it one column off. Inside ``[...]``
    or ``{...}``: a ``?`` anywhere or a leading ``:`` (the pure scanner ends a plain value
    there, or refuses it, where libyaml reads on).
    """
    if not value:
        return True
    return flow and ("?" in value or value.startswith(":"))


def compose(text: str, name: str) -> tuple[Node | None, list[Problem]]:
    """The single YAML document in ``text`` as a node tree, or located problems.

    libyaml composes when it can; the guarded pure loader composes (and words every problem)
    when it cannot or when a guard might apply (see the module docstring).
    """
    fast = _fast_compose(text)
    if fast is not None:
        return fast, []
    return _guarded_compose(text, name)


def _guarded_compose(text: str, name: str) -> tuple[Node | None, list[Problem]]:
    """``text`` composed by the pure guarded loader: every refusal and message is its own."""
    loader: _GuardedLoader | None = None
    try:
        loader = _GuardedLoader(text)
        node: Node | None = loader.get_single_node()
    except _TooManyValues as exc:
        return None, [_too_many(name, exc.mark.line + 1, exc.mark.column + 1)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, name)]
    except yaml.reader.ReaderError as exc:
        line, column = location(text, exc.position)
        return None, [
            Problem(
                name,
                line,
                column,
                "",
                f"character U+{exc.character:04X} is not allowed in a YAML file"
                if isinstance(exc.character, int)
                else "the file contains a character YAML does not allow",
                hint="remove control characters",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error above is marked
        return None, [Problem(name, 0, 0, "", f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [
            Problem(name, 0, 0, "", "the document is nested too deeply to read", hint="flatten it")
        ]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, [Problem(name, 0, 0, "", "the file is empty; expected a YAML mapping")]
    problem = _expansion_problem(node, name)
    if problem is not None:
        return None, [problem]
    return node, []


def read_yaml(data: bytes, name: str) -> tuple[Node | None, list[Problem]]:
    """Decode and compose ``data`` (a file's bytes) into a node tree, or located problems."""
    text, problems = decode(data, name)
    if text is None:
        return None, problems
    return compose(text, name)


#: ``key:value`` written without the space YAML needs after the colon.
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*):([^\s:/][^#]*?)\s*$")


def _line_text(mark: yaml.Mark | None, offset: int = 0) -> str:
    """The source line ``offset`` lines from ``mark``'s (PyYAML keeps the text it parsed)."""
    buffer = getattr(mark, "buffer", None)
    if mark is None or not isinstance(buffer, str):
        return ""
    lines = buffer.rstrip("\0").split("\n")
    index = mark.line + offset
    return lines[index] if 0 <= index < len(lines) else ""


def _unclosed_quote(exc: yaml.MarkedYAMLError, name: str, line: int) -> Problem | None:
    """A value whose opening quote is not closed on its line, before ``line``: the text ran on
    into the following lines, which is what PyYAML then trips over."""
    mark = exc.problem_mark
    if mark is None:
        return None
    for back in range(1, min(line, 40)):
        text = _line_text(mark, -back)
        found = re.match(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+([\"'])(.*)$", text)
        if found and found[1] not in found[2]:
            return Problem(
                name,
                line - back,
                text.index(found[1], text.index(":")) + 1,
                "",
                f"invalid YAML: the {found[1]} that opens this value is not closed on its line, "
                f"so the lines after it are read as part of the text (up to line {line})",
                hint=f"end the value with {found[1]}",
            )
    return None


def _plain_words(exc: yaml.MarkedYAMLError, line: int) -> tuple[str, str] | None:
    """PyYAML's parser jargon ("expected <block end>, but found '?'") in an author's words,
    with the fix: (message, hint), or None to keep PyYAML's."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    started = exc.context_mark.line + 1 if exc.context_mark is not None else 0
    if problem.startswith("expected <block end>"):
        found = problem.split("but found", 1)[-1].strip()
        here = _line_text(exc.problem_mark).lstrip()
        if found == "'?'" and "collection" in context and not here.startswith("-"):
            what = "a 'key:' where a list item ('- ...') was expected"
            if started and started != line:
                what += f" (inside the list that starts at line {started})"
            return (
                f"invalid YAML: {what}",
                "indent it like the keys above it, start a new item with '- ', or remove the "
                "'- ' above if this is a mapping",
            )
        if found == "'-'":
            what = "a list item ('- ') where a key of the mapping above was expected"
            fix = "indent the item under the key it belongs to, or write the key before it"
        elif found in ("'?'", "'<block mapping start>'", "'<scalar>'"):
            what = "this line is indented differently from the lines above it"
            fix = "line up the keys of one mapping at the same column, and indent list items "
            fix += "under their key with '- ' at the same column"
        else:
            return None
        within = "list" if "collection" in context or "sequence" in context else "mapping"
        if started and started != line:
            what += f" (inside the {within} that starts at line {started})"
        return f"invalid YAML: {what}", fix
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return (
            f"invalid YAML: the quote opened at line {started} is never closed",
            "close the quote on the same value; write '' for a ' inside '...' text",
        )
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        bracket = "]" if "]" in problem else "}"
        return (
            f"invalid YAML: the '{'[' if bracket == ']' else '{'}' opened at line {started} is "
            f"not closed with '{bracket}' before this point",
            f"close it with '{bracket}', and separate its items with ', '",
        )
    if problem == "could not find expected ':'":
        return (
            f"invalid YAML: line {started} is neither 'key: value' nor a list item",
            "write 'key: value' with a space after the colon, or '- item' in a list",
        )
    if "cannot start any token" in problem:
        char = problem.split("'", 2)[1] if problem.count("'") >= 2 else "?"
        if char in "@`":
            return (
                f"invalid YAML: a value cannot start with '{char}'",
                f'quote the value: "{char}..."',
            )
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    """A located problem for a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = (exc.problem or "").strip()
    if "mapping values are not allowed" in problem:
        found = _mapping_values_problem(mark, name, line, column)
        if found is not None:
            return found
    if problem.startswith("expected <block end>"):
        quoted = _unclosed_quote(exc, name, line)
        if quoted is not None:
            return quoted
    if "'\\t'" in problem and "cannot start any token" in problem:
        return Problem(
            name,
            line,
            column,
            "",
            "invalid YAML: a tab character; YAML indents with spaces only",
            hint="replace the tab with spaces; set the editor to insert spaces for Tab",
        )
    plain = _plain_words(exc, line)
    if plain is not None:
        return Problem(name, line, column, "", plain[0], hint=plain[1])
    return _parser_words(exc, name, mark, line, column, problem)


def _mapping_values_problem(
    mark: yaml.Mark | None, name: str, line: int, column: int
) -> Problem | None:
    """What "mapping values are not allowed here" most likely means: ``key:value`` without a
    space on the line above (read as one text value), a line indented under one that already
    has a value, or a second ``': '`` on the line; None when it is none of these."""
    for offset in (-1, 0):
        match = _NO_SPACE_AFTER_COLON.match(_line_text(mark, offset))
        if match:
            written = f"{match[1]}:{match[2]}"
            return Problem(
                name,
                line + offset,
                _line_text(mark, offset).index(written) + 1,
                "",
                f"invalid YAML: '{written}' has no space after the colon, so it is read "
                "as text, not as a key and a value",
                hint=f"write '{match[1]}: {match[2]}'",
            )
    here, above = _line_text(mark, 0), _line_text(mark, -1)
    indent = len(here) - len(here.lstrip())
    has_value = ": " in above or (
        above.lstrip().startswith("- ") and not above.rstrip().endswith(":")
    )
    if above.strip() and indent > len(above) - len(above.lstrip()) and has_value:
        return Problem(
            name,
            line,
            indent + 1,
            "",
            "invalid YAML: this line is indented more than the line above, which already "
            "has a value",
            hint="indent it like the line above: the keys of one mapping line up",
        )
    if here.count(": ") >= 2:
        return Problem(
            name,
            line,
            column,
            "",
            "invalid YAML: a second ': ' on this line, after the key's own",
            hint='quote the value: {}: "{}"'.format(*(x.strip() for x in here.split(": ", 1))),
        )
    return None


def _parser_words(
    exc: yaml.MarkedYAMLError,
    name: str,
    mark: yaml.Mark | None,
    line: int,
    column: int,
    problem: str,
) -> Problem:
    """A YAML syntax error in the parser's own words (with a hint where one helps)."""
    message = f"invalid YAML: {problem}" if problem else "invalid YAML"
    if problem.startswith("but found another document"):
        return Problem(
            name,
            line,
            column,
            "",
            "the file holds more than one YAML document; expected exactly one",
            hint="remove the '---' line and what follows, or split the file",
        )
    if exc.context:
        where = ""
        if exc.context_mark is not None and exc.context_mark is not mark:
            where = f" at line {exc.context_mark.line + 1}"
        message += f" ({exc.context}{where})"
    hint = ""
    if "'\\t'" in problem or "\t" in problem:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "quote text that contains ': '"
    elif "found undefined alias" in problem:
        hint = "define the anchor (&name) before using *name"
    return Problem(name, line, column, "", message, hint=hint)


def _expansion_problem(root: Node, name: str) -> Problem | None:
    """A problem when aliases make ``root`` recursive or expand it beyond :data:`MAX_NODES`.

    Walks the node graph iteratively with memoised subtree sizes, so the cost is linear in the
    number of *distinct* nodes however often aliases repeat them.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_NODES:
                mark = root.start_mark
                return _too_many(name, mark.line + 1, mark.column + 1)
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            mark = node.start_mark
            return Problem(
                name,
                mark.line + 1,
                mark.column + 1,
                "",
                "recursive alias: this value contains itself",
                hint="an alias (*name) may only refer to an anchor outside itself",
            )
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                mark = child.start_mark
                return Problem(
                    name,
                    mark.line + 1,
                    mark.column + 1,
                    "",
                    "recursive alias: this value contains itself",
                    hint="an alias (*name) may only refer to an anchor outside itself",
                )
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _children(node: Node) -> list[Node]:
    """The direct child nodes of ``node`` (keys and values of a mapping)."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


__all__ = ["MAX_BYTES", "MAX_NODES", "MappingNode", "Node", "ScalarNode", "SequenceNode"]
