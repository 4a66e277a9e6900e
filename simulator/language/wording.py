"""How the reader says back what it read ("Roll back payments-api — Enter to confirm"):
names, not ids; minutes as people say them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator import actions as A
from simulator.language.context import Context
from simulator.state import Proposal
from simulator.vocabulary import role_label, strategy_order


def minutes(seconds: float) -> str:
    """``600`` -> ``"10 minutes"``; ``60`` -> ``"1 minute"``."""
    whole = max(1, round(seconds / 60))
    return f"{whole} minute" if whole == 1 else f"{whole} minutes"


def _order(strategy: object, target: str) -> str:
    from simulator.model import Strategy

    try:
        verb = strategy_order(Strategy(str(strategy)))
    except ValueError:
        verb = "Mitigate"
    return f"{verb} {target}".strip()


def proposal_order(proposal: Proposal | None, strategy: object = None, target: str = "") -> str:
    """What a proposal asks for, as an order ("Roll back payments-api", "Escalate to level 2",
    "Post “We are investigating…” on the status page"); a mitigation from ``strategy`` and
    ``target`` when the proposal is unknown."""
    if proposal is not None and proposal.act == A.Escalate.name:
        return f"Escalate to level {proposal.level}"
    if proposal is not None and proposal.act == A.PostStatusPage.name:
        text = proposal.text if len(proposal.text) <= 80 else proposal.text[:79] + "…"
        return f"Post “{text}” on the status page" if text else "Post on the status page"
    if proposal is not None:
        return _order(proposal.strategy, proposal.target)
    return _order(strategy, target)


def _task(action: A.AssignTask, ctx: Context) -> str:
    who = ctx.name(action.person)
    if action.strategy is not None:
        order = _order(action.strategy, action.target)
        return f"{who} to {order[:1].lower()}{order[1:]}"
    tool = action.tool.value.replace("_", " ") if action.tool else "what they find"
    what = f"check {tool}" + (f" for {action.target}" if action.target else "")
    return f"Task for {who}: {what}, report back within {minutes(action.timebox)}"


def say_action(action: A.Action, ctx: Context) -> str:
    """One line saying what ``action`` will do, as the trainee reads it before confirming."""
    name = ctx.name
    if isinstance(action, A.ApplyMitigation):
        return _order(action.strategy, action.target)
    if isinstance(action, A.AssignTask):
        return _task(action, ctx)
    if isinstance(action, A.ApproveProposal):
        proposal = ctx.state.proposals.get(action.proposal)
        who = name(proposal.actor) if proposal else "the proposer"
        order = proposal_order(proposal, action.strategy, action.target)
        return f"Approve {who}’s proposal: {order[:1].lower()}{order[1:]}"
    if isinstance(action, A.DeclineProposal):
        proposal = ctx.state.proposals.get(action.proposal)
        who = name(proposal.actor) if proposal else "the proposer"
        order = proposal_order(proposal, action.strategy, action.target)
        return f"Decline {who}’s proposal to {order[:1].lower()}{order[1:]}"
    if isinstance(action, A.AssignRole):
        if action.person == ctx.actor:
            return f"You take the {role_label(action.role)} role"
        return f"Name {name(action.person)} {role_label(action.role)}"
    wording = _SIMPLE.get(type(action))
    if wording is None:
        return action.name.replace("_", " ").capitalize()
    return str(wording(action, ctx))


def _resolve(action: A.Action, ctx: Context) -> str:
    assert isinstance(action, A.MarkResolved)
    ticked = sum(
        (
            action.metrics_normal,
            action.no_recurring_errors,
            action.customer_impact_resolved,
            action.stakeholders_notified,
        )
    )
    return f"Resolve the incident ({ticked} of 4 checklist items confirmed)"


_SIMPLE: dict[type[A.Action], Callable[[Any, Context], str]] = {
    A.PagePerson: lambda a, c: f"Page {c.name(a.person)}",
    A.Escalate: lambda a, c: f"Escalate: page escalation level {a.level}",
    A.DeclareIncident: lambda a, c: f"Declare a {a.severity.value} incident: {a.title}",
    A.SetSeverity: lambda a, c: f"Re-classify the incident as {a.severity.value}",
    A.MarkResolved: _resolve,
    A.PostStatusPage: lambda a, c: f"Post to the status page ({a.status.value}): “{a.text}”",
    A.PostUpdate: lambda a, c: f"Post an internal update ({a.severity.value}, {a.status.value})",
    A.HandOverCommand: lambda a, c: f"Hand incident command to {c.name(a.to)}",
    A.FollowUpTask: lambda a, c: f"Follow up on task {a.task_id}",
    A.OpenBridge: lambda a, c: "Open the bridge call",
    A.AddNote: lambda a, c: f"Note for the log: {a.text}",
    A.QueryTool: lambda a, c: f"Query {a.tool.value.replace('_', ' ')}: {a.query}",
    A.AcknowledgePage: lambda a, c: "Acknowledge your page",
    A.Join: lambda a, c: "Join the incident",
}
