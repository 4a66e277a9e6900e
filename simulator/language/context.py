"""What the channel reader reads a message against: who is on the team, which services exist,
and where the incident stands (open proposals and tasks, the commander, the severity).

A :class:`Context` is built from the loaded bundle and the folded incident state, so the
GUI, the simulated responders and the corpus bench read a message the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.bundle import Bundle
from simulator.model import Person, Role, Service
from simulator.state import IncidentState
from simulator.vocabulary import NICKNAMES, SERVICE_KINDS, fold_accents


@dataclass(frozen=True)
class Context:
    """The team, services and incident a message is read against.

    Args:
        people: everyone on the team, in team-file order.
        services: the scenario's services.
        state: the incident as the journal says it is now.
        actor: the person typing (the human's seat).
    """

    people: tuple[Person, ...]
    services: tuple[Service, ...]
    state: IncidentState
    actor: str
    #: Folded word -> person id, for first names, full names, ids and nicknames.
    names: dict[str, str] = field(default_factory=dict)
    #: The escalation policy's level numbers ("escalate" pages the next one).
    levels: tuple[int, ...] = ()

    @classmethod
    def of(cls, bundle: Bundle, state: IncidentState, actor: str) -> Context:
        """The context of one run: its team and scenario, the state now, who types."""
        people = bundle.team.people
        names: dict[str, str] = {}
        for person in people:
            for word in _names_of(person):
                names.setdefault(word, person.id)
        levels = tuple(level.level for level in bundle.team.escalation.levels)
        return cls(people, bundle.scenario.services, state, actor, names, levels)

    def person(self, person_id: str) -> Person | None:
        """The team member with that id, or None."""
        return next((p for p in self.people if p.id == person_id), None)

    def name(self, person_id: str) -> str:
        """The full name people read for ``person_id`` (the id itself for nobody known)."""
        person = self.person(person_id)
        return person.name if person is not None else person_id

    def first_name(self, person_id: str) -> str:
        """The first name people use in the channel ("James")."""
        return self.name(person_id).split(" ")[0]

    def holder(self, role: Role) -> str | None:
        """Who holds ``role`` now (the first named), or None."""
        holders = self.state.holders(role)
        return holders[0] if holders else None

    def service_ids(self) -> list[str]:
        """The ids of the scenario's services."""
        return [s.id for s in self.services]

    def kind_services(self, kind: str) -> list[str]:
        """The services of a kind people name ("database": the postgres ones)."""
        words = SERVICE_KINDS.get(kind, ())
        return [
            s.id
            for s in self.services
            if any(
                w in re.split(r"[-_.]", s.id.lower()) or s.id.lower().startswith(w) for w in words
            )
        ]

    def on_call_for(self, services: list[str]) -> str | None:
        """The person (other than the actor) who knows ``services`` best: most of them, then
        a subject-matter expert or technical lead, in team order."""
        best: tuple[int, int, int] | None = None
        chosen: str | None = None
        for index, person in enumerate(self.people):
            if person.id == self.actor:
                continue
            known = len(set(person.services) & set(services))
            if not known:
                continue
            expert = int(
                Role.SUBJECT_MATTER_EXPERT in person.roles or Role.TECHNICAL_LEAD in person.roles
            )
            key = (known, expert, -index)
            if best is None or key > best:
                best, chosen = key, person.id
        return chosen


def _names_of(person: Person) -> list[str]:
    """The folded words a person is called by: full name, first name, id, nicknames."""
    full = fold_accents(person.name)
    first = full.split(" ")[0]
    words = [full, first, fold_accents(person.id)]
    words += NICKNAMES.get(first, ())
    return words
