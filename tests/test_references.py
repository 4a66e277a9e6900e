"""Citations of the reference tables hold: every rule id (IC-01) and every calibration
parameter name (pd_team_escalation_timeout_recommended) cited in the code, the bundled content
and the docs is a row of ``docs/reference/``, nothing shipped reads those tables, and the docs
name only files the repository has.

What counts as a citation is derived from the tables themselves. A rule id is one of the
tables' id families followed by a number (so ORG-8 and IC-99 are citations too, and wrong). A
parameter name is a snake_case name in code font (single backticks in Markdown, double in
docstrings) whose first word starts a parameter of the calibration table (pd, sleep, playbook
...), unless the project itself defines that name (``declare_incident`` is an action,
``incident_commander`` a role).
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
BEHAVIOURS = REFERENCE / "scorable_behaviours.csv"
CALIBRATION = REFERENCE / "responder_calibration_parameters.csv"

#: Where citations live: the shipped code, the bundled content and the docs.
CODE_DIRS = ("simulator", "reports", "gui", "cli")
CONTENT_SUFFIXES = {".py", ".md", ".yaml", ".html", ".j2", ".txt", ".css"}

#: A snake_case name in code font: `name` (Markdown) or ``name`` (reStructuredText).
CODE_FONT = re.compile(r"(?<!`)``?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)``?(?!`)")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a reference table (its leading ``#`` lines name the sources)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


RULE_IDS = frozenset(row["id"] for row in read_table(BEHAVIOURS))
PARAMETERS = frozenset(row["parameter"] for row in read_table(CALIBRATION))


def rule_id_pattern(ids: Iterable[str]) -> re.Pattern[str]:
    """Any ``FAMILY-<digits>`` of the tables' id families (IC, CL, ORG ...)."""
    families = sorted({rule_id.rsplit("-", 1)[0] for rule_id in ids})
    return re.compile(rf"\b(?:{'|'.join(families)})-\d+\b")


def parameter_prefixes(names: Iterable[str]) -> frozenset[str]:
    """The first word of every parameter name (``pd``, ``sleep``, ``playbook`` ...)."""
    return frozenset(name.split("_", 1)[0] for name in names)


def cited_files() -> list[Path]:
    """The shipped code, the bundled content and the docs."""
    files = [ROOT / "main.py", ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for folder in (*CODE_DIRS, "scenarios"):
        files += sorted(
            path
            for path in (ROOT / folder).rglob("*")
            if path.is_file()
            and path.suffix in CONTENT_SUFFIXES
            and "__pycache__" not in path.parts
        )
    return files


def own_names(paths: Iterable[Path]) -> frozenset[str]:
    """Every name the code defines or uses: identifiers and identifier-like strings."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.arg | ast.keyword) and node.arg:
                names.add(node.arg)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and IDENTIFIER.fullmatch(node.value)
            ):
                names.add(node.value)
    return frozenset(names)


def unknown_citations(
    paths: Iterable[Path],
    root: Path,
    rule_ids: frozenset[str],
    parameters: frozenset[str],
    defined: frozenset[str],
) -> list[str]:
    """One message per cited rule id or parameter name that is not a row of the tables."""
    id_pattern = rule_id_pattern(rule_ids)
    prefixes = parameter_prefixes(parameters)
    problems: list[str] = []
    for path in paths:
        where = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            found: list[tuple[int, str]] = []
            for match in id_pattern.finditer(line):
                if match.group() not in rule_ids:
                    found.append(
                        (match.start(), f"{match.group()} is not a rule id of {BEHAVIOURS.name}")
                    )
            for match in CODE_FONT.finditer(line):
                name = match.group(1)
                if (
                    name.split("_", 1)[0] in prefixes
                    and name not in parameters
                    and name not in defined
                ):
                    found.append(
                        (match.start(), f"`{name}` is not a parameter of {CALIBRATION.name}")
                    )
            problems += [f"{where}:{number}: {message}" for _, message in sorted(found)]
    return problems


def python_files(folders: Iterable[str]) -> list[Path]:
    """The ``.py`` files of the shipped packages that exist, and ``main.py``."""
    files = [ROOT / "main.py"]
    for folder in folders:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_the_tables_have_one_row_per_id_and_parameter() -> None:
    ids = [row["id"] for row in read_table(BEHAVIOURS)]
    names = [row["parameter"] for row in read_table(CALIBRATION)]
    assert len(ids) == len(RULE_IDS) == 45
    assert len(names) == len(PARAMETERS) == 30
    assert rule_id_pattern(RULE_IDS).pattern == r"\b(?:CL|DEP|IC|IL|ORG|SCR|SME)-\d+\b"


def test_every_cited_rule_id_and_parameter_is_a_row_of_the_tables() -> None:
    defined = own_names(python_files(CODE_DIRS))
    problems = unknown_citations(cited_files(), ROOT, RULE_IDS, PARAMETERS, defined)
    assert problems == [], "\n".join(problems)


def test_the_checker_names_made_up_ids_and_parameters(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "engine.md"
    doc.parent.mkdir()
    doc.write_text(
        "The IC delegates (IC-01); `pd_team_escalation_timeout_recommended` is 5 min.\n"
        "Made up: IC-99 and ORG-8, `pd_team_escalation_timout_recommended`, ``sleep_debt``.\n"
        "`declare_incident` is an action; `alert_for` and SEV-1 are not citations.\n",
        encoding="utf-8",
    )
    problems = unknown_citations(
        [doc], tmp_path, RULE_IDS, PARAMETERS, frozenset({"declare_incident"})
    )
    assert problems == [
        "docs/engine.md:2: IC-99 is not a rule id of scorable_behaviours.csv",
        "docs/engine.md:2: ORG-8 is not a rule id of scorable_behaviours.csv",
        "docs/engine.md:2: `pd_team_escalation_timout_recommended` is not a parameter of "
        "responder_calibration_parameters.csv",
        "docs/engine.md:2: `sleep_debt` is not a parameter of responder_calibration_parameters.csv",
    ]


def test_the_checker_knows_the_names_the_code_defines(tmp_path: Path) -> None:
    module = tmp_path / "actions.py"
    module.write_text(
        'NAME = "declare_incident"\n'
        "def incident_commander(max_repeats: int) -> str:\n"
        '    return "not an identifier"\n',
        encoding="utf-8",
    )
    assert own_names([module]) >= {"declare_incident", "incident_commander", "max_repeats"}
    assert "not an identifier" not in own_names([module])


def reference_paths_in_code(path: Path) -> list[str]:
    """Strings (docstrings aside) in ``path`` that name a reference table or docs/reference."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ) and (node.body and isinstance(node.body[0], ast.Expr)):
            docstrings.add(id(node.body[0].value))
    tables = [table.name for table in REFERENCE.glob("*.csv")] + ["docs/reference"]
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and any(table in node.value for table in tables)
    ]


