"""Importing real incident timelines: hand-computed phase times, parsing of each kind, located
errors for bad rows (and nothing written), and the CLI."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from main import main
from simulator.importing.timeline import TimelineError, import_timeline
from simulator.journal import read_journal
from simulator.phases import phase_times
from simulator.scoring import Rating, score

ROOT = Path(__file__).resolve().parents[3]
TIMELINES = sorted((ROOT / "scenarios" / "timelines").glob("*.csv"))
HEADER = "time,kind,actor,text\n"


def write(tmp_path: Path, body: str, name: str = "incident.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_at_least_five_example_timelines_ship() -> None:
    assert len(TIMELINES) >= 5


def expected_of(csv_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        csv_path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("csv_path", TIMELINES, ids=lambda p: p.stem)
def test_phase_times_equal_the_hand_computed_values(csv_path: Path) -> None:
    expected = expected_of(csv_path)
    ph = phase_times(import_timeline(csv_path))
    assert ph.durations() == {
        k: (None if v is None else float(v)) for k, v in expected["phases"].items()
    }
    assert ph.missing() == expected.get("not_recorded", {})


#: Timing objectives and the phase each measures.
TIMING_PHASES = {
    "TIME-MTTD": "mttd",
    "TIME-MTTA": "mtta",
    "TIME-DECLARE": "time_to_declare",
    "TIME-MITIGATE": "time_to_mitigate",
    "TIME-RESOLVE": "time_to_resolve",
}


@pytest.mark.parametrize("csv_path", TIMELINES, ids=lambda p: p.stem)
def test_example_timelines_score_without_a_scenario(csv_path: Path) -> None:
    expected = expected_of(csv_path)
    card = score(import_timeline(csv_path), None)
    assert card.imported
    assert card.overall_rating is not Rating.NA
    assert card.notes[0].startswith("Imported incident: targets come from the guide's severity")
    missing = expected.get("not_recorded", {})
    assert card.phases_not_recorded == missing
    for objective_id, phase in TIMING_PHASES.items():
        result = card.objective(objective_id)
        if phase in missing:  # not measurable: neither passed nor failed on a made-up number
            assert (result.rating, result.score, result.measured) == (Rating.NR, None, None)
            assert result.measured_text == "not recorded"
            assert result.notes[0] == f"Not measurable (not recorded): {missing[phase]}."
        else:
            assert result.rating in (Rating.P, Rating.S, Rating.M, Rating.U)
            assert result.measured == float(expected["phases"][phase])


def test_declared_example_timelines_take_the_declared_severity() -> None:
    for stem in ("aws-s3-2017", "cloudflare-waf-2019", "github-2018-10-21"):
        card = score(import_timeline(ROOT / "scenarios" / "timelines" / f"{stem}.csv"), None)
        assert card.true_severity == "SEV-1", stem
        assert card.notes[0] == (
            "Imported incident: targets come from the guide's severity policy; the true "
            "severity is the most severe level it was declared at (SEV-1)."
        )


def test_cli_writes_a_journal_with_the_csv_as_its_only_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ROOT / "scenarios" / "timelines" / "cloudflare-waf-2019.csv"
    out = tmp_path / "run"
    assert main(["import-timeline", str(source), "--out", str(out)]) == 0
    records = read_journal(out / "journal.jsonl")
    header = records[0].payload
    assert header["scenario_id"] == "imported:cloudflare-waf-2019"
    assert list(header["files"]) == ["timeline"]
    assert header["files"]["timeline"]["path"] == str(source)
    assert len(header["files"]["timeline"]["sha256"]) == 64
    assert header["runbooks"] == {}
    assert header["clock_start"] == "2019-07-02T13:42:00+00:00"
    assert header["title"] == "Global 502 errors from the edge"
    assert [r.seq for r in records] == list(range(len(records)))
    assert records[-1].kind == "end" and records[-1].payload == {"reason": "resolved"}
    printed = capsys.readouterr().out
    assert f"Imported {source} -> {out / 'journal.jsonl'}" in printed
    assert "  MTTD                     3m\n" in printed
    assert "  time to resolve          1h10m\n" in printed


def test_rows_are_sorted_and_times_are_relative_to_the_earliest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2024-05-01T10:05:00+02:00,ack,bob,\n"
        "2024-05-01T10:00:00+02:00,impact_start,,300 users see errors\n"
        "2024-05-01T08:02:00Z,alert,Datadog,HighErrorRate: 5xx above 5%\n",
    )
    records = import_timeline(path)
    assert [(r.t, r.kind) for r in records] == [
        (0.0, "header"),
        (0.0, "impact_start"),
        (0.0, "sample"),
        (120.0, "alert"),
        (300.0, "action"),
        (300.0, "end"),
    ]
    assert records[1].payload == {"users": 300}
    assert records[3].payload["alert"] == "HighErrorRate"


def test_kind_spellings_are_forgiven(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2024-05-01T10:00:00Z,Alert,Datadog,HighErrorRate\n"
        "2024-05-01T10:01:00Z,Acknowledged,bob,\n"
        "2024-05-01T10:02:00Z,Status-Page,carol,We are looking into it.\n",
    )
    actions = [r.action for r in import_timeline(path) if r.kind == "action"]
    assert actions == ["acknowledge_page", "post_status_page"]


def test_each_kind_is_parsed_into_its_record(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '2024-05-01T10:00:00Z,impact_start,,"4,100 users"\n'
        "2024-05-01T10:01:00Z,customer_report,Zendesk,Checkout broken\n"
        "2024-05-01T10:02:00Z,page,PagerDuty,bob (level 2) high errors\n"
        "2024-05-01T10:03:00Z,declare,bob,sev2 Checkout broken\n"
        "2024-05-01T10:04:00Z,role,bob,comms lead: carol\n"
        "2024-05-01T10:05:00Z,task,bob,dave: check deploys (5m)\n"
        "2024-05-01T10:06:00Z,task,bob,erin: look at the database\n"
        "2024-05-01T10:11:00Z,follow_up,bob,dave\n"
        '2024-05-01T10:12:00Z,update,carol,"Severity: SEV-2 | Status: Mitigating | Current Impact: '
        'card payments fail | Next Steps: roll back"\n'
        "2024-05-01T10:13:00Z,status_page,carol,Identified - We found the problem.\n"
        "2024-05-01T10:14:00Z,escalate,bob,level 3 need leadership\n"
        "2024-05-01T10:15:00Z,mitigation,dave,roll back payments-api to v1\n"
        "2024-05-01T10:20:00Z,mitigated,,\n"
        "2024-05-01T10:21:00Z,handover,bob,carol: rollback done\n"
        "2024-05-01T10:25:00Z,resolved,carol,metrics normal; stakeholders notified\n",
    )
    records = import_timeline(path)
    by_kind = [(r.kind, dict(r.payload)) for r in records[1:]]
    actions = [p for k, p in by_kind if k == "action"]
    assert actions[0] == {
        "action": "declare_incident",
        "severity": "SEV-2",
        "title": "Checkout broken",
    }
    assert actions[1] == {"action": "assign_role", "person": "carol", "role": "communications_lead"}
    assert actions[2]["task_id"] == "T1" and actions[2]["timebox"] == 300.0
    assert actions[3]["timebox"] == 0.0  # no time-box written: none given
    assert actions[4] == {"action": "follow_up_task", "task_id": "T1"}
    assert actions[5] == {
        "action": "post_update",
        "severity": "SEV-2",
        "status": "Mitigating",
        "impact": "card payments fail",
        "recent_actions": "",
        "next_steps": "roll back",
        "eta": "",
    }
    assert actions[6] == {
        "action": "post_status_page",
        "status": "Identified",
        "text": "We found the problem.",
    }
    assert actions[7] == {"action": "escalate", "level": 3, "reason": "need leadership"}
    assert actions[8] == {
        "action": "apply_mitigation",
        "strategy": "rollback",
        "target": "payments-api",
    }
    assert actions[9] == {"action": "hand_over_command", "to": "carol", "briefing": "rollback done"}
    assert actions[10]["metrics_normal"] is True and actions[10]["stakeholders_notified"] is True
    assert actions[10]["no_recurring_errors"] is False
    kinds = [k for k, _ in by_kind]
    assert ("page", {"person": "bob", "level": 2, "attempt": 1, "reason": "high errors"}) in by_kind
    assert ("task_due", {"task_id": "T1", "person": "dave"}) in by_kind
    effect = next(p for k, p in by_kind if k == "mitigation_effect")
    assert effect == {
        "strategy": "rollback",
        "target": "payments-api",
        "effect": "resolves",
        "amount": 0.0,
        "users_before": 4100,
        "users_after": 0,
    }
    # no impact_end row: the full mitigation ends the impact
    assert kinds.index("impact_end") == kinds.index("mitigation_effect") + 1


BAD = [
    (
        "2024-05-01 10:00 XYZ,alert,Datadog,x\n",
        "incident.csv:2:1: error: time: '2024-05-01 10:00 XYZ' is not a time this importer can "
        "read; write it like 2024-03-10T14:02:00+01:00 (also read: 2024-03-10 14:02 UTC, "
        "03/10/2024 2:02 PM, Mar 10, 2024 14:02, 14:02 after a dated row)",
    ),
    (
        "yesterday,alert,Datadog,x\n",
        "incident.csv:2:1: error: time: 'yesterday' is not a time this importer can read; write "
        "it like 2024-03-10T14:02:00+01:00 (also read: 2024-03-10 14:02 UTC, 03/10/2024 2:02 PM, "
        "Mar 10, 2024 14:02, 14:02 after a dated row)",
    ),
    (
        "2024-05-01T10:00:00Z,alrt,Datadog,x\n",
        "incident.csv:2:22: error: kind: unknown kind 'alrt'; expected one of "
        "impact_start, impact_end, alert, customer_report, internal_report, security_finding, "
        "synthetic_check, page, ack, declare, severity, role, task, follow_up, report, finding, "
        "update, status_page, escalate, bridge, handover, mitigation, mitigated, resolved, note, "
        "message (did you mean 'alert'?)",
    ),
    (
        "2024-05-01T10:00:00Z,ack,,\n",
        "incident.csv:2:26: error: actor: a 'ack' row needs the person who did it (e.g. alice)",
    ),
    (
        "2024-05-01T10:00:00Z,role,bob,comander: alice\n",
        "incident.csv:2:31: error: text: expected 'ROLE: PERSON', got 'comander: alice' "
        "(did you mean 'incident_commander'?)",
    ),
    (
        "2024-05-01T10:00:00Z,update,carol,Status: Fixing; Current Impact: none\n",
        "incident.csv:2:35: error: text: Status: 'Fixing' is not one of Investigating, "
        "Identified, Mitigating, Monitoring, Resolved",
    ),
    (
        "2024-05-01T10:00:00Z,note\n",
        "incident.csv:2:1: error: expected 4 fields (time, kind, actor, text), found 2 (add the "
        "missing fields (they may be empty: a,b,,))",
    ),
    (
        "2024-05-01T10:00:00Z,follow_up,bob,T3\n",
        "incident.csv:2:36: error: text: no task T3 before this row; tasks so far: none",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD, ids=[m.split(": ")[2] for _, m in BAD])
def test_bad_rows_are_located(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(TimelineError) as info:
        import_timeline(write(tmp_path, body))
    assert [p.format().replace(str(tmp_path) + "/", "") for p in info.value.problems] == [message]


def test_bad_header_names_the_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("time,knd,actor,text\n2024-05-01T10:00:00Z,alert,a,b\n", encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    assert [p.format() for p in info.value.problems] == [
        f"{path}:1:6: error: knd: unknown column 'knd'; expected time, kind, actor, text "
        "(did you mean 'kind'?)",
        f"{path}:1:1: error: header: missing column(s) kind; the header row must name time, "
        "kind, actor, text (start the file with the line: time,kind,actor,text)",
    ]


def test_every_bad_row_is_reported_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "2024-05-01T10:00:00Z,alert,Datadog,ok\n"
        "2024-05-01T10:01:00 XYZ,ack,bob,\n"
        "2024-05-01T10:02:00Z,follow_up,bob,T9\n",
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "journal.jsonl").write_text("previous run\n", encoding="utf-8")
    assert main(["import-timeline", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:3:1: error: time: '2024-05-01T10:01:00 XYZ' is not a time")
    assert err[1] == f"{path}:4:36: error: text: no task T9 before this row; tasks so far: none"
    assert err[2] == f"gameday: 2 problem(s) in {path}; nothing written"
    assert (out / "journal.jsonl").read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in out.iterdir()) == ["journal.jsonl"]


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="cannot read"):
        import_timeline(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(TimelineError, match="the file is empty; expected the header"):
        import_timeline(empty)
    only_header = write(tmp_path, "")
    with pytest.raises(TimelineError, match="no rows after the header"):
        import_timeline(only_header)


def test_cmd_import_timeline_is_callable_with_a_namespace(tmp_path: Path) -> None:
    from cli.timeline import cmd_import_timeline

    source = ROOT / "scenarios" / "timelines" / "aws-s3-2017.csv"
    args = argparse.Namespace(csv=str(source), out=str(tmp_path / "s3"), report=False)
    assert cmd_import_timeline(args) == 0
    assert phase_times(read_journal(tmp_path / "s3" / "journal.jsonl")).time_to_resolve == 16260.0


def test_a_never_declared_incident_is_scored_as_sev3(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2024-05-01T10:00:00Z,impact_start,,50 users\n"
        "2024-05-01T10:04:00Z,alert,Datadog,QueueBacklog: jobs waiting\n"
        "2024-05-01T10:30:00Z,impact_end,,\n",
    )
    card = score(import_timeline(path), None)
    assert (card.true_severity, card.severity_source) == ("SEV-3", "assumed: never declared")
    assert card.notes == (
        "Imported incident: targets come from the guide's severity policy; the true severity "
        "is assumed to be SEV-3 (it was never declared).",
    )
    # no declare row: not recorded (N/R), not failed as "never declared"
    sev_class = card.objective("SEV-CLASS")
    assert (sev_class.rating, sev_class.measured_text) == (Rating.NR, "not recorded")
    assert sev_class.notes == ("Not measurable (not recorded): no declaration (declare row).",)


def test_the_corpus_holds_ten_companies_public_timelines() -> None:
    companies = {p.stem.rsplit("-", 3)[0].split("-")[0] for p in TIMELINES}
    assert len(TIMELINES) >= 10
    assert len(companies) >= 10, companies


def test_rows_in_the_teams_own_words_are_read_with_a_warning_that_says_how(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:05Z,alert,mon,HighErrors\n"
        "2024-01-01T10:10Z,declare,alice,Major incident opened\n"
        "2024-01-01T10:20Z,mitigation,alice,Reverted the config push in every region\n"
        "2024-01-01T10:21Z,mitigation,alice,Turned the new rule set off globally\n"
        "2024-01-01T10:22Z,mitigation,alice,Background job processing paused\n"
        "2024-01-01T10:23Z,mitigation,alice,"
        "Started restoring the cluster from last night's backup\n"
        "2024-01-01T10:24Z,mitigation,alice,Moved read traffic onto extra replicas\n"
        "2024-01-01T10:25Z,mitigation,alice,Froze all deploys\n"
        "2024-01-01T10:26Z,mitigation,alice,Drained traffic away from checkout-api in eu-west\n"
        "2024-01-01T10:40Z,resolved,alice,All good\n",
    )
    warnings: list[Any] = []
    records = import_timeline(path, warnings)
    applied = [
        (r.payload["strategy"], r.payload["target"], r.payload["text"])
        for r in records
        if r.action == "apply_mitigation"
    ]
    assert applied == [
        ("rollback", "", "Reverted the config push in every region"),
        ("feature_flag", "", "Turned the new rule set off globally"),
        ("feature_flag", "", "Background job processing paused"),
        ("other", "", "Started restoring the cluster from last night's backup"),
        ("scale", "", "Moved read traffic onto extra replicas"),
        ("other", "", "Froze all deploys"),
        ("failover", "checkout-api", "Drained traffic away from checkout-api in eu-west"),
    ]
    declared = next(r for r in records if r.action == "declare_incident")
    assert declared.payload["severity"] == "SEV-2"
    shown = [p.format().replace(str(tmp_path) + "/", "") for p in warnings]
    assert shown[:3] == [
        "incident.csv:4:33: warning: text: severity read from 'Major incident' as SEV-2 (write "
        "the level in the text, e.g. 'Declared SEV-1')",
        "incident.csv:5:36: warning: text: mitigation 'Reverted the config push in every region' "
        "read as rollback (from 'Reverted'), target not recorded",
        "incident.csv:6:36: warning: text: mitigation 'Turned the new rule set off globally' read "
        "as feature flag (from 'Turned the new rule set off'), target not recorded",
    ]
    assert shown[6] == (
        "incident.csv:10:36: warning: text: mitigation 'Froze all deploys' names none of the "
        "guide's strategies: recorded as other with its text"
    )


def test_declared_without_any_severity_and_mitigated_without_a_mitigation(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:05Z,alert,mon,HighErrors\n"
        "2024-01-01T10:10Z,declare,alice,Incident opened\n"
        "2024-01-01T10:12Z,Monitoring,bob,A fix has been implemented\n"
        "2024-01-01T10:30Z,mitigated,alice,Errors stopped\n",
    )
    warnings: list[Any] = []
    records = import_timeline(path, warnings)
    declared = next(r for r in records if r.action == "declare_incident")
    assert declared.payload["severity_recorded"] is False
    post = next(r for r in records if r.action == "post_status_page")
    assert (post.payload["status"], post.payload["text"]) == (
        "Monitoring",
        "A fix has been implemented",
    )
    effect = next(r for r in records if r.kind == "mitigation_effect")
    assert (effect.payload["strategy"], effect.payload["text"]) == ("other", "Errors stopped")
    assert phase_times(records).time_to_mitigate == 1800.0
    assert [p.message for p in warnings][:2] == [
        "the declaration names no severity and no row does: declared with severity not recorded",
        "a 'mitigated' row with no earlier mitigation row: time to mitigate is taken from this "
        "row (strategy other, target not recorded)",
    ]


def test_a_declaration_without_a_level_is_not_scored_as_a_guessed_severity(
    tmp_path: Path,
) -> None:
    from simulator.scoring import score

    path = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:05Z,alert,mon,HighErrors\n"
        "2024-01-01T10:10Z,declare,alice,Incident opened\n"
        "2024-01-01T10:30Z,mitigated,alice,Errors stopped\n",
    )
    card = score(import_timeline(path, []), None)
    assert (card.declared_severity, card.final_severity) == (None, None)
    assert card.severity_source == "assumed: declared without a level"
    by_id = {o.id: o for o in card.objectives}
    for oid in ("SEV-CLASS", "SEV-RECLASS"):
        assert (by_id[oid].rating.value, by_id[oid].measured_text) == ("N/R", "not recorded")
        assert by_id[oid].notes == (
            "Not measurable (not recorded): severity (the declaration names no level).",
        )
    # a later row that names the level is the classification
    later = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:10Z,declare,alice,Incident opened\n"
        "2024-01-01T10:15Z,severity,alice,SEV-1 many customers affected\n"
        "2024-01-01T10:30Z,mitigated,alice,Errors stopped\n",
    )
    card = score(import_timeline(later, []), None)
    assert (card.declared_severity, card.final_severity) == ("SEV-1", "SEV-1")


def test_the_report_quotes_a_mitigation_in_the_teams_own_words(tmp_path: Path) -> None:
    from reports.describe import Namer, describe_record

    path = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:20Z,mitigation,alice,Reverted the config push in every region\n"
        "2024-01-01T10:25Z,mitigation,alice,Froze all deploys\n"
        "2024-01-01T10:26Z,mitigation,alice,rollback checkout-api\n"
        "2024-01-01T10:30Z,mitigated,world,Errors stopped\n",
    )
    namer = Namer(None)
    lines = [describe_record(r, namer) for r in import_timeline(path) if r.kind == "action"]
    assert lines == [
        "alice applied rollback ('Reverted the config push in every region')",
        "alice applied 'Froze all deploys'",
        "alice applied rollback of checkout-api",
    ]


def test_a_mitigation_the_record_only_shows_taking_effect_is_applied_then_unnamed(
    tmp_path: Path,
) -> None:
    from reports.describe import Namer, describe_record

    path = write(
        tmp_path,
        "2024-01-01T10:00Z,impact_start,,users see errors\n"
        "2024-01-01T10:05Z,alert,mon,HighErrors\n"
        "2024-01-01T10:30Z,mitigated,world,Errors stopped.\n"
        "2024-01-01T10:40Z,resolved,alice,All good\n",
    )
    records = import_timeline(path)
    lines = [describe_record(r, Namer(None)) for r in records[1:]]
    assert [line for line in lines if line] == [
        "Impact began",
        "Alert HighErrors fired",
        "responder applied a mitigation the record does not name",
        "A mitigation took effect: resolves — 'Errors stopped'",
        "Impact ended: no users affected",
        "alice marked the incident resolved",
        "End of the recorded timeline",
    ]
    card = score(records, None)
    assert card.objective("MIT-STRATEGY").rating is Rating.P
