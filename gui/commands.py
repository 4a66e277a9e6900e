"""The incident commander's actions, as forms: one tab per kind of decision.

Declare and re-classify; assign roles and hand over command; page people or escalate along
the team's policy; give named people time-boxed tasks (IC-06) and see their reports; apply a
mitigation (with confirmation); post an internal update from the guide's template and a
status-page update; resolve through the guide's resolution checklist. Every button builds one
:mod:`simulator.actions` action and emits :attr:`CommandPanel.actRequested`; the exercise view
hands it to the engine, so a rejected action shows the engine's reason here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.palette import ink_name
from gui.session import Session
from gui.text import app_namer, plain_tip
from reports.describe import describe_line
from simulator import actions as A
from simulator.durations import format_clock, format_duration
from simulator.journal import typed_action
from simulator.model import Role, Severity, Status, Strategy, Tool
from simulator.state import IncidentState
from simulator.vocabulary import CHECKLIST, role_title, say_number

STRATEGY_LABELS = {
    Strategy.ROLLBACK: "Rollback",
    Strategy.RESTART: "Restart",
    Strategy.FAILOVER: "Failover",
    Strategy.SCALE: "Scale up",
    Strategy.FEATURE_FLAG: "Feature flag off",
    Strategy.BLOCK_TRAFFIC: "Block traffic",
}
TOOL_LABELS = {
    Tool.LOGS: "Logs",
    Tool.METRICS: "Metrics",
    Tool.TRACING: "Tracing",
    Tool.DEPLOY_HISTORY: "Deploy history",
}
#: Actions the update form's "Recent actions" lists (decisions, not talk or investigation).
RECENT_ACTIONS: tuple[type[A.Action], ...] = (
    A.ApplyMitigation,
    A.AssignRole,
    A.Escalate,
    A.PagePerson,
    A.DeclareIncident,
    A.SetSeverity,
    A.PostStatusPage,
    A.OpenBridge,
    A.HandOverCommand,
)


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # long names must not widen the panel: the combo elides, its list still shows everything
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    for label, data in items:
        combo.addItem(label, data)
    return combo


def select_data(combo: QComboBox, data: Any) -> bool:
    """Select the item whose data is ``data``; False if there is none."""
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class _GrowingText(QPlainTextEdit):
    """A text box that asks for no more than its minimum and takes what height is spare."""

    def sizeHint(self) -> QSize:
        """Its minimum: a tall hint would push the form into scrolling at small sizes."""
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _text_box(name: str, lines: int = 3, grow: bool = False) -> QPlainTextEdit:
    """A text box ``lines`` high; ``grow``: at least that, and taller as the window grows."""
    box = _GrowingText() if grow else QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    if grow:
        box.setMinimumHeight(height)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    else:
        box.setFixedHeight(height)
    return box


def _page(*widgets: QWidget, grow: bool = False) -> QScrollArea:
    """A tab's page; ``grow``: its widgets share the extra height (text boxes grow)."""
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(6, 6, 6, 6)
    for widget in widgets:
        layout.addWidget(widget, 1 if grow else 0)
    if not grow:
        layout.addStretch(1)
    # a narrow panel (the facilitator console open beside it) wraps labels above their fields
    # instead of scrolling sideways
    for form in inner.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area


def _group(title: str, form: QFormLayout | QVBoxLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form)
    return box


