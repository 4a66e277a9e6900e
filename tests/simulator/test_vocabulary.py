"""The one vocabulary: role labels, the resolution checklist and strategy words."""

from __future__ import annotations

import dataclasses

from simulator.actions import MarkResolved
from simulator.model import Role
from simulator.vocabulary import CHECKLIST, ROLE_LABELS, role_label, role_title


def test_every_role_has_a_label() -> None:
    assert set(ROLE_LABELS) == set(Role)


def test_role_labels_read_in_a_sentence_and_as_a_title() -> None:
    assert role_label(Role.COMMUNICATIONS_LEAD) == "communications lead"
    assert role_label("subject_matter_expert") == "subject-matter expert"
    assert role_title(Role.INCIDENT_COMMANDER) == "Incident commander"
    assert role_title("subject_matter_expert") == "Subject-matter expert"


def test_unknown_role_text_is_returned_as_given() -> None:
    assert role_label("janitor") == "janitor"


def test_checklist_items_are_the_mark_resolved_fields() -> None:
    fields = {f.name for f in dataclasses.fields(MarkResolved)} - {"actor", "summary"}
    assert [key for key, _ in CHECKLIST] == [
        "metrics_normal",
        "no_recurring_errors",
        "customer_impact_resolved",
        "stakeholders_notified",
    ]
    assert {key for key, _ in CHECKLIST} == fields
