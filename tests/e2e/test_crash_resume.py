"""User story: the app dies mid-exercise (SIGKILL) and, started again, offers to resume it.

A real app subprocess (tests/e2e/crash_driver.py) plays payments-bad-deploy as the incident
commander and takes eight actions; once its journal holds them and the clock has run on, it is
killed. The app started again on the same data folder lists the run (title, time, T+..., who
played), Resume rebuilds it with the same seed and every human action, writing on to the same
journal, and opens the exercise paused at the moment of the kill. Discard keeps the journal and
never offers the run again; Later offers it at the next start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

import gui.session
from gui.resume import DISCARDED_NAME, ResumeDialog, interrupted_runs
from simulator.durations import format_duration
from simulator.journal import Record, read_journal
from simulator.state import fold
from tests.e2e.crash_driver import LAST_NOTE, SCENARIO, SEED, script

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Checkout down: a bad payments deploy"


def _records(journal: Path) -> list[Record]:
    try:
        return read_journal(journal)
    except Exception:  # the app is still writing its first lines
        return []


def _wait_for(journal_glob: Path, done: Any, proc: subprocess.Popen[bytes]) -> Path:
    """Poll the run folder until ``done(records)`` (the app subprocess writes it)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "app exited"
        for journal in journal_glob.glob("*/journal.jsonl"):
            if done(_records(journal)):
                return journal
        time.sleep(0.05)
    pytest.fail("the app never wrote the scripted actions")


def _human(records: list[Record]) -> list[str]:
    return [
        r.without_wall().to_json()
        for r in records
        if r.actor == "maria" and r.kind in ("action", "rejected")
    ]


