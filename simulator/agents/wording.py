"""The wording: the text simulated people write, from what the team knows now.

Internal updates follow the guide's template (:func:`update_action`); status-page posts are
written for customers, in the words customers use for the affected part of the product
(:func:`public_text`, :func:`customer_words`), except that a lax author sometimes slips into
service ids and jargon (CL-04); the scribe's log lines say who did what
(:func:`note_line`). Kept in one place so that what a post says can be read and changed
without reading the behaviour that decides *when* to post.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from simulator.actions import (
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    HandOverCommand,
    OpenBridge,
    PostUpdate,
    ProposeMitigation,
    SetSeverity,
)
from simulator.agents.calibration import Profile
from simulator.agents.picture import Picture, breaching
from simulator.durations import format_clock
from simulator.journal import Record
from simulator.model import Service, Severity, Status, Strategy
from simulator.state import IncidentState
from simulator.vocabulary import role_label, say_number

#: How a person says they will apply a strategy ("roll back payments-api").
STRATEGY_VERB = {
    Strategy.ROLLBACK: "roll back",
    Strategy.RESTART: "restart",
    Strategy.FAILOVER: "fail over",
    Strategy.SCALE: "scale out",
    Strategy.FEATURE_FLAG: "flip the feature flag on",
    Strategy.BLOCK_TRAFFIC: "block the abusive traffic to",
}


def status_of(state: IncidentState) -> Status:
    """The status an update reports: the declared one, "identified" once a relevant finding
    is in while still investigating."""
    if state.status is not None:
        status: Status = state.status
        if status is Status.INVESTIGATING and any(r.payload["relevant"] for r in state.findings):
            return Status.IDENTIFIED
        return status
    return Status.INVESTIGATING


#: The "Next Steps" line of an internal update by status.
_NEXT_STEPS: dict[Status, str] = {
    Status.INVESTIGATING: "Narrowing down the cause; mitigate as soon as we have a candidate.",
    Status.IDENTIFIED: "Choosing and applying a mitigation.",
    Status.MITIGATING: "Watching the metrics to confirm the mitigation works.",
    Status.MONITORING: "Monitoring for recurrence before resolving.",
    Status.RESOLVED: "Post-mortem to be scheduled.",
}


def update_action(picture: Picture, actor: str, status: Status | None = None) -> PostUpdate:
    """An internal update in the guide's template from what the team knows now."""
    state = picture.state
    dials = picture.dials
    status = status or status_of(state)
    severity = state.severity or Severity.SEV3
    breaches = []
    for key, value in sorted(state.metrics.items()):
        dial = dials.get(key)
        if dial is not None and breaching(dial[1], value):
            service, metric = dial
            breaches.append(f"{metric.name} on {service} at {say_number(value, metric.unit)}")
    if status is Status.RESOLVED:
        impact = "No users affected; metrics back to baseline."
    else:
        impact = (
            f"About {state.users_affected:,} users affected."
            if state.users_affected
            else "No users affected right now."
        )
        if breaches:
            impact += " " + "; ".join(breaches) + "."
    recent = [r for r in list(state.updates)[-1:]]
    since = recent[0].t if recent else 0.0
    done: list[str] = []
    for m in state.mitigations:
        if m.applied_at >= since:
            done.append(f"applied {m.strategy} to {m.target}")
    for r in state.findings:
        if r.t >= since and r.payload.get("relevant"):
            done.append(f"found: {r.payload.get('summary') or 'relevant evidence'}")
    for t in state.tasks.values():
        if t.assigned_at >= since and not t.strategy:
            who = picture.roster.get(t.person)
            first = who.name.split(" ")[0] if who is not None else t.person
            done.append(f"{first} checking {(t.tool or 'the system').replace('_', ' ')}")
    if not done:
        done.append("investigation continuing")
    nxt = _NEXT_STEPS[status]
    eta = "Resolved" if status is Status.RESOLVED else "Unknown"
    if status in (Status.MITIGATING, Status.MONITORING):
        eta = "~15 minutes if the metrics stay normal"
    return PostUpdate(
        actor=actor,
        severity=severity,
        status=status,
        impact=impact,
        recent_actions="; ".join(done[:4]),
        next_steps=nxt,
        eta=eta,
    )


#: Words in a service's id, name or description and what customers call that part of the
#: product (first match wins; checked on the id and name first, then the description).
CUSTOMER_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("checkout", "basket"), "checkout"),
    (("cart", "carts"), "shopping carts"),
    (("payment", "payments", "pay", "billing", "card", "cards", "tokenvault"), "payments"),
    (("order", "orders"), "orders"),
    (("auth", "login", "signin", "sign", "identity", "sso", "session", "sessions"), "sign-in"),
    (("search", "autocomplete"), "search"),
    (("email", "emails", "mail", "smtp", "notification", "notifications"), "email notifications"),
    (("customer", "customers", "profile", "profiles", "account", "accounts"), "customer accounts"),
    (("recommendation", "recommendations"), "recommendations"),
    (("image", "images", "media", "upload", "uploads"), "images"),
    (("storefront", "shop", "store", "catalog", "catalogue", "product", "products"), "our shop"),
    (("web", "website", "site", "app", "apps", "mobile"), "our website and apps"),
)
#: What a post says when no service suggests a product word.
GENERIC_PRODUCT = "some of our services"
#: Below this doctrine adherence (novices) an author sometimes slips: internal service ids and
#: jargon in a status-page post, ignoring a "no public post" constraint.
LAX_ADHERENCE = 0.7

