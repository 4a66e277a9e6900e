"""Phase timings of one run, measured from its journal (the one definition everybody uses).

Each phase is the time from a **start anchor** to an **end event** (the guide's Key Metrics:
MTTD, MTTA and MTTR, plus the triage and mitigation milestones of its phases):

==========================  ====================  =============================================
phase                       start anchor          end event
==========================  ====================  =============================================
MTTD (time to detect)       impact start          detection
MTTA (time to acknowledge)  detection (+ a page)  first ``acknowledge_page``
time to declare             detection             ``declare_incident``
time to first status post   detection             first ``post_status_page``
time to mitigate            impact start          first lasting ``mitigation_effect``
time to resolve (MTTR)      impact start          ``mark_resolved``
==========================  ====================  =============================================

* **impact start**: the ``impact_start`` record (the hidden truth; for an imported timeline,
  its ``impact_start`` row). Engine runs always have one.
* **detection**: the first ``alert`` record, or the first ``inject`` whose kind is a detection
  source of the guide (alert, customer_report, internal_report, security_finding,
  synthetic_check), at or after impact start. The engine marks each inject record with
  ``detection`` (true or false): an internal report counts only when it describes the impact
  (see docs/engine.md), so a hand-over note is not a detection; records without the mark
  (older journals, imported timelines) count by kind.
* **MTTA** also needs a ``page`` (something to acknowledge) or an acknowledgement: with
  neither, nobody was paged and there is nothing to measure.
* **mitigate** counts the first ``mitigation_effect`` that resolves or reduces the impact and
  is not followed by a ``relapse`` of the same strategy and target (a relapsed fix did not
  mitigate the incident; see :func:`lasting_mitigation`).

A phase has no value (None) for one of two reasons, and :meth:`PhaseTimes.not_recorded` tells
them apart:

* **not recorded**: an anchor the phase needs is missing from the journal (an imported timeline
  without an ``impact_start`` row has no MTTD, time to mitigate or time to resolve, rather than
  a made-up 0), or, in an imported timeline, the end event is missing (a timeline without an
  ``ack`` row does not say the page was never acknowledged). The reason names what is missing.
* **never** (engine runs only): the start anchor happened but the end event did not happen
  before the run ended (never detected, never resolved ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from simulator.actions import AcknowledgePage, DeclareIncident, MarkResolved, PostStatusPage
from simulator.durations import format_duration
from simulator.journal import Record

DETECTION_INJECTS = frozenset(
    {"alert", "customer_report", "internal_report", "security_finding", "synthetic_check"}
)


def is_detection_inject(payload: Mapping[str, object]) -> bool:
    """True when an ``inject`` record's payload counts as detecting the incident."""
    flag = payload.get("detection")
    if isinstance(flag, bool):
        return flag
    return payload.get("kind") in DETECTION_INJECTS


#: Phase names in report order, with their display labels.
PHASES: tuple[tuple[str, str], ...] = (
    ("mttd", "MTTD (time to detect)"),
    ("mtta", "MTTA (time to acknowledge)"),
    ("time_to_declare", "Time to declare"),
    ("time_to_status_page", "Time to first status-page post"),
    ("time_to_mitigate", "Time to mitigate"),
    ("time_to_resolve", "Time to resolve"),
)

#: Phase name -> (start anchor field, end event field) of :class:`PhaseTimes`.
ANCHORS: dict[str, tuple[str, str]] = {
    "mttd": ("impact_start", "detected_at"),
    "mtta": ("detected_at", "acknowledged_at"),
    "time_to_declare": ("detected_at", "declared_at"),
    "time_to_status_page": ("detected_at", "status_page_at"),
    "time_to_mitigate": ("impact_start", "mitigated_at"),
    "time_to_resolve": ("impact_start", "resolved_at"),
}

#: What is missing when a field is None, as said in a "not recorded" reason.
MISSING: dict[str, str] = {
    "impact_start": "no impact start (when users were first affected)",
    "detected_at": "no detection (an alert or a detection-source report)",
    "paged_at": "no page (nothing to acknowledge)",
    "acknowledged_at": "no acknowledgement of a page",
    "declared_at": "no declaration",
    "status_page_at": "no status-page post",
    "mitigated_at": "no mitigation that took effect",
    "resolved_at": "no resolution",
}

