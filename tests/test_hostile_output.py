"""Hostile journals and text: located errors, nothing echoed from arbitrary files, nothing that
drives the terminal (issue 12)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cli.output import clean
from main import main
from simulator.journal import (
    MAX_JOURNAL_BYTES,
    JournalError,
    Record,
    parse_journal,
    read_journal,
)
from tests.fixtures.journals.builder import HERE


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run folder: the fixture journal next to the scenario, team and runbooks it names."""
    target = tmp_path / "run"
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (target / "good-run.jsonl").rename(target / "journal.jsonl")
    return target


def header_line(run_dir: Path) -> str:
    return (run_dir / "journal.jsonl").read_text(encoding="utf-8").splitlines()[0]


def journal_with(run_dir: Path, *lines: str) -> Path:
    path = run_dir / "journal.jsonl"
    path.write_text("\n".join([header_line(run_dir), *lines]) + "\n", encoding="utf-8")
    return path


def error_of(lines: list[str]) -> str:
    with pytest.raises(JournalError) as caught:
        parse_journal(lines, "j.jsonl")
    return str(caught.value)


def test_a_record_with_a_huge_t_is_located(run_dir: Path) -> None:
    head = header_line(run_dir)
    line = '{"seq":1,"t":1e300,"kind":"end","actor":"engine","payload":{}}'
    assert error_of([head, line]) == (
        "j.jsonl:2: field 't': expected sim seconds (a number from 0 to 10,000,000), got 1e+300"
    )
    huge_int = '{"seq":1,"t":' + "9" * 500 + ',"kind":"end","actor":"engine","payload":{}}'
    assert "expected sim seconds (a number from 0 to 10,000,000)" in error_of([head, huge_int])


