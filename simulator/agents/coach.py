"""The coach: the beginner's hints, a nudge in the channel when a doctrine rule is about to be
missed. Off unless the human turns them on (``set_hints``, journaled, so replay and the report
know); then the coach watches the update cadence (ORG-01: "no update for 25 minutes"), a
missing communications lead after declaring a SEV-1/2 (IC-04), and a task whose time-box ran
out (IC-07). Hints are ``message`` records from the actor ``coach``, addressed to the human.
"""

from __future__ import annotations

from simulator.actions import DeclareIncident, PostUpdate, SetHints
from simulator.agents.picture import Picture, rule_for
from simulator.durations import format_duration
from simulator.journal import Record
from simulator.model import Role, Severity

#: The actor id hints are written as.
COACH = "coach"
#: A cadence hint comes this long before the next update is due (an assumption: time to write
#: one).
CADENCE_AHEAD = 300.0
#: How long after declaring a SEV-1/2 the coach reminds the commander of a comms lead (IC-04:
#: named within 5 minutes; the hint comes with time to spare).
COMMS_AFTER = 180.0


class Coach:
    """Hints for a human commander who asked for them."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture
        self.port = picture.port
        self._cadence_gen = 0
        self._hinted: set[str] = set()

    def _hint(self, key: str, text: str) -> None:
        state = self.picture.state
        human = self.picture.human
        if human is None or not state.hints or state.ended or state.resolved:
            return
        if key in self._hinted:
            return
        self._hinted.add(key)
        self.port.message(COACH, f"Hint: {text}", to=human)

    def on_record(self, record: Record) -> None:
        """Plan the hints a record makes due (only while hints are on)."""
        state = self.picture.state
        if not state.hints and record.payload.get("action") != SetHints.name:
            return
        action = record.payload.get("action") if record.kind == "action" else None
        if action in (DeclareIncident.name, PostUpdate.name, SetHints.name):
            self._plan_cadence()
        if action in (DeclareIncident.name, SetHints.name):
            self._plan_comms()
        if record.kind == "task_due":
            task = str(record.payload.get("task_id"))
            self._hint(
                f"due:{task}",
                f"{task}'s time-box ran out — follow up with its owner (IC-07): "
                f"“Where are we on {task}?”",
            )

    def _plan_cadence(self) -> None:
        picture = self.picture
        state = picture.state
        if state.severity is None:
            return
        every = rule_for(picture.team, state.severity).update_every
        if every is None:
            return
        self._cadence_gen += 1
        gen = self._cadence_gen
        since = state.last_update_at if state.last_update_at is not None else state.declared_at
        if since is None:
            return
        due = since + every - CADENCE_AHEAD - self.port.now

        def remind() -> None:
            if gen != self._cadence_gen:
                return
            gap = format_duration(self.port.now - since)
            sev = state.severity.value if state.severity else "the"
            self._hint(
                f"cadence:{since}",
                f"no update for {gap}; the {sev} cadence is every {format_duration(every)} "
                "(ORG-01). Say “Post an update”.",
            )

        self.port.after(max(0.0, due), remind)

    def _plan_comms(self) -> None:
        state = self.picture.state
        if state.severity not in (Severity.SEV1, Severity.SEV2):
            return

        def remind() -> None:
            if not state.holders(Role.COMMUNICATIONS_LEAD):
                self._hint(
                    "comms",
                    "nobody is communications lead yet (IC-04): page one and name them, "
                    "e.g. “Lena, you're comms lead”.",
                )

        self.port.after(COMMS_AFTER, remind)
