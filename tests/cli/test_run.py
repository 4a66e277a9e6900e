"""``gameday run``: journal, one-screen summary, located errors without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from simulator.engine.runner import summary
from simulator.journal import read_journal
from tests.simulator.engine_bundles import small_bundle

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


def test_run_writes_the_journal_and_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    assert main(["run", str(SCENARIO), "--seed", "4", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    records = read_journal(out / "journal.jsonl")
    assert records[0].payload["seed"] == 4
    assert records[0].payload["scenario_id"] == "payments-bad-deploy"
    assert records[-1].kind == "end"
    lines = printed.splitlines()
    assert lines[0] == "Checkout down: a bad payments deploy"
    assert lines[1] == "  scenario payments-bad-deploy · team acme-platform · seed 4"
    assert lines[2].startswith("  outcome: resolved at 00:")
    for label in ("MTTD (time to detect)", "Time to declare", "Time to resolve", "Mitigations"):
        assert label in printed
    assert "rollback payments-api -> resolves at" in printed
    # people by name, counts in the singular where there is one
    assert lines[3] == "  declared SEV-2 by Maria Okafor (true severity SEV-2)"
    assert "    00:13:30 Aiko Tanaka: rollback payments-api -> resolves at 00:19:30" in lines
    # 37 actions: the simulated IC posts the final notices in the wrap-up after resolving
    assert "  Counts: 1 alert, 6 pages, 6 injects, 37 actions (0 rejected), 2 findings, " in printed
    assert "  Responders: Aiko Tanaka, James Lind, Lena Fischer, Maria Okafor, Sam Reyes" in lines
    assert printed.rstrip().endswith(f"journal: {out / 'journal.jsonl'}")


def test_run_with_a_team_given_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SCENARIO), "--team", "startup", "--out", str(tmp_path)]) == 0
    assert "team startup" in capsys.readouterr().out
    assert read_journal(tmp_path / "journal.jsonl")[0].payload["team_id"] == "startup"


def test_run_reports_file_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: gameday/scenario@1\nid: x\ntitel: typo\n", encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3:1: error:" in err
    assert "Traceback" not in err
    assert err.rstrip().endswith("nothing was run")
    assert not (tmp_path / "o" / "journal.jsonl").exists()


def test_run_names_a_missing_team_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SCENARIO), "--team", "startp"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "startp:0:0: error: no such team file (did you mean 'startup'?)"
    )


def test_summary_of_an_unresolved_run() -> None:
    from simulator.engine import Exercise, Seat

    bundle = small_bundle(time_limit=600.0)
    ex = Exercise(bundle, seed=1, seat=Seat("ann", tabletop=True))
    ex.run_to_end()
    text = summary(bundle, ex.records)
    assert "  outcome: UNRESOLVED at the time limit (10m)" in text
    assert "  never declared (true severity SEV-2)" in text
    assert "    none applied" in text
    assert "  Responders: nobody" in text


# ---------------------------------------------------------------- a journal that cannot be written

#: Where the bundled scenario names the alert without a runbook (found, not hard-coded).
_LATENCY_LINE = next(
    n
    for n, line in enumerate(SCENARIO.read_text(encoding="utf-8").splitlines(), 1)
    if line.strip() == "alert: PaymentsAPILatencyHigh"
)
WARNING = (
    f"{SCENARIO}:{_LATENCY_LINE}:16: warning: services[0].metrics[1].alert: "
    "alert 'PaymentsAPILatencyHigh' "
    f"has no runbook (in {SCENARIO.parent / 'runbooks'}) (add a runbook titled "
    "'# PaymentsAPILatencyHigh')\n"
)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def full_disk(monkeypatch: pytest.MonkeyPatch, journal: Path) -> None:
    """Every write to ``journal`` fails with ENOSPC, as on a full disk (the writer opens
    /dev/full in its place: a planted symbolic link is never written through)."""
    import os

    import simulator.journal

    fresh = simulator.journal.open_fresh

    def opened(path: Path) -> int:
        return os.open("/dev/full", os.O_WRONLY) if path == journal else fresh(path)

    monkeypatch.setattr(simulator.journal, "open_fresh", opened)


def test_a_full_disk_is_one_clear_error_with_the_summary_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "journal.jsonl"
    full_disk(monkeypatch, journal)
    assert main(["run", str(SCENARIO), "--seed", "4", "--out", str(tmp_path), "--report"]) == 1
    captured = capsys.readouterr()
    assert captured.err == WARNING + (
        f"gameday run: cannot write the journal {journal}: No space left on device (ENOSPC); it "
        "stopped before any record (free some disk space, or save the journal on another disk)\n"
        "gameday run: the run finished in memory but its journal is incomplete; run it again "
        "with --seed 4 and an --out folder that can be written (the same seed gives the same "
        "run)\n"
    )
    # the run itself finished and its summary is printed; no report of a missing journal
    assert captured.out.splitlines()[2].startswith("  outcome: resolved at 00:")
    assert "journal:" not in captured.out
    assert not (tmp_path / "report.html").exists()


def test_a_write_failing_mid_run_keeps_a_readable_journal_up_to_it(tmp_path: Path) -> None:
    """A real failure mid-run: the file-size limit (RLIMIT_FSIZE) is 3000 bytes."""
    import resource
    import signal
    import subprocess
    import sys

    def limit() -> None:  # in the child only
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "run", str(SCENARIO), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    records = read_journal(tmp_path / "journal.jsonl")  # whole lines only: still a journal
    assert 1 <= len(records) < 20
    assert (tmp_path / "journal.jsonl").stat().st_size <= 3000
    assert done.stderr.splitlines()[1] == (
        f"gameday run: cannot write the journal {tmp_path / 'journal.jsonl'}: File too large "
        f"(EFBIG); it stopped after {len(records)} record(s) (save the journal on a disk whose "
        "file system allows larger files)"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (ENOSPC)")
def test_run_headless_raises_when_its_journal_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed write does not vanish silently for callers of the engine's own API."""
    from simulator.engine import run_headless
    from simulator.journal import JournalWriteError

    journal = tmp_path / "journal.jsonl"
    full_disk(monkeypatch, journal)
    with pytest.raises(JournalWriteError) as caught:
        run_headless(small_bundle(), seed=3, journal_path=journal)
    assert str(caught.value).startswith(f"cannot write the journal {journal}: No space left")
    assert caught.value.records[0].kind == "header"
    assert caught.value.records[-1].kind == "end"


@pytest.mark.parametrize(
    ("command", "written"),
    [
        (["batch", str(SCENARIO), "--runs", "2", "--jobs", "1"], ""),
        (["import-timeline", str(ROOT / "scenarios/timelines/aws-s3-2017.csv")], "journal.jsonl"),
    ],
)
def test_batch_and_import_name_the_os_reason_and_a_fix(
    tmp_path: Path, command: list[str], written: str
) -> None:
    """Outputs too large for the disk (RLIMIT_FSIZE 200 bytes): one line, errno and the fix."""
    import resource
    import signal
    import subprocess
    import sys

    def limit() -> None:  # in the child only
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *command, "--out", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    target = out / written if written else out
    assert done.stderr.splitlines()[-1] == (
        f"gameday {command[0]}: cannot write {target}: File too large (EFBIG) (write the output "
        "with --out on a disk whose file system allows larger files)"
    )
    assert "Traceback" not in done.stderr
