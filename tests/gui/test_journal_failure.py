"""A journal write that fails mid-exercise: the clock pauses, a dialog names the file and the
reason, and the whole journal can be saved elsewhere, where the rest of the run is recorded.

The failures are real: the journal is a link to ``/dev/full`` (every write: ENOSPC), or the
process's file-size limit (RLIMIT_FSIZE: EFBIG) is lowered under a journal already started.
"""

from __future__ import annotations

import resource
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

import gui.session
from gui.journal_rescue import CONTINUE_TEXT, SAVE_TEXT, STAY_TEXT, TITLE
from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator.journal import read_journal

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full")


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GUI runs go to a folder whose journal.jsonl is written to /dev/full (every write fails
    with ENOSPC; the writer opens /dev/full in its place, as a planted symbolic link is never
    written through)."""
    import os

    import simulator.journal

    run_dir = tmp_path / "full-run"
    run_dir.mkdir()
    journal = run_dir / "journal.jsonl"
    fresh = simulator.journal.open_fresh

    def opened(path: Path) -> int:
        return os.open("/dev/full", os.O_WRONLY) if path == journal else fresh(path)

    monkeypatch.setattr(simulator.journal, "open_fresh", opened)
    monkeypatch.setattr(gui.session, "new_run_dir", lambda _scenario, _seed: run_dir)
    return run_dir


def click(text: str) -> Any:
    """A modal handler that clicks the button labelled ``text``."""

    def handler(box: QMessageBox) -> int:
        button = next(b for b in box.buttons() if b.text() == text)
        button.click()
        return 0

    return handler


def save_to(path: Path) -> Any:
    """A modal handler for the save dialog: choose ``path`` and accept."""

    def handler(dialog: Any) -> int:
        assert dialog.objectName() == "saveJournalDialog"
        dialog.setDirectory(str(path.parent.parent))
        dialog.selectFile(f"{path.parent.name}/{path.name}")
        return int(QDialog.DialogCode.Accepted)

    return handler


def start(window: Any) -> Any:
    """Watch the payments scenario at 60x (the first slice cannot reach the end)."""
    assert window.start(SCENARIO, StartOptions(None, Mode.WATCH, 60.0, 1))
    window.exercise_view.start_clock()  # the briefing's Start
    return window.session


def test_a_full_disk_pauses_the_run_and_the_journal_is_saved_elsewhere(
    main_window: Any, qtbot: Any, modal: Any, full_disk: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "elsewhere" / "journal.jsonl"
    journal = full_disk / "journal.jsonl"
    modal.expect(click(SAVE_TEXT))
    modal.expect(save_to(saved))
    modal.expect(lambda box: 0)  # "Journal saved"
    session = start(main_window)
    qtbot.waitUntil(lambda: len(modal.seen) == 3, timeout=10000)
    session.clock.set_speed(0.0)  # as fast as possible, to the end
    failure, _, done = modal.seen
    assert failure.windowTitle() == TITLE
    records_then = failure.text().split("all ")[1].split(" records")[0]
    assert failure.text() == (
        f"Writing the journal to {journal} failed: No space left on device (ENOSPC).\n\n"
        f"Nothing is lost: all {records_then} records so far are kept in memory. The exercise "
        "is paused; it can go on.\n\n"
        "Save the whole journal to another place, and the rest of the run is recorded there."
    )
    assert failure.detailedText() == (
        f"cannot write the journal {journal}: No space left on device (ENOSPC); it stopped "
        "before any record (free some disk space, or save the journal on another disk)\n\n"
        "The fix: free some disk space, or save the journal on another disk."
    )
    choices = {b.text() for b in failure.buttons()} - {"Show Details..."}
    assert choices == {SAVE_TEXT, CONTINUE_TEXT, STAY_TEXT}
    assert failure.defaultButton().text() == SAVE_TEXT
    assert done.windowTitle() == "Journal saved"
    assert done.text() == (
        f"The whole journal so far ({records_then} records) is saved in {saved}. The rest of "
        "the run is recorded there."
    )
    # the clock resumed after the rescue and the run ends with every record in the new file
    qtbot.waitUntil(lambda: session.exercise.finished, timeout=20000)
    assert main_window.debrief is not None
    assert read_journal(saved) == list(session.exercise.records)
    assert session.journal_path == saved and session.run_dir == saved.parent
    assert not main_window.save_journal_action.isEnabled()
    assert main_window.statusBar().currentMessage() == ""  # the debrief cleared it


def test_staying_paused_keeps_the_run_in_memory_and_the_menu_saves_it_later(
    main_window: Any, qtbot: Any, modal: Any, full_disk: Path, tmp_path: Path
) -> None:
    modal.expect(click(STAY_TEXT))
    session = start(main_window)
    qtbot.waitUntil(lambda: len(modal.seen) == 1, timeout=10000)
    assert not session.clock.running and not session.exercise.finished
    assert main_window.save_journal_action.isEnabled()
    assert main_window.statusBar().currentMessage() == session.writer.error_message()
    # going back to the library warns that the run would be lost
    modal.expect(lambda box: int(box.StandardButton.Cancel))
    main_window.show_library()
    assert modal.seen[-1].text() == (
        f"The journal could not be written to {full_disk / 'journal.jsonl'}: the run is kept "
        "only in memory and is lost when you go back.\n\nGo back anyway? (Cancel, then "
        "Exercise > Save journal as… keeps it.)"
    )
    assert main_window.session is session
    # a save to a place that cannot be written either says why and keeps the journal
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    modal.expect(save_to(blocked / "journal.jsonl"))
    modal.expect(lambda box: 0)
    main_window.save_journal_action.trigger()
    warning = modal.seen[-1]
    assert (warning.windowTitle(), warning.text()) == (
        "The journal could not be saved there",
        f"Saving the journal to {blocked / 'journal.jsonl'} failed: Not a directory "
        "(ENOTDIR).\n\nA file is in the way of the folder; save the journal in another folder. "
        "The journal is still in memory.",
    )
    assert session.journal_failed and main_window.save_journal_action.isEnabled()
    saved = tmp_path / "later.jsonl"
    modal.expect(save_to(saved))
    modal.expect(lambda box: 0)
    main_window.save_journal_action.trigger()
    assert not session.journal_failed and not main_window.save_journal_action.isEnabled()
    assert read_journal(saved) == list(session.exercise.records)
    assert main_window.statusBar().currentMessage() == f"Journal: {saved}"


def test_continue_without_saving_runs_on_and_the_debrief_scores_from_memory(
    main_window: Any, qtbot: Any, modal: Any, full_disk: Path
) -> None:
    modal.expect(click(CONTINUE_TEXT))
    session = start(main_window)
    qtbot.waitUntil(lambda: len(modal.seen) == 1, timeout=10000)
    session.clock.set_speed(0.0)
    qtbot.waitUntil(lambda: session.exercise.finished, timeout=20000)
    assert len(modal.seen) == 1  # asked once, not after every slice
    assert main_window.debrief is not None
    assert main_window.debrief.records == tuple(session.exercise.records)
    assert main_window.debrief.records[-1].kind == "end"
    assert main_window.debrief.export_status.text() == (
        f"Journal: not saved — writing {full_disk / 'journal.jsonl'} failed; the run is only in "
        "memory (Exercise > Save journal as… keeps it)"
    )
    # quitting now warns that the run would be lost
    modal.expect(lambda box: int(box.StandardButton.Cancel))
    assert not main_window.close()
    assert modal.seen[-1].windowTitle() == "Quit"
    assert modal.seen[-1].text() == (
        f"The journal could not be written to {full_disk / 'journal.jsonl'}: the run is kept "
        "only in memory and is lost when you quit.\n\nQuit anyway? (Cancel, then Exercise > "
        "Save journal as… keeps it.)"
    )
    # from the debrief, the menu still saves the whole run, end record included
    assert main_window.save_journal_action.isEnabled()
    saved = full_disk.parent / "after" / "journal.jsonl"
    saved.parent.mkdir()
    modal.expect(save_to(saved))
    modal.expect(lambda box: 0)
    main_window.save_journal_action.trigger()
    assert modal.seen[-1].text() == (
        f"The whole journal so far ({len(session.exercise.records)} records) is saved in {saved}."
    )
    assert read_journal(saved) == list(session.exercise.records)
    assert not main_window.save_journal_action.isEnabled()
    assert main_window.debrief.export_status.text() == f"Journal: {saved}"
    main_window.close_session()  # quitting no longer warns: nothing would be lost


@pytest.fixture
def small_file_limit() -> Iterator[None]:
    """Let the test lower RLIMIT_FSIZE (writes past it fail with EFBIG, not a signal)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_write_failing_mid_run_is_noticed_after_the_slice(
    main_window: Any, qtbot: Any, modal: Any, small_file_limit: None, tmp_path: Path
) -> None:
    assert main_window.start(SCENARIO, StartOptions(None, Mode.WATCH, 60.0, 1))
    session = main_window.session
    session.clock.pause()
    journal = session.journal_path
    written = len(session.exercise.records)
    assert len(read_journal(journal)) == written
    size = journal.stat().st_size
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 10, resource.RLIM_INFINITY))
    modal.expect(click(STAY_TEXT))
    session.clock.step()  # the next inject: its record does not fit
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    assert len(modal.seen) == 1
    fix = "save the journal on a disk whose file system allows larger files"
    assert modal.seen[0].detailedText() == (
        f"cannot write the journal {journal}: File too large (EFBIG); it stopped after "
        f"{written} record(s) ({fix})\n\nThe fix: {fix}."
    )
    assert not session.clock.running
    # the half-written line was cut off: the file is a journal up to the failure
    assert read_journal(journal) == list(session.exercise.records[:written])
    assert journal.stat().st_size == size
