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

import sys

from PySide6.QtWidgets import QDialog

from gui import dialogs
from gui.screenshot_studio import open_studio, studio_parser
from scenarios import BUNDLED_DIR

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"



def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns the exit code."""
    args = studio_parser("python -m gui.conversation_screenshots", "1280x760").parse_args(argv)
    studio = open_studio(args.out, args.size)
    app = studio.app
    from gui.main_window import MainWindow
    from gui.start_dialog import Mode, StartDialog

    window = MainWindow(studio.settings())
    window.resize(studio.width, studio.height)
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
    studio.save(window, "briefing.png")

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
    studio.save(window, "proposal.png")

    view.conversation.confirm()
    say("Lena, what's the status?")
    run_until(lambda: any(m.effective_at is not None for m in state.mitigations))
    bridge.advance(60)
    studio.save(window, "conversation.png")
    window.close_session()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
