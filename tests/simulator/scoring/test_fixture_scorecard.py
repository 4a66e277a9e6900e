"""Golden test: the hand-made fixture journal gives exactly these scorecard values.

The expected values were computed by hand from tests/fixtures/journals/good-run.jsonl
(impact at 180 s, alert 330 s, ack 420 s, declared SEV-3 at 600 s, re-classified SEV-2 at
750 s, restart 1140 s, scale 1200 s, rollback 1440 s resolving at 1800 s, resolved 2100 s).
"""

from __future__ import annotations

import copy
import json

import pytest

from simulator.scoring import DEFAULT_WEIGHTS, Rating, Scorecard, score
from tests.fixtures.journals.builder import fixture_bundle, good_run

# id: (rating, score, measured, evidence seqs)
GOLDEN = {
    "TIME-MTTD": ("P", 100.0, 150.0, (3, 5)),  # alert 330 - impact 180
    "TIME-MTTA": ("P", 100.0, 90.0, (5, 8)),  # ack 420 - alert 330
    "TIME-DECLARE": ("P", 100.0, 270.0, (5, 11)),  # declare 600 - 330, SEV-2 target 30m
    # the restart helped at 1320 but relapsed at 1560: the rollback at 1800 counts (- 180)
    "TIME-MITIGATE": ("P", 100.0, 1620.0, (3, 30, 40)),
    "TIME-RESOLVE": ("P", 100.0, 1920.0, (3, 45)),  # resolved 2100 - 180
    "SEV-CLASS": ("M", 40.0, 3.0, (11,)),  # declared SEV-3, truth SEV-2: one level too mild
    "SEV-RECLASS": ("P", 100.0, 150.0, (11, 18)),  # corrected 750 - 600 <= 15m
    "ROLE-IC": ("P", 100.0, 0.0, (11,)),
    "ROLE-COMMS": ("P", 100.0, 30.0, (12,)),  # 630 - 600
    "ROLE-SCRIBE": ("P", 100.0, 240.0, (20,)),  # 840 - 600
    "ROLE-DELEGATE": ("S", 75.0, 1.0, (14,)),  # the IC queried the logs once
    "ROLE-TASKS": ("S", 75.0, 0.75, (16, 17, 31, 34)),  # 3 tasks + "Can someone ..."
    "ROLE-FOLLOWUP": ("M", 40.0, 0.5, (37, 38, 39)),  # T2 followed up, T3 not
    "ROLE-HANDOVER": ("N/A", None, None, ()),
    "COMM-CADENCE": ("P", 100.0, 960.0, (21, 43)),  # 900 -> 1860, every 30m
    "COMM-COMPLETE": ("S", 75.0, 17 / 18, (21, 43, 46)),  # first update lacks ETA
    "COMM-STATUS-PAGE": ("P", 100.0, 180.0, (19,)),  # 780 - 600
    "COMM-PLAIN": ("M", 40.0, 2.0, (19,)),  # "HTTP 500", "payments-api"
    "ESC-LEVEL": ("P", 100.0, 420.0, (11, 22)),  # escalate level 2 at 1020 - declared 600
    "ESC-LEADERSHIP": ("N/A", None, None, ()),
    "ESC-BRIDGE": ("P", 100.0, 60.0, (13,)),
    "MIT-FIRST": ("P", 100.0, 450.0, (15, 27)),  # finding 690 -> restart 1140
    "MIT-STRATEGY": ("M", 40.0, 3.0, (27, 29, 32)),  # rollback was the 3rd mitigation
    "MIT-WRONG": ("S", 75.0, 1.0, (29,)),  # scale: effect none
    "RES-AFTER-IMPACT": ("P", 100.0, 300.0, (41, 45)),
    "RES-CHECKLIST": ("S", 75.0, 3.0, (45,)),
    "RES-STAKEHOLDERS": ("P", 100.0, 2.0, (45, 46, 47)),
    "OBJ-ACK": ("P", 100.0, 90.0, (5, 8)),
    "OBJ-ROLLBACK": ("P", 100.0, 1110.0, (5, 32)),  # 1440 - 330 <= 20m
    "OBJ-NO-FAILOVER": ("P", 100.0, 0.0, ()),
}

