"""The History view's own actions: sorting, real incidents marked, damaged journals listed,
delete to the trash (after asking) and empty it, export a zip, open the report, and a journal
dropped on the window or given to ``gameday gui`` opening in its debrief."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from scenarios import BUNDLED_DIR
from simulator.engine.runner import run_to_dir
from simulator.importing.timeline import import_timeline
from simulator.journal import save_journal
from simulator.loading import load_bundle

TIMELINE = BUNDLED_DIR / "timelines" / "github-2018-10-21.csv"


@pytest.fixture
def runs(runs_dir: Path) -> dict[str, Path]:
    bundle, _ = load_bundle(BUNDLED_DIR / "payments-bad-deploy.yaml")
    assert bundle is not None
    out = {}
    for seed in (1, 3):
        run_to_dir(bundle, seed, runs_dir / f"seed{seed}")
        out[f"seed{seed}"] = runs_dir / f"seed{seed}" / "journal.jsonl"
    save_journal(import_timeline(TIMELINE, []), runs_dir / "github" / "journal.jsonl")
    out["real"] = runs_dir / "github" / "journal.jsonl"
    (runs_dir / "broken").mkdir()
    (runs_dir / "broken" / "journal.jsonl").write_text("not a journal\n")
    out["broken"] = runs_dir / "broken" / "journal.jsonl"
    return out


def _ok(_box: Any) -> int:
    return int(QMessageBox.StandardButton.Ok)


def test_listing_sorting_and_what_each_row_says(main_window: Any, runs: dict[str, Path]) -> None:
    history = main_window.history_pages.show_history()
    model = history.model
    assert model.total == 4
    texts = {Path(r.journal).parent.name: r for r in model.shown_rows()}
    real = model.index_of(str(runs["real"].resolve()))
    assert model.data(real.siblingAtColumn(4)) == "Real incident"
    assert model.data(real.siblingAtColumn(3)) == "—"
    broken = model.index_of(str(runs["broken"].resolve()))
    assert model.data(broken.siblingAtColumn(5)) == "Damaged journal"
    assert "not JSON" in model.data(broken, Qt.ItemDataRole.ToolTipRole)
    assert (
        texts["seed1"].trainee == ""
        and model.data(model.index_of(str(runs["seed1"].resolve())).siblingAtColumn(3))
        == "Simulated team"
    )
    assert history.status.text() == "4 exercises shown of 4; 1 damaged (hover for why)"
    # sort by score, highest first; the damaged one (no score) last
    history.tree.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    scores = [r.score for r in model.top]
    assert scores[-1] is None and scores[:-1] == sorted(scores[:-1], reverse=True)
    # a damaged journal cannot be opened, only deleted or exported
    history.select_journal(str(runs["broken"].resolve()))
    assert not history.buttons["debrief"].isEnabled() and history.buttons["delete"].isEnabled()
    # a real incident opens, but cannot be replayed
    history.select_journal(str(runs["real"].resolve()))
    assert history.buttons["debrief"].isEnabled() and not history.buttons["replay"].isEnabled()


def test_delete_asks_moves_to_the_trash_and_the_trash_empties(
    main_window: Any, runs: dict[str, Path], runs_dir: Path, modal: Any
) -> None:
    history = main_window.history_pages.show_history()
    history.select_journal(str(runs["seed1"].resolve()))
    modal.expect(lambda box: int(QMessageBox.StandardButton.Cancel))
    history.buttons["delete"].click()
    assert runs["seed1"].is_file() and history.model.total == 4
    asked: list[str] = []
    modal.expect(lambda box: asked.append(box.text()) or _ok(box))
    history.buttons["delete"].click()
    assert asked[0].startswith("Move 1 exercise to the trash?\n- Checkout down")
    assert not runs["seed1"].exists()
    trash = runs_dir.parent / "trash"
    (moved,) = trash.iterdir()
    assert (moved / "journal.jsonl").is_file()
    assert history.model.total == 3
    assert history.buttons["empty_trash"].text() == "Empty trash (1)…"
    modal.expect(_ok)
    history.buttons["empty_trash"].click()
    assert list(trash.iterdir()) == []
    assert not history.buttons["empty_trash"].isEnabled()


def test_export_a_selection_as_zip_and_open_a_report(
    main_window: Any, runs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.history

    history = main_window.history_pages.show_history()
    history.tree.selectAll()
    target = history.export_zip(tmp_path / "out.zip")
    assert target == tmp_path / "out.zip"
    names = sorted(zipfile.ZipFile(target).namelist())
    assert names == [
        "broken/journal.jsonl",
        "github/journal.jsonl",
        "seed1/journal.jsonl",
        "seed3/journal.jsonl",
    ]
    assert history.status.text() == f"Exported 4 exercises (4 files) to {target}"
    opened: list[str] = []
    monkeypatch.setattr(gui.history, "open_url", lambda url: opened.append(url.toLocalFile()))
    history.select_journal(str(runs["seed3"].resolve()))
    history.buttons["report"].click()
    report = runs["seed3"].parent / "report.html"
    assert opened == [str(report)] and "<html" in report.read_text()


def test_a_dropped_journal_opens_in_its_debrief(
    main_window: Any, runs: dict[str, Path], qtbot: Any
) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(runs["seed3"]))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    assert main_window.pages.currentWidget() is main_window.debrief
    assert main_window.debrief.session.journal_path == runs["seed3"]
    assert main_window.windowTitle().startswith("Checkout down: a bad payments deploy (past)")
    # an imported real incident opens as its report, marked real
    assert main_window.history_pages.open_journal(runs["real"])
    page = main_window.history_pages.report_page
    assert main_window.pages.currentWidget() is page
    assert page.findChild(object, "pastReportTitle").text().startswith("Real incident: ")


def test_a_journal_that_cannot_be_read_is_explained(
    main_window: Any, runs: dict[str, Path], modal: Any
) -> None:
    seen: list[str] = []
    modal.expect(lambda box: seen.append(box.text() + "\n" + box.detailedText()) or _ok(box))
    assert not main_window.history_pages.open_journal(runs["broken"])
    assert seen[0].startswith(f"{runs['broken']} cannot be opened.\n{runs['broken']}:1: not JSON")
    assert main_window.pages.currentWidget() is main_window.library


def test_gameday_gui_opens_a_journal_into_its_debrief(
    runs: dict[str, Path],
    runs_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    qsettings: Any,
) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    import gui.app
    from gui.app import cmd_gui
    from gui.main_window import MainWindow

    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)  # do not enter the event loop
    monkeypatch.setattr(gui.app, "QSettings", lambda: qsettings)  # never the user's settings
    before = {id(w) for w in QApplication.topLevelWidgets()}
    assert cmd_gui(argparse.Namespace(scenario=str(runs["seed1"]))) == 0
    (window,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and id(w) not in before
    ]
    qtbot.addWidget(window, before_close_func=lambda w: w.close_session())
    assert window.pages.currentWidget() is window.debrief
    assert window.debrief.session.journal_path == runs["seed1"]
