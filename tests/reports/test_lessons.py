"""The lessons of a run ranked by their effect on customers and on the score, and the what-if
re-run of the biggest mistake, on real engine runs (a trainee's bad play, a simulated team)."""

from __future__ import annotations

from functools import cache

from reports.scored import score_run
from reports.viewmodel import ReportModel, build_report
from scenarios import BUNDLED_DIR
from simulator.engine import run_headless
from simulator.loading import load_bundle_or_raise
from tests.simulator.scoring.best_play import bad_play

PAYMENTS = BUNDLED_DIR / "payments-bad-deploy.yaml"


@cache
def late_fix() -> ReportModel:
    """The trainee fails over the database, restarts, and rolls back an hour in."""
    bundle = load_bundle_or_raise(PAYMENTS)
    return build_report(score_run(bad_play(bundle, premature=False), bundle), what_if=True)


def test_lessons_rank_customers_first_then_points_each_with_moment_good_play_and_rule() -> None:
    lessons = late_fix().key_lessons
    assert 3 <= len(lessons) <= 5
    assert [x.rank for x in lessons] == list(range(1, len(lessons) + 1))
    top = lessons[0]
    assert (top.topic, top.moment, top.user_minutes > 100_000) == (
        "mitigate",
        "14:26 (T+24m30s)",
        True,
    )
    assert top.better.endswith("Here: rolling back payments-api (it takes about 6m to work).")
    assert top.rule == "ORG-03 and the guide's Phase 4: 'Mitigate first, debug later.'"
    rest = lessons[1:]
    assert all(x.user_minutes == 0 for x in rest)  # no customer effect: ranked by points
    assert [x.points for x in rest] == sorted((x.points for x in rest), reverse=True)
    assert {"MIT-STRATEGY", "MIT-WRONG", "TIME-MITIGATE"} <= set(top.objectives)


def test_the_biggest_mistake_is_re_run_with_the_better_decision() -> None:
    model = late_fix()
    what_if = model.counterfactual
    assert what_if is not None
    assert what_if.decision == (
        "rolling back payments-api at 14:26 instead of failing over postgres-payments"
    )
    assert what_if.what_if_user_minutes < what_if.user_minutes / 2
    assert what_if.what_if_time_to_resolve is not None and what_if.time_to_resolve is not None
    assert what_if.what_if_time_to_resolve < what_if.time_to_resolve - 30 * 60
    assert what_if.summary.startswith(
        "With rolling back payments-api at 14:26 instead of failing over postgres-payments: "
    )
    assert "user-minutes of impact instead of" in what_if.summary
    # the top lesson now tells the re-run's result
    assert model.key_lessons[0].headline == what_if.headline
    assert what_if.headline.endswith("would have ended the outage 42 minutes earlier")


def test_a_simulated_team_gets_a_what_if_too_and_no_re_run_without_asking() -> None:
    bundle = load_bundle_or_raise(BUNDLED_DIR / "search-autocomplete-flag.yaml")
    run = score_run(run_headless(bundle, seed=1), bundle)
    assert build_report(run).counterfactual is None
    what_if = build_report(run, what_if=True).counterfactual
    assert what_if is not None
    assert what_if.decision.startswith("switching off the feature flag of search-api at ")
    assert what_if.what_if_user_minutes < what_if.user_minutes


def test_a_good_run_has_no_lessons_and_no_what_if() -> None:
    from tests.simulator.scoring.best_play import best_play

    bundle = load_bundle_or_raise(PAYMENTS)
    model = build_report(score_run(best_play(bundle), bundle), what_if=True)
    assert model.key_lessons == () and model.counterfactual is None
    assert model.headline == "Exercise over — resolved"


def test_a_premature_resolution_is_said_in_the_headline_and_the_summary() -> None:
    bundle = load_bundle_or_raise(PAYMENTS)
    model = build_report(score_run(bad_play(bundle), bundle))
    assert model.headline == "Exercise over — resolved while 9,408 users were still affected"
    assert model.summary.endswith(
        "It was marked resolved at 14:48, 43m10s after the impact began, while 9,408 users "
        "were still affected."
    )
    assert model.key_lessons[1].headline == (
        "Resolved at 14:48 while 9,408 users were still affected"
    )
