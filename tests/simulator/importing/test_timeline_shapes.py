"""Timelines in the shapes people really write: other column names and orders, a date and a
time column, times without a date across midnight, zone names and offsets, spreadsheet exports
(BOM, CRLF, ``sep=``, Excel serials), free text without a kind, no actor column. Each
assumption the importer makes is a warning; what it cannot use is a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from simulator.importing.timeline import TimelineError, import_timeline
from simulator.importing.timeline_parse import (
    TimeReader,
    classify,
    map_header,
    prose_strategy,
    prose_users,
    zone_of,
)
from simulator.journal import Record
from simulator.phases import phase_times
from simulator.problems import Problem


def write(tmp_path: Path, text: str, name: str = "incident.csv", **kw: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=kw.get("encoding", "utf-8"), newline="")
    return path


def formatted(problems: list[Problem], tmp_path: Path) -> list[str]:
    return [p.format().replace(str(tmp_path) + "/", "") for p in problems]


def imported(path: Path) -> tuple[list[Record], list[str]]:
    warnings: list[Problem] = []
    records = import_timeline(path, warnings)
    return records, formatted(warnings, path.parent)


def kinds(records: list[Record]) -> list[tuple[float, str, str]]:
    """(t, kind, action or alert/inject kind) of the records a row made."""
    out = []
    for r in records:
        if r.kind in ("header", "sample", "end"):
            continue
        detail = str(r.payload.get("action") or r.payload.get("kind") or "")
        out.append((r.t, r.kind, detail))
    return out


def test_free_text_without_kind_or_actor_columns_is_classified(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Timestamp (UTC),What happened\n"
        '2024-05-01 10:00,"Checkout started returning errors for 4,100 users"\n'
        "2024-05-01 10:02,PagerDuty alert fired: CheckoutErrorRate above 5%\n"
        "2024-05-01 10:03,Paged alice\n"
        "2024-05-01 10:05,alice acknowledged the page\n"
        "2024-05-01 10:07,Declared a SEV-2 incident\n"
        "2024-05-01 10:20,Rolled back the checkout-api deploy\n"
        "2024-05-01 10:24,Error rates returned to normal\n"
        "2024-05-01 10:30,Incident resolved; metrics normal\n",
    )
    records, warnings = imported(path)
    assert kinds(records) == [
        (0.0, "impact_start", ""),
        (120.0, "alert", ""),
        (180.0, "page", ""),
        (300.0, "action", "acknowledge_page"),
        (420.0, "action", "declare_incident"),
        (1200.0, "action", "apply_mitigation"),
        (1440.0, "impact_end", ""),
        (1800.0, "action", "mark_resolved"),
    ]
    assert records[1].payload == {"users": 4100}
    assert records[3].payload["alert"] == "PagerDuty alert fired"
    assert records[4].payload["person"] == "alice"
    mitigation = next(r for r in records if r.action == "apply_mitigation")
    assert (mitigation.payload["strategy"], mitigation.payload["target"]) == (
        "rollback",
        "checkout-api",
    )
    assert mitigation.actor == "responder"  # no actor column: a neutral name
    assert warnings == [
        "incident.csv:2:1: warning: kind: 8 row(s) give no kind (or only a phase name); each "
        "was read from its text: "
        "line 2 impact_start, line 3 alert, line 4 page, line 5 ack, line 6 declare, line 7 "
        "mitigation, line 8 impact_end, line 9 resolved (check them; where one was read wrong, "
        "write its kind (alert, page, ack, declare, mitigation, resolved ...) in a kind column)",
        "incident.csv:7:18: warning: text: mitigation 'Rolled back the checkout-api deploy' read "
        "as rollback (from 'Rolled back'), target checkout-api",
    ]
    ph = phase_times(records)
    assert ph.durations() == {
        "mttd": 120.0,
        "mtta": 180.0,
        "time_to_declare": 300.0,
        "time_to_status_page": None,
        "time_to_mitigate": None,
        "time_to_resolve": 1800.0,
    }
    # a rollback was applied and the impact ended, but no row says the rollback took effect
    assert ph.missing() == {
        "time_to_status_page": "no status-page post",
        "time_to_mitigate": "no mitigation that took effect",
    }


def test_times_without_a_date_take_the_row_above_and_roll_over_midnight(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n"
        "2018-10-21 23:50 UTC,impact_start,,\n"
        "23:55,alert,monitoring,DiskFull\n"
        "00:10,ack,bob,\n"
        "00:05,note,bob,written late\n",
    )
    records, warnings = imported(path)
    assert [r.wall for r in records if r.kind in ("impact_start", "alert", "action")] == [
        "2018-10-21T23:50:00+00:00",
        "2018-10-21T23:55:00+00:00",
        "2018-10-22T00:05:00+00:00",
        "2018-10-22T00:10:00+00:00",
    ]
    assert warnings == [
        "incident.csv:4:1: warning: time: '00:10' comes after 23:55 on the row above, so it is "
        "read as the next day (2018-10-22) (write the date on rows after midnight to be sure)",
        "incident.csv:5:1: warning: time: 1 row(s) are earlier than a row above them (this one "
        "is earlier than line 4); rows are sorted by time, equal times keep their order (check "
        "the times if the file's order was meant)",
    ]
    assert phase_times(records).mtta == 900.0  # an acknowledgement implies a page


def test_a_date_column_and_a_time_column_in_a_named_zone(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Date,Time (PDT),Type,Description,Who\n"
        "2024-03-10,14:00,impact_start,500 users see errors,\n"
        "2024-03-10,2:05 PM,alert,HighErrors,datadog\n",
    )
    records, warnings = imported(path)
    assert records[0].payload["clock_start"] == "2024-03-10T14:00:00-07:00"
    assert [r.t for r in records if r.kind == "alert"] == [300.0]
    assert warnings == []


def test_zones_abbreviations_offsets_and_regions_mix_in_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "when,kind,who,event\n"
        '"Oct 4, 2021 11:39 AM EDT",impact_start,,3.5 billion users\n'
        "2021-10-04 15:40 UTC,alert,bgp-monitor,RoutesWithdrawn\n"
        "2021-10-04T17:42:00+02:00,customer_report,support,tickets\n"
        "04 Oct 2021 08:43 PT,internal_report,eng,noticed\n",
    )
    records, _ = imported(path)
    assert [r.t for r in records if r.kind in ("impact_start", "alert", "inject")] == [
        0.0,
        60.0,
        180.0,
        240.0,
    ]
    assert records[1].payload == {"users": 3_500_000_000}


def test_times_without_any_zone_are_read_as_utc_with_one_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n2024-05-01 10:00,impact_start,,\n2024-05-01 10:02,ack,bob,\n",
    )
    records, warnings = imported(path)
    assert records[0].payload["clock_start"] == "2024-05-01T10:00:00+00:00"
    assert warnings == [
        "incident.csv:0:0: warning: time: no time zone anywhere: times are read as UTC "
        "(durations are not affected) (add a zone to the times (14:02Z, 14:02 PDT, +01:00) or a "
        "line '# timezone: UTC' above the rows)"
    ]


def test_comment_lines_give_the_date_and_the_zone(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n# date: 2021-06-08\n# timezone: Europe/Berlin\n"
        "11:47,impact_start,,\n11:48,alert,m,X\n",
    )
    records, warnings = imported(path)
    assert records[0].payload["clock_start"] == "2021-06-08T11:47:00+02:00"
    assert warnings == []


def test_excel_export_bom_crlf_sep_line_and_serial_times(tmp_path: Path) -> None:
    text = (
        "\ufeffsep=;\r\nTime;Kind;Actor;Text\r\n"
        "43394.95;impact_start;;\r\n43394.95138888889;alert;m;X\r\n"
    )
    path = write(tmp_path, text)
    records, warnings = imported(path)
    assert [(r.t, r.kind) for r in records if r.kind in ("impact_start", "alert")] == [
        (0.0, "impact_start"),
        (120.0, "alert"),
    ]
    assert records[0].payload["clock_start"] == "2018-10-21T22:48:00+00:00"
    assert warnings[-1].endswith(
        "no time zone anywhere: times are read as UTC (durations are "
        "not affected) (add a zone to the times (14:02Z, 14:02 PDT, "
        "+01:00) or a line '# timezone: UTC' above the rows)"
    )


def test_day_month_order_is_taken_from_an_unambiguous_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,time,kind,actor,text\n"
        "06/08/2021,09:47Z,impact_start,,\n"
        "25/08/2021,09:48Z,note,x,later that month\n",
    )
    records, warnings = imported(path)
    assert records[0].payload["clock_start"] == "2021-08-06T09:47:00+00:00"
    assert warnings == []


def test_ambiguous_slash_dates_are_read_month_first_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "date,time,kind,actor,text\n6/8/2021,09:47Z,impact_start,,\n")
    records, warnings = imported(path)
    assert records[0].payload["clock_start"] == "2021-06-08T09:47:00+00:00"
    assert warnings == [
        "incident.csv:2:10: warning: time: '6/8/2021' could be month/day or day/month; every "
        "such date is read month first (write dates as 2021-06-08 to be sure)"
    ]


def test_a_kind_column_of_phase_names_and_prose_of_a_given_kind(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,type,owner,description\n"
        "2024-05-01T10:00Z,Impact,,Users started seeing 502 errors\n"
        "2024-05-01T10:01Z,Detection,,Synthetic checks failing in every region\n"
        "2024-05-01T10:10Z,Mitigation,raj,Engineering disabled the new-search feature flag\n"
        "2024-05-01T10:12Z,Escalation,maya,Escalated to the database team\n"
        "2024-05-01T10:15Z,mitigated,,\n",
    )
    records, _ = imported(path)
    inject = next(r for r in records if r.kind == "inject")
    assert inject.payload["kind"] == "synthetic_check"
    mitigation = next(r for r in records if r.action == "apply_mitigation")
    assert (mitigation.payload["strategy"], mitigation.actor) == ("feature_flag", "raj")
    escalate = next(r for r in records if r.action == "escalate")
    assert escalate.payload["level"] == 2  # no level written: the next one
    assert phase_times(records).time_to_mitigate == 900.0


def test_an_unquoted_comma_in_the_last_text_column_is_kept_with_a_warning(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n2024-05-01T10:00Z,impact_start,,\n"
        "2024-05-01T10:01Z,note,bob,a, b, c\n",
    )
    records, warnings = imported(path)
    assert next(r for r in records if r.action == "add_note").payload["text"] == "a, b, c"
    assert warnings == [
        "incident.csv:3:30: warning: text: 6 fields for 4 columns: the unquoted separators are "
        'read as part of the text (quote text that contains "," to be sure)'
    ]


def test_a_pagerduty_incident_log_export(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Created At,Type,Agent,Summary\n"
        "2021-01-04T15:00:00Z,trigger_log_entry,Datadog,Triggered through the API: Checkout 5xx\n"
        "2021-01-04T15:00:05Z,notify_log_entry,,Notified Alice Smith via SMS\n"
        "2021-01-04T15:03:10Z,acknowledge_log_entry,Alice Smith,Acknowledged by Alice Smith\n"
        "2021-01-04T15:40:00Z,resolve_log_entry,Alice Smith,Resolved by Alice Smith\n",
    )
    records, _ = imported(path)
    assert kinds(records) == [
        (0.0, "alert", ""),
        (5.0, "page", ""),
        (190.0, "action", "acknowledge_page"),
        (2400.0, "action", "mark_resolved"),
    ]
    assert records[2].payload["person"] == "Alice"
    assert phase_times(records).mtta == 190.0


def test_a_slack_export_with_epoch_timestamps(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ts,user,text\n"
        "1609772400.000200,U123,checkout is down for everyone\n"
        "1609772460,U456,paged bob\n"
        "1609772700000,bob,acked\n",
    )
    records, _ = imported(path)
    assert records[0].payload["clock_start"] == "2021-01-04T15:00:00.000200+00:00"
    assert kinds(records) == [
        (0.0, "inject", "internal_report"),
        (60.0, "page", ""),
        (300.0, "action", "acknowledge_page"),
    ]
    assert phase_times(records).mtta == 300.0


BAD = [
    (
        "time,kind,actor,text\n22:52,alert,m,X\n",
        "incident.csv:2:1: error: time: '22:52' has no date and no row gives one (write the "
        "date on the first row (2018-10-21 22:52 UTC) or add the line '# date: 2018-10-21' "
        "above the rows)",
    ),
    (
        "time,kind,actor,text\n# timezone: Mars/Olympus\n2024-05-01T10:00Z,alert,m,X\n",
        "incident.csv:2:1: error: unknown time zone 'Mars/Olympus' in the comment (e.g. "
        "'# timezone: UTC', 'PDT', 'UTC+2' or 'Europe/Berlin')",
    ),
    (
        "when,who\n2024-05-01T10:00Z,bob\n",
        "incident.csv:1:1: error: header: missing column(s) text; the header row must name "
        "time, kind, actor, text (start the file with the line: time,kind,actor,text)",
    ),
    (
        "time,kind,actor,text\n# nothing here but comments\n",
        "incident.csv:2:1: error: no rows after the header (add at least an impact_start or "
        "alert row)",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=["no-date", "zone", "no-text", "no-rows"])
def test_what_cannot_be_used_is_a_located_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    assert formatted(info.value.problems, tmp_path) == [message]
    assert main(["import-timeline", str(path), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Customers report that checkout fails", "customer_report"),
        ("Support tickets arriving from all regions", "customer_report"),
        ("Global disruption identified by Fastly monitoring", "alert"),
        ("Engineering identified the configuration that triggered the bug", "finding"),
        ("Status page updated: Investigating", "status_page"),
        ("Majority of services recovered", "mitigated"),
        ("All services fully restored", "impact_end"),
        ("Engineers began failing over the database", "mitigation"),
        ("API requests began failing", "impact_start"),
        ("Incident commander: maya", "role"),
        ("Opened a bridge call on Zoom", "bridge"),
        ("Lunch", "note"),
    ],
)
def test_classify_reads_free_text(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_header_synonyms_prose_helpers_and_zones() -> None:
    header = map_header(["\ufeffTimestamp [PDT]", "Event", "Who", "Ticket"])
    assert header.index == {"time": 0, "actor": 2, "text": 1}
    assert header.ignored == [3]
    assert str(header.zone) == "PDT"
    assert prose_strategy("Rolled back the web-tier deploy") == (
        "rollback",
        "web-tier",
        "Rolled back",
    )
    assert prose_strategy("Reverted the config push") == ("rollback", "", "Reverted")
    assert prose_strategy("Engineers re-synchronising replicas") is None
    assert prose_users("affecting 12k customers") == 12_000
    assert str(zone_of("UTC+05:30")) == "UTC+05:30"
    assert zone_of("Mars/Olympus") is None
    with pytest.raises(ValueError, match=r"IST could be India \(\+05:30\), Ireland"):
        TimeReader().read("2024-03-10 14:02 IST")


def test_blank_lines_above_the_header_keep_line_numbers_right(tmp_path: Path) -> None:
    path = write(tmp_path, "\n\ntime,kind,actor,text\n2024-05-01T10:00Z,alrt,m,X\n")
    with pytest.raises(TimelineError) as info:
        import_timeline(path)
    assert formatted(info.value.problems, tmp_path)[0].startswith(
        "incident.csv:4:19: error: kind: unknown kind 'alrt'"
    )


def test_a_kind_of_the_teams_own_is_read_from_the_text_with_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n"
        "2024-05-01T10:00Z,Customer Impact,,Checkout started returning errors\n"
        "2024-05-01T10:05Z,Hotfix,maya,Rolled back the checkout-api deploy\n",
    )
    records, warnings = imported(path)
    assert kinds(records) == [(0.0, "impact_start", ""), (300.0, "action", "apply_mitigation")]
    assert warnings[1] == (
        "incident.csv:3:19: warning: kind: 1 row(s) name a kind this importer does not know, so "
        "each is read from its text: line 3 'Hotfix' (kinds: impact_start, impact_end, alert, "
        "customer_report, internal_report, security_finding, synthetic_check, page, ack, declare, "
        "severity, role, task, follow_up, report, finding, update, status_page, escalate, bridge, "
        "handover, mitigation, mitigated, resolved, note, message)"
    )


def test_declare_and_status_page_rows_in_prose(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "time,kind,actor,text\n"
        "2022-04-05T07:38Z,impact_start,,A script deleted 883 customer sites\n"
        "2022-04-05T08:30Z,declare,ic,Major incident declared (SEV-1)\n"
        "2022-04-05T09:00Z,status_page,comms,Posted on statuspage.io: we are investigating\n"
        "2022-04-05T10:00Z,status_page,comms,Update: issue identified - sites being restored\n",
    )
    records, _ = imported(path)
    actions = [dict(r.payload) for r in records if r.kind == "action"]
    assert actions[0] == {
        "action": "declare_incident",
        "severity": "SEV-1",
        "title": "Major incident declared (SEV-1)",
    }
    assert [a["status"] for a in actions[1:]] == ["Investigating", "Identified"]
    assert records[0].payload["title"] == "Major incident declared (SEV-1)"
