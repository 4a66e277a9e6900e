"""Proposals of every kind: with a human commanding, the communications lead proposes the
first status-page post (customers affected, nothing posted) and a responder proposes an
escalation when the incident is stuck; "yes, go ahead" / "no, hold off" in the channel decide
them, then the proposer does it or says what they will do instead."""

from __future__ import annotations

from reports.describe import Namer, describe_record
from simulator import actions as A
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.language import Context, read_message
from simulator.model import Role, Severity, Status, Strategy
from tests.simulator.language.contexts import payments


def _commanding() -> Exercise:
    """Maria commands the payments incident: declared, Lena comms lead, James in."""
    exercise = Exercise(payments(), seed=1, seat=Seat("maria", Role.INCIDENT_COMMANDER))
    while "maria" not in exercise.unacked_pages:
        exercise.advance(5)
    exercise.act(A.AcknowledgePage(actor="maria"))
    exercise.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout"))
    exercise.act(A.PagePerson(actor="maria", person="lena"))
    exercise.act(A.PagePerson(actor="maria", person="james"))
    while not exercise.state.in_incident("lena"):
        exercise.advance(5)
    exercise.act(A.AssignRole(actor="maria", person="lena", role=Role.COMMUNICATIONS_LEAD))
    return exercise


def _until(exercise: Exercise, done: object, limit: float = 3600) -> None:
    assert callable(done)
    while not done() and exercise.now < limit:
        exercise.advance(5)
    assert done()


def _say(exercise: Exercise, text: str) -> list[Record]:
    """Maria types ``text``; every action it reads as is confirmed."""
    reading = read_message(text, Context.of(exercise.bundle, exercise.state, "maria"))
    exercise.act(A.Say(actor="maria", text=text))
    return [exercise.act(action) for action in reading.actions]


def _said(exercise: Exercise, who: str, since: int) -> list[str]:
    return [
        str(r.payload["text"])
        for r in exercise.records[since:]
        if r.kind == "message" and r.actor == who
    ]


def _status_proposal(exercise: Exercise) -> int:
    _until(exercise, lambda: bool(exercise.state.open_proposals()))
    (proposal,) = exercise.state.open_proposals()
    assert (proposal.actor, proposal.act, proposal.status) == (
        "lena",
        "post_status_page",
        "Investigating",
    )
    assert not exercise.state.status_posts  # proposed, not posted
    text = proposal.text
    assert text.startswith("We are investigating problems with payments and checkout.")
    assert _said(exercise, "lena", proposal.seq) == [
        "Maria, customers can see the impact and the status page says nothing yet. Shall I "
        f"post this on the status page: “{text}”?"
    ]
    return proposal.seq


def test_the_comms_lead_posts_the_status_page_once_approved() -> None:
    exercise = _commanding()
    seq = _status_proposal(exercise)
    (approved,) = _say(exercise, "Yes, go ahead")
    assert approved.kind == "action" and approved.payload == {
        "action": "approve_proposal",
        "proposal": seq,
        "strategy": None,
        "target": "",
        "act": "post_status_page",
    }
    mark = approved.seq
    _until(exercise, lambda: bool(exercise.state.status_posts))
    (post,) = exercise.state.status_posts
    assert post.actor == "lena"
    assert post.payload["text"] == exercise.state.proposals[seq].text
    assert _said(exercise, "lena", mark)[0] == "Thanks, posting it on the status page now."
    assert exercise.state.proposals[seq].decision == "approved"
    # the report's timeline says what was proposed and decided
    namer = Namer(payments())
    assert describe_record(exercise.records[seq], namer).startswith(
        "Lena Fischer proposed a status-page post (Investigating): “We are investigating"
    )
    assert describe_record(approved, namer) == (
        "Maria Okafor approved the proposed status-page post"
    )


def test_a_declined_status_page_post_is_held() -> None:
    exercise = _commanding()
    seq = _status_proposal(exercise)
    (declined,) = _say(exercise, "No, hold off")
    assert declined.payload["action"] == "decline_proposal"
    exercise.advance(300)
    assert _said(exercise, "lena", declined.seq)[:1] == [
        "OK, I'll hold the status-page post and keep the internal updates going. Say “post a "
        "status page” when you want it out."
    ]
    assert exercise.state.proposals[seq].decision == "declined"
    exercise.advance(1800)
    assert exercise.state.status_posts == []  # asked once; never posted against the decision


