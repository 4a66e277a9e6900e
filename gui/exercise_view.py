"""The trainee's screen: header, inbox and live charts, channel / investigation / timeline, and
the command panel.

Everything the view shows comes from journal records through the session's
:class:`~gui.bridge.ExerciseBridge` and from the folded incident state; everything the human
does goes back as a :mod:`simulator.actions` action through the bridge.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.briefing import Briefing
from gui.charts import HealthCharts
from gui.commands import CommandPanel
from gui.conversation import Conversation
from gui.feeds import Channel, Inbox, Timeline
from gui.header import HeaderBar
from gui.investigation import Investigation
from gui.session import Session
from gui.start_dialog import SPEEDS, Mode
from gui.text import app_namer
from reports.describe import describe_line
from simulator import actions as A
from simulator.journal import Record, typed_action
from simulator.model import Tool

#: Record kinds after which the command panel refreshes (the rest do not change its contents).
_REFRESH_KINDS = frozenset({"action", "page", "task_due", "end"})


class _SpaceGuard(QObject):
    """Lets Space reach a focused button, check box or combo box (to press, tick or open it,
    as keyboard users expect) instead of the play / pause shortcut.

    Text fields already keep their Space; Space anywhere else (a list, the charts) still
    plays / pauses.
    """

    KEEPS_SPACE = (QAbstractButton, QComboBox)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept the shortcut override of a bare Space on those widgets."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, self.KEEPS_SPACE)
        ):
            event.accept()
        return False


def _shortcut_tip(action: QAction) -> None:
    """Append the shortcut to the tooltip, so hovering shows it."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if keys:
        action.setToolTip(f"{action.text().replace('&', '')} ({keys})")


#: Keys a focused text field owns on some platform (Linux line edits: Ctrl+U deletes the line,
#: Ctrl+K to its end; IBus: Ctrl+Shift+U types a character by its code; everywhere: editing,
#: clipboard, undo, word moves): no shortcut of the exercise may take one of them.
TEXT_FIELD_KEYS = frozenset(
    {
        "Ctrl+A",
        "Ctrl+C",
        "Ctrl+V",
        "Ctrl+X",
        "Ctrl+Z",
        "Ctrl+Y",
        "Ctrl+Shift+Z",
        "Ctrl+K",
        "Ctrl+U",
        "Ctrl+W",
        "Ctrl+H",
        "Ctrl+E",
        "Ctrl+B",
        "Ctrl+F",
        "Ctrl+Shift+U",
        "Ctrl+Backspace",
        "Ctrl+Del",
        "Ctrl+Left",
        "Ctrl+Right",
        "Ctrl+Home",
        "Ctrl+End",
        "Home",
        "End",
        "Ctrl+Ins",
        "Shift+Ins",
        "Shift+Del",
        "Ctrl+Return",
        "Ctrl+Enter",
    }
)


#: Narrowest widths of the command panel, the channel and the charts column (pixels).
COMMANDS_MIN = 330
CENTER_MIN = 320
LEFT_MIN = 190


