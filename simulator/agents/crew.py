"""Simulated responders: every team member the human does not play, as SimPy behaviour.

Each person has a :class:`~simulator.agents.calibration.Profile` by experience. A page starts an
acknowledgement draw (lognormal, slower at night in the person's time zone, sometimes
missed). Whoever acknowledges first, when no human commands, triages and declares the
incident (the declarer becomes incident commander). The simulated commander
(:class:`Commander`) then works an agenda that follows doctrine with the profile's
``adherence``: hand command to a trained IC if the declarer is not one (IC-15), open a bridge
for SEV-1/2, escalate to the severity's level, name a technical lead and - for SEV-1/2 - a
communications lead and a scribe, delegate investigation as owned, time-boxed tasks instead
of investigating (IC-01, IC-06), follow up when a time-box expires (IC-07), accept a
mitigation proposal and have the technical lead carry it out (ORG-04, SME-01), watch the
metrics, and resolve through the checklist once they stay normal. The communications lead
(:class:`CommsLead`) posts the first status-page update within minutes (CL-01), public
updates every 20 minutes (CL-03) and internal updates at the severity's cadence; the scribe
(:class:`Scribe`) logs key actions (SCR-02).

With a human commander the same people acknowledge, join, check in, work and report on the
tasks they are given, propose mitigations and ask for decisions; stakeholders ask for an
update when the cadence lapses. Nothing here reads hidden truth except what a responder could
know: the chance of *choosing* a mitigation that addresses the cause is a draw weighted by
findings, runbooks and experience (:meth:`Crew.choose_mitigation`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Generator
from heapq import heappush as _heappush
from typing import TYPE_CHECKING, Any

import simpy
from simpy.events import NORMAL, PENDING, Timeout

from simulator.actions import (
    AcknowledgePage,
    Action,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    FollowUpTask,
    HandOverCommand,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    ProposeMitigation,
    QueryTool,
    ReportTask,
    Say,
    SetSeverity,
)
from simulator.agents.calibration import (
    CHECK_IN_AFTER,
    DECISION_NUDGE,
    DECLARE_AT_LATEST,
    MITIGATION_PATIENCE,
    NIGHT_ACK_FACTOR,
    NIGHT_EXTRA_MISS,
    NIGHT_WAKE_MEDIAN,
    NIGHT_WORK_FACTOR,
    NIGHT_WORK_HOURS,
    PLAYBOOK_GAIN,
    REPAGE_AFTER,
    ROLE_IMPROVISE_AFTER,
    STAKEHOLDER_GRACE,
    STATUS_PAGE_EVERY,
    Profile,
    is_night,
    lognormal,
    profile,
)
from simulator.durations import format_clock, format_duration
from simulator.journal import Record
from simulator.model import (
    EXCLUSIVE_ROLES,
    GUIDE_SEVERITY_POLICY,
    Effect,
    Experience,
    Mitigation,
    Person,
    Role,
    Severity,
    SeverityRule,
    Status,
    Strategy,
    Team,
    Tool,
)
from simulator.state import IncidentState
from simulator.vocabulary import mitigation_in, tool_for

if TYPE_CHECKING:
    from simulator.engine import Exercise

_object_new = object.__new__

_TOOL_ORDER = (Tool.DEPLOY_HISTORY, Tool.LOGS, Tool.METRICS, Tool.TRACING)
_STRATEGY_VERB = {
    Strategy.ROLLBACK: "roll back",
    Strategy.RESTART: "restart",
    Strategy.FAILOVER: "fail over",
    Strategy.SCALE: "scale out",
    Strategy.FEATURE_FLAG: "flip the feature flag on",
    Strategy.BLOCK_TRAFFIC: "block the abusive traffic to",
}


#: Roles a commander names: the technical lead always, for SEV-1/2 also these (IC-04).
_LEAD_ONLY = (Role.TECHNICAL_LEAD,)
_SUPPORT = (Role.TECHNICAL_LEAD, Role.COMMUNICATIONS_LEAD, Role.SCRIBE)

#: Enum lookups the commander makes on every decision, as plain dicts (an enum's ``.value``
#: and ``Role(value)`` are Python-level calls).
_VALUE: dict[Role, str] = {role: role.value for role in Role}
_TOOL_VALUE: dict[Tool, str] = {tool: tool.value for tool in Tool}
_ROLE_OF: dict[str, Role] = {role.value: role for role in Role}
_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}

#: How much a commander prefers a person for a role by experience.
_EXPERIENCE_BONUS: dict[str, float] = {"senior": 1.0, "intermediate": 0.5, "novice": 0.0}

#: Roles that take technical work.
_TECHNICAL = frozenset({Role.TECHNICAL_LEAD, Role.SUBJECT_MATTER_EXPERT})
#: Sort key of ``dict.items()`` by value.
_SECOND = operator.itemgetter(1)

#: The actions that change who holds a role (see ``IncidentState``).
_ROLE_CHANGES = frozenset({"declare_incident", "assign_role", "hand_over_command"})

#: Actions by others that give the commander nothing new to decide on.
_QUIET = frozenset({"add_note", "say", "query_tool", "follow_up_task"})


_RULES: dict[int, tuple[Team, dict[Severity, SeverityRule]]] = {}


def rule_for(team: Team, severity: Severity) -> SeverityRule:
    """The team's rule for ``severity``, the guide's when the team has none (the table is
    built once per team object)."""
    cached = _RULES.get(id(team))
    if cached is None or cached[0] is not team:
        table = dict(GUIDE_SEVERITY_POLICY)
        table.update(dict(team.severity_policy))
        if len(_RULES) > 64:
            _RULES.clear()
        cached = _RULES[id(team)] = (team, table)
    return cached[1][severity]


class Waker:
    """A SimPy event that a process waits on and others poke; re-armed after each wake."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.event: simpy.Event = env.event()
        self._timer = float("inf")

    def poke(self) -> None:
        """Wake the waiting process (idempotent until it wakes)."""
        event = self.event
        if event._value is PENDING:  # not triggered yet
            event.succeed()

    def wait(self) -> simpy.Event:
        """The event to yield; a fresh one once the previous fired."""
        if self.event.callbacks is None:  # processed
            self.event = self.env.event()
        return self.event

    def at(self, t: float) -> None:
        """Poke at sim time ``t`` (keeps only the earliest pending timer)."""
        now = float(self.env._now)
        if t <= now:
            self.poke()
            return
        if now < self._timer <= t:
            return
        self._timer = t
        self.env.timeout(t - now).callbacks.append(self._ring)

    def _ring(self, _event: simpy.Event) -> None:
        if float(self.env._now) >= self._timer:
            self._timer = float("inf")
        self.poke()


