"""A scored run: a journal read once, for every report and the debrief.

:func:`score_run` folds the records through the incident-state reducer once, takes the phase
times once (:func:`simulator.phases.phase_times`, the one definition) and scores the journal
from that same preparation. The report view-model (:func:`reports.viewmodel.build_report`), its
charts, the report files and the GUI debrief all read this one value instead of folding the
journal again. Nothing here modifies the records or the bundle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.bundle import Bundle
from simulator.journal import Record
from simulator.phases import PhaseTimes, phase_times
from simulator.scoring import Scorecard
from simulator.scoring.context import build_context
from simulator.scoring.scorer import score_context
from simulator.state import IncidentState, fold


@dataclass(frozen=True)
class ScoredRun:
    """A journal with everything computed from it once: state, phase times and scorecard.

    Attributes:
        records: The journal, in order.
        bundle: The scenario, team and runbooks it ran on (None for an imported incident).
        state: The incident state after every record (read it, never apply to it).
        phases: The phase times of the journal.
        scorecard: The journal's scorecard.
    """

    records: tuple[Record, ...]
    bundle: Bundle | None
    state: IncidentState
    phases: PhaseTimes
    scorecard: Scorecard

    @property
    def header(self) -> Mapping[str, Any]:
        """The payload of the journal's header record ({} when it has none)."""
        if self.records and self.records[0].kind == "header":
            return self.records[0].payload
        return {}

    @classmethod
    def of(
        cls, records: Sequence[Record], bundle: Bundle | None, scorecard: Scorecard
    ) -> ScoredRun:
        """A run for a journal its caller scored already (the state and phases are made here).

        Args:
            records: The journal.
            bundle: Its bundle, or None for an imported incident.
            scorecard: ``score(records, bundle)``, computed by the caller.

        Returns:
            The run; prefer :func:`score_run`, which folds the journal once for everything.
        """
        records = tuple(records)
        return cls(records, bundle, fold(list(records)), phase_times(records), scorecard)


def score_run(records: Sequence[Record], bundle: Bundle | None) -> ScoredRun:
    """Fold, time and score a journal once.

    Args:
        records: The journal.
        bundle: Its bundle, or None for an imported real incident.

    Returns:
        The scored run, with the scorecard ``simulator.scoring.score`` gives.
    """
    ctx = build_context(records, bundle)
    return ScoredRun(tuple(ctx.records), bundle, ctx.state, ctx.phases, score_context(ctx))
