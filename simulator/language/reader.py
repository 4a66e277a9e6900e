"""The channel reader: incident-command language -> the typed actions the forms produce.

Rule-based, with no network and no model: a message is cut into clauses (sentences, "then",
"and" before a new name or command), each clause finds who it speaks to (a name, nickname,
typo of a name, or role at its start or end) and is tried against the intents below, in order;
the first that reads it wins. The words come from :mod:`simulator.vocabulary`, the same ones
the timeline importer and the runbooks use. Text that is no command stays chat, with a
"did you mean" when it came close to one.

Examples (James on the team, payments-api a service)::

    "James, check deploy history for payments-api and report back in 10 minutes"
        -> AssignTask(person="james", tool=DEPLOY_HISTORY, target="payments-api", timebox=600)
    "Declaring SEV-2" -> DeclareIncident(severity=SEV2)
    "Yes, go ahead" -> ApproveProposal(the latest open proposal)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from simulator import actions as A
from simulator.language.context import Context
from simulator.language.names import Mention, people_in, role_in, services_in
from simulator.language.reading import Command, Reading
from simulator.model import Role, Severity, Status, Strategy
from simulator.state import Proposal
from simulator.vocabulary import (
    APPROVE_WORDS,
    DECLINE_WORDS,
    LOOKING_WORDS,
    NUMBER_WORDS,
    OBJECTION_QUESTIONS,
    SERVICE_KINDS,
    STATUS_QUESTIONS,
    TOOL_WORDS,
    checklist_ticks,
    find_strategy,
    fold_accents,
    strategy_order,
    tool_for,
    word_pattern,
)

#: The time-box of a task that names none (the guide's default check-in: 10 minutes).
DEFAULT_TIMEBOX = 600.0

_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|alright|all right|right|so|hey|hi|folks|team|everyone|all|guys|"
    r"y'all|quick one|um+|uh+|also|and|then|next|now)[\s,:!.-]+)+",
    re.I,
)
_PLEASE = re.compile(r"\b(?:please|pls|plz)\b[,]?\s*", re.I)
_SEVERITY = re.compile(r"\b(?:sev(?:erity)?|p)[\s-]*(1|2|3|4|one|two|three|four)\b", re.I)
_SEV_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4"}
_MINUTES = re.compile(
    r"(\d+|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
    r"\s*(?:more\s+)?(m|min|mins|minutes?|h|hrs?|hours?)\b",
    re.I,
)
_HALF_HOUR = re.compile(r"\bhalf an hour\b|\bhalf hour\b", re.I)
_AN_HOUR = re.compile(r"\ban hour\b", re.I)
_TASK_ID = re.compile(r"\b[Tt](\d+)\b")
_LOOKING = re.compile(
    r"\b(?:" + "|".join(LOOKING_WORDS) + r"|dig|digging|pull|grab|take a look|tell me|"
    r"figure out|look into|looking into|investigate|inspect|review|scan|query|search|"
    r"eyes on|examine|triage|check on|run)\b",
    re.I,
)
_TOOLISH = word_pattern([w for _tool, words in TOOL_WORDS for w in words])
_QUESTION_START = re.compile(
    r"^(?:should|shall|could|would|do|does|did|is|are|was|were|has|have|can|what about|"
    r"how about|maybe|what if|any chance|wdyt|thoughts on|why)\b",
    re.I,
)
_SELF_LOOK = re.compile(
    r"^(?:i'll|i will|let me|i'm going to|i am going to|im going to|i'm gonna|lemme)\b", re.I
)
_SOMEONE = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|we need to|we should|who can|can we get someone)\b",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    """One command-sized piece of a message and what it names."""

    text: str
    lowered: str
    ctx: Context
    to: str = ""
    mentions: tuple[Mention, ...] = ()
    typo: bool = False

    def others(self) -> list[str]:
        """People named other than the addressee, in order, each once."""
        seen: list[str] = []
        for m in self.mentions:
            if m.person != self.to and m.person not in seen:
                seen.append(m.person)
        return seen


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w']){'(?:' + alternatives + ')'}(?![\w'])", re.I)


_APPROVE = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(APPROVE_WORDS, key=len, reverse=True)) + r")"
    r"(?![\w'])[\s,.!-]*",
    re.I,
)
_DECLINE = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(DECLINE_WORDS, key=len, reverse=True)) + r")"
    r"(?![\w'])[\s,.!-]*",
    re.I,
)
_STATUS = _phrases(STATUS_QUESTIONS)
_OBJECTIONS = _phrases(OBJECTION_QUESTIONS)
#: Words that may follow an answer to a proposal without making it a new command.
_ANSWER_TAIL = re.compile(
    r"^(?:(?:go ahead|do it|go for it|thanks|thank you|please|ok|yes|yeah|sure|with (?:it|that|"
    r"the \w+(?: \w+)?)|on (?:it|that|the \w+)|for now|and|proceed|ship it|that|it|the "
    r"(?:proposal|rollback|restart|failover|fix)|approved|go|let's|lets|hold|off|wait|"
    r"not yet|for a (?:bit|minute|moment|sec)|a (?:bit|minute|moment|sec)|sounds good)[\s,.!]*)*$",
    re.I,
)


# ---------------------------------------------------------------- message -> clauses


def split_clauses(text: str, ctx: Context) -> list[str]:
    """Cut a message where a new command starts: sentence ends, "then", and "and" or a comma
    before a person's name or a command verb."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+|\n+|\s+[–—]\s+(?=[A-Z])", text)]
    out: list[str] = []
    names = "|".join(re.escape(n) for n in sorted(ctx.names, key=len, reverse=True) if n)
    verbs = (
        r"page|declar\w*|roll\s*back|rollback|revert|restart|fail\s*over|failover|scale|post|"
        r"open|escalate|resolve|mark|hand\w*|note|get|pull in|bring in|let's|lets|i'll|i'm|"
        r"update|send|set|bump|upgrade|downgrade|can someone|someone"
    )
    joint = re.compile(
        rf"(?:,?\s+and\s+|,\s*then\s+|\s+then\s+|,\s+also\s+|,\s+(?=(?:{names})\s*,)|"
        rf",\s+(?=(?:{verbs})\b))"
        rf"(?=(?:@?(?:{names})\b(?!'s)(?:\s*,|\s+(?:you|can|could|will|please|is|take|as|"
        rf"check|look|go|on|pls))|(?:{verbs})\b))",
        re.I,
    )
    for part in parts:
        if not part:
            continue
        pieces = joint.split(fold_accents(part)) if names else [part]
        # split on the folded text, then cut the original at the same offsets
        start = 0
        folded = fold_accents(part)
        for piece in pieces:
            at = folded.find(piece, start)
            chunk = part[at : at + len(piece)] if at >= 0 else piece
            start = at + len(piece) if at >= 0 else start
            chunk = chunk.strip(" ,")
            if chunk:
                out.append(chunk)
    # a bare name cut off before its command ("Tom, fail over ...") is its address
    merged: list[str] = []
    for chunk in out:
        bare = merged[-1].strip(" ,:") if merged else ""
        if bare and len(bare.split()) == 1 and people_in(bare, ctx):
            merged[-1] = f"{merged[-1].rstrip(' ,:')}, {chunk}"
        else:
            merged.append(chunk)
    return merged


