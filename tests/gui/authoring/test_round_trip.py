"""Editing keeps the author's comments, key order and formatting (gui/authoring/yamldoc.py):
every bundled scenario and team comes back byte for byte, and a pane's edit changes only the
lines it must — also in a file whose layout the YAML dumper would not write itself."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from gui.authoring import edits, yamldoc
from gui.authoring.files import from_template, moved
from scenarios import BUNDLED_DIR

FILES = sorted(BUNDLED_DIR.glob("*.yaml")) + sorted((BUNDLED_DIR / "teams").glob("*.yaml"))
PAYMENTS = BUNDLED_DIR / "payments-bad-deploy.yaml"


def changed_lines(old: str, new: str) -> list[str]:
    """The ``-``/``+`` lines of a diff."""
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_bundled_file_round_trips_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamldoc.round_trip(text) == text
    assert yamldoc.edit(text, lambda _data: None) == text


def test_retiming_an_inject_changes_its_time_only_and_keeps_comments() -> None:
    text = PAYMENTS.read_text(encoding="utf-8").replace(
        "  - id: support-ticket\n", "  # the support queue fills up first\n  - id: support-ticket\n"
    )
    new = edits.retime_inject(text, 2, 12 * 60)
    assert changed_lines(text, new) == ["-    at: 9m", "+    at: 12m"]
    assert "  # the support queue fills up first\n  - id: support-ticket\n" in new


def test_a_condition_becomes_a_time_in_its_place() -> None:
    text = PAYMENTS.read_text(encoding="utf-8")
    new = edits.retime_inject(text, 5, 30 * 60)
    assert changed_lines(text, new) == [
        "-    when:",
        "-      unless_action: post_status_page",
        "-      by: 25m",
        "+    at: 30m",
    ]


def test_an_unusual_layout_is_kept_around_the_edit() -> None:
    text = PAYMENTS.read_text(encoding="utf-8")
    odd = (
        text.replace("services:\n", "services:     # the services, as deployed\n\n\n")
        .replace("  - id: deploy-notice\n", "  - id:    deploy-notice   \n")
        .replace("format: gameday", "format:   gameday")
    )
    assert yamldoc.round_trip(odd) != odd  # the dumper would normalise this file...
    new = edits.retime_inject(odd, 2, 12 * 60)
    assert changed_lines(odd, new) == ["-    at: 9m", "+    at: 12m"]  # ...the edit does not


def test_mitigation_matrix_edits() -> None:
    text = PAYMENTS.read_text(encoding="utf-8")
    reduced = edits.set_mitigation(text, "restart", "payments-api", "reduces", 50)
    assert changed_lines(text, reduced) == ["-      amount: 30", "+      amount: 50"]
    added = edits.set_mitigation(text, "block_traffic", "payments-api", "worsens", 10, 120)
    assert changed_lines(text, added) == [
        "+    - strategy: block_traffic",
        "+      target: payments-api",
        "+      effect: worsens",
        "+      amount: 10",
        "+      takes: 2m",
    ]
    removed = edits.set_mitigation(text, "feature_flag", "payments-api", "")
    assert changed_lines(text, removed) == [
        "-    - strategy: feature_flag",
        "-      target: payments-api",
        "-      effect: none",
        "-      takes: 1m",
        "-      note: No flag guards the tokenisation client.",
    ]


def test_clue_edits_write_flow_lists_and_durations() -> None:
    text = PAYMENTS.read_text(encoding="utf-8")
    new = edits.set_clue_field(text, 0, "match", ["npe", "tokenvault client"])
    assert changed_lines(text, new) == [
        '-    match: [payments, "5xx", error, exception, npe, tokeni]',
        "+    match: [npe, tokenvault client]",
    ]
    later = edits.set_clue_field(text, 0, "available_after", 300)
    assert changed_lines(text, later) == ["-    available_after: 3m", "+    available_after: 5m"]


def test_a_template_copy_finds_its_team_and_runbooks_from_its_new_folder(tmp_path: Path) -> None:
    destination = tmp_path / "drills" / "My Drill.yaml"
    text = from_template(PAYMENTS, destination, "My drill")
    changes = changed_lines(PAYMENTS.read_text(encoding="utf-8"), text)
    assert "+id: my-drill" in changes
    assert '+title: "My drill"' in changes
    destination.parent.mkdir()
    destination.write_text(text, encoding="utf-8")
    from simulator.loading import load_bundle

    bundle, _problems = load_bundle(destination)
    assert bundle is not None
    assert bundle.team.id == "acme-platform"
    assert "PaymentsAPIHighErrorRate" in bundle.runbooks
    # moving it back where the template lives gives the template's paths again
    back = moved(text, destination, PAYMENTS)
    assert "team: teams/acme-platform.yaml\n" in back
    assert "runbooks: runbooks/\n" in back
