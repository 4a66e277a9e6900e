"""The communications lead: status-page posts and internal updates on time.

Named for SEV-1/2, the communications lead posts the first status-page update within minutes
(CL-01) when customers can see the impact, a public update every 20 minutes (CL-03) or
sooner when the status changes, and internal updates at the severity's cadence; once the
commander asks for it, the final "resolved" update and post. What the posts say is
:mod:`simulator.agents.wording`'s.
"""

from __future__ import annotations

from simulator.actions import Action, PostStatusPage, ProposeAction
from simulator.agents.calibration import STATUS_PAGE_EVERY, lognormal
from simulator.agents.picture import Picture, rule_for
from simulator.agents.responder import Responder
from simulator.agents.role import RoleHolder
from simulator.agents.wording import public_text, status_of, update_action
from simulator.model import Role, Status

_RESOLVED = Status.RESOLVED.value


class CommsLead(RoleHolder):
    """Status page within minutes (CL-01), every 20 min (CL-03), internal cadence."""

    role = Role.COMMUNICATIONS_LEAD

    def __init__(self, picture: Picture, responder: Responder) -> None:
        self.start = picture.port.now
        self.first_delay = lognormal(picture.rng, responder.profile.comms_delay_median)
        super().__init__(picture, responder)

    def decide(self) -> Action | None:
        """The next post or update due, or None (with a wake-up set for when one is)."""
        picture = self.picture
        state = self.state
        if picture.final_requested:
            return self._final()
        now = self.port.now
        first_at = self.start + self.first_delay
        if not state.status_posts and self.public_post_wanted():
            if now >= first_at and self.should("status-page"):
                post = PostStatusPage(
                    actor=self.id,
                    status=status_of(state),
                    text=public_text(picture, author=self.profile),
                )
                if not self._asks_first():
                    return post
                if not self._post_proposed():
                    return ProposeAction(
                        actor=self.id,
                        act=PostStatusPage.name,
                        status=post.status,
                        text=post.text,
                        rationale="customers can see the impact and the status page says "
                        "nothing yet",
                    )
            else:
                self.waker.at(first_at)
        elif state.status_posts and picture.customer_visible():
            last = state.status_posts[-1]
            due = last.t + STATUS_PAGE_EVERY
            status_changed = last.payload.get("status") != status_of(state).value
            if now >= due or (status_changed and now - last.t > 120.0):
                if self.should(f"status-page:{len(state.status_posts)}"):
                    return PostStatusPage(
                        actor=self.id,
                        status=status_of(state),
                        text=public_text(picture, author=self.profile),
                    )
            else:
                self.waker.at(due)
        return self._internal_update(now, first_at)

    def _asks_first(self) -> bool:
        """A human commands: the first status-page post is proposed to them, not posted
        (IC-09: the commander decides what goes public; the listener posts it on approval)."""
        picture = self.picture
        return picture.human_commands and self.state.commander == picture.human

    def _post_proposed(self) -> bool:
        """A status-page post was proposed already (open, approved, declined or overtaken:
        asked once; a declined post waits for the commander to order one)."""
        return any(p.act == PostStatusPage.name for p in self.state.proposals.values())

    def _final(self) -> Action | None:
        """The "resolved" internal update, then the "resolved" post if customers were told."""
        state = self.state
        if not any(r.payload.get("status") == _RESOLVED for r in state.updates):
            return update_action(self.picture, self.id, Status.RESOLVED)
        declined = any(
            p.act == PostStatusPage.name and p.decision == "declined"
            for p in state.proposals.values()
        )
        public = bool(state.status_posts) or (self.public_post_wanted() and not declined)
        if public and not any(r.payload.get("status") == _RESOLVED for r in state.status_posts):
            return PostStatusPage(
                actor=self.id,
                status=Status.RESOLVED,
                text=public_text(self.picture, Status.RESOLVED, author=self.profile),
            )
        return None

    def _internal_update(self, now: float, first_at: float) -> Action | None:
        """An internal update at the severity's cadence (sooner once the metrics recovered
        after a mitigation: the monitoring update)."""
        picture = self.picture
        state = self.state
        if state.severity is None or state.resolved:
            return None  # after resolving only the final update is due (_final)
        every = rule_for(picture.team, state.severity).update_every
        if every is None:
            return None
        last_at = state.last_update_at
        due = first_at + 60.0 if last_at is None else last_at + every - 60.0
        if picture.recovered and state.status is not Status.MONITORING and state.mitigations:
            due = min(due, now)
        if now >= due:
            if self.should(f"update:{len(state.updates)}"):
                status = Status.MONITORING if picture.recovered and state.mitigations else None
                return update_action(picture, self.id, status)
            return None
        self.waker.at(due)
        return None
