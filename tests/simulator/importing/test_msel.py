"""MSEL in and out: the fixtures (an HSEEP-style CSV, the same as a planner's workbook, a T3SF
JSON) read into scenario skeletons inject by inject; every bundled scenario's injects survive
export -> import in CSV and XLSX (and T3SF for what T3SF can hold); bad cells are located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.exporting.msel import export, scenario_time
from simulator.importing.msel import MselError, scenario_from_msel
from simulator.loading import load_scenario, load_scenario_text
from simulator.model import Inject, Scenario

ROOT = Path(__file__).resolve().parents[3]
FORMATS = ROOT / "scenarios" / "formats"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

#: What an MSEL round trip keeps of an inject (the objective needs the author: it is listed).
KEPT = (
    "id",
    "kind",
    "sender",
    "channel",
    "text",
    "at",
    "when",
    "service",
    "alert",
    "expected_action",
    "learning_point",
)


def loaded(text: str) -> Scenario:
    scenario, problems = load_scenario_text(text)
    assert scenario is not None, [p.format() for p in problems]
    return scenario


def kept(inject: Inject) -> tuple[object, ...]:
    return tuple(getattr(inject, name) for name in KEPT)


@pytest.mark.parametrize("name", ["msel-template.csv", "msel-template.xlsx"])
def test_an_hseep_style_msel_becomes_a_scenario_skeleton(name: str) -> None:
    imported = scenario_from_msel(FORMATS / name)
    scenario = loaded(imported.text)
    rows = [
        (i.id, i.kind.value, i.channel.value, i.sender, i.at, scenario_time(i))
        for i in scenario.injects
    ]
    assert rows == [
        ("inject-1", "alert", "pager", "Alertmanager", 120.0, "2m"),
        ("inject-2", "customer_report", "ticket", "Support desk", 480.0, "8m"),
        ("inject-3", "red_herring", "dashboard", "Grafana", 720.0, "12m"),
        ("inject-4", "stakeholder_question", "email", "J. Alvarez, Tech Daily", 1200.0, "20m"),
        (
            "inject-5",
            "executive_pressure",
            "phone",
            "Dana Whitfield, CFO",
            None,
            "after declare_incident +10m",
        ),
        (
            "inject-6",
            "stakeholder_question",
            "chat",
            "Support desk",
            None,
            "unless post_status_page by 30m",
        ),
    ]
    assert scenario.injects[1].text == (
        'Fourteen tickets in six minutes: "payment failed, card was charged twice?"'
    )
    assert scenario.injects[0].expected_action == "acknowledge_page"
    assert scenario.injects[3].learning_point == "Expected: Post a status-page update"
    assert imported.needs_author == [
        "truth: severity (SEV-3 for now), root cause, the impact's shape (no users yet) and the "
        "mitigations (one placeholder: rollback of system resolves in 5m)",
        "services: system (a placeholder: the MSEL names none); no metrics, so alerts come "
        "only from injects",
        "objectives named in the MSEL, to write under objectives: Detection (inject-1); Triage "
        "(inject-2); Communication (inject-4, inject-5, inject-6)",
        "clock.start: the MSEL gives no date; set to 2026-01-05T09:00:00+00:00",
        "team: none named; add 'team: teams/<team>.yaml' (or pass --team)",
    ]
    assert imported.text.startswith(
        f"# Scenario skeleton imported by `gameday import-msel` from {name} ("
    )


def test_a_t3sf_msel_becomes_a_scenario_skeleton() -> None:
    imported = scenario_from_msel(FORMATS / "t3sf-msel.json")
    scenario = loaded(imported.text)
    assert scenario.clock.start.isoformat() == "2026-01-06T14:02:00+00:00"  # Tuesday 2:02 PM
    assert [(i.at, i.kind.value, i.sender) for i in scenario.injects] == [
        (0.0, "alert", "Alertmanager"),
        (360.0, "customer_report", "Support desk"),
        (1080.0, "internal_report", "J. Alvarez, Tech Daily"),
        (1380.0, "internal_report", "Internal"),
    ]
    assert scenario.injects[2].text.startswith("Hello,\nWe hear checkout is down")
    assert scenario.injects[3].learning_point == "Decision poll: Roll back now | Fix forward"
    assert (
        "inject kinds read from the text (no known Inject Type): inject-1 (alert), inject-2 "
        "(customer_report), inject-3 (internal_report), inject-4 (internal_report)"
    ) in imported.needs_author


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_bundled_scenarios_injects_survive_an_msel_round_trip(
    tmp_path: Path, path: Path, form: str
) -> None:
    original, _ = load_scenario(path)
    assert original is not None
    data, notes = export(original, form)
    assert notes == []
    exported = tmp_path / f"{path.stem}.{form}"
    exported.write_bytes(data)
    back = loaded(scenario_from_msel(exported).text)
    assert [kept(i) for i in back.injects] == [kept(i) for i in original.injects]
    assert back.clock.start == original.clock.start
    objectives = {i.objective for i in original.injects if i.objective}
    listed = " ".join(scenario_from_msel(exported).needs_author)
    assert all(o in listed for o in objectives)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_t3sf_round_trip_keeps_what_t3sf_holds(tmp_path: Path, path: Path) -> None:
    original, _ = load_scenario(path)
    assert original is not None
    data, notes = export(original, "t3sf")
    timed = [i for i in original.injects if i.when is None]
    conditional = [i.id for i in original.injects if i.when is not None]
    assert notes == (
        [
            f"{len(conditional)} conditional inject(s) left out (T3SF has no conditions): "
            + ", ".join(conditional)
        ]
        if conditional
        else []
    )
    entries = json.loads(data)
    assert [e["#"] for e in entries] == list(range(1, len(timed) + 1))
    assert list(entries[0]) == [
        "#",
        "Real Time",
        "Date",
        "Subject",
        "From",
        "Player",
        "Script",
        "Photo",
        "Picture Name",
        "Profile",
        "Poll",
    ]
    exported = tmp_path / "msel.json"
    exported.write_bytes(data)
    back = loaded(scenario_from_msel(exported).text)
    first = min(i.at or 0.0 for i in timed)
    assert [(i.at, i.sender, i.text) for i in back.injects] == [
        ((i.at or 0.0) - first, i.sender, i.text) for i in timed
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "msel.csv",
            "Inject No.,Scenario Time,From,Inject Text\n1,soon,Ops,Hello\n",
            "msel.csv:2:2: error: scenario_time: 'soon' is not a time this importer reads "
            "(e.g. 5m, T+1h05m, 14:05, Monday 9:30 AM, 2026-03-10T14:05:00+01:00 or 'after "
            "declare_incident +2m')",
        ),
        (
            "msel.csv",
            "Inject No.,Scenario Time,From,Inject Text\n1,5m,Ops,Hello\n2,after pray +1m,Ops,Hi\n",
            "msel.csv:3:2: error: scenario_time: unknown action 'pray' in the condition",
        ),
        (
            "msel.csv",
            "Inject No.,Scenario Time,From,Inject Text\n1,5m,Ops,\n",
            "msel.csv:2:4: error: text: no inject text (and no synopsis) (write what the "
            "players receive in 'Inject Text')",
        ),
        (
            "msel.csv",
            "Number,When,Who\n1,5m,Ops\n",
            "msel.csv:1:1: error: header: no column holds the inject text; expected 'Inject "
            "Text' (or Script, Message, Event Synopsis)",
        ),
        (
            "msel.json",
            '[\n {"#": 1, "Date": "Monday 9:30 AM", "Script": "a"},\n'
            ' {"#": 2, "Date": "whenever", "Script": "b"}\n]',
            "msel.json:3:0: error: [1].Date: 'whenever' is not a time this importer reads",
        ),
        (
            "msel.xlsx",
            "not a workbook",
            "msel.xlsx:1:1: error: not an XLSX workbook: File is not a zip file (save it as .xlsx)",
        ),
    ],
    ids=["bad-time", "bad-action", "no-text", "no-text-column", "t3sf-time", "not-xlsx"],
)
def test_bad_msel_cells_are_located(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MselError) as info:
        scenario_from_msel(path)
    shown = [p.format().replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert shown[0].startswith(message), shown