def _address(text: str, ctx: Context) -> tuple[str, str, tuple[Mention, ...], bool]:
    """(the person spoken to, the clause without the address, the people named, a typo?)."""
    body = _FILLER.sub("", text.strip())
    mentions = tuple(people_in(body, ctx))
    to = ""
    typo = False
    lead = re.match(r"^@?([^\s,:]+(?:\s[A-Z][^\s,:]+)?)\s*[,:]\s*", body)
    first = mentions[0] if mentions else None
    if first is not None and first.start <= 1:
        rest = body[first.end :]
        follows = re.match(
            r"^\s*(?:[,:—-]|(?=\s+(?:you|can|could|would|will|please|pls|take|check|look|go|"
            r"dig|pull|grab|find|investigate|roll|restart|revert|fail|scale|start|run|do|"
            r"are|get|be|what|where|how|any|status)\b))",
            rest,
            re.I,
        )
        if follows is not None:
            to, typo = first.person, first.typo
            body = re.sub(r"^\s*[,:—-]?\s*", "", rest)
    elif lead is not None:
        found = role_in(lead.group(1))
        if found is not None and found[1].start() == 0:
            holder = ctx.holder(found[0])
            if holder:
                to = holder
                body = body[lead.end() :]
    if not to and mentions:
        last = mentions[-1]
        tail = body[last.end :].strip()
        before = body[: last.start]
        short = len(before.split()) <= 2 and not re.search(
            r"\b(?:page|paging|get|call|wake|ping|bring|pull|hand|to|with|and|for|is|as)\s*$",
            before,
            re.I,
        )
        if re.fullmatch(r"[?.!]*", tail) and (re.search(r",\s*@?\S+\s*[?.!]*$", body) or short):
            to, typo = last.person, last.typo
            body = body[: last.start].rstrip(" ,")
    body = _FILLER.sub("", body)
    return to, body.strip(), mentions, typo


