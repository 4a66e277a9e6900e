"""Keeping the index true to the journals: add one, refresh all, rebuild from scratch.

The summary of a journal is made above the core (:func:`reports.history.summarise`, which
needs the report's action items) and handed in as ``summarise``. A journal whose summary fails
for any reason is indexed as damaged with the reason, never dropped; a journal that is gone is
marked missing; one whose size or time changed (edited by hand) is summarised again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.history.entry import DAMAGED, MISSING, Entry
from simulator.history.store import HistoryStore

#: Makes the entry of one journal (raises nothing it can help: a bad journal is ``damaged``).
Summarise = Callable[[Path], Entry]
JOURNAL_NAME = "journal.jsonl"


@dataclass
class Outcome:
    """What a refresh or rebuild did, for the message a user reads."""

    indexed: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def text(self) -> str:
        """``3 exercises indexed, 1 damaged, 1 missing``."""
        n = len(self.indexed)
        parts = [f"{n} exercise{'s' if n != 1 else ''} indexed"]
        if self.damaged:
            parts.append(f"{len(self.damaged)} damaged")
        if self.missing:
            parts.append(f"{len(self.missing)} missing")
        return ", ".join(parts)


def fingerprint(path: Path) -> tuple[str, int, float]:
    """The journal's SHA-256, size and modification time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    stat = path.stat()
    return digest.hexdigest(), stat.st_size, stat.st_mtime


def key(path: Path) -> str:
    """The index key of a journal: its absolute path."""
    return str(path.expanduser().resolve())


def entry_of(path: Path, summarise: Summarise) -> Entry:
    """The entry of ``path``; a journal that cannot be summarised is a damaged entry."""
    try:
        return summarise(path)
    except Exception as exc:  # never drop a journal because its summary failed
        return Entry.damaged(key(path), f"{type(exc).__name__}: {exc}")


def index_journal(store: HistoryStore, path: Path, summarise: Summarise) -> Entry:
    """Summarise one journal and write it into the index; returns the entry written."""
    entry = entry_of(path, summarise)
    store.put(entry)
    return entry


def scan(roots: Iterable[Path]) -> list[Path]:
    """Journals in run folders under ``roots`` (``<root>/<run>/journal.jsonl``)."""
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found += sorted(p for p in root.glob(f"*/{JOURNAL_NAME}") if p.is_file())
    return found


def refresh(store: HistoryStore, summarise: Summarise, roots: Iterable[Path] = ()) -> Outcome:
    """Bring the index up to date: new journals under ``roots`` added, changed ones read
    again, gone ones marked missing (and listed again when they come back)."""
    out = Outcome()
    known = store.fingerprints()
    for journal, (status, size, mtime, stale) in known.items():
        path = Path(journal)
        if not path.is_file():
            if status != MISSING:
                store.mark(journal, MISSING, "the journal file is gone (deleted or moved)")
            out.missing.append(journal)
            continue
        stat = path.stat()
        if stale or status == MISSING or stat.st_size != size or stat.st_mtime != mtime:
            _add(store, path, summarise, out)
    for path in scan(roots):
        if key(path) not in known:
            _add(store, path, summarise, out)
    return out


def rebuild(store: HistoryStore, summarise: Summarise, roots: Iterable[Path] = ()) -> Outcome:
    """Read every journal again: those the index knew (wherever they are) and those under
    ``roots``. A journal that is gone keeps its entry, marked missing (its summary is all
    that is left of it); tracked action-item state is kept."""
    out = Outcome()
    known = list(store.fingerprints())
    paths = {key(p): p for p in scan(roots)}
    for journal in known:
        paths.setdefault(journal, Path(journal))
    for journal, path in sorted(paths.items()):
        if path.is_file():
            _add(store, path, summarise, out)
        else:
            store.mark(journal, MISSING, "the journal file is gone (deleted or moved)")
            out.missing.append(journal)
    return out


def _add(store: HistoryStore, path: Path, summarise: Summarise, out: Outcome) -> None:
    entry = index_journal(store, path, summarise)
    (out.damaged if entry.status == DAMAGED else out.indexed).append(entry.journal)
