"""A scenario's public text (its summary, shown in the library and the briefing, and its
``briefing:``) must not give the exercise away: ``validate`` warns when it names a strategy
that resolves the incident; no bundled scenario does."""

from __future__ import annotations

from pathlib import Path

from scenarios import BUNDLED_DIR
from simulator.loading import load_bundle
from simulator.problems import Level

PAYMENTS = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _warnings(path: Path) -> list[str]:
    _bundle, problems = load_bundle(path, None)
    return [
        p.format() for p in problems if p.level is Level.WARNING and "names the fix" in p.format()
    ]


def test_a_summary_or_briefing_naming_the_fix_is_warned_about(tmp_path: Path) -> None:
    text = PAYMENTS.read_text(encoding="utf-8")
    text = text.replace("team: teams/", f"team: {BUNDLED_DIR}/teams/")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    text = text.replace(
        "Tuesday afternoon. Card payments", "Tuesday afternoon; a rollback fixes it. Card payments"
    )
    text = text.replace("Tuesday, 14:00.", "Tuesday, 14:00. Roll back if anything breaks.")
    path = tmp_path / "giveaway.yaml"
    path.write_text(text, encoding="utf-8")
    assert _warnings(path) == [
        f"{path}:5:10: warning: summary: the summary names the fix (rollback resolves the "
        "incident): players read it in the library and the briefing before they play "
        "(describe what people see, not what fixes it; the fix belongs in truth)",
        f"{path}:10:11: warning: briefing: the briefing names the fix (rollback resolves the "
        "incident): players read it on the briefing before they play (describe what people "
        "see, not what fixes it; the fix belongs in truth)",
    ]


def test_no_bundled_scenario_gives_its_fix_away_and_each_has_a_briefing() -> None:
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        assert _warnings(path) == [], path.name
        bundle, _problems = load_bundle(path, None)
        assert bundle is not None and len(bundle.scenario.briefing.split()) >= 20, path.name
