"""The index kept true to the journals (reports.history + simulator.history.indexer): a run
indexed with its score, phases and action items; a deleted journal listed as missing (and
back when it returns); a journal edited by hand read again, or listed as damaged with the
line's problem; a journal cut off by a killed run still indexed; a rebuild that keeps tracked
action items; a branch listed under its parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports.history import open_history, summarise
from scenarios import BUNDLED_DIR
from simulator.engine.runner import run_to_dir
from simulator.history import indexer
from simulator.history.branch import BranchPoint, write_branch
from simulator.loading import load_bundle

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    bundle, _ = load_bundle(SCENARIO)
    assert bundle is not None
    base = tmp_path_factory.mktemp("journals")
    out = []
    for seed in (1, 2):
        run_to_dir(bundle, seed, base / f"seed{seed}")
        out.append(base / f"seed{seed}" / "journal.jsonl")
    return out


def _copy(journal: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    target = folder / "journal.jsonl"
    target.write_bytes(journal.read_bytes())
    return target


def test_a_run_is_indexed_with_what_lists_and_trends_need(journals: list[Path]) -> None:
    e = summarise(journals[0])
    assert e.status == "ok" and e.problem == ""
    assert (e.scenario_id, e.scenario_title, e.team_id, e.mode, e.seed) == (
        "payments-bad-deploy",
        "Checkout down: a bad payments deploy",
        "acme-platform",
        "watch",
        1,
    )
    assert e.outcome == "resolved" and e.rating in "PSMU" and e.score is not None
    assert e.severity == "SEV-2"
    assert set(e.phases) >= {"mttd", "mtta", "time_to_mitigate", "time_to_resolve"}
    assert e.started.startswith("20") and len(e.sha256) == 64
    assert {s.role for s in e.seats} >= {"incident_commander"}
    assert len(e.objectives) > 10 and e.families


def test_deleted_edited_and_cut_off_journals(tmp_path: Path, journals: list[Path]) -> None:
    data = tmp_path / "data"
    a = _copy(journals[0], data / "runs" / "a")
    b = _copy(journals[1], data / "runs" / "b")
    store = open_history(data)  # a refresh finds both under runs/
    assert {Path(r.journal) for r in store.rows()} == {a.resolve(), b.resolve()}

    # deleted: listed as missing, never dropped; back when the file returns
    saved = a.read_bytes()
    a.unlink()
    outcome = indexer.refresh(store, summarise, [data / "runs"])
    assert outcome.missing == [str(a.resolve())]
    row = store.row_of(str(a.resolve()))
    assert row is not None and row.status == "missing"
    assert row.problem == "the journal file is gone (deleted or moved)"
    assert row.scenario_title == "Checkout down: a bad payments deploy"  # what was known stays
    a.write_bytes(saved)
    indexer.refresh(store, summarise, [data / "runs"])
    assert store.row_of(str(a.resolve())).status == "ok"  # type: ignore[union-attr]

    # edited by hand, still valid: read again (the seed shown is the edited one)
    lines = b.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["payload"]["seed"] = 77
    b.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    indexer.refresh(store, summarise, [data / "runs"])
    assert store.row_of(str(b.resolve())).seed == 77  # type: ignore[union-attr]

    # edited by hand into a wrong type: listed as damaged with the record and the fix
    bad = json.loads(lines[5])
    bad["t"] = "soon"
    b.write_text("\n".join([lines[0], *lines[1:5], json.dumps(bad), *lines[6:]]) + "\n")
    indexer.refresh(store, summarise, [data / "runs"])
    row = store.row_of(str(b.resolve()))
    assert row is not None and row.status == "damaged"
    assert row.problem.startswith(f"{b.resolve()}:6: ")

    # cut off mid-line by a killed run: the records before it are indexed
    b.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])
    indexer.refresh(store, summarise, [data / "runs"])
    row = store.row_of(str(b.resolve()))
    assert row is not None and row.status == "ok"


def test_a_rebuild_keeps_tracked_action_items_and_branch_links(
    tmp_path: Path, journals: list[Path]
) -> None:
    data = tmp_path / "data"
    parent = _copy(journals[0], data / "runs" / "parent")
    branch = _copy(journals[1], data / "runs" / "branch")
    write_branch(branch.parent, BranchPoint(str(parent.resolve()), 600.0))
    elsewhere = _copy(journals[0], tmp_path / "cli-out")
    store = open_history(data)
    indexer.index_journal(store, elsewhere, summarise)  # a gameday run --out elsewhere
    items = store.action_items()
    if items:
        store.update_action_item(items[0], status="done")
    outcome = indexer.rebuild(store, summarise, [data / "runs"])
    assert sorted(outcome.indexed) == sorted(str(p.resolve()) for p in (parent, branch, elsewhere))
    kids = store.branches_of(str(parent.resolve()))
    assert [(Path(k.journal), k.branch_t) for k in kids] == [(branch.resolve(), 600.0)]
    if items:
        assert store.action_items()[0].status == "done"


def test_a_journal_that_is_not_one_is_listed_as_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "runs" / "x"
    folder.mkdir(parents=True)
    (folder / "journal.jsonl").write_text("scenario: not a journal\n", encoding="utf-8")
    store = open_history(tmp_path / "data")
    (row,) = store.rows()
    assert row.status == "damaged"
    assert row.problem.startswith(f"{(folder / 'journal.jsonl').resolve()}:1: not JSON")
