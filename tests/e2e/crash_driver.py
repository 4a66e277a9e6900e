"""Test-only driver: the real app plays payments-bad-deploy as the incident commander, takes a
script of human actions through the exercise view, then lets the clock run until it is killed.

Run as ``python -m tests.e2e.crash_driver SETTINGS_INI`` with ``QT_QPA_PLATFORM=offscreen``
and ``GAMEDAY_DATA_DIR`` set; tests/e2e/test_crash_resume.py kills it with SIGKILL once the
journal holds the last scripted action (a note reading :data:`LAST_NOTE`).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings

from gui.app import application
from gui.main_window import MainWindow
from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.model import Role, Severity, Strategy

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"
SEED = 5
#: The text of the scripted run's last action.
LAST_NOTE = "scripted actions done"


def script(actor: str) -> list[tuple[float, A.Action]]:
    """(sim seconds to advance first, action) for the human incident commander."""
    return [
        (60.0, A.Join(actor=actor)),
        (30.0, A.DeclareIncident(actor=actor, severity=Severity.SEV2, title="Payments 5xx")),
        (10.0, A.PagePerson(actor=actor, person="james", reason="payments expert")),
        (600.0, A.AssignRole(actor=actor, person="james", role=Role.SUBJECT_MATTER_EXPERT)),
        (
            20.0,
            A.AssignTask(actor=actor, person="james", task="Check the last deploy", timebox=600.0),
        ),
        (60.0, A.SetSeverity(actor=actor, severity=Severity.SEV1, reason="checkout down")),
        (30.0, A.ApplyMitigation(actor=actor, strategy=Strategy.ROLLBACK, target="payments-api")),
        (10.0, A.AddNote(actor=actor, text=LAST_NOTE)),
    ]


def main(argv: list[str]) -> int:
    """Start the exercise, act, then run the clock until killed."""
    app = application()
    window = MainWindow(QSettings(argv[0], QSettings.Format.IniFormat))
    window.show()
    if not window.start(
        SCENARIO, StartOptions(team_path=None, mode=Mode.PLAY, speed=60, seed=SEED)
    ):
        return 1
    session, view = window.session, window.exercise_view
    assert session is not None and view is not None and session.human is not None
    for wait, action in script(session.human):
        session.bridge.advance(wait)
        view.act(action)
    view.start_clock()  # the exercise goes on (60× real time) until the test kills the app
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
