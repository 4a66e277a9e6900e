"""A loaded exercise: scenario + team + runbooks, with the hashes the journal header records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.model import Runbook, Scenario, Team


@dataclass(frozen=True)
class Bundle:
    """Everything a run needs from files.

    ``runbooks`` maps a runbook title (= the alert name it covers) to the runbook.
    ``hashes`` maps ``"scenario"``, ``"team"`` and ``"runbook:<title>"`` to the SHA-256 of the
    file's bytes, so a journal header pins exactly which files produced it. ``variant`` names
    a what-if modification applied by :mod:`simulator.engine.variants` ("" for none).
    """

    scenario: Scenario
    team: Team
    runbooks: Mapping[str, Runbook]
    hashes: Mapping[str, str] = field(default_factory=dict)
    scenario_path: str = ""
    team_path: str = ""
    runbooks_path: str = ""
    variant: str = ""

    def runbook_for(self, alert: str) -> Runbook | None:
        """The runbook that covers ``alert`` (matched by title), or None."""
        return self.runbooks.get(alert)
