"""The "Start exercise" dialog: team, mode, speed and seed.

Three modes (issue 5): the human plays the incident commander while simulated responders play
everyone else; everyone is simulated and the human watches (and may facilitate); or a
discussion-based tabletop where nobody is simulated and the facilitator records the group's
decisions as actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from scenarios import BUNDLED_DIR
from simulator.model import Scenario

#: Simulation speeds offered (sim seconds per wall second); 0 means "as fast as possible".
SPEEDS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 0.0)


def speed_label(speed: float) -> str:
    """``"10×"`` or ``"As fast as possible"``."""
    return "As fast as possible" if speed <= 0 else f"{speed:g}×"


class Mode(StrEnum):
    """How the human takes part."""

    PLAY = "play"
    WATCH = "watch"
    TABLETOP = "tabletop"

    @property
    def label(self) -> str:
        """What the start dialog calls the mode."""
        return {
            Mode.PLAY: "Play the incident commander (simulated responders do the rest)",
            Mode.WATCH: "Watch a fully simulated team",
            Mode.TABLETOP: "Facilitate a discussion-based tabletop (record the group's decisions)",
        }[self]


@dataclass(frozen=True)
class StartOptions:
    """What the user chose in the start dialog."""

    team_path: Path | None
    mode: Mode
    speed: float
    seed: int


@lru_cache(maxsize=64)
def _team_name(path: Path, mtime: float) -> str:
    from simulator.loading import load_team

    team, _problems = load_team(path)
    return team.name if team is not None else ""


def team_label(path: Path) -> str:
    """``"Team name (file.yaml)"`` for a team file, or just the file name if it does not load."""
    try:
        name = _team_name(path.resolve(), path.stat().st_mtime)
    except OSError:
        return f"{path.name} (missing)"
    return f"{name} ({path.name})" if name else f"{path.name} (does not load)"


def team_files(scenario_path: Path, scenario: Scenario, folders: list[Path]) -> list[Path]:
    """Team files to offer: the scenario's own team first, then every ``teams/*.yaml`` known."""
    found: list[Path] = []
    if scenario.team:
        found.append((scenario_path.parent / scenario.team).resolve())
    for folder in [scenario_path.parent, BUNDLED_DIR, *folders]:
        for path in sorted((folder / "teams").glob("*.y*ml")):
            if path.resolve() not in found:
                found.append(path.resolve())
    return found


class StartDialog(QDialog):
    """Choose team, mode, speed and seed for a scenario."""

    def __init__(
        self,
        scenario_path: Path,
        scenario: Scenario,
        folders: list[Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startDialog")
        self.setWindowTitle("Start exercise")
        self.setMinimumWidth(560)
        title = QLabel(scenario.title)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)

        self.team = QComboBox()
        self.team.setObjectName("teamCombo")
        #: The scenario's own team file: chosen, the loader checks it as the scenario's
        #: ``team:`` (a missing file is then reported at that line of the scenario).
        self.own_team = (scenario_path.parent / scenario.team).resolve() if scenario.team else None
        for path in team_files(scenario_path, scenario, folders):
            self.team.addItem(team_label(path), str(path))
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[Mode, QRadioButton] = {}
        modes = QVBoxLayout()
        for mode in Mode:
            button = QRadioButton(mode.label)
            button.setObjectName(f"mode_{mode.value}")
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            modes.addWidget(button)
        self.mode_buttons[Mode.PLAY].setChecked(True)
        self.speed = QComboBox()
        self.speed.setObjectName("speedCombo")
        for speed in SPEEDS:
            self.speed.addItem(speed_label(speed), speed)
        self.speed.setCurrentIndex(SPEEDS.index(10.0))
        self.seed = QSpinBox()
        self.seed.setObjectName("seedSpin")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(1)
        self.seed.setToolTip("Same scenario, team, seed and actions give the same run")

        form = QFormLayout()
        form.addRow("Team:", self.team)
        form.addRow("Mode:", modes)
        form.addRow("Speed:", self.speed)
        form.addRow("Seed:", self.seed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Start")
            ok.setObjectName("startOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def set_mode(self, mode: Mode) -> None:
        """Select a mode (as clicking its radio button would)."""
        self.mode_buttons[mode].setChecked(True)

    def options(self) -> StartOptions:
        """The choices made."""
        mode = next(m for m, b in self.mode_buttons.items() if b.isChecked())
        team = self.team.currentData()
        team_path = Path(str(team)) if team else None
        return StartOptions(
            team_path=None if team_path == self.own_team else team_path,
            mode=mode,
            speed=float(self.speed.currentData()),
            seed=int(self.seed.value()),
        )
