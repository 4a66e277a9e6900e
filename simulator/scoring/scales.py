"""P/S/M/U boundaries: the few rating scales every objective uses, written once.

* **timing** (a duration against a target ``T``): ``<= T`` P, ``<= 1.5 T`` S, ``<= 3 T`` M,
  later or never U.
* **count** (violations, wrong mitigations, flagged words): 0 P, 1 S, 2-3 M, 4+ U (the
  thresholds are parameters).
* **share** (the part of tasks, updates ... done right): 100 % P, >= 75 % S, >= 50 % M,
  else U.
* **score** (a family or the overall 0-100 score): >= 85 P, >= 65 S, >= 40 M, else U.

An objective's score is fixed by its rating (:data:`RATING_SCORES`), so a rating and a score
never disagree.
"""

from __future__ import annotations

from simulator.durations import format_duration
from simulator.scoring.card import Rating

#: The 0-100 score of each rating.
RATING_SCORES: dict[Rating, float] = {
    Rating.P: 100.0,
    Rating.S: 75.0,
    Rating.M: 40.0,
    Rating.U: 0.0,
}

#: Factors of the timing scale: S up to 1.5 x target, M up to 3 x target.
TIMING_S = 1.5
TIMING_M = 3.0


def rating_score(rating: Rating) -> float | None:
    """The 0-100 score of ``rating`` (None for N/A)."""
    return RATING_SCORES.get(rating)


def timing_rating(measured: float | None, target: float) -> Rating:
    """Rate a duration against ``target`` seconds (None = never happened = U)."""
    if measured is None:
        return Rating.U
    if measured <= target:
        return Rating.P
    if measured <= TIMING_S * target:
        return Rating.S
    if measured <= TIMING_M * target:
        return Rating.M
    return Rating.U


def timing_scale(target: float) -> str:
    """The timing boundaries for ``target`` in words, e.g. ``P ≤ 5m < S ≤ 7m30s < M ≤ 15m < U``."""
    return (
        f"P ≤ {format_duration(target)} < S ≤ {format_duration(TIMING_S * target)}"
        f" < M ≤ {format_duration(TIMING_M * target)} < U (or never)"
    )


def count_rating(count: int, s_max: int = 1, m_max: int = 3) -> Rating:
    """Rate a number of violations: 0 P, up to ``s_max`` S, up to ``m_max`` M, more U."""
    if count <= 0:
        return Rating.P
    if count <= s_max:
        return Rating.S
    if count <= m_max:
        return Rating.M
    return Rating.U


def count_scale(s_max: int = 1, m_max: int = 3) -> str:
    """The count boundaries in words."""
    s = "1" if s_max == 1 else f"1-{s_max}"
    m = f"{s_max + 1}" if m_max == s_max + 1 else f"{s_max + 1}-{m_max}"
    return f"P 0 · S {s} · M {m} · U {m_max + 1}+"


def share_rating(share: float) -> Rating:
    """Rate the part done right (0.0-1.0): all P, >= 75 % S, >= 50 % M, else U."""
    if share >= 1.0 - 1e-9:
        return Rating.P
    if share >= 0.75 - 1e-9:
        return Rating.S
    if share >= 0.5 - 1e-9:
        return Rating.M
    return Rating.U


SHARE_SCALE = "P 100 % · S ≥ 75 % · M ≥ 50 % · U < 50 %"

#: Lower bounds of the P, S and M bands of a 0-100 score.
SCORE_BANDS: tuple[tuple[float, Rating], ...] = (
    (85.0, Rating.P),
    (65.0, Rating.S),
    (40.0, Rating.M),
)


def score_rating(score: float | None) -> Rating:
    """The rating of a family or overall score (None = nothing applied = N/A)."""
    if score is None:
        return Rating.NA
    for bound, rating in SCORE_BANDS:
        if score >= bound - 1e-9:
            return rating
    return Rating.U
