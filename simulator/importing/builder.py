"""The journal being built from a timeline's rows, and the little state reading them needs
(the severity so far, the mitigations applied, the tasks given, what was read how).

:mod:`simulator.importing.timeline` hands each row to a handler that writes records through a
:class:`Builder`; :mod:`simulator.importing.prose` reads rows in people's own words into the
strict syntax first, using the same builder for its warnings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.actions import Action
from simulator.importing.rows import Row as _Row
from simulator.journal import Record
from simulator.model import Severity, Status
from simulator.problems import Level, Problem

SEVERITY_FIRST = re.compile(r"^\s*SEV[- ]?([1-4])\b[\s:,.–—-]*(.*)$", re.I | re.S)
PAGE_TEXT = re.compile(
    r"^\s*(?P<person>[^\s,:(]+)\s*(?:\(\s*level\s*(?P<level>\d+)\s*\)|level\s*(?P<level2>\d+))?"
    r"\s*[:,–—-]?\s*(?P<reason>.*)$",
    re.I | re.S,
)
LEVEL_FIRST = re.compile(
    r"^\s*(?:level\s*)?(?P<level>\d+)\b[\s:,.–—-]*(?P<reason>.*)$", re.I | re.S
)
TIMEBOX = re.compile(r"\(\s*(?P<box>\d+(?:h|m|s)(?:\d+(?:m|s))?)\s*\)\s*$")
TASK_ID = re.compile(r"^\s*(?P<id>T\d+)\b[\s:,–—-]*(?P<rest>.*)$", re.S)


@dataclass
class Builder:
    """Turns sorted rows into records, keeping the little state the parsing needs."""

    name: str
    start: datetime
    problems: list[Problem]
    records: list[Record] = field(default_factory=list)
    severity: Severity | None = None
    status: Status = Status.INVESTIGATING
    users: int = 0
    #: (strategy, target, the row's words) of each mitigation applied so far.
    mitigations: list[tuple[str, str, str]] = field(default_factory=list)
    #: Whether a mitigation took effect (a mitigation_effect record) so far.
    effect_written: bool = False
    tasks: list[tuple[str, str, float, float]] = field(default_factory=list)  # id, person, at, box
    reported: dict[str, float] = field(default_factory=dict)
    title: str = ""
    impact_end_written: bool = False
    full_mitigation_at: float | None = None
    impact_started: bool = False
    #: line -> the kind a row without one was read as (for the warning that lists them).
    read_as: dict[int, str] = field(default_factory=dict)
    escalation_level: int = 1
    title_line: int = 0
    #: The first level any row names (severity, line, the words), for a declaration without one.
    default_severity: tuple[Severity, int, str] | None = None

    def error(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        self.problems.append(self.problem(row, column, message, hint))

    def warn(self, row: _Row, column: str, message: str, hint: str = "") -> None:
        """A located warning: how a row was read (the row is imported)."""
        self.problems.append(self.problem(row, column, message, hint, Level.WARNING))

    def problem(
        self, row: _Row, column: str, message: str, hint: str, level: Level = Level.ERROR
    ) -> Problem:
        """A problem at ``row``'s ``column`` (or at its JSON path, for a JSON source)."""
        if row.path:
            return Problem(self.name, row.line, 0, row.path, message, level=level, hint=hint)
        col = row.columns.get(column, 1)
        return Problem(self.name, row.line, col, column, message, level=level, hint=hint)

    def t(self, row: _Row) -> float:
        return round((row.time - self.start).total_seconds(), 3)

    def emit(self, row: _Row, kind: str, actor: str, payload: dict[str, Any]) -> None:
        plain = json.loads(json.dumps(payload))
        self.records.append(
            Record(len(self.records) + 1, self.t(row), kind, actor, plain, row.time.isoformat())
        )

    def act(self, row: _Row, action: Action, **extra: Any) -> None:
        self.emit(row, "action", action.actor, {**action.to_payload(), **extra})
