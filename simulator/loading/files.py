"""Loading one scenario, team or runbook file (or a runbook folder) with every problem located."""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from pathlib import Path

from simulator.loading.documents import (
    MAX_BYTES,
    MappingNode,
    Node,
    ScalarNode,
    read_yaml,
    too_big,
)
from simulator.loading.formats import FORMATS, SCENARIO, TEAM
from simulator.loading.reader import Reader
from simulator.loading.references import References
from simulator.loading.runbook import parse_runbook
from simulator.loading.scenario import build_scenario
from simulator.loading.team import build_team
from simulator.model import SCENARIO_FORMAT, TEAM_FORMAT, Runbook, Scenario, Team
from simulator.problems import Level, Problem

#: Markdown files in a runbook folder that are not runbooks.
NOT_RUNBOOKS = frozenset({"readme.md"})
_KIND = {SCENARIO_FORMAT: "scenario", TEAM_FORMAT: "team"}


def in_order(problems: list[Problem]) -> list[Problem]:
    """``problems`` once each, grouped by file (first-seen order) and sorted by position.

    The order an author fixes things in: top of the file first, like a compiler's output.
    """
    unique = list(dict.fromkeys(problems))
    files = {name: index for index, name in enumerate(dict.fromkeys(p.file for p in unique))}
    return sorted(unique, key=lambda p: (files[p.file], p.line, p.column))


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path`` (at most :data:`MAX_BYTES` + 1 are read) or a problem.

    A file over the cap is refused with its real size (``stat``), not the bytes read; a pipe,
    socket or device is refused before it is opened (reading one could block forever).
    """
    path = Path(path)
    name = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            return None, [
                Problem(
                    name,
                    0,
                    0,
                    "",
                    "this is not a regular file (a pipe, socket or device); expected a file",
                    hint="save the content to a file and give that file",
                )
            ]
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, [Problem(name, 0, 0, "", "no such file", hint=missing_hint(path))]
    except IsADirectoryError:
        return None, [Problem(name, 0, 0, "", "this is a folder; expected a file")]
    except OSError as exc:
        return None, [Problem(name, 0, 0, "", f"cannot read the file: {exc.strerror or exc}")]
    if len(data) > MAX_BYTES:
        return None, [too_big(name, max(size, len(data)))]
    return data, []


def missing_hint(path: Path) -> str:
    """A "did you mean" among the files next to a missing one (or where to look)."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist either"
    try:
        names = {p.stem: p.name for p in folder.iterdir() if p.is_file()}
    except OSError:
        return ""
    if path.stem in names:  # the right name with another suffix (.yml for .yaml)
        return f"did you mean '{names[path.stem]}'?"
    # compared without the suffix, so every .yaml file is not "close" to every other
    close = difflib.get_close_matches(path.stem, list(names), n=1, cutoff=0.6)
    return f"did you mean '{names[close[0]]}'?" if close else ""


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data`` (what a journal header pins)."""
    return hashlib.sha256(data).hexdigest()


def declared_format(root: Node) -> str | None:
    """The ``format:`` value of a composed document, or None when it has none."""
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "format" and isinstance(value, ScalarNode):
            return str(value.value)
    return None


def _wrong_format(reader: Reader, root: Node, expected: str) -> bool:
    """Report a document of the *other* known format (a team given as a scenario)."""
    declared = declared_format(root)
    if declared is None or declared == expected or declared not in FORMATS:
        return False
    node = next(v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "format")
    reader.error(
        node,
        "format",
        f"this is a {_KIND[declared]} file ({declared}); expected a {_KIND[expected]} ({expected})",
        hint=f"pass it where a {_KIND[declared]} is expected",
    )
    return True


def scenario_from_bytes(
    data: bytes, name: str
) -> tuple[Scenario | None, list[Problem], References]:
    """The scenario in ``data``, its problems and its cross-file references."""
    root, problems = read_yaml(data, name)
    if root is None:
        return None, problems, References()
    return _scenario_from_node(root, name)


def _scenario_from_node(root: Node, name: str) -> tuple[Scenario | None, list[Problem], References]:
    reader = Reader(name)
    if _wrong_format(reader, root, SCENARIO_FORMAT):
        return None, reader.problems, References()
    mapped = reader.mapping(root, SCENARIO, "")
    if mapped is None:
        return None, reader.problems, References()
    scenario, refs = build_scenario(reader, mapped, name)
    return scenario, in_order(reader.problems), refs


def load_scenario_text(text: str, name: str = "<text>") -> tuple[Scenario | None, list[Problem]]:
    """The scenario written in ``text`` (None on any error) and every problem found."""
    scenario, problems, _refs = scenario_from_bytes(text.encode("utf-8", "surrogatepass"), name)
    return scenario, problems


def load_scenario(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """The scenario file at ``path`` (None on any error) and every problem found."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    scenario, problems, _refs = scenario_from_bytes(data, str(path))
    return scenario, problems