# ---------------------------------------------------------------- numbers and words


def minutes_in(text: str) -> float | None:
    """The time-box a clause names, in seconds ("in 10 minutes", "15m", "half an hour")."""
    if _HALF_HOUR.search(text):
        return 1800.0
    m = _MINUTES.search(text)
    if m is not None:
        raw = m.group(1).lower()
        number = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
        unit = m.group(2).lower()
        return float(number * (3600 if unit.startswith("h") else 60)) or None
    if _AN_HOUR.search(text):
        return 3600.0
    return None


def severity_in(text: str) -> Severity | None:
    """The severity a clause names ("SEV-2", "sev 1", "severity two", "P2")."""
    m = _SEVERITY.search(text)
    if m is None:
        return None
    if m.group(0).lower().startswith("p") and not re.search(r"\bp[1-4]\b", m.group(0), re.I):
        return None
    digit = _SEV_NUMBERS.get(m.group(1).lower(), m.group(1))
    return Severity(f"SEV-{digit}")


def status_in(text: str) -> Status | None:
    """The update status a clause names ("we're mitigating", "monitoring")."""
    lowered = text.lower()
    for status in (
        Status.RESOLVED,
        Status.MONITORING,
        Status.MITIGATING,
        Status.IDENTIFIED,
        Status.INVESTIGATING,
    ):
        if re.search(rf"\b{status.value.lower()[:-3]}", lowered):
            return status
    return None


def _target(clause: Clause, strategy: Strategy | None = None) -> str:
    """The service a clause means: named, else the open proposal's (for that strategy), else
    the only service alerting."""
    named = services_in(clause.text, clause.ctx)
    if named:
        return named[0]
    for kind, _words in SERVICE_KINDS.items():
        if re.search(rf"\b{kind}\b", clause.lowered):
            services = clause.ctx.kind_services(kind)
            if len(services) == 1:
                return services[0]
    proposal = _latest(clause.ctx)
    if proposal is not None and (strategy is None or proposal.strategy == strategy.value):
        return proposal.target
    alerting = {
        str(r.payload.get("service"))
        for r in clause.ctx.state.alerts
        if r.payload.get("service") in clause.ctx.service_ids()
    }
    return alerting.pop() if len(alerting) == 1 else ""


def _latest(ctx: Context, person: str = "") -> Proposal | None:
    open_ = [p for p in ctx.state.open_proposals() if not person or p.actor == person]
    return open_[-1] if open_ else None


# ---------------------------------------------------------------- intents


def _answer(clause: Clause) -> list[Command] | None:
    """ "Yes, go ahead" / "No, hold off" to the latest open proposal (or the addressee's)."""
    text = clause.text
    approve = _APPROVE.match(text)
    decline = None if approve else _DECLINE.match(text)
    match = approve or decline
    if match is None:
        m = re.match(r"^(?:go ahead|approved?)\s+(?:with\s+)?(?:the\s+)?(.*)$", text, re.I)
        if m is None:
            return None
        match, approve = m, m
    rest = text[match.end() :].strip()
    strategy = find_strategy(rest)
    proposal = _latest(clause.ctx, clause.to) or _latest(clause.ctx)
    if rest and not _ANSWER_TAIL.match(rest) and not re.match(r"^(?:the\s+)?proposal", rest, re.I):
        if approve is None or strategy is None or proposal is None:
            if (
                decline is not None
                and proposal is not None
                and re.match(r"^(?:no|nope|nah)\b", text, re.I) is None
            ):
                return [_decide(clause, proposal, False, rest)]
            return None
        if strategy[0].value != proposal.strategy:
            return None
    if proposal is None:
        return [Command(text=clause.text, ask="chat", to=clause.to)] if clause.to else None
    return [_decide(clause, proposal, approve is not None, rest if decline else "")]


