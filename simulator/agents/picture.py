"""The picture: what the simulated people of one run know together, and decide together.

Every responder and role holder of a run shares one :class:`Picture`: the incident state,
which services the alerts and reports point at, the runbooks that cover them, whether
customers can see the impact, whether the metrics have recovered, the investigation leads
already followed, and the mitigations proposed, tried and failed. It is kept apart from the
:class:`~simulator.agents.crew.Crew` (which creates the people and tells them about each
record) so that the people depend on what they know, not on who dispatches to them: the
modules of ``agents/`` import one another in one direction only.

Nothing here reads hidden truth except to weight a draw: the chance of *choosing* a
mitigation that addresses the cause is a draw weighted by findings, runbooks and experience
(:meth:`Picture.choose_mitigation`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulator.actions import Action, PostStatusPage
from simulator.agents.calibration import PLAYBOOK_GAIN, Profile
from simulator.agents.port import ExercisePort
from simulator.journal import Record
from simulator.model import (
    GUIDE_SEVERITY_POLICY,
    Effect,
    Metric,
    Mitigation,
    Person,
    Runbook,
    Service,
    Severity,
    SeverityRule,
    Team,
    Tool,
)
from simulator.vocabulary import tool_for

#: The order a responder checks tools in for a suspect service ("what changed recently?").
_TOOL_ORDER = (Tool.DEPLOY_HISTORY, Tool.LOGS, Tool.METRICS, Tool.TRACING)
_TOOL_VALUE: dict[Tool, str] = {tool: tool.value for tool in Tool}

#: Inject kinds that report the incident itself (their service is a prime suspect).
_DETECTIONS = ("alert", "customer_report", "synthetic_check")

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


def breaching(metric: Metric, value: float) -> bool:
    """True when ``value`` is past the metric's alert threshold (what the dashboard shows
    in red)."""
    threshold = metric.alert_threshold
    if threshold is None:
        return False
    if metric.direction == "below":
        return value < threshold
    return value > threshold


class Picture:
    """The shared picture of one run's simulated people (see the module docstring).

    Args:
        port: the exercise, as far as agents may see it.
        human: the person id the human plays, None when everyone is simulated.
        human_commands: the human plays the incident commander.
    """

    def __init__(self, port: ExercisePort, human: str | None, human_commands: bool) -> None:
        self.port = port
        #: Act through the engine (the validation a human's action gets).
        self.act: Callable[[Action], Record] = port.act_simulated
        self.rng = port.rng
        #: The exercise's incident state (one object for the whole run, folded in place).
        self.state = port.state
        bundle = port.bundle
        self.bundle = bundle
        self.scenario = bundle.scenario
        self.team = bundle.team
        #: Team members by id.
        self.roster: dict[str, Person] = {p.id: p for p in self.team.people}
        #: The scenario's services by id.
        self.services: dict[str, Service] = {s.id: s for s in self.scenario.services}
        #: Every metric on the dashboard by its sample key ``service.metric``.
        self.dials: dict[str, tuple[str, Metric]] = {
            f"{s.id}.{m.id}": (s.id, m) for s in self.scenario.services for m in s.metrics
        }
        self.human = human
        self.human_commands = human_commands
        #: Who is triaging towards a declaration (one person at a time).
        self.triager: str | None = None
        self.proposals: list[Record] = []
        #: Proposals (by record seq) the commander has decided on.
        self.decided: set[int] = set()
        #: (strategy, target) of every mitigation applied.
        self.tried: list[tuple[str, str]] = []
        #: Indexes into ``state.mitigations`` of mitigations judged failed.
        self.failed: set[int] = set()
        self.final_requested = False
        #: When the commander last asked for a proposal.
        self.asked_at = -1e9
        self.peak_users = 0
        # only metrics the scenario moves can deviate; the others stay at baseline
        moving = {(shape.service, shape.metric) for shape in self.scenario.truth.impact.metrics}
        watched = [
            (key, metric)
            for key, (service, metric) in self.dials.items()
            if (service, metric.id) in moving
        ]
        self.peak_dev: dict[str, float] = {key: 0.0 for key, _metric in watched}
        #: (key, baseline, alert threshold, breaches below?) of every moving metric.
        self._watch = tuple(
            (key, m.baseline, m.alert_threshold, m.direction == "below") for key, m in watched
        )
        self.seen_impact = False
        #: The metrics have stayed back to normal since the last sample (after an impact).
        self.recovered = False
        self._last_sample: Any = None
        self._suspects: tuple[tuple[int, int], tuple[list[str], list[str]]] | None = None
        self._books: tuple[tuple[int, int], list[Runbook]] | None = None
        self._visible: tuple[tuple[int, int], bool] | None = None
        #: Customer words for the affected product, by suspect services.
        self.public_names: dict[tuple[str, ...], str] = {}
        #: The scenario forbids public status-page posts (e.g. before Legal agrees).
        self.embargo = any(
            o.forbidden and o.action == PostStatusPage.name and not o.params
            for o in self.scenario.objectives
        )
        self._used_leads: set[tuple[str, str]] = set()

    # ------------------------------------------------------------------ what is known

    def runbook_help(self) -> bool:
        """True when a runbook covers an alert that fired (``playbook_mttr_gain``)."""
        bundle = self.bundle
        return any(bundle.runbook_for(a) is not None for a in self.port.firing) or bool(
            self.runbooks()
        )

    def runbooks(self) -> list[Runbook]:
        """Runbooks covering alerts seen so far, first alert first."""
        key = (len(self.state.alerts), len(self.state.injects))
        if self._books is not None and self._books[0] == key:
            return self._books[1]
        seen: list[Runbook] = []
        names = [str(r.payload.get("alert") or "") for r in self.state.alerts]
        names += [str(r.payload.get("alert") or "") for r in self.state.injects]
        for name in dict.fromkeys(names):
            book = self.bundle.runbook_for(name) if name else None
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
            detection = r.payload.get("kind") in _DETECTIONS
            target = primary if detection else other
            if service not in primary and service not in other:
                target.append(str(service))
        if not primary:
            facing = [s.id for s in self.scenario.services if s.customer_facing]
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
            service = self.services.get(str(r.payload.get("service") or ""))
            if service is None or not service.customer_facing:
                continue
            if r.kind == "alert" or r.payload.get("detection"):
                return True
        return False

    def see_sample(self, payload: Mapping[str, Any]) -> bool:
        """Take in a ``sample`` record's dashboard; True when :attr:`recovered` changed.

        Recovered means users affected are down to 2% of the peak and every moving metric is
        within 10% of its peak deviation and not breaching, after an impact was seen.
        """
        if payload == self._last_sample:
            return False  # the same picture as a minute ago: nothing to re-judge
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
            # breaching(), inlined: this runs for every metric of every sample
            if recovered and (
                dev > 0.1 * peak + 1e-9
                or (threshold is not None and (value < threshold if below else value > threshold))
            ):
                recovered = False
        if not self.seen_impact:
            self.seen_impact = self.peak_users > 0 or any(v > 0 for v in peaks.values())
        was = self.recovered
        self.recovered = recovered and self.seen_impact
        return was != self.recovered

    # ------------------------------------------------------------------ shared decisions

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
                name = self.services[service].name if service in self.services else ""
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
            m for m in self.scenario.truth.mitigations if (m.strategy, m.target) not in tried
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
            c.service for c in self.scenario.clues if c.misleading and c.id in found and c.service
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
