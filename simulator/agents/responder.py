"""The responder: one simulated person answering pages, joining and working tasks.

Each person has a :class:`~simulator.agents.calibration.Profile` by experience. A page starts
an acknowledgement draw (lognormal, slower at night in the person's time zone, sometimes
missed). Whoever joins first, when no human commands, triages and declares the incident (the
declarer becomes incident commander). With a human commander, people check in and wait to
be given work. A task is worked for a lognormal while (shorter with a runbook, slower after a
night-time wake-up) and reported back; a finding makes the person propose a mitigation
(SME-01: suggest, do not act). What a person does while holding a role is the role holder's
(:mod:`simulator.agents.role`).
"""

from __future__ import annotations

from simulator.actions import (
    AcknowledgePage,
    ApplyMitigation,
    DeclareIncident,
    ProposeMitigation,
    QueryTool,
    ReportTask,
)
from simulator.agents.calibration import (
    CHECK_IN_AFTER,
    DECLARE_AT_LATEST,
    NIGHT_ACK_FACTOR,
    NIGHT_EXTRA_MISS,
    NIGHT_WAKE_MEDIAN,
    NIGHT_WORK_FACTOR,
    NIGHT_WORK_HOURS,
    PLAYBOOK_GAIN,
    is_night,
    lognormal,
    profile,
)
from simulator.agents.picture import Picture
from simulator.agents.wording import STRATEGY_VERB
from simulator.model import Effect, Experience, Person, Severity, Strategy, Tool
from simulator.state import Task
from simulator.vocabulary import mitigation_in, tool_for