def _decide(clause: Clause, proposal: Proposal, approve: bool, reason: str) -> Command:
    actor = clause.ctx.actor
    mitigation = proposal.act == A.ApplyMitigation.name
    strategy = Strategy(proposal.strategy) if mitigation else None
    target = proposal.target if mitigation else ""
    act = "" if mitigation else proposal.act
    action: A.Action
    if approve:
        action = A.ApproveProposal(
            actor=actor, proposal=proposal.seq, strategy=strategy, target=target, act=act
        )
    else:
        action = A.DeclineProposal(
            actor=actor,
            proposal=proposal.seq,
            strategy=strategy,
            target=target,
            act=act,
            reason=reason.strip(" ,.-"),
        )
    return Command(action, to=proposal.actor, text=clause.text)


def _take_command(clause: Clause) -> list[Command] | None:
    """ "I'm the incident commander" / "I'll be IC" / "I'm taking command"."""
    if not re.search(
        r"\b(?:i'm|i am|im|i'll be|i will be|i'll take|i will take|i'm taking|i am taking|"
        r"i have|i've got|ive got|i'll run|i'm running|i will run|i take)\s+(?:over\s+)?"
        r"(?:the\s+)?(?:ic|incident commander|command|incident command|incident lead|"
        r"commander|this|the incident)\b",
        clause.lowered,
    ):
        return None
    if "command" not in clause.lowered and not re.search(
        r"\b(?:ic|commander|incident lead|running|run)\b", clause.lowered
    ):
        return None
    ctx = clause.ctx
    commander = ctx.state.commander
    if commander == ctx.actor:
        return [Command(text=clause.text, ask="note:You are the incident commander already.")]
    action = A.AssignRole(actor=ctx.actor, person=ctx.actor, role=Role.INCIDENT_COMMANDER)
    return [Command(action, text=clause.text)]


def _hand_over(clause: Clause) -> list[Command] | None:
    """ "Handing command to Aiko" / "Aiko, you have command"."""
    lowered = clause.lowered
    who = clause.to or (clause.others()[0] if clause.others() else "")
    if not who or who == clause.ctx.actor:
        return None
    handing = re.search(
        r"\b(?:hand(?:ing)?\s*(?:over|off)?|pass(?:ing)?)\b.*\b(?:command|ic|to)\b", lowered
    )
    given = clause.to and re.search(
        r"\b(?:you have|you've got|take|you're|you are|you'll be)\s+(?:the\s+)?"
        r"(?:command|ic|incident commander|over)\b",
        lowered,
    )
    if not handing and not given:
        return None
    action = A.HandOverCommand(actor=clause.ctx.actor, to=who, briefing=clause.text)
    return [Command(action, to=who, text=clause.text)]


def _severity(clause: Clause) -> list[Command] | None:
    """ "Declaring SEV-2", "this is a sev 1", "bump it to SEV-1", "downgrade to sev3"."""
    severity = severity_in(clause.text)
    if severity is None:
        return None
    if clause.text.rstrip().endswith("?") and _QUESTION_START.match(clause.text):
        return [Command(text=clause.text, ask="near:set the severity")]
    ctx = clause.ctx
    state = ctx.state
    action: A.Action
    if not state.declared:
        action = A.DeclareIncident(actor=ctx.actor, severity=severity, title=_title(clause))
    elif state.severity is severity:
        note = f"note:The incident is already {severity.value}."
        return [Command(text=clause.text, ask=note)]
    else:
        action = A.SetSeverity(actor=ctx.actor, severity=severity, reason=clause.text)
    return [Command(action, text=clause.text)]


def _title(clause: Clause) -> str:
    """A declaration's title: what follows the severity ("SEV-2: checkout failing"), else the
    first alert and its service."""
    m = _SEVERITY.search(clause.text)
    after = clause.text[m.end() :].strip(" :,-–—.") if m else ""
    after = re.sub(r"^(?:incident|for|on|about)\b\s*[:,-]?\s*", "", after, flags=re.I)
    if len(after.split()) >= 2:
        return after[:1].upper() + after[1:]
    alerts = clause.ctx.state.alerts
    if alerts:
        p = alerts[0].payload
        return f"{p.get('alert')} on {p.get('service')}"
    return "Incident"