def _escalation(exercise: Exercise) -> int:
    _status_proposal(exercise)
    _say(exercise, "No, hold off")  # the status-page post first
    _until(exercise, lambda: bool(exercise.state.open_proposals()))
    (proposal,) = exercise.state.open_proposals()
    declared = exercise.state.declared_at
    assert declared is not None
    assert (proposal.actor, proposal.act, proposal.level) == ("james", "escalate", 2)
    assert proposal.proposed_at >= declared + 900
    assert _said(exercise, "james", proposal.seq) == [
        f"Maria, {proposal.rationale}. Shall I escalate to level 2? We need more hands on this."
    ]
    assert proposal.rationale.startswith("we're ") and "not getting anywhere" in proposal.rationale
    return proposal.seq


def test_a_stuck_incident_gets_an_escalation_proposal_the_proposer_carries_out() -> None:
    exercise = _commanding()
    seq = _escalation(exercise)
    (approved,) = _say(exercise, "yes go ahead")
    assert approved.payload["act"] == "escalate"
    _until(exercise, lambda: exercise.state.escalation_level == 2)
    (escalated,) = [r for r in exercise.records if r.payload.get("action") == "escalate"]
    assert escalated.actor == "james" and escalated.payload["level"] == 2
    assert "Thanks, escalating to level 2 now." in _said(exercise, "james", approved.seq)
    assert any(r.kind == "page" and r.seq > escalated.seq for r in exercise.records)
    assert exercise.state.proposals[seq].decision == "approved"
    namer = Namer(payments())
    assert (
        describe_record(exercise.records[seq], namer)
        == "James Lind proposed an escalation to level 2"
    )
    assert describe_record(approved, namer) == "Maria Okafor approved the proposed escalation"


def test_a_declined_escalation_is_answered_with_what_they_do_instead() -> None:
    exercise = _commanding()
    _escalation(exercise)
    (declined,) = _say(exercise, "no hold off")
    exercise.advance(300)
    assert _said(exercise, "james", declined.seq)[:1] == [
        "OK, no escalation for now. We'll keep working it with who we have, and I'll tell you "
        "if we get stuck."
    ]
    exercise.advance(1800)
    assert not any(r.payload.get("action") == "escalate" for r in exercise.records)
    assert not any(
        p.act == "escalate" and p.decision is None for p in exercise.state.proposals.values()
    )


def test_no_escalation_proposal_while_a_mitigation_is_working() -> None:
    exercise = _commanding()
    _status_proposal(exercise)
    _say(exercise, "No, hold off")
    exercise.act(
        A.ApplyMitigation(actor="maria", strategy=Strategy.ROLLBACK, target="payments-api")
    )
    exercise.advance(900)
    assert not any(p.act == "escalate" for p in exercise.state.proposals.values())


def test_decisions_on_other_proposals_are_checked() -> None:
    exercise = _commanding()
    seq = _status_proposal(exercise)
    wrong = exercise.act(
        A.ApproveProposal(
            actor="maria", proposal=seq, strategy=Strategy.ROLLBACK, target="payments-api"
        )
    )
    assert wrong.kind == "rejected"
    assert wrong.payload["reason"] == (
        f"proposal {seq} is no mitigation: decide it without a strategy"
    )
    other = exercise.act(A.DeclineProposal(actor="maria", proposal=seq, act="escalate"))
    assert other.payload["reason"] == f"proposal {seq} proposes post_status_page, not escalate"
    bad = exercise.act(A.ProposeAction(actor="maria", act="mark_resolved"))
    assert bad.kind == "rejected"
    assert bad.payload["reason"].startswith("cannot propose 'mark_resolved'; expected escalate")
    no_level = exercise.act(A.ProposeAction(actor="maria", act="escalate", level=9))
    assert no_level.payload["reason"].startswith("no escalation level 9")
    # the commander's own post overtakes the open proposal
    exercise.act(A.PostStatusPage(actor="maria", status=Status.INVESTIGATING, text="Looking"))
    assert exercise.state.proposals[seq].decision == "overtaken"