def test_deeply_nested_json_is_located_not_a_recursion_error(run_dir: Path) -> None:
    line = '{"seq":1,"t":1,"kind":"end","actor":"e","payload":' + "[" * 100_000 + "]" * 100_000
    message = error_of([header_line(run_dir), line + "}"])
    assert message.startswith("j.jsonl:2: ")
    assert "nested too deeply" in message or "characters; a journal record is at most" in message
    nested = '{"seq":1,"t":1,"kind":"end","actor":"e","payload":{"a":' + "[" * 50_000
    assert error_of([header_line(run_dir), nested + "]" * 50_000 + "}}"]) == (
        "j.jsonl:2: JSON nested too deeply (a journal record is a flat object)"
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_a_journal_are_not_json(run_dir: Path, constant: str) -> None:
    line = '{"seq":1,"t":1,"kind":"sample","actor":"world","payload":{"users":' + constant + "}}"
    assert error_of([header_line(run_dir), line]) == (
        f"j.jsonl:2: not JSON: {constant} is not a JSON number"
    )


def test_the_writer_never_writes_nan_or_infinity() -> None:
    record = Record(3, 1.0, "sample", "world", {"users": float("nan"), "m": [float("-inf"), 2.0]})
    line = record.to_json()
    assert json.loads(line)["payload"] == {"users": None, "m": [None, 2.0]}
    assert "NaN" not in line and "Infinity" not in line


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(JournalError) as caught:
        read_journal(fifo)
    assert str(caught.value) == (
        f"{fifo}: not a regular file (a pipe, socket or device); save the journal to a file "
        "and give that file"
    )


def test_dev_zero_is_refused() -> None:
    with pytest.raises(JournalError, match="not a regular file"):
        read_journal(Path("/dev/zero"))


def test_a_journal_over_the_cap_is_refused_unless_allowed(run_dir: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(header_line(run_dir) + "\n")
        handle.truncate(MAX_JOURNAL_BYTES + 10)
    with pytest.raises(JournalError) as caught:
        read_journal(big)
    assert str(caught.value) == (
        f"{big}: 64 MiB is larger than a journal can be read by default (64 MiB); if it is a "
        "genuine journal of a very long run, give --allow-large"
    )


def test_a_header_naming_another_file_never_echoes_its_lines(
    run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\ntoken: s3cr3t\n", encoding="utf-8")
    journal = run_dir / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["payload"]["files"]["scenario"]["path"] = str(secret)
    journal.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    err = capsys.readouterr().err
    assert "hunter2" not in err and "password" not in err and "token" not in err
    assert f"the journal header names {secret}, which is not a gameday scenario file" in err


def test_a_header_path_longer_than_the_os_allows_is_missing_not_an_error(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = run_dir / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["payload"]["files"]["scenario"]["path"] = "a" * 5000 + ".yaml"
    journal.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    err = capsys.readouterr().err
    assert "recorded in the journal is missing" in err
    assert "internal error" not in err


def test_control_characters_and_bidi_overrides_are_shown_escaped() -> None:
    assert clean("a\x1b[31mred\x07\u202eevil\x9b\tok\n") == (
        "a\\x1b[31mred\\x07\\u202eevil\\x9b\tok\n"
    )


def test_an_escape_in_a_recorded_path_never_reaches_the_terminal(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = run_dir / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["payload"]["files"]["scenario"]["path"] = "\x1b]0;pwned\x07gone\u202e.yaml"
    journal.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    captured = capsys.readouterr()
    for stream in (captured.err, captured.out):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\x1b]0;pwned\\x07gone\\u202e.yaml" in captured.err


def test_a_clock_only_row_after_year_9999_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text(
        "time,kind,actor,text\n9999-12-31T23:59:00Z,impact_start,ops,users hit\n"
        "00:01,alert,mon,errors high\n",
        encoding="utf-8",
    )
    assert main(["import-timeline", str(csv), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    err = capsys.readouterr().err
    assert f"{csv}:3:1: error: time: '00:01' falls outside the calendar (before year 1 or " in err
    assert "internal error" not in err


def test_a_timeline_zone_naming_a_tz_folder_is_not_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text(
        "time,kind,actor,text\n2024-01-01 10:00 UTC,impact_start,ops,users hit\n"
        "2024-01-01 10:05 America/,alert,mon,errors\n",
        encoding="utf-8",
    )
    assert main(["import-timeline", str(csv), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    err = capsys.readouterr().err
    assert f"{csv}:3:1: error: time: '2024-01-01 10:05 America/' is not a time" in err


@pytest.mark.parametrize("command", ["import-timeline", "import-msel"])
def test_an_import_of_a_fifo_is_refused_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    fifo = tmp_path / "t.csv"
    os.mkfifo(fifo)
    out = tmp_path / ("o" if command == "import-timeline" else "o.yaml")
    args = [command, str(fifo), "--out", str(out)]
    assert main(args + (["--no-history"] if command == "import-timeline" else [])) == 1
    assert (
        f"{fifo}:0:0: error: this is not a regular file (a pipe, socket or device); expected a "
        "file (save the content to a file and give that file)"
    ) in capsys.readouterr().err


def test_a_timeline_over_16_mib_needs_allow_large(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("time,kind,actor,text\n2024-01-01T10:00:00Z,impact_start,ops,users\n")
        handle.write("# padding\n" * (17 * 1024 * 1024 // 10))
    assert main(["import-timeline", str(big), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    assert capsys.readouterr().err.startswith(
        f"{big}:0:0: error: the file is 17 MiB; an import reads at most 16 MiB (if it is a "
        "genuine export that large, give --allow-large)\n"
    )
    args = ["import-timeline", str(big), "--out", str(tmp_path / "o"), "--no-history"]
    assert main([*args, "--allow-large"]) == 0


def test_a_journal_number_of_hundreds_of_digits_is_located(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = '{"seq":1,"t":1,"kind":"sample","actor":"world","payload":{"users":' + "9" * 400
    journal_with(run_dir, sample + ',"metrics":{}}}')
    assert main(["report", str(run_dir), "--format", "md"]) == 1
    err = capsys.readouterr().err
    assert f"{run_dir / 'journal.jsonl'}:2: a sample record: payload.users: expected a whole" in err
    assert "internal error" not in err


@pytest.mark.parametrize(
    "doc", ["[" * 5000 + "]" * 5000, '{"incidents": ' + "[" * 100 + "]" * 100 + "}"]
)
def test_deeply_nested_json_exports_are_refused_with_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: str
) -> None:
    export = tmp_path / "incidents.json"
    export.write_text(doc, encoding="utf-8")
    assert main(["import-timeline", str(export), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    err = capsys.readouterr().err
    assert ": error: nested more than 64 levels deep; an export is not (give the file the " in err
    assert "internal error" not in err


def test_nan_in_a_json_export_is_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "incidents.json"
    export.write_text('{"incidents": [{"id": NaN}]}', encoding="utf-8")
    assert main(["import-timeline", str(export), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    assert "error: not JSON: NaN is not a JSON number" in capsys.readouterr().err


def test_a_report_set_replaces_planted_links_and_leaves_no_temp_files(
    run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (run_dir / "report.md").symlink_to(victim)
    assert main(["report", str(run_dir), "--format", "md,json"]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (run_dir / "report.md").is_symlink()
    assert (run_dir / "report.md").read_text(encoding="utf-8").startswith("# ")
    left = sorted(p.name for p in run_dir.iterdir() if p.name.startswith("."))
    assert left == []
    modes = {p.name: p.stat().st_mode & 0o777 for p in run_dir.glob("report.*")}
    journal_mode = (run_dir / "journal.jsonl").stat().st_mode & 0o777
    assert set(modes.values()) == {journal_mode}


def test_a_stale_staging_folder_of_a_killed_report_is_cleared(run_dir: Path) -> None:
    stale = run_dir / ".report-set-killed"
    stale.mkdir()
    (stale / "report.html").write_text("half", encoding="utf-8")
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    assert not stale.exists()


def test_a_journal_is_never_written_through_a_planted_link(tmp_path: Path) -> None:
    from simulator.journal import JournalWriter, save_journal

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    run = tmp_path / "run"
    run.mkdir()
    (run / "journal.jsonl").symlink_to(victim)
    with JournalWriter(run / "journal.jsonl") as writer:
        writer.write(Record(0, 0.0, "end", "engine", {"reason": "x"}))
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (run / "journal.jsonl").is_symlink()
    saved = run / "saved.jsonl"
    save_journal([Record(0, 0.0, "end", "engine", {})], saved)
    assert saved.stat().st_mode & 0o777 == (run / "journal.jsonl").stat().st_mode & 0o777


def test_report_md_shows_control_characters_escaped(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = run_dir / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    text = text.replace(
        'title: "Checkout down: a bad payments deploy"',
        'title: "Checkout \\e]0;pwned\\a down \\u202eyolped"',
    )
    scenario.write_text(text, encoding="utf-8")
    assert main(["report", str(run_dir), "--format", "md"]) == 0
    report = (run_dir / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Post-Mortem: Checkout \\x1b\\]0;pwned\\x07 down \\u202eyolped\n")
    assert "\x1b" not in report and "\x07" not in report and "\u202e" not in report


def test_a_team_number_of_hundreds_of_digits_is_out_of_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = (HERE / "team.yaml").read_text(encoding="utf-8")
    path = tmp_path / "team.yaml"
    path.write_text(team.replace("level: 1", "level: " + "9" * 400, 1), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert ".level: a number of 400 digits is out of range; expected a value between 1 and 3" in out


def test_a_header_of_thousands_of_brackets_is_read_as_a_bad_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text("x" + "[" * 30_000 + ",kind\n2024-01-01T10:00:00Z,alert\n", encoding="utf-8")
    assert main(["import-timeline", str(csv), "--out", str(tmp_path / "o"), "--no-history"]) == 1
    assert f"{csv}:1:1: error: header: missing column(s)" in capsys.readouterr().err


def test_an_action_number_of_dozens_of_digits_is_located(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    action = {"action": "assign_task", "person": "sam", "task": "check logs"}
    record = {"seq": 1, "t": 1.0, "kind": "action", "actor": "maria"}
    line = json.dumps({**record, "payload": {**action, "timebox": 10**30}})
    journal_with(run_dir, line)
    assert main(["report", str(run_dir), "--format", "md"]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {run_dir / 'journal.jsonl'}:2: an action record: payload.timebox: expected "
        f"a number of at most 1e+15, got {10**30}; fix or remove that line (was the journal "
        "edited by hand?)\n"
    )
