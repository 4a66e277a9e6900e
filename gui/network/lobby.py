"""The host's lobby page and the game-day dock beside the facilitator console.

The lobby shows what participants type to join (the address and the join code, large), who
holds which seat, and what happened at the door; the facilitator starts the clock from it
(or it starts by itself once every seat is taken). During the exercise the
:class:`GameDayDock` keeps the address, code and seats in view, lets the facilitator choose
what happens when a player drops, and shares the debrief with the seats after the end.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.network.dialogs import OnDrop
from gui.network.scores import SeatScores
from simulator.vocabulary import role_label


def _big(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    label.setFont(font)
    return label


class RosterTable(QTableWidget):
    """Seat, starting role, player and whether they are connected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("rosterTable")
        self.setHorizontalHeaderLabels(["Seat", "Starts as", "Player", "Status"])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def fill(self, roster: list[dict[str, Any]]) -> None:
        """Show ``roster`` (the room's seats)."""
        self.setRowCount(len(roster))
        for row, seat in enumerate(roster):
            role = seat.get("role")
            if seat.get("connected"):
                status, colour = "connected", "#1b7f3b"
            elif seat.get("simulated"):
                status, colour = "away — the simulator plays them", "#8a5a00"
            elif seat.get("player"):
                status, colour = "disconnected — can rejoin", "#b3261e"
            else:
                status, colour = "waiting for a player", ""
            cells = [
                str(seat.get("name", "")),
                role_label(str(role)) if role else "responder",
                str(seat.get("player") or "—"),
                status,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3 and colour:
                    item.setForeground(QColor(colour))
                self.setItem(row, column, item)

    def statuses(self) -> list[str]:
        """Each row's text, ``"Seat | Player | Status"`` (tests read it)."""
        out = []
        for row in range(self.rowCount()):
            cells = [self.item(row, c) for c in (0, 2, 3)]
            out.append(" | ".join(c.text() if c is not None else "" for c in cells))
        return out


class LobbyView(QWidget):
    """The host's lobby.

    Signals:
        startRequested(): the facilitator pressed Start exercise.
        cancelRequested(): the facilitator closed the lobby.
    """

    startRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, title: str, address: str, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lobbyView")
        heading = QLabel(f"Game day lobby — {title}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        self.address = _big(address, "lobbyAddress")
        self.code = _big(code, "lobbyCode")
        how = QLabel(
            "On each participant's computer: Exercise > Join game day… with this address and "
            f"code, or run\n    gameday join {address} --code {code}"
        )
        how.setObjectName("lobbyHow")
        how.setTextFormat(Qt.TextFormat.PlainText)
        how.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        join = QFormLayout()
        join.addRow("Join address:", self.address)
        join.addRow("Join code:", self.code)
        self.roster = RosterTable()
        self.log = QListWidget()
        self.log.setObjectName("lobbyLog")
        self.log.setMaximumHeight(140)
        self.status = QLabel("")
        self.status.setObjectName("lobbyStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.start = QPushButton("Start exercise")
        self.start.setObjectName("startGameDay")
        self.start.setToolTip(
            "Start the clock now; seats nobody has taken are played by the simulator"
        )
        self.cancel = QPushButton("Close the lobby")
        self.cancel.setObjectName("cancelGameDay")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.start)
        seats = QGroupBox("Seats")
        seats_layout = QVBoxLayout(seats)
        seats_layout.addWidget(self.roster)
        door = QGroupBox("At the door")
        door_layout = QVBoxLayout(door)
        door_layout.addWidget(self.log)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(join)
        layout.addWidget(how)
        layout.addWidget(seats, 1)
        layout.addWidget(door)
        layout.addLayout(buttons)
        self.start.clicked.connect(self.startRequested)
        self.cancel.clicked.connect(self.cancelRequested)

    def show_roster(self, roster: list[dict[str, Any]]) -> None:
        """Refresh the seats and the count of who is in."""
        self.roster.fill(roster)
        taken = sum(1 for s in roster if s.get("connected"))
        self.status.setText(f"{taken} of {len(roster)} seats taken")
        self.start.setEnabled(taken > 0)

    def add_log(self, line: str) -> None:
        """One line of what happened at the door."""
        self.log.addItem(line)
        self.log.scrollToBottom()


class GameDayDock(QDockWidget):
    """The host's game-day controls during and after the exercise.

    Signals:
        shareRequested(): share the debrief (the whole journal) with every seat.
    """

    shareRequested = Signal()

    def __init__(
        self, address: str, code: str, on_drop: OnDrop, parent: QWidget | None = None
    ) -> None:
        super().__init__("Game day", parent)
        self.setObjectName("gameDayDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.where = QLabel(f"{address}   code {code}")
        self.where.setObjectName("gameDayWhere")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.roster = RosterTable()
        self.on_drop = QComboBox()
        self.on_drop.setObjectName("gameDayOnDrop")
        for choice in OnDrop:
            self.on_drop.addItem(choice.label, choice.value)
        self.on_drop.setCurrentIndex(self.on_drop.findData(on_drop.value))
        self.log = QListWidget()
        self.log.setObjectName("gameDayLog")
        self.log.setMaximumHeight(110)
        self.share = QPushButton("Share the debrief with the seats")
        self.share.setObjectName("shareDebrief")
        self.share.setToolTip(
            "Send every seat the whole journal (the truth included) for their debrief"
        )
        self.share.setEnabled(False)
        #: After the end: who held which seat and how each role was played.
        self.scores = SeatScores()
        self.scores.setVisible(False)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.where)
        layout.addWidget(self.roster, 1)
        form = QFormLayout()
        form.addRow("When a player drops:", self.on_drop)
        layout.addLayout(form)
        layout.addWidget(self.log)
        layout.addWidget(self.scores, 1)
        layout.addWidget(self.share)
        self.setWidget(inner)
        self.setMinimumWidth(300)
        self.share.clicked.connect(self.shareRequested)

    @property
    def policy(self) -> OnDrop:
        """What happens while a player is disconnected."""
        return OnDrop(str(self.on_drop.currentData()))

    def add_log(self, line: str) -> None:
        """One line of what happened at the door."""
        self.log.addItem(line)
        self.log.scrollToBottom()
