"""Files of the history: deleting runs into a trash folder, emptying it, exporting a zip.

Deleting never destroys: the run's folder (its journal, report and branch files) moves to
``<data>/trash/``, where it stays until the user empties the trash. A journal that does not
sit in a folder of its own (a journal given by path, next to other files) is moved alone.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from simulator.history.indexer import JOURNAL_NAME

#: Files a run folder may hold besides its journal (anything else stays where it is).
RUN_FILES = ("branch.json", "report.html", "report.md", "report.pdf", "report.json")


def _own_folder(journal: Path) -> bool:
    """True when the journal's folder is a run folder (nothing in it but the run's files)."""
    folder = journal.parent
    if journal.name != JOURNAL_NAME:
        return False
    allowed = {JOURNAL_NAME, "report", *RUN_FILES}
    return all(p.name in allowed or p.name.startswith(".") for p in folder.iterdir())


def move_to_trash(journal: Path, trash: Path) -> Path:
    """Move a run (its folder, or the journal alone) into ``trash``; returns where it went.

    Raises:
        OSError: the files cannot be moved (nothing is lost: they stay where they were).
    """
    trash.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    source = journal.parent if journal.is_file() and _own_folder(journal) else journal
    target = trash / f"{stamp}-{source.name}"
    n = 1
    while target.exists():
        n += 1
        target = trash / f"{stamp}-{source.name}-{n}"
    shutil.move(str(source), str(target))
    return target


def trash_size(trash: Path) -> int:
    """How many deleted runs the trash holds."""
    return sum(1 for _ in trash.iterdir()) if trash.is_dir() else 0


def empty_trash(trash: Path) -> int:
    """Delete everything in the trash for good; returns how many runs went."""
    n = 0
    if not trash.is_dir():
        return 0
    for item in list(trash.iterdir()):
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink()
        n += 1
    return n


def export_zip(journals: Iterable[Path], target: Path) -> list[str]:
    """Write the runs (journal and the run's own files) into one zip; returns its members.

    Each run goes into a folder named after its run folder. The zip is written to a temporary
    name and moved into place, so a failed export never leaves half a file.

    Raises:
        OSError: a journal cannot be read or the zip cannot be written.
    """
    names: list[str] = []
    tmp = target.with_name(f".{target.name}.part")
    used: set[str] = set()
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for journal in journals:
                base = journal.parent.name or "run"
                folder, n = base, 1
                while folder in used:
                    n += 1
                    folder = f"{base}-{n}"
                used.add(folder)
                files = [journal]
                if _own_folder(journal):
                    files += [
                        journal.parent / f for f in RUN_FILES if (journal.parent / f).is_file()
                    ]
                    report = journal.parent / "report"
                    if report.is_dir():
                        files += sorted(p for p in report.rglob("*") if p.is_file())
                for path in files:
                    member = f"{folder}/{path.relative_to(journal.parent).as_posix()}"
                    zf.write(path, member)
                    names.append(member)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return names