def _role(clause: Clause) -> list[Command] | None:
    """ "Lena, you're comms lead", "Sam will be scribe", "tech lead: James"."""
    found = role_in(clause.text)
    if found is None:
        return None
    role, where = found
    ctx = clause.ctx
    others = clause.others()
    person = clause.to or (others[0] if others else "")
    if re.match(r"^(?:i|i'll|i'm|i am|me)\b", clause.lowered) and not person:
        person = ctx.actor
    if not person:
        return None
    cue = re.search(
        r"\b(?:you're|you are|youre|you'll be|you will be|be|is|as|take|takes|taking|"
        r"will be|can you be|can you take|on|has|have|gets|got|you've got|you have|run|runs|"
        r"running|handle|handles|own|owns|lead|do|does|doing)\b|[:=—-]",
        clause.lowered[: where.start()] or clause.lowered,
    )
    if cue is None:
        return None
    if role is Role.INCIDENT_COMMANDER and person != ctx.actor:
        action: A.Action = A.HandOverCommand(actor=ctx.actor, to=person, briefing=clause.text)
        return [Command(action, to=person, text=clause.text)]
    if role is Role.INCIDENT_COMMANDER:
        return _take_command(replace(clause, lowered="i'm the incident commander"))
    return [
        Command(
            A.AssignRole(actor=ctx.actor, person=person, role=role), to=person, text=clause.text
        )
    ]


def _page(clause: Clause) -> list[Command] | None:
    """ "Page James", "page the database on-call", "get Lena in here", "escalate"."""
    lowered = clause.lowered
    ctx = clause.ctx
    if re.search(r"\bescalat\w*\b", lowered) and not severity_in(lowered):
        return _escalate(clause)
    m = re.search(
        r"\b(?:page|paging|wake(?: up)?|call in|pull in|bring in|loop in|get|call)\b\s+"
        r"(?:in\s+)?(.*)$",
        lowered,
    )
    if m is None:
        return None
    rest = m.group(1)
    verb = m.group(0).split()[0]
    if verb in ("get", "call") and not re.search(
        r"\b(?:in here|on here|in|on the bridge|on the call|online|involved|paged|up)\b", rest
    ):
        return None
    people = [p.person for p in people_in(clause.text[m.start(1) :], ctx)] or (
        [clause.to] if clause.to and verb in ("page", "paging") else []
    )
    if not people:
        who = _on_call(clause, rest)
        if who is None:
            return [Command(text=clause.text, ask="near:page someone (name them)")]
        people = [who]
    reason = "paged from the incident channel"
    return [
        Command(A.PagePerson(actor=ctx.actor, person=p, reason=reason), to=p, text=clause.text)
        for p in people
        if p != ctx.actor
    ] or None


def _on_call(clause: Clause, rest: str) -> str | None:
    """The person "the database on-call" / "the payments-api owner" / "the comms lead" means."""
    ctx = clause.ctx
    found = role_in(rest)
    if found is not None:
        holder = ctx.holder(found[0])
        if holder:
            return holder
        for person in ctx.people:
            if (
                found[0] in person.roles
                and person.id != ctx.actor
                and not ctx.state.in_incident(person.id)
            ):
                return person.id
    services = services_in(rest, ctx)
    for kind in SERVICE_KINDS:
        if not services and re.search(rf"\b{kind}\b", rest):
            services = ctx.kind_services(kind)
    return ctx.on_call_for(services) if services else None


def _escalate(clause: Clause) -> list[Command]:
    ctx = clause.ctx
    levels = ctx.levels or (1, 2, 3)
    higher = [lv for lv in levels if lv > max(ctx.state.escalation_level, 1)]
    level = higher[0] if higher else levels[-1]
    named = re.search(r"\blevel\s*(\d)\b", clause.lowered)
    if named is not None and int(named.group(1)) in levels:
        level = int(named.group(1))
    elif re.search(
        r"\b(?:leadership|management|execs?|executives?|the top|vp|director)\b", clause.lowered
    ):
        level = levels[-1]
    action = A.Escalate(actor=ctx.actor, level=level, reason=clause.text)
    return [Command(action, text=clause.text)]


def _bridge(clause: Clause) -> list[Command] | None:
    """ "Open a bridge", "spin up a call"."""
    if not re.search(
        r"\b(?:open|start|spin up|set up|get|jump on|hop on)\b.*\b(?:bridge|call|zoom|meet|"
        r"war room|huddle)\b",
        clause.lowered,
    ):
        return None
    return [Command(A.OpenBridge(actor=clause.ctx.actor), text=clause.text)]


