"""The channel reader on the utterance corpus: at least 300 utterances, at least 95% read
exactly right, and no side-effect action ever taken without a confirmation."""

from __future__ import annotations

from simulator.language import read_message, say_action
from tests.simulator.language.contexts import context
from tests.simulator.language.corpus import evaluate, utterances


def test_the_corpus_is_read_right_and_side_effects_wait_for_confirmation() -> None:
    assert len(utterances()) >= 300
    result = evaluate()
    assert result.unconfirmed == 0
    assert result.accuracy >= 0.95, [u.text for u, _r in result.wrong]


def test_a_task_a_typo_and_a_confirmation_line() -> None:
    ctx = context("during")
    reading = read_message(
        "Jmaes, check deploy history for payments-api and report back in 10 minutes", ctx
    )
    (task,) = reading.actions
    assert task.to_payload()["person"] == "james" and not reading.to_confirm
    assert say_action(task, ctx) == (
        "Task for James Lind: check deploy history for payments-api, report back within 10 minutes"
    )
    rollback = read_message("Restart checkout-web", ctx)
    assert [say_action(a, ctx) for a in rollback.to_confirm] == ["Restart checkout-web"]


def test_chat_close_to_a_command_says_did_you_mean() -> None:
    reading = read_message("Can someone check the logs?", context("during"))
    assert not reading.commands
    assert reading.near == (
        "Did you mean to assign a task? Start with who should do it: “James, check the "
        "payments-api logs”."
    )