class Crew:
    """All simulated people of one exercise and what they share (leads, proposals)."""

    def __init__(self, ex: Exercise) -> None:
        self.ex = ex
        self.env = ex.env
        self.rng = ex.rng
        #: The exercise's incident state (one object for the whole run, folded in place).
        self.state: IncidentState = ex._state
        seat = ex.seat
        self.human = seat.actor if seat is not None else None
        self.human_commands = seat is not None and seat.role is Role.INCIDENT_COMMANDER
        self.people: dict[str, Responder] = {
            pid: Responder(self, ex.people[pid]) for pid in sorted(ex.simulated)
        }
        self.triager: str | None = None
        self.commander: Commander | None = None
        self.comms: CommsLead | None = None
        self.scribe: Scribe | None = None
        self.proposals: list[Record] = []
        self.decided: set[int] = set()
        self.tried: list[tuple[str, str]] = []
        self.failed: set[int] = set()
        self.final_requested = False
        self.peak_users = 0
        # only metrics the scenario moves can deviate; the others stay at baseline
        self._gauges = [g for g in ex.world.gauges if g.curve is not None]
        self.peak_dev: dict[str, float] = {g.key: 0.0 for g in self._gauges}
        #: (key, baseline, alert threshold, breaches below?) of every moving metric.
        self._watch = tuple(
            (g.key, g.metric.baseline, g.metric.alert_threshold, g.metric.direction == "below")
            for g in self._gauges
        )
        self.seen_impact = False
        self._last_sample: Any = None
        self._suspects: tuple[tuple[int, int], tuple[list[str], list[str]]] | None = None
        self._books: tuple[tuple[int, int], list[Any]] | None = None
        self._visible: tuple[tuple[int, int], bool] | None = None
        #: Customer words for the affected product, by suspect services.
        self.public_names: dict[tuple[str, ...], str] = {}
        #: The scenario forbids public status-page posts (e.g. before Legal agrees).
        self.embargo = any(
            o.forbidden and o.action == "post_status_page" and not o.params
            for o in ex.scenario.objectives
        )
        self.recovered = False
        self._used_leads: set[tuple[str, str]] = set()
        self._stakeholder_gen = 0
        self._nudged: set[int] = set()
        self.asked_at = -1e9

    # ------------------------------------------------------------------ helpers

    def act(self, action: Action) -> Record:
        """Act through the engine (same validation as a human)."""
        return self.ex._act(action, external=False)

    def backup_commander(self, exclude: tuple[str, ...] = ()) -> str | None:
        """A simulated IC-capable person to page when the human plays another role (the
        on-call secondary first), skipping ``exclude`` (people who did not answer)."""
        team = self.ex.team
        order = [team.on_call.secondary, *(p.id for p in team.people)]
        for pid in order:
            if (
                pid
                and pid not in exclude
                and pid in self.people
                and Role.INCIDENT_COMMANDER in self.people[pid].roles
            ):
                return pid
        return None

    def runbook_help(self) -> bool:
        """True when a runbook covers an alert that fired (``playbook_mttr_gain``)."""
        ex = self.ex
        return any(ex.bundle.runbook_for(a) is not None for a in ex.firing) or bool(self.runbooks())

    def runbooks(self) -> list[Any]:
        """Runbooks covering alerts seen so far, first alert first."""
        key = (len(self.state.alerts), len(self.state.injects))
        if self._books is not None and self._books[0] == key:
            return self._books[1]
        seen: list[Any] = []
        names = [str(r.payload.get("alert") or "") for r in self.state.alerts]
        names += [str(r.payload.get("alert") or "") for r in self.state.injects]
        for name in dict.fromkeys(names):
            book = self.ex.bundle.runbook_for(name) if name else None
            if book is not None:
                seen.append(book)
        self._books = (key, seen)
        return seen

    def suspects(self) -> tuple[list[str], list[str]]:
        """Services pointed at by alerts and detection reports, and by other injects."""
        key = (len(self.state.alerts), len(self.state.injects))
        if self._suspects is not None and self._suspects[0] == key:
            return self._suspects[1]
        found = self._find_suspects()
        self._suspects = (key, found)
        return found

    def _find_suspects(self) -> tuple[list[str], list[str]]:
        primary: list[str] = []
        other: list[str] = []
        for r in self.state.alerts:
            service = r.payload.get("service")
            if service and service not in primary:
                primary.append(str(service))
        for r in self.state.injects:
            service = r.payload.get("service")
            if not service:
                continue
            detection = r.payload.get("kind") in ("alert", "customer_report", "synthetic_check")
            target = primary if detection else other
            if service not in primary and service not in other:
                target.append(str(service))
        if not primary:
            facing = [s.id for s in self.ex.scenario.services if s.customer_facing]
            primary = [s for s in facing[:1] if s not in other]
        return primary, other

    def customer_visible(self) -> bool:
        """What responders can see of customer impact: a customer-facing service alerting or
        reported failing, or customers reporting the problem. (The declared severity alone
        does not make an incident customer-visible: a data breach can be SEV-1 with nothing
        for customers to see.)"""
        state = self.state
        key = (len(state.alerts), len(state.injects))
        if self._visible is not None and self._visible[0] == key:
            return self._visible[1]
        visible = self._visible_in_reports()
        self._visible = (key, visible)
        return visible

    def _visible_in_reports(self) -> bool:
        state = self.state
        for r in [*state.alerts, *state.injects]:
            if r.payload.get("kind") == "customer_report":
                return True
            service = self.ex.services.get(str(r.payload.get("service") or ""))
            if service is None or not service.customer_facing:
                continue
            if r.kind == "alert" or r.payload.get("detection"):
                return True
        return False

    def public_post_wanted(self, author: _Role) -> bool:
        """Should ``author`` post on the public status page now?

        Only when the impact is customer-visible (:meth:`customer_visible`) and the declared
        severity is SEV-3 or worse (a SEV-4 is fixed quietly), and never while the scenario
        forbids public posts (an objective ``forbidden: true`` on ``post_status_page``, e.g.
        "nothing public before Legal agrees the wording"). A lax author (adherence below
        :data:`LAX_ADHERENCE`, i.e. a novice) sometimes ignores that constraint.
        """
        state = self.state
        if state.severity is None or state.severity is Severity.SEV4:
            return False
        if not self.customer_visible():
            return False
        if not self.embargo:
            return True
        # a lax author ignores the constraint when the doctrine draw says so
        return author.profile.adherence < LAX_ADHERENCE and not author.should("embargo")

    def next_lead(self, chooser: Profile) -> tuple[Tool, str] | None:
        """The next investigation lead (tool, query) nobody has followed yet.

        Runbook steps come first (the playbook), then the alerting services with the
        guide's "what changed recently?" first, then other services mentioned by injects
        (red herrings among them). Less adherent people shuffle more (chase noise).
        """
        leads: list[tuple[float, Tool, str]] = []
        noise = 3.0 * (1.0 - chooser.adherence)
        for book in self.runbooks():
            for i, step in enumerate(book.investigation):
                leads.append((i * 0.01, tool_for(step), step))
        primary, other = self.suspects()
        for rank, services in ((1.0, primary), (2.0, other)):
            for service in services:
                name = self.ex.services[service].name if service in self.ex.services else ""
                for j, tool in enumerate(_TOOL_ORDER):
                    query = f"{service} {name} errors".strip()
                    leads.append((rank + j * 0.1, tool, query))
        used = self._used_leads
        fresh = [x for x in leads if (_TOOL_VALUE[x[1]], x[2]) not in used]
        if not fresh:
            return None
        best = min(fresh, key=lambda x: x[0] + self.rng.random() * noise)
        self._used_leads.add((best[1].value, best[2]))
        return best[1], best[2]

    def choose_mitigation(self, chooser: Profile) -> Mitigation | None:
        """The mitigation a responder proposes next, or None when out of ideas.

        The chance of choosing one that resolves the cause is the profile's
        ``mitigation_skill``, plus 0.12 per distinct relevant finding and 0.15 per failed
        attempt, with wrong choices ``PLAYBOOK_GAIN`` times rarer when a runbook covers a
        firing alert. A wrong choice prefers services that misleading findings or red
        herrings pointed at.
        """
        tried = set(self.tried)
        options = [
            m for m in self.ex.scenario.truth.mitigations if (m.strategy, m.target) not in tried
        ]
        if not options:
            return None
        good = [m for m in options if m.effect is Effect.RESOLVES]
        if not good:
            reducing = [m for m in options if m.effect is Effect.REDUCES]
            good = sorted(reducing, key=lambda m: -m.amount)[:1]
        bad = [m for m in options if m not in good]
        relevant = {r.payload.get("clue_id") for r in self.state.findings if r.payload["relevant"]}
        p = chooser.mitigation_skill + 0.12 * len(relevant) + 0.15 * len(self.failed)
        if self.runbook_help():
            p = 1.0 - (1.0 - p) / PLAYBOOK_GAIN
        p = min(p, 0.97)
        if good and (not bad or self.rng.random() < p):
            return good[0] if len(good) == 1 else self.rng.choice(good)
        found = {r.payload.get("clue_id") for r in self.state.findings}
        misleading = {
            c.service
            for c in self.ex.scenario.clues
            if c.misleading and c.id in found and c.service
        }
        _primary, other = self.suspects()
        weights = [3.0 if (m.target in misleading or m.target in other) else 1.0 for m in bad]
        return self.rng.choices(bad, weights=weights)[0]

    def proposal_open(self) -> bool:
        """A proposal awaits a decision, or an accepted one awaits judgement."""
        decided = self.decided
        for r in self.proposals:
            if r.seq not in decided:
                return True
        state = self.state
        for t in state.tasks.values():
            if t.strategy and not t.done:  # an open mitigation task
                return True
        return bool(state.mitigations) and len(state.mitigations) - 1 not in self.failed

    # ------------------------------------------------------------------ records

    def on_record(self, record: Record) -> None:
        """React to every journal record (schedules behaviour; never acts synchronously
        except where noted)."""
        kind = record.kind
        if kind == "sample":
            self._on_sample(record)
            return
        if kind == "page":
            person = self.people.get(str(record.payload.get("person")))
            if person is not None:
                person.on_page()
            return
        if kind == "action":
            self._on_action(record)
        elif (
            kind == "inject"
            and record.payload.get("kind") == "executive_pressure"
            and self.comms is not None
        ):
            self.comms.waker.poke()
        if self.commander is not None and kind in ("finding", "task_due", "inject", "alert"):
            self.commander.waker.poke()
        if self.scribe is not None and kind in ("action", "finding"):
            self.scribe.waker.poke()

    def _on_sample(self, record: Record) -> None:
        payload = record.payload
        if payload == self._last_sample:
            return  # the same picture as a minute ago: nothing to re-judge
        self._last_sample = payload
        users = int(payload.get("users", 0))
        if users > self.peak_users:
            self.peak_users = users
        metrics = payload.get("metrics", {})
        recovered = users <= 0.02 * self.peak_users
        peaks = self.peak_dev
        for key, base, threshold, below in self._watch:
            value = metrics.get(key)
            if value is None:
                continue
            dev = abs(value - base)
            peak = peaks[key]
            if dev > peak:
                peaks[key] = peak = dev
            # World.breaching, inlined: this runs for every metric of every sample
            if recovered and (
                dev > 0.1 * peak + 1e-9
                or (threshold is not None and (value < threshold if below else value > threshold))
            ):
                recovered = False
        if not self.seen_impact:
            self.seen_impact = self.peak_users > 0 or any(v > 0 for v in peaks.values())
        seen_impact = self.seen_impact
        was = self.recovered
        self.recovered = recovered and seen_impact
        if was != self.recovered:
            # the roles plan with timers; only a change of the picture needs a fresh look
            if self.commander is not None:
                self.commander.waker.poke()
            if self.comms is not None:
                self.comms.waker.poke()

    def _on_action(self, record: Record) -> None:
        name = record.payload.get("action")
        actor = record.actor
        p = record.payload
        state = self.state
        me = self.people.get(actor)
        if name in ("acknowledge_page", "join") and me is not None:
            me.on_join()
        elif name == "declare_incident" or name == "post_update":
            self._stakeholder_watch()
        elif name == "assign_task":
            worker = self.people.get(str(p.get("person")))
            if worker is not None:
                worker.on_task(str(p["task_id"]))
        elif name == "follow_up_task":
            task = state.tasks.get(str(p.get("task_id")))
            if task is not None and task.person in self.people:
                self.people[task.person].on_follow_up(task.id)
        elif name == "propose_mitigation":
            self.proposals.append(record)
            if self.human_commands:
                self._nudge_later(record)
        elif name == "apply_mitigation":
            self.tried.append((str(p.get("strategy")), str(p.get("target"))))
            for r in self.proposals:
                self.decided.add(r.seq)
        if name in _ROLE_CHANGES:
            self._role_holders()
        if self.commander is not None and actor != self.commander.id and name not in _QUIET:
            self.commander.waker.poke()
        if self.comms is not None and name in ("post_update", "apply_mitigation", "mark_resolved"):
            self.comms.waker.poke()

    def _role_holders(self) -> None:
        """Start the process of a simulated person who just took command, comms or notes."""
        state = self.state
        commander = state.commander
        if commander in self.people and (self.commander is None or self.commander.id != commander):
            self.commander = Commander(self, self.people[commander])
        comms = state.roles.get(Role.COMMUNICATIONS_LEAD)
        if comms and comms[0] in self.people and (self.comms is None or self.comms.id != comms[0]):
            self.comms = CommsLead(self, self.people[comms[0]])
        scribes = state.roles.get(Role.SCRIBE)
        if (
            scribes
            and scribes[0] in self.people
            and (self.scribe is None or self.scribe.id != scribes[0])
        ):
            self.scribe = Scribe(self, self.people[scribes[0]])

    def _nudge_later(self, proposal: Record) -> None:
        """SME asks the human IC again if the proposal is still undecided (IC-09)."""

        def nudge() -> None:
            state = self.state
            if proposal.seq in self.decided or proposal.seq in self._nudged:
                return
            if any(m.applied_at >= proposal.t for m in state.mitigations):
                return
            if any(t.assigned_at >= proposal.t and t.strategy for t in state.tasks.values()):
                return
            self._nudged.add(proposal.seq)
            p = proposal.payload
            verb = _STRATEGY_VERB[Strategy(str(p["strategy"]))]
            ic = state.commander or "IC"
            self.ex.message(
                proposal.actor,
                f"{ic}, I still need a decision: shall I {verb} {p['target']}? "
                "Every minute we wait the impact keeps growing.",
                to=ic,
            )

        self.ex._at(DECISION_NUDGE, nudge)

    def _stakeholder_watch(self) -> None:
        """Schedule a stakeholder's "any update?" for when the cadence lapses."""
        state = self.state
        stakeholders = self.ex.team.stakeholders
        if not stakeholders or state.severity is None:
            return
        every = rule_for(self.ex.team, state.severity).update_every
        if every is None:
            return
        self._stakeholder_gen += 1
        gen = self._stakeholder_gen
        since = state.last_update_at if state.last_update_at is not None else state.declared_at

        def ask() -> None:
            if gen != self._stakeholder_gen or self.state.resolved:
                return
            st = self.state
            executive = [s for s in stakeholders if s.executive]
            who = executive[0] if executive and st.severity is Severity.SEV1 else stakeholders[0]
            gap = format_duration(self.ex.now - (since or 0.0))
            title = st.title or "the incident"
            self.ex.message(
                who.id,
                f"Any news on {title}? The last update was {gap} ago and people are asking me.",
                to=st.commander or "",
            )

        self.ex._at(every + STAKEHOLDER_GRACE, ask)