def _status_page(clause: Clause) -> list[Command] | None:
    """ "Update the status page: we're investigating checkout errors"."""
    m = re.search(r"\bstatus\s*-?\s*page\b", clause.lowered)
    if m is None:
        return None
    ctx = clause.ctx
    quoted = re.search(r"[\"“']([^\"”']{8,})[\"”']", clause.text)
    after = re.search(
        r"\bstatus\s*-?\s*page\b\s*(?:with|saying|that|to say|:|-|—)\s*(.+)$", clause.text, re.I
    )
    text = quoted.group(1) if quoted else (after.group(1).strip() if after else "")
    status = status_in(text) or ctx.state.status or Status.INVESTIGATING
    if not text:
        names = [s.name for s in ctx.services if s.customer_facing][:2]
        affected = " and ".join(names) or "some of our services"
        text = (
            f"We are investigating a problem affecting {affected}. Some customers may see "
            "errors. We will post another update within 30 minutes."
        )
    action = A.PostStatusPage(actor=ctx.actor, status=status, text=text)
    return [Command(action, text=clause.text)]


def _update(clause: Clause) -> list[Command] | None:
    """ "Post an update", "update: mitigating, ETA 15 minutes"."""
    lowered = clause.lowered
    if not (
        re.search(
            r"\b(?:post|send|do|write|put out|give|push|publish|share|draft)\b[^.]*\bupdate\b",
            lowered,
        )
        or re.match(r"^(?:internal\s+)?update\s*[:—-]", lowered)
        or re.search(r"\btime for (?:an? )?update\b", lowered)
    ):
        return None
    if re.search(r"\bstatus\s*-?\s*page\b", lowered):
        return None
    ctx = clause.ctx
    state = ctx.state
    eta = re.search(r"\beta\b[:\s]*([^,;.]+)", clause.text, re.I)
    nxt = re.search(r"\bnext(?: steps?)?\b[:\s]+([^;.]+)", clause.text, re.I)
    action = A.PostUpdate(
        actor=ctx.actor,
        severity=state.severity or Severity.SEV3,
        status=status_in(clause.text.split(":", 1)[-1]) or state.status or Status.INVESTIGATING,
        impact="",
        recent_actions="",
        next_steps=nxt.group(1).strip() if nxt else "",
        eta=eta.group(1).strip() if eta else "",
    )
    return [Command(action, text=clause.text)]


def _resolve(clause: Clause) -> list[Command] | None:
    """Resolving: "We're resolved: metrics normal, ..." (the checklist's words tick it)."""
    lowered = clause.lowered
    if not re.search(
        r"\b(?:resolve|resolving|mark(?:ing)?\s+(?:it|this|the incident)\s+(?:as\s+)?resolved|"
        r"(?:we're|we are|it's|its|incident is|this is)\s+resolved|all clear|close (?:out )?"
        r"(?:the|this) incident|closing (?:out )?(?:the|this) incident|calling it resolved)\b",
        lowered,
    ):
        return None
    if lowered.rstrip().endswith("?") or re.match(r"^(?:is|are|has|can|should)\b", lowered):
        return [Command(text=clause.text, ask="status")]
    ticks = checklist_ticks(clause.text)
    if re.search(
        r"\b(?:checklist (?:done|complete|checked)|all (?:checks|boxes|items))\b", lowered
    ):
        ticks = dict.fromkeys(ticks, True)
    action = A.MarkResolved(actor=clause.ctx.actor, summary=clause.text, **ticks)
    return [Command(action, text=clause.text)]


def _mitigation(clause: Clause) -> list[Command] | None:
    """ "Roll back payments-api", "James, restart the pods on checkout-web"."""
    lowered = clause.lowered
    if _LOOKING.match(lowered) or re.match(
        r"^(?:can you |could you )?(?:check|look|see)\b", lowered
    ):
        return None
    found = find_strategy(clause.text)
    if found is None:
        return None
    strategy = found[0]
    ctx = clause.ctx
    target = _target(clause, strategy)
    negated = re.search(
        r"\b(?:don't|do not|dont|no|not|never|avoid|hold off on)\b", lowered[: found[1].start()]
    )
    if negated:
        proposal = _latest(ctx)
        if proposal is not None and proposal.strategy == strategy.value:
            return [_decide(clause, proposal, False, clause.text)]
        return [Command(text=clause.text, ask="chat", to=clause.to)] if clause.to else None
    if clause.text.rstrip().endswith("?") and (_QUESTION_START.match(lowered) or not clause.to):
        return [Command(text=clause.text, ask=f"near:{strategy.value}:{target}")]
    if not target:
        return [Command(text=clause.text, ask=f"near:{strategy.value}:")]
    if clause.to:
        action: A.Action = A.AssignTask(
            actor=ctx.actor,
            person=clause.to,
            task=clause.text,
            timebox=minutes_in(clause.text) or DEFAULT_TIMEBOX,
            strategy=strategy,
            target=target,
        )
        return [Command(action, to=clause.to, text=clause.text)]
    proposal = _latest(ctx)
    if proposal is not None and (proposal.strategy, proposal.target) == (strategy.value, target):
        return [_decide(clause, proposal, True, "")]
    return [
        Command(
            A.ApplyMitigation(actor=ctx.actor, strategy=strategy, target=target), text=clause.text
        )
    ]


