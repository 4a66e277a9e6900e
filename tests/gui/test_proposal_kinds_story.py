"""User story: a trainee commanding the payments incident by talking is asked by the comms
lead to post on the status page and by a responder to escalate; "No, hold off" in the channel
declines the post (Lena says what she does instead), "Yes, go ahead" approves the escalation
(James escalates). Each proposal shows in the proposal bar with its Approve/Decline buttons."""

from __future__ import annotations

from typing import Any

from tests.gui.test_conversation_stories import Trainee


def test_declining_a_status_page_post_and_approving_an_escalation_from_the_channel(
    main_window: Any, qtbot: Any, modal: Any, runs_dir: Any
) -> None:
    me = Trainee(main_window, qtbot, "payments-bad-deploy", modal)
    exercise = me.session.exercise
    state = exercise.state
    channel = me.view.channel
    me.run_until(lambda: "maria" in exercise.unacked_pages)
    me.type("ack")
    me.type("I'm the incident commander. Declaring SEV-2", confirm=True)
    me.type("Page James and page Lena", confirm=True)
    me.run_until(lambda: all(state.in_incident(p) for p in ("james", "lena")))
    me.type("Lena, you're comms lead")
    # Lena proposes the first status-page post: shown with its buttons, not posted
    me.run_until(lambda: bool(state.open_proposals()))
    (post,) = state.open_proposals()
    assert post.act == "post_status_page" and not state.status_posts and len(post.text) > 80
    assert channel.proposal_bar.isVisible()
    assert channel.approve.isVisible() and channel.decline.isVisible()
    assert channel.proposal.text() == (
        f"Lena Fischer proposes: post “{post.text[:79]}…” on the status page — customers can "
        "see the impact and the status page says nothing yet"
    )
    mark = len(exercise.records)
    assert me.type("No, hold off") == (
        f"Done: Decline Lena Fischer’s proposal to post “{post.text[:79]}…” on the status page"
    )
    assert state.proposals[post.seq].decision == "declined"
    assert not channel.proposal_bar.isVisible()
    me.run_until(lambda: bool(me.said("lena", mark)))
    assert me.said("lena", mark)[0] == (
        "OK, I'll hold the status-page post and keep the internal updates going. Say “post a "
        "status page” when you want it out."
    )
    # nothing moves for a quarter of an hour: James proposes escalating
    me.run_until(lambda: bool(state.open_proposals()), 60000)
    (escalation,) = state.open_proposals()
    assert (escalation.actor, escalation.act, escalation.level) == ("james", "escalate", 2)
    assert channel.proposal.text() == (
        f"James Lind proposes: escalate to level 2 — {escalation.rationale}"
    )
    mark = len(exercise.records)
    assert me.type("Yes, go ahead", confirm=True) == (
        "Done: Approve James Lind’s proposal: escalate to level 2"
    )
    assert not channel.proposal_bar.isVisible()
    me.run_until(lambda: any(r.payload.get("action") == "escalate" for r in exercise.records))
    (escalated,) = [r for r in exercise.records if r.payload.get("action") == "escalate"]
    assert escalated.actor == "james" and escalated.payload["level"] == 2
    assert me.said("james", mark)[0] == "Thanks, escalating to level 2 now."
    assert state.status_posts == []
