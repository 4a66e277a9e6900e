"""Screenshots of the debrief after a good and a bad run of payments-bad-deploy.

The good run is the scripted best play (tests/simulator/scoring/best_play.py); the bad run a
trainee who fails over the database, restarts the service and resolves while users are still
affected. Run under a real X server so fonts are what users see::

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.gui.debrief_shots \\
        docs/screenshots

It writes ``debrief-good.png`` and ``debrief-bad.png`` at 1280x800 (``--size`` to change;
``--dark`` for a dark palette).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.debrief import Debrief
from scenarios import BUNDLED_DIR
from simulator.journal import Record
from simulator.loading import load_bundle_or_raise
from tests.simulator.scoring.best_play import bad_play, best_play

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def session_of(records: list[Record], folder: Path) -> Any:
    """What the debrief reads of a session, for a finished journal."""
    bundle = load_bundle_or_raise(SCENARIO)
    names = {p.id: p.name for p in bundle.team.people}
    end = next((r for r in reversed(records) if r.kind == "end"), None)
    return SimpleNamespace(
        bundle=bundle,
        exercise=SimpleNamespace(
            records=records,
            state=SimpleNamespace(ended=end.payload["reason"] if end else None),
        ),
        person_name=lambda pid: names.get(pid, pid),
        journal_path=folder / "journal.jsonl",
        run_dir=folder,
    )


def _dark(app: QApplication) -> None:
    palette = QPalette(app.palette())
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#3a3a3a"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)


def main(argv: list[str] | None = None) -> int:
    """Write the two screenshots; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m tests.gui.debrief_shots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--tab", default="", help="show this right-hand tab (e.g. Charts)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    if args.dark:
        _dark(app)
    args.out.mkdir(parents=True, exist_ok=True)
    bundle = load_bundle_or_raise(SCENARIO)
    runs = {"good": best_play(bundle), "bad": bad_play(bundle)}
    suffix = "-dark" if args.dark else ""
    suffix += f"-{args.tab.lower().replace(' ', '-')}" if args.tab else ""
    for name, records in runs.items():
        with tempfile.TemporaryDirectory() as folder:
            debrief = Debrief(session_of(records, Path(folder)))
            debrief.resize(width, height)
            debrief.show()
            if args.tab:
                right = debrief.findChild(object, "debriefRight")
                for i in range(right.count()):
                    if right.tabText(i) == args.tab:
                        right.setCurrentIndex(i)
            for _ in range(10):
                app.processEvents()
            path = args.out / f"debrief-{name}{suffix}.png"
            debrief.grab().save(str(path))
            print(f"wrote {path}")
            debrief.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
