"""Located problems: what the loaders collect instead of raising.

A :class:`Problem` names the file, line and column, the field path (``injects[3].at``),
what was wrong, what was expected and, where one can be guessed, the likely fix. Loaders
gather every problem of a file so an author fixes them in one pass (the qutebrowser habit).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Level(StrEnum):
    """How bad a problem is: an error stops a file loading, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file.

    ``message`` says what was wrong and what was expected; ``hint`` suggests the fix
    (a "did you mean" for misspellings). ``line`` and ``column`` are 1-based; 0 means the
    problem concerns the whole file.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    level: Level = Level.ERROR
    hint: str = ""

    def format(self) -> str:
        """Compiler-style one-liner: ``file:line:col: error: path: message (hint)``."""
        where = f"{self.file}:{self.line}:{self.column}"
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.level.value}: {path}{self.message}{hint}"

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        data: dict[str, object] = asdict(self)
        data["level"] = self.level.value
        return data


#: What must never reach a terminal, a Markdown report or a window title as is: C0 controls
#: but tab and newline (ESC starts ANSI and OSC sequences, BEL rings), DEL, C1 controls, and
#: the bidi overrides and isolates that make text read in another order than it is stored.
_HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character and bidi override shown escaped (``\\x1b``,
    ``\\u202e``): text from a scenario, team, runbook, timeline or journal can then neither
    drive a terminal nor read in another order than it is stored."""
    return _HOSTILE.sub(_escaped, text)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint for ``word`` among ``choices``, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors among ``problems``."""
    return [p for p in problems if p.level is Level.ERROR]


class LoadError(Exception):
    """Raised by the ``*_or_raise`` helpers when a file has errors; carries them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
