"""Who held which seat of a hosted game day, and how each role was played.

A game day's journal header lists its seats (``seats``: person, starting role, the player's
name). :func:`seat_scores` gives each seat the scorecard objectives that judge its person's
behaviour: those of the roles the person held (the incident commander's command, severity,
escalation, mitigation and resolution objectives; the communications lead's update cadence,
completeness, status page and stakeholder notices; the technical lead's mitigation) and any
objective whose evidence is one of the person's own records. Objectives that did not apply
(N/A) or could not be measured (N/R) are left out. A seat the simulator played while its
player was away (the ``seat`` records) says for how long: its ratings are not all the player's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.counterfactual import spoken
from reports.scored import ScoredRun
from simulator.model import Role
from simulator.scoring.card import Rating
from simulator.vocabulary import role_label

#: The objectives (by id prefix) that judge each role's behaviour.
ROLE_OBJECTIVES: Mapping[Role, tuple[str, ...]] = {
    Role.INCIDENT_COMMANDER: (
        "TIME-DECLARE",
        "SEV-",
        "ROLE-",
        "ESC-",
        "MIT-",
        "RES-AFTER-IMPACT",
        "RES-CHECKLIST",
    ),
    Role.COMMUNICATIONS_LEAD: ("COMM-", "RES-STAKEHOLDERS"),
    Role.TECHNICAL_LEAD: ("MIT-", "TIME-MITIGATE"),
    Role.SCRIBE: (),
    Role.SUBJECT_MATTER_EXPERT: (),
}

#: Ratings in the order they are counted.
_ORDER = (Rating.P, Rating.S, Rating.M, Rating.U)


@dataclass(frozen=True)
class SeatScore:
    """One seat: who played whom, in which roles, and the objectives of their behaviour."""

    person: str
    name: str
    player: str
    roles: tuple[str, ...]
    objectives: tuple[tuple[str, str, str], ...]  # (id, title, rating)
    #: Sim seconds the simulator played the person while the player was away.
    stood_in: float = 0.0

    @property
    def counts(self) -> str:
        """``"6 P, 1 S"`` (``"no objective rated"`` when none applied)."""
        ratings = [r for _id, _title, r in self.objectives]
        parts = [f"{ratings.count(r.value)} {r.value}" for r in _ORDER if r.value in ratings]
        return ", ".join(parts) or "no objective rated"

    @property
    def roles_text(self) -> str:
        """``"incident commander"``, ``"communications lead and scribe"``, or ``"responder"``."""
        if not self.roles:
            return "responder"
        return " and ".join(self.roles)

    def sentence(self) -> str:
        """``"Alice played Maria Okafor (incident commander; rated 6 P, 1 S)"``."""
        rated = f"rated {self.counts}" if self.objectives else self.counts
        away = (
            f"; the simulator played them for {spoken(self.stood_in)} while they were away"
            if self.stood_in
            else ""
        )
        return f"{self.player or 'nobody'} played {self.name} ({self.roles_text}; {rated}{away})"


def seats_in(header: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The seats a journal header lists (empty for a single-screen or simulated run)."""
    listed = header.get("seats")
    if not isinstance(listed, list):
        return []
    return [dict(one) for one in listed if isinstance(one, dict) and one.get("actor")]


def _roles(run: ScoredRun, person: str, starting: str | None) -> list[Role]:
    roles: list[Role] = []
    if starting:
        roles.append(Role(starting))
    state = run.state
    for role in Role:
        held = state.holders(role) if role is not Role.INCIDENT_COMMANDER else []
        if role is Role.INCIDENT_COMMANDER and state.commander == person:
            held = [person]
        if person in held and role not in roles:
            roles.append(role)
    return roles


def _stood_in(run: ScoredRun) -> dict[str, float]:
    """Sim seconds the simulator played each seat (from its ``seat`` records to the seat
    taken back, or to the end of the journal)."""
    since: dict[str, float] = {}
    total: dict[str, float] = {}
    for record in run.records:
        if record.kind != "seat":
            continue
        person = str(record.payload.get("person"))
        if record.payload.get("by") == "simulator":
            since.setdefault(person, record.t)
        elif person in since:
            total[person] = total.get(person, 0.0) + record.t - since.pop(person)
    end = run.records[-1].t if run.records else 0.0
    for person, t in since.items():
        total[person] = total.get(person, 0.0) + end - t
    return total


def seat_scores(run: ScoredRun, name: Callable[[str], str]) -> list[SeatScore]:
    """Each seat of the run's header with the objectives that judge its person."""
    actor_of = {r.seq: r.actor for r in run.records}
    stood_in = _stood_in(run)
    out = []
    for seat in seats_in(run.header):
        person = str(seat["actor"])
        roles = _roles(run, person, seat.get("role"))
        prefixes = tuple(p for role in roles for p in ROLE_OBJECTIVES.get(role, ()))
        chosen = []
        for objective in run.scorecard.objectives:
            if objective.rating in (Rating.NA, Rating.NR):
                continue
            own = any(actor_of.get(seq) == person for seq in objective.evidence)
            if own or objective.id.startswith(prefixes or ("\0",)):
                chosen.append((objective.id, objective.title, objective.rating.value))
        out.append(
            SeatScore(
                person=person,
                name=name(person),
                player=str(seat.get("player") or ""),
                roles=tuple(role_label(r) for r in roles),
                objectives=tuple(chosen),
                stood_in=stood_in.get(person, 0.0),
            )
        )
    return out


def players_phrase(scores: Sequence[SeatScore]) -> str:
    """``"Alice played Maria Okafor (...) and Bob played Lena Fischer (...)"``."""
    sentences = [s.sentence() for s in scores]
    if len(sentences) <= 2:
        return " and ".join(sentences)
    return ", ".join(sentences[:-1]) + " and " + sentences[-1]
