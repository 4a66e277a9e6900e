"""What-if overrides: each operation, combinations, and the errors with a did-you-mean."""

from __future__ import annotations

import pytest

from simulator.engine.variants import VariantError, apply_override, parse_variant
from simulator.model import Experience
from tests.simulator.engine_bundles import small_bundle


def test_parse_variant() -> None:
    assert parse_variant("no-rb = remove-runbooks") == ("no-rb", "remove-runbooks")
    with pytest.raises(VariantError, match="expected NAME=OVERRIDE"):
        parse_variant("remove-runbooks")


def test_runbook_operations() -> None:
    bundle = small_bundle()
    assert apply_override(bundle, "remove-runbook:ApiErrors").runbooks == {}
    assert apply_override(bundle, "remove-runbooks").runbooks == {}
    assert apply_override(bundle, "remove-runbooks").variant == "remove-runbooks"
    assert bundle.runbooks  # the original is untouched


def test_escalation_operations() -> None:
    bundle = small_bundle()
    levels = apply_override(bundle, "remove-escalation-level:2").team.escalation.levels
    assert [lv.level for lv in levels] == [1, 3]
    timed = apply_override(bundle, "escalation-timeout:1=10m").team.escalation.levels
    assert [lv.timeout for lv in timed] == [600.0, 600.0, 900.0]
    assert apply_override(bundle, "escalation-repeats:2").team.escalation.repeats == 2


def test_people_operations_combined_with_plus() -> None:
    bundle = apply_override(small_bundle(), "no-secondary+experience:cat=novice+remove-person:eve")
    team = bundle.team
    assert team.on_call.secondary is None
    assert [lv.targets for lv in team.escalation.levels] == [("ann",), ("dan",)]
    assert team.person("cat") is not None
    assert team.person("cat").experience is Experience.NOVICE  # type: ignore[union-attr]
    assert team.person("eve") is None
    assert bundle.variant == "no-secondary+experience:cat=novice+remove-person:eve"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            "remove-runbok:ApiErrors",
            "unknown override 'remove-runbok' (did you mean 'remove-runbook'?)",
        ),
        (
            "remove-runbook:ApiError",
            "remove-runbook: no runbook titled 'ApiError' (did you mean 'ApiErrors'?)",
        ),
        ("remove-runbook", "remove-runbook: missing its argument after ':'"),
        (
            "remove-escalation-level:4",
            "remove-escalation-level: team small-team has no escalation level 4; it has [1, 2, 3]",
        ),
        (
            "remove-escalation-level:two",
            "remove-escalation-level: 'two' is not a level number; expected one of [1, 2, 3]",
        ),
        (
            "experience:bobb=novice",
            "experience: 'bobb' is not a member of team small-team (did you mean 'bob'?)",
        ),
        (
            "experience:bob=expert",
            "experience: 'expert' is not one of novice, intermediate, senior",
        ),
        (
            "experience:bob",
            "experience: expected experience:KEY=VALUE, e.g. experience:noor=senior",
        ),
        (
            "escalation-timeout:1=ten",
            "escalation-timeout: 'ten' is not a duration; write it like 90s, 5m or 1h30m",
        ),
        ("remove-person:ann", "remove-person: ann is the on-call primary and cannot be removed"),
        ("escalation-repeats:x", "escalation-repeats: 'x' is not a whole number"),
    ],
)
def test_bad_overrides_say_what_is_wrong(override: str, message: str) -> None:
    with pytest.raises(VariantError) as caught:
        apply_override(small_bundle(), override)
    assert str(caught.value).startswith(message)
