"""``gameday batch`` and Ctrl-C: the runs that finished are written as a partial batch within
seconds, the workers stop, and a second Ctrl-C never deadlocks (a real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


def batch_args(out: Path) -> list[str]:
    """A batch long enough to interrupt (30,000 runs on two workers)."""
    return ["batch", str(SCENARIO), "--runs", "30000", "--jobs", "2", "--out", str(out)]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a terminal, whatever started pytest


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_ctrl_c_twice_writes_a_partial_batch_and_exits(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "main", *batch_args(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own group: Ctrl-C reaches the parent and workers
            preexec_fn=_default_sigint,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and b"/30000 runs" not in err.read_bytes():
            assert process.poll() is None
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.2)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # the impatient second Ctrl-C
        started = time.monotonic()
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    took = time.monotonic() - started
    assert code in (130, 1), err.read_text(encoding="utf-8", errors="replace")
    assert took < 30
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker left behind
    if code == 130 and (out / "batch.json").exists():
        doc = json.loads((out / "batch.json").read_text(encoding="utf-8"))
        assert doc["partial"]["reason"] == "interrupted"
        assert 0 <= doc["partial"]["runs_done"] < 30000
        first = (out / "batch.csv").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# partial batch: interrupted after ")


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_one_ctrl_c_writes_what_finished_marked_partial(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "main", *batch_args(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and b"/30000 runs" not in err.read_bytes():
            assert process.poll() is None
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=60)
    text = err.read_text(encoding="utf-8", errors="replace")
    assert code == 130, text
    doc = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    done = doc["partial"]["runs_done"]
    assert doc["partial"] == {"runs_done": done, "runs_planned": 30000, "reason": "interrupted"}
    assert 0 < done < 30000
    assert sum(len(g["runs"]) for g in doc["groups"]) == done
    assert f"gameday batch: interrupted: wrote the {done} of 30000 runs that finished" in text
    lines = (out / "batch.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# partial batch: interrupted after {done} of 30000 runs"
    assert len(lines) == done + 2
