"""Loading a whole exercise (scenario + team + runbooks) with the checks that span files.

Cross-file rules: the team and runbook folder the scenario names exist; every alert the
scenario can fire has a runbook, or a warning says it has none (a missing runbook is a
finding of the exercise, not an error); people named in action parameters are members of
the team.
"""

from __future__ import annotations

import difflib
import os
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


def load_bundle(
    scenario_path: Path,
    team_path: Path | None = None,
    runbooks_path: Path | None = None,
    data: bytes | None = None,
) -> tuple[Bundle | None, list[Problem]]:
    """The exercise at ``scenario_path`` and every problem of its files.

    ``team_path`` / ``runbooks_path`` default to the scenario's ``team:`` / ``runbooks:``
    keys, resolved relative to the scenario file's folder. Returns None for the bundle when
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

    team: Team | None = None
    if team_path is None and refs.team is not None:
        candidate = _resolve(base, refs.team.value)
        bad = _unusable(refs.team.value, file_wanted=False)
        if bad is None and not _exists(candidate, folder=True):  # a folder is said below
            bad = _unusable(refs.team.value, file_wanted=True)
        if bad is not None:
            located.error(refs.team.node, refs.team.path, bad[0], hint=bad[1])
        elif _exists(candidate, folder=False):
            team_path = candidate
        else:
            _missing(located, refs.team, candidate, "team file", "*.y*ml", scenario_path)
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
        candidate = _resolve(base, refs.runbooks.value)
        bad = _unusable(refs.runbooks.value, file_wanted=False)
        if bad is not None:
            located.error(refs.runbooks.node, refs.runbooks.path, bad[0], hint=bad[1])
        elif _exists(candidate, folder=True):
            runbooks_path = candidate
        else:
            _missing(located, refs.runbooks, candidate, "runbook folder", "*")
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
    scenario_path: Path, team_path: Path | None = None, runbooks_path: Path | None = None
) -> Bundle:
    """Like :func:`load_bundle` but raises :class:`LoadError` (with every problem) on errors."""
    bundle, problems = load_bundle(scenario_path, team_path, runbooks_path)
    if bundle is None:
        raise LoadError(problems or [Problem(str(scenario_path), 0, 0, "", "could not load")])
    return bundle