def _follow_up(clause: Clause) -> list[Command] | None:
    """ "Where are we on T2?", "James, any news?" (his one open task)."""
    state = clause.ctx.state
    m = _TASK_ID.search(clause.text)
    asked = _STATUS.search(clause.text) or re.search(
        r"\b(?:how's|how is|where are we on|status (?:of|on)|update on|progress on|eta on|"
        r"done with|finished)\b",
        clause.lowered,
    )
    if m is not None:
        task = state.tasks.get(f"T{m.group(1)}")
        if task is None or task.done:
            return [Command(text=clause.text, ask="status", to=clause.to)]
        action = A.FollowUpTask(actor=clause.ctx.actor, task_id=task.id)
        return [Command(action, to=task.person, text=clause.text)]
    if asked and clause.to:
        theirs = [t for t in state.open_tasks() if t.person == clause.to]
        if len(theirs) == 1:
            action = A.FollowUpTask(actor=clause.ctx.actor, task_id=theirs[0].id)
            return [Command(action, to=clause.to, text=clause.text)]
    return None


def _question(clause: Clause) -> list[Command] | None:
    """ "What's the status?", "Any strong objections?"."""
    if _OBJECTIONS.search(clause.text):
        return [Command(text=clause.text, ask="objections", to=clause.to)]
    if _STATUS.search(clause.text):
        return [Command(text=clause.text, ask="status", to=clause.to)]
    return None


def _task(clause: Clause) -> list[Command] | None:
    """ "James, check deploy history for payments-api and report back in 10 minutes"."""
    lowered = clause.lowered
    looking = _LOOKING.search(lowered)
    toolish = _TOOLISH.search(lowered)
    ctx = clause.ctx
    if not looking and not (clause.to and toolish):
        return None
    service = (
        _target(replace(clause, ctx=clause.ctx), None) if services_in(clause.text, ctx) else ""
    )
    if not clause.to:
        if _SELF_LOOK.match(lowered) and (toolish or service):
            tool = tool_for(clause.text)
            query = service or _query(clause.text)
            return [Command(A.QueryTool(actor=ctx.actor, tool=tool, query=query), text=clause.text)]
        if toolish or service or _SOMEONE.search(lowered):
            return [Command(text=clause.text, ask="near:assign a task")]
        return None
    if not toolish and not service:
        return [Command(text=clause.text, ask="chat", to=clause.to)]
    tool = tool_for(clause.text)
    action = A.AssignTask(
        actor=ctx.actor,
        person=clause.to,
        task=clause.text,
        timebox=minutes_in(clause.text) or DEFAULT_TIMEBOX,
        tool=tool,
        query=service or _query(clause.text),
        target=service,
    )
    return [Command(action, to=clause.to, text=clause.text)]


def _query(text: str) -> str:
    """The words of a task worth searching for (no verbs, no time-box)."""
    words = re.sub(_MINUTES, "", text)
    words = re.sub(
        r"\b(?:can you|could you|please|and report back|report back|in|and tell me.*|"
        r"let me know.*|check|look at|look into|the|for|on|at)\b",
        " ",
        words,
        flags=re.I,
    )
    return " ".join(words.split()).strip(" ,.?!")


