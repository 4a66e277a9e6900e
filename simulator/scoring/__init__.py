"""Scoring: pure functions of a journal (plus the scenario and team) -> a :class:`Scorecard`.

Use :func:`score`. Families and objectives (ids are stable; docs/scoring.md has each
definition, target and P/S/M/U boundary):

* timings — TIME-MTTD, TIME-MTTA, TIME-DECLARE, TIME-MITIGATE, TIME-RESOLVE
* severity — SEV-CLASS, SEV-RECLASS
* roles — ROLE-IC, ROLE-COMMS, ROLE-SCRIBE, ROLE-DELEGATE (IC-01), ROLE-TASKS (IC-06),
  ROLE-FOLLOWUP (IC-07), ROLE-HANDOVER (IC-15)
* communication — COMM-CADENCE, COMM-COMPLETE, COMM-STATUS-PAGE (CL-01), COMM-PLAIN (CL-04)
* escalation — ESC-LEVEL, ESC-LEADERSHIP, ESC-BRIDGE
* mitigation — MIT-FIRST (ORG-03), MIT-STRATEGY, MIT-WRONG
* resolution — RES-AFTER-IMPACT, RES-CHECKLIST, RES-STAKEHOLDERS (CL-05)
* scenario — one per ``scenario.objectives`` entry, by its id
"""

from simulator.scoring.card import (
    SCORECARD_FORMAT,
    FamilyScore,
    ObjectiveResult,
    Rating,
    Scorecard,
)
from simulator.scoring.scorer import DEFAULT_WEIGHTS, FAMILIES, effective_weights, score

__all__ = [
    "DEFAULT_WEIGHTS",
    "FAMILIES",
    "SCORECARD_FORMAT",
    "FamilyScore",
    "ObjectiveResult",
    "Rating",
    "Scorecard",
    "effective_weights",
    "score",
]
