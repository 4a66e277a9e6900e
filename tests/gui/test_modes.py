"""Modes with the real engine: tabletop (record anyone's decisions), watching (no controls),
and how a rejected action is explained."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR
from simulator.model import Tool

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _start(window: Any, mode: Mode) -> Any:
    assert window.start(SCENARIO, StartOptions(None, mode, 60.0, 1))
    window.session.clock.pause()
    return window.session


def _pick(combo: Any, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_tabletop_records_decisions_as_anyone(main_window: Any, qtbot: Any) -> None:
    session = _start(main_window, Mode.TABLETOP)
    view = main_window.exercise_view
    commands = view.commands
    assert commands.acting_as.isVisibleTo(commands) and not commands.join.isHidden()
    assert main_window.facilitator.isVisible()
    _pick(commands.acting_as, "james")
    commands.show_tab("page")
    qtbot.mouseClick(commands.join, Qt.MouseButton.LeftButton)
    logs = view.investigation.console(Tool.LOGS)
    view.center.setCurrentWidget(view.investigation)
    view.investigation.setCurrentWidget(logs)
    qtbot.keyClicks(logs.query, "payments error")
    qtbot.mouseClick(logs.run, Qt.MouseButton.LeftButton)
    mine = [
        (r.kind, r.actor, r.payload.get("action") or r.payload.get("tool"))
        for r in session.exercise.records
        if r.actor == "james"
    ]
    assert mine == [
        ("action", "james", "join"),
        ("action", "james", "query_tool"),
        ("finding", "james", "logs"),
    ]
    text = logs.results.toPlainText()
    assert "logs> payments error   # James Lind" in text
    assert "(James Lind reports)" in text


def test_watching_offers_no_controls(main_window: Any) -> None:
    _start(main_window, Mode.WATCH)
    view = main_window.exercise_view
    assert not view.commands.isEnabled()
    assert not view.channel.input.isEnabled()
    assert not view.investigation.console(Tool.LOGS).isEnabled()
    assert view.header.role.text() == "Watching a simulated team"
    assert view.banner.text().startswith("Watching a fully simulated team.")
    assert not main_window.findChild(object, "action_declare").isEnabled()


def test_a_rejected_action_shows_the_engines_reason(main_window: Any, qtbot: Any) -> None:
    session = _start(main_window, Mode.PLAY)
    view = main_window.exercise_view
    commands = view.commands
    while not view.inbox.ack.isEnabled():
        qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.inbox.ack, Qt.MouseButton.LeftButton)
    commands.show_tab("roles")
    _pick(commands.role_person, "sam")
    qtbot.mouseClick(commands.assign_role, Qt.MouseButton.LeftButton)
    last = session.exercise.records[-1]
    assert last.kind == "rejected"
    assert commands.feedback.text() == (
        f"Not done — assign role by Maria Okafor: {last.payload['reason']}"
    )
    assert last.payload["reason"] == "sam has not joined the incident; page them first"
    assert "b3261e" in commands.feedback.styleSheet()


def test_markup_in_scenario_text_is_shown_literally(
    main_window: Any, qtbot: Any, tmp_path: Any
) -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    deploy = (
        '"payments-api: sync succeeded, revision v2.31.0 (a4f91c2) promoted to 100% of '
        'prod-eu-west-1."'
    )
    assert deploy in text
    text = text.replace(deploy, '"<b>Deployed</b> &amp; <i>done</i> $x$"')
    text = text.replace("name: Payments API", "name: <u>Payments</u> API $a$")
    text = text.replace("team: teams/", f"team: {BUNDLED_DIR}/teams/")
    text = text.replace("runbooks: runbooks/", f"runbooks: {BUNDLED_DIR}/runbooks/")
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    assert main_window.start(path, StartOptions(None, Mode.PLAY, 60.0, 1))
    session = main_window.session
    session.clock.pause()
    view = main_window.exercise_view
    qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    assert view.channel.text().endswith("Argo CD: <b>Deployed</b> &amp; <i>done</i> $x$")
    last = view.timeline.list.item(view.timeline.list.count() - 1)
    assert last.text() == "T+00:01:00  Argo CD (deploy): <b>Deployed</b> &amp; <i>done</i> $x$"
    assert last.toolTip() == (
        "<qt>T+00:01:00  Argo CD (deploy): &lt;b&gt;Deployed&lt;/b&gt; &amp;amp; &lt;i&gt;done"
        "&lt;/i&gt; $x$</qt>"
    )
    titles = [ax.get_title(loc="left") for ax in view.charts.axes.values()]
    # the title wraps to the chart's width; its words are the scenario's, escaped, never parsed
    assert " ".join(titles[0].split()) == "<u>Payments</u> API \\$a\\$: HTTP 5xx rate (%)"
    assert "<u>Payments</u> API $a$ (payments-api)" in [
        view.commands.target.itemText(i) for i in range(view.commands.target.count())
    ]


def test_tasks_come_back_with_reports_and_command_can_be_handed_over(
    main_window: Any, qtbot: Any, modal: Any
) -> None:
    session = _start(main_window, Mode.PLAY)
    view = main_window.exercise_view
    commands = view.commands
    while not view.inbox.ack.isEnabled():
        qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.inbox.ack, Qt.MouseButton.LeftButton)
    commands.show_tab("page")
    _pick(commands.page_person, "james")
    qtbot.mouseClick(commands.page, Qt.MouseButton.LeftButton)
    state = session.exercise.state
    _run_until(qtbot, session, lambda: state.in_incident("james"))
    commands.show_tab("tasks")
    _pick(commands.task_person, "james")
    qtbot.keyClicks(commands.task_text, "Check the payments-api logs")
    commands.task_box.setValue(5)
    _pick(commands.task_tool, "logs")
    qtbot.keyClicks(commands.task_query, "payments error")
    qtbot.mouseClick(commands.assign_task, Qt.MouseButton.LeftButton)
    row = commands.tasks.topLevelItem(0)
    assert (row.text(0), row.text(1)) == ("T1", "James Lind")
    assert row.text(3) == "Check the payments-api logs — working"
    _run_until(qtbot, session, lambda: bool(state.tasks) and state.tasks["T1"].done)
    row = commands.tasks.topLevelItem(0)
    assert row.text(3).startswith("Check the payments-api logs — done: ")
    assert "(James Lind reports)" in view.investigation.console(Tool.LOGS).results.toPlainText()

    commands.show_tab("declare")
    _pick(commands.severity, "SEV-2")
    qtbot.mouseClick(commands.declare, Qt.MouseButton.LeftButton)
    assert state.commander == "maria"
    commands.show_tab("roles")
    _pick(commands.handover_to, "james")
    qtbot.keyClicks(commands.briefing, "Rollback in flight; watch 5xx.")
    modal.expect(lambda box: int(box.StandardButton.Ok))
    qtbot.mouseClick(commands.hand_over, Qt.MouseButton.LeftButton)
    assert modal.seen[-1].text() == "Hand incident command to James Lind?"
    assert state.commander == "james"
    assert commands.roles_now.text().splitlines()[0] == "Incident commander: James Lind"


def _run_until(qtbot: Any, session: Any, done: Any) -> None:
    """Play until ``done()`` holds after a record, then pause at once."""

    def check(_record: Any) -> None:
        if done():
            session.clock.pause()

    session.bridge.recordAdded.connect(check)
    try:
        session.clock.set_speed(0.0)
        session.clock.play()
        qtbot.waitUntil(lambda: not session.clock.running, timeout=20000)
    finally:
        session.bridge.recordAdded.disconnect(check)
    assert done()


def test_a_team_file_with_errors_stops_the_start_with_its_problems(
    main_window: Any, modal: Any, tmp_path: Any
) -> None:
    team = tmp_path / "team.yaml"
    text = (BUNDLED_DIR / "teams" / "acme-platform.yaml").read_text(encoding="utf-8")
    team.write_text(text.replace("experience: senior", "experience: wizard", 1), "utf-8")
    shown: list[Any] = []
    modal.expect(lambda box: shown.append(box) or 0)
    assert not main_window.start(SCENARIO, StartOptions(team, Mode.PLAY, 10.0, 1))
    assert main_window.session is None
    box = shown[0]
    assert (box.windowTitle(), box.text()) == (
        "The exercise cannot start",
        "These files have problems; fix them and try again.",
    )
    details = box.detailedText().splitlines()
    assert details and all(line.startswith(f"{team}:") for line in details)
    assert any("experience" in line and "wizard" in line for line in details)


def test_gameday_gui_with_a_missing_file_is_a_usage_error(capsys: Any) -> None:
    from main import main

    assert main(["gui", "no/such/scenario.yaml"]) == 2
    assert capsys.readouterr().err == "gameday gui: no/such/scenario.yaml: no such file\n"


def test_notes_go_into_the_scribes_log(main_window: Any, qtbot: Any) -> None:
    session = _start(main_window, Mode.PLAY)
    view = main_window.exercise_view
    timeline = view.timeline
    while not view.inbox.ack.isEnabled():
        qtbot.mouseClick(view.header.step, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.inbox.ack, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(timeline.note, "Suspect the 14:03 deploy")
    qtbot.keyClick(timeline.note, Qt.Key.Key_Return)
    last = session.exercise.records[-1]
    assert (last.kind, last.actor, dict(last.payload)) == (
        "action",
        "maria",
        {"action": "add_note", "text": "Suspect the 14:03 deploy"},
    )
    assert timeline.lines()[-1].endswith("Maria Okafor noted: Suspect the 14:03 deploy")
    assert timeline.note.text() == ""
