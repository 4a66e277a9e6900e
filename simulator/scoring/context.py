"""What every objective needs to know about a journal, computed once.

:class:`Context` folds the records through :class:`~simulator.state.IncidentState` (the same
reducer the engine and the GUI use), remembers who was incident commander when each record
happened, takes the phase times from :func:`simulator.phases.phase_times` (the one
definition) and picks the targets: the team's severity policy and the scenario truth's
severity, or, for an imported real incident (no bundle), the guide's policy and the most
severe level the incident was declared at (IC-12: when unsure, assume the higher severity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from simulator.actions import Action, DeclareIncident, MarkResolved, SetSeverity
from simulator.bundle import Bundle
from simulator.durations import format_clock, format_duration
from simulator.journal import ActionT, Record, taken
from simulator.model import GUIDE_SEVERITY_POLICY, Severity, SeverityRule
from simulator.phases import PhaseTimes, is_detection_inject, phase_times
from simulator.state import IncidentState

#: Severity assumed for an imported incident that was never declared at any severity.
FALLBACK_SEVERITY = Severity.SEV3

#: Actions that set the severity (the declaration and every re-classification).
_SEVERITY_ACTIONS = frozenset({DeclareIncident.name, SetSeverity.name})


def _seq(pair: tuple[Record, Action]) -> int:
    return pair[0].seq


@dataclass
class Context:
    """A journal prepared for scoring (read-only once built)."""

    records: list[Record]
    bundle: Bundle | None
    header: dict[str, Any]
    state: IncidentState
    phases: PhaseTimes
    policy: dict[Severity, SeverityRule]
    true_severity: Severity
    severity_source: str
    customer_visible: bool
    #: ``seq`` -> incident commander just before that record was applied.
    commander_before: dict[int, str | None] = field(default_factory=dict)
    #: (record, severity) for the declaration and every later re-classification.
    severity_changes: list[tuple[Record, Severity]] = field(default_factory=list)
    #: The first declaration that named no severity (an imported "Major incident opened"
    #: row; its payload says ``severity_recorded: false``), when no level was ever recorded.
    unrecorded_declaration: Record | None = None
    notes: list[str] = field(default_factory=list)
    #: Users affected when the incident was first marked resolved (None: never resolved).
    users_at_resolve: int | None = None
    _taken: dict[type[Action], list[tuple[Record, Action]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def imported(self) -> bool:
        """True for a real incident imported from a timeline (no scenario truth)."""
        return self.bundle is None

    def unrecorded(self, what: str) -> str | None:
        """``"no WHAT"`` for an imported incident, else None.

        An imported timeline holds only what somebody wrote down, so an event it lacks is not
        recorded rather than proof that it never happened: objectives measured from it are
        rated N/R (not measurable) instead of U. An engine run records everything.
        """
        return f"no {what}" if self.imported else None

    @property
    def interrupted_at(self) -> float | None:
        """Sim time of the last record when an engine run stopped without its ``end`` record
        (a killed app or run), else None. An imported timeline has no ``end``: never
        interrupted."""
        if self.imported or not self.header or any(r.kind == "end" for r in self.records):
            return None
        return self.end

    def interruption_text(self) -> str:
        """``T+00:23:10 (09:23)`` for :attr:`interrupted_at` (the wall clock when known)."""
        t = self.interrupted_at or 0.0
        wall = self.clock(t)
        return f"T+{format_clock(t)}" + ("" if wall.startswith("T+") else f" ({wall})")

    @property
    def end(self) -> float:
        """Sim time of the last record."""
        return self.phases.ended_at

    def rule(self, severity: Severity | None = None) -> SeverityRule:
        """The severity policy's rule for ``severity`` (default: the true severity)."""
        return self.policy[severity or self.true_severity]

    def actions(self, *names: str) -> Iterator[Record]:
        """Accepted action records (optionally only those named).

        For names read from a file (a scenario objective's ``action``); code that knows the
        action it wants asks :meth:`taken` for it by its class.
        """
        wanted = set(names)
        for r in self.records:
            if r.kind == "action" and (not wanted or r.payload.get("action") in wanted):
                yield r

    def taken(self, kind: type[ActionT]) -> list[tuple[Record, ActionT]]:
        """Accepted actions of one typed kind with their records, in journal order.

        Args:
            kind: An action class of :mod:`simulator.actions`, e.g. ``ApplyMitigation``.

        Returns:
            ``[(record, action), ...]``, computed once per kind.
        """
        found = self._taken.get(kind)
        if found is None:
            found = self._taken[kind] = list(taken(self.records, kind))
        return cast("list[tuple[Record, ActionT]]", found)

    def first_taken(self, kind: type[ActionT]) -> tuple[Record, ActionT] | None:
        """The first accepted action of one typed kind with its record, or None."""
        found = self.taken(kind)
        return found[0] if found else None

    def first_of(self, kind: type[Action]) -> Record | None:
        """The record of the first accepted action of one typed kind, or None."""
        found = self.taken(kind)
        return found[0][0] if found else None

    def taken_any(self, *kinds: type[Action]) -> list[tuple[Record, Action]]:
        """Accepted actions of any of ``kinds`` with their records, in journal order."""
        merged = [pair for kind in kinds for pair in self.taken(kind)]
        return sorted(merged, key=_seq) if len(kinds) > 1 else merged

    def records_of(self, *kinds: type[Action]) -> list[Record]:
        """Records of accepted actions of any of ``kinds``, in journal order."""
        return [r for r, _ in self.taken_any(*kinds)]

    def kind(self, *kinds: str) -> Iterator[Record]:
        """Records of the given kinds."""
        wanted = set(kinds)
        return (r for r in self.records if r.kind in wanted)

    def first(self, predicate: Callable[[Record], bool]) -> Record | None:
        """The first record matching ``predicate``."""
        return next((r for r in self.records if predicate(r)), None)

    def at(self, t: float | None, predicate: Callable[[Record], bool]) -> Record | None:
        """The first record at sim time ``t`` matching ``predicate`` (evidence lookup)."""
        if t is None:
            return None
        return next((r for r in self.records if r.t == t and predicate(r)), None)

    def detection_record(self) -> Record | None:
        """The record that counts as detection in :mod:`simulator.phases`."""
        return self.at(self.phases.detected_at, is_detection)

    def impact_start_record(self) -> Record | None:
        """The ``impact_start`` record, if the journal has one."""
        return self.first(lambda r: r.kind == "impact_start")

    @property
    def premature(self) -> bool:
        """True when the incident was marked resolved while users were still affected: the
        impact had not ended by then, or it came back (a relapse) after it had.

        An imported timeline that never says when the impact ended is not judged (False).
        """
        resolved = self.phases.resolved_at
        ends = [r.t for r in self.kind("impact_end")]
        if resolved is None or (self.imported and not ends):
            return False
        ended = [t for t in ends if t <= resolved]
        if not ended:
            return True
        return any(ended[-1] < r.t <= resolved for r in self.kind("relapse"))

    def impact_end_record(self) -> Record | None:
        """The first ``impact_end`` record, if the impact ended."""
        return self.first(lambda r: r.kind == "impact_end")

    @property
    def declared_at(self) -> float | None:
        """When the incident was first declared."""
        return self.severity_changes[0][0].t if self.severity_changes else None

    @property
    def response_start(self) -> float | None:
        """Declaration time, or detection when never declared (the start of communication)."""
        return self.declared_at if self.declared_at is not None else self.phases.detected_at

    def clock(self, t: float) -> str:
        """Sim time ``t`` as wall-clock ``HH:MM`` (from the header's clock_start), else T+."""
        start = self.header.get("clock_start")
        if isinstance(start, str):
            try:
                wall = datetime.fromisoformat(start) + timedelta(seconds=t)
            except ValueError:
                pass
            else:
                return wall.strftime("%H:%M")
        return f"T+{format_duration(t)}"

    def scenario_service_ids(self) -> tuple[str, ...]:
        """Service ids of the scenario (empty for an imported incident)."""
        if self.bundle is None:
            return ()
        return tuple(s.id for s in self.bundle.scenario.services)


