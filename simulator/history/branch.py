"""Where a branch came from: ``branch.json`` beside a branch's journal.

A branch is a new live run that replayed a past run's human actions up to a moment, with the
same seed, and then went on live. Its journal is an ordinary journal (the contract does not
change); the link to its parent lives in this small file, so a rebuilt index still lists the
branch under its parent.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

BRANCH_FILE = "branch.json"
BRANCH_FORMAT = "gameday/branch@1"


@dataclass(frozen=True)
class BranchPoint:
    """The parent journal (absolute path) and the sim time the branch diverged at."""

    parent: str
    t: float


def write_branch(run_dir: Path, point: BranchPoint) -> Path:
    """Write ``run_dir/branch.json`` atomically; returns its path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / BRANCH_FILE
    text = json.dumps({"format": BRANCH_FORMAT, "parent": point.parent, "t": point.t}, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".branch-", dir=run_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_branch(journal: Path) -> BranchPoint | None:
    """The branch point recorded beside ``journal`` (None: not a branch, or unreadable)."""
    path = journal.parent / BRANCH_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != BRANCH_FORMAT:
        return None
    parent, t = data.get("parent"), data.get("t")
    if not isinstance(parent, str) or not isinstance(t, int | float) or isinstance(t, bool):
        return None
    return BranchPoint(parent, float(t))
