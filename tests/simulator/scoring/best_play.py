"""A scripted best play: the on-call primary plays incident commander by the book, knowing the
scenario's truth (an oracle, as a facilitator's model answer would).

It is how the tests prove every objective's P can be earned in every bundled scenario: if the
best play cannot reach a target, the target is unfair. What the player does, and when:

* acknowledge every page at once; declare at the true severity as soon as the incident is
  detected (joining first when nobody paged them);
* page, at declaring, a person for each support role (technical lead; for SEV-1/2 also a
  communications lead and a scribe) and the severity's escalation level, and name each role
  the moment someone who can take it has joined (IC-04);
* open the bridge when the policy asks (CL-01), post on the status page when customers can
  see the impact and nothing forbids it (CL-01), internal updates in the full template well
  inside the cadence (ORG-01);
* give the mitigation the truth says resolves to the technical lead as an owned, time-boxed
  task at once (mitigate first, ORG-03, IC-01, IC-06); each scenario objective's action as
  soon as its anchor happened (hands-on ones as tasks); follow up on every expired time-box;
* once the impact is over, resolve with the whole checklist and wrap up with the final
  internal update and status-page post.
"""

from __future__ import annotations

from simulator.actions import (
    AcknowledgePage,
    Action,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    FollowUpTask,
    Join,
    MarkResolved,
    OpenBridge,
    PagePerson,
    PostStatusPage,
    PostUpdate,
    action_from_payload,
)
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.model import Effect, Objective, Role, Status, Strategy, Tool
from simulator.phases import is_detection_inject

#: Sim seconds between two looks at the incident.
STEP = 10.0


