"""The scenario, team and runbooks a journal's header names, loaded again for its summary.

Relative paths recorded in the header are tried against the current folder, the journal's
folder and the project folder (runs started from a checkout record ``scenarios/x.yaml``). A
missing, broken or changed file is never fatal: the journal is then scored like an imported
incident (the guide's targets only) and the note says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator.bundle import Bundle

#: Runs started from the project folder record paths like ``scenarios/x.yaml``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def resolve(recorded: str, journal_dir: Path) -> Path | None:
    """The file a header path names, or None when it cannot be found."""
    path = Path(recorded)
    if path.is_absolute():
        return path if path.is_file() else None
    for candidate in (Path.cwd() / path, journal_dir / path, PROJECT_ROOT / path):
        if candidate.is_file():
            return candidate
    return None


def recorded_bundle(
    header: Mapping[str, Any], journal_dir: Path, notes: list[str] | None = None
) -> Bundle | None:
    """The bundle a journal header names, with its what-if variant re-applied.

    Args:
        header: The payload of the journal's header record.
        journal_dir: The journal's folder (relative paths are tried against it).
        notes: Receives a sentence for each file that is missing, broken or changed.

    Returns:
        The bundle, or None (an imported timeline, or files that cannot be loaded).
    """
    said = notes if notes is not None else []
    if str(header.get("scenario_id", "")).startswith("imported:"):
        return None
    files = _mapping(header.get("files"))
    scenario = _mapping(files.get("scenario"))
    scenario_path = resolve(str(scenario.get("path") or ""), journal_dir) if scenario else None
    if scenario_path is None:
        said.append(
            f"the scenario file {scenario.get('path') or '(not named)'} is missing; "
            "scored with the guide's targets only"
        )
        return None
    team = _mapping(files.get("team"))
    team_path = resolve(str(team["path"]), journal_dir) if team.get("path") else None
    from simulator.loading import load_bundle

    bundle, _problems = load_bundle(scenario_path, team_path)
    if bundle is None:
        said.append(
            f"the scenario {scenario_path} no longer loads; scored with the guide's targets"
        )
        return None
    for role, entry in (("scenario", scenario), ("team", team)):
        expected, actual = entry.get("sha256"), bundle.hashes.get(role)
        if expected and actual and expected != actual:
            said.append(f"the {role} file has changed since the run")
    variant = str(header.get("variant") or "")
    if variant:
        from simulator.engine.variants import VariantError, apply_override

        try:
            bundle = apply_override(bundle, variant)
        except VariantError as exc:
            said.append(f"the run's variant {variant!r} cannot be re-applied: {exc}")
    return bundle