def _note(clause: Clause) -> list[Command] | None:
    """ "Note: rollback started at 14:20", "for the record, ..."."""
    m = re.match(
        r"^(?:note(?: that)?|for the record|scribe,? (?:please )?note(?: that)?|"
        r"please note(?: that)?|make a note(?: that)?|log(?: that)?|fyi)\b\s*[:,-]?\s*(.+)$",
        clause.text,
        re.I,
    )
    if m is None or (clause.to and clause.to not in clause.ctx.state.holders(Role.SCRIBE)):
        return None
    return [Command(A.AddNote(actor=clause.ctx.actor, text=m.group(1)), text=clause.text)]


def _ack(clause: Clause) -> list[Command] | None:
    """ "Ack", "got the page", "joining"."""
    if not re.fullmatch(
        r"(?:ack(?:ing|ed|'d|nowledged?|nowledging)?(?: the page)?|got (?:the|it|the page)|"
        r"i've got the page|on it|i'm on|i'm here|here|joining|joined|i'm in|in)[\s.!]*",
        clause.lowered,
    ):
        return None
    ctx = clause.ctx
    state = ctx.state
    if ctx.actor in state.paged and ctx.actor not in state.acknowledged:
        return [Command(A.AcknowledgePage(actor=ctx.actor), text=clause.text)]
    if not state.in_incident(ctx.actor):
        return [Command(A.Join(actor=ctx.actor), text=clause.text)]
    return [Command(text=clause.text, ask="note:You are in the incident already.")]


#: The intents, tried in order on each clause: the first that reads it wins.
INTENTS: tuple[Callable[[Clause], list[Command] | None], ...] = (
    _ack,
    _note,
    _answer,
    _hand_over,
    _take_command,
    _severity,
    _status_page,
    _update,
    _bridge,
    _page,
    _resolve,
    _role,
    _mitigation,
    _follow_up,
    _question,
    _task,
)


# ---------------------------------------------------------------- the reader


def read_clause(text: str, ctx: Context, inherited: str = "") -> list[Command]:
    """The commands of one clause (``inherited``: the person the message spoke to before)."""
    to, body, mentions, typo = _address(text, ctx)
    body = _PLEASE.sub("", body).strip()
    if (
        not to
        and inherited
        and re.match(
            r"^(?:also\s+)?(?:check|look|dig|pull|grab|find|see|tell|report|let me know|and)\b",
            body,
            re.I,
        )
    ):
        to = inherited
    clause = Clause(body, fold_accents(body), ctx, to, mentions, typo)
    if not body.strip(" ?!.,"):
        return [Command(text=text, ask="chat", to=to)] if to else []
    for intent in INTENTS:
        found = intent(clause)
        if found:
            return found
    if to:
        return [Command(text=text, ask="chat", to=to)]
    return []


def read_message(text: str, ctx: Context) -> Reading:
    """Read one channel message as incident-command language.

    Args:
        text: What the trainee typed.
        ctx: The team, services and incident to read it against (:meth:`Context.of`).

    Returns:
        The commands it holds (empty: chat), a "did you mean" and notes.
    """
    commands: list[Command] = []
    notes: list[str] = []
    nears: list[str] = []
    inherited = ""
    for piece in split_clauses(text, ctx):
        for command in read_clause(piece, ctx, inherited):
            if command.ask.startswith("note:"):
                notes.append(command.ask.removeprefix("note:"))
            elif command.ask.startswith("near:"):
                nears.append(command.ask.removeprefix("near:"))
            else:
                commands.append(command)
            if (command.to and command.action is None) or isinstance(command.action, A.AssignTask):
                inherited = command.to
    near = "" if commands else _did_you_mean(nears, ctx)
    return Reading(text, tuple(commands), near, tuple(notes))


def _did_you_mean(nears: list[str], ctx: Context) -> str:
    """The "did you mean" sentence for the first near miss."""
    if not nears:
        return ""
    near = nears[0]
    parts = near.split(":")
    if len(parts) == 2 and parts[0] in {s.value for s in Strategy}:
        verb = strategy_order(Strategy(parts[0]))
        if parts[1]:
            return f"Did you mean to {verb.lower()} {parts[1]}? Say “{verb} {parts[1]}” to do it."
        example = ctx.service_ids()[0] if ctx.services else "the service"
        return f"Did you mean to {verb.lower()} a service? Name it: “{verb} {example}”."
    examples = {
        "assign a task": "Start with who should do it: “James, check the payments-api logs”.",
        "set the severity": "Say it as a decision: “Declaring SEV-2”.",
        "page someone (name them)": "Name who: “Page James”.",
    }
    return f"Did you mean to {near}? {examples.get(near, '')}".strip()
