"""Record feeds of the exercise view: the inbox (alerts and pages), the incident channel and
the timeline (the scribe's log).

Each feed takes journal records from the bridge and shows the ones it is for, as plain text
(scenario text is never interpreted as rich text).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.palette import ink, ink_name
from gui.text import is_player_visible, plain_tip, stamp
from reports.describe import Namer, describe_line
from simulator import actions as A
from simulator.durations import format_clock
from simulator.journal import Record, typed_action

#: Inject and message channels shown in the chat transcript; the others go to the inbox.
CHAT_CHANNELS = frozenset({"chat"})
#: Actions the incident bot announces in the channel (as a real incident bot would).
_ANNOUNCED: tuple[type[A.Action], ...] = (
    A.DeclareIncident,
    A.SetSeverity,
    A.AssignRole,
    A.AssignTask,
    A.ProposeMitigation,
    A.ProposeAction,
    A.ApproveProposal,
    A.DeclineProposal,
    A.ApplyMitigation,
    A.PagePerson,
    A.Escalate,
    A.OpenBridge,
    A.HandOverCommand,
    A.MarkResolved,
    A.PostStatusPage,
)


class Inbox(QWidget):
    """Alerts, pages and the injects that arrive outside the chat (tickets, email, phone...).

    The Acknowledge button acknowledges the pages sent to the human.
    """

    acknowledgeRequested = Signal()

    def __init__(self, human: str | None, namer: Namer, tabletop: bool = False) -> None:
        super().__init__()
        self.setObjectName("inbox")
        self.human = human
        #: The screen is a room's (tabletop): pages are named, never "You are paged".
        self.tabletop = tabletop
        self.namer = namer
        self.acknowledged = False
        self.status = QLabel("No pages yet.")
        self.status.setObjectName("pageStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.ack = QPushButton("Acknowledge page")
        self.ack.setObjectName("ackButton")
        self.ack.setToolTip("Acknowledge the page sent to you; stops escalation (Ctrl+Shift+A)")
        self.ack.setEnabled(False)
        self.list = QListWidget()
        self.list.setObjectName("inboxList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.ack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.ack.clicked.connect(self.acknowledgeRequested)

    def add_record(self, record: Record) -> None:
        """Show the record if it belongs in the inbox; track the human's pages."""
        p = record.payload
        if record.kind == "alert":
            self._add(record, "Monitoring", describe_line(record, self.namer), "#b3261e")
        elif record.kind == "message" and p.get("channel", "chat") not in CHAT_CHANNELS:
            who = f"{self.namer.name(record.actor)} ({p.get('channel')})"
            self._add(record, who, str(p.get("text", "")), "")
        elif record.kind == "inject" and p.get("channel") not in CHAT_CHANNELS:
            text = f"{p.get('text')}"
            colour = "#b3261e" if p.get("kind") == "alert" else ""
            self._add(record, f"{p.get('sender')} ({p.get('channel')})", text, colour)
        elif record.kind == "page":
            person = str(p.get("person"))
            self._add(record, "Pager", describe_line(record, self.namer), "#d9480f")
            if person == self.human and not self.acknowledged:
                level = p.get("level")
                # a tabletop's screen is the room's: it names who is paged, never "you"
                who = f"{self.namer.name(person)} is" if self.tabletop else "You are"
                self.status.setText(
                    f"{who} paged (level {level}, attempt {p.get('attempt')})."
                    if level is not None
                    else f"{who} paged: {p.get('reason')}"
                )
                self.status.setStyleSheet(f"color: {ink_name('#b3261e')}; font-weight: bold;")
                self.ack.setEnabled(True)
        elif isinstance(typed_action(record), A.AcknowledgePage) and record.actor == self.human:
            self.acknowledged = True
            self.status.setText("Page acknowledged.")
            self.status.setStyleSheet(f"color: {ink_name('#2e7d32')};")
            self.ack.setEnabled(False)

    def _add(self, record: Record, source: str, text: str, colour: str) -> None:
        item = QListWidgetItem(f"{stamp(record)}  {source}: {text}")
        item.setToolTip(plain_tip(text))
        if colour:
            item.setForeground(ink(colour))
        self.list.insertItem(0, item)

    def lines(self) -> list[str]:
        """Every entry, newest first."""
        return [self.list.item(i).text() for i in range(self.list.count())]