class Responder:
    """One simulated person: acknowledging pages, working tasks, proposing mitigations."""

    def __init__(self, picture: Picture, person: Person) -> None:
        self.picture = picture
        self.port = picture.port
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
        port = self.port
        if self.ack_pending:
            return
        picture = self.picture
        rng = picture.rng
        if picture.state.in_incident(self.id):
            # already working the incident: a new page is acknowledged from the keyboard
            self.ack_pending = True
            port.after(lognormal(rng, 20.0), self._acknowledge)
            return
        night = is_night(port.local_hour(self.id))
        miss = self.profile.miss_page + (NIGHT_EXTRA_MISS if night else 0.0)
        if rng.random() < miss:
            return
        delay = lognormal(rng, self.profile.ack_median)
        if night:
            delay = delay * NIGHT_ACK_FACTOR + lognormal(rng, NIGHT_WAKE_MEDIAN)
            self.woke_at = port.now + delay
        self.ack_pending = True
        port.after(delay, self._acknowledge)

    def _acknowledge(self) -> None:
        self.ack_pending = False
        if self.id in self.port.unacked_pages:
            self.picture.act(AcknowledgePage(actor=self.id))

    def on_join(self) -> None:
        """Joined: triage and declare when nobody has, else check in with the IC."""
        picture = self.picture
        state = picture.state
        if not picture.human_commands and not state.declared and picture.triager is None:
            picture.triager = self.id
            delay = min(lognormal(picture.rng, self.profile.triage_median), DECLARE_AT_LATEST)

            def declare() -> None:
                picture.triager = None
                if not state.declared:
                    self.declare()

            self.port.after(delay * self.slowness(), declare)
            return
        if picture.human_commands:
            self.port.after(CHECK_IN_AFTER, self._check_in)

    def _check_in(self) -> None:
        """Tell the commander what this person knows, unless already given something."""
        state = self.picture.state
        if self.checked_in or state.roles_of(self.id) or self.tasks():
            return
        self.checked_in = True
        ic = state.commander or self.picture.human or ""
        services = ", ".join(self.person.services) or "whatever you need"
        self.port.message(
            self.id,
            f"{self.person.name} here, I'm on. I know {services}. What do you need me on?",
            to=ic,
        )

    def impact_guess(self) -> Severity:
        """The severity the visible impact suggests by the guide's table: a security finding
        or most users affected is SEV-1, a customer-facing service failing for many users
        SEV-2, some users SEV-3, no visible users SEV-4."""
        picture = self.picture
        state = picture.state
        if any(r.payload.get("kind") == "security_finding" for r in state.injects):
            return Severity.SEV1
        total = picture.scenario.truth.impact.total_users
        share = state.users_affected / total if total else 0.0
        if share >= 0.5:
            return Severity.SEV1
        if share >= 0.1 or (state.users_affected and picture.customer_visible()):
            return Severity.SEV2
        return Severity.SEV3 if state.users_affected else Severity.SEV4

    def declare(self) -> None:
        """Declare with a severity judged from the visible impact (SEV-X).

        With the profile's ``severity_accuracy`` the judgement is right (experience reads
        business impact the table does not show, e.g. "payment processing failing" is SEV-2);
        otherwise it is the table's reading of the visible impact, and when that happens to be
        right, one level off: novices mostly under-classify, others over-classify (IC-12).
        """
        picture = self.picture
        state = picture.state
        truth = picture.scenario.truth.severity
        rng = picture.rng
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
        primary, _other = picture.suspects()
        alerts = [str(r.payload.get("alert")) for r in state.alerts]
        alerts += [str(r.payload["alert"]) for r in state.injects if r.payload.get("alert")]
        what = alerts[0] if alerts else "customer reports"
        where = primary[0] if primary else picture.scenario.id
        picture.act(DeclareIncident(actor=self.id, severity=severity, title=f"{what} on {where}"))

    # ------------------------------------------------------------------ work

    def slowness(self) -> float:
        """Sleep inertia: work is slower for the first hour after a night-time wake-up."""
        if self.woke_at is not None and self.port.now - self.woke_at < NIGHT_WORK_HOURS:
            return NIGHT_WORK_FACTOR
        return 1.0

    def tasks(self) -> list[Task]:
        """This person's open tasks."""
        return [t for t in self.picture.state.open_tasks() if t.person == self.id]

    def on_task(self, task_id: str) -> None:
        """Work on an assigned task, then report (and maybe propose a mitigation)."""
        picture = self.picture
        task = picture.state.tasks[task_id]
        # a task typed as free text ("roll back payments-api") is understood as a mitigation
        planned = mitigation_in(task.task, task.target, list(picture.services))
        if task.strategy or (planned is not None and task.tool is None):
            delay = lognormal(picture.rng, self.profile.act_median) * self.slowness()
            if task.strategy:
                strategy, target = Strategy(str(task.strategy)), task.target
            else:
                assert planned is not None
                strategy, target = planned
            self.port.after(delay, lambda: self._mitigate(task_id, strategy, target))
            return
        speed = self.profile.investigate_median
        if picture.runbook_help():
            speed /= PLAYBOOK_GAIN
        delay = lognormal(picture.rng, speed) * self.slowness()
        tool = Tool(task.tool) if task.tool else tool_for(f"{task.task} {task.query}")
        query = task.query or " ".join(x for x in (task.target, task.task) if x)
        self.port.after(delay, lambda: self._investigate(task_id, tool, query))

    def _mitigate(self, task_id: str, strategy: Strategy, target: str) -> None:
        """Carry out a mitigation task (unless it was closed meanwhile) and report it."""
        picture = self.picture
        current = picture.state.tasks.get(task_id)
        if current is None or current.done:
            return
        picture.act(ApplyMitigation(actor=self.id, strategy=strategy, target=target))
        picture.act(
            ReportTask(
                actor=self.id,
                task_id=task_id,
                result=f"{STRATEGY_VERB[strategy]} {target}: started, watching the dashboards",
            )
        )

    def _investigate(self, task_id: str, tool: Tool, query: str) -> None:
        """Query the tool for an investigation task, report what it showed, and propose a
        mitigation when it showed something."""
        picture = self.picture
        state = picture.state
        current = state.tasks.get(task_id)
        if current is None or current.done:
            return
        before = len(state.findings)
        picture.act(QueryTool(actor=self.id, tool=tool, query=query))
        found = state.findings[before:]
        useful = [f for f in found if f.payload.get("clue_id")]
        if useful:
            result = "; ".join(
                str(f.payload.get("summary") or f.payload.get("text")) for f in useful
            )
        else:
            result = f"nothing in {tool.value} for '{query}'"
        lead = any(f.payload.get("relevant") or f.payload.get("misleading") for f in found)
        if picture.human_commands:
            result = self._can(result, tool, query, lead)
        picture.act(ReportTask(actor=self.id, task_id=task_id, result=result))
        if lead:
            self.propose()

    def _can(self, condition: str, tool: Tool, query: str, lead: bool) -> str:
        """A report as the guide's CAN (Condition, Actions, Needs) for a human commander."""
        where = tool.value.replace("_", " ")
        needs = (
            "a decision on the fix I am about to propose"
            if lead
            else "the next thing to look at, or I keep digging"
        )
        condition = condition[:1].upper() + condition[1:]
        return f"Condition: {condition}. Actions: checked {where} for “{query}”. Needs: {needs}."

    def on_follow_up(self, task_id: str) -> None:
        """Answer a follow-up: not done yet => ask for more time with an estimate (SME-03)."""
        picture = self.picture

        def answer() -> None:
            task = picture.state.tasks.get(task_id)
            if task is None or task.done:
                return
            more = max(1, round(lognormal(picture.rng, 240.0) / 60))
            picture.act(
                ReportTask(
                    actor=self.id,
                    task_id=task_id,
                    result=f"still on it, need about {more} more minutes",
                    done=False,
                )
            )

        self.port.after(lognormal(picture.rng, 30.0), answer)

    def propose(self) -> None:
        """Propose the mitigation this person believes in (SME-01: suggest, do not act)."""
        picture = self.picture
        state = picture.state
        if picture.proposal_open() or state.commander == self.id:
            return
        choice = picture.choose_mitigation(self.profile)
        if choice is None:
            return
        relevant = [r for r in state.findings if r.payload.get("relevant")]
        misleading = [r for r in state.findings if r.payload.get("misleading")]
        basis = relevant[-1] if relevant and choice.effect is Effect.RESOLVES else None
        basis = basis or (misleading[-1] if misleading else (relevant[-1] if relevant else None))
        because = str(basis.payload.get("summary") or basis.payload.get("text")) if basis else ""
        rationale = because or "best option given what we have seen so far"
        picture.act(
            ProposeMitigation(
                actor=self.id, strategy=choice.strategy, target=choice.target, rationale=rationale
            )
        )
        if picture.human_commands:
            ic = state.commander or picture.human or ""
            commander = picture.roster.get(ic)
            first = commander.name.split(" ")[0] if commander is not None else "Everyone"
            verb = STRATEGY_VERB[choice.strategy]
            self.port.message(
                self.id,
                f"{first}, I think we should {verb} {choice.target} ({rationale}). "
                "Do you want me to go ahead?",
                to=ic,
            )
