"""What demanding users try: odd keys, empty or invalid forms, closing mid-exercise, files that
are not scenarios, and scenarios with empty lists (no metrics, clues, objectives; one person).

Every test drives the real main window with clicks and keys and checks what the user sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from gui.start_dialog import Mode, StartOptions
from gui.text import plain_tip
from scenarios import BUNDLED_DIR
from simulator.journal import read_journal

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _start(window: Any, mode: Mode = Mode.PLAY, path: Path = SCENARIO) -> Any:
    assert window.start(path, StartOptions(None, mode, 60.0, 1))
    window.session.clock.pause()
    return window.session


def _acknowledge(view: Any, qtbot: Any) -> None:
    while not view.inbox.ack.isEnabled():
        qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.inbox.ack, Qt.MouseButton.LeftButton)


def _pick(combo: Any, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_space_on_a_focused_checkbox_ticks_it_and_leaves_the_clock(
    main_window: Any, qtbot: Any
) -> None:
    session = _start(main_window)
    view = main_window.exercise_view
    qtbot.keyClick(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    box = view.commands.checks["metrics_normal"]
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    assert not session.clock.running, "Space on a check box must tick it, not play"
    # Space outside any button still plays / pauses
    qtbot.keyClick(view.timeline.list, Qt.Key.Key_Space)
    assert session.clock.running
    session.clock.pause()


def test_closing_the_window_mid_exercise_asks_first(
    main_window: Any, qtbot: Any, modal: Any
) -> None:
    session = _start(main_window)
    journal = session.journal_path
    modal.expect(lambda box: int(box.StandardButton.Cancel))
    assert not main_window.close()
    question = modal.seen[-1]
    assert (question.windowTitle(), question.text()) == (
        "Quit",
        f"An exercise is still running. End it and quit?\n\nIts journal is kept in {journal}",
    )
    assert main_window.session is session and not session.exercise.finished
    modal.expect(lambda box: int(box.StandardButton.Ok))
    assert main_window.close()
    assert main_window.session is None
    assert not session.clock.running
    records = list(read_journal(journal))
    assert (records[-1].kind, records[-1].payload["reason"]) == ("end", "stopped")


def test_after_the_debrief_the_exercise_shortcuts_do_nothing(
    main_window: Any, qtbot: Any, modal: Any
) -> None:
    session = _start(main_window)
    modal.expect(lambda box: int(box.StandardButton.Ok))
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert main_window.pages.currentWidget() is main_window.debrief
    count = len(session.exercise.records)
    for key, mods in (
        (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier),
    ):
        qtbot.keyClick(main_window.debrief, key, mods)
    assert len(session.exercise.records) == count
    assert not session.clock.running
    enabled = [a.text() for a in main_window.incident_menu.actions() if a.isEnabled()]
    assert enabled == []
    assert main_window.pages.currentWidget() is main_window.debrief


def test_handing_command_to_yourself_is_refused_without_asking(
    main_window: Any, qtbot: Any
) -> None:
    session = _start(main_window)
    view = main_window.exercise_view
    commands = view.commands
    _acknowledge(view, qtbot)
    count = len(session.exercise.records)
    commands.show_tab("roles")
    _pick(commands.handover_to, "maria")
    qtbot.mouseClick(commands.hand_over, Qt.MouseButton.LeftButton)  # no modal is expected
    assert commands.feedback.text() == (
        "Not done — Maria Okafor cannot hand command over to themself: choose who takes "
        "over under “To”."
    )
    assert len(session.exercise.records) == count


def test_invalid_forms_show_the_engines_reason(main_window: Any, qtbot: Any) -> None:
    session = _start(main_window)
    view = main_window.exercise_view
    commands = view.commands
    commands.show_tab("declare")
    qtbot.mouseClick(commands.declare, Qt.MouseButton.LeftButton)
    assert commands.feedback.text() == (
        "Not done — declare incident by Maria Okafor: maria has not acknowledged a page or "
        "joined the incident yet"
    )
    _acknowledge(view, qtbot)
    commands.show_tab("tasks")
    qtbot.mouseClick(commands.assign_task, Qt.MouseButton.LeftButton)
    assert commands.feedback.text() == (
        "Not done — assign task by Maria Okafor: the task says nothing: give it a "
        "description, a tool or a strategy"
    )
    qtbot.mouseClick(commands.follow_up, Qt.MouseButton.LeftButton)
    assert commands.feedback.text() == "Select a task in the list first."
    # a task that only carries a mitigation is described by it
    _pick(commands.task_strategy, "rollback")
    _pick(commands.task_target, "payments-api")
    qtbot.mouseClick(commands.assign_task, Qt.MouseButton.LeftButton)
    assert commands.feedback.text() == (
        "Maria Okafor asked Maria Okafor to apply rollback of payments-api (time-box 10m) [T1]"
    )
    assert commands.tasks.topLevelItem(0).text(3) == "rollback of payments-api — working"
    assert session.exercise.records[-1].kind == "action"


def _drop(window: Any, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(
        QDropEvent(
            QPointF(50, 50),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )


def test_dropping_a_picture_is_not_listed_and_says_why(main_window: Any, tmp_path: Path) -> None:
    picture = tmp_path / "whiteboard.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    library = main_window.library
    before = library.visible_titles()
    _drop(main_window, picture)
    assert library.visible_titles() == before
    assert library.recent_files() == []
    assert library.hint.text() == (
        "Not opened: whiteboard.png — scenario files end in .yaml or .yml."
    )
    teamfile = BUNDLED_DIR / "teams" / "startup.yaml"
    _drop(main_window, teamfile)
    assert library.hint.text() == "Tip: drop scenario files here to open them."
    details = library.details
    shown = [details.problems.item(i).text() for i in range(details.problems.count())]
    assert any("this is a team file (gameday/team@1); expected a scenario" in s for s in shown)


def test_a_folder_with_a_huge_file_lists_it_as_refused(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "huge.yaml").write_text("# " + "x" * (10 * 1024 * 1024) + "\n", encoding="utf-8")
    (folder / "binary.yaml").write_bytes(bytes(range(256)) * 64)
    library = main_window.library
    with qtbot.waitSignal(library.loaded, timeout=20000):
        library.add_folder(folder)
    titles = library.visible_titles()
    assert "⚠ huge.yaml — 1 error" in titles and "⚠ binary.yaml — 1 error" in titles
    assert library.select_path(folder / "huge.yaml")
    problem = library.details.problems.item(0).text()
    assert problem.startswith(f"{folder / 'huge.yaml'}:0:0: error: the file is ")
    assert "files over 2 MiB are refused" in problem


def _bare_scenario(tmp_path: Path) -> Path:
    """The bundled scenario with no metrics, injects, clues or objectives, and a one-person team."""
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    for service in data["services"]:
        service.pop("metrics", None)
    data["truth"]["impact"].pop("metrics", None)
    data["clues"] = []
    data["objectives"] = []
    data["injects"] = []
    data["clock"]["time_limit"] = "30m"
    data["id"] = "bare"
    data["title"] = "Bare"
    data["team"] = "solo.yaml"
    data["runbooks"] = str(BUNDLED_DIR / "runbooks")
    solo = {
        "format": "gameday/team@1",
        "id": "solo",
        "name": "Solo",
        "people": [
            {
                "id": "al",
                "name": "Al",
                "roles": ["incident_commander"],
                "experience": "novice",
                "timezone": "Europe/Berlin",
            }
        ],
        "on_call": {"primary": "al"},
        "escalation": {"levels": [{"level": 1, "targets": ["al"], "timeout": "10m"}]},
    }
    (tmp_path / "solo.yaml").write_text(yaml.safe_dump(solo), encoding="utf-8")
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_bare_scenario_runs_in_every_mode_to_a_debrief_and_exports(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    path = _bare_scenario(tmp_path)
    for mode in Mode:
        session = _start(main_window, mode, path)
        view = main_window.exercise_view
        assert view.charts.metrics == []
        console = main_window.facilitator
        assert console.msel.topLevelItemCount() == 0
        qtbot.mouseClick(console.fire, Qt.MouseButton.LeftButton)
        assert console.feedback.text() == "Select an inject in the list first."
        if mode is not Mode.WATCH:
            qtbot.keyClicks(view.channel.input, "anyone there?")
            qtbot.keyClick(view.channel.input, Qt.Key.Key_Return)
            # before joining, the engine refuses: the channel says why, nothing crashes; a
            # tabletop records the room's words as Al, who joins to say them
            assert view.channel.text().splitlines()[-1] == (
                "T+00:00:00  Al: anyone there?"
                if mode is Mode.TABLETOP
                else "T+00:00:00  incident-bot: Not done — say by Al: al has not acknowledged a "
                "page or joined the incident yet"
            )
        with qtbot.waitSignal(session.bridge.finished, timeout=20000):
            session.clock.set_speed(0.0)
            session.clock.play()
        debrief = main_window.debrief
        assert main_window.pages.currentWidget() is debrief
        assert debrief.phases.topLevelItemCount() == 6
        formats = ["html", "md", "pdf", "json"] if mode is Mode.PLAY else ["md", "json"]
        written = debrief.export(formats)
        assert sorted(p.name for p in written) == sorted(f"report.{f}" for f in formats)
        assert all(p.stat().st_size > 0 for p in written)
        qtbot.mouseClick(debrief.back, Qt.MouseButton.LeftButton)
        assert main_window.pages.currentWidget() is main_window.library
        assert main_window.session is None


def test_long_tool_output_wraps_instead_of_hiding_off_screen(main_window: Any, qtbot: Any) -> None:
    from simulator.model import Tool

    _start(main_window)
    view = main_window.exercise_view
    _acknowledge(view, qtbot)
    view.center.setCurrentWidget(view.investigation)
    logs = view.investigation.console(Tool.LOGS)
    view.investigation.setCurrentWidget(logs)
    qtbot.keyClicks(logs.query, "payments-api error")
    qtbot.keyClick(logs.query, Qt.Key.Key_Return)
    results = logs.results
    assert results.horizontalScrollBar().maximum() == 0
    longest = max(results.toPlainText().splitlines(), key=len)
    width = results.fontMetrics().horizontalAdvance(longest)
    assert width > results.viewport().width(), "the finding should be longer than the pane"


def test_msel_rows_tell_everything_in_their_tooltips(main_window: Any) -> None:
    session = _start(main_window, Mode.WATCH)
    console = main_window.facilitator
    inject = next(i for i in session.bundle.scenario.injects if i.expected_action)
    assert console.select_inject(inject.id)
    item = console.msel.currentItem()
    tips = {item.toolTip(column) for column in range(6)}
    assert len(tips) == 1
    tip = tips.pop()
    for part in (inject.id, inject.sender, f"Expects: {inject.expected_action}", "Due: "):
        assert plain_tip(part)[4:-5] in tip


def test_a_missing_team_file_is_reported_at_the_scenarios_team_line(
    main_window: Any, qtbot: Any, modal: Any, tmp_path: Path
) -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    text = text.replace("team: teams/acme-platform.yaml", "team: teams/gone.yaml")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    path = tmp_path / "orphan.yaml"
    path.write_text(text, encoding="utf-8")
    library = main_window.library
    library.open_paths([path])
    assert library.details.start.isEnabled()

    def start_with_own_team(dialog: Any) -> int:
        assert dialog.team.currentText() == "gone.yaml (missing)"
        return 1

    shown: list[Any] = []
    modal.expect(start_with_own_team)
    modal.expect(lambda box: shown.append(box) or 0)
    qtbot.mouseClick(library.details.start, Qt.MouseButton.LeftButton)
    assert main_window.session is None
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("team:"))
    assert shown[0].detailedText().splitlines()[0] == (
        f"{path}:{line}:7: error: team: the team file 'teams/gone.yaml' does not exist "
        f"({tmp_path / 'teams' / 'gone.yaml'}) (the folder 'teams' does not exist either; paths "
        "are relative to the scenario's folder)"
    )


def test_opening_the_update_tab_refreshes_an_untouched_form(main_window: Any, qtbot: Any) -> None:
    session = _start(main_window)
    view = main_window.exercise_view
    commands = view.commands
    _acknowledge(view, qtbot)
    commands.show_tab("declare")
    _pick(commands.severity, "SEV-2")
    qtbot.mouseClick(commands.declare, Qt.MouseButton.LeftButton)
    assert session.exercise.state.severity.value == "SEV-2"
    tabs = commands.tabs
    qtbot.mouseClick(
        tabs.tabBar(),
        Qt.MouseButton.LeftButton,
        pos=tabs.tabBar().tabRect(commands.tab_index["update"]).center(),
    )
    assert commands.update_severity.currentText() == "SEV-2"
    assert "declared a SEV-2 incident" in commands.update_actions.toPlainText()
    # what the user typed stays when they come back to the tab
    commands.update_impact.setPlainText("Card payments failing for 30% of customers")
    commands.show_tab("declare")
    commands.show_tab("update")
    assert commands.update_impact.toPlainText() == "Card payments failing for 30% of customers"
    # the update shortcut (Ctrl+Shift+P) while typing in the form keeps the text too
    qtbot.keyClick(
        commands.update_impact,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert commands.update_impact.hasFocus()
    assert commands.update_impact.toPlainText() == "Card payments failing for 30% of customers"


def test_the_report_tab_renders_markdown_and_keeps_markup_literal(
    main_window: Any, qtbot: Any, modal: Any, tmp_path: Path
) -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    title = 'title: "Checkout down: a bad payments deploy"'
    assert title in text
    text = text.replace(title, 'title: "<b>Checkout</b> down *now*"')
    text = text.replace("team: teams/", f"team: {BUNDLED_DIR}/teams/")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    session = _start(main_window, Mode.WATCH, path)
    with qtbot.waitSignal(session.bridge.finished, timeout=20000):
        session.clock.set_speed(0.0)
        session.clock.play()
    report = main_window.debrief.report
    shown = report.toPlainText()
    assert shown.splitlines()[0] == "Post-Mortem: <b>Checkout</b> down *now*"
    assert "**" not in shown and "|---" not in shown
    assert report.document().toHtml().count("<table") >= 1
    assert report.textCursor().position() == 0  # the report opens at its title


def test_an_unwritable_runs_folder_stops_the_start_with_a_message(
    main_window: Any, modal: Any, runs_dir: Path
) -> None:
    runs_dir.parent.mkdir(parents=True, exist_ok=True)
    runs_dir.write_text("a file where the runs folder should be", encoding="utf-8")
    shown: list[Any] = []
    modal.expect(lambda box: shown.append(box) or 0)
    assert not main_window.start(SCENARIO, StartOptions(None, Mode.PLAY, 60.0, 1))
    assert main_window.session is None
    assert main_window.pages.currentWidget() is main_window.library
    box = shown[0]
    assert (box.windowTitle(), box.text()) == (
        "The exercise cannot start",
        "The journal of the run cannot be written: Not a directory (ENOTDIR).",
    )
    assert box.detailedText().startswith(f"Runs are kept in {runs_dir}; make sure")
