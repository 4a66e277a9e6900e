"""Regenerate the history screenshots in ``docs/screenshots/``: History, Replay, a branch's
comparison and Trends, from exercises played here (a temporary data folder, never the user's).

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m gui.history_screenshots \\
        docs/screenshots

Two exercises are played as incident commander, a real incident's timeline is imported and a
branch is played from the first run. The Trends picture needs months of history: the played
runs' index rows are copied over eight months and three trainees (a demonstration index; the
charts are the real ones).
"""

from __future__ import annotations

import random
import sys

from PySide6.QtWidgets import QMessageBox

from gui import dialogs
from gui.screenshot_studio import open_studio, studio_parser
from scenarios import BUNDLED_DIR
from simulator import actions as A
from simulator.model import Severity

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"



def _play(window: object, seed: int, ack_at: float) -> None:
    from gui.start_dialog import Mode, StartOptions

    assert window.start(SCENARIO, StartOptions(None, Mode.PLAY, 60.0, seed))  # type: ignore[attr-defined]
    session = window.session  # type: ignore[attr-defined]
    session.clock.pause()
    session.bridge.advance(ack_at)
    session.bridge.act(A.AcknowledgePage(actor=session.human))
    while not session.exercise.finished:
        session.bridge.advance(3600.0)


def _demo_months(store: object) -> None:
    """Copy the played runs' rows over eight months and three trainees (Trends picture)."""
    from simulator.history.entry import Entry, FamilyRow

    rng = random.Random(14)
    rows = [r for r in store.rows() if r.status == "ok" and not r.real]  # type: ignore[attr-defined]
    families = store.details().families  # type: ignore[attr-defined]
    entries = []
    for i in range(48):
        base = rows[i % len(rows)]
        month = 5 + i % 8
        journal = f"{base.journal}.demo{i}"
        entries.append(
            Entry(
                journal=journal,
                started=f"2026-{month:02d}-{1 + i % 27:02d}T10:00:00+00:00",
                scenario_id=base.scenario_id,
                scenario_title=base.scenario_title,
                team_id=base.team_id,
                team_name=base.team_name,
                mode="play",
                trainee=("Maria Okafor", "James Lind", "Lena Fischer")[i % 3],
                outcome=base.outcome,
                score=max(5.0, min(100.0, (base.score or 50) + month * 4 + rng.gauss(0, 8))),
                rating=base.rating,
                severity=("SEV-1", "SEV-2", "SEV-2", "SEV-3")[i % 4],
                phases={
                    "mttd": rng.uniform(120, 400),
                    "mtta": rng.uniform(300, 1500) / (1 + month / 6),
                    "time_to_mitigate": rng.uniform(900, 3000) / (1 + month / 8),
                    "time_to_resolve": rng.uniform(1800, 5400) / (1 + month / 8),
                },
                families=tuple(
                    FamilyRow(f, title, "", max(0.0, min(100.0, (sc or 50) + month * 3)))
                    for f, title, sc in families.get(base.id, [])
                ),
            )
        )
    store.put_many(entries)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Write the four screenshots; returns the exit code."""
    args = studio_parser("python -m gui.history_screenshots", "1280x760").parse_args(argv)
    studio = open_studio(args.out, args.size, prefix="gameday-history-shots-", own_runs=False)
    temp = studio.temp
    dialogs.run_modal = lambda _dialog: int(QMessageBox.StandardButton.Ok)  # type: ignore[assignment]
    from gui.main_window import MainWindow
    from reports.history import index_run
    from simulator.importing.timeline import import_timeline
    from simulator.journal import save_journal

    window = MainWindow(studio.settings())
    window.resize(studio.width, studio.height)
    window.show()
    _play(window, 7, 420.0)
    first = window.session.journal_path  # type: ignore[union-attr]
    _play(window, 8, 300.0)
    real = temp / "data" / "runs" / "github-2018-10-21" / "journal.jsonl"
    save_journal(import_timeline(BUNDLED_DIR / "timelines" / "github-2018-10-21.csv", []), real)
    index_run(real)
    pages = window.history_pages
    replay = pages.show_replay(first)
    assert replay is not None
    replay.seek(900.0)
    studio.save(window, "replay.png", 6)
    replay.seek(360.0)
    pages.branch(360.0)
    session = window.session
    assert session is not None
    session.clock.pause()
    session.bridge.act(A.AcknowledgePage(actor=session.human or ""))
    session.bridge.act(
        A.DeclareIncident(actor=session.human or "", severity=Severity.SEV1, title="Checkout down")
    )
    while not session.exercise.finished:
        session.bridge.advance(3600.0)
    studio.save(window, "branch.png", 6)
    history = pages.show_history()
    assert history is not None
    history.select_journal(str(first.resolve()))
    studio.save(window, "history.png", 6)
    store = pages.store()
    _demo_months(store)
    trends = pages.show_trends()
    assert trends is not None
    trends.scenario.setCurrentIndex(trends.scenario.findData("payments-bad-deploy"))
    studio.save(window, "trends.png", 6)
    window.close_session()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