class Responder:
    """One simulated person: acknowledging pages, working tasks, proposing mitigations."""

    def __init__(self, crew: Crew, person: Person) -> None:
        self.crew = crew
        self.ex = crew.ex
        self.person = person
        self.id = person.id
        self.roles = person.roles
        self.profile = profile(person.experience)
        self.ack_pending = False
        self.woke_at: float | None = None
        self.checked_in = False

    # ------------------------------------------------------------------ paging

    def on_page(self) -> None:
        """Start answering a page (unless already in or already answering)."""
        ex = self.ex
        if self.ack_pending:
            return
        rng = self.crew.rng
        if ex._state.in_incident(self.id):
            # already working the incident: a new page is acknowledged from the keyboard
            self.ack_pending = True

            def ack_again() -> None:
                self.ack_pending = False
                if self.id in ex.unacked_pages:
                    self.crew.act(AcknowledgePage(actor=self.id))

            ex._at(lognormal(rng, 20.0), ack_again)
            return
        night = is_night(ex.local_hour(self.id))
        miss = self.profile.miss_page + (NIGHT_EXTRA_MISS if night else 0.0)
        if rng.random() < miss:
            return
        delay = lognormal(rng, self.profile.ack_median)
        if night:
            delay = delay * NIGHT_ACK_FACTOR + lognormal(rng, NIGHT_WAKE_MEDIAN)
            self.woke_at = ex.now + delay
        self.ack_pending = True

        def ack() -> None:
            self.ack_pending = False
            if self.id in ex.unacked_pages:
                self.crew.act(AcknowledgePage(actor=self.id))

        ex._at(delay, ack)

    def on_join(self) -> None:
        """Joined: triage and declare when nobody has, else check in with the IC."""
        crew = self.crew
        ex = self.ex
        state = ex._state
        if not crew.human_commands and not state.declared and crew.triager is None:
            crew.triager = self.id
            delay = min(lognormal(crew.rng, self.profile.triage_median), DECLARE_AT_LATEST)

            def declare() -> None:
                crew.triager = None
                if not ex._state.declared:
                    self.declare()

            ex._at(delay * self.slowness(), declare)
            return
        if crew.human_commands:

            def check_in() -> None:
                st = ex._state
                if self.checked_in or st.roles_of(self.id) or self.tasks():
                    return
                self.checked_in = True
                ic = st.commander or crew.human or ""
                services = ", ".join(self.person.services) or "whatever you need"
                ex.message(
                    self.id,
                    f"{self.person.name} here, I'm on. I know {services}. What do you need me on?",
                    to=ic,
                )

            ex._at(CHECK_IN_AFTER, check_in)

    def impact_guess(self) -> Severity:
        """The severity the visible impact suggests by the guide's table: a security finding
        or most users affected is SEV-1, a customer-facing service failing for many users
        SEV-2, some users SEV-3, no visible users SEV-4."""
        state = self.ex._state
        if any(r.payload.get("kind") == "security_finding" for r in state.injects):
            return Severity.SEV1
        total = self.ex.scenario.truth.impact.total_users
        share = state.users_affected / total if total else 0.0
        if share >= 0.5:
            return Severity.SEV1
        if share >= 0.1 or (state.users_affected and self.crew.customer_visible()):
            return Severity.SEV2
        return Severity.SEV3 if state.users_affected else Severity.SEV4

    def declare(self) -> None:
        """Declare with a severity judged from the visible impact (SEV-X).

        With the profile's ``severity_accuracy`` the judgement is right (experience reads
        business impact the table does not show, e.g. "payment processing failing" is SEV-2);
        otherwise it is the table's reading of the visible impact, and when that happens to be
        right, one level off: novices mostly under-classify, others over-classify (IC-12).
        """
        crew = self.crew
        truth = self.ex.scenario.truth.severity
        rng = crew.rng
        if rng.random() < self.profile.severity_accuracy:
            severity = truth
        else:
            severity = self.impact_guess()
            if severity is truth:
                under = 0.7 if self.person.experience is Experience.NOVICE else 0.3
                shift = 1 if rng.random() < under else -1
                rank = truth.rank + shift
                if not 1 <= rank <= 4:
                    rank = truth.rank - shift
                severity = Severity(f"SEV-{rank}")
        primary, _other = crew.suspects()
        alerts = [str(r.payload.get("alert")) for r in self.ex._state.alerts]
        alerts += [
            str(r.payload["alert"]) for r in self.ex._state.injects if r.payload.get("alert")
        ]
        what = alerts[0] if alerts else "customer reports"
        where = primary[0] if primary else self.ex.scenario.id
        crew.act(DeclareIncident(actor=self.id, severity=severity, title=f"{what} on {where}"))

    # ------------------------------------------------------------------ work

    def slowness(self) -> float:
        """Sleep inertia: work is slower for the first hour after a night-time wake-up."""
        if self.woke_at is not None and self.ex.now - self.woke_at < NIGHT_WORK_HOURS:
            return NIGHT_WORK_FACTOR
        return 1.0

    def tasks(self) -> list[Any]:
        """This person's open tasks."""
        return [t for t in self.ex._state.open_tasks() if t.person == self.id]

    def on_task(self, task_id: str) -> None:
        """Work on an assigned task, then report (and maybe propose a mitigation)."""
        ex = self.ex
        crew = self.crew
        task = ex._state.tasks[task_id]
        rng = crew.rng
        # a task typed as free text ("roll back payments-api") is understood as a mitigation
        planned = mitigation_in(task.task, task.target, list(ex.services))
        if task.strategy or (planned is not None and task.tool is None):
            delay = lognormal(rng, self.profile.act_median) * self.slowness()
            if task.strategy:
                strategy, target = Strategy(str(task.strategy)), task.target
            else:
                assert planned is not None
                strategy, target = planned

            def apply() -> None:
                current = ex._state.tasks.get(task_id)
                if current is None or current.done:
                    return
                crew.act(ApplyMitigation(actor=self.id, strategy=strategy, target=target))
                crew.act(
                    ReportTask(
                        actor=self.id,
                        task_id=task_id,
                        result=f"{_STRATEGY_VERB[strategy]} {target}: started, "
                        "watching the dashboards",
                    )
                )

            ex._at(delay, apply)
            return
        speed = self.profile.investigate_median
        if crew.runbook_help():
            speed /= PLAYBOOK_GAIN
        delay = lognormal(rng, speed) * self.slowness()
        tool = Tool(task.tool) if task.tool else tool_for(f"{task.task} {task.query}")
        query = task.query or " ".join(x for x in (task.target, task.task) if x)

        def investigate() -> None:
            current = ex._state.tasks.get(task_id)
            if current is None or current.done:
                return
            before = len(ex._state.findings)
            crew.act(QueryTool(actor=self.id, tool=tool, query=query))
            found = ex._state.findings[before:]
            useful = [f for f in found if f.payload.get("clue_id")]
            if useful:
                result = "; ".join(
                    str(f.payload.get("summary") or f.payload.get("text")) for f in useful
                )
            else:
                result = f"nothing in {tool.value} for '{query}'"
            crew.act(ReportTask(actor=self.id, task_id=task_id, result=result))
            if any(f.payload.get("relevant") or f.payload.get("misleading") for f in found):
                self.propose()

        ex._at(delay, investigate)

    def on_follow_up(self, task_id: str) -> None:
        """Answer a follow-up: not done yet => ask for more time with an estimate (SME-03)."""
        ex = self.ex
        delay = lognormal(self.crew.rng, 30.0)

        def answer() -> None:
            task = ex._state.tasks.get(task_id)
            if task is None or task.done:
                return
            more = max(1, round(lognormal(self.crew.rng, 240.0) / 60))
            self.crew.act(
                ReportTask(
                    actor=self.id,
                    task_id=task_id,
                    result=f"still on it, need about {more} more minutes",
                    done=False,
                )
            )

        ex._at(delay, answer)

    def propose(self) -> None:
        """Propose the mitigation this person believes in (SME-01: suggest, do not act)."""
        crew = self.crew
        if crew.proposal_open() or self.ex._state.commander == self.id:
            return
        choice = crew.choose_mitigation(self.profile)
        if choice is None:
            return
        relevant = [r for r in self.ex._state.findings if r.payload.get("relevant")]
        misleading = [r for r in self.ex._state.findings if r.payload.get("misleading")]
        basis = relevant[-1] if relevant and choice.effect is Effect.RESOLVES else None
        basis = basis or (misleading[-1] if misleading else (relevant[-1] if relevant else None))
        because = str(basis.payload.get("summary") or basis.payload.get("text")) if basis else ""
        rationale = because or "best option given what we have seen so far"
        crew.act(
            ProposeMitigation(
                actor=self.id, strategy=choice.strategy, target=choice.target, rationale=rationale
            )
        )
        if crew.human_commands:
            ic = self.ex._state.commander or crew.human or ""
            verb = _STRATEGY_VERB[choice.strategy]
            self.ex.message(
                self.id,
                f"{ic}, I think we should {verb} {choice.target} ({rationale}). "
                "Do you want me to go ahead?",
                to=ic,
            )


