"""The core never prints: ``simulator/`` and ``reports/`` return values and raise, and only
the command-line layer (``cli/``, ``main.py``) prints, exits or parses arguments.

An AST check over every module: no ``print()``, no ``sys.stdout`` / ``sys.stderr``, no
``sys.exit`` / ``exit()`` / ``quit()`` / ``os._exit`` / ``raise SystemExit``, no ``argparse``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The library packages: everything in them is used by the CLI, the GUI and tests alike.
CORE = ("simulator", "reports")
#: Names of the ``sys`` module that write to the terminal or end the process.
SYS_NAMES = {"stdout", "stderr", "__stdout__", "__stderr__", "exit"}
#: Built-ins that print or end the process.
BUILTINS = {"print", "exit", "quit"}


def _sys_aliases(tree: ast.Module) -> set[str]:
    """The names ``sys`` is bound to in a module (``import sys``, ``import sys as s``)."""
    names = {"sys"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.asname for a in node.names if a.name == "sys" and a.asname)
    return names


def _import_findings(node: ast.AST) -> list[str]:
    """What an import statement brings in that only a command line needs."""
    if isinstance(node, ast.Import):
        return [
            "imports argparse"
            for alias in node.names
            if alias.name == "argparse" or alias.name.startswith("argparse.")
        ]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        if node.module == "argparse":
            return ["imports argparse"]
        if node.module == "sys":
            return [f"imports sys.{a.name}" for a in node.names if a.name in SYS_NAMES]
    return []


def _exits(node: ast.AST) -> bool:
    """Whether ``node`` is ``raise SystemExit`` or ``raise SystemExit(...)``."""
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "SystemExit"


def findings(source: str, filename: str = "<source>") -> list[str]:
    """Every place in ``source`` that prints, exits or parses arguments, as ``line: what``."""
    tree = ast.parse(source, filename=filename)
    sys_names = _sys_aliases(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        found += [(line, what) for what in _import_findings(node)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in BUILTINS:
                found.append((line, f"calls {node.func.id}()"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in sys_names and node.attr in SYS_NAMES:
                found.append((line, f"uses sys.{node.attr}"))
            elif node.value.id == "os" and node.attr == "_exit":
                found.append((line, "uses os._exit"))
        elif _exits(node):
            found.append((line, "raises SystemExit"))
    return [f"{line}: {what}" for line, what in sorted(found)]


def _core_modules() -> list[Path]:
    return sorted(path for package in CORE for path in (ROOT / package).rglob("*.py"))


def test_the_core_modules_are_all_found() -> None:
    modules = _core_modules()
    names = {path.relative_to(ROOT).as_posix() for path in modules}
    assert {"simulator/engine/runner.py", "reports/export.py"} <= names
    assert len(modules) > 40


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_core_module_never_prints_exits_or_parses_arguments(path: Path) -> None:
    found = findings(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(ROOT).as_posix()
    assert found == [], (
        f"{where} is part of the core, which returns values and raises; move the printing, "
        f"exiting or argument parsing to cli/: {found}"
    )


BAD = """\
import argparse
import sys
import sys as system
from argparse import Namespace
from sys import stderr

print("hello")
sys.stdout.write("x")
print("oops", file=system.stderr)
sys.exit(2)
exit()
os._exit(1)
raise SystemExit(1)
"""


def test_the_checker_catches_every_kind_of_bad_example() -> None:
    assert findings(BAD) == [
        "1: imports argparse",
        "4: imports argparse",
        "5: imports sys.stderr",
        "7: calls print()",
        "8: uses sys.stdout",
        "9: calls print()",
        "9: uses sys.stderr",
        "10: uses sys.exit",
        "11: calls exit()",
        "12: uses os._exit",
        "13: raises SystemExit",
    ]


def test_the_checker_leaves_library_code_alone() -> None:
    good = (
        "import sys\n"
        "def render(stream):\n"
        "    stream.write('print(x)')  # a stream the caller chose\n"
        "    return sys.version_info, report.print, 'sys.exit'\n"
        "raise ValueError('bad value')\n"
    )
    assert findings(good) == []