def is_detection(record: Record) -> bool:
    """True for an alert or a detection-source inject (as :mod:`simulator.phases` counts)."""
    return record.kind == "alert" or (
        record.kind == "inject" and is_detection_inject(record.payload)
    )


def build_context(records: Sequence[Record], bundle: Bundle | None) -> Context:
    """Fold ``records`` once and pick the targets (see the module docstring)."""
    records = list(records)
    header = dict(records[0].payload) if records and records[0].kind == "header" else {}
    state = IncidentState()
    commander_before: dict[int, str | None] = {}
    changes: list[tuple[Record, Severity]] = []
    users_at_resolve: int | None = None
    unrecorded_declaration: Record | None = None
    for record in records:
        commander_before[record.seq] = state.commander
        before = state.severity
        if users_at_resolve is None and record.action == MarkResolved.name:
            users_at_resolve = state.users_affected
        state.apply(record)
        unlevelled = record.payload.get("severity_recorded") is False
        if unlevelled and record.action == DeclareIncident.name:
            # the level in its payload is a placeholder: not a classification to score
            if unrecorded_declaration is None:
                unrecorded_declaration = record
            continue
        changed = state.severity is not None and (not changes or state.severity != before)
        if changed and record.action in _SEVERITY_ACTIONS:
            assert state.severity is not None
            changes.append((record, state.severity))
    notes: list[str] = []
    if bundle is not None:
        policy = dict(GUIDE_SEVERITY_POLICY)
        policy.update(dict(bundle.team.severity_policy))
        true_severity = bundle.scenario.truth.severity
        source = "scenario truth"
        customer_visible = bundle.scenario.truth.customer_visible
    else:
        policy = dict(GUIDE_SEVERITY_POLICY)
        declared = [sev for _, sev in changes]
        if declared:
            true_severity = min(declared, key=lambda s: s.rank)
            source = "most severe level declared"
        elif unrecorded_declaration is not None:
            true_severity = FALLBACK_SEVERITY
            source = "assumed: declared without a level"
        else:
            true_severity = FALLBACK_SEVERITY
            source = "assumed: never declared"
        customer_visible = bool(state.status_posts) or any(
            int(r.payload.get("users", 0) or 0) > 0 for r in records if r.kind == "impact_start"
        )
        if declared:
            reason = f"the most severe level it was declared at ({true_severity.value})"
        elif unrecorded_declaration is not None:
            reason = (
                f"assumed to be {true_severity.value} (it was declared without a level, "
                "and no later row names one)"
            )
        else:
            reason = f"assumed to be {true_severity.value} (it was never declared)"
        notes.append(
            "Imported incident: targets come from the guide's severity policy; the true "
            f"severity is {reason}."
        )
    return Context(
        records=records,
        bundle=bundle,
        header=header,
        state=state,
        phases=phase_times(records),
        policy=policy,
        true_severity=true_severity,
        severity_source=source,
        customer_visible=customer_visible,
        commander_before=commander_before,
        severity_changes=changes,
        unrecorded_declaration=unrecorded_declaration if not changes else None,
        notes=notes,
        users_at_resolve=users_at_resolve,
    )