class _Role:
    """A process that runs while one person holds a role."""

    role: Role = Role.INCIDENT_COMMANDER

    def __init__(self, crew: Crew, responder: Responder) -> None:
        self.crew = crew
        self.ex = crew.ex
        self.me = responder
        self.id = responder.id
        self.profile = responder.profile
        self.waker = Waker(crew.env)
        self._decisions: dict[str, tuple[bool, float]] = {}
        crew.env.process(self._run())

    def holds(self) -> bool:
        """True while this person still holds the role and the exercise runs."""
        return not self.ex.finished and self.id in self.ex._state.roles.get(self.role, ())

    def should(self, key: str, p: float | None = None) -> bool:
        """Follow a doctrine rule now? One draw per rule; a "no" is reconsidered later."""
        now = self.ex.now
        decided = self._decisions.get(key)
        if decided is not None:
            ok, retry = decided
            if ok or now < retry:
                if not ok:
                    self.waker.at(retry)
                return ok
        chance = self.profile.adherence if p is None else p
        ok = self.crew.rng.random() < chance
        # the less disciplined, the longer before a skipped step comes back to mind
        retry = now + lognormal(self.crew.rng, max(30.0, 1200.0 * (1.0 - self.profile.adherence)))
        self._decisions[key] = (ok, retry)
        if not ok:
            self.waker.at(retry)
        return ok

    def decide(self) -> Action | Callable[[], None] | None:
        """The next action, or None to wait for a poke."""
        raise NotImplementedError

    def _run(self) -> Generator[simpy.Event, Any, None]:
        crew = self.crew
        rng = crew.rng
        env = crew.env
        ex = self.ex
        me = self.id
        role = self.role
        think = self.profile.think_median
        waker = self.waker
        decide = self.decide
        act = crew.act
        queue = env._queue
        eid = env._eid
        while not ex._finished and me in ex._state.roles.get(role, ()):  # self.holds()
            step = decide()
            if step is not None:
                if callable(step) and not isinstance(step, Action):
                    step()
                else:
                    act(step)
            else:
                yield waker.wait()
            # react after a moment's thought, not in the same instant: env.timeout(delay),
            # built as Timeout.__init__ and Environment.schedule do (inlined: every step)
            delay = lognormal(rng, think)
            timeout = _object_new(Timeout)
            timeout.env = env
            timeout.callbacks = []
            timeout._value = None
            timeout._delay = delay
            timeout._ok = True
            _heappush(queue, (env._now + delay, NORMAL, next(eid), timeout))
            yield timeout


