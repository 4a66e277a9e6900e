"""Users affected over time, read from a journal: the curve the impact chart draws, the
user-minutes the report counts and the lessons weigh mistakes by."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.journal import Record


def user_curve(records: Sequence[Record]) -> list[tuple[float, int]]:
    """``(t, users)`` at every record that states the users affected."""
    points: list[tuple[float, int]] = []
    for r in records:
        users: object = None
        if r.kind in ("impact_start", "sample"):
            users = r.payload.get("users")
        elif r.kind == "mitigation_effect":
            users = r.payload.get("users_after")
        elif r.kind == "impact_end":
            users = 0
        if isinstance(users, int | float) and not isinstance(users, bool):
            points.append((r.t, int(users)))
    return points


def user_minutes(points: Sequence[tuple[float, int]], end: float) -> float:
    """The area under the step curve of ``points`` up to ``end``, in user-minutes."""
    total = 0.0
    if not points:
        return total
    for (t, users), (t_next, _) in zip(points, [*points[1:], (end, 0)], strict=True):
        total += users * max(0.0, min(t_next, end) - t) / 60.0
    return round(total, 1)


def area(curve: Sequence[tuple[float, int]], start: float, stop: float) -> float:
    """User-minutes under the step curve of ``curve`` between ``start`` and ``stop``."""
    total = 0.0
    for (t, users), (t_next, _) in zip(curve, [*curve[1:], (stop, 0)], strict=True):
        lo, hi = max(t, start), min(t_next, stop)
        if hi > lo:
            total += users * (hi - lo) / 60.0
    return total