class Channel(QWidget):
    """The incident channel: a chat transcript, with a box where the human types."""

    sayRequested = Signal(str)
    #: Enter pressed while a reading waits for confirmation.
    confirmRequested = Signal()

    def __init__(self, human: str | None, namer: Namer) -> None:
        super().__init__()
        self.setObjectName("channel")
        self.human = human
        self.namer = namer
        self.transcript = QPlainTextEdit()
        self.transcript.setObjectName("chatTranscript")
        self.transcript.setReadOnly(True)
        self.transcript.setMaximumBlockCount(5000)
        self.input = QLineEdit()
        self.input.setObjectName("chatInput")
        self.input.setPlaceholderText(
            "Message the incident channel (Enter to send)" if human else "Watching"
        )
        self.input.setToolTip("Type in the incident channel (Ctrl+L to focus)")
        self.input.setEnabled(human is not None)
        self.send = QPushButton("Send")
        self.send.setObjectName("chatSend")
        self.send.setEnabled(human is not None)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send)
        #: The open proposal awaiting the commander's decision, with its two buttons.
        self.proposal = QLabel("")
        self.proposal.setObjectName("proposalText")
        self.proposal.setTextFormat(Qt.TextFormat.PlainText)
        self.proposal.setWordWrap(True)
        self.approve = QPushButton("Approve")
        self.approve.setObjectName("approveProposal")
        self.approve.setToolTip("Approve the proposal: the proposer carries it out")
        self.decline = QPushButton("Decline")
        self.decline.setObjectName("declineProposal")
        self.decline.setToolTip("Decline the proposal: the proposer says what they do instead")
        self.proposal_bar = QWidget()
        self.proposal_bar.setObjectName("proposalBar")
        self.proposal_bar.setStyleSheet("#proposalBar { background: #eef4ff; }")
        bar = QHBoxLayout(self.proposal_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.proposal, 1)
        bar.addWidget(self.approve)
        bar.addWidget(self.decline)
        self.proposal_bar.setVisible(False)
        #: How the last message was read: what waits for Enter, a "did you mean", what was done.
        self.reading = QLabel("")
        self.reading.setObjectName("readingFeedback")
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setWordWrap(True)
        self.reading.setVisible(False)
        self.pending: object | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.proposal_bar)
        layout.addWidget(self.reading)
        layout.addLayout(row)
        self.input.returnPressed.connect(self._send)
        self.send.clicked.connect(self._send)
        self.input.installEventFilter(self)
        self.input.textEdited.connect(self._edited)

    def _send(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        if self.pending is not None:
            self.confirmRequested.emit()
            return
        self.sayRequested.emit(text)

    def _edited(self, _text: str) -> None:
        """Typing again drops a confirmation that waited: the message is being corrected."""
        if self.pending is not None:
            self.show_feedback("", "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the box with a confirmation waiting: back to editing, nothing taken."""
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.pending is not None
        ):
            self.show_feedback("Not sent: edit the message and press Enter again.", "")
            return True
        return super().eventFilter(watched, event)

    def ask_confirmation(self, pending: object, lines: list[str]) -> None:
        """Show how a message was read and wait for Enter (confirm) or Esc (edit)."""
        self.pending = pending
        self.reading.setText(f"{'; '.join(lines)} — Enter to confirm, Esc to edit")
        self.reading.setStyleSheet("background: #fff4d6; color: #5c4400; padding: 4px;")
        self.reading.setVisible(True)

    def show_feedback(self, text: str, colour: str = "#374151") -> None:
        """Say how the last message was read (empty: hide); drops any waiting confirmation."""
        self.pending = None
        self.reading.setText(text)
        self.reading.setStyleSheet(f"color: {colour or '#374151'}; padding: 2px;")
        self.reading.setVisible(bool(text))

    def sent(self) -> None:
        """The message went out: clear the box."""
        self.pending = None
        self.input.clear()

    def show_proposal(self, text: str) -> None:
        """Show the open proposal and its buttons ("" hides them)."""
        self.proposal.setText(text)
        self.proposal_bar.setVisible(bool(text) and self.human is not None)

    def add_record(self, record: Record) -> None:
        """Append chat-worthy records: messages, chat injects, say, updates and task reports."""
        p = record.payload
        action = typed_action(record)
        who = self.namer.name(record.actor)
        if record.kind == "message" and p.get("channel", "chat") in CHAT_CHANNELS:
            self._append(record, who, str(p.get("text", "")))
        elif record.kind == "inject" and p.get("channel") in CHAT_CHANNELS:
            self._append(record, str(p.get("sender") or record.actor), str(p.get("text", "")))
        elif isinstance(action, A.Say):
            self._append(record, who, action.text)
        elif isinstance(action, A.PostUpdate):
            self._append(record, who, format_update(record.t, action))
        elif isinstance(action, A.ReportTask):
            self._append(record, who, f"[task {action.task_id}] {action.result}")
        elif isinstance(action, _ANNOUNCED) or (
            record.kind == "rejected" and record.actor == self.human
        ):
            self._append(record, "incident-bot", describe_line(record, self.namer), system=True)

    def text(self) -> str:
        """The whole transcript as plain text."""
        return self.transcript.toPlainText()

    def _append(self, record: Record, who: str, text: str, system: bool = False) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.transcript.document().isEmpty():
            cursor.insertBlock()
        muted = QTextCharFormat()
        muted.setForeground(ink("#6b7280"))
        cursor.insertText(f"{stamp(record)}  ", muted)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setForeground(ink("#6b7280" if system else "#1f4e8c"))
        cursor.insertText(f"{who}: ", bold)
        body = QTextCharFormat()
        if system:
            body.setForeground(ink("#6b7280"))
        cursor.insertText(text, body)
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())