class BestPlay:
    """The model answer for one bundled scenario (see the module docstring)."""

    def __init__(self, bundle: Bundle, seed: int = 1) -> None:
        self.bundle = bundle
        self.team = bundle.team
        self.truth = bundle.scenario.truth
        self.me = bundle.team.on_call.primary
        self.ex = Exercise(bundle, seed=seed, seat=Seat(self.me), wall_clock=lambda: "")
        self.paged: set[str] = set()
        self.done: set[str] = set()
        self.followed: set[str] = set()
        self.public = self.truth.customer_visible and not self._forbidden("post_status_page")

    # ------------------------------------------------------------------ running

    def run(self) -> list[Record]:
        """Play to the end; returns the journal."""
        ex = self.ex
        while not ex.finished:
            for _ in range(40):
                action = self.next_action()
                if action is None:
                    break
                record = ex.act(action)
                assert record.kind == "action", (action, record.payload)
            ex.advance(STEP)
        return list(ex.records)

    def act_once(self, key: str, action: Action | None) -> Action | None:
        if action is None or key in self.done:
            return None
        self.done.add(key)
        return action

    def next_action(self) -> Action | None:
        """The first thing to do now, or None to let the clock run."""
        state = self.ex.state
        me = self.me
        if me in self.ex.unacked_pages and me in state.paged:
            return AcknowledgePage(actor=me)
        if not state.declared:
            if not self._detected():
                return None
            if not state.in_incident(me):
                return Join(actor=me)
            return DeclareIncident(
                actor=me, severity=self.truth.severity, title=self.bundle.scenario.title
            )
        if state.resolved:
            return self._wrap_up()
        return (
            self._call_in()
            or self._staff()
            or self._mitigate()
            or self._objectives()
            or self._follow_up()
            or self._communicate()
            or self._resolve()
        )

    # ------------------------------------------------------------------ the agenda

    def _forbidden(self, action: str) -> bool:
        return any(o.forbidden and o.action == action for o in self.bundle.scenario.objectives)

    def _detected(self) -> bool:
        state = self.ex.state
        return bool(state.alerts) or any(is_detection_inject(r.payload) for r in state.injects)

    def _roles_wanted(self) -> list[Role]:
        roles = [Role.TECHNICAL_LEAD]
        if self.truth.severity.rank <= 2:
            roles += [Role.COMMUNICATIONS_LEAD, Role.SCRIBE]
        return roles

    def _candidates(self, role: Role) -> list[str]:
        taken = {p for people in self.ex.state.roles.values() for p in people}
        return [
            p.id
            for p in self.team.people
            if role in p.roles and p.id != self.me and p.id not in taken
        ]

    def _call_in(self) -> Action | None:
        rule = self.team.rule(self.truth.severity)
        state = self.ex.state
        if rule.bridge and state.bridge_open_at is None and not self._forbidden("open_bridge"):
            return OpenBridge(actor=self.me)
        level = rule.escalation_level
        if level > 1 and state.escalation_level < level and not self._forbidden("escalate"):
            return self.act_once("escalate", Escalate(actor=self.me, level=level, reason="policy"))
        for role in self._roles_wanted():
            if state.holders(role):
                continue
            pending = [p for p in self._candidates(role) if p in self.paged or state.in_incident(p)]
            if pending:
                continue
            for person in self._candidates(role)[:2]:
                if person not in state.paged and person not in self.paged:
                    self.paged.add(person)
                    return PagePerson(actor=self.me, person=person, reason=f"need a {role.value}")
        return None

    def _staff(self) -> Action | None:
        state = self.ex.state
        for role in self._roles_wanted():
            if state.holders(role):
                continue
            joined = [p for p in self._candidates(role) if state.in_incident(p)]
            if joined:
                return AssignRole(actor=self.me, person=joined[0], role=role)
        return None

    def _worker(self) -> str | None:
        state = self.ex.state
        leads = state.holders(Role.TECHNICAL_LEAD)
        if leads:
            return leads[0]
        return None

    def _fix(self) -> tuple[Strategy, str]:
        best = [m for m in self.truth.mitigations if m.effect is Effect.RESOLVES]
        best = best or [m for m in self.truth.mitigations if m.effect is Effect.REDUCES]
        return best[0].strategy, best[0].target

    def _mitigate(self) -> Action | None:
        worker = self._worker()
        if worker is None or "fix" in self.done:
            return None
        strategy, target = self._fix()
        self.done.add("fix")
        return AssignTask(
            actor=self.me,
            person=worker,
            task=f"{strategy.value} {target}",
            timebox=600.0,
            strategy=strategy,
            target=target,
        )

    def _objectives(self) -> Action | None:
        for objective in self.bundle.scenario.objectives:
            if objective.forbidden or objective.id in self.done:
                continue
            action = self._objective_action(objective)
            if action is not None:
                self.done.add(objective.id)
                return action
        return None

    def _anchor_happened(self, objective: Objective) -> bool:
        state = self.ex.state
        after = objective.after
        if after in ("start", "impact_start"):
            return True
        if after == "first_alert":
            return bool(state.alerts) or any(
                r.payload.get("kind") == "alert" for r in state.injects
            )
        if after == "declare":
            return state.declared
        return any(r.payload.get("inject_id") == after for r in state.injects)

    def _objective_action(self, objective: Objective) -> Action | None:
        if not self._anchor_happened(objective):
            return None
        params = dict(objective.params)
        worker = self._worker()
        if objective.action == "apply_mitigation":
            return None  # the truth's fix is already a task (every objective names it)
        if objective.action == "query_tool":
            if worker is None:
                return None
            tool = Tool(params.get("tool", "logs"))
            return AssignTask(
                actor=self.me, person=worker, task=f"check {tool.value}", timebox=600.0,
                tool=tool, query=params.get("query", "recent changes"),
            )
        if objective.action == "page_person":
            others = [
                p.id for p in self.team.people
                if p.id != self.me and p.id not in self.ex.state.paged
            ]
            person = params.get("person") or (others[0] if others else "")
            return PagePerson(actor=self.me, person=person, reason=objective.description)
        if objective.action in ("declare_incident", "acknowledge_page"):
            return None  # done by the agenda already
        if objective.action == "post_status_page":
            return None  # the agenda posts as soon as declared
        raise AssertionError(f"no best play for objective action {objective.action}")

    def _follow_up(self) -> Action | None:
        for task in self.ex.state.overdue_tasks():
            if task.id not in self.followed:
                self.followed.add(task.id)
                return FollowUpTask(actor=self.me, task_id=task.id)
        return None

    def _update(self, status: Status) -> PostUpdate:
        state = self.ex.state
        return PostUpdate(
            actor=self.me,
            severity=self.truth.severity,
            status=status,
            impact=f"About {state.users_affected:,} users affected."
            if status is not Status.RESOLVED
            else "No users affected.",
            recent_actions="Mitigation under way.",
            next_steps="Watch the metrics.",
            eta="Unknown" if status is not Status.RESOLVED else "Resolved",
        )

    def _communicate(self) -> Action | None:
        state = self.ex.state
        now = self.ex.now
        if self.public and not state.status_posts:
            return PostStatusPage(
                actor=self.me,
                status=Status.INVESTIGATING,
                text="Some customers have trouble using the site. We are working on it.",
            )
        every = self.team.rule(self.truth.severity).update_every
        if every is None:
            return None
        last = state.last_update_at if state.last_update_at is not None else state.declared_at
        if last is not None and (now - last >= every - 120.0 or not state.updates):
            return self._update(state.status or Status.INVESTIGATING)
        return None

    def _resolve(self) -> Action | None:
        state = self.ex.state
        if state.world_impact_end is None or self.ex.now < state.world_impact_end + 60.0:
            return None
        if state.users_affected:
            return None
        return MarkResolved(
            actor=self.me,
            metrics_normal=True,
            no_recurring_errors=True,
            customer_impact_resolved=True,
            stakeholders_notified=False,
            summary="Impact over; metrics normal.",
        )

    def _wrap_up(self) -> Action | None:
        state = self.ex.state
        if not any(r.payload.get("status") == Status.RESOLVED.value for r in state.updates):
            return self._update(Status.RESOLVED)
        wanted = self.truth.customer_visible or bool(state.status_posts)
        if wanted and not any(
            r.payload.get("status") == Status.RESOLVED.value for r in state.status_posts
        ):
            return PostStatusPage(
                actor=self.me, status=Status.RESOLVED, text="Everything works again. Sorry."
            )
        return None