def team_from_bytes(data: bytes, name: str) -> tuple[Team | None, list[Problem]]:
    """The team in ``data`` (None on any error) and every problem found."""
    root, problems = read_yaml(data, name)
    if root is None:
        return None, problems
    reader = Reader(name)
    if _wrong_format(reader, root, TEAM_FORMAT):
        return None, reader.problems
    mapped = reader.mapping(root, TEAM, "")
    if mapped is None:
        return None, reader.problems
    team = build_team(reader, mapped, name)
    return team, in_order(reader.problems)


def load_team(path: Path) -> tuple[Team | None, list[Problem]]:
    """The team file at ``path`` (None on any error) and every problem found."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    return team_from_bytes(data, str(path))


def runbook_from_bytes(data: bytes, name: str) -> tuple[Runbook | None, list[Problem]]:
    """The runbook in ``data`` (None on any error) and every problem found."""
    from simulator.loading.documents import decode

    text, problems = decode(data, name)
    if text is None:
        return None, problems
    runbook, problems = parse_runbook(text, name)
    return runbook, in_order(problems)


def load_runbook(path: Path) -> tuple[Runbook | None, list[Problem]]:
    """The Markdown runbook at ``path`` (None on any error) and every problem found."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    return runbook_from_bytes(data, str(path))


def runbook_files(folder: Path) -> list[Path]:
    """The runbook files of ``folder``: its ``*.md`` files except README.md, sorted."""
    return sorted(
        p for p in folder.glob("*.md") if p.is_file() and p.name.lower() not in NOT_RUNBOOKS
    )


def load_runbooks_hashed(
    folder: Path,
) -> tuple[dict[str, Runbook], dict[str, str], list[Problem]]:
    """Every runbook in ``folder`` by title, their hashes by title, and every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return {}, {}, [Problem(str(folder), 0, 0, "", f"the runbook folder {what}")]
    runbooks: dict[str, Runbook] = {}
    hashes: dict[str, str] = {}
    problems: list[Problem] = []
    for path in runbook_files(folder):
        data, read_problems = read_bytes(path)
        problems += read_problems
        if data is None:
            continue
        runbook, found = runbook_from_bytes(data, str(path))
        problems += found
        if runbook is None:
            continue
        if runbook.title in runbooks:
            first = runbooks[runbook.title].source
            problems.append(
                Problem(
                    str(path),
                    _title_line(data),
                    1,
                    "",
                    f"another runbook has the title '{runbook.title}' ({first})",
                    Level.ERROR,
                    "each alert has one runbook; merge or rename them",
                )
            )
            continue
        runbooks[runbook.title] = runbook
        hashes[runbook.title] = sha256(data)
    return runbooks, hashes, problems


def _title_line(data: bytes) -> int:
    """The line of the ``# `` title in a runbook's bytes."""
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if line.startswith("# "):
            return number
    return 0


def load_runbooks(folder: Path) -> tuple[dict[str, Runbook], list[Problem]]:
    """Every runbook in ``folder`` by title (files with errors are left out) and problems."""
    runbooks, _hashes, problems = load_runbooks_hashed(folder)
    return runbooks, problems
