"""Loading a whole exercise (scenario + team + runbooks) with the checks that span files.

Cross-file rules: the team and runbook folder the scenario names exist; every alert the
scenario can fire has a runbook, or a warning says it has none (a missing runbook is a
finding of the exercise, not an error); people named in action parameters are members of
the team.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from simulator.bundle import Bundle
from simulator.loading.files import (
    in_order,
    load_runbooks_hashed,
    read_bytes,
    scenario_from_bytes,
    sha256,
    team_from_bytes,
)
from simulator.loading.reader import Reader, suggest
from simulator.loading.references import Reference, References, check_ref
from simulator.model import Runbook, Team
from simulator.problems import LoadError, Problem, errors


def _resolve(base: Path, text: str) -> Path:
    """``text`` (a path written in the scenario) relative to the scenario's folder."""
    return Path(os.path.normpath(base / text))


#: What to do about a path outside the scenario's folder tree (the hint of the error).
OUTSIDE_HINT = "copy the {what} next to the scenario, or run with --allow-outside-paths"


@cache
def bundled_dir() -> Path | None:
    """The bundled scenario library's folder (``scenarios/``, also inside a wheel), found
    without importing it (the core imports no content package), or None."""
    try:
        spec = importlib.util.find_spec("scenarios")
    except (ImportError, ValueError):
        return None
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(os.path.realpath(places[0])) if places else None


def allowed_roots(scenario_path: Path) -> list[Path]:
    """Where a scenario's ``team:`` and ``runbooks:`` may point: the scenario's folder and
    below, its parent folder's ``teams/`` and ``runbooks/`` (a library laid out as
    ``scenarios/``, ``teams/``, ``runbooks/`` side by side), and the bundled library."""
    base = Path(os.path.realpath(Path(scenario_path).parent))
    roots = [base, base.parent / "teams", base.parent / "runbooks"]
    bundled = bundled_dir()
    if bundled is not None:
        roots.append(bundled)
    return roots


def is_inside(path: Path, roots: Sequence[Path]) -> bool:
    """True when ``path`` (symbolic links followed) is one of ``roots`` or below one."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    return any(real == root or real.is_relative_to(root) for root in roots)


def _outside(reader: Reader, ref: Reference, target: Path, what: str, roots: list[Path]) -> None:
    """Refuse a ``team:`` / ``runbooks:`` path outside the scenario's folder tree."""
    reader.error(
        ref.node,
        ref.path,
        f"the {what} '{ref.value}' is outside the scenario's folder ({target}); a scenario "
        f"may name files only in {roots[0]} and below, in {roots[1]}, in {roots[2]} or in "
        "the bundled scenarios",
        hint=OUTSIDE_HINT.format(what=what),
    )


#: The longest path and file name Linux, macOS and Windows all accept.
_MAX_PATH, _MAX_NAME = 4096, 255


def _unusable(text: str, file_wanted: bool) -> tuple[str, str] | None:
    """Why a ``team:`` / ``runbooks:`` path cannot name a file (message, hint), or None.

    A path longer than the OS allows or holding a NUL would make the file system raise; a team
    file that is not ``.yaml`` / ``.yml`` is never read (its problems would echo the lines of
    whatever file the scenario names).
    """
    longest = max((len(part.encode("utf-8", "replace")) for part in Path(text).parts), default=0)
    if len(text.encode("utf-8", "replace")) > _MAX_PATH or longest > _MAX_NAME:
        return (
            f"the path is longer than the file system allows ({len(text):,} characters; a "
            f"name at most {_MAX_NAME}, a path at most {_MAX_PATH})",
            "give the real path, relative to the scenario's folder",
        )
    if "\0" in text:
        return "the path holds a NUL character", "give the real path"
    if file_wanted and Path(text).suffix.lower() not in (".yaml", ".yml"):
        return (
            f"a team file is .yaml or .yml, not '{Path(text).name[:60]}'",
            "give the team's YAML file, e.g. 'teams/platform.yaml'",
        )
    return None


def _exists(path: Path, folder: bool) -> bool:
    """``path.is_dir()`` / ``is_file()``, False where the OS refuses to look."""
    try:
        return path.is_dir() if folder else path.is_file()
    except (OSError, ValueError):
        return False


