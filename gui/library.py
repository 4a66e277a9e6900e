"""The scenario library: the first screen of the app.

It lists the bundled scenarios plus every scenario in the folders the user added, and the
files opened recently (folders and recent files are remembered with ``QSettings``). The table
sorts and filters; the details pane shows what a player may know before the exercise (summary,
services, team, number of injects) and never the hidden truth. A file that does not load is
still listed, and selecting it shows its problems as ``file:line:col: error: ...`` lines.
Files can be opened from disk or dropped onto the window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.text import plain_tip
from scenarios import BUNDLED_DIR
from simulator.durations import format_duration
from simulator.model import Scenario
from simulator.problems import Level, Problem

#: QSettings keys (values are JSON lists of path strings).
FOLDERS_KEY = "library/folders"
RECENT_KEY = "library/recent"
MAX_RECENT = 10
#: File endings the library opens when files are dropped on it.
SCENARIO_SUFFIXES = (".yaml", ".yml")
DROP_HINT = "Tip: drop scenario files here to open them."
#: Over the problems of a file that did not load (a fixed file is listed again by itself).
PROBLEMS_LABEL = "Problems (fix them with Edit scenario… or any editor; saved fixes show here):"
#: Milliseconds after a change on disk before the library lists the files again (an editor's
#: save is several events: one refresh for all of them).
DISK_CHANGE_MS = 300

COLUMNS = ("Title", "Difficulty", "Duration", "Tags", "Services")
_SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_PATH_ROLE = Qt.ItemDataRole.UserRole + 2
_DIFFICULTY_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}


@dataclass(frozen=True)
class LibraryEntry:
    """One scenario file as the library knows it: loaded, or with the problems that stopped it."""

    path: Path
    scenario: Scenario | None
    problems: tuple[Problem, ...] = ()
    origin: str = "bundled"

    @property
    def ok(self) -> bool:
        """True when the scenario loaded (warnings allowed)."""
        return self.scenario is not None

    @property
    def title(self) -> str:
        """The scenario title, or the file name when it did not load."""
        return self.scenario.title if self.scenario else self.path.name

    @property
    def errors(self) -> list[Problem]:
        """The error-level problems."""
        return [p for p in self.problems if p.level is Level.ERROR]


#: Loaded files by (resolved path, mtime, size): a file is parsed again only when it changes.
_LOADED: dict[tuple[str, int, int], tuple[Scenario | None, tuple[Problem, ...]]] = {}


def _cache_key(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def forget(path: Path) -> None:
    """Drop what was loaded for ``path``: its team or runbooks may have changed."""
    target = str(path.resolve())
    for key in [k for k in _LOADED if k[0] == target]:
        del _LOADED[key]


def is_cached(path: Path) -> bool:
    """True when ``path`` was loaded before and has not changed since."""
    key = _cache_key(path)
    return key is not None and key in _LOADED


def load_entry(path: Path, origin: str) -> LibraryEntry:
    """Load one scenario file for the library (never raises for a bad file)."""
    from simulator.loading import load_scenario

    key = _cache_key(path)
    if key is not None and key in _LOADED:
        scenario, problems = _LOADED[key]
        return LibraryEntry(path, scenario, problems, origin)
    from simulator.loading.files import in_order
    from simulator.loading.validation import validate

    loaded, found = load_scenario(path)
    # what `gameday validate FILE` prints for a scenario: its problems and those of its team
    # and runbooks, warnings included (an alert without a runbook); and for a file that is no
    # scenario (a team file), why it is not one
    checked = validate([path])
    if set(found) <= set(checked) or any(p.level is Level.ERROR for p in checked):
        problems = tuple(checked)
    else:  # validate reads it as another kind of file (a valid team): say why it is no scenario
        problems = tuple(in_order(found + checked))
    # the scenario itself must load; its team's problems are settled when starting (the start
    # dialog offers every team)
    scenario = None if any(p.level is Level.ERROR for p in found) else loaded
    if key is not None:
        _LOADED[key] = (scenario, problems)
    return LibraryEntry(path, scenario, problems, origin)


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files directly inside ``folder`` (team files are skipped)."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if not path.is_file():  # a folder named x.yaml, a pipe (reading it would block)
            continue
        try:
            # only the head: a 10 MB file in the folder must not stall the library
            with path.open("rb") as handle:
                head = handle.read(4096).decode("utf-8", errors="replace")
        except OSError:
            head = ""
        if "gameday/team@" in head:
            continue
        found.append(path)
    return found


@dataclass
class Catalogue:
    """The scenario files the library shows, deduplicated by resolved path, in order found."""

    entries: dict[Path, LibraryEntry] = field(default_factory=dict)

    def add(self, entry: LibraryEntry) -> None:
        """Add or replace the entry for its path."""
        self.entries[entry.path.resolve()] = entry

    def get(self, path: Path) -> LibraryEntry | None:
        """The entry for ``path``, if listed."""
        return self.entries.get(path.resolve())


def _read_list(settings: QSettings, key: str) -> list[str]:
    raw = settings.value(key, "[]")
    try:
        value = json.loads(str(raw))
    except json.JSONDecodeError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _item(text: str, sort_key: object, path: Path) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(sort_key, _SORT_ROLE)
    item.setData(str(path), _PATH_ROLE)
    item.setToolTip(plain_tip(text))
    return item


def _plain_label(text: str = "", word_wrap: bool = True) -> QLabel:
    """A label that shows its text literally (scenario text is never rich text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _FilterProxy(QSortFilterProxyModel):
    """Case-insensitive filter on every column; each word of the filter must match somewhere."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setSortRole(_SORT_ROLE)

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        text = " ".join(
            str(model.index(source_row, c, source_parent).data() or "")
            for c in range(model.columnCount())
        ).lower()
        return all(word in text for word in self._words)


class DetailsPane(QFrame):
    """What a player may know about the selected scenario — never the hidden truth."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("detailsPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = _plain_label()
        self.title.setObjectName("detailsTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.path = _plain_label()
        self.path.setObjectName("detailsPath")
        self.path.setStyleSheet("color: palette(mid);")
        self.summary = _plain_label()
        self.summary.setObjectName("detailsSummary")
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.difficulty = _plain_label()
        self.duration = _plain_label()
        self.services = _plain_label()
        self.services.setObjectName("detailsServices")
        self.team = _plain_label()
        self.team.setObjectName("detailsTeam")
        self.injects = _plain_label()
        self.injects.setObjectName("detailsInjects")
        self.tags = _plain_label()
        for name, widget in (
            ("Difficulty", self.difficulty),
            ("Time limit", self.duration),
            ("Services", self.services),
            ("Team", self.team),
            ("Injects", self.injects),
            ("Tags", self.tags),
        ):
            form.addRow(name + ":", widget)
        self.problems_label = QLabel(PROBLEMS_LABEL)
        self.problems = QListWidget()
        self.problems.setObjectName("problemList")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("font-family: monospace;")
        self.start = QPushButton("Start exercise…")
        self.start.setObjectName("startButton")
        self.start.setToolTip("Choose the team, mode, speed and seed, then start (Enter)")
        self.start.setDefault(True)
        self.edit = QPushButton("Edit scenario…")
        self.edit.setObjectName("editScenarioButton")
        self.edit.setToolTip("Open the file in the scenario editor (F4), broken or not")
        layout.addWidget(self.title)
        layout.addWidget(self.path)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit)
        buttons.addWidget(self.start)
        layout.addLayout(buttons)
        self.show_entry(None)

    def show_entry(self, entry: LibraryEntry | None, team_name: str = "") -> None:
        """Fill the pane for ``entry`` (None: nothing selected)."""
        scenario = entry.scenario if entry else None
        self.title.setText(entry.title if entry else "No scenario selected")
        self.path.setText(str(entry.path) if entry else "")
        if scenario is not None:
            self.summary.setText(scenario.summary)
            self.difficulty.setText(scenario.difficulty.value)
            self.duration.setText(format_duration(scenario.clock.time_limit))
            self.services.setText(
                "\n".join(f"{s.name} ({s.id})" for s in scenario.services) or "none"
            )
            self.team.setText(team_name or (scenario.team or "choose one when starting"))
            self.injects.setText(str(len(scenario.injects)))
            self.tags.setText(", ".join(scenario.tags) or "none")
        else:
            self.summary.setText(
                "This file did not load." if entry else "Select a scenario in the list."
            )
            for label in (self.difficulty, self.duration, self.services, self.team, self.injects):
                label.setText("")
            self.tags.setText("")
        # a file that did not load has no difficulty, time limit...: no empty labels
        for widget in (
            self.difficulty,
            self.duration,
            self.services,
            self.team,
            self.injects,
            self.tags,
        ):
            self.form.setRowVisible(widget, scenario is not None)
        self.problems.clear()
        if entry is not None:
            self.problems.addItems([p.format() for p in entry.problems])
        has_problems = bool(entry and entry.problems)
        self.problems_label.setVisible(has_problems)
        self.problems.setVisible(has_problems)
        self.problems_label.setText(
            PROBLEMS_LABEL if entry and entry.errors else "Warnings:"
        )
        self.start.setEnabled(bool(entry and entry.ok))
        self.edit.setEnabled(entry is not None)


class LibraryView(QWidget):
    """The library page: a filterable, sortable table of scenarios and a details pane."""

    #: The user asked to start an exercise of this scenario file.
    startRequested = Signal(object)
    #: The library changed (folders, recent files or a (re)loaded file).
    changed = Signal()
    #: Every listed file has been loaded.
    loaded = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        self.settings = settings
        self.catalogue = Catalogue()
        self._pending: list[tuple[Path, str]] = []
        self._loader = QTimer(self)
        self._loader.setObjectName("libraryLoader")
        self._loader.setSingleShot(True)
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._load_next)
        # files changed on disk (in the app's editor or elsewhere) are listed again
        self.watcher = QFileSystemWatcher(self)
        self.reload_pending = False
        self.watcher.fileChanged.connect(self._on_disk_change)
        self.watcher.directoryChanged.connect(self._on_disk_change)
        self.setAcceptDrops(True)

        self.filter = QLineEdit()
        self.filter.setObjectName("libraryFilter")
        self.filter.setPlaceholderText("Filter by title, difficulty, tag or service…")
        self.filter.setClearButtonEnabled(True)
        self.open_button = QPushButton("Open file…")
        self.open_button.setToolTip("Open a scenario file from disk (Ctrl+O)")
        self.add_folder_button = QPushButton("Add folder…")
        self.add_folder_button.setToolTip("Add a folder of scenarios to the library")
        self.hint = QLabel(DROP_HINT)
        self.hint.setObjectName("libraryHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")

        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = _FilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("scenarioTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 150)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.details = DetailsPane()

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.add_folder_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.filter.textChanged.connect(self.proxy.set_words)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _index: self._start_current())
        self.details.start.clicked.connect(self._start_current)
        self.open_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)

    # ------------------------------------------------------------------ settings

    def folders(self) -> list[Path]:
        """The extra folders the user added, in the order added."""
        return [Path(p) for p in _read_list(self.settings, FOLDERS_KEY)]

    def recent_files(self) -> list[Path]:
        """Recently opened files, most recent first."""
        return [Path(p) for p in _read_list(self.settings, RECENT_KEY)]

    def _remember_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [
            p for p in _read_list(self.settings, RECENT_KEY) if Path(p) != path.resolve()
        ]
        self.settings.setValue(RECENT_KEY, json.dumps(recent[:MAX_RECENT]))

    def add_folder(self, folder: Path) -> None:
        """Add a folder of scenarios (remembered) and list its scenarios."""
        folders = _read_list(self.settings, FOLDERS_KEY)
        if str(folder.resolve()) not in folders:
            folders.append(str(folder.resolve()))
            self.settings.setValue(FOLDERS_KEY, json.dumps(folders))
        self.refresh()

    def remove_folder(self, folder: Path) -> None:
        """Forget a folder added earlier."""
        folders = [f for f in _read_list(self.settings, FOLDERS_KEY) if Path(f) != folder]
        self.settings.setValue(FOLDERS_KEY, json.dumps(folders))
        self.refresh()

    # ------------------------------------------------------------------ contents

    @property
    def busy(self) -> bool:
        """True while files are still being loaded in the background."""
        return bool(self._pending)

    def refresh(self) -> None:
        """(Re)list the bundled scenarios, the added folders and the recent files.

        Files loaded before (and unchanged) appear at once; the others are loaded one per
        event-loop turn, so the window is usable while a large library fills in. ``loaded``
        is emitted when the last one is in.
        """
        sources: list[tuple[Path, str]] = [(p, "bundled") for p in scenario_files(BUNDLED_DIR)]
        for folder in self.folders():
            sources += [(p, f"folder {folder}") for p in scenario_files(folder)]
        sources += [(p, "recent") for p in self.recent_files() if p.is_file()]
        catalogue = Catalogue()
        pending: list[tuple[Path, str]] = []
        seen: set[Path] = set()
        for path, origin in sources:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            if is_cached(path):
                catalogue.add(load_entry(path, origin))
            else:
                pending.append((path, origin))
        self.catalogue = catalogue
        self._pending = pending
        self._watch([path for path, _origin in sources])
        self._rebuild()
        if pending:
            self._loader.start()
        else:
            self.loaded.emit()

    def _watch(self, files: list[Path]) -> None:
        """Watch the listed files and their folders (a file saved atomically is a new file:
        watch it again after every refresh)."""
        folders = {str(BUNDLED_DIR), *(str(f) for f in self.folders() if f.is_dir())}
        wanted = {str(p) for p in files if p.is_file()} | folders
        wanted |= {str(p.parent) for p in files if p.parent.is_dir()}
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        if wanted - watched:
            self.watcher.addPaths(sorted(wanted - watched))

    def _on_disk_change(self, _path: str) -> None:
        """Something changed on disk: list the files again a moment later (one refresh for
        the several events of one save)."""
        if not self.reload_pending:
            self.reload_pending = True
            QTimer.singleShot(DISK_CHANGE_MS, self, self._reload_changed)

    def _reload_changed(self) -> None:
        """Files changed on disk: list again (a changed file is loaded again; the cache, keyed
        by modification time and size, serves the others at once)."""
        self.reload_pending = False
        self.refresh()

    def _load_next(self) -> None:
        if not self._pending:
            return
        path, origin = self._pending.pop(0)
        entry = load_entry(path, origin)
        self.catalogue.add(entry)
        self.model.appendRow(self._row(entry))
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)
            self._on_current(self.table.currentIndex())
        if self._pending:
            self._loader.start()
        else:
            self.changed.emit()
            self.loaded.emit()

    def _load_now(self, path: Path) -> None:
        """Load a still-pending file at once (the user asked for it)."""
        for item in list(self._pending):
            if item[0].resolve() == path.resolve():
                self._pending.remove(item)
                entry = load_entry(*item)
                self.catalogue.add(entry)
                self.model.appendRow(self._row(entry))

    def _rebuild(self, select: Path | None = None) -> None:
        self._watch([entry.path for entry in self.catalogue.entries.values()])
        current = select or self.current_path()
        self.table.setSortingEnabled(False)
        self.model.removeRows(0, self.model.rowCount())
        for entry in self.catalogue.entries.values():
            self.model.appendRow(self._row(entry))
        self.table.setSortingEnabled(True)
        if current is not None and self.select_path(current):
            pass
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self.details.show_entry(None)
        self.changed.emit()

    def _row(self, entry: LibraryEntry) -> list[QStandardItem]:
        s = entry.scenario
        if s is None:
            count = len(entry.errors)
            title = f"⚠ {entry.path.name} — {count} error{'s' if count != 1 else ''}"
            row = [_item(title, title.lower(), entry.path)]
            row += [_item("", "", entry.path) for _ in COLUMNS[1:]]
            for item in row:
                item.setForeground(QBrush(QColor("#b3261e")))
                item.setToolTip("This file did not load; select it to see why.")
            return row
        return [
            _item(s.title, s.title.lower(), entry.path),
            _item(s.difficulty.value, _DIFFICULTY_ORDER.get(s.difficulty.value, 9), entry.path),
            _item(format_duration(s.clock.time_limit), s.clock.time_limit, entry.path),
            _item(", ".join(s.tags), ", ".join(s.tags), entry.path),
            _item(", ".join(x.id for x in s.services), len(s.services), entry.path),
        ]

    def entries(self) -> list[LibraryEntry]:
        """Every listed entry (in catalogue order, not display order)."""
        return list(self.catalogue.entries.values())

    def visible_titles(self) -> list[str]:
        """The titles in the table as displayed (sorted and filtered)."""
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    def current_path(self) -> Path | None:
        """The file of the selected row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return Path(str(index.siblingAtColumn(0).data(_PATH_ROLE)))

    def current_entry(self) -> LibraryEntry | None:
        """The selected entry, if any."""
        path = self.current_path()
        return self.catalogue.get(path) if path is not None else None

    def select_path(self, path: Path) -> bool:
        """Select the row of ``path`` (clearing a filter that hides it); False if not listed."""
        target = str(path.resolve())
        self._load_now(path)
        for attempt in range(2):
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if str(Path(str(index.data(_PATH_ROLE))).resolve()) == target:
                    self.table.setCurrentIndex(index)
                    self.table.selectRow(row)
                    self.table.scrollTo(index)
                    self._on_current(index)
                    return True
            if attempt == 0 and self.filter.text():
                self.filter.clear()
        return False

    def _on_current(self, index: QModelIndex) -> None:
        entry = self.current_entry() if index.isValid() else None
        self.details.show_entry(entry, self._team_name(entry))

    def _team_name(self, entry: LibraryEntry | None) -> str:
        if entry is None or entry.scenario is None or not entry.scenario.team:
            return ""
        from gui.start_dialog import team_label

        return team_label(entry.path.parent / entry.scenario.team)

    # ------------------------------------------------------------------ opening

    def open_paths(self, paths: Iterable[Path]) -> list[LibraryEntry]:
        """Open scenario files (from disk or a drop): list them, remember them, select the last.

        Files that do not load are listed too, with their problems shown in the details pane.
        """
        opened: list[LibraryEntry] = []
        for path in paths:
            entry = load_entry(path, "opened")
            self.catalogue.add(entry)
            self._remember_recent(path)
            opened.append(entry)
        if opened:
            self._rebuild(select=opened[-1].path)
        return opened

    def choose_files(self) -> None:
        """Ask for scenario files to open."""
        dialog = QFileDialog(self, "Open scenario")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter("Scenario files (*.yaml *.yml);;All files (*)")
        if dialogs.run_modal(dialog):
            self.open_paths(Path(p) for p in dialog.selectedFiles())

    def choose_folder(self) -> None:
        """Ask for a folder of scenarios to add."""
        dialog = QFileDialog(self, "Add a folder of scenarios")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialogs.run_modal(dialog) and dialog.selectedFiles():
            self.add_folder(Path(dialog.selectedFiles()[0]))

    def _start_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.ok:
            self.startRequested.emit(entry.path)

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept drags that carry local files."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the dropped files."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file() and p.suffix.lower() in SCENARIO_SUFFIXES]
        # a picture or a PDF dropped by mistake is not listed (nor remembered) as a scenario
        ignored = [p.name for p in paths if p.is_file() and p not in files]
        for folder in (p for p in paths if p.is_dir()):
            self.add_folder(folder)
        if files:
            self.open_paths(files)
        if ignored:
            self.hint.setText(
                f"Not opened: {', '.join(ignored)} — scenario files end in .yaml or .yml."
            )
            self.hint.setStyleSheet("color: #b3261e;")
        else:
            self.hint.setText(DROP_HINT)
            self.hint.setStyleSheet("color: palette(mid);")
        event.acceptProposedAction()
