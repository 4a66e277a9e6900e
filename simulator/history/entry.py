"""One exercise as the index holds it: what lists and trends need, taken from its journal.

An :class:`Entry` is made from a scored journal by :func:`reports.history.summarise` (the
action items come from the report) or, for a journal that cannot be read, by
:meth:`Entry.damaged`. It is plain data: the store writes it, the views and trends read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

#: Modes of an exercise, as the index stores them.
MODES = ("play", "tabletop", "watch", "imported")
#: Status of an indexed journal.
OK, DAMAGED, MISSING = "ok", "damaged", "missing"
#: Phase times trends follow (MTTD, MTTA, time to mitigate, time to resolve).
TREND_PHASES = ("mttd", "mtta", "time_to_mitigate", "time_to_resolve")


@dataclass(frozen=True)
class Seat:
    """Who played a seat: a person of the team, by id and name, and the role they held."""

    actor: str
    name: str
    role: str


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective's outcome in one run."""

    objective: str
    family: str
    title: str
    rating: str
    score: float | None
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class FamilyRow:
    """One scoring family's outcome in one run."""

    family: str
    title: str
    rating: str
    score: float | None


class ActionItemRow(NamedTuple):
    """An action item raised by a run, with its tracked state (never written to the journal).

    ``status`` is ``open``, ``in_progress`` or ``done``; ``due`` an ISO date (``""`` none).
    A named tuple: tens of thousands are read at once for the Trends view.
    """

    journal: str
    item: str
    text: str
    owner: str
    due: str
    status: str = "open"
    objective: str = ""
    run_id: int = 0
    run_title: str = ""
    started: str = ""


@dataclass(frozen=True)
class Entry:
    """One exercise, summarised from its journal.

    Attributes:
        journal: The journal's absolute path (the key of the index).
        status: ``ok``, ``damaged`` (cannot be read; ``problem`` says why) or ``missing``.
        started: When the exercise took place (ISO 8601, UTC; the header's first wall stamp,
            or the scenario clock of an imported timeline).
        mode: One of :data:`MODES`; ``imported`` marks a real incident's timeline.
        trainee: The person who played the incident commander's seat ("" when nobody did).
        phases: Seconds per phase name of :data:`simulator.phases.PHASES` (None: not reached).
        parent_journal: For a branch, the journal it was rewound from; ``branch_t`` the sim
            time it diverged at.
    """

    journal: str
    status: str = OK
    problem: str = ""
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0
    started: str = ""
    scenario_id: str = ""
    scenario_title: str = ""
    scenario_sha256: str = ""
    team_id: str = ""
    team_name: str = ""
    mode: str = "watch"
    trainee: str = ""
    seed: int | None = None
    outcome: str = ""
    ended_t: float | None = None
    score: float | None = None
    rating: str = ""
    severity: str = ""
    declared_severity: str = ""
    parent_journal: str = ""
    branch_t: float | None = None
    seats: tuple[Seat, ...] = ()
    phases: Mapping[str, float | None] = field(default_factory=dict)
    objectives: tuple[ObjectiveRow, ...] = ()
    families: tuple[FamilyRow, ...] = ()
    action_items: tuple[ActionItemRow, ...] = ()

    @property
    def real(self) -> bool:
        """True for an imported real incident's timeline."""
        return self.mode == "imported"

    @classmethod
    def damaged(
        cls, journal: str, problem: str, sha256: str = "", size: int = 0, mtime: float = 0.0
    ) -> Entry:
        """A journal that cannot be read: listed, with why, never dropped."""
        return cls(
            journal=journal, status=DAMAGED, problem=problem, sha256=sha256, size=size, mtime=mtime
        )
