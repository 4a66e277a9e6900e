"""The scenario library: listing, filtering, sorting, details, problems, drops, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel

from gui.library import LibraryView
from scenarios import BUNDLED_DIR

BROKEN = """\
format: gameday/scenario@1
id: broken-one
title: A broken scenario
summary: Missing most things.
difficulty: impossible
clock:
  start: "2026-03-10T14:02:00+01:00"
  time_limit: 2 hours
"""


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def _bundled_titles() -> list[str]:
    from simulator.loading import load_scenario

    titles = []
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        scenario, _ = load_scenario(path)
        assert scenario is not None, path
        titles.append(scenario.title)
    return titles


def test_library_lists_every_bundled_scenario_sorted_by_title(main_window: Any) -> None:
    library = main_window.library
    assert library.visible_titles() == sorted(_bundled_titles(), key=str.lower)
    assert main_window.windowTitle() == "Game Day Simulator"


def test_filter_keeps_rows_matching_every_word(main_window: Any, qtbot: Any) -> None:
    library = main_window.library
    qtbot.keyClicks(library.filter, "deploy payments")
    assert library.visible_titles() == ["Checkout down: a bad payments deploy"]
    library.filter.clear()
    qtbot.keyClicks(library.filter, "no such scenario")
    assert library.visible_titles() == []


def test_clicking_the_duration_header_sorts_by_time_limit(main_window: Any, qtbot: Any) -> None:
    library = main_window.library
    header = library.table.horizontalHeader()
    x = header.sectionViewportPosition(2) + header.sectionSize(2) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    limits = [
        library.catalogue.get(
            Path(str(library.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)))
        )
        for r in range(library.proxy.rowCount())
    ]
    seconds = [e.scenario.clock.time_limit for e in limits if e and e.scenario]
    assert seconds == sorted(seconds)


def test_details_show_what_players_may_know_and_never_the_truth(main_window: Any) -> None:
    library = main_window.library
    assert library.select_path(BUNDLED_DIR / "payments-bad-deploy.yaml")
    details = library.details
    assert details.title.text() == "Checkout down: a bad payments deploy"
    assert details.services.text().splitlines() == [
        "Payments API (payments-api)",
        "Checkout web (checkout-web)",
        "payments Postgres (postgres-payments)",
        "TokenVault (tokenvault)",
    ]
    assert details.team.text() == "Acme Platform Engineering (24/7, two sites) (acme-platform.yaml)"
    assert details.injects.text() == "7"
    assert details.summary.text().startswith("Tuesday afternoon. Card payments at checkout")
    shown = " ".join(label.text() for label in details.findChildren(QLabel))
    for secret in ("NullPointerException", "tokenvault-client to 4.0", "canary stage", "rollback"):
        assert secret not in shown
    assert details.start.isEnabled()


def test_opening_a_broken_file_lists_its_problems_with_locations(
    main_window: Any, tmp_path: Path
) -> None:
    path = _broken(tmp_path)
    library = main_window.library
    library.open_paths([path])
    assert "⚠ broken.yaml — 5 errors" in library.visible_titles()
    details = library.details
    problems = [details.problems.item(i).text() for i in range(details.problems.count())]
    assert sorted(problems) == sorted(
        [
            f"{path}:1:1: error: missing required key 'services': the system under exercise "
            "(add 'services:' to a scenario)",
            f"{path}:1:1: error: missing required key 'truth': the hidden truth "
            "(add 'truth:' to a scenario)",
            f"{path}:1:1: error: missing required key 'injects': the master scenario events "
            "list (may be empty: alerts then come only from metrics) (add 'injects:' to a "
            "scenario)",
            f"{path}:5:13: error: difficulty: 'impossible' is not one of beginner, "
            "intermediate, advanced",
            f"{path}:8:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, "
            "got '2 hours' (write '2h')",
        ]
    )
    assert details.problems.isVisibleTo(details)
    recent = [a.text() for a in main_window.recent_menu.actions()]
    assert recent == [str(path.resolve())]
    assert details.summary.text() == "This file did not load."
    assert not details.start.isEnabled()


def test_dropping_a_broken_file_on_the_window_shows_its_problems(
    main_window: Any, tmp_path: Path
) -> None:
    path = _broken(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    details = main_window.library.details
    assert details.title.text() == "broken.yaml"
    shown = [details.problems.item(i).text() for i in range(details.problems.count())]
    assert (
        f"{path}:8:15: error: clock.time_limit: expected a duration like 90s, 5m or 1h30m, "
        "got '2 hours' (write '2h')" in shown
    )


def test_rich_text_in_a_title_is_shown_literally(main_window: Any, tmp_path: Path) -> None:
    text = (BUNDLED_DIR / "payments-bad-deploy.yaml").read_text(encoding="utf-8")
    title = "<b>Bold</b> &amp; <i>slanted</i>"
    text = text.replace('title: "Checkout down: a bad payments deploy"', f'title: "{title}"')
    text = text.replace("team: teams/", f"team: {BUNDLED_DIR}/teams/")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    path = tmp_path / "rich.yaml"
    path.write_text(text, encoding="utf-8")
    library = main_window.library
    (entry,) = library.open_paths([path])
    assert entry.ok, [p.format() for p in entry.problems]
    assert title in library.visible_titles()
    assert library.details.title.text() == title
    assert library.details.title.textFormat() == Qt.TextFormat.PlainText


def test_added_folders_and_recent_files_are_remembered(
    qtbot: Any, qsettings: Any, tmp_path: Path, modal: Any
) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "teams").mkdir()
    (folder / "teams" / "t.yaml").write_text("format: gameday/team@1\n", encoding="utf-8")
    scenario = (BUNDLED_DIR / "payments-bad-deploy.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace("id: payments-bad-deploy", "id: copied")
    scenario = scenario.replace('title: "Checkout down', 'title: "Copied: checkout down')
    (folder / "copy.yaml").write_text(scenario, encoding="utf-8")
    broken = _broken(tmp_path)
    first = LibraryView(qsettings)
    qtbot.addWidget(first)
    first.add_folder(folder)
    first.open_paths([broken])
    qsettings.sync()

    again = LibraryView(qsettings)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=20000):
        again.refresh()
    assert again.folders() == [folder.resolve()]
    assert again.recent_files() == [broken.resolve()]
    titles = again.visible_titles()
    assert "⚠ broken.yaml — 5 errors" in titles
    assert any(t.startswith("⚠ copy.yaml") or t.startswith("Copied:") for t in titles)
    assert not any("t.yaml" in t for t in titles), "team files are not scenarios"


def test_removing_a_folder_from_the_file_menu(main_window: Any, qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    text = (BUNDLED_DIR / "payments-bad-deploy.yaml").read_text(encoding="utf-8")
    text = text.replace('title: "Checkout down', 'title: "Extra: checkout down')
    text = text.replace("team: teams/", f"team: {BUNDLED_DIR}/teams/")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    (folder / "extra.yaml").write_text(text, encoding="utf-8")
    library = main_window.library
    library.add_folder(folder)
    qtbot.waitUntil(lambda: not library.busy)
    assert "Extra: checkout down: a bad payments deploy" in library.visible_titles()
    (action,) = main_window.folders_menu.actions()
    assert action.text() == str(folder.resolve())
    action.trigger()
    assert library.folders() == []
    assert "Extra: checkout down: a bad payments deploy" not in library.visible_titles()
    assert not main_window.folders_menu.isEnabled()
