"""Loading scenario, team and runbook files into the model, with every problem located.

Public API::

    load_scenario(path)          -> (Scenario | None, [Problem])
    load_scenario_text(text)     -> (Scenario | None, [Problem])
    load_team(path)              -> (Team | None, [Problem])
    load_runbook(path)           -> (Runbook | None, [Problem])
    load_runbooks(folder)        -> ({title: Runbook}, [Problem])
    load_bundle(scenario, team=None, runbooks=None) -> (Bundle | None, [Problem])
    load_bundle_or_raise(...)    -> Bundle (raises simulator.problems.LoadError)
    validate_paths(paths)        -> [Problem]   (files or folders, for ``gameday validate``)

A ``None`` model means at least one error; warnings come back with a loaded model too.
Nothing here raises for bad input (except ``load_bundle_or_raise``, by design).
"""

from simulator.loading.bundles import load_bundle, load_bundle_or_raise
from simulator.loading.discovery import collect_files, validate_paths
from simulator.loading.files import (
    load_runbook,
    load_runbooks,
    load_scenario,
    load_scenario_text,
    load_team,
)

__all__ = [
    "collect_files",
    "load_bundle",
    "load_bundle_or_raise",
    "load_runbook",
    "load_runbooks",
    "load_scenario",
    "load_scenario_text",
    "load_team",
    "validate_paths",
]
