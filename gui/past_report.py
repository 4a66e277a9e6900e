"""A past run without scenario files (an imported real incident's timeline): its post-mortem.

There is no hidden truth to reveal and no scenario to score against, so instead of the
debrief the app shows the report the journal gives (scored with the guide's targets), marked
as a real incident, with a button to open the HTML report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QVBoxLayout, QWidget

from reports.history import LoadedJournal
from reports.markdown import render_markdown
from reports.scored import score_run
from reports.viewmodel import build_report

_MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


class PastReport(QWidget):
    """The post-mortem of a journal that has no scenario files."""

    backRequested = Signal()

    def __init__(self, loaded: LoadedJournal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastReport")
        self.loaded = loaded
        run = score_run(loaded.records, None)
        model = build_report(run)
        self.title = model.incident_title
        real = str(loaded.header.get("scenario_id", "")).startswith("imported:")
        heading = QLabel(("Real incident: " if real else "Past run: ") + model.incident_title)
        heading.setObjectName("pastReportTitle")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold; color: #6a1b9a;")
        note = QLabel(
            "An imported timeline of a real incident, scored against the guide's targets."
            if real
            else "The scenario files of this run are missing: "
            + "; ".join(loaded.notes or ("scored with the guide's targets",))
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QTextEdit()
        self.text.setObjectName("pastReportText")
        self.text.setReadOnly(True)
        self.text.document().setMarkdown(render_markdown(model), _MARKDOWN)
        back = QPushButton("Back to the library")
        back.setObjectName("pastReportBack")
        back.clicked.connect(self.backRequested.emit)
        row = QHBoxLayout()
        row.addWidget(QLabel(f"Journal: {loaded.path}"), 1)
        row.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def stop(self) -> None:
        """Nothing runs here."""
