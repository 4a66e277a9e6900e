"""The pager: a team's escalation policy on the SimPy clock.

When monitoring (or a report that reaches the on-call) triggers the pager, every target of
level 1 is paged. If nobody paged acknowledges within the level's ``timeout``, level 2 is
paged, then level 3; after the last level the whole policy starts again, ``repeats`` more
times (PagerDuty's "if no one acknowledges, repeat this policy", csv row
``pd_escalation_policy_max_repeats``). An acknowledgement by anyone paged in the current
escalation stops it. Level 2 is paged *exactly* ``timeout`` seconds after level 1.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy

from simulator.model import EscalationLevel, EscalationPolicy

#: ``page(person, level, attempt, reason)`` writes the page record and notifies the person.
PageFunction = Callable[[str, int | None, int, str], None]


class Pager:
    """Runs escalations of one policy; at most one escalation is active at a time."""

    def __init__(self, env: simpy.Environment, policy: EscalationPolicy, page: PageFunction):
        self.env = env
        self.policy = policy
        self._page = page
        self.active = False
        self.escalations = 0
        self._paged_now: set[str] = set()
        self._ack: simpy.Event | None = None
        self._levels = {lv.level: lv for lv in policy.levels}

    def level(self, number: int) -> EscalationLevel | None:
        """The policy's level with that number, or None."""
        return self._levels.get(number)

    def trigger(self, reason: str) -> bool:
        """Start an escalation unless one is running; True if one started."""
        if self.active or not self.policy.levels:
            return False
        self.active = True
        self.escalations += 1
        self._paged_now = set()
        self._ack = self.env.event()
        self.env.process(self._escalate(reason, self._ack))
        return True

    def acknowledged(self, person: str) -> None:
        """``person`` acknowledged: stops the running escalation if they were paged by it."""
        ack = self._ack
        if self.active and person in self._paged_now and ack is not None and not ack.triggered:
            ack.succeed()

    def page_level(self, number: int, attempt: int, reason: str) -> list[str]:
        """Page every target of one level now (the ``escalate`` action); returns them."""
        level = self.level(number)
        if level is None:
            return []
        for person in level.targets:
            self._page(person, level.level, attempt, reason)
        return list(level.targets)

    def _escalate(self, reason: str, ack: simpy.Event) -> Generator[Any, Any, None]:
        levels = sorted(self.policy.levels, key=lambda lv: lv.level)
        try:
            for attempt in range(1, self.policy.repeats + 2):
                for level in levels:
                    for person in level.targets:
                        self._paged_now.add(person)
                        self._page(person, level.level, attempt, reason)
                    if ack.triggered:
                        return
                    yield self.env.timeout(level.timeout) | ack
                    if ack.triggered:
                        return
        finally:
            if self._ack is ack:
                self.active = False
