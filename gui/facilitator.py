"""The facilitator console: a dock that can float onto a second screen.

The MSEL (upcoming injects, with the HSEEP columns a controller needs: time, kind, sender,
expected action, objective) with fire now / delay / skip; an ad-hoc inject typed as any
persona; notes stamped with the sim time; reveal the truth; pause everyone. Every one of these
goes through :meth:`Exercise.act` as a facilitator action (actor
:data:`simulator.actions.FACILITATOR`), so it is in the journal and the report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.palette import ink_name
from gui.session import Session
from gui.text import plain_tip, stamp
from simulator import actions as A
from simulator.durations import format_clock, format_duration
from simulator.journal import Record, typed_action
from simulator.model import Channel

_STATUS_LABELS = {"pending": "pending", "fired": "fired", "skipped": "skipped"}


def truth_text(session: Session) -> str:
    """The hidden truth as plain text (root cause, factors, impact, what each fix does)."""
    truth = session.bundle.scenario.truth
    lines = [
        f"Real severity: {truth.severity.value}"
        + (" (customer-visible)" if truth.customer_visible else ""),
        "",
        "Root cause:",
        truth.root_cause,
    ]
    if truth.contributing_factors:
        lines += ["", "Contributing factors:"]
        lines += [f"- {f}" for f in truth.contributing_factors]
    impact = truth.impact
    peak = max((p.value for p in impact.users), default=0)
    lines += [
        "",
        f"Impact starts at T+{format_clock(impact.start)}; up to {peak:g} users affected"
        + (f" of {impact.total_users}" if impact.total_users else ""),
        "",
        "What each mitigation does:",
    ]
    for m in truth.mitigations:
        amount = f" {m.amount:g}%" if m.amount else ""
        extra = f" — {m.cost}" if m.cost else (f" — {m.note}" if m.note else "")
        relapse = f", relapses after {format_duration(m.relapse_after)}" if m.relapse_after else ""
        lines.append(
            f"- {m.strategy.value} {m.target}: {m.effect.value}{amount} after "
            f"{format_duration(m.takes)}{relapse}{extra}"
        )
    return "\n".join(lines)


class FacilitatorConsole(QDockWidget):
    """The facilitator's controls for one session.

    Signals:
        pauseEveryone(bool): True to pause the exercise for everyone, False to resume.
    """

    pauseEveryone = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Facilitator console", parent)
        self.setObjectName("facilitatorConsole")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.session = session

        self.msel = QTreeWidget()
        self.msel.setObjectName("mselList")
        self.msel.setHeaderLabels(["Inject", "Due", "Status", "Kind", "Sender", "Expects"])
        self.msel.setRootIsDecorated(False)
        self.msel.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.msel.setMinimumHeight(160)
        header = self.msel.header()
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.fire = QPushButton("Fire now")
        self.fire.setObjectName("fireButton")
        self.fire.setToolTip("Fire the selected inject now")
        self.delay_by = QSpinBox()
        self.delay_by.setObjectName("delayMinutes")
        self.delay_by.setRange(1, 120)
        self.delay_by.setValue(5)
        self.delay_by.setSuffix(" min")
        self.delay = QPushButton("Delay")
        self.delay.setObjectName("delayButton")
        self.delay.setToolTip("Push the selected inject back")
        self.skip = QPushButton("Skip")
        self.skip.setObjectName("skipButton")
        self.skip.setToolTip("Never fire the selected inject")
        row = QHBoxLayout()
        row.addWidget(self.fire)
        row.addWidget(self.delay)
        row.addWidget(self.delay_by)
        row.addWidget(self.skip)
        row.addStretch(1)
        msel_box = QVBoxLayout()
        msel_box.addWidget(self.msel)
        msel_box.addLayout(row)

        self.persona = QComboBox()
        self.persona.setObjectName("adhocSender")
        self.persona.setEditable(True)
        self.persona.addItems(self._personas())
        self.channel = QComboBox()
        self.channel.setObjectName("adhocChannel")
        for channel in Channel:
            self.channel.addItem(channel.value.replace("_", " "), channel.value)
        self.channel.setCurrentIndex(self.channel.findData(Channel.CHAT.value))
        self.adhoc_text = QPlainTextEdit()
        self.adhoc_text.setObjectName("adhocText")
        self.adhoc_text.setTabChangesFocus(True)
        self.adhoc_text.setFixedHeight(self.adhoc_text.fontMetrics().lineSpacing() * 3 + 12)
        self.send = QPushButton("Send inject")
        self.send.setObjectName("adhocSend")
        form = QFormLayout()
        form.addRow("As:", self.persona)
        form.addRow("Channel:", self.channel)
        form.addRow("Message:", self.adhoc_text)
        form.addRow("", self.send)

        self.note = QLineEdit()
        self.note.setObjectName("facilitatorNote")
        self.note.setPlaceholderText("Observation, stamped with the sim time")
        self.add_note = QPushButton("Add note")
        self.add_note.setObjectName("addNoteButton")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("facilitatorNotes")
        self.notes.setReadOnly(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.add_note)
        notes_box = QVBoxLayout()
        notes_box.addLayout(note_row)
        notes_box.addWidget(self.notes)

        self.pause = QPushButton("Pause everyone")
        self.pause.setObjectName("pauseEveryoneButton")
        self.pause.setCheckable(True)
        self.reveal = QPushButton("Reveal truth")
        self.reveal.setObjectName("revealButton")
        self.reveal.setToolTip("Show the hidden truth to everyone (journaled)")
        self.truth = QPlainTextEdit()
        self.truth.setObjectName("truthText")
        self.truth.setReadOnly(True)
        self.truth.setVisible(False)
        self.truth.setMinimumHeight(160)
        self.feedback = QLabel("")
        self.feedback.setObjectName("facilitatorFeedback")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        control = QHBoxLayout()
        control.addWidget(self.pause)
        control.addWidget(self.reveal)
        control.addStretch(1)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        msel_group = QGroupBox("Master scenario events list (MSEL)")
        msel_group.setLayout(msel_box)
        adhoc_group = QGroupBox("Ad-hoc inject")
        adhoc_group.setLayout(form)
        notes_group = QGroupBox("Notes")
        notes_group.setLayout(notes_box)
        layout.addLayout(control)
        layout.addWidget(self.feedback)
        layout.addWidget(msel_group, 2)
        layout.addWidget(adhoc_group)
        layout.addWidget(notes_group)
        layout.addWidget(self.truth, 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        self.setWidget(area)
        self.setMinimumWidth(330)

        self.fire.clicked.connect(self._fire)
        self.delay.clicked.connect(self._delay)
        self.skip.clicked.connect(self._skip)
        self.send.clicked.connect(self._send)
        self.add_note.clicked.connect(self._note)
        self.note.returnPressed.connect(self._note)
        self.reveal.clicked.connect(self._reveal)
        self.pause.toggled.connect(self._pause)
        session.clock.runningChanged.connect(self._on_running)
        session.clock.heldChanged.connect(lambda _held: self._on_running(session.clock.running))
        session.bridge.recordAdded.connect(self._on_record)
        session.bridge.changed.connect(self._on_changed)
        self._dirty = True
        for record in session.exercise.records:
            self._on_record(record)
        self.refresh()

    def _personas(self) -> list[str]:
        names: list[str] = []
        team = self.session.bundle.team
        names += [s.name for s in team.stakeholders]
        names += [i.sender for i in self.session.bundle.scenario.injects]
        names += [p.name for p in team.people]
        return list(dict.fromkeys(n for n in names if n))

    # ------------------------------------------------------------------ state

    def _on_record(self, record: Record) -> None:
        if record.kind in ("inject", "action", "end"):
            self._dirty = True
        action = typed_action(record)
        if isinstance(action, A.FacilitatorNote):
            self.notes.appendPlainText(f"{stamp(record)}  {action.text}")
        if isinstance(action, A.RevealTruth):
            self.truth.setPlainText(truth_text(self.session))
            self.truth.setVisible(True)
            self.reveal.setEnabled(False)

    def _on_changed(self) -> None:
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the MSEL list from the engine's pending injects."""
        self._dirty = False
        current = self.selected_inject()
        self.msel.clear()
        finished = self.session.exercise.finished
        for pending in self.session.exercise.pending_injects():
            inject = pending.inject
            if pending.due is not None:
                due = f"T+{format_clock(pending.due)}"
            elif inject.when is not None and inject.when.after_action:
                due = f"after {inject.when.after_action}"
            else:
                due = "—"
            item = QTreeWidgetItem(
                [
                    inject.id,
                    due,
                    _STATUS_LABELS.get(pending.status, pending.status),
                    inject.kind.value.replace("_", " "),
                    inject.sender,
                    inject.expected_action or "",
                ]
            )
            # a narrow console hides the right-hand columns: every cell's tooltip tells all
            status = _STATUS_LABELS.get(pending.status, pending.status)
            tip = [f"{inject.id}: {inject.kind.value.replace('_', ' ')} from {inject.sender}"]
            tip.append(f"Due: {due} ({status})")
            if inject.expected_action:
                tip.append(f"Expects: {inject.expected_action}")
            if inject.objective:
                tip.append(f"Objective: {inject.objective}")
            tip += ["", inject.text]
            for column in range(6):
                item.setToolTip(column, plain_tip("\n".join(tip)))
            item.setData(0, Qt.ItemDataRole.UserRole, pending.status)
            if pending.status != "pending":
                for column in range(6):
                    item.setForeground(column, self.palette().placeholderText())
            self.msel.addTopLevelItem(item)
            if inject.id == current:
                self.msel.setCurrentItem(item)
        for widget in (self.fire, self.delay, self.skip, self.send, self.add_note):
            widget.setEnabled(not finished)

    def selected_inject(self) -> str | None:
        """The id of the selected MSEL row."""
        item = self.msel.currentItem()
        return item.text(0) if item is not None else None

    def select_inject(self, inject_id: str) -> bool:
        """Select an MSEL row by inject id."""
        for i in range(self.msel.topLevelItemCount()):
            item = self.msel.topLevelItem(i)
            if item is not None and item.text(0) == inject_id:
                self.msel.setCurrentItem(item)
                return True
        return False

    # ------------------------------------------------------------------ actions

    def _act(self, action: A.Action) -> Record:
        record = self.session.bridge.act(action)
        if record.kind == "rejected":
            self.feedback.setText(f"Not done: {record.payload.get('reason')}")
            self.feedback.setStyleSheet(f"color: {ink_name('#b3261e')};")
        else:
            self.feedback.setText("")
        self.refresh()
        return record

    def _selected_or_say(self) -> str | None:
        inject_id = self.selected_inject()
        if inject_id is None:
            self.feedback.setText("Select an inject in the list first.")
            self.feedback.setStyleSheet(f"color: {ink_name('#b3261e')};")
        return inject_id

    def _fire(self) -> None:
        inject_id = self._selected_or_say()
        if inject_id:
            self._act(A.FireInject(actor=A.FACILITATOR, inject_id=inject_id))

    def _delay(self) -> None:
        inject_id = self._selected_or_say()
        if inject_id:
            by = float(self.delay_by.value() * 60)
            self._act(A.DelayInject(actor=A.FACILITATOR, inject_id=inject_id, by=by))

    def _skip(self) -> None:
        inject_id = self._selected_or_say()
        if inject_id:
            self._act(A.SkipInject(actor=A.FACILITATOR, inject_id=inject_id))

    def _send(self) -> None:
        text = self.adhoc_text.toPlainText().strip()
        sender = self.persona.currentText().strip()
        if not text or not sender:
            self.feedback.setText("Type a message and who sends it.")
            self.feedback.setStyleSheet(f"color: {ink_name('#b3261e')};")
            return
        record = self._act(
            A.AdHocInject(
                actor=A.FACILITATOR,
                sender=sender,
                channel=str(self.channel.currentData()),
                text=text,
            )
        )
        if record.kind != "rejected":
            self.adhoc_text.clear()

    def _note(self) -> None:
        text = self.note.text().strip()
        if text:
            record = self._act(A.FacilitatorNote(actor=A.FACILITATOR, text=text))
            if record.kind != "rejected":
                self.note.clear()

    def _reveal(self) -> None:
        self._act(A.RevealTruth(actor=A.FACILITATOR))

    def _pause(self, paused: bool) -> None:
        """Pause everyone (the clock is held: Space and the play button cannot resume it,
        nor can a seat) or resume everyone; journaled as a facilitator note."""
        clock = self.session.clock
        if paused == clock.held or self.session.exercise.finished:
            self._on_running(clock.running)
            return
        text = "Facilitator paused the exercise" if paused else "Facilitator resumed the exercise"
        self._act(A.FacilitatorNote(actor=A.FACILITATOR, text=text))
        clock.hold(paused)
        self.pauseEveryone.emit(paused)

    def _on_running(self, running: bool) -> None:
        held = self.session.clock.held
        self.pause.blockSignals(True)
        self.pause.setChecked(held)
        self.pause.blockSignals(False)
        self.pause.setText("Resume everyone" if held else "Pause everyone")
