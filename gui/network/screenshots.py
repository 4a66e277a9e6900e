"""Regenerate the game-day screenshots in ``docs/screenshots/``: three copies of the app on
this machine (the facilitator's and two seats) play the payments scenario over localhost.

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1600x900x24" .venv/bin/python -m gui.network.screenshots \\
        docs/screenshots --size 1440x860

It writes ``gameday-lobby.png`` (the host's lobby, one seat taken),
``gameday-facilitator.png`` (the host's screen: the exercise, the facilitator console and
the game-day dock), ``gameday-seat-ic.png`` and ``gameday-seat-comms.png`` (the incident
commander's and the communications lead's screens, paused by the facilitator). Settings
and journals go to a temporary folder, never the user's.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from gui.network.dialogs import HostOptions, JoinOptions, OnDrop, SeatChoice
from gui.screenshot_studio import open_studio, studio_parser
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.model import Role, Severity, Status, Strategy, Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _until(app: QApplication, done: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the game day did not get there in time")
        app.processEvents()



def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns the exit code."""
    args = studio_parser("python -m gui.network.screenshots", "1440x860").parse_args(argv)
    studio = open_studio(args.out, args.size)
    app = studio.app
    from gui.main_window import MainWindow
    from gui.network.game_day import GameDay

    windows: list[MainWindow] = []
    days: list[GameDay] = []
    for n in range(3):
        window = MainWindow(studio.settings(f"settings{n}"))
        window.resize(studio.width, studio.height)
        window.show()
        while window.library.busy:
            app.processEvents()
        day = GameDay(window)
        window.game_day = day
        windows.append(window)
        days.append(day)
    host, ic_window, comms_window = windows
    host_day, ic_day, comms_day = days
    host.select_scenario(SCENARIO)
    options = HostOptions(
        team_path=None,
        seats=(
            SeatChoice("maria", Role.INCIDENT_COMMANDER),
            SeatChoice("lena", Role.COMMUNICATIONS_LEAD),
        ),
        speed=1.0,
        seed=3,
        port=47017,
        on_drop=OnDrop.PAUSE,
        start_when_full=False,
    )
    assert host_day.open_lobby(SCENARIO, options)
    server = host_day.host_server
    assert server is not None
    code = server.room.code.code
    ic_day.join_with(JoinOptions("127.0.0.1", server.port, code, "Alice", "maria"))
    _until(app, lambda: ic_day.page is not None)
    studio.save(host, "gameday-lobby.png", 10)
    comms_day.join_with(JoinOptions("127.0.0.1", server.port, code, "Bob", "lena"))
    _until(app, lambda: comms_day.page is not None)
    assert host_day.start_hosted()
    session = host.session
    assert session is not None
    session.clock.pause()
    view = host.exercise_view
    if view is not None and hasattr(view, "start_clock"):
        view.start_clock()  # past the briefing (the host's clock is driven below)
        session.clock.pause()
    session.bridge.advance(400)
    ic, comms = ic_day.seat_session, comms_day.seat_session
    assert ic is not None and comms is not None
    _until(app, lambda: any(r.kind == "page" for r in ic.exercise.records))
    for day in (ic_day, comms_day):
        page = day.page
        if page is not None and page.view is not None and hasattr(page.view, "start_clock"):
            page.view.start_clock()  # the players read their briefing
    ic.bridge.act(A.AcknowledgePage(actor="maria"))
    ic.bridge.act(A.DeclareIncident(actor="maria", severity=Severity.SEV2, title="Checkout"))
    comms.bridge.act(A.Join(actor="lena"))
    ic.bridge.act(A.AssignRole(actor="maria", person="lena", role=Role.COMMUNICATIONS_LEAD))
    ic.bridge.act(A.QueryTool(actor="maria", tool=Tool.DEPLOY_HISTORY, query="payments-api deploy"))
    comms.bridge.act(
        A.PostUpdate(
            actor="lena",
            severity=Severity.SEV2,
            status=Status.INVESTIGATING,
            impact="About one in five card payments fail at checkout.",
            recent_actions="Declared SEV-2; looking at the 14:03 payments-api deploy.",
            next_steps="Roll back payments-api if the deploy is the cause.",
            eta="Next update in 30 minutes",
        )
    )
    comms.bridge.act(A.Say(actor="lena", text="Status page draft ready; posting in 5 minutes."))
    session.bridge.advance(120)
    ic.bridge.act(
        A.ApplyMitigation(actor="maria", strategy=Strategy.ROLLBACK, target="payments-api")
    )
    session.bridge.act(
        A.FacilitatorNote(actor=A.FACILITATOR, text="Alice rolled back before root-causing")
    )
    session.bridge.advance(60)
    console = host.facilitator
    if console is not None:
        console.pause.click()  # Pause everyone
    _until(app, lambda: ic.clock.held and comms.clock.held)
    studio.save(host, "gameday-facilitator.png", 10)
    studio.save(ic_window, "gameday-seat-ic.png", 10)
    studio.save(comms_window, "gameday-seat-comms.png", 10)
    for day, window in zip(reversed(days), reversed(windows), strict=True):
        day.close()
        window.close_session()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