@pytest.mark.parametrize("folder", CODE_DIRS)
def test_nothing_shipped_reads_the_reference_tables(folder: str) -> None:
    # docs/ is not installed: a table the code needed at run time would be package data.
    found = [
        hit
        for path in sorted((ROOT / folder).rglob("*.py"))
        for hit in reference_paths_in_code(path)
    ]
    assert found == []


def test_the_reference_path_check_sees_a_table_read_at_run_time(tmp_path: Path) -> None:
    module = tmp_path / "calibration.py"
    module.write_text(
        '"""Numbers from docs/reference/responder_calibration_parameters.csv."""\n'
        'TABLE = "docs/reference/responder_calibration_parameters.csv"\n',
        encoding="utf-8",
    )
    assert reference_paths_in_code(module) == [
        "calibration.py:2: 'docs/reference/responder_calibration_parameters.csv'"
    ]


def test_the_reference_readme_describes_every_table() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    tables = sorted(path.name for path in REFERENCE.glob("*.csv"))
    assert tables == [
        "msel_columns.csv",
        "responder_calibration_parameters.csv",
        "scorable_behaviours.csv",
    ]
    assert [table for table in tables if f"## {table}" not in readme] == []


#: The repository's top-level folders: a path in code font starting with one is ours.
TOP_LEVEL = ("simulator", "reports", "gui", "cli", "scenarios", "docs", "tests", "bench")
CODE_PATH = re.compile(r"`((?:" + "|".join(TOP_LEVEL) + r")/[A-Za-z0-9_./-]*)`")
LINK = re.compile(r"\]\(([^)#\s]+)")


def missing_paths(docs: Iterable[Path], root: Path) -> list[str]:
    """Paths of ours in code font, and relative links, that name no file or folder."""
    problems = []
    for doc in docs:
        where = doc.relative_to(root).as_posix()
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            for match in CODE_PATH.finditer(line):
                path = match.group(1).split(":")[0]
                if "*" not in path and not (root / path).exists():
                    problems.append(f"{where}:{number}: `{path}` does not exist")
            for match in LINK.finditer(line):
                target = match.group(1)
                if "://" not in target and not (doc.parent / target).exists():
                    problems.append(f"{where}:{number}: link to {target} goes nowhere")
    return problems


def test_the_docs_name_only_files_the_repository_has() -> None:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    assert missing_paths(docs, ROOT) == []


def test_the_path_check_sees_a_file_that_moved(tmp_path: Path) -> None:
    (tmp_path / "simulator" / "engine").mkdir(parents=True)
    (tmp_path / "simulator" / "engine" / "exercise.py").write_text("", encoding="utf-8")
    doc = tmp_path / "README.md"
    doc.write_text(
        "Code: `simulator/engine/exercise.py`, `simulator/engine.py`, `simulator/*.py`.\n"
        "See [the engine](docs/engine.md) and [PagerDuty](https://response.pagerduty.com).\n",
        encoding="utf-8",
    )
    assert missing_paths([doc], tmp_path) == [
        "README.md:1: `simulator/engine.py` does not exist",
        "README.md:2: link to docs/engine.md goes nowhere",
    ]