def best_play(bundle: Bundle, seed: int = 1) -> list[Record]:
    """The journal of the best play of ``bundle``."""
    return BestPlay(bundle, seed).run()


def bad_play(bundle: Bundle, seed: int = 1, premature: bool = True) -> list[Record]:
    """A trainee's bad run of ``payments-bad-deploy`` (the fixture's scenario too): slow to
    acknowledge, declares SEV-3, nobody named or paged, the IC fails over the database (it
    makes things worse) and restarts the service (it relapses), then resolves while users are
    still affected - or, with ``premature`` False, rolls back late and resolves after."""
    me = bundle.team.on_call.primary
    ex = Exercise(bundle, seed=seed, seat=Seat(me), wall_clock=lambda: "")

    def act(name: str, **fields: object) -> None:
        record = ex.act(action_from_payload(me, {"action": name, **fields}))
        assert record.kind == "action", record.payload

    while me not in ex.unacked_pages:
        ex.advance(STEP)
    ex.advance(240)
    act("acknowledge_page")
    ex.advance(300)
    act("declare_incident", severity="SEV-3", title="Payments errors")
    ex.advance(600)
    act("apply_mitigation", strategy="failover", target="postgres-payments")
    ex.advance(900)
    act("apply_mitigation", strategy="restart", target="payments-api")
    ex.advance(400)
    if not premature:
        ex.advance(1200)
        act("apply_mitigation", strategy="rollback", target="payments-api")
        ex.advance(1500)
    act("mark_resolved", metrics_normal=True)
    ex.run_to_end()
    return list(ex.records)