FAMILIES = {
    "timings": (100.0, "P"),
    "severity": (70.0, "S"),  # (40 + 100) / 2
    "roles": (81.7, "S"),  # (100 + 100 + 100 + 75 + 75 + 40) / 6
    "communication": (78.8, "S"),  # (100 + 75 + 100 + 40) / 4
    "escalation": (100.0, "P"),
    "mitigation": (71.7, "S"),  # (100 + 40 + 75) / 3
    "resolution": (91.7, "P"),  # (100 + 75 + 100) / 3
    "scenario": (100.0, "P"),
}


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return score(good_run(), fixture_bundle())


def test_every_objective_has_its_golden_value(card: Scorecard) -> None:
    got = {o.id: (o.rating.value, o.score, o.measured, o.evidence) for o in card.objectives}
    assert list(got) == list(GOLDEN)
    for oid, expected in GOLDEN.items():
        assert got[oid][:2] == expected[:2], oid
        assert got[oid][2] == pytest.approx(expected[2]), oid
        assert got[oid][3] == expected[3], oid


def test_family_scores_and_overall(card: Scorecard) -> None:
    assert {f.family: (f.score, f.rating.value) for f in card.families} == FAMILIES
    # sum(weight * family score) / 100 with weights 20,10,15,15,10,15,5,10
    assert card.overall_score == 86.4
    assert card.overall_rating is Rating.P
    assert dict(card.weights) == dict(DEFAULT_WEIGHTS)
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_header_facts_and_phases(card: Scorecard) -> None:
    assert (card.scenario_id, card.team_id, card.seed) == (
        "payments-bad-deploy",
        "acme-platform",
        7,
    )
    assert (card.true_severity, card.declared_severity, card.final_severity) == (
        "SEV-2",
        "SEV-3",
        "SEV-2",
    )
    assert card.severity_source == "scenario truth"
    assert not card.imported
    assert card.phases == {
        "mttd": 150.0,
        "mtta": 90.0,
        "time_to_declare": 270.0,
        "time_to_status_page": 450.0,
        "time_to_mitigate": 1620.0,
        "time_to_resolve": 1920.0,
    }


def test_notes_say_what_was_flagged_and_missed(card: Scorecard) -> None:
    assert card.objective("COMM-PLAIN").notes == (
        "Post at 14:15: jargon: “HTTP 500”; internal service id: “payments-api”",
    )
    assert card.objective("ROLE-FOLLOWUP").notes == (
        "Task T3 (Tom Becker) expired at 14:29 without a follow-up.",
    )
    assert card.objective("MIT-WRONG").notes == (
        "scale payments-api at 14:22: effect none — cost: Doubles pod count; errors are "
        "deterministic, not capacity.",
    )
    assert card.objective("ROLE-DELEGATE").rules == ("IC-01",)
    assert card.objective("ROLE-TASKS").rules == ("IC-06",)
    assert card.objective("ROLE-FOLLOWUP").rules == ("IC-07", "DEP-02")
    assert card.objective("COMM-STATUS-PAGE").rules == ("CL-01", "IC-20")


def test_scorecard_json_round_trip(card: Scorecard) -> None:
    text = json.dumps(card.to_json(), ensure_ascii=False)
    again = Scorecard.from_json(json.loads(text))
    assert again == card


def test_from_json_rejects_other_documents() -> None:
    with pytest.raises(
        ValueError, match=r"not a scorecard: format 'x', expected gameday/scorecard@1"
    ):
        Scorecard.from_json({"format": "x"})


def test_scoring_does_not_mutate_the_journal() -> None:
    records = good_run()
    before = copy.deepcopy(records)
    score(records, fixture_bundle())
    assert records == before


def test_unknown_objective_and_family_lookup_name_the_id(card: Scorecard) -> None:
    with pytest.raises(KeyError, match="no objective 'NOPE'"):
        card.objective("NOPE")
    with pytest.raises(KeyError, match="no family 'nope'"):
        card.family("nope")
