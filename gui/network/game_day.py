"""The game day in the main window: hosting (dialog, lobby, the hosted run) and joining
(dialog, the seat's page, its debrief).

The host's screen is the facilitator's: the usual exercise view (watching, nobody played
here), the facilitator console and the :class:`~gui.network.lobby.GameDayDock`. A seat's
screen is the usual exercise view of its person, fed by the host, under a notice line that
says when the facilitator paused everyone, a seat dropped, or the exercise ended.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from gui import dialogs
from gui.network.dialogs import HostDialog, HostOptions, JoinDialog, JoinOptions, OnDrop
from gui.network.host import GameHost
from gui.network.lobby import GameDayDock, LobbyView
from gui.network.remote import SeatSession
from gui.network.scores import SeatScores
from gui.network.seat import SeatClient
from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator.bundle import Bundle
from simulator.engine import Exercise, Seat
from simulator.journal import Record
from simulator.multiplayer import JoinCode, Room, SeatSpec, new_join_code
from simulator.multiplayer.room import HELD_NOTICE, RESUMED_NOTICE
from simulator.vocabulary import role_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QStackedWidget

    from gui.debrief import Debrief
    from gui.exercise_view import ExerciseView
    from gui.facilitator import FacilitatorConsole
    from gui.library import LibraryView
    from gui.session import Session


class AppWindow(Protocol):
    """What the game day uses of the main window (``gui.main_window.MainWindow``, which
    imports this module: naming the protocol keeps the two free of an import circle)."""

    library: LibraryView
    pages: QStackedWidget
    session: Session | None
    exercise_view: ExerciseView | None
    facilitator: FacilitatorConsole | None
    debrief: Debrief | None

    def start(
        self,
        path: Path,
        options: StartOptions,
        host: Callable[[Bundle], Exercise] | None = None,
    ) -> bool:
        """Start an exercise (``host``: a hosted game day's engine)."""

    def show_library(self) -> None:
        """Back to the library."""


#: Notice colours: information, and something that stops play.
_INFO = "background: #e8f0fe; color: #0b3d91; padding: 6px; font-weight: bold;"
_STOP = "background: #fde7e9; color: #8c1d18; padding: 6px; font-weight: bold;"


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _find(sha: str, name: str, folders: Iterable[Path]) -> Path | None:
    """The file with this SHA-256 in ``folders`` (its own name first)."""
    for folder in folders:
        candidates = sorted(folder.glob("*.y*ml"), key=lambda p: p.name != name)
        for path in candidates:
            if _sha256(path) == sha:
                return path
    return None


def find_bundle(welcome: dict[str, Any], folders: Iterable[Path]) -> Bundle:
    """Load the host's scenario and team from this copy of the app (the bundled files and
    the library's folders), matched by their SHA-256, so the seat and the host read the same
    files; the host never sends a scenario file (it holds the hidden truth and the MSEL).

    Raises:
        LookupError: naming the file that was not found and what to do.
    """
    from simulator.loading import load_bundle

    scenario = dict(welcome.get("scenario") or {})
    team = dict(welcome.get("team") or {})
    places = [BUNDLED_DIR, *folders]
    scenario_path = _find(str(scenario.get("sha256")), str(scenario.get("file")), places)
    if scenario_path is None:
        raise LookupError(
            f"This game day runs the scenario {scenario.get('title') or scenario.get('id')!r} "
            f"({scenario.get('file')}), which this copy of the app does not have in the same "
            "version. Add the folder that holds it to the library (File > Add scenario "
            "folder…) and join again."
        )
    team_places = [scenario_path.parent / "teams", *(p / "teams" for p in places), *places]
    team_path = _find(str(team.get("sha256")), str(team.get("file")), team_places)
    if team_path is None:
        raise LookupError(
            f"This game day uses the team {team.get('id')!r} ({team.get('file')}), which this "
            "copy of the app does not have in the same version. Add its folder to the library "
            "and join again."
        )
    bundle, problems = load_bundle(scenario_path, team_path)
    if bundle is None:
        raise LookupError("; ".join(p.format() for p in problems) or "the files do not load")
    return bundle


def welcome_about(bundle: Bundle, speed: float) -> dict[str, Any]:
    """What the host's ``welcome`` says about the exercise (never its truth or MSEL)."""
    return {
        "scenario": {
            "id": bundle.scenario.id,
            "title": bundle.scenario.title,
            "sha256": bundle.hashes.get("scenario", ""),
            "file": Path(bundle.scenario_path).name,
        },
        "team": {
            "id": bundle.team.id,
            "sha256": bundle.hashes.get("team", ""),
            "file": Path(bundle.team_path).name,
        },
        "speed": speed,
        "time_limit": bundle.scenario.clock.time_limit,
    }


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


def _stops(text: str) -> bool:
    """Does the host's notice say that play stopped (shown in red)?"""
    return text == HELD_NOTICE or text.startswith("Paused")


class SeatPage(QWidget):
    """A seat's screen: a notice line over the exercise view (later, the debrief)."""

    def __init__(self, session: SeatSession, view: ExerciseView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("seatPage")
        self.session = session
        self.view: ExerciseView | None = view
        self.debrief: Debrief | None = None
        self.scores: SeatScores | None = None
        self.notice = QLabel("")
        self.notice.setObjectName("seatNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.notice)
        self._layout.addWidget(view, 1)
        for action in view.shortcut_actions.values():
            self.addAction(action)

    def show_notice(self, text: str, stop: bool = False) -> None:
        """Show ``text`` above the exercise (red when play is stopped)."""
        self.notice.setText(text)
        self.notice.setStyleSheet(_STOP if stop else _INFO)
        self.notice.setVisible(bool(text))

    def show_debrief(self, debrief: Debrief) -> None:
        """Replace the exercise view by the debrief."""
        if self.view is not None:
            self.view.stop()
            self._layout.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        self.debrief = debrief
        self.scores = SeatScores()
        self.scores.show_run(debrief.run, self.session.person_name)
        self._layout.addWidget(_caption("Who held which seat, and how each role was played"))
        self._layout.addWidget(self.scores)
        self._layout.addWidget(debrief, 1)
        self.show_notice("")

    def stop(self) -> None:
        """Stop the view's timers."""
        if self.view is not None:
            self.view.stop()
        if self.debrief is not None:
            self.debrief.stop()


class GameDay(QObject):
    """Hosting and joining from one main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        #: The main window as a Qt window (docks, status bar, title).
        self.main = window
        #: The main window as the app's (library, pages, session, start).
        self.window = cast(AppWindow, window)
        self.host_server: GameHost | None = None
        self.lobby: LobbyView | None = None
        self.dock: GameDayDock | None = None
        self.hosting: HostOptions | None = None
        self.path: Path | None = None
        self.client: SeatClient | None = None
        self.seat_session: SeatSession | None = None
        self.page: SeatPage | None = None
        self.role_label: QLabel | None = None
        self.joining: JoinOptions | None = None
        self._waiting_for: set[str] = set()
        # back to the library (File > Back to the library, a new exercise): the game day ends
        self.window.pages.currentChanged.connect(self._page_changed)

    def _page_changed(self, _index: int) -> None:
        if self.window.pages.currentWidget() is self.window.library and self.active:
            self.close()

    @property
    def active(self) -> bool:
        """True while this window hosts or takes part in a game day."""
        return self.host_server is not None or self.client is not None

    # ------------------------------------------------------------------ hosting

    def host(self) -> None:
        """Exercise > Host game day…: the library's selected scenario, the host dialog, the
        lobby."""
        library = self.window.library
        path, entry = library.current_path(), library.current_entry()
        if path is None or entry is None or entry.scenario is None:
            dialogs.inform(
                self.main,
                "Host a game day",
                "Select a scenario in the library first, then Exercise > Host game day….",
            )
            return
        dialog = HostDialog(path, entry.scenario, library.folders(), self.main)
        if dialogs.run_modal(dialog):
            self.open_lobby(path, dialog.options())

    def open_lobby(self, path: Path, options: HostOptions) -> bool:
        """Load the files, listen, and show the lobby; False (having said why) otherwise."""
        from simulator.loading import load_bundle
        from simulator.problems import Level

        bundle, problems = load_bundle(path, options.team_path)
        errors = [p for p in problems if p.level is Level.ERROR]
        if bundle is None or errors:
            dialogs.warn(
                self.main,
                "The game day cannot start",
                "These files have problems; fix them and try again.",
                "\n".join(p.format() for p in (errors or problems)),
            )
            return False
        self.close()
        specs = []
        for choice in options.seats:
            person = bundle.team.person(choice.person)
            name = person.name if person is not None else choice.person
            specs.append(SeatSpec(choice.person, name, choice.role.value if choice.role else None))
        room = Room(specs, JoinCode(new_join_code()), welcome_about(bundle, options.speed))
        host = GameHost(room, self)
        if not host.listen(options.port):
            dialogs.warn(
                self.main,
                "The game day cannot start",
                f"This computer cannot listen for participants: {host.server.errorString()}.",
            )
            return False
        self.host_server, self.hosting, self.path = host, options, path
        lobby = LobbyView(bundle.scenario.title, host.join_address(), room.code.code)
        self.lobby = lobby
        lobby.show_roster(room.roster())
        host.rosterChanged.connect(self._roster_changed)
        host.logged.connect(self._logged)
        lobby.startRequested.connect(self.start_hosted)
        lobby.cancelRequested.connect(self.cancel_lobby)
        self.window.pages.addWidget(lobby)
        self.window.pages.setCurrentWidget(lobby)
        self.main.statusBar().showMessage(
            f"Lobby open: participants join {host.join_address()} with code {room.code.code}"
        )
        return True

    def _roster_changed(self) -> None:
        host = self.host_server
        if host is None:
            return
        roster = host.room.roster()
        if self.lobby is not None:
            self.lobby.show_roster(roster)
            if self.hosting is not None and self.hosting.start_when_full and host.room.all_filled():
                self.start_hosted()
        if self.dock is not None:
            self.dock.roster.fill(roster)

    def _logged(self, line: str) -> None:
        if self.lobby is not None:
            self.lobby.add_log(line)
        if self.dock is not None:
            self.dock.add_log(line)

    def cancel_lobby(self) -> None:
        """Close the lobby: everybody is disconnected and nobody else can join."""
        self.close()
        self.window.show_library()

    def start_hosted(self) -> bool:
        """Start the clock: the seats taken are played by their people, the rest simulated."""
        host, options, path = self.host_server, self.hosting, self.path
        if host is None or options is None or path is None or self.lobby is None:
            return False
        if not any(s.joined for s in host.room.seats.values()):
            dialogs.inform(self.main, "Start exercise", "Nobody has joined yet.")
            return False
        host.room.drop_empty_seats()
        players = host.room.players()
        seats = tuple(
            Seat(
                actor=spec.person,
                role=next(c.role for c in options.seats if c.person == spec.person),
                player=players.get(spec.person, ""),
            )
            for spec in (s.spec for s in host.room.seats.values())
        )
        start = StartOptions(options.team_path, Mode.WATCH, options.speed, options.seed)

        def engine(bundle: Bundle) -> Exercise:
            return Exercise(bundle, seed=options.seed, seats=seats)

        lobby, self.lobby = self.lobby, None
        if not self.window.start(path, start, host=engine):
            self.close()
            return False
        self.window.pages.removeWidget(lobby)
        lobby.deleteLater()
        session = self.window.session
        assert session is not None
        host.start(session)
        # the facilitator's session goes (back to the library, a new exercise): so does the game
        session.destroyed.connect(self._session_gone)
        view = self.window.exercise_view
        if view is not None:
            if hasattr(view, "start_clock"):
                view.start_clock()  # the lobby was the briefing: the clock starts now
            who = "; ".join(
                f"{s.player} plays {session.person_name(s.actor)}"
                + (f" ({role_label(s.role)})" if s.role else "")
                for s in seats
            )
            view.banner.setText(f"Hosting a game day: {who}. Everyone else is simulated.")
            view.banner.setVisible(True)
            view.header.role.setText("Facilitator (hosting)")
        dock = GameDayDock(host.join_address(), host.room.code.code, options.on_drop, self.main)
        self.dock = dock
        dock.roster.fill(host.room.roster())
        for line in host.room.log:  # who came in while the lobby was open
            dock.add_log(line)
        dock.shareRequested.connect(self.share_debrief)
        self.main.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        session.bridge.finished.connect(lambda _reason: self._finished())
        host.seatDropped.connect(self._seat_dropped)
        host.seatReturned.connect(self._seat_returned)
        return True

    def _session_gone(self) -> None:
        if self.host_server is not None:
            self.host_server.notice("The facilitator closed the game day.")
            self.close()

    def _finished(self) -> None:
        """The exercise ended: the facilitator may share the debrief; the seats' scores."""
        from reports.scored import score_run

        session, dock = self.window.session, self.dock
        if session is None or dock is None:
            return
        dock.share.setEnabled(True)
        dock.scores.show_run(
            score_run(session.exercise.records, session.bundle), session.person_name
        )
        dock.scores.setVisible(True)

    def _seat_dropped(self, person: str) -> None:
        host, session = self.host_server, self.window.session
        if host is None or session is None or self.dock is None or session.exercise.finished:
            return
        seat = host.room.seats[person]
        if self.dock.policy is OnDrop.PAUSE:
            self._waiting_for.add(person)
            session.clock.pause()
            host.notice(
                f"Paused: waiting for {seat.spec.name} ({seat.player}) to rejoin. "
                "Nothing is lost; the exercise goes on when they are back."
            )
        elif self.dock.policy is OnDrop.SIMULATE:
            session.exercise.simulate_seat(person)
            host.simulated(person, True)
            host.notice(
                f"{seat.spec.name} ({seat.player}) dropped out; the simulator plays "
                f"{seat.spec.name} until they rejoin."
            )
        else:
            host.notice(f"{seat.spec.name} ({seat.player}) dropped out; the exercise goes on.")

    def _seat_returned(self, person: str) -> None:
        host, session = self.host_server, self.window.session
        if host is None or session is None:
            return
        seat = host.room.seats[person]
        if person in session.exercise.stand_ins and not session.exercise.finished:
            session.exercise.return_seat(person)  # the human plays their person again
            host.simulated(person, False)
        host.notice(f"{seat.spec.name} ({seat.player}) is back.")
        if person in self._waiting_for:
            self._waiting_for.discard(person)
            if not self._waiting_for and not session.clock.held:
                session.clock.play()

    def share_debrief(self) -> None:
        """Send every seat the whole journal (after the end)."""
        session = self.window.session
        if self.host_server is not None and session is not None and session.exercise.finished:
            self.host_server.share_debrief()
            if self.dock is not None:
                self.dock.add_log("The debrief was shared with every seat.")

    # ------------------------------------------------------------------ joining

    def join(self, address: str = "", code: str = "") -> None:
        """Exercise > Join game day…."""
        dialog = JoinDialog(address, code, self.main)
        if dialogs.run_modal(dialog):
            self.join_with(dialog.options())

    def join_with(self, options: JoinOptions) -> SeatClient:
        """Connect to the host and take a seat (the seat's page opens when welcomed)."""
        self.close()
        client = SeatClient(self)
        self.client, self.joining = client, options
        client.welcomed.connect(self._welcomed)
        client.refused.connect(self._refused)
        client.disconnected.connect(self._lost)
        self.main.statusBar().showMessage(f"Joining {options.host}:{options.port}…")
        client.connect_to(options.host, options.port, options.code, options.player, options.seat)
        return client

    def rejoin(self) -> SeatClient | None:
        """Join the same game day again, as the same player in the same seat."""
        options, seat = self.joining, self.seat_session
        if options is None:
            return None
        person = seat.seat.actor if seat is not None and seat.seat is not None else options.seat
        again = JoinOptions(options.host, options.port, options.code, options.player, person)
        return self.join_with(again)

    def _welcomed(self, welcome: dict[str, Any]) -> None:
        from gui.exercise_view import ExerciseView

        client = self.client
        if client is None:
            return
        try:
            bundle = find_bundle(welcome, self.window.library.folders())
        except LookupError as exc:
            client.leave()
            dialogs.warn(self.main, "Cannot join the game day", str(exc))
            return
        self._drop_page()
        session = SeatSession(bundle, welcome, client.act, self)
        self.seat_session = session
        view = ExerciseView(session)
        person = session.seat.actor if session.seat is not None else ""
        role = dict(welcome.get("seat") or {}).get("role")
        view.header.role.setText(
            f"You are {session.person_name(person)}"
            + (f", {role_label(str(role))}" if role else "")
            + f" — {session.player}"
        )
        page = SeatPage(session, view)
        self.page = page
        self.role_label = view.header.role  # who this seat plays, in the status bar
        self.main.statusBar().addPermanentWidget(self.role_label)
        self.role_label.show()
        client.recordReceived.connect(self._record)
        client.clockChanged.connect(self._clock)
        client.notice.connect(lambda text: page.show_notice(text, stop=_stops(text)))
        client.debriefReceived.connect(self._debrief)
        session.seat_clock.refusedLocally.connect(lambda text: page.show_notice(text))
        self.window.pages.addWidget(page)
        self.window.pages.setCurrentWidget(page)
        self.main.setWindowTitle(f"{bundle.scenario.title} — seat of {session.player}")
        self.main.statusBar().showMessage(
            f"Joined {client.socket.peerName()}:{client.socket.peerPort()} as "
            f"{session.person_name(person)}"
        )
        if welcome.get("state") == "lobby":
            page.show_notice("In the lobby: the exercise starts when the facilitator starts it.")

    def _record(self, record: Record) -> None:
        session, page = self.seat_session, self.page
        if session is None or page is None:
            return
        session.remote.add(record)
        session.seat_bridge.changed_soon()
        if record.kind == "end":
            page.show_notice(
                "The exercise has ended. Your debrief opens here when the facilitator shares it."
            )

    def _clock(self, t: float, running: bool, held: bool) -> None:
        session, page = self.seat_session, self.page
        if session is None or page is None:
            return
        was_held = session.clock.held
        session.seat_clock.follow(t, running, held)
        if held and not was_held:
            page.show_notice(HELD_NOTICE, stop=True)
        elif was_held and not held:
            page.show_notice(RESUMED_NOTICE)

    def _debrief(self, journal: list[Record]) -> None:
        from gui.debrief import Debrief

        session, page = self.seat_session, self.page
        if session is None or page is None or not journal:
            return
        session.keep_debrief(journal)
        debrief = Debrief(session)
        page.show_debrief(debrief)
        self.main.statusBar().showMessage(
            f"Debrief shared by the facilitator; journal kept in {session.journal_saved}"
        )

    def _refused(self, reason: str) -> None:
        dialogs.warn(self.main, "Cannot join the game day", f"The host refused: {reason}.")

    def _lost(self, reason: str) -> None:
        page, session = self.page, self.seat_session
        if page is not None and session is not None and not session.exercise.finished:
            page.show_notice(
                f"Disconnected: {reason}. Exercise > Join game day… with the same code and "
                "seat brings you back where the exercise is.",
                stop=True,
            )
        elif page is None:
            where = f"{self.joining.host}:{self.joining.port}" if self.joining else "the host"
            self.main.statusBar().showMessage(f"Could not join: {reason}")
            dialogs.warn(
                self.main,
                "Cannot join the game day",
                f"No game day answered at {where}: {reason}. Check the address and that the "
                "facilitator's lobby is open.",
            )

    # ------------------------------------------------------------------ closing

    def _drop_page(self) -> None:
        if self.role_label is not None:
            self.main.statusBar().removeWidget(self.role_label)
            self.role_label.deleteLater()
            self.role_label = None
        if self.page is not None:
            self.page.stop()
            self.window.pages.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None
        if self.seat_session is not None:
            self.seat_session.shutdown()
            self.seat_session.deleteLater()
            self.seat_session = None

    def close(self) -> None:
        """Leave or stop whatever game day this window takes part in."""
        if self.client is not None:
            client, self.client = self.client, None
            client.welcomed.disconnect()
            client.disconnected.disconnect()
            client.leave()
            client.deleteLater()
        self._drop_page()
        if self.host_server is not None:
            self.host_server.close()
            self.host_server.deleteLater()
            self.host_server = None
        if self.lobby is not None:
            self.window.pages.removeWidget(self.lobby)
            self.lobby.deleteLater()
            self.lobby = None
        if self.dock is not None:
            self.main.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        self.hosting = None
        self._waiting_for.clear()
