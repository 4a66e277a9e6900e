"""The history index: writing and reading entries, filters, tracked action items, migrations
from an older schema, an index killed mid-write, a damaged index file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.history import Entry, Filter, HistoryStore
from simulator.history.entry import ActionItemRow, FamilyRow, ObjectiveRow, Seat
from simulator.history.migrations import MIGRATION_1, SCHEMA_VERSION
from simulator.history.store import HistoryError


def entry(n: int, **kw: object) -> Entry:
    journal = f"/runs/run{n}/journal.jsonl"
    base: dict[str, object] = {
        "journal": journal,
        "started": f"2026-0{1 + n % 3}-1{n % 10}T10:00:00+00:00",
        "scenario_id": "payments-bad-deploy" if n % 2 else "orders-db",
        "scenario_title": "Checkout down" if n % 2 else "Orders database failover",
        "team_id": "acme",
        "team_name": "Acme Platform",
        "mode": "play",
        "trainee": "Maria Okafor" if n % 2 else "Sam Reyes",
        "seed": n,
        "outcome": "resolved",
        "score": 50.0 + n,
        "rating": "S",
        "severity": "SEV-2",
        "seats": (Seat("maria", "Maria Okafor", "human: incident_commander"),),
        "phases": {"mttd": 60.0 * n, "mtta": 30.0},
        "objectives": (
            ObjectiveRow("MIT-FIRST", "mitigation", "Mitigate first", "U", 0.0, ("R1",)),
        ),
        "families": (FamilyRow("mitigation", "Mitigation", "U", 0.0),),
        "action_items": (
            ActionItemRow(journal, "Write the runbook", "Write the runbook", "Sam", "2026-02-01"),
        ),
    }
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def test_entries_are_listed_newest_first_and_filtered(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.put_many(entry(n) for n in range(1, 7))
    rows = store.rows()
    assert len(rows) == 6
    assert [r.started for r in rows] == sorted((r.started for r in rows), reverse=True)
    assert {r.seed for r in store.rows(Filter(trainee="Sam Reyes"))} == {2, 4, 6}
    assert {r.seed for r in store.rows(Filter(scenario="orders-db", date_from="2026-03-01"))} == {2}
    assert {r.seed for r in store.rows(Filter(text="checkout maria"))} == {1, 3, 5}
    assert store.rows(Filter(text="checkout sam")) == []
    assert store.seats(rows[0].id) == [Seat("maria", "Maria Okafor", "human: incident_commander")]
    details = store.details([rows[0].id, rows[1].id])
    assert details.phases[rows[0].id]["mtta"] == 30.0
    assert details.failed == [("MIT-FIRST", "Mitigate first", 2, 2)]
    assert details.failed_rules == [(r.id, "Mitigate first", "R1") for r in sorted(rows[:2])]
    assert store.objectives(rows[0].id)[0].rules == ("R1",)
    assert store.schema_version == SCHEMA_VERSION
    assert store.integrity() == "ok"


def test_putting_a_journal_again_replaces_its_entry(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.put(entry(1))
    store.put(entry(1, outcome="time_limit", score=12.0))
    (row,) = store.rows()
    assert (row.outcome, row.score) == ("time_limit", 12.0)
    assert len(store.objectives(row.id)) == 1


def test_action_item_state_is_tracked_apart_and_survives_a_reindex(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.put(entry(1))
    (item,) = store.action_items()
    assert (item.status, item.owner, item.due) == ("open", "Sam", "2026-02-01")
    store.update_action_item(item, status="in_progress", owner="Lena Fischer", due="2026-03-01")
    store.put(entry(1, score=99.0))  # the journal read again
    (again,) = store.action_items()
    assert (again.status, again.owner, again.due) == ("in_progress", "Lena Fischer", "2026-03-01")
    with pytest.raises(ValueError) as bad:
        store.update_action_item(again, due="next week")
    assert str(bad.value) == (
        "due date 'next week' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31"
    )
    with pytest.raises(ValueError, match="unknown action-item status 'closed'"):
        store.update_action_item(again, status="closed")


def test_an_index_of_the_first_schema_is_migrated_and_its_rows_marked_for_rereading(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATION_1)
    old.execute(
        "INSERT INTO runs (journal, started, scenario_id, outcome, score) "
        "VALUES ('/runs/a/journal.jsonl', '2025-11-02T09:00:00+00:00', 'payments', 'resolved', 80)"
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    store = HistoryStore(path)
    assert store.schema_version == SCHEMA_VERSION == 4
    (row,) = store.rows()
    assert (row.journal, row.scenario_id, row.score, row.trainee, row.parent_journal) == (
        "/runs/a/journal.jsonl",
        "payments",
        80.0,
        "",
        "",
    )
    assert store.fingerprints()["/runs/a/journal.jsonl"][3] == 1  # stale: read it again
    store.put(entry(1))
    assert store.fingerprints()["/runs/run1/journal.jsonl"][3] == 0


def test_an_index_from_a_newer_version_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 9")
    db.commit()
    db.close()
    with pytest.raises(HistoryError) as error:
        HistoryStore(path)
    assert str(error.value) == (
        f"{path}: the history index has schema version 9, newer than this gameday's 4; "
        "update gameday, or run `gameday history --rebuild` with this version to start a new index"
    )


def test_a_damaged_index_file_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it was overwritten" * 100)
    store = HistoryStore(path)
    assert store.recovered.startswith(f"{path}: the history index was damaged (")
    assert "a new one is rebuilt from the journals" in store.recovered
    assert store.rows() == []
    assert len(list(tmp_path.glob("history.sqlite3.damaged-*"))) == 1


def test_an_app_killed_mid_write_leaves_the_index_as_before_that_write(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    store.put(entry(1))
    store.close()
    # another process starts a big write and is killed (SIGKILL-like: os._exit) inside it
    script = textwrap.dedent(
        f"""
        import os
        from simulator.history import HistoryStore
        from tests.simulator.history.test_store import entry
        store = HistoryStore(__import__("pathlib").Path({str(path)!r}))
        with store.transaction() as db:
            for n in range(2, 400):
                store._put(db, entry(n))
            os._exit(9)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[3])
    assert done.returncode == 9
    store = HistoryStore(path)
    assert [r.seed for r in store.rows()] == [1]
    assert store.integrity() == "ok"
    store.put(entry(2))
    assert len(store.rows()) == 2