def format_update(t: float, update: A.PostUpdate) -> str:
    """An internal update posted at sim time ``t``, in the guide's template (Update Template)."""
    return "\n".join(
        [
            f"INCIDENT UPDATE - T+{format_clock(t)}",
            f"Severity: {update.severity.value}",
            f"Status: {update.status.value}",
            f"Current Impact: {update.impact}",
            f"Recent Actions: {update.recent_actions}",
            f"Next Steps: {update.next_steps}",
            f"ETA to Resolution: {update.eta or 'Unknown'}",
        ]
    )


class Timeline(QWidget):
    """The scribe's log: every player-visible record, oldest first, wrapped to the width,
    with a box to add a note to it."""

    noteRequested = Signal(str)

    def __init__(self, namer: Namer, can_write: bool = True) -> None:
        super().__init__()
        self.setObjectName("timeline")
        self.namer = namer
        self._scroll_pending = False
        self.list = QListWidget()
        self.list.setObjectName("timelineList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note = QLineEdit()
        self.note.setObjectName("timelineNote")
        self.note.setPlaceholderText("Add a note to the log (Enter)")
        self.note.setEnabled(can_write)
        self.add_note = QPushButton("Add note")
        self.add_note.setObjectName("timelineAddNote")
        self.add_note.setEnabled(can_write)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.add_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.note.returnPressed.connect(self._note)
        self.add_note.clicked.connect(self._note)

    def _note(self) -> None:
        text = self.note.text().strip()
        if text:
            self.noteRequested.emit(text)
            self.note.clear()

    def add_record(self, record: Record) -> None:
        """Append the record if players may see it."""
        if not is_player_visible(record) or record.kind == "header":
            return
        text = f"{stamp(record)}  {describe_line(record, self.namer)}"
        item = QListWidgetItem(text)
        item.setToolTip(plain_tip(text))
        if record.kind == "rejected":
            item.setForeground(ink("#b3261e"))
        bar = self.list.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4
        self.list.addItem(item)
        if follow and not self._scroll_pending:
            # scroll once per batch of records, not once per record
            self._scroll_pending = True
            QTimer.singleShot(0, self, self._scroll)

    def _scroll(self) -> None:
        self._scroll_pending = False
        self.list.scrollToBottom()

    def lines(self) -> list[str]:
        """Every entry, oldest first (for tests and copy/paste)."""
        return [self.list.item(i).text() for i in range(self.list.count())]