class Commander(_Role):
    """The simulated incident commander's agenda (IC-01, IC-06, IC-07, IC-15 ...)."""

    role = Role.INCIDENT_COMMANDER

    def __init__(self, crew: Crew, responder: Responder) -> None:
        self.since = crew.ex.now
        self.recovered_since: float | None = None
        self.final_asked_at: float | None = None
        #: Who the commander paged, and for which role ("ic" for a trained commander).
        self.paged_for: dict[str, str] = {}
        #: When the commander last paged each person.
        self.paged_at: dict[str, float] = {}
        self.self_queries = 0
        self._cache: dict[tuple[Role, int, int], list[str]] = {}
        super().__init__(crew, responder)

    # candidates ---------------------------------------------------------------

    def _candidates(self, role: Role, joined_only: bool) -> list[str]:
        """People who could take ``role``, best first: the on-call secondary, people who know
        the alerting services, seniors, people awake in their time zone (a night-time page
        takes minutes longer to answer); cached per half hour of sim time."""
        ex = self.ex
        state = ex._state
        primary, _other = self.crew.suspects()
        key = (role, len(primary), int(ex.now // 1800))
        ranked = self._cache.get(key)
        if ranked is None:
            scored: list[tuple[float, str]] = []
            secondary = ex.team.on_call.secondary
            suspects = set(primary)
            joined, acknowledged = state.joined, state.acknowledged  # in_incident
            people = ex.people
            #: Night or not by time zone: one local-hour computation per zone, not per person.
            nights: dict[str, bool] = {}
            for person in ex.team.people:
                if role not in person.roles:
                    continue
                pid = person.id
                score = 3.0 if pid == secondary else 0.0
                if pid not in joined and pid not in acknowledged:
                    known = people.get(pid)  # the zone local_hour uses
                    zone = known.timezone if known is not None else "UTC"
                    night = nights.get(zone)
                    if night is None:
                        night = nights[zone] = is_night(ex.local_hour(pid))
                    if night:
                        score -= 1.5
                score += 0.0 if suspects.isdisjoint(person.services) else 2.0
                score += _EXPERIENCE_BONUS[person.experience]
                if Role.INCIDENT_COMMANDER in person.roles and role is not Role.SCRIBE:
                    score -= 2.0  # keep trained commanders free for command
                scored.append((-score, pid))
            ranked = [pid for _s, pid in sorted(scored)]
            self._cache[key] = ranked
        # nobody already holding an exclusive role (the commander among them), nor me
        roles = state.roles
        busy = {self.id, state.commander}
        for r in EXCLUSIVE_ROLES:
            holders = roles.get(r)
            if holders:
                busy.update(holders)
        if not joined_only:
            return [pid for pid in ranked if pid not in busy]
        joined, acknowledged = state.joined, state.acknowledged  # IncidentState.in_incident
        return [pid for pid in ranked if pid not in busy and (pid in joined or pid in acknowledged)]

    def _page_for(self, person: str, role: str, reason: str) -> PagePerson:
        self.paged_for[person] = role
        self.paged_at[person] = self.ex.now
        return PagePerson(actor=self.id, person=person, reason=reason)

    def _awaited(self, role: str, now: float) -> bool:
        """Someone this commander paged for ``role`` may still answer (paged less than
        ``REPAGE_AFTER`` ago and not in the incident yet)."""
        state = self.ex._state
        return any(
            r == role
            and now - self.paged_at.get(p, -1e9) < REPAGE_AFTER
            and not state.in_incident(p)
            for p, r in self.paged_for.items()
        )

    def _spare(self) -> list[str]:
        """Joined people who can take a supporting role: no role yet and not the technical
        lead, free people first, and never the last person left for technical work."""
        state = self.ex._state
        busy = {t.person for t in state.open_tasks()}
        technical = self._technical(include_busy=True)
        lead = state.holders(Role.TECHNICAL_LEAD)
        holding = set().union(*state.roles.values())  # people with a role (roles_of)
        people = self.ex.people
        out = []
        for pid, _t in sorted(state.joined.items(), key=_SECOND):
            if pid == self.id or pid in holding or pid not in people:
                continue
            if technical == [pid] and not lead:  # the last one left for technical work
                continue
            out.append(pid)
        out.sort(key=busy.__contains__)
        return out

    def _staff(self, state: Any, now: float) -> Action | None:
        """Name a technical lead and, for SEV-1/2, a communications lead and a scribe (IC-04).

        A joined person with the role is named at once; otherwise candidates are paged right
        away (all roles in parallel, not one after the other). A person paged for one role is
        kept for it; nobody answering within ``REPAGE_AFTER`` means paging the next candidate,
        then people with expertise in the alerting services. A supporting role (comms lead,
        scribe) still open ``ROLE_IMPROVISE_AFTER`` after declaring goes to a spare person
        already in the incident: the 5-minute target of IC-04 matters more than the title.
        """
        roles = state.roles
        needed = _SUPPORT if _RANK[state.severity] <= 2 else _LEAD_ONLY
        for role in needed:
            if not roles.get(role):
                break
        else:
            return None  # everyone named: the usual case once the incident is staffed
        page: PagePerson | None = None
        in_joined, acknowledged = state.joined, state.acknowledged  # IncidentState.in_incident
        paged_for = self.paged_for
        for role in needed:
            if roles.get(role):
                continue
            wanted = self._candidates(role, joined_only=False)
            value = _VALUE[role]
            # someone paged for another role that is still open is kept for that role
            joined: str | None = None
            for p in wanted:
                if (p in in_joined or p in acknowledged) and (
                    paged_for.get(p, value) in (value, "ic")
                    or bool(roles.get(_ROLE_OF[paged_for[p]]))
                ):
                    joined = p  # the best candidate in the incident
                    break
            if joined is not None:
                if self.should(f"role:{value}"):
                    return AssignRole(actor=self.id, person=joined, role=role)
                continue
            if role is not Role.TECHNICAL_LEAD:
                since = state.declared_at if state.declared_at is not None else now
                if now - since >= ROLE_IMPROVISE_AFTER:
                    spare = self._spare()
                    if spare and self.should(f"role:{value}"):
                        return AssignRole(actor=self.id, person=spare[0], role=role)
                else:
                    self.waker.at(since + ROLE_IMPROVISE_AFTER)
            if page is not None:
                continue
            # someone paged for this role (or by the policy) in the last 5 minutes may still
            # come; otherwise page the next candidate (pd_team_escalation_timeout_recommended)
            paged, paged_at = state.paged, self.paged_at
            last = -1e9
            fresh: str | None = None
            for p in wanted:
                if p not in paged_for:  # (paged_for and paged_at have the same keys)
                    if fresh is None:
                        fresh = p
                    at = paged.get(p)
                    if at is None:
                        continue  # never paged: nobody to wait for
                elif paged_for[p] == value:
                    at = max(paged.get(p, -1e9), paged_at[p])
                else:
                    continue  # paged for another role
                if now - at < REPAGE_AFTER and at > last:
                    last = at
            if last > -1e9:
                # look again when the last one paged should have answered
                self.waker.at(last + REPAGE_AFTER)
                continue
            if fresh is None:
                fresh = next((p for p in self._experts() if p not in paged_for), None)
            if fresh is not None:
                page = self._page_for(fresh, value, f"need a {value.replace('_', ' ')}")
        return page

    def _experts(self) -> list[str]:
        """Whom to page when nobody with the role answers: people who know the alerting
        services first, then anyone else on the team not in the incident yet."""
        ex = self.ex
        state = ex._state
        primary, _other = self.crew.suspects()
        out = [
            p.id
            for p in ex.team.people
            if p.id != self.id and not state.in_incident(p.id) and p.id in self.crew.people
        ]
        out.sort(key=lambda pid: not set(ex.people[pid].services) & set(primary))
        return out

    def _technical(self, include_busy: bool = False) -> list[str]:
        """Joined people who can take technical work (not IC, comms lead or scribe)."""
        state = self.ex._state
        busy = set() if include_busy else {t.person for t in state.open_tasks()}
        roles = state.roles
        comms = roles.get(Role.COMMUNICATIONS_LEAD, ())
        scribes = roles.get(Role.SCRIBE, ())
        lead = roles.get(Role.TECHNICAL_LEAD, ())
        people = self.ex.people
        out = []
        for pid, _t in sorted(state.joined.items(), key=_SECOND):
            if pid == self.id or pid in busy or pid in comms or pid in scribes:
                continue
            person = people.get(pid)
            if person is None:
                continue
            if not _TECHNICAL.isdisjoint(person.roles) or pid in lead:
                out.append(pid)
        # the technical lead first, the others in joining order
        return [pid for pid in out if pid in lead] + [pid for pid in out if pid not in lead]

    # agenda -------------------------------------------------------------------

    def decide(self) -> Action | Callable[[], None] | None:
        ex = self.ex
        state = ex._state
        crew = self.crew
        me = self.id
        now = ex.now
        if state.severity is None:
            return None
        rule = rule_for(ex.team, state.severity)
        # IC-15: a declarer who is not a trained IC hands over explicitly.
        if Role.INCIDENT_COMMANDER not in self.me.roles:
            takers = [
                p
                for p in self._candidates(Role.INCIDENT_COMMANDER, joined_only=True)
                if p in crew.people or p == crew.human
            ]
            if takers and self.should("handover"):
                return HandOverCommand(
                    actor=me,
                    to=takers[0],
                    briefing=self._briefing(),
                )
            wanted = self._candidates(Role.INCIDENT_COMMANDER, joined_only=False)
            unpaged = [p for p in wanted if p not in state.paged and p not in self.paged_for]
            if not takers and unpaged and not self._awaited("ic", now):
                # nobody answered the last page within 5 minutes: page the next trained IC
                return self._page_for(unpaged[0], "ic", "need a trained IC")
        if "announce" not in self._decisions and self.should("announce"):
            return Say(
                actor=me,
                text=f"This is {self.me.person.name}, I am the Incident Commander "
                f"for this {state.severity} incident.",
            )
        staffing = self._staff(state, now)
        if staffing is not None:
            return staffing
        if rule.bridge and state.bridge_open_at is None and self.should("bridge"):
            return OpenBridge(actor=me)
        for level in range(2, rule.escalation_level + 1):
            lv = ex.pager.level(level)
            if lv is None:
                continue
            missing = [p for p in lv.targets if p not in state.paged and not state.in_incident(p)]
            if missing and self.should(f"escalate:{level}"):
                return Escalate(
                    actor=me, level=level, reason=f"{state.severity} policy: level {level}"
                )
        truth = ex.scenario.truth.severity
        if state.severity != truth and "reclass" not in self._decisions:
            relevant = any(r.payload.get("relevant") for r in state.findings)
            if (relevant or now - (state.declared_at or 0.0) > 900) and self.should(
                "reclass", self.profile.adherence * 0.8
            ):
                return SetSeverity(
                    actor=me, severity=truth, reason="impact is clearer now than at declaration"
                )
        for task in state.overdue_tasks():
            if self.should(f"follow:{task.id}"):
                return FollowUpTask(actor=me, task_id=task.id)
        for proposal in crew.proposals:
            if proposal.seq in crew.decided:
                continue
            crew.decided.add(proposal.seq)
            return self._accept(proposal)
        if crew.recovered:
            if self.recovered_since is None:
                self.recovered_since = now
        elif self.recovered_since is not None:
            # the metrics regressed during monitoring: a relapse, or the fix did not hold
            self.recovered_since = None
            self.final_asked_at = None
            crew.final_requested = False
            if state.mitigations:
                crew.failed.add(len(state.mitigations) - 1)
                return self._ask_for_proposal
        step = self._mitigation_watch(now)
        if step is not None:
            return step
        if not crew.proposal_open():
            step = self._own_decision(now)
            if step is not None:
                return step
            step = self._investigate()
            if step is not None:
                return step
        step = self._communicate(rule.update_every)
        if step is not None:
            return step
        return self._resolve(now)

    def _briefing(self) -> str:
        state = self.ex._state
        findings = [str(r.payload.get("summary")) for r in state.findings if r.payload["relevant"]]
        return (
            f"{state.severity} declared {format_clock(state.declared_at or 0.0)}; "
            f"{state.users_affected} users affected; findings: {'; '.join(findings) or 'none yet'}"
        )

    def _accept(self, proposal: Record) -> Action:
        p = proposal.payload
        state = self.ex._state
        doer = proposal.actor
        lead = state.holders(Role.TECHNICAL_LEAD)
        if not state.in_incident(doer) and lead:
            doer = lead[0]
        strategy = Strategy(str(p["strategy"]))
        return AssignTask(
            actor=self.id,
            person=doer,
            task=f"{_STRATEGY_VERB[strategy]} {p['target']}",
            timebox=self.profile.timebox,
            strategy=strategy,
            target=str(p["target"]),
        )

    def _mitigation_watch(self, now: float) -> Action | Callable[[], None] | None:
        """Judge the latest mitigation from the metrics; ask for another when it failed."""
        crew = self.crew
        state = self.ex._state
        if not state.mitigations:
            return None
        index = len(state.mitigations) - 1
        latest = state.mitigations[index]
        if crew.recovered or index in crew.failed:
            return None
        if now - latest.applied_at >= MITIGATION_PATIENCE:
            crew.failed.add(index)
            return self._ask_for_proposal
        self.waker.at(latest.applied_at + MITIGATION_PATIENCE)
        return None

    def _ask_for_proposal(self) -> None:
        """Ask the technical lead (or a technical responder) what to try next."""
        crew = self.crew
        state = self.ex._state
        if self.ex.now - crew.asked_at < 120.0:
            return
        crew.asked_at = self.ex.now
        lead = [p for p in state.holders(Role.TECHNICAL_LEAD) if p in crew.people]
        people = lead or [p for p in self._technical() if p in crew.people]
        if people:
            who = crew.people[people[0]]
            self.ex._at(lognormal(crew.rng, 60.0), who.propose)

    def _investigate(self) -> Action | None:
        crew = self.crew
        state = self.ex._state
        open_investigations = [t for t in state.open_tasks() if t.tool]
        if len(open_investigations) >= 2:
            return None
        workers = self._technical()
        alone = not workers and self.ex.now - self.since > 600.0
        if not workers and not alone:
            return None  # wait for the people being paged
        if alone and (open_investigations or self.self_queries >= 3):
            return None
        lead = crew.next_lead(self.profile)
        if lead is None:
            if not open_investigations and any(t.done for t in state.tasks.values()):
                self._ask_for_proposal()
            return None
        tool, query = lead
        # one draw per lead: a less disciplined IC digs in itself instead of delegating (IC-01)
        hands_on = alone or (self.self_queries < 3 and crew.rng.random() > self.profile.adherence)
        if hands_on:
            self.self_queries += 1
            return QueryTool(actor=self.id, tool=tool, query=query)
        if workers:
            return AssignTask(
                actor=self.id,
                person=workers[0],
                task=f"check {tool.value.replace('_', ' ')}: {query}",
                timebox=self.profile.timebox,
                tool=tool,
                query=query,
            )
        return None

    def _own_decision(self, now: float) -> Action | Callable[[], None] | None:
        """Evidence but no proposal for 5 minutes: ask for one, or decide alone (IC-09)."""
        crew = self.crew
        state = self.ex._state
        evidence = [
            r for r in state.findings if r.payload.get("relevant") or r.payload.get("misleading")
        ]
        if not evidence:
            return None
        waited = now - max(evidence[0].t, crew.asked_at)
        if waited < 300.0:
            self.waker.at(now + 300.0 - waited)
            return None
        workers = [p for p in self._technical() if p in crew.people]
        if workers:
            return self._ask_for_proposal
        choice = crew.choose_mitigation(self.profile)
        if choice is None:
            return None
        # nobody to carry it out: the commander changes the system itself (IC-01, ORG-04)
        return ApplyMitigation(actor=self.id, strategy=choice.strategy, target=choice.target)

    def _communicate(self, every: float | None) -> Action | None:
        crew = self.crew
        state = self.ex._state
        comms = state.holders(Role.COMMUNICATIONS_LEAD)
        if comms:
            return None
        if not state.status_posts and crew.public_post_wanted(self) and self.should("status-page"):
            return PostStatusPage(
                actor=self.id, status=_status(state), text=public_text(crew, author=self)
            )
        if every is None:
            return None
        last = state.last_update_at
        due = (state.declared_at or 0.0) + 120.0 if last is None else last + every - 60.0
        if self.ex.now >= due:
            if self.should(f"update:{len(state.updates)}"):
                return update_action(crew, self.id)
            return None
        self.waker.at(due)
        return None

    def _resolve(self, now: float) -> Action | None:
        crew = self.crew
        state = self.ex._state
        if self.recovered_since is None or not crew.recovered:
            return None
        window = self.profile.monitor_window
        if state.severity is not None and state.severity.rank > 2:
            window *= 0.5  # a minor incident is watched for less time before closing
        if now < self.recovered_since + window * 0.3:
            self.waker.at(self.recovered_since + window * 0.3)
            return None
        if (
            state.status is not Status.MONITORING
            and not self._posted(Status.MONITORING)
            and not state.holders(Role.COMMUNICATIONS_LEAD)
        ):
            return update_action(crew, self.id, Status.MONITORING)
        if now < self.recovered_since + window:
            self.waker.at(self.recovered_since + window)
            return None
        final_update = self._posted(Status.RESOLVED)
        resolved = Status.RESOLVED.value
        final_public = any(r.payload.get("status") == resolved for r in state.status_posts)
        public_needed = bool(state.status_posts) or crew.public_post_wanted(self)
        if not final_update or (public_needed and not final_public):
            comms = [p for p in state.holders(Role.COMMUNICATIONS_LEAD)]
            if comms and (comms[0] in crew.people or comms[0] == crew.human):
                if self.final_asked_at is None:
                    self.final_asked_at = now
                    crew.final_requested = True
                    if crew.comms is not None:
                        crew.comms.waker.poke()
                if now < self.final_asked_at + 300.0:
                    self.waker.at(self.final_asked_at + 300.0)
                    return None
            if not final_update:
                return update_action(crew, self.id, Status.RESOLVED)
            return PostStatusPage(
                actor=self.id,
                status=Status.RESOLVED,
                text=public_text(crew, Status.RESOLVED, author=self),
            )
        recent_alert = any(r.t >= self.recovered_since for r in state.alerts)
        return MarkResolved(
            actor=self.id,
            metrics_normal=crew.recovered,
            no_recurring_errors=not recent_alert,
            customer_impact_resolved=state.users_affected == 0,
            stakeholders_notified=final_update,
            summary=self._summary(),
        )

    def _posted(self, status: Status) -> bool:
        since = self.recovered_since or 0.0
        value = status.value
        return any(r.payload.get("status") == value and r.t >= since for r in self._ups())

    def _ups(self) -> list[Record]:
        return list(self.ex._state.updates)

    def _summary(self) -> str:
        state = self.ex._state
        fixes = ", ".join(f"{m.strategy} {m.target}" for m in state.mitigations) or "none"
        return (
            f"Metrics back to normal since {format_clock(self.recovered_since or 0.0)}; "
            f"mitigations applied: {fixes}."
        )


def _status(state: Any) -> Status:
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


def update_action(crew: Crew, actor: str, status: Status | None = None) -> PostUpdate:
    """An internal update in the guide's template from what the team knows now."""
    state = crew.state
    ex = crew.ex
    status = status or _status(state)
    severity = state.severity or Severity.SEV3
    breaching = []
    for key, value in sorted(state.metrics.items()):
        gauge = ex.world.gauge_by_key.get(key)
        if gauge is not None and ex.world.breaching(gauge, value):
            breaching.append(
                f"{gauge.metric.name} on {gauge.service} at {value:g}{gauge.metric.unit}"
            )
    if status is Status.RESOLVED:
        impact = "No users affected; metrics back to baseline."
    else:
        impact = (
            f"About {state.users_affected:,} users affected."
            if state.users_affected
            else "No users affected right now."
        )
        if breaching:
            impact += " " + "; ".join(breaching) + "."
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
            done.append(f"{t.person} checking {t.tool or 'the system'}")
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


def customer_words(service: Any) -> str | None:
    """What customers call ``service`` ("payments", "sign-in"), from the words of its id and
    name, then of its description; None when nothing matches."""
    for text in (f"{service.id} {service.name}", str(service.description)):
        tokens = set(_TOKEN.findall(text.lower()))
        for words, phrase in CUSTOMER_WORDS:
            if tokens.intersection(words):
                return phrase
    return None


def _public_name(crew: Crew) -> str:
    """What customers would call the affected part of the product: the customer-facing
    services among the suspects and those that depend on a suspect, in customer words (at
    most two); :data:`GENERIC_PRODUCT` when none can be named."""
    primary, _other = crew.suspects()
    key = tuple(primary)
    cached = crew.public_names.get(key)
    if cached is None:
        cached = crew.public_names[key] = _affected_words(crew, primary)
    return cached


def _affected_words(crew: Crew, primary: list[str]) -> str:
    services = crew.ex.services
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


def _technical_text(crew: Crew, status: Status) -> str:
    """A lax author's post: the alerting service's id and engineering words (CL-04 slip)."""
    primary, _other = crew.suspects()
    where = primary[0] if primary else crew.ex.scenario.id
    if status is Status.RESOLVED:
        return f"Resolved: {where} is back to normal, error rate at baseline."
    if status in (Status.MITIGATING, Status.MONITORING):
        return f"Fix deployed to {where}; 5xx dropping, monitoring. Next update in 20 minutes."
    return f"Investigating 5xx errors and timeouts on {where}. Next update in 20 minutes."


def public_text(crew: Crew, status: Status | None = None, author: _Role | None = None) -> str:
    """Status-page wording (guide: "clear, non-technical language; focus on user impact"):
    the affected part of the product in customer words, what customers may notice and when
    the next update comes. A lax ``author`` sometimes writes internal ids and jargon instead."""
    state = crew.state
    status = status or _status(state)
    # a lax author slips in about half the cases where doctrine is not followed
    lax = author.profile.adherence if author is not None else 1.0
    if lax < LAX_ADHERENCE and crew.rng.random() < (1.0 - lax) / 2:
        return _technical_text(crew, status)
    what = _public_name(crew)
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


class CommsLead(_Role):
    """Status page within minutes (CL-01), every 20 min (CL-03), internal cadence."""

    role = Role.COMMUNICATIONS_LEAD

    def __init__(self, crew: Crew, responder: Responder) -> None:
        self.start = crew.ex.now
        self.first_delay = lognormal(crew.rng, responder.profile.comms_delay_median)
        super().__init__(crew, responder)

    def decide(self) -> Action | None:
        ex = self.ex
        crew = self.crew
        state = ex._state
        now = ex.now
        if crew.final_requested:
            if not any(r.payload.get("status") == "Resolved" for r in state.updates):
                return update_action(crew, self.id, Status.RESOLVED)
            public = bool(state.status_posts) or crew.public_post_wanted(self)
            if public and not any(
                r.payload.get("status") == "Resolved" for r in state.status_posts
            ):
                return PostStatusPage(
                    actor=self.id,
                    status=Status.RESOLVED,
                    text=public_text(crew, Status.RESOLVED, author=self),
                )
            return None
        first_at = self.start + self.first_delay
        if not state.status_posts and crew.public_post_wanted(self):
            if now >= first_at and self.should("status-page"):
                return PostStatusPage(
                    actor=self.id, status=_status(state), text=public_text(crew, author=self)
                )
            self.waker.at(first_at)
        elif state.status_posts and crew.customer_visible():
            last = state.status_posts[-1]
            due = last.t + STATUS_PAGE_EVERY
            status_changed = last.payload.get("status") != _status(state).value
            if now >= due or (status_changed and now - last.t > 120.0):
                if self.should(f"status-page:{len(state.status_posts)}"):
                    return PostStatusPage(
                        actor=self.id, status=_status(state), text=public_text(crew, author=self)
                    )
            else:
                self.waker.at(due)
        if state.severity is None:
            return None
        every = rule_for(ex.team, state.severity).update_every
        if every is None:
            return None
        last_at = state.last_update_at
        due = first_at + 60.0 if last_at is None else last_at + every - 60.0
        if crew.recovered and state.status is not Status.MONITORING and state.mitigations:
            due = min(due, now)
        if now >= due:
            if self.should(f"update:{len(state.updates)}"):
                status = Status.MONITORING if crew.recovered and state.mitigations else None
                return update_action(crew, self.id, status)
            return None
        self.waker.at(due)
        return None


class Scribe(_Role):
    """Logs key actions, decisions and findings in the notes (SCR-02)."""

    role = Role.SCRIBE
    KEY_ACTIONS = frozenset(
        {
            "declare_incident",
            "set_severity",
            "assign_role",
            "assign_task",
            "apply_mitigation",
            "post_update",
            "hand_over_command",
            "escalate",
            "open_bridge",
            "propose_mitigation",
        }
    )

    def __init__(self, crew: Crew, responder: Responder) -> None:
        self.cursor = len(crew.ex.records)
        self.last_note = -1e9
        super().__init__(crew, responder)

    def decide(self) -> Action | None:
        ex = self.ex
        now = ex.now
        if now - self.last_note < 90.0:
            self.waker.at(self.last_note + 90.0)
            return None
        lines = []
        records = ex.records
        for record in records[self.cursor :]:
            if record.actor == self.id:
                continue
            if record.kind == "action" and record.payload.get("action") in self.KEY_ACTIONS:
                lines.append(_note_line(record))
            elif record.kind == "finding" and record.payload.get("relevant"):
                lines.append(
                    f"{format_clock(record.t)} {record.actor} found: "
                    f"{record.payload.get('summary') or record.payload.get('text')}"
                )
        self.cursor = len(records)
        if not lines:
            return None
        self.last_note = now
        return AddNote(actor=self.id, text="\n".join(lines))


def _note_line(record: Record) -> str:
    p = record.payload
    name = p.get("action")
    who = record.actor
    when = format_clock(record.t)
    if name == "assign_task":
        return f"{when} {who} gave {p.get('task_id')} to {p.get('person')}: {p.get('task')}"
    if name == "assign_role":
        return f"{when} {who} named {p.get('person')} {str(p.get('role')).replace('_', ' ')}"
    if name == "apply_mitigation":
        return f"{when} {who} applied {p.get('strategy')} to {p.get('target')}"
    if name == "propose_mitigation":
        return f"{when} {who} proposed {p.get('strategy')} on {p.get('target')}"
    if name == "post_update":
        return f"{when} {who} posted update: {p.get('status')}"
    if name in ("declare_incident", "set_severity"):
        return f"{when} {who} {str(name).replace('_', ' ')} {p.get('severity')}"
    if name == "hand_over_command":
        return f"{when} {who} handed command to {p.get('to')}"
    if name == "escalate":
        return f"{when} {who} escalated to level {p.get('level')}"
    return f"{when} {who} {str(name).replace('_', ' ')}"