_TOKEN = re.compile(r"[a-z0-9]+")


def customer_words(service: Service) -> str | None:
    """What customers call ``service`` ("payments", "sign-in"), from the words of its id and
    name, then of its description; None when nothing matches."""
    for text in (f"{service.id} {service.name}", str(service.description)):
        tokens = set(_TOKEN.findall(text.lower()))
        for words, phrase in CUSTOMER_WORDS:
            if tokens.intersection(words):
                return phrase
    return None


def _public_name(picture: Picture) -> str:
    """What customers would call the affected part of the product: the customer-facing
    services among the suspects and those that depend on a suspect, in customer words (at
    most two); :data:`GENERIC_PRODUCT` when none can be named."""
    primary, _other = picture.suspects()
    key = tuple(primary)
    cached = picture.public_names.get(key)
    if cached is None:
        cached = picture.public_names[key] = _affected_words(picture, primary)
    return cached


def _affected_words(picture: Picture, primary: list[str]) -> str:
    services = picture.services
    affected = [services[sid] for sid in primary if sid in services]
    affected += [s for s in services.values() if set(s.depends_on) & set(primary)]
    names: list[str] = []
    for service in affected:
        if not service.customer_facing:
            continue
        phrase = customer_words(service)
        if phrase is not None and phrase not in names:
            names.append(phrase)
    if not names:
        return GENERIC_PRODUCT
    return " and ".join(names[:2])


def _technical_text(picture: Picture, status: Status) -> str:
    """A lax author's post: the alerting service's id and engineering words (CL-04 slip)."""
    primary, _other = picture.suspects()
    where = primary[0] if primary else picture.scenario.id
    if status is Status.RESOLVED:
        return f"Resolved: {where} is back to normal, error rate at baseline."
    if status in (Status.MITIGATING, Status.MONITORING):
        return f"Fix deployed to {where}; 5xx dropping, monitoring. Next update in 20 minutes."
    return f"Investigating 5xx errors and timeouts on {where}. Next update in 20 minutes."


def public_text(
    picture: Picture, status: Status | None = None, author: Profile | None = None
) -> str:
    """Status-page wording (guide: "clear, non-technical language; focus on user impact"):
    the affected part of the product in customer words, what customers may notice and when
    the next update comes. A lax ``author`` (by their profile's adherence) sometimes writes
    internal ids and jargon instead."""
    state = picture.state
    status = status or status_of(state)
    # a lax author slips in about half the cases where doctrine is not followed
    lax = author.adherence if author is not None else 1.0
    if lax < LAX_ADHERENCE and picture.rng.random() < (1.0 - lax) / 2:
        return _technical_text(picture, status)
    what = _public_name(picture)
    if status is Status.RESOLVED:
        return (
            f"This incident has been resolved: the problems with {what} are fixed and "
            "everything is working normally again. We are sorry for the disruption."
        )
    if status in (Status.MITIGATING, Status.MONITORING):
        return (
            f"We have applied a fix for the problems with {what} and are watching the "
            "recovery closely. Next update in 20 minutes."
        )
    return (
        f"We are investigating problems with {what}. Some customers may be unable to "
        "complete what they are doing. Next update in 20 minutes."
    )


def note_line(record: Record, name: Callable[[str], str] = str) -> str:
    """The scribe's log line for a key action: when, who (by name), and what it did."""
    p = record.payload
    action = p.get("action")
    who = name(record.actor)
    when = format_clock(record.t)
    strategy = str(p.get("strategy", "")).replace("_", " ")
    if action == AssignTask.name:
        return (
            f"{when} {who} gave {p.get('task_id')} to {name(str(p.get('person')))}: {p.get('task')}"
        )
    if action == AssignRole.name:
        return f"{when} {who} named {name(str(p.get('person')))} {role_label(str(p.get('role')))}"
    if action == ApplyMitigation.name:
        return f"{when} {who} applied {strategy} to {p.get('target')}"
    if action == ProposeMitigation.name:
        return f"{when} {who} proposed {strategy} of {p.get('target')}"
    if action == PostUpdate.name:
        return f"{when} {who} posted an update: {p.get('status')}"
    if action == DeclareIncident.name:
        return f"{when} {who} declared {p.get('severity')}"
    if action == SetSeverity.name:
        return f"{when} {who} re-classified the incident as {p.get('severity')}"
    if action == HandOverCommand.name:
        return f"{when} {who} handed command to {name(str(p.get('to')))}"
    if action == Escalate.name:
        return f"{when} {who} escalated to level {p.get('level')}"
    if action == OpenBridge.name:
        return f"{when} {who} opened the bridge"
    return f"{when} {who} {str(action).replace('_', ' ')}"
