"""The host of a game day: a ``QTcpServer`` between the seats and the one engine.

:class:`GameHost` listens while the lobby is open and the exercise runs (never before, never
after the end), hands each connection's bytes to its :class:`~simulator.multiplayer.room.Room`
and does what the room answers (send these bytes, close that connection). Once the exercise
starts it subscribes to the engine, so every journal record reaches every seat (through the
room's filter) the moment it is written, and it relays the clock: sim time, play / pause and
the facilitator's "Pause everyone".

Nothing a seat sends can raise out of the host: the room refuses it and closes the
connection, and the exercise goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import (
    QAbstractSocket,
    QHostAddress,
    QNetworkInterface,
    QTcpServer,
    QTcpSocket,
)

from gui.session import Session
from simulator.journal import Record
from simulator.multiplayer.room import Close, Out, Phase, Room, Send

#: The port a host offers first (another is chosen when it is taken).
DEFAULT_PORT = 47017
#: Wall seconds between two clock messages to the seats while the clock runs.
CLOCK_EVERY_S = 0.5


def lan_address() -> str:
    """This machine's first non-loopback IPv4 address (``127.0.0.1`` when it has none)."""
    for address in QNetworkInterface.allAddresses():
        if (
            address.protocol() is QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
            and not address.isLoopback()
        ):
            return address.toString()
    return "127.0.0.1"


def peer_name(address: QHostAddress) -> str:
    """A peer's address as people write it (an IPv4 peer of a dual-stack server is
    ``192.168.1.7``, not ``::ffff:192.168.1.7``), so tries are counted per machine."""
    text = address.toString()
    return text.removeprefix("::ffff:") if "." in text else text


class GameHost(QObject):
    """The network side of a hosted exercise.

    Signals:
        rosterChanged(): a seat was taken, dropped or rejoined.
        logged(str): something happened at the door (joined, refused and why).
        seatDropped(str): the person id of a seat whose player dropped while it ran.
        seatReturned(str): the person id of a seat taken again while it ran.
    """

    rosterChanged = Signal()
    logged = Signal(str)
    seatDropped = Signal(str)
    seatReturned = Signal(str)

    def __init__(self, room: Room, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.server = QTcpServer(self)
        self.server.newConnection.connect(self._accept)
        self._sockets: dict[int, QTcpSocket] = {}
        self._next = 1
        self._logged = 0
        self._connected = {s: False for s in room.seats}
        self.session: Session | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._last_clock = 0.0
        self._roster_pending = False
        room.on_change.append(self._roster_changed)

    # ------------------------------------------------------------------ listening

    def listen(self, port: int = DEFAULT_PORT, address: QHostAddress | None = None) -> bool:
        """Open the lobby on ``port`` (any free port when it is taken, or when 0)."""
        where = address if address is not None else QHostAddress(QHostAddress.SpecialAddress.Any)
        if self.server.listen(where, port):
            return True
        return bool(port) and self.server.listen(where, 0)

    @property
    def port(self) -> int:
        """The port the host listens on (0 when not listening)."""
        return int(self.server.serverPort()) if self.server.isListening() else 0

    @property
    def listening(self) -> bool:
        """True while seats may connect."""
        return self.server.isListening()

    def join_address(self) -> str:
        """What participants type: ``192.168.1.20:47017``."""
        return f"{lan_address()}:{self.server.serverPort()}"

    # ------------------------------------------------------------------ the exercise

    def start(self, session: Session) -> None:
        """The exercise started: relay its records and clock to the seats."""
        self.session = session
        exercise = session.exercise
        self._apply(self.room.start(exercise))
        self._unsubscribe = exercise.subscribe(self._on_record)
        session.clock.ticked.connect(self._on_tick)
        session.clock.runningChanged.connect(lambda _running: self._send_clock())
        session.clock.heldChanged.connect(self.hold)
        self._send_clock()

    def hold(self, held: bool) -> None:
        """The facilitator paused (True) or resumed (False) everyone: tell every seat."""
        if self.session is not None and held != self.room.held:
            self._apply(self.room.hold(held, self.session.exercise.now))

    def simulated(self, person: str, on: bool) -> None:
        """Tell every seat's roster that the simulator plays ``person`` (``on``) or not."""
        self._apply(self.room.simulated(person, on))

    def notice(self, text: str) -> None:
        """Tell every seat something."""
        self._apply(self.room.notice(text))

    def share_debrief(self) -> None:
        """Send every seat the host's whole journal (the seats' debriefs are built from it)."""
        if self.session is not None:
            self._apply(self.room.debrief(self.session.exercise.records))

    def close(self) -> None:
        """Close every connection and stop listening."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._apply(self.room.close())
        self.server.close()

    # ------------------------------------------------------------------ relaying

    def _on_record(self, record: Record) -> None:
        self._apply(self.room.record(record))
        if record.kind == "end":
            self._send_clock()
            self.server.close()  # nobody joins a finished exercise

    def _on_tick(self, _now: float) -> None:
        now = time.monotonic()
        if now - self._last_clock >= CLOCK_EVERY_S:
            self._send_clock()

    def _send_clock(self) -> None:
        if self.session is None:
            return
        self._last_clock = time.monotonic()
        clock = self.session.clock
        self._apply(self.room.clock(self.session.exercise.now, clock.running))

    # ------------------------------------------------------------------ sockets

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                break
            conn = self._next
            self._next += 1
            self._sockets[conn] = socket
            socket.readyRead.connect(lambda c=conn: self._read(c))
            socket.disconnected.connect(lambda c=conn: self._gone(c))
            self._apply(self.room.connect(conn, peer_name(socket.peerAddress())))

    def _read(self, conn: int) -> None:
        socket = self._sockets.get(conn)
        if socket is None:
            return
        data = bytes(socket.readAll().data())
        try:
            outs = self.room.receive(conn, data)
        except Exception as exc:  # the last resort: a seat never takes the host down
            self.room.log.append(f"closed a connection after an error: {type(exc).__name__}")
            outs = [*self.room.disconnect(conn), Close(conn, str(exc))]
        self._apply(outs)

    def _gone(self, conn: int) -> None:
        socket = self._sockets.pop(conn, None)
        if socket is not None:
            socket.deleteLater()
        self._apply(self.room.disconnect(conn))

    def _apply(self, outs: Sequence[Out]) -> None:
        for out in outs:
            socket = self._sockets.get(out.conn)
            if socket is None:
                continue
            if isinstance(out, Send):
                socket.write(out.data)
            elif isinstance(out, Close):
                self._sockets.pop(out.conn, None)
                socket.flush()
                socket.disconnectFromHost()
                socket.deleteLater()
        self._flush_log()

    def _flush_log(self) -> None:
        while self._logged < len(self.room.log):
            self.logged.emit(self.room.log[self._logged])
            self._logged += 1

    def _roster_changed(self) -> None:
        # after the room's answer is sent (a seat's welcome before anything the change causes)
        if not self._roster_pending:
            self._roster_pending = True
            QTimer.singleShot(0, self._roster_settled)

    def _roster_settled(self) -> None:
        self._roster_pending = False
        running = self.room.phase is Phase.RUNNING
        for person, seat in self.room.seats.items():
            now = seat.conn is not None
            if running and self._connected[person] and not now:
                self.seatDropped.emit(person)
            elif running and not self._connected[person] and now:
                self.seatReturned.emit(person)
            self._connected[person] = now
        self.rosterChanged.emit()
