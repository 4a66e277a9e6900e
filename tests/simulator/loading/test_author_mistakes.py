"""Broken scenario, team and runbook files of the kinds real authors write, hunted down in
session 2: durations in other notations, zone names, indentation slips, a missing space after
a colon, unclosed quotes, UTF-16 and CRLF files, front matter, a folder or a vanished file
given as the file. Each asserts the complete list of problems as a user reads them.
"""

# Expected messages stay whole, exactly as a user reads them, even past the line length.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from simulator.loading.discovery import validate_file
from tests.simulator.loading.test_errors import (
    RUNBOOK,
    SCENARIO,
    TEAM,
    Case,
    edited,
    problems_of,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loading"

CASES = [
    Case(
        "duration-5-mins",
        SCENARIO,
        "      takes: 5m\n",
        "      takes: 5 mins\n",
        [
            "scenario.yaml:32:14: error: truth.mitigations[0].takes: expected a duration like 90s, 5m or 1h30m, got '5 mins' (write '5m')",
        ],
    ),
    Case(
        "duration-1h-space-30",
        SCENARIO,
        "  time_limit: 1h\n",
        "  time_limit: 1h 30\n",
        [
            "scenario.yaml:7:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, got '1h 30' (write '1h30m')",
        ],
    ),
    Case(
        "duration-negative",
        SCENARIO,
        "    at: 4m\n",
        "    at: -5m\n",
        [
            "scenario.yaml:35:9: error: injects[0].at: expected a duration like 90s, 5m or 1h30m, got '-5m' (a duration cannot be negative; write how long after the start, e.g. '5m')",
        ],
    ),
    Case(
        "duration-iso-8601",
        SCENARIO,
        "  time_limit: 1h\n",
        "  time_limit: PT1H30M\n",
        [
            "scenario.yaml:7:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, got 'PT1H30M' (write '1h30m')",
        ],
    ),
    Case(
        "duration-decimal-hours",
        SCENARIO,
        "  time_limit: 1h\n",
        "  time_limit: 1.5h\n",
        [
            "scenario.yaml:7:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, got '1.5h' (write '1h30m')",
        ],
    ),
    Case(
        "duration-clock-like",
        SCENARIO,
        "  time_limit: 1h\n",
        "  time_limit: '01:30:00'\n",
        [
            "scenario.yaml:7:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, got '01:30:00' (write '1h30m')",
        ],
    ),
    Case(
        "clock-start-zone-name-misspelt",
        SCENARIO,
        '  start: "2026-03-10T03:00:00+01:00"\n',
        '  start: "2026-03-10T03:00:00 Europe/Lisbn"\n',
        [
            "scenario.yaml:6:10: error: clock.start: expected an ISO 8601 date-time like 2026-03-10T14:02:00+01:00, got '2026-03-10T03:00:00 Europe/Lisbn' (write 2026-03-10T03:00:00+00:00: Europe/Lisbon's UTC offset on that date)",
        ],
    ),
    Case(
        "clock-start-date-only",
        SCENARIO,
        '  start: "2026-03-10T03:00:00+01:00"\n',
        "  start: 2026-03-10\n",
        [
            "scenario.yaml:6:10: error: clock.start: expected an ISO 8601 date-time like 2026-03-10T14:02:00+01:00, got '2026-03-10' (add the time and a UTC offset: 2026-03-10T09:00:00+00:00)",
        ],
    ),
    Case(
        "list-where-mapping-expected",
        SCENARIO,
        "truth:\n  severity: SEV-3\n",
        "truth:\n  - severity: SEV-3\n",
        [
            "scenario.yaml:22:3: error: invalid YAML: a 'key:' where a list item ('- ...') was expected (inside the list that starts at line 21) (indent it like the keys above it, start a new item with '- ', or remove the '- ' above if this is a mapping)",
        ],
    ),
    Case(
        "mapping-key-among-list-items",
        SCENARIO,
        "  - id: db\n    name: Database\n",
        "  db:\n    name: Database\n",
        [
            "scenario.yaml:18:3: error: invalid YAML: a 'key:' where a list item ('- ...') was expected (inside the list that starts at line 9) (indent it like the keys above it, start a new item with '- ', or remove the '- ' above if this is a mapping)",
        ],
    ),
    Case(
        "injects-keyed-by-id",
        SCENARIO,
        "injects:\n  - id: page\n",
        "injects:\n  page:\n    id: page\n",
        [
            "scenario.yaml:34:3: error: injects: expected a list of injects, got a mapping (start each inject with '- ' on its first key, e.g. '- id: page' instead of 'page:')",
        ],
    ),
    Case(
        "points-as-a-mapping",
        SCENARIO,
        "      - {at: 0s, value: 0}\n      - {at: 5m, value: 100}\n",
        "      0s: 0\n      5m: 100\n",
        [
            "scenario.yaml:26:7: error: truth.impact.users: expected a list of points, got a mapping (write each point as '- {at: 0s, value: 0}')",
        ],
    ),
    Case(
        "services-not-a-list-one-error-not-many",
        SCENARIO,
        "services:\n  - id: api\n    name: API\n",
        "services: api\nold_services:\n  - id: api\n    name: API\n",
        [
            "scenario.yaml:8:11: error: services: expected a list of services, got 'api'",
            "scenario.yaml:9:1: error: old_services: unknown key 'old_services' in a scenario; expected one of format, id, title, summary, briefing, tags, difficulty, team, runbooks, clock, services, truth, injects, clues, objectives, weights (did you mean 'services'?)",
        ],
    ),
    Case(
        "severity-pagerduty-p1",
        SCENARIO,
        "  severity: SEV-3\n",
        "  severity: P1\n",
        [
            "scenario.yaml:21:13: error: truth.severity: 'P1' is not one of SEV-1, SEV-2, SEV-3, SEV-4 (did you mean 'SEV-1'?)",
        ],
    ),
    Case(
        "users-10k",
        SCENARIO,
        "      - {at: 5m, value: 100}\n",
        "      - {at: 5m, value: 10k}\n",
        [
            "scenario.yaml:27:25: error: truth.impact.users[1].value: expected a number, got '10k' (write the whole number: 10000)",
        ],
    ),
    Case(
        "baseline-decimal-comma",
        SCENARIO,
        "        baseline: 0.5\n",
        "        baseline: 0,5\n",
        [
            "scenario.yaml:15:19: error: services[0].metrics[0].baseline: expected a number, got '0,5' (use a decimal point: 0.5)",
        ],
    ),
    Case(
        "baseline-quoted",
        SCENARIO,
        "        baseline: 0.5\n",
        '        baseline: "0.5"\n',
        [
            "scenario.yaml:15:19: error: services[0].metrics[0].baseline: expected a number, got '0.5' (remove the quotes: 0.5)",
        ],
    ),
    Case(
        "threshold-exponent",
        SCENARIO,
        "        alert_threshold: 5\n",
        "        alert_threshold: 5e1\n",
        [
            "scenario.yaml:16:26: error: services[0].metrics[0].alert_threshold: expected a number, got '5e1' (write it as 50)",
        ],
    ),
    Case(
        "threshold-not-finite",
        SCENARIO,
        "        alert_threshold: 5\n",
        "        alert_threshold: 1e999\n",
        [
            "scenario.yaml:16:26: error: services[0].metrics[0].alert_threshold: expected a number, got '1e999' (give a finite number)",
        ],
    ),
    Case(
        "threshold-exponent-without-a-dot",
        SCENARIO,
        "        alert_threshold: 5\n",
        "        alert_threshold: 2e300\n",
        [
            "scenario.yaml:16:26: error: services[0].metrics[0].alert_threshold: expected a number, got '2e300' (write it as 2.0e+300)",
        ],
    ),
    Case(
        "key-without-space",
        SCENARIO,
        "  - id: db\n",
        "  - id:db\n",
        [
            "scenario.yaml:18:5: error: invalid YAML: 'id:db' has no space after the colon, so it is read as text, not as a key and a value (write 'id: db')",
        ],
    ),
    Case(
        "dedented-key",
        SCENARIO,
        '        unit: "%"\n',
        '      unit: "%"\n',
        [
            "scenario.yaml:14:7: error: invalid YAML: a 'key:' where a list item ('- ...') was expected (inside the list that starts at line 12) (indent it like the keys above it, start a new item with '- ', or remove the '- ' above if this is a mapping)",
        ],
    ),
    Case(
        "over-indented-key",
        SCENARIO,
        "        baseline: 0.5\n",
        "          baseline: 0.5\n",
        [
            "scenario.yaml:15:11: error: invalid YAML: this line is indented differently from the lines above it (inside the mapping that starts at line 12) (line up the keys of one mapping at the same column, and indent list items under their key with '- ' at the same column)",
        ],
    ),
    Case(
        "unclosed-quote",
        SCENARIO,
        "title: Mini\n",
        'title: "Mini\n',
        [
            'scenario.yaml:3:8: error: invalid YAML: the " that opens this value is not closed on its line, so the lines after it are read as part of the text (up to line 6) (end the value with ")',
        ],
    ),
    Case(
        "unclosed-flow-mapping",
        SCENARIO,
        "      - {at: 0s, value: 0}\n",
        "      - {at: 0s, value: 0\n",
        [
            "scenario.yaml:27:9: error: invalid YAML: the '{' opened at line 26 is not closed with '}' before this point (close it with '}', and separate its items with ', ')",
        ],
    ),
    Case(
        "line-without-colon",
        SCENARIO,
        "summary: A tiny scenario.\n",
        "summary: A tiny scenario.\nstray line\n",
        [
            "scenario.yaml:6:1: error: invalid YAML: line 5 is neither 'key: value' nor a list item (write 'key: value' with a space after the colon, or '- item' in a list)",
        ],
    ),
    Case(
        "second-colon-in-a-value",
        SCENARIO,
        "summary: A tiny scenario.\n",
        "summary: Impact: checkout down\n",
        [
            "scenario.yaml:4:16: error: invalid YAML: a second ': ' on this line, after the key's own (quote the value: summary: \"Impact: checkout down\")",
        ],
    ),
    Case(
        "value-starting-with-at",
        SCENARIO,
        "summary: A tiny scenario.\n",
        "summary: @oncall paged\n",
        [
            "scenario.yaml:4:10: error: invalid YAML: a value cannot start with '@' (quote the value: \"@...\")",
        ],
    ),
    Case(
        "future-scenario-format",
        SCENARIO,
        "format: gameday/scenario@1\n",
        "format: gameday/scenario@2\n",
        [
            "scenario.yaml:1:9: error: format: 'gameday/scenario@2' is a newer format than this version of gameday reads (gameday/scenario@1) (update gameday to open it, or write it for gameday/scenario@1)",
        ],
    ),
    Case(
        "crlf-line-endings",
        SCENARIO,
        None,
        "CRLF",
        [],
    ),
    Case(
        "condition-action-first-word",
        SCENARIO,
        "    at: 4m\n",
        "    when: {after_action: declare}\n",
        [
            "scenario.yaml:35:26: error: injects[0].when.after_action: 'declare' is not one of acknowledge_page, join, declare_incident, set_severity, assign_role, assign_task, follow_up_task, report_task, query_tool, propose_mitigation, propose_action, approve_proposal, decline_proposal, apply_mitigation, post_update, post_status_page, page_person, escalate, open_bridge, hand_over_command, mark_resolved, add_note, set_hints, say, fire_inject, delay_inject, skip_inject, adhoc_inject, facilitator_note, reveal_truth (did you mean 'declare_incident'?)",
        ],
    ),
    Case(
        "team-stakeholder-id-of-a-person",
        TEAM,
        None,
        "APPEND\nstakeholders:\n  - id: ana\n    name: Ana Boss\n    title: CTO\n",
        [
            "team.yaml:30:9: error: stakeholders[0].id: stakeholder id 'ana' is also the id of the person at line 5; messages and pages could not tell them apart (give the stakeholder another id)",
        ],
    ),
    Case(
        "clue-key-from-another-tool",
        SCENARIO,
        "objectives:\n",
        'clues:\n  - id: c1\n    tool: logs\n    query: ["errors"]\n    reveals: x\nobjectives:\n',
        [
            "scenario.yaml:45:5: error: clues[0].query: unknown key 'query' in a clue; expected one of id, tool, match, reveals, service, available_after, relevant, misleading, finding (did you mean 'match'?)",
        ],
    ),
    Case(
        "team-key-from-another-tool",
        TEAM,
        "    timezone: Asia/Shanghai\n",
        "    tz: Asia/Shanghai\n",
        [
            "team.yaml:14:5: error: people[1].tz: unknown key 'tz' in a person; expected one of id, name, title, roles, experience, timezone, services (did you mean 'timezone'?)",
        ],
    ),
    Case(
        "team-timezone-utc-offset",
        TEAM,
        "    timezone: Europe/Lisbon\n",
        "    timezone: UTC+1\n",
        [
            "team.yaml:9:15: error: people[0].timezone: unknown time zone 'UTC+1'; expected an IANA name like Europe/Berlin (a fixed offset is written 'Etc/GMT-1', with the sign reversed; better a city such as Europe/Paris, which follows daylight saving)",
        ],
    ),
    Case(
        "team-timezone-lowercase",
        TEAM,
        "    timezone: Europe/Lisbon\n",
        "    timezone: europe/lisbon\n",
        [
            "team.yaml:9:15: error: people[0].timezone: unknown time zone 'europe/lisbon'; expected an IANA name like Europe/Berlin (did you mean 'Europe/Lisbon'?)",
        ],
    ),
    Case(
        "team-escalation-empty",
        TEAM,
        "escalation:\n  levels:\n",
        "escalation:\n  levels: []\n  old_levels:\n",
        [
            "team.yaml:19:11: error: escalation.levels: expected at least one escalation level, got an empty list",
            "team.yaml:20:3: error: escalation.old_levels: unknown key 'old_levels' in an escalation policy; expected one of levels, repeats (did you mean 'levels'?)",
        ],
    ),
    Case(
        "team-escalation-target-twice",
        TEAM,
        "      targets: [ana, bo]\n",
        "      targets: [ana, ana]\n",
        [
            "team.yaml:27:22: warning: escalation.levels[2].targets[1]: 'ana' is listed twice at this level (paged once) (remove the repeat)",
        ],
    ),
    Case(
        "team-escalation-timeout-words",
        TEAM,
        "      timeout: 10m\n",
        "      timeout: 10 minutes\n",
        [
            "team.yaml:25:16: error: escalation.levels[1].timeout: expected a duration like 90s, 5m or 1h30m, got '10 minutes' (write '10m')",
        ],
    ),
    Case(
        "team-no-people",
        TEAM,
        None,
        "format: gameday/team@1\nid: t\nname: T\npeople: []\non_call:\n  primary: ana\nescalation:\n  levels: []\n",
        [
            "team.yaml:4:9: error: people: expected at least one person, got an empty list",
            "team.yaml:6:12: error: on_call.primary: unknown person 'ana'; there is none defined to refer to",
            "team.yaml:8:11: error: escalation.levels: expected at least one escalation level, got an empty list",
        ],
    ),
    Case(
        "team-people-as-mapping",
        TEAM,
        "people:\n  - id: ana\n    name: Ana Lima\n",
        "people:\n  ana:\n    name: Ana Lima\n",
        [
            "team.yaml:10:3: error: invalid YAML: a list item ('- ') where a key of the mapping above was expected (inside the mapping that starts at line 5) (indent the item under the key it belongs to, or write the key before it)",
        ],
    ),
    Case(
        "team-tab-indent",
        TEAM,
        "    experience: novice\n",
        "\texperience: novice\n",
        [
            "team.yaml:13:1: error: invalid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces; set the editor to insert spaces for Tab)",
        ],
    ),
    Case(
        "runbook-front-matter",
        RUNBOOK,
        "# ApiErrors\n",
        "---\nowner: platform\ntags: [api]\n---\n# ApiErrors\n",
        [],
    ),
    Case(
        "runbook-front-matter-unclosed",
        RUNBOOK,
        "# ApiErrors\n",
        "---\nowner: platform\n# ApiErrors\n",
        [
            "ApiErrors.md:1:1: error: the front matter that starts here ('---') is never closed (end it with a '---' line before the '# <AlertName>' title, or remove it)",
        ],
    ),
    Case(
        "runbook-setext-headings",
        RUNBOOK,
        "# ApiErrors\n\n## Overview\n",
        "ApiErrors\n=========\n\nOverview\n--------\n",
        [],
    ),
    Case("runbook-numbered-section", RUNBOOK, "## Overview\n", "## 1. Overview\n", []),
    Case("runbook-labels-without-bold", RUNBOOK, "**Fix:**", "Fix:", []),
    Case("runbook-label-colon-after-bold", RUNBOOK, "**Fix:**", "- **Fix**:", []),
    Case(
        "runbook-fix-written-as-prose",
        RUNBOOK,
        "**Fix:** Roll back",
        "Fix the release by rolling back",
        [
            "ApiErrors.md:14:1: error: Common Causes and Fixes[0]: cause 'A bad release' has no **Fix:** (add a line '**Fix:** ...')",
        ],
    ),
    Case(
        "runbook-title-as-h2",
        RUNBOOK,
        "# ApiErrors\n",
        "## ApiErrors\n",
        [
            "ApiErrors.md:1:1: error: a runbook starts with '# <AlertName>' (its title), got '## ApiErrors' (write '# ApiErrors': one '#' and a space)",
        ],
    ),
    Case(
        "runbook-crlf",
        RUNBOOK,
        None,
        "CRLF",
        [],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_file_gets_exactly_these_problems(case: Case) -> None:
    if case.new == "CRLF":  # Windows line endings: read like any other file
        text = edited(Case(case.name, case.kind, None, "APPEND\n", [])).replace("\n", "\r\n")
    else:
        text = edited(case)
    assert problems_of(case.kind, text) == case.expected


def copy_fixtures(folder: Path) -> Path:
    """The mini scenario with its team next to it; returns the scenario's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "team.yaml").write_bytes((FIXTURES / "mini-team.yaml").read_bytes())
    text = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(text.replace("summary:", "team: team.yaml\nsummary:", 1), encoding="utf-8")
    return scenario


def test_a_utf16_file_is_named_as_such_by_validate_and_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = copy_fixtures(tmp_path)
    team = tmp_path / "team.yaml"
    team.write_bytes(team.read_text(encoding="utf-8").encode("utf-16"))
    message = (
        f"{team}:1:1: error: the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
        "expected UTF-8 (save it as UTF-8; in Notepad: Save As, Encoding: UTF-8)"
    )
    assert main(["validate", str(team)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == message
    assert main(["run", str(scenario), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err.splitlines()
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_folder_given_as_the_scenario_or_the_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = copy_fixtures(tmp_path / "s")
    assert main(["run", str(tmp_path / "s")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 's'}:0:0: error: is a folder, not a scenario file (give one scenario "
        f".yaml file, e.g. {scenario})\ngameday run: 1 error(s); nothing was run\n"
    )
    assert validate_file(tmp_path / "s") == validate_file(tmp_path / "s")  # no crash, twice
    assert [p.format() for p in validate_file(tmp_path / "s")] == [
        f"{tmp_path / 's'}:0:0: error: this is a folder; expected a file"
    ]


def test_a_file_that_vanishes_before_it_is_read(tmp_path: Path) -> None:
    scenario = copy_fixtures(tmp_path)
    (tmp_path / "team.yaml").unlink()  # listed by the scenario, gone when the bundle loads
    assert [p.format() for p in validate_file(scenario)] == [
        f"{scenario}:4:7: error: team: the team file 'team.yaml' does not exist "
        f"({tmp_path / 'team.yaml'}) (the folder '.' holds no other YAML files; paths are relative to the scenario's folder)",
        f"{scenario}:18:16: warning: services[0].metrics[0].alert: alert 'ApiErrors' has no "
        "runbook (no runbook folder given) (add a runbook titled '# ApiErrors')",
    ]
    scenario.unlink()
    assert [p.format() for p in validate_file(scenario)] == [f"{scenario}:0:0: error: no such file"]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "scenario.yaml"
    os.mkfifo(pipe)
    assert [p.format() for p in validate_file(pipe)] == [
        f"{pipe}:0:0: error: this is not a regular file (a pipe, socket or device); expected a "
        "file (save the content to a file and give that file)"
    ]


def test_a_dangling_symbolic_link_says_what_it_points_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "scenario.yaml"
    link.symlink_to(tmp_path / "moved-away.yaml")
    assert main(["validate", str(link)]) == 2
    assert capsys.readouterr().err == (
        f"gameday validate: {link}: a symbolic link to {tmp_path / 'moved-away.yaml'}, which "
        "does not exist (or links back to itself) (point the link at the file, or give the file "
        "itself)\n"
    )


def test_a_runbook_in_another_markdown_dialect_reads_the_same() -> None:
    from simulator.loading.files import runbook_from_bytes

    plain = (FIXTURES / "ApiErrors.md").read_text(encoding="utf-8")
    dialect = (
        plain.replace("# ApiErrors\n", "---\nowner: platform\n---\nApiErrors\n=========\n", 1)
        .replace("## Overview\n", "## 1. Overview ##\n")
        .replace("**Symptoms:**", "- Symptoms:")
        .replace("**Fix:**", "__Fix__:")
    )
    expected = runbook_from_bytes(plain.encode(), "ApiErrors.md")[0]
    got = runbook_from_bytes(dialect.encode(), "ApiErrors.md")[0]
    assert expected is not None and got == expected


def test_a_folder_of_team_files_given_to_run_suggests_no_team_as_a_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "team.yaml").write_bytes((FIXTURES / "mini-team.yaml").read_bytes())
    assert main(["run", str(teams)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{teams}:0:0: error: is a folder, not a scenario file (give one scenario .yaml file)"
    )
    scenario = copy_fixtures(tmp_path / "nested" / "mini")
    assert main(["run", str(tmp_path / "nested")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{tmp_path / 'nested'}:0:0: error: is a folder, not a scenario file (give one scenario "
        f".yaml file, e.g. {scenario})"
    )