def _kill_mid_exercise(data_dir: Path, tmp_path: Path) -> tuple[Path, list[Record]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GAMEDAY_DATA_DIR=str(data_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.crash_driver", str(tmp_path / "driver.ini")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def ran_on(records: list[Record]) -> bool:
            notes = [r for r in records if r.payload.get("text") == LAST_NOTE]
            # the scripted actions are in, and the running clock has written more since
            return bool(notes) and records[-1].seq >= notes[0].seq + 3

        journal = _wait_for(data_dir / "runs", ran_on, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return journal, read_journal(journal)


def test_killed_app_resumes_every_action_and_the_same_state(
    qtbot: Any,
    main_window: Any,
    modal: Any,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gui.session, "runs_root", lambda: data_dir / "runs")
    journal, killed = _kill_mid_exercise(data_dir, tmp_path)
    assert not any(r.kind == "end" for r in killed)
    scripted = _human(killed)
    assert len(scripted) == len(script("maria"))
    assert all('"kind":"action"' in line for line in scripted), scripted
    stopped = killed[-1].t

    def answer(dialog: ResumeDialog) -> int:
        assert isinstance(dialog, ResumeDialog)
        assert dialog.windowTitle() == "Resume an interrupted exercise"
        assert dialog.list.count() == 1
        label = dialog.list.item(0).text()
        assert label.startswith(f"{TITLE} — ")
        assert label.endswith(f", stopped at T+{format_duration(stopped)}, played by Maria Okafor")
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    modal.expect(answer)
    assert main_window.offer_interrupted()
    session = main_window.session
    assert session is not None
    # the same run, the same journal, the same seed; the clock paused where the app died
    assert session.journal_path == journal
    assert session.exercise.records[0].payload["seed"] == SEED
    assert not session.clock.running
    assert session.exercise.now == pytest.approx(stopped, abs=0.001)
    assert main_window.pages.currentWidget() is main_window.exercise_view
    assert main_window.exercise_view.pages.currentIndex() == 0  # not the briefing
    assert (
        main_window.statusBar()
        .currentMessage()
        .startswith(f"Resumed at T+{format_duration(stopped)}, paused — press Play to go on.")
    )
    # every human action is in the resumed run, and the incident is where it was
    rebuilt = list(session.exercise.records)
    assert _human(rebuilt) == scripted
    want, got = fold(killed), session.exercise.state
    assert got.declared == want.declared is True
    assert got.severity == want.severity
    assert got.roles == want.roles
    assert got.mitigations == want.mitigations
    assert got.tasks == want.tasks
    assert [n.payload for n in got.notes] == [n.payload for n in want.notes]
    # the run goes on, written on to the same journal
    session.bridge.advance(120)
    on_disk = read_journal(journal)
    assert [r.without_wall().to_json() for r in on_disk[: len(killed)]] == [
        r.without_wall().to_json() for r in killed
    ]
    assert len(on_disk) > len(killed)
    assert not list(journal.parent.glob("*.resume"))


def _interrupted_journal(runs: Path) -> Path:
    """A journal a person was playing when the app died (no ``end`` record)."""
    from simulator.engine import Exercise, Seat
    from simulator.loading import load_bundle
    from simulator.model import Role

    bundle, _ = load_bundle(SCENARIO)
    assert bundle is not None
    journal = runs / "20261206-080000-payments-bad-deploy-seed5" / "journal.jsonl"
    exercise = Exercise(
        bundle,
        seed=SEED,
        seat=Seat(actor="maria", role=Role.INCIDENT_COMMANDER),
        journal_path=journal,
    )
    for wait, action in script("maria")[:3]:
        exercise.advance(wait)
        exercise.act(action)
    assert exercise.journal_writer is not None
    exercise.journal_writer.close()  # as a kill leaves it: every line written, no `end`
    return journal


def test_discard_keeps_the_journal_and_later_asks_again(
    qtbot: Any, main_window: Any, modal: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = data_dir / "runs"
    monkeypatch.setattr(gui.session, "runs_root", lambda: runs)
    journal = _interrupted_journal(runs)
    assert len(interrupted_runs()) == 1

    def later(dialog: ResumeDialog) -> int:
        dialog.show()
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    modal.expect(later)
    assert not main_window.offer_interrupted()
    assert main_window.session is None
    assert len(interrupted_runs()) == 1  # offered again at the next start

    def discard(dialog: ResumeDialog) -> int:
        dialog.show()
        qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    modal.expect(discard)
    assert not main_window.offer_interrupted()
    assert journal.exists() and (journal.parent / DISCARDED_NAME).exists()
    assert interrupted_runs() == []
    assert not main_window.offer_interrupted()  # nothing to offer: no dialog at all


def test_gameday_gui_offers_interrupted_runs_on_start(
    qtbot: Any, qsettings: Any, modal: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    import gui.app
    from gui.main_window import MainWindow

    _interrupted_journal(data_dir / "runs")  # gui.session.runs_root: $GAMEDAY_DATA_DIR/runs
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)  # do not enter the event loop
    monkeypatch.setattr(gui.app, "QSettings", lambda: qsettings)
    before = {id(w) for w in QApplication.topLevelWidgets()}
    modal.expect(lambda dialog: ResumeDialog.LATER)
    assert gui.app.cmd_gui(argparse.Namespace(scenario=None)) == 0
    (window,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and id(w) not in before
    ]
    qtbot.addWidget(window, before_close_func=lambda w: w.close_session())
    qtbot.waitUntil(lambda: bool(modal.seen), timeout=20000)
    (dialog,) = modal.seen
    assert isinstance(dialog, ResumeDialog)
    assert dialog.text() == (
        "1 exercise was interrupted before it ended. Resume one where it stopped (the clock "
        "stays paused until you press Play)?"
    )
    assert window.session is None


def test_history_resumes_an_interrupted_run(
    qtbot: Any, main_window: Any, modal: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = data_dir / "runs"
    monkeypatch.setattr(gui.session, "runs_root", lambda: runs)
    journal = _interrupted_journal(runs)
    (journal.parent / DISCARDED_NAME).write_text("discarded\n")  # History still offers it
    history = main_window.history_pages.show_history()
    assert history is not None
    qtbot.waitUntil(lambda: history.select_journal(str(journal)), timeout=20000)
    button = history.buttons["resume"]
    assert button.isEnabled() and button.text() == "Resume"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    session = main_window.session
    assert session is not None and session.journal_path == journal
    assert not session.clock.running
    assert session.exercise.now == pytest.approx(read_journal(journal)[-1].t)
    assert _human(list(session.exercise.records)) == _human(read_journal(journal))
    assert main_window.pages.currentWidget() is main_window.exercise_view


def test_a_run_another_app_is_playing_is_not_offered(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.run_lock import RunLock

    runs = data_dir / "runs"
    monkeypatch.setattr(gui.session, "runs_root", lambda: runs)
    journal = _interrupted_journal(runs)
    lock = RunLock(journal.parent)  # as the app playing it holds it
    assert interrupted_runs() == []
    lock.release()  # the app ended (or was killed: the system lets go of the lock)
    assert [run.journal for run in interrupted_runs()] == [journal]
