"""The pager: a team's escalation policy on the SimPy clock.

When monitoring (or a report that reaches the on-call) triggers the pager, every target of
level 1 is paged. If nobody paged acknowledges within the level's ``timeout``, level 2 is
paged, then level 3; after the last level the whole policy starts again, ``repeats`` more
times (PagerDuty's "if no one acknowledges, repeat this policy", csv row
``pd_escalation_policy_max_repeats``). An acknowledgement by anyone paged in the current
escalation stops it. Level 2 is paged *exactly* ``timeout`` seconds after level 1.

Pages sent by people keep following the policy too, so an unanswered page never just sits:

* ``escalate`` to level N (:meth:`Pager.escalate`) pages level N; unanswered after N's
  timeout, level N+1 is paged, and so on to the last level; then from level N again,
  ``repeats`` more times.
* ``page_person`` (:meth:`Pager.page_person`) pages one person; unanswered after the timeout
  of that person's level (level 1's when they are in none), the page is sent again, up to
  :data:`PERSON_ATTEMPTS` notifications in all (more when ``repeats`` asks for more): csv row
  ``pd_notification_rule_pattern``, "unanswered by the 3rd call => likely cannot respond".
  Who to page instead is then the paging person's decision (the simulated commander pages
  the next person with the role or expertise).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any

import simpy

from simulator.engine.kernel import first_of
from simulator.model import EscalationLevel, EscalationPolicy

#: ``page(person, level, attempt, reason)`` writes the page record and notifies the person.
PageFunction = Callable[[str, int | None, int, str], None]

#: Notifications of one direct page before the pager gives up on that person.
PERSON_ATTEMPTS = 3

#: Re-notification interval of a direct page when the policy has no levels (5 minutes,
#: ``pd_team_escalation_timeout_recommended``).
DEFAULT_TIMEOUT = 300.0


class _Chain:
    """One running escalation: who it paged, and the event an acknowledgement triggers."""

    __slots__ = ("ack", "paged")

    def __init__(self, env: simpy.Environment) -> None:
        self.ack: simpy.Event = env.event()
        self.paged: set[str] = set()


class Pager:
    """Runs escalations of one policy; at most one policy escalation is active at a time
    (pages sent by people run alongside it)."""

    def __init__(self, env: simpy.Environment, policy: EscalationPolicy, page: PageFunction):
        self.env = env
        self.policy = policy
        self._page = page
        self.active = False
        self.escalations = 0
        self._chain: _Chain | None = None
        self._chains: list[_Chain] = []
        self._levels = {lv.level: lv for lv in policy.levels}
        self._ordered = sorted(policy.levels, key=lambda lv: lv.level)
        self._level_of: dict[str, EscalationLevel] = {}
        for lv in self._ordered:
            for person in lv.targets:
                self._level_of.setdefault(person, lv)

    def level(self, number: int) -> EscalationLevel | None:
        """The policy's level with that number, or None."""
        return self._levels.get(number)

    def trigger(self, reason: str) -> bool:
        """Start an escalation unless one is running; True if one started."""
        if self.active or not self.policy.levels:
            return False
        self.active = True
        self.escalations += 1
        chain = self._start()
        self._chain = chain
        self.env.process(self._escalate(self._ordered, self.policy.repeats, reason, chain))
        return True

    def acknowledged(self, person: str) -> None:
        """``person`` acknowledged: stops every running escalation that paged them."""
        for chain in self._chains:
            if person in chain.paged and not chain.ack.triggered:
                chain.ack.succeed()

    def page_level(self, number: int, attempt: int, reason: str) -> list[str]:
        """Page every target of one level once, now; returns them."""
        level = self.level(number)
        if level is None:
            return []
        for person in level.targets:
            self._page(person, level.level, attempt, reason)
        return list(level.targets)

    def escalate(self, number: int, reason: str) -> list[str]:
        """Page level ``number`` now and follow the policy from there while nobody answers
        (the ``escalate`` action); returns the people paged now."""
        levels = [lv for lv in self._ordered if lv.level >= number]
        if not levels or levels[0].level != number:
            return []
        chain = self._start()
        self.env.process(self._escalate(levels, self.policy.repeats, reason, chain))
        return list(levels[0].targets)

    def page_person(self, person: str, reason: str) -> None:
        """Page ``person`` now and again at their level's timeout while they do not answer,
        :data:`PERSON_ATTEMPTS` notifications in all (the ``page_person`` action)."""
        chain = self._start()
        attempts = max(PERSON_ATTEMPTS, self.policy.repeats + 1)
        self.env.process(self._renotify(person, attempts, reason, chain))

    def _start(self) -> _Chain:
        chain = _Chain(self.env)
        self._chains.append(chain)
        return chain

    def _finish(self, chain: _Chain) -> None:
        if chain in self._chains:
            self._chains.remove(chain)
        if self._chain is chain:
            self._chain = None
            self.active = False

    def _renotify(
        self, person: str, attempts: int, reason: str, chain: _Chain
    ) -> Generator[Any, Any, None]:
        level = self._level_of.get(person)
        timeout = level.timeout if level is not None else self._first_timeout()
        chain.paged.add(person)
        try:
            for attempt in range(1, attempts + 1):
                self._page(person, None, attempt, reason)
                if chain.ack.triggered or attempt == attempts:
                    return
                yield first_of(self.env, self.env.timeout(timeout), chain.ack)
                if chain.ack.triggered:
                    return
        finally:
            self._finish(chain)

    def _first_timeout(self) -> float:
        return self._ordered[0].timeout if self._ordered else DEFAULT_TIMEOUT

    def _escalate(
        self,
        levels: Sequence[EscalationLevel],
        repeats: int,
        reason: str,
        chain: _Chain,
    ) -> Generator[Any, Any, None]:
        ack = chain.ack
        try:
            for attempt in range(1, repeats + 2):
                for level in levels:
                    for person in level.targets:
                        chain.paged.add(person)
                        self._page(person, level.level, attempt, reason)
                    if ack.triggered:
                        return
                    yield first_of(self.env, self.env.timeout(level.timeout), ack)
                    if ack.triggered:
                        return
        finally:
            self._finish(chain)
