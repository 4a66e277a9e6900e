"""What every command shares about its output: how problems and errors are printed, and
whether an ``--out`` folder can be written.

Errors go to stderr as one line each, ``gameday COMMAND: what went wrong (what to do)``;
located problems keep their compiler style (``file:line:col: error: ...``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from simulator.journal import os_error_fix, os_error_reason
from simulator.problems import Problem, printable

__all__ = ["cannot_write", "clean", "echo", "out_dir_error", "print_problems", "say"]


def clean(text: str) -> str:
    """``text`` with every control character and bidi override shown escaped (``\\x1b``,
    ``\\u202e``), so text from a scenario, team, runbook, timeline or journal can neither
    drive the terminal nor disguise itself."""
    return printable(text)


def echo(text: object = "") -> None:
    """``print`` on stdout, :func:`clean` first (text from files reaches the terminal so)."""
    print(clean(str(text)))


def say(message: str, command: str = "") -> None:
    """Print ``gameday COMMAND: message`` (or ``gameday: message``) on stderr.

    Args:
        message: the line, without the program name.
        command: the sub-command it concerns, or empty for the program as a whole.
    """
    prefix = f"gameday {command}" if command else "gameday"
    print(clean(f"{prefix}: {message}"), file=sys.stderr)


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """Print each located problem on its own line (stderr unless ``stream`` is given).

    Args:
        problems: the problems, in the order to print them.
        stream: where to print; None means the current ``sys.stderr``.
    """
    target = sys.stderr if stream is None else stream
    for problem in problems:
        print(clean(problem.format()), file=target)


def cannot_write(path: object, exc: OSError, doing: str) -> str:
    """``cannot write PATH: reason (ERRNO) (what to do)`` for an output that failed.

    Args:
        path: the file or folder that could not be written.
        exc: the error the write raised.
        doing: what the fix should say the user retries, e.g. ``"run with --out"``.
    """
    return f"cannot write {path}: {os_error_reason(exc)} ({os_error_fix(exc, doing)})"


def out_dir_error(out: Path, option: str = "--out") -> str | None:
    """Why ``out`` cannot be the output folder (a file is in the way), or None.

    Checked before a run so a long run or batch is not thrown away at the end.

    Args:
        out: the folder a command is about to write into (it may not exist yet).
        option: the option that named it, for the message.
    """
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                return (
                    f"{option} {out}: {folder} is a file, not a folder "
                    "(give a folder path, or move the file away)"
                )
            return None
    return None
