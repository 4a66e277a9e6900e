"""``gameday resume``: a headless run killed with SIGKILL continues where it stopped and ends
with exactly the journal an uninterrupted run writes (same seed, same records)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from main import main
from simulator.engine.replay import same_journal
from simulator.journal import read_journal

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"

#: A real ``gameday run`` whose journal writes are slowed down, so it can be killed mid-run.
SLOW_RUN = """
import sys, time
import simulator.journal as journal
write = journal.JournalWriter.write
def slow(self, record):
    write(self, record)
    time.sleep(0.05)
journal.JournalWriter.write = slow
from main import main
sys.exit(main(sys.argv[1:]))
"""


def kill_mid_run(out: Path, lines: int) -> None:
    """Start ``gameday run`` in a subprocess and SIGKILL it once its journal has ``lines``."""
    args = ["run", str(SCENARIO), "--seed", "5", "--out", str(out), "--no-history"]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_run_resumes_to_the_same_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole"
    assert main(["run", str(SCENARIO), "--seed", "5", "--out", str(whole), "--no-history"]) == 0
    expected = read_journal(whole / "journal.jsonl")
    killed = tmp_path / "killed"
    kill_mid_run(killed, 30)
    cut = (killed / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert 30 <= len(cut) < len(expected)
    assert not any('"kind":"end"' in line for line in cut)
    capsys.readouterr()
    assert main(["resume", str(killed)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Resumed {killed / 'journal.jsonl'} at T+")
    resumed = read_journal(killed / "journal.jsonl")
    assert same_journal(resumed[1:], expected[1:])
    after = (killed / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert after[: len(cut) - 1] == cut[:-1]  # what the killed run wrote is kept as written
    assert [p.name for p in killed.iterdir()] == ["journal.jsonl"]  # no temp file left
    assert main(["resume", str(killed)]) == 1
    assert capsys.readouterr().err == (
        f"gameday resume: {killed / 'journal.jsonl'}: the run ended (resolved); there is "
        "nothing to resume\n"
    )


def test_a_cut_last_line_is_dropped_and_the_run_resumed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole"
    assert main(["run", str(SCENARIO), "--seed", "2", "--out", str(whole), "--no-history"]) == 0
    lines = (whole / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut"
    cut.mkdir()
    half = len(lines) // 2
    text = "\n".join(lines[:half]) + "\n" + lines[half][:25]
    (cut / "journal.jsonl").write_text(text, encoding="utf-8")
    assert main(["resume", str(cut)]) == 0
    err = capsys.readouterr().err
    assert err.endswith(
        f"gameday: {cut / 'journal.jsonl'}:{half + 1}: the last line is incomplete (the run was "
        f"interrupted?); resuming from the {half} records before it\n"
    )
    resumed = read_journal(cut / "journal.jsonl")
    assert same_journal(resumed[1:], read_journal(whole / "journal.jsonl")[1:])
    mode = (cut / "journal.jsonl").stat().st_mode & 0o777
    assert mode == (whole / "journal.jsonl").stat().st_mode & 0o777


def test_a_journal_the_files_no_longer_rebuild_is_not_resumed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"
    assert main(["run", str(SCENARIO), "--seed", "2", "--out", str(run), "--no-history"]) == 0
    records = read_journal(run / "journal.jsonl")[:40]
    sample = next(r for r in records if r.kind == "sample" and r.seq > 5)
    lines = [r.to_json() for r in records]
    lines[sample.seq] = lines[sample.seq].replace('"users":', '"users":7', 1)
    (run / "journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = (run / "journal.jsonl").read_bytes()
    capsys.readouterr()
    assert main(["resume", str(run)]) == 1
    assert capsys.readouterr().err.endswith(
        f"gameday resume: {run / 'journal.jsonl'}: cannot resume: record {sample.seq} differs "
        "when the run is rebuilt (were the scenario, team or runbooks changed since the run?)\n"
    )
    assert (run / "journal.jsonl").read_bytes() == before  # nothing rewritten
