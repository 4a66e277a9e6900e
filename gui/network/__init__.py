"""A game day over the local network: the Qt side of :mod:`simulator.multiplayer`.

* ``host``: :class:`~gui.network.host.GameHost`, the QTcpServer that moves bytes between
  seats and the :class:`~simulator.multiplayer.room.Room`, wired to the host's one engine;
* ``seat``: :class:`~gui.network.seat.SeatClient`, a participant's connection to the host;
* ``remote``: the seat's stand-ins for the engine, bridge, clock and session, so the usual
  exercise view and debrief show a seat's person from the records the host sends;
* ``dialogs``: Exercise > Host... and Exercise > Join...;
* ``lobby``: the host's lobby (join address, code, who holds which seat) and the game-day
  dock beside the facilitator console;
* ``game_day``: the controller that puts these into the main window.
"""
