"""The History view: every past exercise, sortable, filterable and searchable.

Reads the SQLite index (:mod:`simulator.history`) in the user data folder; the journals stay
the record. From here a past exercise opens in its debrief, its report opens in the browser,
it replays, runs are deleted (after asking, into a trash folder the user can empty) and a
selection is exported as a zip. Imported real-incident timelines are listed too, marked as
real; branches sit under the run they were rewound from.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui import session as _session
from gui.history_model import OUTCOMES, HistoryModel
from simulator.history import Filter, HistoryStore, Row
from simulator.history import files as history_files
from simulator.history.paths import trash_dir

#: Filter combo entry that means "any".
ANY = ""


def history_base() -> Path:
    """The data folder the app's history lives in (the folder that holds ``runs/``)."""
    return _session.runs_root().parent  # looked up on each call (tests move it)


def open_store() -> HistoryStore:
    """The app's history index, up to date with the journals (a damaged one is rebuilt).

    Raises:
        simulator.history.store.HistoryError: the index cannot be opened.
    """
    from reports.history import open_history

    return open_history(history_base())


def open_url(url: QUrl) -> bool:
    """Open a file in the desktop's viewer (tests replace this)."""
    return QDesktopServices.openUrl(url)


class HistoryView(QWidget):
    """Past exercises, with filters, search and what can be done with a selection.

    Signals:
        debriefRequested(str): open this journal's debrief.
        replayRequested(str): replay this journal.
        backRequested(): back to the library.
    """

    debriefRequested = Signal(str)
    replayRequested = Signal(str)
    resumeRequested = Signal(str)
    backRequested = Signal()

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.store = store
        self.model = HistoryModel()
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText("Search scenario, team, trainee, outcome…")
        self.search.setClearButtonEnabled(True)
        self.scenario = self._combo("historyScenario", "All scenarios")
        self.team = self._combo("historyTeam", "All teams")
        self.trainee = self._combo("historyTrainee", "All trainees")
        self.outcome = self._combo("historyOutcome", "Any outcome")
        for key, label in OUTCOMES.items():
            self.outcome.addItem(label, key)
        self.date_from = self._date("historyFrom", "From YYYY-MM-DD")
        self.date_to = self._date("historyTo", "To YYYY-MM-DD")
        self.tree = QTreeView()
        self.tree.setObjectName("historyTable")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.doubleClicked.connect(lambda _i: self.open_debrief())
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (2, 200), (3, 130), (4, 100), (5, 140), (6, 50), (7, 50)):
            header.resizeSection(column, width)
        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        title = QLabel("Exercise history")
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.scenario, self.team, self.trainee, self.outcome):
            filters.addWidget(widget, 1)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addLayout(self._button_row())
        layout.addWidget(self.status)
        self.search.textChanged.connect(self.apply_filter)
        for combo in (self.scenario, self.team, self.trainee, self.outcome):
            combo.currentIndexChanged.connect(self.apply_filter)
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(self.apply_filter)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reload()

    # ------------------------------------------------------------------ parts

    @staticmethod
    def _combo(name: str, any_label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(any_label, ANY)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    @staticmethod
    def _date(name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaximumWidth(130)
        return edit

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for key, label, slot, tip in (
            ("debrief", "Open debrief", self.open_debrief, "The debrief of the selected run"),
            ("report", "Open report", self.open_report, "The post-mortem report in a browser"),
            ("replay", "Replay…", self.replay, "Replay the run; rewind and branch from it"),
            ("resume", "Resume", self.resume, "Go on with a run a crash interrupted, paused"),
            ("export", "Export as zip…", self.export_zip, "The selected runs in one zip file"),
            ("delete", "Delete…", self.delete, "Move the selected runs to the trash"),
        ):
            button = QPushButton(label)
            button.setObjectName(f"history_{key}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        for key, label, slot in (
            ("empty_trash", "Empty trash…", self.empty_trash),
            ("rebuild", "Rebuild index", self.rebuild),
            ("back", "Back to the library", self.backRequested.emit),
        ):
            button = QPushButton(label)
            button.setObjectName(f"history_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        return row

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the index again (keeping the filters)."""
        rows = self.store.rows()
        self._fill(
            self.scenario,
            sorted(
                {(r.scenario_title or r.scenario_id, r.scenario_id) for r in rows if r.scenario_id}
            ),
        )
        self._fill(
            self.team, sorted({(r.team_name or r.team_id, r.team_id) for r in rows if r.team_id})
        )
        self._fill(self.trainee, sorted({(r.trainee, r.trainee) for r in rows if r.trainee}))
        self.model.set_rows(rows, self.current_filter())
        self._shown()
        self._update_trash()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def current_filter(self) -> Filter:
        """The filter the controls describe (a date that is not ``YYYY-MM-DD`` is ignored)."""

        def day(edit: QLineEdit) -> str:
            text = edit.text().strip()
            ok = len(text) == 10 and text[4] == "-" and text[7] == "-"
            edit.setStyleSheet("" if ok or not text else "color: #b3261e;")
            return text if ok else ""

        return Filter(
            scenario=str(self.scenario.currentData() or ""),
            team=str(self.team.currentData() or ""),
            trainee=str(self.trainee.currentData() or ""),
            outcome=str(self.outcome.currentData() or ""),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            text=self.search.text().strip(),
        )

    def apply_filter(self) -> None:
        """Show the rows the controls ask for."""
        self.model.set_filter(self.current_filter())
        self._shown()

    def _shown(self) -> None:
        """Branches open under their run; the count of what is shown."""
        model = self.model
        for i, row in enumerate(model.top):
            if row.journal in model.children_of:
                self.tree.setExpanded(model.index(i, 0), True)
        shown = model.shown_rows()
        n = len(shown)
        damaged = sum(1 for r in shown if r.status == "damaged")
        text = f"{n} exercise{'s' if n != 1 else ''} shown of {model.total}"
        if damaged:
            text += f"; {damaged} damaged (hover for why)"
        self.status.setText(text)
        self._selection_changed()

    # ------------------------------------------------------------------ selection

    def selected_rows(self) -> list[Row]:
        """The selected exercises, in list order."""
        rows = []
        for index in self.tree.selectionModel().selectedRows(0):
            row = self.model.row_at(index)
            if row is not None:
                rows.append(row)
        return rows

    def select_journal(self, journal: str) -> bool:
        """Select the row of a journal; False when it is not shown."""
        index = self.model.index_of(journal)
        if not index.isValid():
            return False
        self.tree.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.setCurrentIndex(index)
        return True

    def _selection_changed(self, *_args: object) -> None:
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        readable = one is not None and one.status == "ok"
        self.buttons["debrief"].setEnabled(readable)
        self.buttons["report"].setEnabled(readable)
        self.buttons["replay"].setEnabled(readable and one is not None and not one.real)
        self.buttons["resume"].setEnabled(
            readable and one is not None and not one.real and one.outcome == "not finished"
        )
        self.buttons["export"].setEnabled(any(r.status != "missing" for r in rows))
        self.buttons["delete"].setEnabled(bool(rows))

    def _update_trash(self) -> None:
        n = history_files.trash_size(trash_dir(history_base()))
        button = self.buttons["empty_trash"]
        button.setText(f"Empty trash ({n})…" if n else "Empty trash")
        button.setEnabled(n > 0)

    # ------------------------------------------------------------------ actions

    def open_debrief(self) -> None:
        """Open the selected run's debrief."""
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].status == "ok":
            self.debriefRequested.emit(rows[0].journal)

    def replay(self) -> None:
        """Replay the selected run."""
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].status == "ok" and not rows[0].real:
            self.replayRequested.emit(rows[0].journal)

    def resume(self) -> None:
        """Resume the selected run, which a crash interrupted (gui/resume.py)."""
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].status == "ok" and rows[0].outcome == "not finished":
            self.resumeRequested.emit(rows[0].journal)

    def open_report(self) -> None:
        """Open the selected run's HTML report (written next to its journal when missing)."""
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        journal = Path(rows[0].journal)
        report = journal.parent / "report.html"
        if not report.is_file():
            from reports.export import write_report
            from reports.history import load_journal
            from simulator.journal import JournalError

            try:
                loaded = load_journal(journal)
                write_report(list(loaded.records), loaded.bundle, journal.parent, ["html"])
            except (JournalError, OSError, ValueError) as exc:
                dialogs.warn(self, "Open report", f"The report could not be written: {exc}")
                return
        open_url(QUrl.fromLocalFile(str(report)))
        self.status.setText(f"Opened {report}")

    def delete(self) -> None:
        """Move the selected runs to the trash, after asking."""
        rows = self.selected_rows()
        if not rows:
            return
        n = len(rows)
        names = "\n".join(f"- {r.scenario_title or r.journal} ({r.started[:16]})" for r in rows[:8])
        more = f"\n… and {n - 8} more" if n > 8 else ""
        trash = trash_dir(history_base())
        if not dialogs.confirm(
            self,
            "Delete exercises",
            f"Move {n} exercise{'s' if n != 1 else ''} to the trash?\n{names}{more}\n\n"
            f"Their run folders go to {trash}; nothing is erased until you empty the trash.",
            "Move to trash",
        ):
            return
        gone, failed = [], []
        for row in rows:
            path = Path(row.journal)
            try:
                if path.exists():
                    history_files.move_to_trash(path, trash)
                gone.append(row.journal)
            except OSError as exc:
                failed.append(f"{row.journal}: {exc.strerror or exc}")
        self.store.remove(gone)
        self.reload()
        if failed:
            dialogs.warn(
                self, "Delete exercises", "Some runs could not be moved:", "\n".join(failed)
            )
        self.status.setText(f"Moved {len(gone)} exercise{'s' if len(gone) != 1 else ''} to {trash}")

    def empty_trash(self) -> None:
        """Erase the trash for good, after asking."""
        trash = trash_dir(history_base())
        n = history_files.trash_size(trash)
        if not n or not dialogs.confirm(
            self,
            "Empty trash",
            f"Erase the {n} deleted run{'s' if n != 1 else ''} in {trash} for good?",
            "Erase",
        ):
            return
        try:
            history_files.empty_trash(trash)
        except OSError as exc:
            dialogs.warn(self, "Empty trash", f"The trash could not be emptied: {exc}")
        self._update_trash()

    def export_zip(self, target: Path | None = None) -> Path | None:
        """Write the selected runs into one zip (asks where unless ``target`` is given)."""
        rows = [r for r in self.selected_rows() if r.status != "missing"]
        if not rows:
            return None
        if target is None:
            dialog = QFileDialog(self, "Export exercises", str(Path.home() / "exercises.zip"))
            dialog.setObjectName("exportZipDialog")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter("Zip archives (*.zip)")
            dialog.setDefaultSuffix("zip")
            if not dialogs.run_modal(dialog) or not dialog.selectedFiles():
                return None
            target = Path(dialog.selectedFiles()[0])
        try:
            members = history_files.export_zip([Path(r.journal) for r in rows], target)
        except OSError as exc:
            dialogs.warn(self, "Export exercises", f"{target} could not be written: {exc}")
            return None
        n = len(rows)
        self.status.setText(
            f"Exported {n} exercise{'s' if n != 1 else ''} ({len(members)} files) to {target}"
        )
        return target

    def rebuild(self) -> None:
        """Read every journal again."""
        from reports.history import summarise
        from simulator.history import indexer

        outcome = indexer.rebuild(self.store, summarise, [_session.runs_root()])
        self.reload()
        self.status.setText(f"Index rebuilt from the journals: {outcome.text()}")

    def stop(self) -> None:
        """Nothing runs here (symmetry with the other pages)."""
