"""Plain-text helpers of the app: time stamps, literal tooltips, matplotlib labels, and which
records players may see.

Records themselves are put into words by :mod:`reports.describe` (one wording for the app and
the reports); :func:`app_namer` words them for the app.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from reports.describe import Namer
from simulator.bundle import Bundle
from simulator.durations import format_clock
from simulator.journal import Record

#: Record kinds that only the debrief and facilitator may see.
HIDDEN_KINDS = frozenset(
    {"header", "impact_start", "sample", "mitigation_effect", "relapse", "impact_end"}
)


def is_player_visible(record: Record) -> bool:
    """True for records a player could know about during the exercise."""
    return record.kind not in HIDDEN_KINDS


def app_namer(bundle: Bundle | None, name: Callable[[str], str]) -> Namer:
    """The namer of the app's lines: people and system actors named by ``name``, free text
    quoted whole (a list item wraps; nothing a player needs is cut off).

    Args:
        bundle: The session's bundle.
        name: The session's ``person_name``.

    Returns:
        A :class:`reports.describe.Namer`.
    """
    return Namer(bundle, name, limit=None)


def stamp(record: Record) -> str:
    """The record's sim time as ``T+HH:MM:SS``."""
    return f"T+{format_clock(record.t)}"


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt guesses whether a tooltip is rich text, so scenario text such as ``<b>x</b>`` would be
    rendered; escaping it inside an explicit ``<qt>`` block shows exactly what was written.
    """
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def mpl_text(text: str) -> str:
    """Text for a matplotlib label, with ``$`` escaped so it is never parsed as mathtext."""
    return text.replace("$", r"\$")
