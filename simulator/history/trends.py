"""Trends over many exercises, read from the index only (never from the journals).

What the guide asks a game-day programme to review regularly: exercises per month by
severity; MTTD, MTTA, time to mitigate and time to resolve per month (median with a p10-p90
band); score by family over time per trainee or per team; the objectives most often failed;
repeat patterns (the same rule failed in three runs or more); and how action items are getting
done. :func:`build_trends` returns plain numbers; :mod:`reports.trends` draws them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from simulator.history.entry import OK, TREND_PHASES, ActionItemRow
from simulator.history.store import Details, Row

#: A rule failed in this many runs (or more) is a repeat pattern.
REPEAT_RUNS = 3
#: Ratings that count as a failed objective (HSEEP: major challenges, unable).
FAILED = frozenset({"M", "U"})
#: Groups shown in the score chart (the most active ones).
MAX_GROUPS = 6
UNKNOWN_SEVERITY = "unknown"


@dataclass(frozen=True)
class Band:
    """One month of a phase: how many runs reached it, p10, median and p90 (seconds)."""

    month: str
    n: int
    p10: float
    median: float
    p90: float


@dataclass(frozen=True)
class FailedObjective:
    """An objective rated M or U in ``failed`` of the ``rated`` runs that measured it."""

    objective: str
    title: str
    failed: int
    rated: int


@dataclass(frozen=True)
class Pattern:
    """A rule failed again and again: the runs (id, scenario title, date) where it did."""

    rule: str
    objectives: tuple[str, ...]
    runs: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class ItemProgress:
    """Action items by status; ``overdue``: not done and past their due date."""

    open: int = 0
    in_progress: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        """Every tracked item."""
        return self.open + self.in_progress + self.done

    @property
    def completion(self) -> float | None:
        """Share done (0..1), None without items."""
        return self.done / self.total if self.total else None


@dataclass
class Trends:
    """Everything the Trends view and its HTML report show, for one filter."""

    runs: int = 0
    real: int = 0
    months: list[str] = field(default_factory=list)
    by_severity: dict[str, list[int]] = field(default_factory=dict)
    phases: dict[str, list[Band]] = field(default_factory=dict)
    group_by: str = "trainee"
    family_titles: dict[str, str] = field(default_factory=dict)
    #: family -> group -> [(month, mean score)]
    scores: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)
    failed: list[FailedObjective] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    items: ItemProgress = field(default_factory=ItemProgress)
    #: month -> (items raised that month, of which done)
    items_by_month: dict[str, tuple[int, int]] = field(default_factory=dict)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` (0..1) percentile of sorted ``values``, linearly interpolated."""
    if not values:
        return math.nan
    pos = (len(values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def month_span(months: Sequence[str]) -> list[str]:
    """Every month from the first to the last of ``months`` (``YYYY-MM``), gaps included."""
    valid = sorted(m for m in months if len(m) == 7 and m[4] == "-")
    if not valid:
        return []
    year, month = int(valid[0][:4]), int(valid[0][5:])
    last = valid[-1]
    out = []
    while True:
        text = f"{year:04d}-{month:02d}"
        out.append(text)
        if text >= last or len(out) > 1200:
            return out
        month += 1
        if month > 12:
            year, month = year + 1, 1


def build_trends(
    rows: Sequence[Row],
    details: Details,
    items: Sequence[ActionItemRow] = (),
    group_by: str = "trainee",
    today: date | None = None,
) -> Trends:
    """The trends of ``rows`` (damaged and missing ones are left out of the numbers).

    Args:
        rows: The exercises, already filtered.
        details: Their phases, objectives and families (:meth:`HistoryStore.details`).
        items: Their action items with tracked state.
        group_by: ``trainee`` or ``team``: whose score lines are drawn.
        today: The date overdue is measured against (today when None).
    """
    good = [r for r in rows if r.status == OK]
    out = Trends(runs=len(good), real=sum(1 for r in good if r.real), group_by=group_by)
    out.months = month_span([r.month for r in good])
    index = {m: i for i, m in enumerate(out.months)}
    for r in good:
        if r.month in index:
            severity = r.severity or UNKNOWN_SEVERITY
            counts = out.by_severity.setdefault(severity, [0] * len(out.months))
            counts[index[r.month]] += 1
    out.by_severity = dict(sorted(out.by_severity.items()))
    out.phases = _phase_bands(good, details)
    out.family_titles, out.scores = _scores(good, details, group_by)
    out.failed, out.patterns = _failures(good, details)
    out.items, out.items_by_month = _items(items, today or date.today())
    return out


def _phase_bands(rows: Sequence[Row], details: Details) -> dict[str, list[Band]]:
    values: dict[str, dict[str, list[float]]] = {p: defaultdict(list) for p in TREND_PHASES}
    for r in rows:
        phases = details.phases.get(r.id)
        month = r.started[:7]
        if phases and month:
            for phase, seconds in phases.items():
                if phase in values:
                    values[phase][month].append(float(seconds))
    out: dict[str, list[Band]] = {}
    for phase, months in values.items():
        bands = []
        for month in sorted(months):
            v = sorted(months[month])
            bands.append(
                Band(month, len(v), percentile(v, 0.1), percentile(v, 0.5), percentile(v, 0.9))
            )
        out[phase] = bands
    return out


def _scores(
    rows: Sequence[Row], details: Details, group_by: str
) -> tuple[dict[str, str], dict[str, dict[str, list[tuple[str, float]]]]]:
    def group(r: Row) -> str:
        if group_by == "team":
            return r.team_name or r.team_id
        return r.trainee or "simulated team"

    active = {g for g, _ in Counter(group(r) for r in rows).most_common(MAX_GROUPS)}
    titles: dict[str, str] = {"overall": "Overall"}
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for r in rows:
        g = group(r)
        month = r.started[:7]
        if g not in active or not month:
            continue
        if r.score is not None:
            sums[("overall", g, month)].append(r.score)
        for family, title, score in details.families.get(r.id, ()):
            if family not in titles:
                titles[family] = title
            if score is not None:
                sums[(family, g, month)].append(score)
    scores: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for (family, g, month), values in sorted(sums.items()):
        series = scores.setdefault(family, {}).setdefault(g, [])
        series.append((month, sum(values) / len(values)))
    return titles, scores


def _failures(rows: Sequence[Row], details: Details) -> tuple[list[FailedObjective], list[Pattern]]:
    top = [FailedObjective(o, title, n, rated) for o, title, n, rated in details.failed[:10]]
    by_id = {r.id: r for r in rows}
    rule_runs: dict[str, dict[int, Row]] = defaultdict(dict)
    rule_objectives: dict[str, set[str]] = defaultdict(set)
    for run_id, title, rules in details.failed_rules:
        row = by_id.get(run_id)
        if row is None:
            continue
        for rule in rules.split(","):
            if rule:
                rule_runs[rule][run_id] = row
                rule_objectives[rule].add(title)
    patterns = [
        Pattern(
            rule,
            tuple(sorted(rule_objectives[rule])),
            tuple(
                (r.id, r.scenario_title or r.scenario_id, r.started[:10])
                for r in sorted(runs.values(), key=lambda x: (x.started, x.id))
            ),
        )
        for rule, runs in sorted(rule_runs.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if len(runs) >= REPEAT_RUNS
    ]
    return top, patterns


def is_overdue(item: ActionItemRow, today: date | str) -> bool:
    """Not done and past its due date (``today`` a date or its ISO text)."""
    day = today if isinstance(today, str) else today.isoformat()
    return item.status != "done" and bool(item.due) and item.due < day


def _items(
    items: Sequence[ActionItemRow], today: date
) -> tuple[ItemProgress, dict[str, tuple[int, int]]]:
    counts = Counter(i.status for i in items)
    day = today.isoformat()
    progress = ItemProgress(
        open=counts["open"],
        in_progress=counts["in_progress"],
        done=counts["done"],
        overdue=sum(1 for i in items if is_overdue(i, day)),
    )
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i in items:
        month = i.started[:7]
        if month:
            months[month][0] += 1
            months[month][1] += i.status == "done"
    return progress, {m: (v[0], v[1]) for m, v in sorted(months.items())}
