"""Statuspage incident exports and PagerDuty incident logs imported as timelines: recognised by
content, one incident chosen by id or name, phase times measured where the record supports
them and "not recorded" with the reason elsewhere, every problem located by line and JSON path,
nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from main import main
from simulator.importing.timeline import TimelineError, import_timeline
from simulator.journal import read_journal
from simulator.phases import phase_times
from simulator.problems import Problem

ROOT = Path(__file__).resolve().parents[3]
FORMATS = ROOT / "scenarios" / "formats"
STATUSPAGE = FORMATS / "statuspage-incidents.json"
PAGERDUTY = FORMATS / "pagerduty-log-entries.json"


def shown(problems: list[Problem], base: Path) -> list[str]:
    return [p.format().replace(str(base) + "/", "") for p in problems]


def test_a_statuspage_incident_chosen_by_name_becomes_a_timeline() -> None:
    warnings: list[Problem] = []
    records = import_timeline(STATUSPAGE, warnings, incident="card payment")
    header = records[0].payload
    assert header["title"] == "Elevated card payment failures"
    assert header["clock_start"] == "2026-03-10T14:05:00+01:00"
    posts = [(r.t, r.payload["status"]) for r in records if r.action == "post_status_page"]
    assert posts == [
        (543.184, "Investigating"),
        (1371.002, "Identified"),
        (2178.907, "Monitoring"),
        (3464.296, "Resolved"),
    ]
    declared = next(r for r in records if r.action == "declare_incident")
    assert (declared.t, declared.payload["severity"]) == (543.184, "SEV-2")  # impact: major
    ph = phase_times(records)
    assert ph.time_to_mitigate == 2178.907  # started_at 14:05:00 -> monitoring 14:41:18.907
    assert ph.time_to_resolve == 3464.296  # -> resolved 15:02:44.296
    assert ph.missing() == {
        "mttd": "no detection (an alert or a detection-source report)",
        "mtta": "no detection (an alert or a detection-source report)",
        "time_to_declare": "no detection (an alert or a detection-source report)",
        "time_to_status_page": "no detection (an alert or a detection-source report)",
    }
    assert shown(warnings, ROOT) == [
        "scenarios/formats/statuspage-incidents.json:39:0: warning: "
        "incidents[0].incident_updates[1]: the first 'monitoring' update says a fix is in "
        "place: time to mitigate is taken from it (strategy other, in the update's words; "
        "target not recorded)"
    ]


def test_a_statuspage_incident_chosen_by_id_and_without_monitoring() -> None:
    records = import_timeline(STATUSPAGE, incident="7tq0xj2kh5wd")
    assert records[0].payload["title"] == "Delayed payout reports"
    declared = next(r for r in records if r.action == "declare_incident")
    assert declared.payload["severity"] == "SEV-3"  # impact: minor
    ph = phase_times(records)
    assert ph.time_to_resolve == ph.time_to_mitigate == 8194.361


def test_several_incidents_and_none_chosen_lists_them(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as info:
        import_timeline(STATUSPAGE)
    assert shown(info.value.problems, ROOT) == [
        "scenarios/formats/statuspage-incidents.json:1:1: error: the file holds 2 incidents; "
        "choose one with --incident ID_OR_NAME: p31zjtct2jer 'Elevated card payment failures' "
        "(2026-03-10T14:14:03.184+01:00); 7tq0xj2kh5wd 'Delayed payout reports' "
        "(2026-03-03T09:31:27.650+01:00) (e.g. --incident p31zjtct2jer)"
    ]
    with pytest.raises(TimelineError, match="'refunds' names no incidents of 2"):
        import_timeline(STATUSPAGE, incident="refunds")


def test_a_pagerduty_log_measures_what_pagerduty_knows() -> None:
    warnings: list[Problem] = []
    records = import_timeline(PAGERDUTY, warnings)
    assert records[0].payload["title"] == (
        "[#3117] PaymentsAPIHighErrorRate: 5xx rate 21% above 5% for 2m"
    )
    kinds = [(r.t, r.kind, r.action or r.payload.get("person", "")) for r in records[1:-1]]
    assert kinds == [
        (0.0, "alert", ""),
        (2.0, "page", "Maria Okafor"),
        (219.0, "action", "acknowledge_page"),
        (378.0, "action", "set_severity"),
        (487.0, "action", "escalate"),
        (489.0, "page", "Sam Reyes"),
        (1055.0, "action", "add_note"),
        (1140.0, "action", "post_update"),
        (2093.0, "action", "mark_resolved"),
    ]
    assert records[1].payload["alert"] == "PaymentsAPIHighErrorRate"
    severity = next(r for r in records if r.action == "set_severity")
    assert severity.payload["severity"] == "SEV-1"  # "from P3 to P1": the new priority
    escalated = next(r for r in records if r.action == "escalate")
    assert escalated.payload["level"] == 2
    ph = phase_times(records)
    assert ph.mtta == 219.0
    assert ph.missing() == {
        "mttd": "no impact start (when users were first affected)",
        "time_to_declare": "no declaration",
        "time_to_status_page": "no status-page post",
        "time_to_mitigate": "no impact start (when users were first affected)",
        "time_to_resolve": "no impact start (when users were first affected)",
    }
    assert [w.message for w in warnings] == [
        "a PagerDuty log says when PagerDuty was told, not when users were first affected: "
        "MTTD and the times to mitigate and resolve are not recorded"
    ]


def _bad_statuspage(tmp_path: Path) -> Path:
    doc: dict[str, Any] = json.loads(STATUSPAGE.read_text(encoding="utf-8"))
    incident = doc["incidents"][0]
    incident["incident_updates"][2]["created_at"] = "yesterday afternoon"
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_a_bad_time_is_located_by_line_and_json_path_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bad_statuspage(tmp_path)
    out = tmp_path / "out"
    assert main(["import-timeline", str(path), "--out", str(out), "--incident", "card"]) == 1
    err = capsys.readouterr().err.splitlines()
    update_line = next(
        i + 1
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines())
        if '"r8f3v6n2t5xs"' in line
    )
    assert err == [
        f"{path}:{update_line}:0: error: incidents[0].incident_updates[2].created_at: expected "
        "an ISO 8601 time with a zone, got 'yesterday afternoon' (e.g. 2024-03-10T14:02:00.000Z)",
        f"gameday: 1 problem(s) in {path}; nothing written",
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"incidents": [\n  {"id": "a", "name": "x",\n}',
            "incidents.json:3:1: error: not JSON: Expecting property name enclosed in double "
            "quotes (check the file was saved whole (a download cut short ends early))",
        ),
        (
            '{"escalation_policy": {"id": "P1", "escalation_rules": []}}',
            "incidents.json:1:1: error: this is a PagerDuty escalation policy, not an incident "
            "timeline (import it with gameday import-team)",
        ),
        (
            '{"weather": "sunny"}',
            "incidents.json:1:1: error: a JSON file this importer does not know: expected a "
            "Statuspage incidents export (incidents[] with incident_updates[]) or a PagerDuty "
            "incident log (log_entries[]) (or save the timeline as CSV with the columns "
            "time,kind,actor,text)",
        ),
        (
            '{"log_entries": [{"id": "R1", "type": "trigger_log_entry", "created_at": "soon"}]}',
            "incidents.json:1:0: error: log_entries[0].created_at: expected an ISO 8601 time "
            "with a zone, got 'soon' (e.g. 2024-03-10T14:02:00Z)",
        ),
    ],
    ids=["syntax", "policy", "unknown", "pagerduty-time"],
)
def test_json_that_cannot_be_used_is_a_located_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "incidents.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    assert shown(info.value.problems, tmp_path) == [message]


def test_cli_imports_statuspage_and_pagerduty_by_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sp"
    argv = ["import-timeline", str(STATUSPAGE), "--out", str(out)]
    assert main([*argv, "--incident", "Elevated card payment failures"]) == 0
    printed = capsys.readouterr().out
    assert "  time to mitigate         36m19s\n" in printed
    assert "  time to resolve          57m44s\n" in printed
    assert read_journal(out / "journal.jsonl")[0].payload["title"] == (
        "Elevated card payment failures"
    )
    out = tmp_path / "pd"
    assert main(["import-timeline", str(PAGERDUTY), "--out", str(out)]) == 0
    assert "  MTTA                     3m39s\n" in capsys.readouterr().out


def test_a_history_json_month_by_month_is_read_and_a_summary_only_one_is_refused(
    tmp_path: Path,
) -> None:
    doc: dict[str, Any] = json.loads(STATUSPAGE.read_text(encoding="utf-8"))
    history = {
        "page": doc["page"],
        "months": [
            {"name": "March 2026", "incidents": doc["incidents"][:1]},
            {"name": "February 2026", "incidents": []},
        ],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history, indent=2), encoding="utf-8")
    ph = phase_times(import_timeline(path))
    assert (ph.time_to_mitigate, ph.time_to_resolve) == (2178.907, 3464.296)
    summary = {
        "page": doc["page"],
        "months": [
            {
                "name": "March 2026",
                "incidents": [
                    {
                        "code": "p31zjtct2jer",
                        "name": "Elevated card payment failures",
                        "message": "This incident has been resolved.",
                        "impact": "major",
                        "timestamp": "Mar 10, 14:14 - 15:02 CET",
                    }
                ],
            }
        ],
    }
    path.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    assert shown(info.value.problems, tmp_path) == [
        "history.json:14:0: error: months[0].incidents[0]: this incident has no created_at and "
        "no incident_updates (a status page's history summary holds only a name and a message): "
        "nothing to time (export the page's /api/v2/incidents.json, which has every update)"
    ]