def _missing(
    reader: Reader,
    ref: Reference,
    target: Path,
    what: str,
    pattern: str,
    exclude: Path | None = None,
) -> None:
    """Report a team file / runbook folder the scenario names that is not there."""
    # there, but a folder where a file belongs or the other way round
    if _exists(target, True) or _exists(target, False):
        folder = what.endswith("folder")
        inside = sorted(p.name for p in target.glob(pattern)) if _exists(target, True) else []
        example = f", e.g. '{os.path.join(ref.value, inside[0])}'" if inside else ""
        reader.error(
            ref.node,
            ref.path,
            f"the {what} '{ref.value}' is a {'file' if folder else 'folder'} ({target})",
            hint=f"give the {what} itself{example}"
            if not folder
            else "give the folder that holds the runbooks"
            + (f", e.g. '{os.path.dirname(ref.value)}/'" if os.path.dirname(ref.value) else ""),
        )
        return
    parent = target.parent
    folder_wanted = what.endswith("folder")
    siblings = (
        sorted(
            p.name
            for p in parent.glob(pattern)
            if p.is_dir() == folder_wanted and (exclude is None or p.name != exclude.name)
        )
        if _exists(parent, True)
        else []
    )
    written = os.path.dirname(ref.value.rstrip("/"))
    options = [os.path.join(written, sibling) for sibling in siblings]
    hint = suggest(ref.value.rstrip("/"), options)
    if not hint and options:
        shown = ", ".join(options[:6]) + (", ..." if len(options) > 6 else "")
        hint = f"there: {shown}"
    elif not hint:
        kind = "folders" if folder_wanted else "other YAML files"
        hint = (
            f"the folder '{written or '.'}' holds no {kind}"
            if _exists(parent, True)
            else f"the folder '{written}' does not exist either"
        ) + "; paths are relative to the scenario's folder"
    reader.error(
        ref.node, ref.path, f"the {what} '{ref.value}' does not exist ({target})", hint=hint
    )


def _team_ref(
    located: Reader, ref: Reference, scenario_path: Path, roots: list[Path]
) -> Path | None:
    """The team file the scenario's ``team:`` names, or None with its problem located."""
    candidate = _resolve(scenario_path.parent, ref.value)
    bad = _unusable(ref.value, file_wanted=False)
    if bad is None and not _exists(candidate, folder=True):  # a folder is said below
        bad = _unusable(ref.value, file_wanted=True)
    if bad is not None:
        located.error(ref.node, ref.path, bad[0], hint=bad[1])
    elif roots and not is_inside(candidate, roots):
        _outside(located, ref, candidate, "team file", roots)
    elif _exists(candidate, folder=False):
        return candidate
    else:
        _missing(located, ref, candidate, "team file", "*.y*ml", scenario_path)
    return None


def _runbooks_ref(located: Reader, ref: Reference, base: Path, roots: list[Path]) -> Path | None:
    """The runbook folder the scenario's ``runbooks:`` names, or None with its problem."""
    candidate = _resolve(base, ref.value)
    bad = _unusable(ref.value, file_wanted=False)
    if bad is not None:
        located.error(ref.node, ref.path, bad[0], hint=bad[1])
    elif roots and not is_inside(candidate, roots):
        _outside(located, ref, candidate, "runbook folder", roots)
    elif _exists(candidate, folder=True):
        return candidate
    else:
        _missing(located, ref, candidate, "runbook folder", "*")
    return None


