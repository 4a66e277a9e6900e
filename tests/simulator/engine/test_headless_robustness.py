"""Headless robustness: real-world timeline exports, unusual-but-valid scenarios and broken
command-line input. Each test pins a fix found by probing the pipeline with inputs the shipped
examples never exercise (see the QA notes in docs/scoring.md and the commit history)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from main import main
from simulator.importing.timeline import (
    TimelineError,
    detect_delimiter,
    import_timeline,
    parse_time,
)
from simulator.journal import read_journal
from simulator.loading import load_bundle
from simulator.phases import phase_times
from simulator.problems import Level, Problem

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"

ROWS = [
    ("2024-03-10T14:00:00Z", "impact_start", "world", "1200 users: checkout fails"),
    ("2024-03-10T14:03:00Z", "alert", "prometheus", "CheckoutErrors: 5xx > 5%"),
    ("2024-03-10T14:04:00Z", "page", "pager", "alice (level 1)"),
    ("2024-03-10T14:06:00Z", "ack", "alice", ""),
    ("2024-03-10T14:09:00Z", "declare", "alice", "SEV-2 checkout failing"),
    ("2024-03-10T14:20:00Z", "mitigation", "bob", "rollback checkout-api"),
    ("2024-03-10T14:26:00Z", "mitigated", "world", ""),
    ("2024-03-10T14:40:00Z", "resolved", "alice", "metrics normal; stakeholders notified"),
]
#: Phase times of ROWS in seconds: MTTD 3m, MTTA 3m, declare 6m, no status page, mitigate 26m,
#: resolve 40m.
EXPECTED = {
    "mttd": 180.0,
    "mtta": 180.0,
    "time_to_declare": 360.0,
    "time_to_status_page": None,
    "time_to_mitigate": 1560.0,
    "time_to_resolve": 2400.0,
}


def csv_text(
    rows: list[tuple[str, ...]], sep: str = ",", header: str = "time,kind,actor,text"
) -> str:
    def cell(value: str) -> str:
        quoted = value.replace('"', '""')
        return f'"{quoted}"' if any(c in value for c in (sep, '"', "\n")) else value

    lines = [header.replace(",", sep)] if header else []
    lines += [sep.join(cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / "incident.csv"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def formatted(problems: list[Problem], tmp_path: Path) -> list[str]:
    return [p.format().replace(str(tmp_path) + "/", "") for p in problems]


# ---------------------------------------------------------------- timeline: accepted exports


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\r\n")],
    ids=["plain", "bom", "crlf", "bom-crlf"],
)
def test_bom_and_crlf_give_the_same_phase_times(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    records = import_timeline(write(tmp_path, csv_text(ROWS), encoding, newline))
    assert phase_times(records).durations() == EXPECTED


def test_mixed_offsets_and_fractional_seconds(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[1] = ("2024-03-10T19:33:00+05:30", *ROWS[1][1:])  # 14:03Z written in IST
    rows[2] = ("2024-03-10T14:04:00.250Z", *ROWS[2][1:])
    rows[3] = ("2024-03-10T09:06:00.5-05:00", *ROWS[3][1:])
    ph = phase_times(import_timeline(write(tmp_path, csv_text(rows))))
    assert (ph.mttd, ph.mtta, ph.time_to_resolve) == (180.0, 180.5, 2400.0)


@pytest.mark.parametrize("sep", [";", "\t"], ids=["semicolon", "tab"])
def test_semicolon_and_tab_separated_exports_are_detected(tmp_path: Path, sep: str) -> None:
    rows = list(ROWS)
    rows[4] = (*ROWS[4][:3], "SEV-2 checkout; payments failing")  # the separator, quoted
    records = import_timeline(write(tmp_path, csv_text(rows, sep)))
    assert phase_times(records).durations() == EXPECTED
    assert records[0].payload["title"] == "checkout; payments failing"


def test_delimiter_detection_keeps_the_comma_when_in_doubt() -> None:
    assert detect_delimiter("time,kind,actor,text") == ","
    assert detect_delimiter("Time;Kind;Actor;Text") == ";"
    assert detect_delimiter('"time"\t"kind"\t"actor"\t"text"') == "\t"
    assert detect_delimiter("when;what") == ";"  # time and text under other names
    assert detect_delimiter("foo;bar") == ","


def test_header_in_another_order_capitalised_with_spaces(tmp_path: Path) -> None:
    text = csv_text([row[::-1] for row in ROWS], header="Text, Actor ,KIND,Time")
    assert phase_times(import_timeline(write(tmp_path, text))).durations() == EXPECTED


def test_extra_columns_are_ignored_with_a_warning(tmp_path: Path) -> None:
    rows = [(*row, "INC-7") for row in ROWS]
    rows[0] = ROWS[0]  # a spreadsheet leaves the trailing cell off: still fine
    warnings: list[Problem] = []
    path = write(tmp_path, csv_text(rows, header="time,kind,actor,text,ticket"))
    records = import_timeline(path, warnings)
    assert phase_times(records).durations() == EXPECTED
    assert formatted(warnings, tmp_path) == [
        "incident.csv:1:22: warning: ticket: unknown column 'ticket'; expected time, kind, "
        "actor, text; the column is ignored"
    ]


def test_trailing_empty_fields_are_accepted(tmp_path: Path) -> None:
    text = (
        csv_text(ROWS)
        .replace("\n", ",,\n")
        .replace("time,kind,actor,text,,", "time,kind,actor,text")
    )
    assert phase_times(import_timeline(write(tmp_path, text))).durations() == EXPECTED


def test_quoted_text_with_commas_and_newlines(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[4] = (*ROWS[4][:3], 'SEV-2 checkout, payments "down"\nsecond line')
    records = import_timeline(write(tmp_path, csv_text(rows)))
    assert phase_times(records).durations() == EXPECTED
    declare = next(r for r in records if r.action == "declare_incident")
    assert declare.payload["title"] == 'checkout, payments "down"\nsecond line'


def test_rows_out_of_order_are_sorted_with_one_warning(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1], ROWS[3], ROWS[5], ROWS[4], *ROWS[6:]]
    warnings: list[Problem] = []
    records = import_timeline(write(tmp_path, csv_text(rows)), warnings)
    assert phase_times(records).durations() == EXPECTED
    assert formatted(warnings, tmp_path) == [
        "incident.csv:4:1: warning: time: 2 row(s) are earlier than a row above them (this one "
        "is earlier than line 3); rows are sorted by time, equal times keep their order (check "
        "the times if the file's order was meant)"
    ]


def test_sorted_file_has_no_warnings(tmp_path: Path) -> None:
    warnings: list[Problem] = []
    import_timeline(write(tmp_path, csv_text(ROWS)), warnings)
    assert warnings == []


@pytest.mark.parametrize(
    ("spelling", "kind"),
    [("Acknowledgement", "ack"), ("acknowledgment", "ack"), ("Paged", "page"), ("Comment", "note")],
)
def test_more_kind_spellings(tmp_path: Path, spelling: str, kind: str) -> None:
    rows = [*ROWS[:2], ("2024-03-10T14:05:00Z", spelling, "alice", "alice (level 1)")]
    records = import_timeline(write(tmp_path, csv_text(rows)))
    expected = {"ack": "acknowledge_page", "page": None, "note": "add_note"}[kind]
    last = [r for r in records if r.kind not in ("end", "sample")][-1]
    assert (last.kind, last.action) == (("page", None) if kind == "page" else ("action", expected))


def test_no_impact_start_warns_that_mttd_is_not_recorded(tmp_path: Path) -> None:
    warnings: list[Problem] = []
    records = import_timeline(write(tmp_path, csv_text(ROWS[1:])), warnings)
    ph = phase_times(records)
    assert (ph.mttd, ph.time_to_mitigate, ph.time_to_resolve) == (None, None, None)
    assert ph.not_recorded("mttd") == "no impact start (when users were first affected)"
    assert formatted(warnings, tmp_path) == [
        "incident.csv:0:0: warning: no impact_start row: MTTD and the times to mitigate and "
        "resolve are not recorded (the earliest row is line 2, 2024-03-10T14:03:00+00:00) "
        "(add an impact_start row at the time users were first affected)"
    ]


def test_one_event_and_no_resolved_row_import(tmp_path: Path) -> None:
    records = import_timeline(write(tmp_path, csv_text(ROWS[1:2])))
    assert [r.kind for r in records] == ["header", "alert", "end"]
    assert records[-1].payload == {"reason": "stopped"}
    unresolved = import_timeline(write(tmp_path, csv_text(ROWS[:-1])))
    assert phase_times(unresolved).time_to_resolve is None
    assert unresolved[-1].payload == {"reason": "stopped"}


# ---------------------------------------------------------------- timeline: clear errors


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    return info.value.problems


def test_missing_header_is_one_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, csv_text(ROWS, header=""))
    assert formatted(problems_of(path), tmp_path) == [
        "incident.csv:1:1: error: header: the first line is an event, not the header row (add "
        "the line time,kind,actor,text at the top of the file)"
    ]


def test_misspelt_column_is_still_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, csv_text(ROWS, header="tmie,kind,actor,text"))
    assert formatted(problems_of(path), tmp_path) == [
        "incident.csv:1:1: error: tmie: unknown column 'tmie'; expected time, kind, actor, text "
        "(did you mean 'time'?)",
        "incident.csv:1:1: error: header: missing column(s) time; the header row must name "
        "time, kind, actor, text (start the file with the line: time,kind,actor,text)",
    ]


def test_time_without_zone_takes_the_zone_of_the_other_rows(tmp_path: Path) -> None:
    rows = [*ROWS[:3], ("2024-03-10T14:06:00", *ROWS[3][1:]), *ROWS[4:]]
    warnings: list[Problem] = []
    records = import_timeline(write(tmp_path, csv_text(rows)), warnings)
    assert phase_times(records).durations() == EXPECTED
    assert formatted(warnings, tmp_path)[-1] == (
        "incident.csv:5:1: warning: time: '2024-03-10T14:06:00' has no time zone; read in the "
        "zone of the other rows (UTC) (add one, e.g. '2024-03-10T14:06:00Z')"
    )


def test_not_utf8_is_read_as_windows_1252_with_a_warning_at_the_byte(tmp_path: Path) -> None:
    rows = [*ROWS[:-1], ("2024-03-10T14:40:00Z", "resolved", "alice", "café résolu")]
    path = write(tmp_path, csv_text(rows), encoding="cp1252")
    warnings: list[Problem] = []
    records = import_timeline(path, warnings)
    assert records[-2].payload["summary"] == "café résolu"
    assert formatted(warnings, tmp_path)[0] == (
        "incident.csv:9:40: warning: not UTF-8 text (byte 0xe9 at offset 424): read as "
        "Windows-1252, as a spreadsheet saves plain CSV (save the file as UTF-8, e.g. 'CSV "
        "UTF-8' in a spreadsheet to be sure)"
    )


def test_binary_is_refused_at_the_byte_and_utf16_is_read(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    path.write_bytes(b"time,kind\n\x00\xff\xfe\x81")
    assert formatted(problems_of(path), tmp_path) == [
        "incident.csv:2:2: error: not UTF-8 text: byte 0xff at offset 11 (save the file as "
        "UTF-8, e.g. 'CSV UTF-8' in a spreadsheet)"
    ]
    path.write_text(csv_text(ROWS).replace(",", "\t"), encoding="utf-16")
    assert phase_times(import_timeline(path)).durations() == EXPECTED


def test_unknown_kind_suggests_the_closest(tmp_path: Path) -> None:
    rows = [*ROWS[:4], ("2024-03-10T14:09:00Z", "declre", "alice", "SEV-2 x")]
    (problem,) = problems_of(write(tmp_path, csv_text(rows)))
    assert (problem.line, problem.column, problem.path, problem.hint) == (
        6,
        22,
        "kind",
        "did you mean 'declare'?",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "incident.csv:1:1: error: the file is empty; expected the header time,kind,actor,text",
        ),
        (
            "time,kind,actor,text\n",
            "incident.csv:2:1: error: no rows after the header (add at least an impact_start or "
            "alert row)",
        ),
    ],
    ids=["empty", "header-only"],
)
def test_empty_and_header_only_files(tmp_path: Path, text: str, message: str) -> None:
    assert formatted(problems_of(write(tmp_path, text)), tmp_path) == [message]


def test_cli_prints_warnings_and_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1], *ROWS[3:]]
    path = write(tmp_path, csv_text(rows, sep=";"))
    assert main(["import-timeline", str(path), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:4:1: warning: time: 1 row(s) are earlier")
    assert phase_times(read_journal(tmp_path / "out" / "journal.jsonl")).durations() == EXPECTED


def test_cli_refuses_a_folder_and_a_file_as_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, csv_text(ROWS))
    assert main(["import-timeline", str(tmp_path), "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {tmp_path} is a folder; give the timeline file inside it\n"
    )
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    assert main(["import-timeline", str(path), "--out", str(blocker / "sub")]) == 1
    assert capsys.readouterr().err == (
        f"gameday import-timeline: --out {blocker / 'sub'}: {blocker} is a file, not a folder "
        "(give a folder path, or move the file away)\n"
    )


def test_cli_bad_report_format_is_refused_before_importing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, csv_text(ROWS))
    out = tmp_path / "out"
    code = main(["import-timeline", str(path), "--out", str(out), "--report", "--format", "pfd"])
    assert code == 2
    assert capsys.readouterr().err == (
        "gameday: unknown report format 'pfd'; expected html, md, pdf or json "
        "(did you mean 'pdf'?)\n"
    )
    assert not out.exists()


# ---------------------------------------------------------------- scenarios and the run CLI


def scenario_copy(tmp_path: Path, edit: dict[str, object] | None = None) -> Path:
    """The payments scenario alone in a temp folder with its team and runbooks."""
    folder = tmp_path / "sc"
    (folder / "teams").mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / "teams" / "acme-platform.yaml", folder / "teams")
    shutil.copytree(ROOT / "scenarios" / "runbooks", folder / "runbooks")
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data.update(edit or {})
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_empty_injects_load_with_a_warning_and_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scenario_copy(tmp_path, {"injects": []})
    bundle, problems = load_bundle(path)
    assert bundle is not None and bundle.scenario.injects == ()
    (warning,) = [p for p in problems if p.path == "injects"]
    assert warning.level is Level.WARNING
    assert (
        warning.message == "no injects: nothing but the metric alerts happens during the exercise"
    )
    out = tmp_path / "run"
    assert main(["run", str(path), "--out", str(out)]) == 0
    records = read_journal(out / "journal.jsonl")
    assert not any(r.kind == "inject" for r in records)
    assert phase_times(records).mttd is not None  # the metric alert still detects it


def test_run_refuses_a_folder_with_an_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scenario_copy(tmp_path)
    assert main(["run", str(path.parent), "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path.parent}:0:0: error: is a folder, not a scenario file (give one scenario .yaml "
        f"file, e.g. {path})",
        "gameday run: 1 error(s); nothing was run",
    ]


def test_unknown_team_lists_the_teams(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scenario_copy(tmp_path)
    assert main(["run", str(path), "--team", "nobody", "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "nobody:0:0: error: no such team file (give a team file or the id of a team in teams/; "
        "teams next to the scenario: acme-platform)"
    )


def test_run_and_batch_refuse_a_file_as_out_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    assert main(["run", str(SCENARIO), "--out", str(blocker)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"gameday run: --out {blocker}: {blocker} is a file, not a folder "
        "(give a folder path, or move the file away)"
    )
    code = main(["batch", str(SCENARIO), "--runs", "2", "--jobs", "1", "--out", str(blocker)])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"gameday batch: --out {blocker}: {blocker} is a file, not a folder "
        "(give a folder path, or move the file away)\n"
    )
    assert captured.out == ""  # nothing ran


def test_run_bad_report_format_is_refused_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["run", str(SCENARIO), "--out", str(out), "--report", "--format", "html,docx"])
    assert code == 2
    assert capsys.readouterr().err == (
        "gameday: unknown report format 'docx'; expected html, md, pdf or json\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2024-03-10T14:00:00z", "2024-03-10T14:00:00+00:00"),
        ("2024-03-10t14:00:00+01:00", "2024-03-10T14:00:00+01:00"),
        ("2024-03-10 14:00 UTC", "2024-03-10T14:00:00+00:00"),
        ("2024-03-10T14:00:00 GMT", "2024-03-10T14:00:00+00:00"),
        ("2024-03-10T14:00:00+0530", "2024-03-10T14:00:00+05:30"),
    ],
)
def test_common_export_spellings_of_a_time(written: str, iso: str) -> None:
    assert parse_time(written).isoformat() == iso


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "14:02",
            "'14:02' has no date; write the date, time and zone like 2024-03-10T14:02:00+01:00",
        ),
        (
            "2024-03-10 14:00 XYZ",
            "'2024-03-10 14:00 XYZ' is not an ISO 8601 time; write it like "
            "2024-03-10T14:02:00+01:00",
        ),
        (
            "2024-03-10 14:00",
            "'2024-03-10 14:00' has no time zone; add one, e.g. '2024-03-10 14:00+01:00' or "
            "'2024-03-10 14:00Z'",
        ),
    ],
)
def test_times_the_importer_will_not_guess(written: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_time(written)
    assert str(info.value) == message


def test_an_unclosed_quote_does_not_swallow_the_rows_below(tmp_path: Path) -> None:
    text = (
        csv_text(ROWS[:2])
        + '2024-03-10T14:04:00Z,note,bob,"unclosed\n'
        + csv_text(ROWS[2:], header="")
    )
    assert formatted(problems_of(write(tmp_path, text)), tmp_path) == [
        'incident.csv:4:31: error: a quote (") opened on this line is never closed, so the 6 '
        'line(s) below it were read as its text (end the quoted text with a "; a quote inside '
        'it is written "")'
    ]


def test_validate_checks_a_timeline_csv_given_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1], *ROWS[3:]]
    path = write(tmp_path, csv_text(rows))
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:4:1: warning: time: 1 row(s) are earlier than a row above them (this one is "
        "earlier than line 3); rows are sorted by time, equal times keep their order (check the "
        "times if the file's order was meant)",
        "0 errors, 1 warning in 1 file",
    ]
    path.write_text(csv_text(ROWS, header="whn,kind,actor,text"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "2 errors, 0 warnings in 1 file"
    assert not (tmp_path / "journal.jsonl").exists()


def test_an_unexpected_error_is_one_line_unless_debugging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.engine.runner

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(simulator.engine.runner, "run_to_dir", broken)
    monkeypatch.delenv("GAMEDAY_DEBUG", raising=False)
    assert main(["run", str(SCENARIO), "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "gameday: internal error: RuntimeError: boom (please report it; set GAMEDAY_DEBUG=1 to "
        "see the traceback)"
    )
    monkeypatch.setenv("GAMEDAY_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["run", str(SCENARIO), "--out", str(tmp_path / "o")])


def test_team_folder_and_runbook_file_are_named_for_what_they_are(tmp_path: Path) -> None:
    path = scenario_copy(
        tmp_path, {"team": "teams/", "runbooks": "runbooks/PaymentsAPIHighErrorRate.md"}
    )
    bundle, problems = load_bundle(path)
    assert bundle is None
    messages = [p.format() for p in problems if p.level is Level.ERROR]
    folder = path.parent
    assert any(
        m.endswith(
            f"error: team: the team file 'teams/' is a folder ({folder / 'teams'}) (give the "
            "team file itself, e.g. 'teams/acme-platform.yaml')"
        )
        for m in messages
    ), messages
    assert any(
        m.endswith(
            "error: runbooks: the runbook folder 'runbooks/PaymentsAPIHighErrorRate.md' is a file "
            f"({folder / 'runbooks' / 'PaymentsAPIHighErrorRate.md'}) (give the folder that "
            "holds the runbooks, e.g. 'runbooks/')"
        )
        for m in messages
    ), messages


def test_a_repeated_header_row_is_skipped_with_a_warning(tmp_path: Path) -> None:
    text = csv_text(ROWS[:4]) + csv_text(ROWS[4:], header="Time,Kind,Actor,Text")
    warnings: list[Problem] = []
    records = import_timeline(write(tmp_path, text), warnings)
    assert phase_times(records).durations() == EXPECTED
    assert formatted(warnings, tmp_path) == [
        "incident.csv:6:1: warning: the header row is repeated here; the row is skipped (remove "
        "it if the files were joined by hand)"
    ]
