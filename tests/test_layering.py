"""The layering of DESIGN.md, enforced: gui -> reports -> simulator, Qt only in gui/ (and the
one PDF module of reports/), matplotlib never in simulator/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PDF_MODULE = ROOT / "reports" / "pdf.py"


def _imports(path: Path) -> set[str]:
    """Top-level module names imported by a file (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files("simulator"), ids=lambda p: p.name)
def test_simulator_imports_no_qt_matplotlib_reports_or_gui(path: Path) -> None:
    forbidden = {"PySide6", "matplotlib", "reports", "gui", "shiboken6"}
    assert _imports(path) & forbidden == set(), f"{path.relative_to(ROOT)} breaks the layering"


@pytest.mark.parametrize("path", _python_files("reports"), ids=lambda p: p.name)
def test_reports_import_no_gui_and_qt_only_for_pdf(path: Path) -> None:
    found = _imports(path)
    assert "gui" not in found, f"{path.relative_to(ROOT)} imports gui"
    if path != PDF_MODULE:
        assert "PySide6" not in found, f"{path.relative_to(ROOT)} imports Qt outside reports/pdf.py"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import QTimer\nfrom . import sibling\n")
    assert _imports(bad) == {"os", "PySide6"}
