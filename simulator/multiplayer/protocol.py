"""The game-day wire format: JSON lines over TCP, a versioned handshake, typed messages.

Every message is one JSON object on one line (UTF-8, ``\\n``-terminated, at most
:data:`MAX_LINE` bytes) with a ``type``. A seat opens with ``hello`` naming the protocol
(:data:`PROTOCOL`), the join code, the seat it asks for and the player's name; the host answers
``welcome`` (or ``refused`` and closes). After that a seat sends only ``action`` messages,
numbered 1, 2, 3... (``n``), each carrying one :mod:`simulator.actions` payload, exactly as the
journal writes it (``{"action": name, ...fields}``), and ``bye``. The host sends:

``welcome``  protocol, seat {person, name, role}, scenario {id, title, sha256, file},
             team {id, sha256, file}, time_limit, clock_start, roster, state
``record``   record: one journal record as a seat may see it (see ``visibility``)
``result``   n, record: what became of action ``n`` (an ``action`` or ``rejected`` record)
``clock``    t (sim seconds), running, held (the facilitator paused everyone)
``roster``   seats [{person, name, role, player, connected, simulated}]
``notice``   text: something every seat should read (paused, a seat dropped...)
``debrief``  journal: every line of the host's journal, shared when the facilitator chooses
``refused``  reason: why the host closed the connection (a wrong code, a bad message...)

:func:`parse_client` reads a seat's line strictly: anything else (not UTF-8, not JSON, not an
object, an unknown type or field, a wrong value type, too long) raises :class:`ProtocolError`
with a message that says what was expected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: The protocol a seat and a host must both speak (the version after the ``@``).
PROTOCOL = "gameday/seat@1"
#: Longest line either side accepts, in bytes (a journal record is well under 8 KiB).
MAX_LINE = 64 * 1024
#: Longest text field a seat may send (a chat line, an update), in characters.
MAX_TEXT = 8000


class ProtocolError(ValueError):
    """A message broke the protocol; the text says what was wrong and what was expected."""


@dataclass(frozen=True)
class Hello:
    """A seat's first message."""

    protocol: str
    code: str
    seat: str  # person id asked for, "" = any free seat
    player: str  # the human's name, as the debrief will show it


@dataclass(frozen=True)
class ActionRequest:
    """A seat's action number ``n`` (1, 2, 3...) with its journal payload."""

    n: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class Bye:
    """The seat leaves on purpose."""


ClientMessage = Hello | ActionRequest | Bye

#: The fields each client message type must have, with their JSON type.
_FIELDS: dict[str, dict[str, type]] = {
    "hello": {"protocol": str, "code": str, "seat": str, "player": str},
    "action": {"n": int, "action": dict},
    "bye": {},
}


class LineReader:
    """Cuts a byte stream into lines; refuses a line longer than :data:`MAX_LINE`."""

    def __init__(self, limit: int = MAX_LINE) -> None:
        self._buffer = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> list[bytes]:
        """Add ``data``; returns the complete lines so far (without their newline).

        Raises:
            ProtocolError: a line grew past the limit without a newline.
        """
        self._buffer += data
        lines: list[bytes] = []
        while True:
            cut = self._buffer.find(b"\n")
            if cut < 0:
                break
            if cut > self._limit:
                raise ProtocolError(f"a message is longer than {self._limit} bytes")
            lines.append(bytes(self._buffer[:cut]))
            del self._buffer[: cut + 1]
        if len(self._buffer) > self._limit:
            raise ProtocolError(f"a message is longer than {self._limit} bytes")
        return lines


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line of compact JSON."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _json_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        dict: "an object",
        list: "a list",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _decode(line: bytes) -> dict[str, Any]:
    if len(line) > MAX_LINE:
        raise ProtocolError(f"a message is longer than {MAX_LINE} bytes")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("a message is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ProtocolError(f"a message is not JSON{where}; expected one object a line") from None
    if not isinstance(data, dict):
        raise ProtocolError(f"a message is {_json_name(data)}; expected a JSON object")
    return data


def parse_client(line: bytes) -> ClientMessage:
    """Read one line a seat sent.

    Raises:
        ProtocolError: naming what was wrong and what was expected.
    """
    data = _decode(line)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise ProtocolError(
            f"unknown message type {kind!r}; a seat sends one of {', '.join(_FIELDS)}"
        )
    fields = _FIELDS[kind]
    extra = sorted(set(data) - set(fields) - {"type"})
    if extra:
        expected = f"expected {', '.join(fields)}" if fields else f"{kind} has no fields"
        raise ProtocolError(f"{kind}: unknown field {extra[0]!r}; {expected}")
    for name, wanted in fields.items():
        if name not in data:
            raise ProtocolError(f"{kind}: missing field {name!r}")
        value = data[name]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise ProtocolError(
                f"{kind}: field {name!r} must be {_json_name(wanted())}, not {_json_name(value)}"
            )
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ProtocolError(f"{kind}: field {name!r} is longer than {MAX_TEXT} characters")
    if kind == "hello":
        return Hello(data["protocol"], data["code"], data["seat"], data["player"].strip())
    if kind == "action":
        return ActionRequest(int(data["n"]), dict(data["action"]))
    return Bye()


def parse_host(line: bytes) -> dict[str, Any]:
    """Read one line the host sent (the seat's side): a JSON object with a text ``type``.

    Raises:
        ProtocolError: when it is not one.
    """
    data = _decode(line)
    if not isinstance(data.get("type"), str):
        raise ProtocolError("a message from the host has no type")
    return data


def split_address(text: str, default_port: int) -> tuple[str, int]:
    """``"192.168.1.20:47017"`` -> ``("192.168.1.20", 47017)``; the port may be left out.

    Raises:
        ValueError: the host is empty or the port is not a number from 1 to 65535.
    """
    text = text.strip()
    host, sep, port_text = text.rpartition(":")
    if not sep or "]" in port_text:
        host, port_text = text, str(default_port)
    host = host.strip("[]")
    if not host:
        raise ValueError(f"{text!r}: give the host's address, e.g. 192.168.1.20:{default_port}")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)
