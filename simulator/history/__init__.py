"""The history of exercises: a SQLite index over the journals, which stay the record.

Every run (app, ``gameday run``, ``gameday import-timeline``, a branch of a past run) is
summarised into one row of :class:`~simulator.history.store.HistoryStore` (date, scenario and
its hash, team, mode, seats, seed, outcome, score and rating, phase times, objective ratings,
action items). The index can always be rebuilt from the journals; a journal that cannot be read
stays listed as damaged, a deleted one as missing. Trends (:mod:`simulator.history.trends`)
read only the index. Nothing here imports Qt, matplotlib or the reports: the summary of a
journal (which needs the report's action items) is made above, in :mod:`reports.history`.
"""

from simulator.history.entry import ActionItemRow, Entry, Seat
from simulator.history.paths import DATA_ENV, data_dir, index_path, runs_dir, trash_dir
from simulator.history.store import Filter, HistoryStore, Row

__all__ = [
    "DATA_ENV",
    "ActionItemRow",
    "Entry",
    "Filter",
    "HistoryStore",
    "Row",
    "Seat",
    "data_dir",
    "index_path",
    "runs_dir",
    "trash_dir",
]
