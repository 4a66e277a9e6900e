"""Exercise > Host game day… and Exercise > Join game day….

:class:`HostDialog` chooses the team, which people are seats for humans (any person, any
role) and which are simulated, the speed, the seed, the port, and what happens when a player
drops. :class:`JoinDialog` asks for the host's address, the join code, the player's name and,
optionally, a seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.network.host import DEFAULT_PORT
from gui.start_dialog import SPEEDS, speed_label, team_files, team_label
from simulator.model import Role, Scenario, Team
from simulator.vocabulary import ROLE_LABELS


class OnDrop(StrEnum):
    """What the host does while a player is disconnected."""

    PAUSE = "pause"
    CARRY_ON = "carry_on"
    SIMULATE = "simulate"

    @property
    def label(self) -> str:
        """How the host dialog offers it."""
        return {
            OnDrop.PAUSE: "Pause everyone until they rejoin",
            OnDrop.CARRY_ON: "Carry on; their person waits for them",
            OnDrop.SIMULATE: "Let the simulator play them",
        }[self]


@dataclass(frozen=True)
class SeatChoice:
    """A person played by a human, in a starting role (None: a responder)."""

    person: str
    role: Role | None


@dataclass(frozen=True)
class HostOptions:
    """What the host chose."""

    team_path: Path | None
    seats: tuple[SeatChoice, ...]
    speed: float
    seed: int
    port: int
    on_drop: OnDrop
    start_when_full: bool


def _load_team(path: Path) -> Team | None:
    from simulator.loading import load_team

    team, _problems = load_team(path)
    return team


class HostDialog(QDialog):
    """Choose the seats, team, speed, seed and port of a hosted game day."""

    def __init__(
        self,
        scenario_path: Path,
        scenario: Scenario,
        folders: list[Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hostDialog")
        self.setWindowTitle("Host a game day")
        self.setMinimumWidth(640)
        title = QLabel(scenario.title)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.own_team = (scenario_path.parent / scenario.team).resolve() if scenario.team else None
        self.team = QComboBox()
        self.team.setObjectName("hostTeamCombo")
        for path in team_files(scenario_path, scenario, folders):
            self.team.addItem(team_label(path), str(path))
        self.seats = QTableWidget(0, 3)
        self.seats.setObjectName("seatTable")
        self.seats.setHorizontalHeaderLabels(["Played by a person", "Person", "Starts as"])
        self.seats.verticalHeader().setVisible(False)
        header = self.seats.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.seats.setMinimumHeight(220)
        self.speed = QComboBox()
        self.speed.setObjectName("hostSpeedCombo")
        for speed in SPEEDS:
            if speed > 0:  # a game day runs at a speed people can follow
                self.speed.addItem(speed_label(speed), speed)
        self.speed.setCurrentIndex(self.speed.findData(1.0))
        self.seed = QSpinBox()
        self.seed.setObjectName("hostSeedSpin")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(1)
        self.port = QSpinBox()
        self.port.setObjectName("hostPortSpin")
        self.port.setRange(1024, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setToolTip("Another free port is chosen if this one is taken")
        self.on_drop = QComboBox()
        self.on_drop.setObjectName("onDropCombo")
        for choice in OnDrop:
            self.on_drop.addItem(choice.label, choice.value)
        self.start_when_full = QCheckBox("Start the clock when every seat is taken")
        self.start_when_full.setObjectName("startWhenFull")
        self.start_when_full.setChecked(True)
        self.problem = QLabel("")
        self.problem.setObjectName("hostProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Team:", self.team)
        form.addRow("Seats:", self.seats)
        form.addRow("Speed:", self.speed)
        form.addRow("Seed:", self.seed)
        form.addRow("Port:", self.port)
        form.addRow("When a player drops:", self.on_drop)
        form.addRow("", self.start_when_full)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Open the lobby")
            ok.setObjectName("openLobby")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.team.currentIndexChanged.connect(lambda _i: self._fill_seats())
        self._fill_seats()

    def _fill_seats(self) -> None:
        data = self.team.currentData()
        team = _load_team(Path(str(data))) if data else None
        self.seats.setRowCount(0)
        if team is None:
            self.problem.setText("This team file does not load; choose another team.")
            return
        self.problem.setText("")
        primary = team.on_call.primary
        comms_given = False
        for row, person in enumerate(team.people):
            self.seats.insertRow(row)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            wanted = person.id == primary or (
                not comms_given and Role.COMMUNICATIONS_LEAD in person.roles
            )
            comms_given = comms_given or (
                person.id != primary and Role.COMMUNICATIONS_LEAD in person.roles
            )
            check.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, person.id)
            self.seats.setItem(row, 0, check)
            name = QTableWidgetItem(f"{person.name} ({person.id})")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.seats.setItem(row, 1, name)
            role = QComboBox()
            role.addItem("Responder", "")
            for one in person.roles:
                role.addItem(ROLE_LABELS[one].capitalize(), one.value)
            if person.id == primary and Role.INCIDENT_COMMANDER in person.roles:
                role.setCurrentIndex(role.findData(Role.INCIDENT_COMMANDER.value))
            elif Role.COMMUNICATIONS_LEAD in person.roles:
                role.setCurrentIndex(role.findData(Role.COMMUNICATIONS_LEAD.value))
            self.seats.setCellWidget(row, 2, role)

    def set_seats(self, seats: dict[str, Role | None]) -> None:
        """Tick exactly these people as seats, each starting in its role (tests, scripts)."""
        for row in range(self.seats.rowCount()):
            item = self.seats.item(row, 0)
            combo = self.seats.cellWidget(row, 2)
            if item is None or not isinstance(combo, QComboBox):
                continue
            person = str(item.data(Qt.ItemDataRole.UserRole))
            wanted = person in seats
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            if wanted:
                role = seats[person]
                combo.setCurrentIndex(max(0, combo.findData(role.value if role else "")))

    def chosen_seats(self) -> tuple[SeatChoice, ...]:
        """The ticked people, in team order."""
        chosen = []
        for row in range(self.seats.rowCount()):
            item = self.seats.item(row, 0)
            combo = self.seats.cellWidget(row, 2)
            if item is None or item.checkState() is not Qt.CheckState.Checked:
                continue
            role = combo.currentData() if isinstance(combo, QComboBox) else ""
            person = str(item.data(Qt.ItemDataRole.UserRole))
            chosen.append(SeatChoice(person, Role(role) if role else None))
        return tuple(chosen)

    def _accept(self) -> None:
        seats = self.chosen_seats()
        if not seats:
            self.problem.setText("Tick at least one person to be played by a human.")
            return
        commanders = [s for s in seats if s.role is Role.INCIDENT_COMMANDER]
        if len(commanders) > 1:
            self.problem.setText("Only one seat can start as incident commander.")
            return
        self.accept()

    def options(self) -> HostOptions:
        """The choices made."""
        team = self.team.currentData()
        team_path = Path(str(team)) if team else None
        return HostOptions(
            team_path=None if team_path == self.own_team else team_path,
            seats=self.chosen_seats(),
            speed=float(self.speed.currentData()),
            seed=int(self.seed.value()),
            port=int(self.port.value()),
            on_drop=OnDrop(str(self.on_drop.currentData())),
            start_when_full=self.start_when_full.isChecked(),
        )


@dataclass(frozen=True)
class JoinOptions:
    """Where to join and as whom."""

    host: str
    port: int
    code: str
    player: str
    seat: str


class JoinDialog(QDialog):
    """The host's address, the join code, the player's name and (optionally) a seat."""

    def __init__(self, address: str = "", code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.setWindowTitle("Join a game day")
        self.setMinimumWidth(420)
        self.address = QLineEdit(address)
        self.address.setObjectName("joinAddress")
        self.address.setPlaceholderText(f"192.168.1.20:{DEFAULT_PORT}")
        self.code = QLineEdit(code)
        self.code.setObjectName("joinCode")
        self.code.setPlaceholderText("the code the facilitator shows, e.g. K7QX2M")
        self.player = QLineEdit()
        self.player.setObjectName("joinPlayer")
        self.player.setPlaceholderText("your name, as the debrief will show it")
        self.seat = QLineEdit()
        self.seat.setObjectName("joinSeat")
        self.seat.setPlaceholderText("optional: the person id you play, e.g. lena")
        self.problem = QLabel("")
        self.problem.setObjectName("joinProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Host:", self.address)
        form.addRow("Join code:", self.code)
        form.addRow("Your name:", self.player)
        form.addRow("Seat:", self.seat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Join")
            ok.setObjectName("joinOk")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        from simulator.multiplayer.protocol import split_address

        try:
            split_address(self.address.text(), DEFAULT_PORT)
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        if not self.code.text().strip():
            self.problem.setText("Type the join code the facilitator shows.")
            return
        if not self.player.text().strip():
            self.problem.setText("Type your name: the debrief says who held which seat.")
            return
        self.accept()

    def options(self) -> JoinOptions:
        """The choices made."""
        from simulator.multiplayer.protocol import split_address

        host, port = split_address(self.address.text(), DEFAULT_PORT)
        return JoinOptions(
            host=host,
            port=port,
            code=self.code.text().strip(),
            player=self.player.text().strip(),
            seat=self.seat.text().strip(),
        )
