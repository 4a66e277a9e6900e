"""Regenerate the screenshots in ``docs/screenshots/`` by playing a short scripted exercise.

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m gui.screenshots docs/screenshots
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m gui.screenshots /tmp/shots \\
        --size 1366x768

It writes ``library.png``, ``start-dialog.png``, ``exercise.png``, ``facilitator.png`` and
``debrief.png``. Settings and run journals go to a temporary folder, never the user's.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox

from gui import dialogs
from gui.screenshot_studio import open_studio, studio_parser
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.engine.wrapup import WRAP_UP_TIME
from simulator.model import Role, Severity, Status, Strategy, Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"




def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns the exit code."""
    args = studio_parser("python -m gui.screenshots", "1920x1080").parse_args(argv)
    studio = open_studio(args.out, args.size)
    app = studio.app
    from gui.main_window import MainWindow
    from gui.start_dialog import Mode, StartDialog

    window = MainWindow(studio.settings())
    window.resize(studio.width, studio.height)
    window.show()
    while window.library.busy:
        app.processEvents()
    window.select_scenario(SCENARIO)
    studio.save(window, "library.png")

    def start_dialog(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.show()
        studio.save(dialog, "start-dialog.png")
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
    studio.save(window, "exercise.png")

    view.center.setCurrentIndex(view.center_index["channel"])
    view.commands.prefill_update()
    view.commands.show_tab("update")
    if window.facilitator is not None:
        window.facilitator.setVisible(True)
        window.facilitator.select_inject("cfo-ping")
        window.facilitator.note.setText("IC delegated investigation quickly")
    studio.save(window, "facilitator.png")

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
    # resolving opens the wrap-up (final notices): it ends at the latest WRAP_UP_TIME later
    bridge.advance(WRAP_UP_TIME + 1)
    studio.settle()
    if window.debrief is None:
        print("the exercise did not end: no debrief.png", file=sys.stderr)
        return 1
    studio.save(window, "debrief.png")
    window.close_session()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
