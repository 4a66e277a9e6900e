"""The briefing: what the trainee knows before the clock starts, and **Start**.

The situation as the trainee would know it (the scenario's public ``briefing:``, else its
summary — never the hidden truth), their role, the team on hand, what they are scored on,
how to command (the channel, the forms, the keys), and Start: the sim clock does not run
before it is pressed.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.session import Session
from gui.start_dialog import Mode
from simulator.vocabulary import role_label

#: What every run is scored on (the scoring families), as a trainee reads them.
SCORED_ON = (
    "Detect, acknowledge, declare, mitigate and resolve within the severity's targets",
    "Declare the right severity",
    "Hold command: name a communications lead and a scribe, give named, time-boxed tasks",
    "Post internal updates on the severity's cadence, in the update template",
    "Escalate and open a bridge when the severity calls for it",
    "Mitigate first, debug later: choose a fix that works, avoid one that makes it worse",
    "Resolve through the checklist and tell the stakeholders",
)

CONTROLS = (
    "Command by talking in the incident channel: “James, check deploy history for "
    "payments-api and report back in 10 minutes”, “Declaring SEV-2”, “Page the database "
    "on-call”, “Yes, go ahead” to the latest proposal, “What's the status?”.",
    "Anything that changes production, pages someone, changes the severity, posts an update "
    "or resolves is shown as read first: Enter confirms it, Esc lets you edit the message.",
    "The forms on the right do the same things. Space plays and pauses the clock when no "
    "text box has the focus; the Incident menu lists every shortcut.",
)


def briefing_text(session: Session) -> str:
    """The briefing as plain text: situation, role, team, scoring, controls."""
    bundle = session.bundle
    scenario = bundle.scenario
    situation = scenario.briefing or scenario.summary
    human = session.human
    you = bundle.team.person(human) if human else None
    if session.mode is Mode.WATCH:
        role = "You watch a fully simulated team; the facilitator console is on F9."
    elif session.mode is Mode.TABLETOP:
        role = "Tabletop: the room decides; record each decision as the person who made it."
    else:
        title = f", {you.title}" if you is not None and you.title else ""
        name = you.name if you is not None else "the on-call engineer"
        role = (
            f"You are {name}{title}, on call, and you will be the "
            f"{role_label('incident_commander')}."
        )
    team = [
        f"• {p.name} — {', '.join(role_label(r) for r in p.roles)}"
        + (f"; knows {', '.join(p.services[:3])}" if p.services else "")
        for p in bundle.team.people
        if p.id != human
    ][:8]
    own = len(scenario.objectives)
    scored = [f"• {line}" for line in SCORED_ON]
    if own:
        scored.append(
            f"• and {own} objective{'s' if own != 1 else ''} of this scenario, shown in the debrief"
        )
    parts = [
        scenario.title,
        "Situation\n" + " ".join(situation.split()),
        "Your role\n" + role,
        "The team on hand\n" + "\n".join(team),
        "You are scored on\n" + "\n".join(scored),
        "How to command\n" + "\n".join(f"• {c}" for c in CONTROLS),
    ]
    return "\n\n".join(parts)


def briefing_html(text: str) -> str:
    """The briefing text as rich text: the title and each section's heading in bold, every
    word of the scenario escaped (scenario text is never interpreted as markup)."""
    title, *sections = text.split("\n\n")
    out = [f"<h2>{html.escape(title)}</h2>"]
    for section in sections:
        heading, _, body = section.partition("\n")
        lines = "<br>".join(html.escape(line) for line in body.splitlines())
        out.append(f"<h3 style='margin-bottom:2px'>{html.escape(heading)}</h3><p>{lines}</p>")
    return "".join(out)


class Briefing(QWidget):
    """The briefing page; :attr:`started` when the trainee presses Start."""

    started = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefing")
        #: The briefing as plain text (what the page shows, without the bold headings).
        self.plain = briefing_text(session)
        self.text = QLabel(briefing_html(self.plain))
        self.text.setObjectName("briefingText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setStyleSheet("font-size: 10pt; padding: 8px 16px;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        self.hints = QCheckBox(
            "Hints for beginners: a nudge in the channel when a doctrine rule is about to be "
            "missed (recorded in the journal and the report)"
        )
        self.hints.setObjectName("briefingHints")
        self.hints.setVisible(session.mode is Mode.PLAY)
        self.start = QPushButton("Start — the clock runs from here")
        self.start.setObjectName("briefingStart")
        self.start.setDefault(True)
        self.start.setStyleSheet("font-size: 12pt; padding: 8px 24px;")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hints, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.start, 0, Qt.AlignmentFlag.AlignHCenter)
        self.start.clicked.connect(self.started)
