"""The scribe: keeps the incident's log of key actions, decisions and findings (SCR-02).

At most every 90 seconds the scribe writes one note with a line for every key action of
someone else and every relevant finding since the last note (the lines are
:func:`simulator.agents.wording.note_line`).
"""

from __future__ import annotations

from simulator.actions import (
    Action,
    AddNote,
    ApplyMitigation,
    AssignRole,
    AssignTask,
    DeclareIncident,
    Escalate,
    HandOverCommand,
    OpenBridge,
    PostUpdate,
    ProposeMitigation,
    SetSeverity,
)
from simulator.agents.picture import Picture
from simulator.agents.responder import Responder
from simulator.agents.role import RoleHolder
from simulator.agents.wording import note_line
from simulator.durations import format_clock
from simulator.model import Role


class Scribe(RoleHolder):
    """Logs key actions, decisions and findings in the notes (SCR-02)."""

    role = Role.SCRIBE
    #: The actions a scribe logs, by name.
    KEY_ACTIONS = frozenset(
        cls.name
        for cls in (
            DeclareIncident,
            SetSeverity,
            AssignRole,
            AssignTask,
            ApplyMitigation,
            PostUpdate,
            HandOverCommand,
            Escalate,
            OpenBridge,
            ProposeMitigation,
        )
    )

    def __init__(self, picture: Picture, responder: Responder) -> None:
        self.cursor = len(picture.port.records)
        self.last_note = -1e9
        super().__init__(picture, responder)

    def _name(self, person_id: str) -> str:
        """A person's first name as the log names them (never their id)."""
        person = self.picture.roster.get(person_id)
        return person.name.split(" ")[0] if person is not None else person_id

    def decide(self) -> Action | None:
        """A note of what happened since the last one, or None (nothing new, or too soon)."""
        now = self.port.now
        if now - self.last_note < 90.0:
            self.waker.at(self.last_note + 90.0)
            return None
        lines = []
        records = self.port.records
        key_actions = self.KEY_ACTIONS
        for record in records[self.cursor :]:
            if record.actor == self.id:
                continue
            if record.kind == "action" and record.payload.get("action") in key_actions:
                lines.append(note_line(record, self._name))
            elif record.kind == "finding" and record.payload.get("relevant"):
                lines.append(
                    f"{format_clock(record.t)} {self._name(record.actor)} found: "
                    f"{record.payload.get('summary') or record.payload.get('text')}"
                )
        self.cursor = len(records)
        if not lines:
            return None
        self.last_note = now
        return AddNote(actor=self.id, text="\n".join(lines))
