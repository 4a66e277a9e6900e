"""``gameday join HOST:PORT --code CODE``: take a seat in a game day hosted on another screen.

The command checks what was typed (the address, the join code) and opens the app on the
join: straight into the seat when ``--name`` is given, else on the join dialog filled in
with the address and code. ``cli`` never imports the GUI: ``main.py`` hands the opener in as
``args.open_app`` (imported only when the command runs), as it reaches the app for
``gameday gui``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.output import say
from simulator.multiplayer.access import code_problem
from simulator.multiplayer.protocol import split_address

#: The port a host offers first (``gui.network.host.DEFAULT_PORT``).
DEFAULT_PORT = 47017


def cmd_join(args: argparse.Namespace) -> int:
    """Check the address and code, then open the app on the join; returns the exit code
    (2 for a usage error, else the app's)."""
    try:
        args.host, args.port = split_address(args.address, DEFAULT_PORT)
    except ValueError as exc:
        say(str(exc), "join")
        return 2
    problem = code_problem(args.code)
    if problem:
        say(f"--code {problem}", "join")
        return 2
    open_app: Callable[[argparse.Namespace], int] = args.open_app
    return open_app(args)