#: How a phase without a value is shown when an anchor is missing (everywhere the same).
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class PhaseTimes:
    """Absolute sim times of the phase events and the derived durations (seconds).

    ``complete`` is True for an engine run (the journal holds everything that happened, so a
    missing end event means it never happened) and False for an imported timeline (a missing
    row only means nobody wrote it down).
    """

    impact_start: float | None
    detected_at: float | None
    acknowledged_at: float | None
    declared_at: float | None
    status_page_at: float | None
    mitigated_at: float | None
    resolved_at: float | None
    ended_at: float
    paged_at: float | None = None
    complete: bool = True

    def _phase(self, name: str) -> float | None:
        if self.not_recorded(name) is not None:
            return None
        start_field, end_field = ANCHORS[name]
        start, end = getattr(self, start_field), getattr(self, end_field)
        if end is None or start is None:
            return None
        return float(max(0.0, end - start))

    def not_recorded(self, name: str) -> str | None:
        """Why phase ``name`` cannot be measured from this journal, or None.

        None means the phase was measured or (in an engine run) never happened before the end;
        a reason (``"no impact start (when users were first affected)"``) means an anchor it
        needs is not in the record.
        """
        start_field, end_field = ANCHORS[name]
        if getattr(self, start_field) is None:
            return MISSING[start_field]
        if name == "mtta" and not self._paged:
            return MISSING["paged_at"]
        if getattr(self, end_field) is None and not self.complete:
            return MISSING[end_field]
        return None

    @property
    def _paged(self) -> bool:
        return self.paged_at is not None or self.acknowledged_at is not None

    @property
    def mttd(self) -> float | None:
        """Impact start to detection."""
        return self._phase("mttd")

    @property
    def mtta(self) -> float | None:
        """Detection to first acknowledgement (needs a page or an acknowledgement)."""
        return self._phase("mtta")

    @property
    def time_to_declare(self) -> float | None:
        """Detection to declaration."""
        return self._phase("time_to_declare")

    @property
    def time_to_status_page(self) -> float | None:
        """Detection to the first status-page post."""
        return self._phase("time_to_status_page")

    @property
    def time_to_mitigate(self) -> float | None:
        """Impact start to the first mitigation that took effect and helped."""
        return self._phase("time_to_mitigate")

    @property
    def time_to_resolve(self) -> float | None:
        """Impact start to the incident being marked resolved."""
        return self._phase("time_to_resolve")

    def durations(self) -> dict[str, float | None]:
        """``{phase name: seconds or None}`` in :data:`PHASES` order."""
        return {name: getattr(self, name) for name, _ in PHASES}

    def missing(self) -> dict[str, str]:
        """``{phase name: reason}`` for every phase that is not recorded (PHASES order)."""
        reasons = {name: self.not_recorded(name) for name, _ in PHASES}
        return {name: reason for name, reason in reasons.items() if reason is not None}

    def text(self, name: str, never: str = "-") -> str:
        """Phase ``name`` for people: ``3m``, ``not recorded``, or ``never`` (default ``-``)."""
        return phase_text(getattr(self, name), self.not_recorded(name), never)

    def to_json(self) -> dict[str, object]:
        """Absolute times, durations and ``not_recorded`` reasons as one flat dict."""
        data: dict[str, object] = dict(asdict(self))
        data.update(self.durations())
        data["not_recorded"] = self.missing()
        return data


def phase_text(value: float | None, reason: str | None, never: str = "-") -> str:
    """A phase duration for people from its value and its "not recorded" reason (or None)."""
    if value is not None:
        return format_duration(value)
    return NOT_RECORDED if reason else never


def _mitigation_key(record: Record) -> tuple[str, str]:
    return str(record.payload.get("strategy")), str(record.payload.get("target"))


def lasting_mitigation(
    helped: list[tuple[float, tuple[str, str]]], relapses: list[tuple[float, tuple[str, str]]]
) -> float | None:
    """When the first mitigation took effect that helped and did not relapse afterwards.

    A fix that missed the cause brings the impact back (a ``relapse`` of the same strategy and
    target): its effect was not the mitigation, so the time to mitigate counts from the next
    one that held.

    Args:
        helped: ``(t, (strategy, target))`` of each ``mitigation_effect`` that resolved or
            reduced the impact, in journal order.
        relapses: ``(t, (strategy, target))`` of each ``relapse``.
    """
    for t, key in helped:
        if not any(key == other and at >= t for at, other in relapses):
            return t
    return None


def phase_times(records: Iterable[Record]) -> PhaseTimes:
    """Measure the phases of one journal (records in journal order)."""
    impact_start: float | None = None
    detected = acked = declared = status_page = mitigated = resolved = paged = None
    complete = True
    end = 0.0
    pending_detection: list[float] = []
    helped: list[tuple[float, tuple[str, str]]] = []
    relapses: list[tuple[float, tuple[str, str]]] = []
    for r in records:
        end = max(end, r.t)
        kind = r.kind
        if kind == "header":
            complete = r.payload.get("source") != "timeline"
        elif kind == "impact_start" and impact_start is None:
            impact_start = r.t
        elif kind == "alert" or (kind == "inject" and is_detection_inject(r.payload)):
            pending_detection.append(r.t)
        elif kind == "page" and paged is None:
            paged = r.t
        elif kind == "mitigation_effect" and r.payload.get("effect") in ("resolves", "reduces"):
            helped.append((r.t, _mitigation_key(r)))
        elif kind == "relapse":
            relapses.append((r.t, _mitigation_key(r)))
        elif kind == "action":
            name = r.payload.get("action")
            if name == AcknowledgePage.name and acked is None:
                acked = r.t
            elif name == DeclareIncident.name and declared is None:
                declared = r.t
            elif name == PostStatusPage.name and status_page is None:
                status_page = r.t
            elif name == MarkResolved.name and resolved is None:
                resolved = r.t
    mitigated = lasting_mitigation(helped, relapses)
    start = impact_start if impact_start is not None else float("-inf")
    candidates = [t for t in pending_detection if t >= start]
    detected = min(candidates) if candidates else None
    return PhaseTimes(
        impact_start,
        detected,
        acked,
        declared,
        status_page,
        mitigated,
        resolved,
        end,
        paged,
        complete,
    )
