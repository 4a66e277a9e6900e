"""Screenshots of commanding by talking, at the 1280x760 the exercise view must fit:
``briefing.png`` (before the clock starts), ``proposal.png`` (a responder's proposal with its
buttons, and "Yes, go ahead" read back for confirmation) and ``conversation.png`` (the team
answering in the channel).

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1280x760x24" .venv/bin/python -m gui.conversation_screenshots \\
        docs/screenshots

Settings and run journals go to a temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from gui import dialogs
from gui.app import application
from scenarios import BUNDLED_DIR

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _save(widget: QWidget, path: Path, app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m gui.conversation_screenshots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x760", help="window size, e.g. 1366x768")
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

    window = MainWindow(QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(width, height)
    window.show()
    while window.library.busy:
        app.processEvents()

    def start(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.set_mode(Mode.PLAY)
        dialog.speed.setCurrentIndex(dialog.speed.findData(60.0))
        return int(QDialog.DialogCode.Accepted)

    dialogs.run_modal = start
    window.request_start(SCENARIO)
    session, view = window.session, window.exercise_view
    assert session is not None and view is not None
    _save(window, args.out / "briefing.png", app)

    view.start_clock()
    session.clock.pause()
    exercise = session.exercise
    state = exercise.state
    bridge = session.bridge

    def run_until(done: object) -> None:
        while not done() and not exercise.finished:  # type: ignore[operator]
            bridge.advance(10)

    def say(text: str, confirm: bool = True) -> None:
        view.say(text)
        if confirm and view.channel.pending is not None:
            view.conversation.confirm()

    run_until(lambda: "maria" in exercise.unacked_pages)
    say("ack")
    say("I'm the incident commander. Declaring SEV-2: checkout payments failing")
    say("Page James, page Lena and page Sam")
    say("Open a bridge")
    run_until(lambda: all(state.in_incident(p) for p in ("james", "lena", "sam")))
    say("Jmaes, you're tech lead. Lena, you're comms lead and Sam is scribe")
    say("James, check deploy history for payments-api and report back in 10 minutes")
    run_until(lambda: bool(state.open_proposals()))
    bridge.advance(5)
    say("Yes, go ahead", confirm=False)
    view.channel.input.setText("Yes, go ahead")
    view.center.setCurrentIndex(view.center_index["channel"])
    view.charts.stop()
    _save(window, args.out / "proposal.png", app)

    view.conversation.confirm()
    say("Lena, what's the status?")
    run_until(lambda: any(m.effective_at is not None for m in state.mitigations))
    bridge.advance(60)
    _save(window, args.out / "conversation.png", app)
    window.close_session()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
