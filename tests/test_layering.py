"""The layering of docs/architecture.md, enforced on the whole import graph.

* The import-linter contracts of ``pyproject.toml`` hold (``lint-imports``): cli and gui over
  reports over simulator, the core free of Qt and matplotlib, Qt outside gui only in
  ``reports/pdf.py``, and the rooms of ``simulator/`` in their order. import-linter follows
  indirect imports and counts imports under ``if TYPE_CHECKING:`` and inside functions.
* The contracts cover every shipped package and every shared noun of the core.
* No import circle anywhere in the shipped code, ``main.py`` included, again counting imports
  under ``if TYPE_CHECKING:`` and inside functions: a circle hidden that way is still a circle.
* Only ``simulator/engine/kernel.py`` touches SimPy's internals.
"""

from __future__ import annotations

import ast
import itertools
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import simpy

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACTS: list[dict[str, Any]] = PYPROJECT["tool"]["importlinter"]["contracts"]

#: ``lint-imports`` of this interpreter's environment, without a cache in the checkout.
LINT_IMPORTS = [
    sys.executable,
    "-c",
    "from importlinter.cli import lint_imports_command; lint_imports_command()",
    "--no-cache",
]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` on the packages and ``pyproject.toml`` in ``cwd``."""
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "PYTHONPATH": str(cwd)}
    return subprocess.run(
        LINT_IMPORTS, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def shipped_packages() -> list[str]:
    """The top-level packages ``pip install .`` ships (``[tool.setuptools.packages.find]``)."""
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    names = [pattern.removesuffix("*") for pattern in patterns]
    return sorted(name for name in names if (ROOT / name / "__init__.py").is_file())


def contract(prefix: str) -> dict[str, Any]:
    """The import-linter contract whose name starts with ``prefix``."""
    (found,) = [c for c in CONTRACTS if c["name"].startswith(prefix)]
    return found


#: Contracts still broken by work in progress (each mark goes when its work lands: strict, so
#: a contract that starts to hold fails the mark).
PENDING: dict[str, str] = {}


@pytest.fixture(scope="module")
def lint_report() -> str:
    """What ``lint-imports`` says about the checkout (run once for every contract)."""
    result = lint_imports(ROOT)
    assert "Contracts:" in result.stdout, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            c["name"],
            id=c["name"].split(":")[0],
            marks=[pytest.mark.xfail(strict=True, reason=PENDING[c["name"]])]
            if c["name"] in PENDING
            else [],
        )
        for c in CONTRACTS
    ],
)
def test_the_import_contract_holds(name: str, lint_report: str) -> None:
    assert f"{name} KEPT" in lint_report, lint_report[lint_report.find("Broken contracts") :]


def test_lint_imports_checks_every_contract(lint_report: str) -> None:
    kept = len(CONTRACTS) - len(PENDING)
    assert f"Contracts: {kept} kept, {len(PENDING)} broken." in lint_report


def test_the_contracts_cover_every_shipped_package() -> None:
    root_packages = PYPROJECT["tool"]["importlinter"]["root_packages"]
    assert sorted(root_packages) == shipped_packages()


def test_every_top_level_module_of_the_core_is_a_shared_noun() -> None:
    # A module beside the rooms is a shared noun: it may import no room.
    nouns = sorted(
        f"simulator.{path.stem}"
        for path in (ROOT / "simulator").glob("*.py")
        if path.name != "__init__.py"
    )
    listed = contract("Shared nouns")["source_modules"]
    assert listed == nouns, "list every simulator/*.py in the 'Shared nouns' contract"


def _copy_of_the_house(into: Path) -> Path:
    for package in shipped_packages():
        shutil.copytree(
            ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def test_the_contracts_follow_indirect_and_type_checking_imports(tmp_path: Path) -> None:
    house = _copy_of_the_house(tmp_path)
    # scoring -> a new shared module (allowed) -> the engine, only for type checking
    (house / "simulator" / "scoring" / "probe.py").write_text(
        "from simulator import probe_helper\n", encoding="utf-8"
    )
    (house / "simulator" / "probe_helper.py").write_text(
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n"
        "    from simulator.engine.world import World\n",
        encoding="utf-8",
    )
    (house / "reports" / "probe.py").write_text(
        "def lazy() -> None:\n    import gui.palette\n", encoding="utf-8"
    )
    result = lint_imports(house)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "Scoring reads the journal: no engine, agents, loading or importing BROKEN" in out
    assert "simulator.scoring is not allowed to import simulator.engine:" in out
    assert "simulator.scoring.probe -> simulator.probe_helper (l.1)" in out
    assert "simulator.probe_helper -> simulator.engine.world (l.4)" in out
    assert "reports.probe -> gui.palette (l.2)" in out


# ---------------------------------------------------------------------------------------------
# The import graph and its circles


def module_files(root: Path, packages: Iterable[str], modules: Iterable[str]) -> dict[str, Path]:
    """Dotted module name -> file, for the packages and top-level modules under ``root``."""
    files = {name: root / f"{name}.py" for name in modules if (root / f"{name}.py").is_file()}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(parts)] = path
    return files


def _resolve(name: str, known: Mapping[str, Path]) -> str | None:
    """The longest known module ``name`` is or is inside (None: outside the house)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def _imported_names(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """The dotted names an import statement in ``package`` names (relative ones resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        anchor = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*anchor, *([base] if base else [])])
    return [f"{base}.{alias.name}" for alias in node.names]


def import_graph(files: Mapping[str, Path]) -> dict[str, dict[str, int]]:
    """Module -> {imported module: first line}, counting every import statement.

    Imports inside functions and under ``if TYPE_CHECKING:`` count: the graph is of what the
    code names, not of what happens to run first.
    """
    graph: dict[str, dict[str, int]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        package = module if is_package else module.rpartition(".")[0]
        edges: dict[str, int] = {}
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported_names(node, package):
                    found = _resolve(target, files)
                    if found is not None and found != module:
                        edges.setdefault(found, node.lineno)
        graph[module] = edges
    return graph


def _circular_groups(graph: Mapping[str, Mapping[str, int]]) -> list[set[str]]:
    """Groups of two or more modules that all reach each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set(stack[stack.index(module) :])
            del stack[stack.index(module) :]
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def _shortest_circle(graph: Mapping[str, Mapping[str, int]], group: set[str]) -> list[str]:
    """A shortest circle from the group's first module back to it, breadth first."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        module = frontier.pop(0)
        for imported in sorted(graph[module]):
            if imported == start:
                return [*paths[module], start]
            if imported in group and imported not in paths:
                paths[imported] = [*paths[module], imported]
                frontier.append(imported)
    raise AssertionError(f"{sorted(group)} is not circular")


def import_cycles(graph: Mapping[str, Mapping[str, int]]) -> list[list[str]]:
    """One shortest circle through each group of modules that import each other."""
    return sorted(_shortest_circle(graph, group) for group in _circular_groups(graph))


def describe_cycle(cycle: list[str], graph: Mapping[str, Mapping[str, int]]) -> str:
    """``a -> b (line 3 of a) -> a (line 9 of b)``."""
    steps = [cycle[0]]
    steps += [f"{b} (line {graph[a][b]} of {a})" for a, b in itertools.pairwise(cycle)]
    return " -> ".join(steps)


def test_the_house_has_no_import_circle() -> None:
    files = module_files(ROOT, shipped_packages(), PYPROJECT["tool"]["setuptools"]["py-modules"])
    assert {"main", "simulator.engine.exercise", "gui.app"} <= files.keys()
    graph = import_graph(files)
    cycles = [describe_cycle(cycle, graph) for cycle in import_cycles(graph)]
    assert cycles == [], "import circles:\n" + "\n".join(cycles)


def test_the_circle_finder_sees_circles_hidden_by_type_checking_and_lazy_imports(
    tmp_path: Path,
) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("from .b import B\n", encoding="utf-8")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.sub import B\n",
        encoding="utf-8",
    )
    (package / "sub" / "b.py").write_text(
        "import os\n\n\ndef f() -> None:\n    from .. import a\n", encoding="utf-8"
    )
    (package / "c.py").write_text("import pkg.a\nimport pkg\n", encoding="utf-8")
    (tmp_path / "main.py").write_text("import pkg.c\n", encoding="utf-8")
    graph = import_graph(module_files(tmp_path, ["pkg"], ["main"]))
    assert graph == {
        "main": {"pkg.c": 1},
        "pkg": {},
        "pkg.a": {"pkg.sub": 4},
        "pkg.c": {"pkg.a": 1, "pkg": 2},
        "pkg.sub": {"pkg.sub.b": 1},
        "pkg.sub.b": {"pkg.a": 5},
    }
    assert [describe_cycle(cycle, graph) for cycle in import_cycles(graph)] == [
        "pkg.a -> pkg.sub (line 4 of pkg.a) -> pkg.sub.b (line 1 of pkg.sub) "
        "-> pkg.a (line 5 of pkg.sub.b)"
    ]


def test_the_circle_finder_finds_nothing_in_a_tree() -> None:
    graph = {"a": {"b": 1, "c": 1}, "b": {"c": 2}, "c": {}}
    assert import_cycles(graph) == []


# ---------------------------------------------------------------------------------------------
# SimPy's internals: only in simulator/engine/kernel.py
#
# Only ``simulator/engine/kernel.py`` touches SimPy's internals (DESIGN.md: "where speed needs
# its internals, one module does it").
#
# Which attribute belongs to a SimPy object is hard to know statically, so the check looks for
# what building or driving events by hand needs, everywhere but the kernel:
#
# * a private attribute of SimPy's events or environment (``_value``, ``_ok``, ``_now``,
#   ``_queue``, ``_eid`` ... — the names SimPy's own ``core.py`` and ``events.py`` use), on
#   anything but the module's own ``self``/``cls`` (a class derived from a SimPy class included);
# * a name of ``simpy.core`` or ``simpy.events`` that the ``simpy`` package does not export
#   (``NORMAL``, ``URGENT``, ``PENDING``, ``StopSimulation`` ...);
# * ``object.__new__`` (or a name bound to it) called on a SimPy class: an event built without
#   ``__init__``.

KERNEL = ROOT / "simulator" / "engine" / "kernel.py"
SIMPY = Path(simpy.__file__).resolve().parent

#: SimPy modules whose non-exported names are internals.
INTERNAL_MODULES = ("simpy.core", "simpy.events")
#: What ``simpy`` exports, and the exception its public ``Environment.step()`` raises.
PUBLIC_NAMES = frozenset(simpy.__all__) | {"EmptySchedule"}


def simpy_private_attributes() -> frozenset[str]:
    """Every ``_name`` (not dunder) SimPy's core and events modules read or set."""
    names: set[str] = set()
    for module in ("core.py", "events.py"):
        tree = ast.parse((SIMPY / module).read_text(encoding="utf-8"))
        names |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        }
    return frozenset(names)


PRIVATE = simpy_private_attributes()


def _simpy_names(tree: ast.Module) -> set[str]:
    """Local names bound to SimPy modules or classes by the module's imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] == "simpy"
            }
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "simpy":
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _own_receivers(tree: ast.Module, simpy_names: set[str]) -> set[int]:
    """Ids of ``self``/``cls`` names inside classes that do not derive from a SimPy class."""
    own: set[int] = set()
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        bases = {
            name.id for base in cls.bases for name in ast.walk(base) if isinstance(name, ast.Name)
        }
        if bases & simpy_names:
            continue
        own |= {
            id(node)
            for node in ast.walk(cls)
            if isinstance(node, ast.Name) and node.id in ("self", "cls")
        }
    return own


def _object_new_names(tree: ast.Module) -> set[str]:
    """``object.__new__`` and the names the module binds to it (``_new = object.__new__``)."""
    names = {"object.__new__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and ast.unparse(node.value) == "object.__new__":
            names |= {ast.unparse(target) for target in node.targets}
    return names


def simpy_internals(path: Path, root: Path) -> list[str]:
    """One message per place ``path`` touches a SimPy internal."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root).as_posix()
    simpy_names = _simpy_names(tree)
    own = _own_receivers(tree, simpy_names)
    object_new = _object_new_names(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in object_new
            and node.args
            and any(
                isinstance(name, ast.Name) and name.id in simpy_names
                for name in ast.walk(node.args[0])
            )
        ):
            built = ast.unparse(node.args[0])
            found.append((node.lineno, f"builds {built} without __init__ (object.__new__)"))
        if isinstance(node, ast.ImportFrom) and node.module in INTERNAL_MODULES:
            found += [
                (node.lineno, f"imports {node.module}.{alias.name}")
                for alias in node.names
                if alias.name not in PUBLIC_NAMES
            ]
        elif isinstance(node, ast.Attribute):
            dotted = ast.unparse(node.value)
            if dotted in INTERNAL_MODULES and node.attr not in PUBLIC_NAMES:
                found.append((node.lineno, f"uses {dotted}.{node.attr}"))
            elif node.attr in PRIVATE and id(node.value) not in own:
                found.append((node.lineno, f"touches {dotted}.{node.attr}"))
    return [f"{where}:{line}: {message}" for line, message in sorted(found)]


def shipped_python_files() -> Iterable[Path]:
    """Every module of the shipped packages, and ``main.py``."""
    yield ROOT / "main.py"
    for package in shipped_packages():
        yield from sorted((ROOT / package).rglob("*.py"))


def test_simpy_private_names_are_what_the_engine_builds_events_with() -> None:
    assert {"_value", "_ok", "_defused", "_now", "_queue", "_eid", "_delay"} <= PRIVATE
    assert "callbacks" not in PRIVATE
    assert {"NORMAL", "URGENT", "PENDING", "StopSimulation"}.isdisjoint(PUBLIC_NAMES)


def test_only_the_kernel_touches_simpy_internals() -> None:
    found = [
        message
        for path in shipped_python_files()
        if path != KERNEL
        for message in simpy_internals(path, ROOT)
    ]
    assert found == [], "SimPy internals outside simulator/engine/kernel.py:\n" + "\n".join(found)


def test_the_check_sees_simpy_internals(tmp_path: Path) -> None:
    module = tmp_path / "timers.py"
    module.write_text(
        "import simpy\n"
        "from simpy.core import Environment, StopSimulation\n"
        "from simpy.events import NORMAL, Timeout\n"
        "import simpy.events\n"
        "_new = object.__new__\n"
        "\n"
        "class Clock:\n"
        "    def __init__(self, env: simpy.Environment) -> None:\n"
        "        self._now = 0.0  # the clock's own attribute\n"
        "        self.env = env\n"
        "\n"
        "    def now(self) -> float:\n"
        "        return self.env._now + self._now\n"
        "\n"
        "class Ready(simpy.Event):\n"
        "    def fire(self) -> None:\n"
        "        self._ok = True\n"
        "\n"
        "def timer(env: Environment, delay: float) -> simpy.Event:\n"
        "    event = _new(simpy.Event)\n"
        "    late = object.__new__(Timeout)\n"
        "    event.callbacks = late.callbacks = []\n"
        "    env.schedule(event, simpy.events.URGENT, delay)\n"
        "    return env.timeout(delay)\n",
        encoding="utf-8",
    )
    assert simpy_internals(module, tmp_path) == [
        "timers.py:2: imports simpy.core.StopSimulation",
        "timers.py:3: imports simpy.events.NORMAL",
        "timers.py:13: touches self.env._now",
        "timers.py:17: touches self._ok",
        "timers.py:20: builds simpy.Event without __init__ (object.__new__)",
        "timers.py:21: builds Timeout without __init__ (object.__new__)",
        "timers.py:23: uses simpy.events.URGENT",
    ]


def test_a_module_using_simpy_may_build_its_own_objects(tmp_path: Path) -> None:
    module = tmp_path / "records.py"
    module.write_text(
        "import simpy\n"
        "\n"
        "class Record:\n"
        "    def __init__(self) -> None:\n"
        "        self._value = 1\n"
        "\n"
        "fast = object.__new__(Record)\n",
        encoding="utf-8",
    )
    assert simpy_internals(module, tmp_path) == []
