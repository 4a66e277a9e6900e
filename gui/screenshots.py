"""Regenerate the screenshots in ``docs/screenshots/`` by playing a short scripted exercise.

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m gui.screenshots docs/screenshots
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m gui.screenshots /tmp/shots \\
        --size 1366x768

It writes ``library.png``, ``start-dialog.png``, ``exercise.png``, ``facilitator.png`` and
``debrief.png``. Settings and run journals go to a temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from gui import dialogs
from gui.app import application
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.model import Role, Severity, Status, Strategy, Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(widget: QWidget, path: Path, app: QApplication) -> None:
    _settle(app)
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m gui.screenshots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1920x1080", help="window size, e.g. 1366x768")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    QStandardPaths.setTestModeEnabled(True)
    app = application()
    temp = Path(tempfile.mkdtemp(prefix="gameday-shots-"))
    import gui.session

    gui.session.runs_root = lambda: temp / "runs"
    from gui.main_window import MainWindow
    from gui.start_dialog import Mode, StartDialog

    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(width, height)
    window.show()
    while window.library.busy:
        app.processEvents()
    window.select_scenario(SCENARIO)
    _save(window, args.out / "library.png", app)

    def start_dialog(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.show()
        _save(dialog, args.out / "start-dialog.png", app)
        dialog.set_mode(Mode.PLAY)
        dialog.speed.setCurrentIndex(dialog.speed.findData(60.0))
        return int(QDialog.DialogCode.Accepted)

    replies: list[Callable[[QDialog], int]] = [start_dialog]
    dialogs.run_modal = lambda dialog: replies.pop(0)(dialog)
    window.request_start(SCENARIO)
    session = window.session
    view = window.exercise_view
    assert session is not None and view is not None
    view.start_clock()  # past the briefing (gui/conversation_screenshots.py shows it)
    session.clock.pause()
    act = view.act
    bridge = session.bridge
    bridge.advance(340)
    act(A.AcknowledgePage(actor="maria"))
    act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout payments failing"))
    for person in ("james", "sam", "lena"):
        act(A.PagePerson(actor="maria", person=person, reason="SEV-2 checkout"))
    bridge.advance(420)
    for person, role in (
        ("james", Role.TECHNICAL_LEAD),
        ("sam", Role.COMMUNICATIONS_LEAD),
        ("lena", Role.SCRIBE),
    ):
        act(A.AssignRole(actor="maria", person=person, role=role))
    act(
        A.AssignTask(
            actor="maria",
            person="james",
            task="Find what changed in payments-api",
            timebox=600.0,
            tool=Tool.LOGS,
            query="payments-api error",
        )
    )
    act(A.Say(actor="maria", text="Rolling back payments-api to v2.30.4 now."))
    view.investigation.setCurrentWidget(view.investigation.console(Tool.DEPLOY_HISTORY))
    act(A.QueryTool(actor="maria", tool=Tool.DEPLOY_HISTORY, query="payments-api"))
    bridge.advance(120)
    session.clock.ticked.emit(session.exercise.now)
    view.center.setCurrentIndex(view.center_index["investigate"])
    view.commands.show_tab("tasks")
    if window.facilitator is not None:
        window.facilitator.setVisible(False)
    view.charts.stop()
    _save(window, args.out / "exercise.png", app)

    view.center.setCurrentIndex(view.center_index["channel"])
    view.commands.prefill_update()
    view.commands.show_tab("update")
    if window.facilitator is not None:
        window.facilitator.setVisible(True)
        window.facilitator.select_inject("cfo-ping")
        window.facilitator.note.setText("IC delegated investigation quickly")
    _save(window, args.out / "facilitator.png", app)

    replies.append(lambda box: int(QMessageBox.StandardButton.Ok))
    act(A.ApplyMitigation(actor="maria", strategy=Strategy.ROLLBACK, target="payments-api"))
    act(
        A.PostUpdate(
            actor="maria",
            severity=Severity.SEV2,
            status=Status.MITIGATING,
            impact="38% of card payments fail at checkout",
            recent_actions="Rolled back payments-api",
            next_steps="Watch error rates",
            eta="15 minutes",
        )
    )
    bridge.advance(420)
    act(
        A.MarkResolved(
            actor="maria",
            metrics_normal=True,
            no_recurring_errors=True,
            customer_impact_resolved=True,
            stakeholders_notified=True,
            summary="Rolled back payments-api to v2.30.4.",
        )
    )
    _settle(app)
    if window.debrief is not None:
        _save(window, args.out / "debrief.png", app)
    window.close_session()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