class ExerciseView(QWidget):
    """The live exercise for one session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseView")
        self.session = session
        name = session.person_name
        #: How records are put into words in this view's feeds and feedback.
        self.namer = app_namer(session.bundle, name)
        human = session.human
        self.header = HeaderBar(session)
        self.inbox = Inbox(human, self.namer, session.mode is Mode.TABLETOP)
        self.charts = HealthCharts(session.bundle.scenario)
        self.channel = Channel(human, self.namer)
        self.investigation = Investigation(human, name)
        self.timeline = Timeline(self.namer, human is not None)
        self.commands = CommandPanel(session)

        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftColumn")
        inbox_box = QWidget()
        inbox_layout = QVBoxLayout(inbox_box)
        inbox_layout.setContentsMargins(0, 0, 0, 0)
        inbox_layout.addWidget(_caption("Alerts, pages and inbox"))
        inbox_layout.addWidget(self.inbox)
        charts_box = QWidget()
        charts_layout = QVBoxLayout(charts_box)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(_caption("Service health"))
        charts_layout.addWidget(self.charts)
        left.addWidget(inbox_box)
        left.addWidget(charts_box)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)

        self.center = QTabWidget()
        self.center.setObjectName("centerTabs")
        self.center.setUsesScrollButtons(True)
        self.center_index = {
            "channel": self.center.addTab(self.channel, "Incident channel"),
            "investigate": self.center.addTab(self.investigation, "Investigate"),
            "timeline": self.center.addTab(self.timeline, "Timeline"),
        }
        banner = ""
        if session.mode is Mode.WATCH:
            banner = "Watching a fully simulated team. Open the facilitator console with F9."
        elif session.mode is Mode.TABLETOP:
            banner = (
                "Tabletop: nobody is simulated. Record the group's decisions with the forms "
                "on the right (choose who decided under “Record as”)."
            )
        self.banner = QLabel(banner)
        self.banner.setObjectName("modeBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4d6; color: #5c4400; padding: 4px;")
        self.banner.setVisible(bool(banner))

        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("bodySplitter")
        body.addWidget(left)
        body.addWidget(self.center)
        body.addWidget(self.commands)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 4)
        body.setStretchFactor(2, 3)
        body.setChildrenCollapsible(False)
        body.setSizes([360, 520, 420])
        left.setSizes([260, 420])
        exercise = QWidget()
        layout = QVBoxLayout(exercise)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(body, 1)
        self.body = body
        #: The briefing before the clock starts, then the exercise itself.
        self.briefing = Briefing(session)
        self.pages = QStackedWidget()
        self.pages.addWidget(exercise)
        self.pages.addWidget(self.briefing)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.briefing.started.connect(self.start_clock)

        bridge = session.bridge
        for record in session.exercise.records:
            self._on_record(record)
        self.charts.redraw()
        bridge.recordAdded.connect(self._on_record)
        bridge.changed.connect(self._on_changed)
        self.inbox.acknowledgeRequested.connect(self.acknowledge)
        #: The channel read as incident-command language (confirmations, proposals).
        self.conversation = Conversation(session, self.channel, self.commands, self.act)
        self.timeline.noteRequested.connect(self.note)
        self.investigation.queryRequested.connect(self.query)
        self.commands.actRequested.connect(self.act)
        self._dirty = False
        self.shortcut_actions = self._make_actions()
        self._space_guard: _SpaceGuard | None = _SpaceGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._space_guard)

    # ------------------------------------------------------------------ records

    def _on_record(self, record: Record) -> None:
        self.inbox.add_record(record)
        self.channel.add_record(record)
        self.investigation.add_record(record)
        self.timeline.add_record(record)
        self.charts.add_record(record)
        if record.kind in _REFRESH_KINDS:
            self._dirty = True
        if isinstance(typed_action(record), A.RevealTruth):
            truth = self.session.bundle.scenario.truth
            cause = " ".join(truth.root_cause.split())
            self.banner.setText(f"What really happened ({truth.severity.value}): {cause}")
            self.banner.setStyleSheet("background: #ede9fe; color: #3b0764; padding: 4px;")
            self.banner.setVisible(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share a narrow width fairly (the facilitator console opened beside the view): the
        command panel and the channel keep room for their forms, the charts column gives way."""
        super().resizeEvent(event)
        width = self.body.width()
        if width <= 0:
            return
        commands = max(COMMANDS_MIN, int(width * 0.32))
        center = max(CENTER_MIN, int(width * 0.39))
        left = max(LEFT_MIN, width - commands - center)
        self.body.setSizes([left, center, commands])

    def brief(self) -> None:
        """Show the briefing; the clock waits for its Start."""
        self.session.clock.pause()
        self.pages.setCurrentWidget(self.briefing)
        self.briefing.start.setFocus()

    def start_clock(self) -> None:
        """Leave the briefing and start the clock."""
        self.pages.setCurrentIndex(0)
        if self.briefing.hints.isChecked() and self.session.human:
            self.act(A.SetHints(actor=self.commands.actor, on=True))
        self.session.clock.play()
        if self.session.human:
            self.channel.input.setFocus()

    def _on_changed(self) -> None:
        if self._dirty:
            self._dirty = False
            self.commands.refresh()
            self.conversation.refresh()

    # ------------------------------------------------------------------ acting

    def act(self, action: A.Action) -> Record:
        """Hand an action to the engine and show the outcome."""
        record = self.session.bridge.act(action)
        self.commands.show_result(record.kind, describe_line(record, self.namer))
        return record

    def acknowledge(self) -> None:
        """Acknowledge the human's page."""
        if self.session.human:
            self.act(A.AcknowledgePage(actor=self.commands.actor))

    def say(self, text: str) -> None:
        """Say something in the incident channel (read as commands; see gui/conversation.py)."""
        self.conversation.say(text)

    def note(self, text: str) -> None:
        """Add a note to the scribe's log."""
        if self.session.human:
            self.act(A.AddNote(actor=self.commands.actor, text=text))

    def query(self, tool: Tool, query: str) -> None:
        """Query an investigation tool."""
        if self.session.human:
            record = self.act(A.QueryTool(actor=self.commands.actor, tool=tool, query=query))
            if record.kind == "rejected":
                self.investigation.console(tool).show_rejection(str(record.payload.get("reason")))

    # ------------------------------------------------------------------ shortcuts

    def _make_actions(self) -> dict[str, QAction]:
        clock = self.session.clock
        human = self.session.human is not None

        def make(key: str, text: str, shortcut: str, slot: object, enabled: bool = True) -> None:
            action = QAction(text, self)
            action.setObjectName(f"action_{key}")
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            action.setEnabled(enabled)
            _shortcut_tip(action)
            made[key] = action

        made: dict[str, QAction] = {}
        make("pause", "&Play / pause", "Space", clock.toggle)
        make("step", "Jump to &next inject", "Ctrl+J", clock.step)
        make("faster", "&Faster", "Ctrl+=", lambda: self._change_speed(+1))
        make("slower", "&Slower", "Ctrl+-", lambda: self._change_speed(-1))
        make("ack", "&Acknowledge page", "Ctrl+Shift+A", self.acknowledge, human)
        make("declare", "&Declare incident", "Ctrl+D", lambda: self._focus_tab("declare"), human)
        make("update", "Post internal &update", "Ctrl+Shift+P", self._open_update, human)
        make("status_page", "Post to &status page", "Ctrl+Shift+S", self._open_status_page, human)
        make("task", "Assign &task", "Ctrl+T", lambda: self._focus_tab("tasks"), human)
        make("page", "&Page someone", "Ctrl+P", lambda: self._focus_tab("page"), human)
        make("mitigate", "&Mitigate", "Ctrl+M", lambda: self._focus_tab("mitigate"), human)
        make("resolve", "&Resolve", "Ctrl+R", lambda: self._focus_tab("resolve"), human)
        make("chat", "Type in the &channel", "Ctrl+L", self._focus_chat, human)
        make("investigate", "&Investigate", "Ctrl+I", self._focus_investigate, human)
        make("timeline", "Show the time&line", "Ctrl+Shift+L", lambda: self._center("timeline"))
        self.header.play.setToolTip(made["pause"].toolTip())
        self.header.step.setToolTip(made["step"].toolTip())
        return made

    def _change_speed(self, direction: int) -> None:
        clock = self.session.clock
        ordered = [s for s in SPEEDS if s > 0]
        if clock.speed <= 0:
            index = len(ordered)
        else:
            index = min(range(len(ordered)), key=lambda i: abs(ordered[i] - clock.speed))
        index += direction
        if index >= len(ordered):
            clock.set_speed(0.0)
        else:
            clock.set_speed(ordered[max(0, index)])

    def _center(self, key: str) -> None:
        self.center.setCurrentIndex(self.center_index[key])

    def _focus_tab(self, key: str) -> None:
        self.commands.show_tab(key)
        focus = {
            "declare": self.commands.severity,
            "tasks": self.commands.task_person,
            "page": self.commands.page_person,
            "mitigate": self.commands.strategy,
            "resolve": self.commands.checks["metrics_normal"],
        }.get(key)
        if focus is not None:
            focus.setFocus()

    def _open_update(self) -> None:
        # Ctrl+U while writing the update must not wipe what was typed
        self.commands.refresh_update_form()
        self.commands.show_tab("update")
        self.commands.update_impact.setFocus()

    def _open_status_page(self) -> None:
        self.commands.show_tab("update")
        self.commands.sp_text.setFocus()

    def _focus_chat(self) -> None:
        self._center("channel")
        self.channel.input.setFocus()

    def _focus_investigate(self) -> None:
        self._center("investigate")
        console = self.investigation.currentWidget()
        if console is not None:
            console.setFocus()

    def stop(self) -> None:
        """Stop the view's timers (the clock is the session's) and its key filter."""
        self.charts.stop()
        app = QApplication.instance()
        if self._space_guard is not None and app is not None:
            app.removeEventFilter(self._space_guard)
            self._space_guard = None


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label
