"""The commander: the simulated incident commander's agenda.

Whoever declares becomes incident commander. The commander then works an agenda that follows
doctrine with the profile's ``adherence``: hand command to a trained IC if the declarer is not
one (IC-15), announce, name a technical lead and - for SEV-1/2 - a communications lead and a
scribe (IC-04), open a bridge for SEV-1/2 and escalate to the severity's level, re-classify
once the impact is clearer, delegate investigation as owned, time-boxed tasks instead of
investigating (IC-01, IC-06), follow up when a time-box expires (IC-07), accept a mitigation
proposal and have the technical lead carry it out (ORG-04, SME-01), watch the metrics, and
resolve through the checklist once they stay normal, then wrap up with the final update and
status-page post. :meth:`Commander.decide` is that agenda,
one item per method, first item with something to do first.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping

from simulator.actions import (
    Action,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    Escalate,
    FollowUpTask,
    HandOverCommand,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    ProposeMitigation,
    QueryTool,
    Say,
    SetSeverity,
)
from simulator.agents.calibration import (
    MITIGATION_PATIENCE,
    REPAGE_AFTER,
    ROLE_IMPROVISE_AFTER,
    is_night,
    lognormal,
)
from simulator.agents.picture import Picture, rule_for
from simulator.agents.responder import Responder
from simulator.agents.role import RoleHolder
from simulator.agents.wording import STRATEGY_VERB, public_text, status_of, update_action
from simulator.durations import format_clock
from simulator.journal import Record, typed_action
from simulator.model import EXCLUSIVE_ROLES, Role, Severity, SeverityRule, Status
from simulator.state import IncidentState

#: A step of the agenda: an action to take, or something to do (ask for a proposal).
Step = Action | Callable[[], None]

#: Roles a commander names: the technical lead always, for SEV-1/2 also these (IC-04).
_LEAD_ONLY = (Role.TECHNICAL_LEAD,)
_SUPPORT = (Role.TECHNICAL_LEAD, Role.COMMUNICATIONS_LEAD, Role.SCRIBE)

#: Enum lookups the commander makes on every decision, as plain dicts (an enum's ``.value``
#: and ``Role(value)`` are Python-level calls).
_VALUE: dict[Role, str] = {role: role.value for role in Role}
_ROLE_OF: dict[str, Role] = {role.value: role for role in Role}
_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}

#: How much a commander prefers a person for a role by experience.
_EXPERIENCE_BONUS: dict[str, float] = {"senior": 1.0, "intermediate": 0.5, "novice": 0.0}

#: Roles that take technical work.
_TECHNICAL = frozenset({Role.TECHNICAL_LEAD, Role.SUBJECT_MATTER_EXPERT})
#: Sort key of ``dict.items()`` by value.
_SECOND = operator.itemgetter(1)


class Commander(RoleHolder):
    """The simulated incident commander's agenda (IC-01, IC-06, IC-07, IC-15 ...).

    Args:
        picture: what the crew knows.
        responder: the person in command.
        responders: every simulated person by id (the commander asks one for a proposal).
        wake_comms: wake the communications lead's process (the final update is due).
    """

    role = Role.INCIDENT_COMMANDER

    def __init__(
        self,
        picture: Picture,
        responder: Responder,
        responders: Mapping[str, Responder],
        wake_comms: Callable[[], None],
    ) -> None:
        self.responders = responders
        self.wake_comms = wake_comms
        #: The escalation policy's levels by number.
        self.levels = {lv.level: lv for lv in picture.team.escalation.levels}
        self.since = picture.port.now
        self.recovered_since: float | None = None
        self.final_asked_at: float | None = None
        #: Who the commander paged, and for which role ("ic" for a trained commander).
        self.paged_for: dict[str, str] = {}
        #: When the commander last paged each person.
        self.paged_at: dict[str, float] = {}
        self.self_queries = 0
        self._cache: dict[tuple[Role, int, int], list[str]] = {}
        super().__init__(picture, responder)

    # candidates ---------------------------------------------------------------

    def _candidates(self, role: Role, joined_only: bool) -> list[str]:
        """People who could take ``role``, best first: the on-call secondary, people who know
        the alerting services, seniors, people awake in their time zone (a night-time page
        takes minutes longer to answer); cached per half hour of sim time."""
        picture = self.picture
        state = self.state
        primary, _other = picture.suspects()
        key = (role, len(primary), int(self.port.now // 1800))
        ranked = self._cache.get(key)
        if ranked is None:
            ranked = self._cache[key] = self._rank(role, set(primary))
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

    def _rank(self, role: Role, suspects: set[str]) -> list[str]:
        """Team members with ``role`` among their roles, best first (see _candidates)."""
        picture = self.picture
        state = self.state
        scored: list[tuple[float, str]] = []
        secondary = picture.team.on_call.secondary
        joined, acknowledged = state.joined, state.acknowledged  # in_incident
        people = picture.roster
        #: Night or not by time zone: one local-hour computation per zone, not per person.
        nights: dict[str, bool] = {}
        for person in picture.team.people:
            if role not in person.roles:
                continue
            pid = person.id
            score = 3.0 if pid == secondary else 0.0
            if pid not in joined and pid not in acknowledged:
                known = people.get(pid)  # the zone local_hour uses
                zone = known.timezone if known is not None else "UTC"
                night = nights.get(zone)
                if night is None:
                    night = nights[zone] = is_night(self.port.local_hour(pid))
                if night:
                    score -= 1.5
            score += 0.0 if suspects.isdisjoint(person.services) else 2.0
            score += _EXPERIENCE_BONUS[person.experience]
            if Role.INCIDENT_COMMANDER in person.roles and role is not Role.SCRIBE:
                score -= 2.0  # keep trained commanders free for command
            scored.append((-score, pid))
        return [pid for _s, pid in sorted(scored)]

    def _page_for(self, person: str, role: str, reason: str) -> PagePerson:
        self.paged_for[person] = role
        self.paged_at[person] = self.port.now
        return PagePerson(actor=self.id, person=person, reason=reason)

    def _awaited(self, role: str, now: float) -> bool:
        """Someone this commander paged for ``role`` may still answer (paged less than
        ``REPAGE_AFTER`` ago and not in the incident yet)."""
        state = self.state
        return any(
            r == role
            and now - self.paged_at.get(p, -1e9) < REPAGE_AFTER
            and not state.in_incident(p)
            for p, r in self.paged_for.items()
        )

    def _spare(self) -> list[str]:
        """Joined people who can take a supporting role: no role yet and not the technical
        lead, free people first, and never the last person left for technical work."""
        state = self.state
        busy = {t.person for t in state.open_tasks()}
        technical = self._technical(include_busy=True)
        lead = state.holders(Role.TECHNICAL_LEAD)
        holding = set().union(*state.roles.values())  # people with a role (roles_of)
        people = self.picture.roster
        out = []
        for pid, _t in sorted(state.joined.items(), key=_SECOND):
            if pid == self.id or pid in holding or pid not in people:
                continue
            if technical == [pid] and not lead:  # the last one left for technical work
                continue
            out.append(pid)
        out.sort(key=busy.__contains__)
        return out

    # staffing -----------------------------------------------------------------

    def _staff(self, state: IncidentState, now: float) -> Action | None:
        """Name a technical lead and, for SEV-1/2, a communications lead and a scribe (IC-04).

        A joined person with the role is named at once; otherwise candidates are paged right
        away (all roles in parallel, not one after the other). A person paged for one role is
        kept for it; nobody answering within ``REPAGE_AFTER`` means paging the next candidate,
        then people with expertise in the alerting services. A supporting role (comms lead,
        scribe) still open ``ROLE_IMPROVISE_AFTER`` after declaring goes to a spare person
        already in the incident: the 5-minute target of IC-04 matters more than the title.
        """
        roles = state.roles
        assert state.severity is not None
        needed = _SUPPORT if _RANK[state.severity] <= 2 else _LEAD_ONLY
        for role in needed:
            if not roles.get(role):
                break
        else:
            return None  # everyone named: the usual case once the incident is staffed
        page: PagePerson | None = None
        for role in needed:
            if roles.get(role):
                continue
            wanted = self._candidates(role, joined_only=False)
            value = _VALUE[role]
            joined = self._joined_for(state, wanted, value)
            if joined is not None:
                if self.should(f"role:{value}"):
                    return AssignRole(actor=self.id, person=joined, role=role)
                continue
            if role is not Role.TECHNICAL_LEAD:
                improvised = self._improvise(state, now, role, value)
                if improvised is not None:
                    return improvised
            if page is None:
                page = self._page_next(state, now, wanted, value)
        return page

    def _joined_for(self, state: IncidentState, wanted: list[str], value: str) -> str | None:
        """The best candidate for the role named ``value`` already in the incident; someone
        paged for another role that is still open is kept for that role."""
        in_joined, acknowledged = state.joined, state.acknowledged  # IncidentState.in_incident
        paged_for = self.paged_for
        roles = state.roles
        for p in wanted:
            if (p in in_joined or p in acknowledged) and (
                paged_for.get(p, value) in (value, "ic") or bool(roles.get(_ROLE_OF[paged_for[p]]))
            ):
                return p
        return None

    def _improvise(
        self, state: IncidentState, now: float, role: Role, value: str
    ) -> AssignRole | None:
        """A supporting role open ``ROLE_IMPROVISE_AFTER`` after declaring goes to a spare
        person in the incident; before then, look again at that time."""
        since = state.declared_at if state.declared_at is not None else now
        if now - since >= ROLE_IMPROVISE_AFTER:
            spare = self._spare()
            if spare and self.should(f"role:{value}"):
                return AssignRole(actor=self.id, person=spare[0], role=role)
        else:
            self.waker.at(since + ROLE_IMPROVISE_AFTER)
        return None

    def _page_next(
        self, state: IncidentState, now: float, wanted: list[str], value: str
    ) -> PagePerson | None:
        """Page the next candidate for the role named ``value``, unless someone paged for it
        (or by the policy) in the last ``REPAGE_AFTER`` may still come
        (pd_team_escalation_timeout_recommended); nobody left with the role, an expert."""
        paged_for = self.paged_for
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
            return None
        if fresh is None:
            fresh = next((p for p in self._experts() if p not in paged_for), None)
        if fresh is None:
            return None
        return self._page_for(fresh, value, f"need a {value.replace('_', ' ')}")

    def _experts(self) -> list[str]:
        """Whom to page when nobody with the role answers: people who know the alerting
        services first, then anyone else on the team not in the incident yet."""
        picture = self.picture
        state = self.state
        primary, _other = picture.suspects()
        out = [
            p.id
            for p in picture.team.people
            if p.id != self.id and not state.in_incident(p.id) and p.id in self.responders
        ]
        roster = picture.roster
        out.sort(key=lambda pid: not set(roster[pid].services) & set(primary))
        return out

    def _technical(self, include_busy: bool = False) -> list[str]:
        """Joined people who can take technical work (not IC, comms lead or scribe)."""
        state = self.state
        busy = set() if include_busy else {t.person for t in state.open_tasks()}
        roles = state.roles
        comms = roles.get(Role.COMMUNICATIONS_LEAD, ())
        scribes = roles.get(Role.SCRIBE, ())
        lead = roles.get(Role.TECHNICAL_LEAD, ())
        people = self.picture.roster
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

    def decide(self) -> Step | None:
        """The agenda, most urgent first: the first item with something to do decides."""
        state = self.state
        if state.severity is None:
            return None
        now = self.port.now
        if state.resolved:
            return self._wrap_up(now)
        rule = rule_for(self.picture.team, state.severity)
        step = (
            self._hand_over(state, now)
            or self._announce(state)
            or self._staff(state, now)
            or self._call_in(state, rule)
            or self._reclassify(state, now)
            or self._follow_up(state)
            or self._decide_proposal()
            or self._watch_recovery(state, now)
            or self._mitigation_watch(now)
        )
        if step is not None:
            return step
        if not self.picture.proposal_open():
            step = self._own_decision(now) or self._investigate()
            if step is not None:
                return step
        return self._communicate(rule.update_every) or self._resolve(now)

    def _hand_over(self, state: IncidentState, now: float) -> Action | None:
        """IC-15: a declarer who is not a trained IC hands over explicitly, paging a trained
        IC when none is in the incident."""
        if Role.INCIDENT_COMMANDER in self.me.roles:
            return None
        picture = self.picture
        takers = [
            p
            for p in self._candidates(Role.INCIDENT_COMMANDER, joined_only=True)
            if p in self.responders or p == picture.human
        ]
        if takers and self.should("handover"):
            return HandOverCommand(actor=self.id, to=takers[0], briefing=self._briefing())
        wanted = self._candidates(Role.INCIDENT_COMMANDER, joined_only=False)
        unpaged = [p for p in wanted if p not in state.paged and p not in self.paged_for]
        if not takers and unpaged and not self._awaited("ic", now):
            # nobody answered the last page within 5 minutes: page the next trained IC
            return self._page_for(unpaged[0], "ic", "need a trained IC")
        return None

    def _announce(self, state: IncidentState) -> Say | None:
        """Say who is in command, once."""
        if "announce" not in self._decisions and self.should("announce"):
            return Say(
                actor=self.id,
                text=f"This is {self.me.person.name}, I am the Incident Commander "
                f"for this {state.severity} incident.",
            )
        return None

    def _call_in(self, state: IncidentState, rule: SeverityRule) -> Action | None:
        """Open the bridge and escalate as the severity's rule asks."""
        if rule.bridge and state.bridge_open_at is None and self.should("bridge"):
            return OpenBridge(actor=self.id)
        for level in range(2, rule.escalation_level + 1):
            lv = self.levels.get(level)
            if lv is None:
                continue
            missing = [p for p in lv.targets if p not in state.paged and not state.in_incident(p)]
            if missing and self.should(f"escalate:{level}"):
                return Escalate(
                    actor=self.id, level=level, reason=f"{state.severity} policy: level {level}"
                )
        return None

    def _reclassify(self, state: IncidentState, now: float) -> SetSeverity | None:
        """Correct a wrong severity once the impact is clearer (a relevant finding, or
        fifteen minutes after declaring)."""
        truth = self.picture.scenario.truth.severity
        if state.severity != truth and "reclass" not in self._decisions:
            relevant = any(r.payload.get("relevant") for r in state.findings)
            if (relevant or now - (state.declared_at or 0.0) > 900) and self.should(
                "reclass", self.profile.adherence * 0.8
            ):
                return SetSeverity(
                    actor=self.id,
                    severity=truth,
                    reason="impact is clearer now than at declaration",
                )
        return None

    def _follow_up(self, state: IncidentState) -> FollowUpTask | None:
        """IC-07: follow up on a task whose time-box expired."""
        for task in state.overdue_tasks():
            if self.should(f"follow:{task.id}"):
                return FollowUpTask(actor=self.id, task_id=task.id)
        return None

    def _decide_proposal(self) -> Action | None:
        """Accept the first undecided proposal."""
        picture = self.picture
        for proposal in picture.proposals:
            if proposal.seq in picture.decided:
                continue
            picture.decided.add(proposal.seq)
            return self._accept(proposal)
        return None

    def _watch_recovery(self, state: IncidentState, now: float) -> Step | None:
        """Note when the metrics recovered; when they regress while being watched, the last
        mitigation failed: ask for another."""
        picture = self.picture
        if picture.recovered:
            if self.recovered_since is None:
                self.recovered_since = now
        elif self.recovered_since is not None:
            # the metrics regressed during monitoring: a relapse, or the fix did not hold
            self.recovered_since = None
            self.final_asked_at = None
            picture.final_requested = False
            if state.mitigations:
                picture.failed.add(len(state.mitigations) - 1)
                return self._ask_for_proposal
        return None

    def _briefing(self) -> str:
        state = self.state
        findings = [str(r.payload.get("summary")) for r in state.findings if r.payload["relevant"]]
        return (
            f"{state.severity} declared {format_clock(state.declared_at or 0.0)}; "
            f"{state.users_affected} users affected; findings: {'; '.join(findings) or 'none yet'}"
        )

    def _accept(self, proposal: Record) -> Action:
        """Have the proposer (or the technical lead) carry out a proposed mitigation."""
        proposed = typed_action(proposal)
        assert isinstance(proposed, ProposeMitigation)
        state = self.state
        doer = proposal.actor
        lead = state.holders(Role.TECHNICAL_LEAD)
        if not state.in_incident(doer) and lead:
            doer = lead[0]
        strategy = proposed.strategy
        return AssignTask(
            actor=self.id,
            person=doer,
            task=f"{STRATEGY_VERB[strategy]} {proposed.target}",
            timebox=self.profile.timebox,
            strategy=strategy,
            target=proposed.target,
        )

    def _mitigation_watch(self, now: float) -> Step | None:
        """Judge the latest mitigation from the metrics; ask for another when it failed."""
        picture = self.picture
        state = self.state
        if not state.mitigations:
            return None
        index = len(state.mitigations) - 1
        latest = state.mitigations[index]
        if picture.recovered or index in picture.failed:
            return None
        if now - latest.applied_at >= MITIGATION_PATIENCE:
            picture.failed.add(index)
            return self._ask_for_proposal
        self.waker.at(latest.applied_at + MITIGATION_PATIENCE)
        return None

    def _ask_for_proposal(self) -> None:
        """Ask the technical lead (or a technical responder) what to try next."""
        picture = self.picture
        state = self.state
        now = self.port.now
        if now - picture.asked_at < 120.0:
            return
        picture.asked_at = now
        responders = self.responders
        lead = [p for p in state.holders(Role.TECHNICAL_LEAD) if p in responders]
        people = lead or [p for p in self._technical() if p in responders]
        if people:
            who = responders[people[0]]
            self.port.after(lognormal(picture.rng, 60.0), who.propose)

    def _investigate(self) -> Action | None:
        picture = self.picture
        state = self.state
        open_investigations = [t for t in state.open_tasks() if t.tool]
        if len(open_investigations) >= 2:
            return None
        workers = self._technical()
        alone = not workers and self.port.now - self.since > 600.0
        if not workers and not alone:
            return None  # wait for the people being paged
        if alone and (open_investigations or self.self_queries >= 3):
            return None
        lead = picture.next_lead(self.profile)
        if lead is None:
            if not open_investigations and any(t.done for t in state.tasks.values()):
                self._ask_for_proposal()
            return None
        tool, query = lead
        # one draw per lead: a less disciplined IC digs in itself instead of delegating (IC-01)
        hands_on = alone or (
            self.self_queries < 3 and picture.rng.random() > self.profile.adherence
        )
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

    def _own_decision(self, now: float) -> Step | None:
        """Evidence but no proposal for 5 minutes: ask for one, or decide alone (IC-09)."""
        picture = self.picture
        state = self.state
        evidence = [
            r for r in state.findings if r.payload.get("relevant") or r.payload.get("misleading")
        ]
        if not evidence:
            return None
        waited = now - max(evidence[0].t, picture.asked_at)
        if waited < 300.0:
            self.waker.at(now + 300.0 - waited)
            return None
        workers = [p for p in self._technical() if p in self.responders]
        if workers:
            return self._ask_for_proposal
        choice = picture.choose_mitigation(self.profile)
        if choice is None:
            return None
        # nobody to carry it out: the commander changes the system itself (IC-01, ORG-04)
        return ApplyMitigation(actor=self.id, strategy=choice.strategy, target=choice.target)

    def _communicate(self, every: float | None) -> Action | None:
        picture = self.picture
        state = self.state
        comms = state.holders(Role.COMMUNICATIONS_LEAD)
        if comms:
            return None
        if not state.status_posts and self.public_post_wanted() and self.should("status-page"):
            return PostStatusPage(
                actor=self.id,
                status=status_of(state),
                text=public_text(picture, author=self.profile),
            )
        if every is None:
            return None
        last = state.last_update_at
        due = (state.declared_at or 0.0) + 120.0 if last is None else last + every - 60.0
        if self.port.now >= due:
            if self.should(f"update:{len(state.updates)}"):
                return update_action(picture, self.id)
            return None
        self.waker.at(due)
        return None

    def _resolve(self, now: float) -> Action | None:
        picture = self.picture
        state = self.state
        if self.recovered_since is None or not picture.recovered:
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
            return update_action(picture, self.id, Status.MONITORING)
        if now < self.recovered_since + window:
            self.waker.at(self.recovered_since + window)
            return None
        recent_alert = any(r.t >= self.recovered_since for r in state.alerts)
        # the guide's order: resolve on the checklist, then tell everyone (the wrap-up)
        return MarkResolved(
            actor=self.id,
            metrics_normal=picture.recovered,
            no_recurring_errors=not recent_alert,
            customer_impact_resolved=state.users_affected == 0,
            stakeholders_notified=self._posted(Status.RESOLVED),
            summary=self._summary(),
        )

    def _wrap_up(self, now: float) -> Action | None:
        """After resolving: the final internal update and, when customers were or could be
        told, the final status-page post (the engine ends the exercise once both are out)."""
        state = self.state
        final_update = self._posted(Status.RESOLVED)
        resolved = Status.RESOLVED.value
        final_public = any(r.payload.get("status") == resolved for r in state.status_posts)
        public_needed = bool(state.status_posts) or self.public_post_wanted()
        if final_update and (final_public or not public_needed):
            return None
        return self._final_update(now, final_update)

    def _final_update(self, now: float, final_update: bool) -> Action | None:
        """The "resolved" update and post after resolving: the communications lead's when
        there is one (give them five minutes), else the commander's own."""
        picture = self.picture
        comms = [p for p in self.state.holders(Role.COMMUNICATIONS_LEAD)]
        if comms and (comms[0] in self.responders or comms[0] == picture.human):
            if self.final_asked_at is None:
                self.final_asked_at = now
                picture.final_requested = True
                self.wake_comms()
            if now < self.final_asked_at + 300.0:
                self.waker.at(self.final_asked_at + 300.0)
                return None
        if not final_update:
            return update_action(picture, self.id, Status.RESOLVED)
        return PostStatusPage(
            actor=self.id,
            status=Status.RESOLVED,
            text=public_text(picture, Status.RESOLVED, author=self.profile),
        )

    def _posted(self, status: Status) -> bool:
        since = self.recovered_since or 0.0
        value = status.value
        return any(r.payload.get("status") == value and r.t >= since for r in self.state.updates)

    def _summary(self) -> str:
        state = self.state
        fixes = ", ".join(f"{m.strategy} {m.target}" for m in state.mitigations) or "none"
        return (
            f"Metrics back to normal since {format_clock(self.recovered_since or 0.0)}; "
            f"mitigations applied: {fixes}."
        )
