"""Count how often a journal is folded, timed and made into a report (for the "computed once"
tests of the reports and the debrief)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import reports.viewmodel
import simulator.phases
from simulator.state import IncidentState


def count_work(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count, from now on: records folded into an incident state (``apply``), phase-time
    measurements (``phase_times``, wherever it was imported) and reports built.

    Returns:
        The live counter: ``apply``, ``phase_times`` and ``build_report``.
    """
    counts: Counter[str] = Counter()

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(IncidentState, "apply", counted("apply", IncidentState.apply))
    for name, original in (
        ("phase_times", simulator.phases.phase_times),
        ("build_report", reports.viewmodel.build_report),
    ):
        wrapper = counted(name, original)
        for module in list(sys.modules.values()):
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, wrapper)
    return counts
