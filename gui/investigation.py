"""Investigation tools (the guide's Phase 3): logs, metrics, tracing and deploy history.

Each tool is a tab with a query box and a results pane styled like the tool's own console
(monospace, dark), filled from the ``finding`` records the engine writes for the human's
queries — and for the investigation tasks others carry out, labelled with who found it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.text import stamp
from simulator import actions as A
from simulator.journal import Record, typed_action
from simulator.model import Tool

#: Tab label, prompt and query placeholder of each tool.
TOOLS: dict[Tool, tuple[str, str, str]] = {
    Tool.LOGS: ("Logs", "logs>", 'e.g. payments-api error  (like {app="payments-api"} |= "error")'),
    Tool.METRICS: ("Metrics", "metrics>", "e.g. payments-api 5xx  (like a PromQL query)"),
    Tool.TRACING: ("Tracing", "traces>", "e.g. checkout authorise  (a service or operation)"),
    Tool.DEPLOY_HISTORY: ("Deploy history", "deploys>", "e.g. payments-api  (empty: all)"),
}

CONSOLE_STYLE = (
    "QPlainTextEdit { background: #0f172a; color: #e2e8f0; font-family: monospace;"
    " font-size: 9pt; }"
)


class ToolConsole(QWidget):
    """One tool: a query box, a Run button and the results pane."""

    queryRequested = Signal(object, str)

    def __init__(self, tool: Tool) -> None:
        super().__init__()
        self.tool = tool
        label, self.prompt, placeholder = TOOLS[tool]
        self.setObjectName(f"tool_{tool.value}")
        self.query = QLineEdit()
        self.query.setObjectName(f"query_{tool.value}")
        self.query.setPlaceholderText(placeholder)
        self.query.setStyleSheet("font-family: monospace;")
        self.run = QPushButton("Run query")
        self.run.setObjectName(f"run_{tool.value}")
        self.run.setToolTip(f"Query {label.lower()} (Enter)")
        self.results = QPlainTextEdit()
        self.results.setObjectName(f"results_{tool.value}")
        self.results.setReadOnly(True)
        self.results.setStyleSheet(CONSOLE_STYLE)
        # long log lines wrap: the finding at the end of a line must not hide off-screen
        self.results.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.results.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        row = QHBoxLayout()
        prompt = QLabel(self.prompt)
        prompt.setStyleSheet("font-family: monospace;")
        row.addWidget(prompt)
        row.addWidget(self.query, 1)
        row.addWidget(self.run)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        self.query.returnPressed.connect(self._run)
        self.run.clicked.connect(self._run)

    def _run(self) -> None:
        self.queryRequested.emit(self.tool, self.query.text().strip())

    def show_query(self, record: Record, who: str = "") -> None:
        """Echo a query as the tool's prompt line."""
        by = f"   # {who}" if who else ""
        query = str(record.payload.get("query", "")) or "*"
        self.results.appendPlainText(f"[{stamp(record)}] {self.prompt} {query}{by}")

    def show_finding(self, record: Record, who: str = "") -> None:
        """Append what a query revealed."""
        text = str(record.payload.get("text", "")) or "(no results)"
        if who:
            text = f"({who} reports)\n{text}"
        self.results.appendPlainText(text + "\n")

    def show_rejection(self, reason: str) -> None:
        """Say why a query was not run."""
        self.results.appendPlainText(f"error: {reason}\n")


class Investigation(QTabWidget):
    """The four tool consoles as tabs."""

    queryRequested = Signal(object, str)

    def __init__(self, human: str | None, name: Callable[[str], str]) -> None:
        super().__init__()
        self.setObjectName("investigation")
        self.setUsesScrollButtons(True)
        self.human = human
        self.name = name
        self.consoles: dict[Tool, ToolConsole] = {}
        for tool, (label, _prompt, _placeholder) in TOOLS.items():
            console = ToolConsole(tool)
            console.queryRequested.connect(self.queryRequested)
            console.setEnabled(human is not None)
            self.consoles[tool] = console
            self.addTab(console, label)

    def console(self, tool: Tool | str) -> ToolConsole:
        """The console of ``tool``."""
        return self.consoles[Tool(tool)]

    def add_record(self, record: Record) -> None:
        """Show queries and findings (the human's and everyone else's) in their tool's pane."""
        p = record.payload
        tool = p.get("tool")
        if tool not in {t.value for t in Tool}:
            return
        who = "" if record.actor == self.human else self.name(record.actor)
        if isinstance(typed_action(record), A.QueryTool):
            self.console(str(tool)).show_query(record, who)
        elif record.kind == "finding":
            self.console(str(tool)).show_finding(record, who)
