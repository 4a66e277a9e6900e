"""Reading a file to import (timeline CSV, Statuspage / PagerDuty JSON, MSEL) as the YAML
loader reads its files: only a regular file, and at most :data:`MAX_SOURCE_BYTES` unless the
user says the file is genuinely large.

A pipe blocks forever and ``/dev/zero`` never ends, so neither is opened; a 100 MB CSV would
take minutes and gigabytes, so it is refused with its size and the override to give.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from simulator.problems import Problem

#: The largest file imported without ``allow_large`` (real exports are a few hundred KiB).
MAX_SOURCE_BYTES = 16 * 1024 * 1024

__all__ = ["MAX_SOURCE_BYTES", "read_source"]


def read_source(path: Path, allow_large: bool = False) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, or None and the problem that stopped the read.

    Args:
        path: the file to import.
        allow_large: read a file over :data:`MAX_SOURCE_BYTES` too (``--allow-large``).
    """
    name = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return None, [Problem(name, 0, 0, "", "this is a folder; expected a file")]
        if not stat.S_ISREG(mode):
            return None, [
                Problem(
                    name,
                    0,
                    0,
                    "",
                    "this is not a regular file (a pipe, socket or device); expected a file",
                    hint="save the content to a file and give that file",
                )
            ]
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read() if allow_large else handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        return None, [Problem(name, 0, 0, "", "cannot read: no such file")]
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(name, 0, 0, "", f"cannot read: {reason}")]
    if not allow_large and len(data) > MAX_SOURCE_BYTES:
        mib = max(size, len(data)) / 1024 / 1024
        return None, [
            Problem(
                name,
                0,
                0,
                "",
                f"the file is {mib:.0f} MiB; an import reads at most "
                f"{MAX_SOURCE_BYTES // 1024 // 1024} MiB",
                hint="if it is a genuine export that large, give --allow-large",
            )
        ]
    return data, []
