"""Durations as authors write them (``90s``, ``5m``, ``1h30m``) and as people read them."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")


def parse_duration(text: str) -> float:
    """Seconds in ``text`` such as ``90s``, ``5m``, ``1h30m`` or ``0s``.

    Raises:
        ValueError: with a message that shows the accepted forms.
    """
    match = _DURATION.match(text.strip())
    if not text.strip() or match is None or not any(match.groupdict().values()):
        raise ValueError(f"'{text}' is not a duration; write it like 90s, 5m or 1h30m")
    hours = int(match["h"] or 0)
    minutes = int(match["m"] or 0)
    seconds = float(match["s"] or 0)
    return hours * 3600 + minutes * 60 + seconds


def format_duration(seconds: float) -> str:
    """``seconds`` as ``1h05m``, ``12m30s`` or ``45s`` (rounded to whole seconds)."""
    total = round(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}h{minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m{secs:02d}s" if secs else f"{sign}{minutes}m"
    return f"{sign}{secs}s"


def format_clock(seconds: float) -> str:
    """``seconds`` since scenario start as ``HH:MM:SS`` (the sim clock display)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"
