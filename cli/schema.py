"""``gameday schema --out DIR``: write the JSON Schemas of the scenario and team formats.

The schemas come from :func:`simulator.loading.schema.schema_texts`. Exit codes: 0 written,
1 the folder cannot be written, 2 usage (``--out`` is a file).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.output import echo, say
from simulator.loading.schema import schema_texts, write_atomically

__all__ = ["cmd_schema"]


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the scenario and team schemas into ``args.out`` (created when missing).

    Args:
        args: ``out`` from the parser.

    Returns:
        The exit code: 0, 1 (cannot write) or 2 (``--out`` is a file).
    """
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        say(f"{out} is a file; expected a folder", "schema")
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in schema_texts().items():
            target = out / name
            write_atomically(target, text)
            echo(f"wrote {target}")
    except OSError as exc:
        say(f"cannot write to {out}: {exc.strerror or exc}", "schema")
        return 1
    return 0