def load_bundle(
    scenario_path: Path,
    team_path: Path | None = None,
    runbooks_path: Path | None = None,
    data: bytes | None = None,
    *,
    allow_outside_paths: bool = False,
) -> tuple[Bundle | None, list[Problem]]:
    """The exercise at ``scenario_path`` and every problem of its files.

    ``team_path`` / ``runbooks_path`` default to the scenario's ``team:`` / ``runbooks:``
    keys, resolved relative to the scenario file's folder. Those keys may name only files
    inside :func:`allowed_roots` (a shared scenario must not make the tool read, and echo in
    its errors, any file on the machine) unless ``allow_outside_paths``; paths given by the
    caller are the caller's choice and are not confined. Returns None for the bundle when
    any file has an error; warnings come back either way. ``data``, when given, is the
    scenario's text as an editor holds it (not yet saved): it is checked in place of the
    file's bytes, located and resolved as if it were saved at ``scenario_path``.
    """
    scenario_path = Path(scenario_path)
    name = str(scenario_path)
    problems: list[Problem] = []
    if data is None:
        data, read_problems = read_bytes(scenario_path)
        if data is None:
            return None, read_problems
    scenario, found, refs = scenario_from_bytes(data, name)
    problems += found
    located = Reader(name)
    base = scenario_path.parent
    hashes: dict[str, str] = {"scenario": sha256(data)}

    roots = [] if allow_outside_paths else allowed_roots(scenario_path)
    team: Team | None = None
    if team_path is None and refs.team is not None:
        team_path = _team_ref(located, refs.team, scenario_path, roots)
    elif team_path is None and scenario is not None:
        located.error(
            None,
            "team",
            "the scenario names no team",
            hint="add 'team: teams/<team>.yaml' or pass a team file",
        )
    if team_path is not None:
        team_path = Path(team_path)
        team_data, read_problems = read_bytes(team_path)
        problems += read_problems
        if team_data is not None:
            team, found = team_from_bytes(team_data, str(team_path))
            problems += found
            hashes["team"] = sha256(team_data)

    runbooks: dict[str, Runbook] = {}
    runbook_hashes: dict[str, str] = {}
    if runbooks_path is None and refs.runbooks is not None:
        runbooks_path = _runbooks_ref(located, refs.runbooks, base, roots)
    if runbooks_path is not None:
        runbooks, runbook_hashes, found = load_runbooks_hashed(Path(runbooks_path))
        problems += found
        hashes.update({f"runbook:{title}": digest for title, digest in runbook_hashes.items()})

    _cross_check(located, refs, team, runbooks, runbooks_path)
    problems = in_order(problems + located.problems)
    if errors(problems) or scenario is None or team is None:
        return None, problems
    bundle = Bundle(
        scenario=scenario,
        team=team,
        runbooks=runbooks,
        hashes=hashes,
        scenario_path=name,
        team_path=str(team_path or ""),
        runbooks_path=str(runbooks_path or ""),
    )
    return bundle, problems


def _cross_check(
    reader: Reader,
    refs: References,
    team: Team | None,
    runbooks: dict[str, Runbook],
    runbooks_path: Path | None,
) -> None:
    """Checks between the scenario and its team and runbooks (located in the scenario).

    They run even when the scenario itself has errors, so one pass shows everything.
    """
    titles = list(runbooks)
    where = f"in {runbooks_path}" if runbooks_path is not None else "no runbook folder given"
    for alert, ref in refs.alerts.items():
        if alert in runbooks:
            continue
        # Only near-identical titles: alert names share long suffixes ("...HighErrorRate").
        same = [t for t in titles if t.casefold() == alert.casefold()]
        close = same or difflib.get_close_matches(alert, titles, n=1, cutoff=0.9)
        hint = f"did you mean '{close[0]}'?" if close else f"add a runbook titled '# {alert}'"
        reader.warning(ref.node, ref.path, f"alert '{alert}' has no runbook ({where})", hint)
    if team is not None:
        people = [p.id for p in team.people]
        for person in refs.people:
            check_ref(
                reader, person.value, person.node, person.path, people, f"person of team {team.id}"
            )


def load_bundle_or_raise(
    scenario_path: Path,
    team_path: Path | None = None,
    runbooks_path: Path | None = None,
    *,
    allow_outside_paths: bool = False,
) -> Bundle:
    """Like :func:`load_bundle` but raises :class:`LoadError` (with every problem) on errors."""
    bundle, problems = load_bundle(
        scenario_path, team_path, runbooks_path, allow_outside_paths=allow_outside_paths
    )
    if bundle is None:
        raise LoadError(problems or [Problem(str(scenario_path), 0, 0, "", "could not load")])
    return bundle
