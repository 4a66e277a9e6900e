"""Phase timings of one run, measured from its journal (the one definition everybody uses).

Definitions (written down in the README too):

* **impact start**: the ``impact_start`` record (the hidden truth); 0 when absent.
* **detection**: the first ``alert`` record, or the first ``inject`` whose kind is a detection
  source of the guide (alert, customer_report, internal_report, security_finding,
  synthetic_check), at or after impact start. The engine marks each inject record with
  ``detection`` (true or false): an internal report counts only when it describes the impact
  (see docs/engine.md), so a hand-over note is not a detection; records without the mark
  (older journals, imported timelines) count by kind.
* **MTTD** = detection - impact start.
* **MTTA** = first ``acknowledge_page`` action - detection.
* **time to declare** = ``declare_incident`` - detection.
* **time to first status-page post** = first ``post_status_page`` - detection.
* **time to mitigate** = first ``mitigation_effect`` that resolves or reduces - impact start.
* **time to resolve** = ``mark_resolved`` - impact start.

A phase that never happened is ``None`` (for a run: it did not happen before the end).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

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


@dataclass(frozen=True)
class PhaseTimes:
    """Absolute sim times of the phase events and the derived durations (seconds)."""

    impact_start: float
    detected_at: float | None
    acknowledged_at: float | None
    declared_at: float | None
    status_page_at: float | None
    mitigated_at: float | None
    resolved_at: float | None
    ended_at: float

    @staticmethod
    def _diff(end: float | None, start: float | None) -> float | None:
        if end is None or start is None:
            return None
        return max(0.0, end - start)

    @property
    def mttd(self) -> float | None:
        """Impact start to detection."""
        return self._diff(self.detected_at, self.impact_start)

    @property
    def mtta(self) -> float | None:
        """Detection to first acknowledgement."""
        return self._diff(self.acknowledged_at, self.detected_at)

    @property
    def time_to_declare(self) -> float | None:
        """Detection to declaration."""
        return self._diff(self.declared_at, self.detected_at)

    @property
    def time_to_status_page(self) -> float | None:
        """Detection to the first status-page post."""
        return self._diff(self.status_page_at, self.detected_at)

    @property
    def time_to_mitigate(self) -> float | None:
        """Impact start to the first mitigation that took effect and helped."""
        return self._diff(self.mitigated_at, self.impact_start)

    @property
    def time_to_resolve(self) -> float | None:
        """Impact start to the incident being marked resolved."""
        return self._diff(self.resolved_at, self.impact_start)

    def durations(self) -> dict[str, float | None]:
        """``{phase name: seconds or None}`` in :data:`PHASES` order."""
        return {name: getattr(self, name) for name, _ in PHASES}

    def to_json(self) -> dict[str, float | None]:
        """Absolute times and durations as one flat dict."""
        data: dict[str, float | None] = dict(asdict(self))
        data.update(self.durations())
        return data


def phase_times(records: Iterable[Record]) -> PhaseTimes:
    """Measure the phases of one journal (records in journal order)."""
    impact_start: float | None = None
    detected = acked = declared = status_page = mitigated = resolved = None
    end = 0.0
    pending_detection: list[float] = []
    for r in records:
        end = max(end, r.t)
        kind = r.kind
        if kind == "impact_start" and impact_start is None:
            impact_start = r.t
        elif kind == "alert" or (kind == "inject" and is_detection_inject(r.payload)):
            pending_detection.append(r.t)
        elif kind == "mitigation_effect" and mitigated is None:
            if r.payload.get("effect") in ("resolves", "reduces"):
                mitigated = r.t
        elif kind == "action":
            name = r.payload.get("action")
            if name == "acknowledge_page" and acked is None:
                acked = r.t
            elif name == "declare_incident" and declared is None:
                declared = r.t
            elif name == "post_status_page" and status_page is None:
                status_page = r.t
            elif name == "mark_resolved" and resolved is None:
                resolved = r.t
    start = impact_start if impact_start is not None else 0.0
    candidates = [t for t in pending_detection if t >= start]
    detected = min(candidates) if candidates else None
    return PhaseTimes(start, detected, acked, declared, status_page, mitigated, resolved, end)