class CommandPanel(QWidget):
    """Every action the human can take, as tabs of small forms (one builder per form)."""

    #: An action to hand to the engine.
    actRequested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPanel")
        self.session = session
        #: How records are put into words (the update form's recent actions).
        self.namer = app_namer(session.bundle, session.person_name)
        team = session.bundle.team
        self.people = [(f"{p.name} — {p.title or p.experience.value}", p.id) for p in team.people]
        self.services = [(f"{s.name} ({s.id})", s.id) for s in session.bundle.scenario.services]
        acting_row = self._acting_row()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("commandTabs")
        # every tab stays in sight (a narrow panel shortens the labels, never scrolls them away)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabBar().setExpanding(True)
        self.tabs.setStyleSheet("QTabBar::tab { padding: 4px 6px; min-width: 3ex; }")
        self.tab_index: dict[str, int] = {}
        for key, label, build in (
            ("declare", "Declare", self._declare_page),
            ("roles", "Roles", self._roles_page),
            ("page", "Page", self._page_page),
            ("tasks", "Tasks", self._tasks_page),
            ("mitigate", "Mitigate", self._mitigate_page),
            ("update", "Update", self._update_page),
            ("resolve", "Resolve", self._resolve_page),
        ):
            self.tab_index[key] = self.tabs.addTab(build(), label)
        self.feedback = QLabel("")
        self.feedback.setObjectName("actionFeedback")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(acting_row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.feedback)

        self.setEnabled(session.human is not None)
        self._prefilled: tuple[object, ...] = ()
        self.tabs.currentChanged.connect(self._on_tab)
        self.refresh()
        self.prefill_update()

    # ------------------------------------------------------------------ forms

    def _acting_row(self) -> QWidget:
        """Tabletop: whose decision is recorded (the facilitator records anyone's)."""
        session = self.session
        self.acting_as = _combo("actingAs", self.people)
        if session.human:
            select_data(self.acting_as, session.human)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Record as:"))
        layout.addWidget(self.acting_as, 1)
        row.setVisible(bool(session.seat and session.seat.tabletop))
        row.setToolTip("Tabletop: whose decision this is")
        return row

    def _declare_page(self) -> QScrollArea:
        """Declare, re-classify, open the bridge; the team's severity policy below."""
        self.severity = _combo("severityCombo", [(s.value, s) for s in Severity])
        select_data(self.severity, Severity.SEV3)
        self.incident_title = QLineEdit()
        self.incident_title.setObjectName("incidentTitle")
        self.incident_title.setPlaceholderText("e.g. Checkout payments failing")
        self.declare = _button("Declare incident", "declareButton", "Declare the incident (Ctrl+D)")
        self.severity_reason = QLineEdit()
        self.severity_reason.setObjectName("severityReason")
        self.severity_reason.setPlaceholderText("why the severity changes")
        self.change_severity = _button(
            "Change severity", "changeSeverityButton", "Re-classify the incident"
        )
        self.open_bridge = _button(
            "Open bridge call", "openBridgeButton", "Open a bridge call (expected for SEV-1/2)"
        )
        form = QFormLayout()
        form.addRow("Severity:", self.severity)
        form.addRow("Title:", self.incident_title)
        form.addRow("", self.declare)
        form.addRow("Reason:", self.severity_reason)
        form.addRow("", self.change_severity)
        form.addRow("", self.open_bridge)
        self.severity_help = QLabel(self._severity_help())
        self.severity_help.setTextFormat(Qt.TextFormat.PlainText)
        self.severity_help.setWordWrap(True)
        self.severity_help.setStyleSheet("color: palette(mid);")
        self.declare.clicked.connect(self._declare)
        self.change_severity.clicked.connect(self._change_severity)
        self.open_bridge.clicked.connect(lambda: self._act(A.OpenBridge(actor=self.actor)))
        return _page(_group("Declare and classify", form), self.severity_help)

    def _roles_page(self) -> QScrollArea:
        """Assign roles (with who holds which now) and hand over command."""
        self.role_person = _combo("rolePerson", self.people)
        self.role = _combo("roleCombo", [(role_title(r), r) for r in Role])
        self.assign_role = _button(
            "Assign role", "assignRoleButton", "Give the role to a person in the incident"
        )
        self.roles_now = QLabel("")
        self.roles_now.setObjectName("rolesNow")
        self.roles_now.setTextFormat(Qt.TextFormat.PlainText)
        self.roles_now.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Person:", self.role_person)
        form.addRow("Role:", self.role)
        form.addRow("", self.assign_role)
        form.addRow("Now:", self.roles_now)
        self.handover_to = _combo("handoverTo", self.people)
        self.briefing = _text_box("handoverBriefing", 3)
        self.briefing.setPlaceholderText("State, actions in flight, next steps, open questions")
        self.hand_over = _button(
            "Hand over command", "handOverButton", "Explicitly hand over incident command"
        )
        hform = QFormLayout()
        hform.addRow("To:", self.handover_to)
        hform.addRow("Briefing:", self.briefing)
        hform.addRow("", self.hand_over)
        self.assign_role.clicked.connect(self._assign_role)
        self.hand_over.clicked.connect(self._hand_over)
        return _page(_group("Roles", form), _group("Hand over command", hform))

    def _page_page(self) -> QScrollArea:
        """Page a person, escalate a level, and (tabletop) record a join; who is in."""
        self.page_person = _combo("pagePerson", self.people)
        self.page_reason = QLineEdit()
        self.page_reason.setObjectName("pageReason")
        self.page_reason.setPlaceholderText("why you need them")
        self.page = _button("Page person", "pageButton", "Page someone into the incident (Ctrl+P)")
        form = QFormLayout()
        form.addRow("Person:", self.page_person)
        form.addRow("Reason:", self.page_reason)
        form.addRow("", self.page)
        levels = []
        for level in self.session.bundle.team.escalation.levels:
            names = ", ".join(self.session.person_name(t) for t in level.targets)
            levels.append((f"Level {level.level}: {names}", level.level))
        self.escalate_level = _combo("escalateLevel", levels)
        self.escalate_reason = QLineEdit()
        self.escalate_reason.setObjectName("escalateReason")
        self.escalate = _button("Escalate", "escalateButton", "Page an escalation level now")
        eform = QFormLayout()
        eform.addRow("Level:", self.escalate_level)
        eform.addRow("Reason:", self.escalate_reason)
        eform.addRow("", self.escalate)
        self.join = _button(
            "Joined the incident",
            "joinButton",
            "Tabletop: record that the person chosen under “Record as” joined the incident",
        )
        seat = self.session.seat
        self.join.setVisible(bool(seat and seat.tabletop))
        form.addRow("", self.join)
        self.people_status = QLabel("")
        self.people_status.setObjectName("peopleStatus")
        self.people_status.setTextFormat(Qt.TextFormat.PlainText)
        self.people_status.setWordWrap(True)
        self.page.clicked.connect(self._page_person)
        self.escalate.clicked.connect(self._escalate)
        self.join.clicked.connect(lambda: self._act(A.Join(actor=self.actor)))
        return _page(_group("Page", form), _group("Escalation policy", eform), self.people_status)

    def _tasks_page(self) -> QScrollArea:
        """A new time-boxed task (optionally a tool query or a mitigation) and the task list."""
        self.task_person = _combo("taskPerson", self.people)
        self.task_text = QLineEdit()
        self.task_text.setObjectName("taskText")
        self.task_text.setPlaceholderText("e.g. Check payments-api logs for the errors")
        self.task_box = QSpinBox()
        self.task_box.setObjectName("taskTimebox")
        self.task_box.setRange(1, 240)
        self.task_box.setValue(10)
        self.task_box.setSuffix(" min")
        self.task_tool = _combo(
            "taskTool", [("— no tool —", None), *[(v, k) for k, v in TOOL_LABELS.items()]]
        )
        self.task_query = QLineEdit()
        self.task_query.setObjectName("taskQuery")
        self.task_query.setPlaceholderText("query for the tool")
        self.task_strategy = _combo(
            "taskStrategy",
            [("— no mitigation —", None), *[(v, k) for k, v in STRATEGY_LABELS.items()]],
        )
        self.task_target = _combo("taskTarget", self.services)
        self.assign_task = _button(
            "Assign task", "assignTaskButton", "Give a named person a time-boxed task (Ctrl+T)"
        )
        form = QFormLayout()
        form.addRow("Person:", self.task_person)
        form.addRow("Task:", self.task_text)
        form.addRow("Time-box:", self.task_box)
        form.addRow("Investigate:", self.task_tool)
        form.addRow("Query:", self.task_query)
        form.addRow("Mitigate:", self.task_strategy)
        form.addRow("Target:", self.task_target)
        form.addRow("", self.assign_task)
        self.tasks = QTreeWidget()
        self.tasks.setObjectName("taskList")
        self.tasks.setHeaderLabels(["Task", "Who", "Due", "Status / report"])
        self.tasks.setRootIsDecorated(False)
        self.tasks.setWordWrap(True)
        self.tasks.setMinimumHeight(140)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tasks.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.follow_up = _button(
            "Follow up on selected task", "followUpButton", "Check in on an overdue task"
        )
        tasks_box = QVBoxLayout()
        tasks_box.addWidget(self.tasks)
        tasks_box.addWidget(self.follow_up, 0, Qt.AlignmentFlag.AlignRight)
        self.assign_task.clicked.connect(self._assign_task)
        self.follow_up.clicked.connect(self._follow_up)
        return _page(_group("New task", form), _group("Tasks", tasks_box))

    def _mitigate_page(self) -> QScrollArea:
        """Apply a strategy to a service (asks first); what was applied so far."""
        self.strategy = _combo("strategyCombo", [(v, k) for k, v in STRATEGY_LABELS.items()])
        self.target = _combo("targetCombo", self.services)
        self.apply = _button(
            "Apply mitigation…", "applyMitigationButton", "Apply the strategy (Ctrl+M); asks first"
        )
        form = QFormLayout()
        form.addRow("Strategy:", self.strategy)
        form.addRow("Target:", self.target)
        form.addRow("", self.apply)
        self.mitigations_now = QLabel("No mitigation applied yet.")
        self.mitigations_now.setObjectName("mitigationsNow")
        self.mitigations_now.setTextFormat(Qt.TextFormat.PlainText)
        self.mitigations_now.setWordWrap(True)
        principle = QLabel(
            "Mitigate first, debug later: reduce the impact even before the cause is understood."
        )
        principle.setWordWrap(True)
        principle.setStyleSheet("color: palette(mid);")
        self.apply.clicked.connect(self._apply)
        return _page(_group("Mitigate", form), self.mitigations_now, principle)

    def _update_page(self) -> QScrollArea:
        """The internal update in the guide's template (prefilled) and the status-page post."""
        statuses = [(s.value, s) for s in Status]
        self.update_severity = _combo("updateSeverity", [(s.value, s) for s in Severity])
        self.update_status = _combo("updateStatus", statuses)
        self.update_impact = _text_box("updateImpact", 3, grow=True)
        self.update_actions = _text_box("updateActions", 3, grow=True)
        self.update_next = _text_box("updateNext", 3, grow=True)
        self.update_eta = QLineEdit("Unknown")
        self.update_eta.setObjectName("updateEta")
        self.prefill = _button("Prefill", "prefillButton", "Fill the form from the incident so far")
        self.post_update = _button(
            "Post update", "postUpdateButton", "Post the internal update (Ctrl+Shift+P)"
        )
        form = QFormLayout()
        form.addRow("Severity:", self.update_severity)
        form.addRow("Status:", self.update_status)
        form.addRow("Current impact:", self.update_impact)
        form.addRow("Recent actions:", self.update_actions)
        form.addRow("Next steps:", self.update_next)
        form.addRow("ETA:", self.update_eta)
        row = QHBoxLayout()
        row.addWidget(self.prefill)
        row.addStretch(1)
        row.addWidget(self.post_update)
        form.addRow(row)
        self.sp_status = _combo("statusPageStatus", statuses)
        self.sp_text = _text_box("statusPageText", 3, grow=True)
        self.post_status = _button(
            "Post to status page",
            "postStatusPageButton",
            "Post a customer-facing update (Ctrl+Shift+S): clear, non-technical language",
        )
        sform = QFormLayout()
        sform.addRow("Status:", self.sp_status)
        sform.addRow("Message:", self.sp_text)
        sform.addRow("", self.post_status)
        self.prefill.clicked.connect(self.prefill_update)
        self.post_update.clicked.connect(self._post_update)
        self.post_status.clicked.connect(self._post_status)
        return _page(
            _group("Internal update (guide template)", form),
            _group("Status page", sform),
            grow=True,
        )

    def _resolve_page(self) -> QScrollArea:
        """The guide's resolution checklist, a summary, and the resolve button."""
        self.checks: dict[str, QCheckBox] = {}
        checklist = QVBoxLayout()
        for key, label in CHECKLIST:
            box = QCheckBox(label)
            box.setObjectName(f"check_{key}")
            self.checks[key] = box
            checklist.addWidget(box)
        self.resolve_summary = _text_box("resolveSummary", 3)
        self.resolve_summary.setPlaceholderText("What happened and what fixed it")
        checklist.addWidget(QLabel("Summary:"))
        checklist.addWidget(self.resolve_summary)
        self.resolve = _button(
            "Resolve incident…", "resolveButton", "Resolve through the checklist (Ctrl+R)"
        )
        checklist.addWidget(self.resolve, 0, Qt.AlignmentFlag.AlignRight)
        note = QLabel("Temporary mitigations can remain in place.")
        note.setStyleSheet("color: palette(mid);")
        self.resolve.clicked.connect(self._resolve)
        return _page(_group("Resolution checklist", checklist), note)

    # ------------------------------------------------------------------ helpers

    @property
    def actor(self) -> str:
        """Who the actions are taken as."""
        data = self.acting_as.currentData()
        return str(data) if data else (self.session.human or "")

    def show_tab(self, key: str) -> None:
        """Bring a tab to the front."""
        self.tabs.setCurrentIndex(self.tab_index[key])

    def _act(self, action: A.Action) -> None:
        self.actRequested.emit(action)

    def show_result(self, kind: str, text: str) -> None:
        """Show the outcome of the last action (``rejected`` in red, with the engine's reason)."""
        self.feedback.setText(text)
        colour = "#b3261e" if kind == "rejected" else "#2e7d32"
        self.feedback.setStyleSheet(f"color: {ink_name(colour)};")

    def _severity_help(self) -> str:
        lines = []
        for severity, rule in self.session.bundle.team.severity_policy:
            every = format_duration(rule.update_every) if rule.update_every else "as needed"
            lines.append(
                f"{severity.value}: respond within {format_duration(rule.response_time)}, "
                f"updates {every}" + (", bridge call" if rule.bridge else "")
            )
        return "Team severity policy:\n" + "\n".join(lines)

    # ------------------------------------------------------------------ actions

    def _declare(self) -> None:
        self._act(
            A.DeclareIncident(
                actor=self.actor,
                severity=Severity(self.severity.currentData()),
                title=self.incident_title.text().strip(),
            )
        )

    def _change_severity(self) -> None:
        self._act(
            A.SetSeverity(
                actor=self.actor,
                severity=Severity(self.severity.currentData()),
                reason=self.severity_reason.text().strip(),
            )
        )

    def _assign_role(self) -> None:
        self._act(
            A.AssignRole(
                actor=self.actor,
                person=str(self.role_person.currentData()),
                role=Role(self.role.currentData()),
            )
        )

    def _hand_over(self) -> None:
        to = str(self.handover_to.currentData())
        if to == self.actor:
            self.show_result(
                "rejected",
                f"Not done — {self.session.person_name(to)} cannot hand command over to "
                "themself: choose who takes over under “To”.",
            )
            return
        if dialogs.confirm(
            self,
            "Hand over command",
            f"Hand incident command to {self.session.person_name(to)}?",
            "Hand over",
        ):
            self._act(
                A.HandOverCommand(
                    actor=self.actor, to=to, briefing=self.briefing.toPlainText().strip()
                )
            )

    def _page_person(self) -> None:
        self._act(
            A.PagePerson(
                actor=self.actor,
                person=str(self.page_person.currentData()),
                reason=self.page_reason.text().strip(),
            )
        )

    def _escalate(self) -> None:
        self._act(
            A.Escalate(
                actor=self.actor,
                level=int(self.escalate_level.currentData()),
                reason=self.escalate_reason.text().strip(),
            )
        )

    def _assign_task(self) -> None:
        tool = self.task_tool.currentData()
        strategy = self.task_strategy.currentData()
        self._act(
            A.AssignTask(
                actor=self.actor,
                person=str(self.task_person.currentData()),
                task=self.task_text.text().strip(),
                timebox=float(self.task_box.value() * 60),
                tool=Tool(tool) if tool else None,
                query=self.task_query.text().strip() if tool else "",
                strategy=Strategy(strategy) if strategy else None,
                target=str(self.task_target.currentData()) if strategy else "",
            )
        )

    def _follow_up(self) -> None:
        item = self.tasks.currentItem()
        if item is None:
            self.show_result("rejected", "Select a task in the list first.")
            return
        self._act(A.FollowUpTask(actor=self.actor, task_id=item.text(0)))

    def _apply(self) -> None:
        strategy = Strategy(self.strategy.currentData())
        target = str(self.target.currentData())
        label = STRATEGY_LABELS[strategy].lower()
        if dialogs.confirm(
            self,
            "Apply mitigation",
            f"Apply {label} to {target}?\n\nThis changes production.",
            "Apply",
        ):
            self._act(A.ApplyMitigation(actor=self.actor, strategy=strategy, target=target))

    def _post_update(self) -> None:
        self._act(
            A.PostUpdate(
                actor=self.actor,
                severity=Severity(self.update_severity.currentData()),
                status=Status(self.update_status.currentData()),
                impact=self.update_impact.toPlainText().strip(),
                recent_actions=self.update_actions.toPlainText().strip(),
                next_steps=self.update_next.toPlainText().strip(),
                eta=self.update_eta.text().strip(),
            )
        )

    def _post_status(self) -> None:
        self._act(
            A.PostStatusPage(
                actor=self.actor,
                status=Status(self.sp_status.currentData()),
                text=self.sp_text.toPlainText().strip(),
            )
        )

    def _resolve(self) -> None:
        values = {key: box.isChecked() for key, box in self.checks.items()}
        missing = [label for key, label in CHECKLIST if not values[key]]
        if missing and not dialogs.confirm(
            self,
            "Resolve incident",
            "These checklist items are not ticked:\n- "
            + "\n- ".join(missing)
            + "\n\nResolve anyway?",
            "Resolve anyway",
        ):
            return
        self._act(
            A.MarkResolved(
                actor=self.actor, summary=self.resolve_summary.toPlainText().strip(), **values
            )
        )

    # ------------------------------------------------------------------ state

    def refresh(self) -> None:
        """Update the parts that follow the incident state (roles, people, tasks...)."""
        state = self.session.exercise.state
        name = self.session.person_name
        self.declare.setEnabled(not state.declared)
        self.change_severity.setEnabled(state.declared and not state.resolved)
        self.open_bridge.setEnabled(state.bridge_open_at is None)
        roles = [
            f"{role_title(role)}: {', '.join(name(p) for p in people)}"
            for role, people in state.roles.items()
            if people
        ]
        self.roles_now.setText("\n".join(roles) or "nobody yet")
        for combo in (self.role_person, self.handover_to, self.task_person):
            self._mark_people(combo, state)
        self.people_status.setText(self._people_text(state))
        self._refresh_tasks(state)
        if state.mitigations:
            self.mitigations_now.setText(
                "\n".join(
                    f"T+{format_clock(m.applied_at)} {m.strategy.replace('_', ' ')} "
                    f"of {m.target} by {name(m.actor)}"
                    for m in state.mitigations
                )
            )

    def _mark_people(self, combo: QComboBox, state: IncidentState) -> None:
        for i in range(combo.count()):
            person = str(combo.itemData(i))
            base = next(label for label, pid in self.people if pid == person)
            mark = " ✓ in incident" if state.in_incident(person) else ""
            if combo.itemText(i) != base + mark:
                combo.setItemText(i, base + mark)

    def _people_text(self, state: IncidentState) -> str:
        name = self.session.person_name
        lines = []
        for person in self.session.bundle.team.people:
            pid = person.id
            if state.in_incident(pid):
                what = "in the incident"
            elif pid in state.paged:
                what = f"paged at T+{format_clock(state.paged[pid])}, not acknowledged"
            else:
                continue
            lines.append(f"{name(pid)}: {what}")
        return "\n".join(lines) or "Nobody paged yet."

    def _refresh_tasks(self, state: IncidentState) -> None:
        current = self.tasks.currentItem()
        selected = current.text(0) if current else None
        self.tasks.clear()
        name = self.session.person_name
        for task in state.tasks.values():
            if task.done:
                status = f"done: {task.result}"
            elif task.reported_at is not None:
                status = f"in progress: {task.result}"
            elif task.due_at <= state.now:
                status = "OVERDUE — follow up"
            else:
                status = "working"
            what = task.task
            if not what and task.strategy:
                what = f"{task.strategy.replace('_', ' ')} of {task.target}"
            elif not what and task.tool:
                what = f"{task.tool.replace('_', ' ')}: {task.query}".rstrip(": ")
            item = QTreeWidgetItem(
                [
                    task.id,
                    name(task.person),
                    f"T+{format_clock(task.due_at)}",
                    f"{what} — {status}",
                ]
            )
            item.setToolTip(3, plain_tip(f"{what}\n{status}"))
            self.tasks.addTopLevelItem(item)
            if task.id == selected:
                self.tasks.setCurrentItem(item)

    def _update_form(self) -> tuple[object, ...]:
        return (
            self.update_severity.currentIndex(),
            self.update_status.currentIndex(),
            self.update_impact.toPlainText(),
            self.update_actions.toPlainText(),
            self.update_next.toPlainText(),
        )

    def _on_tab(self, index: int) -> None:
        """Opening the Update tab refreshes the prefilled form, unless the user edited it:
        a form filled at T+0 would post a stale severity and "no impact"."""
        if index == self.tab_index.get("update"):
            self.refresh_update_form()

    def refresh_update_form(self) -> None:
        """Prefill the update form again unless the user has edited it since the last fill."""
        if self._update_form() == self._prefilled:
            self.prefill_update()

    def prefill_update(self) -> None:
        """Fill the internal-update form from the incident so far (the guide's template)."""
        state = self.session.exercise.state
        select_data(self.update_severity, state.severity or Severity(self.severity.currentData()))
        select_data(self.update_status, state.status or Status.INVESTIGATING)
        select_data(self.sp_status, state.status or Status.INVESTIGATING)
        self.update_impact.setPlainText(self._impact_text())
        self.update_actions.setPlainText(self._recent_actions(state))
        open_tasks = [f"{self.session.person_name(t.person)}: {t.task}" for t in state.open_tasks()]
        self.update_next.setPlainText("; ".join(open_tasks) or "Continue the investigation.")
        self._prefilled = self._update_form()
        if not self.sp_text.toPlainText().strip():
            names = [s.name for s in self.session.bundle.scenario.services if s.customer_facing]
            affected = ", ".join(names[:2]) or "some services"
            self.sp_text.setPlainText(
                f"We are investigating a problem affecting {affected}. Some customers may see "
                "errors. We will post another update within 30 minutes."
            )

    def _impact_text(self) -> str:
        metrics = self.session.exercise.visible_metrics()
        parts = []
        for service in self.session.bundle.scenario.services:
            for metric in service.metrics:
                value = metrics.get(f"{service.id}.{metric.id}")
                if value is None:
                    continue
                base = metric.baseline
                off = abs(value - base) > max(abs(base) * 0.25, 1e-9)
                if off:
                    parts.append(
                        f"{service.name} {metric.name} {say_number(value, metric.unit)} "
                        f"(normally {say_number(base, metric.unit)})"
                    )
        return "; ".join(parts) or "No customer impact visible on the dashboards."

    def _recent_actions(self, state: IncidentState) -> str:
        since = state.last_update_at or 0.0
        lines = [
            describe_line(record, self.namer)
            for record in self.session.exercise.records
            if record.t >= since and isinstance(typed_action(record), RECENT_ACTIONS)
        ]
        return "; ".join(lines[-6:]) or "Investigating."
