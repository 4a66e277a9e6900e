"""A participant's connection to a hosted game day (``QTcpSocket``, JSON lines).

:class:`SeatClient` says ``hello`` with the join code, the seat asked for and the player's
name, then turns each line from the host into a signal. :meth:`SeatClient.act` sends one
action and waits (in a local event loop, so the window keeps painting and a host in the same
process keeps serving) for the host's ``result``, returning the ``action`` or ``rejected``
record like :meth:`simulator.engine.Exercise.act` does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

from simulator.actions import Action
from simulator.journal import Record
from simulator.multiplayer.protocol import (
    PROTOCOL,
    LineReader,
    ProtocolError,
    encode,
    parse_host,
)

#: How long a seat waits for the host's answer to an action, in milliseconds.
ACT_TIMEOUT_MS = 5000
#: Longest line a seat accepts from the host (the shared debrief journal is one line).
HOST_MAX_LINE = 64 * 1024 * 1024


def record_of(data: Any) -> Record:
    """A record the host sent (``record`` / ``result`` messages).

    Raises:
        ProtocolError: when it is not a journal record.
    """
    import json

    try:
        return Record.from_json(json.dumps(data))
    except (ValueError, TypeError) as exc:
        raise ProtocolError(f"the host sent a bad record: {exc}") from None


class SeatClient(QObject):
    """One seat's connection to the host.

    Signals:
        welcomed(dict): the host accepted the seat (the ``welcome`` message).
        refused(str): the host refused (wrong code, seat taken...) and closed the connection.
        recordReceived(Record): a journal record, as this seat may see it.
        clockChanged(float, bool, bool): sim time, running, held by the facilitator.
        rosterChanged(list): every seat with its player and whether they are connected.
        notice(str): something the host wants every seat to read.
        debriefReceived(list): the host's whole journal (records), shared after the end.
        disconnected(str): the connection is gone (why, in words).
        lineReceived(bytes): every line from the host, as received (tests read them all).
    """

    welcomed = Signal(dict)
    refused = Signal(str)
    recordReceived = Signal(object)
    clockChanged = Signal(float, bool, bool)
    rosterChanged = Signal(list)
    notice = Signal(str)
    debriefReceived = Signal(list)
    disconnected = Signal(str)
    lineReceived = Signal(bytes)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.socket = QTcpSocket(self)
        self.socket.connected.connect(self._say_hello)
        self.socket.readyRead.connect(self._read)
        self.socket.disconnected.connect(self._gone)
        self.socket.errorOccurred.connect(self._error)
        self._reader = LineReader(HOST_MAX_LINE)
        self._hello: dict[str, Any] = {}
        self._n = 0
        self._results: dict[int, Record] = {}
        self._waiting: QEventLoop | None = None
        self._closed_reason = ""
        self.joined = False
        self.welcome: dict[str, Any] = {}

    def connect_to(self, host: str, port: int, code: str, player: str, seat: str = "") -> None:
        """Connect and ask for ``seat`` (a person id, "" for any free seat) as ``player``."""
        self._hello = {
            "type": "hello",
            "protocol": PROTOCOL,
            "code": code,
            "seat": seat,
            "player": player,
        }
        self._closed_reason = ""
        self._reader = LineReader(HOST_MAX_LINE)
        self.socket.connectToHost(host, port)

    @property
    def connected(self) -> bool:
        """True while the socket is connected."""
        return self.socket.state() is QAbstractSocket.SocketState.ConnectedState

    def act(self, action: Action, timeout_ms: int = ACT_TIMEOUT_MS) -> Record:
        """Send ``action`` and wait for the host's answer: its ``action`` or ``rejected``
        record (a ``rejected`` one saying so when the host does not answer in time)."""
        payload = action.to_payload()
        if not self.joined or not self.connected:
            return self._local_rejection(action, payload, "not connected to the host")
        self._n += 1
        n = self._n
        self.socket.write(encode({"type": "action", "n": n, "action": payload}))
        self.socket.flush()
        if n not in self._results:
            loop = QEventLoop()
            self._waiting = loop
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            self._waiting = None
        record = self._results.pop(n, None)
        if record is None:
            return self._local_rejection(action, payload, "the host did not answer in time")
        return record

    def leave(self) -> None:
        """Say ``bye`` and close (the seat stays open for a rejoin)."""
        if self.connected:
            self.socket.write(encode({"type": "bye"}))
            self.socket.flush()
            self.socket.disconnectFromHost()

    def drop(self) -> None:
        """Cut the connection without a word (as a network cut would)."""
        self.socket.abort()

    # ------------------------------------------------------------------ socket

    @staticmethod
    def _local_rejection(action: Action, payload: dict[str, Any], reason: str) -> Record:
        return Record(0, 0.0, "rejected", action.actor, {"action": payload, "reason": reason})

    def _say_hello(self) -> None:
        self.socket.write(encode(self._hello))

    def _read(self) -> None:
        try:
            lines = self._reader.feed(bytes(self.socket.readAll().data()))
            for line in lines:
                self.lineReceived.emit(line)
                self._message(parse_host(line))
        except ProtocolError as exc:
            self._closed_reason = str(exc)
            self.socket.abort()
            self.disconnected.emit(f"the host sent something this app cannot read: {exc}")

    def _message(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "record":
            self.recordReceived.emit(record_of(message.get("record")))
        elif kind == "result":
            self._results[int(message.get("n", 0))] = record_of(message.get("record"))
            if self._waiting is not None:
                self._waiting.quit()
        elif kind == "clock":
            self.clockChanged.emit(
                float(message.get("t", 0.0)),
                bool(message.get("running")),
                bool(message.get("held")),
            )
        elif kind == "welcome":
            self.joined = True
            self.welcome = message
            self.welcomed.emit(message)
        elif kind == "roster":
            self.rosterChanged.emit(list(message.get("seats") or []))
        elif kind == "notice":
            self.notice.emit(str(message.get("text", "")))
        elif kind == "debrief":
            journal = [Record.from_json(str(line)) for line in message.get("journal") or []]
            self.debriefReceived.emit(journal)
        elif kind == "refused":
            self._closed_reason = str(message.get("reason", "refused"))
            self.refused.emit(self._closed_reason)

    def _gone(self) -> None:
        was_joined = self.joined
        self.joined = False
        if self._waiting is not None:
            self._waiting.quit()
        if was_joined or not self._closed_reason:
            self.disconnected.emit(self._closed_reason or "the connection to the host was lost")

    def _error(self, _error: QAbstractSocket.SocketError) -> None:
        if self.socket.state() is not QAbstractSocket.SocketState.ConnectedState and not (
            self.joined
        ):
            reason = self.socket.errorString()
            if not self._closed_reason:
                self._closed_reason = reason
                self.disconnected.emit(f"cannot reach the host: {reason}")
