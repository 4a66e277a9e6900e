"""The game-day room: several people on their own screens, one engine on the host.

Pure Python (no Qt, no sockets), so every rule is testable without a network:

* :mod:`~simulator.multiplayer.protocol`: the wire format (JSON lines, one message a line,
  a versioned handshake), the typed messages a seat may send and their strict reader;
* :mod:`~simulator.multiplayer.visibility`: what a seat may see of a journal record (a pure
  filter: no hidden truth, no MSEL, no facilitator notes, nobody else's private results);
* :mod:`~simulator.multiplayer.access`: join codes (random, compared in constant time) and the
  limit on wrong tries per address;
* :mod:`~simulator.multiplayer.room`: the host's side of a game day: who holds which seat,
  what each connection may do, and the bytes each one is sent.

The Qt transport (``gui/network/``) only moves bytes between sockets and a :class:`Room`.
"""

from simulator.multiplayer.access import JoinCode, TryLimiter, new_join_code
from simulator.multiplayer.protocol import PROTOCOL, ProtocolError
from simulator.multiplayer.room import Close, Room, SeatSpec, Send
from simulator.multiplayer.visibility import seat_record

__all__ = [
    "PROTOCOL",
    "Close",
    "JoinCode",
    "ProtocolError",
    "Room",
    "SeatSpec",
    "Send",
    "TryLimiter",
    "new_join_code",
    "seat_record",
]
