"""Damaged and hand-edited journals given to ``gameday report`` (and to the reader every
other entry point uses): one located message naming the file, line and field, or a report
that says what it left out; never a traceback.

Each case damages the fixture journal the way a user or a failing disk would.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from main import main
from reports.describe import Namer, describe_record
from simulator.journal import KINDS, JournalError, Record, payload_problem, read_journal
from tests.fixtures.journals.builder import good_run

Damage = Callable[[list[str]], bytes]


def lines_of(records: list[Record]) -> list[str]:
    return [r.to_json() for r in records]


def joined(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def edit(index: int, change: Callable[[dict[str, object]], None]) -> Damage:
    """Damage: change the JSON object on line ``index + 1``."""

    def damage(lines: list[str]) -> bytes:
        data = json.loads(lines[index])
        change(data)
        lines[index] = json.dumps(data)
        return joined(lines)

    return damage


def set_payload(index: int, key: str, value: object) -> Damage:
    return edit(index, lambda data: data["payload"].__setitem__(key, value))  # type: ignore[attr-defined]


def first(kind: str) -> int:
    return next(i for i, r in enumerate(good_run()) if r.kind == kind)


def future_format(lines: list[str]) -> bytes:
    header = json.loads(lines[0])
    header["payload"]["format"] = "gameday/journal@2"
    header["payload"]["replay_of"] = {"run": 3}
    lines[0] = json.dumps(header)
    lines[3] = lines[3].replace('"kind": "', '"kind": "x_').replace('"kind":"', '"kind":"x_')
    return joined(lines)


SAMPLE, ACTION, PAGE = first("sample"), first("action"), first("page")
GOOD = "(was the journal edited by hand?)"

#: (case, damage, the whole error after "gameday: {journal}").
CASES: list[tuple[str, Damage, str]] = [
    (
        "empty file",
        lambda lines: b"",
        ": the journal is empty (expected a header line first; "
        "the run that wrote it may have failed before its first record)",
    ),
    (
        "only blank lines",
        lambda lines: b"\n\n  \n",
        ": the journal is empty (expected a header "
        "line first; the run that wrote it may have failed before its first record)",
    ),
    (
        "header missing",
        lambda lines: joined(lines[1:]),
        ":1: expected a header record first, got "
        "'sample' (the first line of a journal is its header; was the top of the file cut "
        "off or edited?)",
    ),
    (
        "future format",
        future_format,
        ":1: this journal was written by a newer gameday (format "
        "gameday/journal@2); this version reads gameday/journal@1 (update gameday to read it)",
    ),
    (
        "unknown format",
        set_payload(0, "format", "chaostoolkit/journal"),
        ":1: unknown journal format 'chaostoolkit/journal'; expected gameday/journal@1",
    ),
    (
        "misspelt kind",
        edit(PAGE, lambda d: d.__setitem__("kind", "pgae")),
        f":{PAGE + 1}: unknown record kind 'pgae' (did you mean 'page'?)",
    ),
    (
        "seq as a list",
        edit(PAGE, lambda d: d.__setitem__("seq", [4])),
        f":{PAGE + 1}: field 'seq': expected a whole number >= 0, got [4]",
    ),
    (
        "t as text",
        edit(PAGE, lambda d: d.__setitem__("t", "10:05")),
        f":{PAGE + 1}: field 't': expected sim seconds (a number from 0 to 10,000,000), "
        'got "10:05"',
    ),
    (
        "t null",
        edit(PAGE, lambda d: d.__setitem__("t", None)),
        f":{PAGE + 1}: field 't': expected sim seconds (a number from 0 to 10,000,000), got null",
    ),
    (
        "actor a number",
        edit(PAGE, lambda d: d.__setitem__("actor", 7)),
        f":{PAGE + 1}: field 'actor': expected text, got 7",
    ),
    (
        "a list, not a record",
        lambda lines: joined([*lines[:2], "[1, 2]", *lines[3:]]),
        ":3: expected a JSON object, got a list",
    ),
    (
        "payload text",
        edit(PAGE, lambda d: d.__setitem__("payload", "x")),
        f":{PAGE + 1}: payload must be a JSON object",
    ),
    (
        "users as text",
        set_payload(SAMPLE, "users", "lots"),
        f":{SAMPLE + 1}: a sample record: "
        f'payload.users: expected a whole number, got "lots"; fix or remove that line {GOOD}',
    ),
    (
        "metric as text",
        set_payload(SAMPLE, "metrics", {"payments-api.error_rate": "high"}),
        f":{SAMPLE + 1}: a sample record: payload.metrics.payments-api.error_rate: expected a "
        f'number, got "high"; fix or remove that line {GOOD}',
    ),
    (
        "attempt as text",
        set_payload(PAGE, "attempt", "2nd"),
        f":{PAGE + 1}: a page record: "
        f'payload.attempt: expected a whole number, got "2nd"; fix or remove that line {GOOD}',
    ),
    (
        "unknown action",
        set_payload(ACTION, "action", "acknowledge"),
        f":{ACTION + 1}: an action "
        "record: payload.action: unknown action 'acknowledge'; expected one of acknowledge_page, "
        "join, declare_incident, set_severity, assign_role, assign_task, follow_up_task, "
        "report_task, query_tool, propose_mitigation, propose_action, approve_proposal, "
        "decline_proposal, apply_mitigation, post_update, "
        "post_status_page, page_person, escalate, open_bridge, hand_over_command, mark_resolved, "
        "add_note, set_hints, say, fire_inject, delay_inject, skip_inject, adhoc_inject, "
        f"facilitator_note, reveal_truth; fix or remove that line {GOOD}",
    ),
    (
        "non-UTF-8 byte",
        lambda lines: joined(lines[:4]) + b'{"seq": 4, "text": "caf\xe9"}\n',
        ":5: not UTF-8 text: byte 0xe9 at column 24 (a journal is UTF-8 JSON Lines; was it saved "
        "in another encoding or damaged?)",
    ),
    (
        "broken in the middle",
        lambda lines: joined([*lines[:3], lines[3][:25], *lines[4:]]),
        ":4: not JSON: Expecting ':' delimiter at column 26",
    ),
]


@pytest.mark.parametrize(("damage", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_damaged_journal_is_one_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Damage, message: str
) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(damage(lines_of(good_run())))
    assert main(["report", str(journal), "--format", "md,json"]) == 1
    assert capsys.readouterr().err == f"gameday: {journal}{message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.jsonl"]  # nothing written


def test_the_reader_names_the_same_line_and_field(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(edit(PAGE, lambda d: d.__setitem__("t", [1]))(lines_of(good_run())))
    with pytest.raises(JournalError) as caught:
        read_journal(journal)
    assert str(caught.value) == (
        f"{journal}:{PAGE + 1}: field 't': expected sim seconds (a number from 0 to "
        "10,000,000), got [1]"
    )
    assert "Traceback" not in str(caught.value)


def test_a_last_line_cut_off_is_reported_up_to_the_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    lines = lines_of(good_run())
    journal.write_bytes(joined(lines)[:-30])
    assert main(["report", str(journal), "--format", "md"]) == 0
    assert capsys.readouterr().err.startswith(
        f"gameday: {journal}:{len(lines)}: the last line is incomplete (the run was "
        f"interrupted?); reporting the {len(lines) - 1} records before it\n"
    )
    assert (tmp_path / "report.md").is_file()


def test_windows_line_endings_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    text = "\r\n".join(lines_of(good_run())) + "\r\n"
    journal.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_journal(journal) == good_run()


def test_a_folder_or_a_missing_file_given_to_the_reader(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"is a folder; give a run folder's journal.jsonl"):
        read_journal(tmp_path)
    with pytest.raises(JournalError) as caught:
        read_journal(tmp_path / "gone.jsonl")
    assert str(caught.value) == f"{tmp_path / 'gone.jsonl'}: no such journal file"


def test_every_record_the_fixture_holds_passes_the_payload_check() -> None:
    assert [payload_problem(r) for r in good_run() if payload_problem(r)] == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_describe_never_raises_on_payloads_of_the_wrong_type(kind: str) -> None:
    """The post-mortem timeline describes a hand-edited record as best it can."""
    keys = {"users", "users_before", "users_after", "attempt", "level", "timebox", "action"}
    keys |= {"person", "to", "strategy", "target", "text", "reason", "task_id", "sender"}
    for value in ("x", None, [1], {"a": 1}, -5, 1e308, True, float("nan"), float("inf")):
        for action in ("assign_task", "escalate", "declare_incident", None):
            payload = dict.fromkeys(keys, value)
            if action is not None:
                payload["action"] = action
            line = describe_record(Record(1, 0.0, kind, "maria", payload), Namer(None))
            assert line is None or isinstance(line, str)
    assigned = Record(
        1, 0.0, "action", "maria", {"action": "assign_task", "person": "sam", "timebox": "10m"}
    )
    assert describe_record(assigned, Namer(None)) == (
        "maria gave sam a task without a description (time-box 10m)"
    )
    start = dataclasses.replace(assigned, kind="impact_start", payload={"users": "many"})
    assert describe_record(start, Namer(None)) == "Impact began"


def test_a_report_that_cannot_be_written_says_why_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(joined(lines_of(good_run())))
    (tmp_path / "report.md" / "in-the-way").mkdir(parents=True)  # a folder has its name
    assert main(["report", str(journal), "--format", "md"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"gameday: cannot write the report into {tmp_path}: Is a directory (EISDIR) (a folder "
        "has the file's name; write the report under another name; --out DIR chooses the "
        "folder)"
    )


def test_blank_lines_do_not_shift_the_line_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    lines = lines_of(good_run())
    damaged = json.loads(lines[SAMPLE])
    damaged["payload"]["users"] = "lots"
    lines[SAMPLE] = json.dumps(damaged)
    journal.write_bytes(joined(["", *lines[:SAMPLE], "", "", *lines[SAMPLE:]]))
    assert main(["report", str(journal), "--format", "md"]) == 1
    assert capsys.readouterr().err.startswith(
        f"gameday: {journal}:{SAMPLE + 4}: a sample record: payload.users: "
    )


def test_a_header_cut_off_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(joined(lines_of(good_run()))[:40])
    assert main(["report", str(journal), "--format", "md"]) == 1
    assert capsys.readouterr().err == (
        f"gameday: {journal}:1: not JSON: Expecting ':' delimiter at column 41 (the "
        "first line, the journal's header, is cut off or damaged; without it the journal "
        "cannot be read)\n"
    )
