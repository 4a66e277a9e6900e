"""The role holder: the process that runs while one simulated person holds a role.

A commander, communications lead or scribe works an agenda: :meth:`RoleHolder.decide`
returns the next action (or a step to take), or None to sleep until poked (a
:class:`~simulator.agents.waker.Waker`). After each step the holder takes a lognormal moment
to think, so a reaction never happens in the same instant. Doctrine is followed with the
profile's ``adherence``, one draw per rule, a "no" reconsidered later
(:meth:`RoleHolder.should`). The process ends when the person no longer holds the role or
the run ends.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.actions import Action
from simulator.agents.calibration import lognormal
from simulator.agents.picture import Picture
from simulator.agents.port import Process
from simulator.agents.responder import Responder
from simulator.agents.waker import Waker
from simulator.agents.wording import LAX_ADHERENCE
from simulator.model import Role, Severity


class RoleHolder:
    """A process that runs while one person holds :attr:`role` (subclasses set it)."""

    role: Role = Role.INCIDENT_COMMANDER

    def __init__(self, picture: Picture, responder: Responder) -> None:
        self.picture = picture
        self.port = picture.port
        self.state = picture.state
        self.me = responder
        self.id = responder.id
        self.profile = responder.profile
        self.waker = Waker(self.port)
        self._decisions: dict[str, tuple[bool, float]] = {}
        #: Set by :meth:`stop`: the person's human took their seat back from the simulator.
        self.stopped = False
        self.port.start(self._run())

    def stop(self) -> None:
        """End the process at its next step (its person's human is back in their seat)."""
        self.stopped = True
        self.waker.poke()

    def holds(self) -> bool:
        """True while this person still holds the role and the exercise runs."""
        state = self.state
        return state.ended is None and self.id in state.roles.get(self.role, ())

    def should(self, key: str, p: float | None = None) -> bool:
        """Follow a doctrine rule now? One draw per rule; a "no" is reconsidered later."""
        now = self.port.now
        decided = self._decisions.get(key)
        if decided is not None:
            ok, retry = decided
            if ok or now < retry:
                if not ok:
                    self.waker.at(retry)
                return ok
        rng = self.picture.rng
        chance = self.profile.adherence if p is None else p
        ok = rng.random() < chance
        # the less disciplined, the longer before a skipped step comes back to mind
        retry = now + lognormal(rng, max(30.0, 1200.0 * (1.0 - self.profile.adherence)))
        self._decisions[key] = (ok, retry)
        if not ok:
            self.waker.at(retry)
        return ok

    def public_post_wanted(self) -> bool:
        """Should this holder post on the public status page now?

        Only when the impact is customer-visible (:meth:`Picture.customer_visible`) and the
        declared severity is SEV-3 or worse (a SEV-4 is fixed quietly), and never while the
        scenario forbids public posts (an objective ``forbidden: true`` on
        ``post_status_page``, e.g. "nothing public before Legal agrees the wording"). A lax
        holder (adherence below :data:`~simulator.agents.wording.LAX_ADHERENCE`, i.e. a
        novice) sometimes ignores that constraint.
        """
        picture = self.picture
        severity = self.state.severity
        if severity is None or severity is Severity.SEV4:
            return False
        if not picture.customer_visible():
            return False
        if not picture.embargo:
            return True
        # a lax author ignores the constraint when the doctrine draw says so
        return self.profile.adherence < LAX_ADHERENCE and not self.should("embargo")

    def decide(self) -> Action | Callable[[], None] | None:
        """The next action, or None to wait for a poke."""
        raise NotImplementedError

    def _run(self) -> Process:
        port = self.port
        rng = self.picture.rng
        state = self.state
        roles = state.roles
        me = self.id
        role = self.role
        think = self.profile.think_median
        waker = self.waker
        decide = self.decide
        act = self.picture.act
        pause = port.pause
        while state.ended is None and me in roles.get(role, ()):  # self.holds()
            if self.stopped:
                return
            step = decide()
            if step is not None:
                if callable(step) and not isinstance(step, Action):
                    step()
                else:
                    act(step)
            else:
                yield waker.wait()
            # react after a moment's thought, not in the same instant
            yield pause(lognormal(rng, think))
