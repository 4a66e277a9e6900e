"""User stories: a trainee commands the bundled payments and orders incidents by typing only in
the incident channel (no forms) and reaches a P rating; responders answer, a proposal is
approved from the channel, another declined by its button.

Every message goes through the real reader, the confirmation line ("— Enter to confirm, Esc
to edit") and the real engine and scoring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialog

from gui.start_dialog import Mode, StartDialog
from scenarios import BUNDLED_DIR
from simulator.journal import Record
from simulator.scoring import score
from simulator.scoring.card import Rating


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(text)


def accept_start(qtbot: Any) -> Callable[[QDialog], int]:
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, StartDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        radio = dialog.mode_buttons[Mode.PLAY]
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(30, radio.height() // 2))
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
        return int(dialog.result())

    return fill


class Trainee:
    """Types in the channel and plays the clock, as a trainee at the keyboard."""

    def __init__(self, window: Any, qtbot: Any, scenario: str, modal: Any) -> None:
        assert window.library.select_path(BUNDLED_DIR / f"{scenario}.yaml")
        modal.expect(accept_start(qtbot))
        click(qtbot, window.library.details.start)
        window.activateWindow()
        self.qtbot = qtbot
        self.window = window
        self.session = window.session
        self.view = window.exercise_view
        view = self.view
        # the briefing comes first: the clock waits for Start
        assert view.pages.currentWidget() is view.briefing
        assert not self.session.clock.running
        # the situation as the trainee knows it: the scenario's briefing, never its fix
        scenario = self.session.bundle.scenario
        assert " ".join(scenario.briefing.split()) in view.briefing.plain
        for fix in ("rollback", "roll back", "fail over", "failover"):
            assert fix not in view.briefing.plain.lower()
        start = self.session.exercise.now
        # a beginner asks for hints: recorded in the journal when the clock starts
        hints = view.briefing.hints
        qtbot.mouseClick(hints, Qt.MouseButton.LeftButton, pos=QPoint(8, hints.height() // 2))
        assert hints.isChecked()
        click(qtbot, view.briefing.start)
        assert self.session.exercise.state.hints
        assert self.session.clock.running and start == 0.0
        self.session.clock.pause()
        choose(qtbot, view.header.speed, "As fast as possible")

    def type(self, text: str, confirm: bool = False) -> str:
        """Type ``text`` and press Enter (and Enter again to confirm); the feedback line."""
        channel = self.view.channel
        channel.input.setFocus()
        self.qtbot.keyClicks(channel.input, text)
        self.qtbot.keyClick(channel.input, Qt.Key.Key_Return)
        if confirm:
            shown = channel.reading.text()
            assert shown.endswith("— Enter to confirm, Esc to edit"), shown
            assert self.session.exercise.records[-1].payload.get("text") != text
            self.qtbot.keyClick(channel.input, Qt.Key.Key_Return)
        assert channel.input.text() == "", channel.reading.text()
        return str(channel.reading.text())

    def run_until(self, done: Callable[[], bool], timeout: int = 30000) -> None:
        """Play the clock until ``done()``, then pause."""
        session = self.session

        def check(_record: Record) -> None:
            if done():
                session.clock.pause()

        session.bridge.recordAdded.connect(check)
        try:
            if not done():
                click(self.qtbot, self.view.header.play)
                self.qtbot.waitUntil(lambda: not session.clock.running, timeout=timeout)
        finally:
            session.bridge.recordAdded.disconnect(check)
        assert done()

    def said(self, person: str, since: int) -> list[str]:
        """What ``person`` wrote in the channel since record ``since``."""
        return [
            str(r.payload.get("text"))
            for r in self.session.exercise.records[since:]
            if r.kind == "message" and r.actor == person
        ]

    def rating(self) -> Rating:
        card = score(list(self.session.exercise.records), self.session.bundle)
        return card.overall_rating


def test_payments_by_talking(main_window: Any, qtbot: Any, modal: Any, runs_dir: Any) -> None:
    me = Trainee(main_window, qtbot, "payments-bad-deploy", modal)
    state = me.session.exercise.state
    me.run_until(lambda: "maria" in me.session.exercise.unacked_pages)
    assert me.type("ack") == "Done: Acknowledge your page"
    assert me.type("I'm the incident commander. Declaring SEV-2", confirm=True).startswith(
        "Done: You take the incident commander role; Declare a SEV-2 incident"
    )
    assert state.commander == "maria" and state.severity is not None
    me.type("Page James, page Lena and page Sam", confirm=True)
    me.type("Open a bridge")
    me.run_until(lambda: all(state.in_incident(p) for p in ("james", "lena", "sam")))
    mark = len(me.session.exercise.records)
    assert me.type("Jmaes, you're tech lead. Lena, you're comms lead and Sam is scribe") == (
        "Done: Name James Lind technical lead; Name Lena Fischer communications lead; "
        "Name Sam Reyes scribe"
    )
    assert me.type(
        "James, check deploy history for payments-api and report back in 10 minutes"
    ) == (
        "Done: Task for James Lind: check deploy history for payments-api, report back "
        "within 10 minutes"
    )
    me.type("Update the status page", confirm=True)
    # James answers, reports as CAN, then proposes; the proposal shows with its buttons
    me.run_until(lambda: bool(state.open_proposals()))
    james = me.said("james", mark)
    assert sorted(james[:2]) == [
        "Got it, I'm technical lead.",
        "On it: checking deploy history for payments-api, back to you within 10 minutes.",
    ]
    report = state.tasks["T1"].result
    assert report.startswith("Condition: ") and "Actions: checked deploy history" in report
    assert "Needs: " in report
    assert me.view.channel.proposal_bar.isVisible()
    assert me.view.channel.proposal.text().startswith("James Lind proposes: roll back payments-api")
    # approved from the channel: James rolls back
    mark = len(me.session.exercise.records)
    assert me.type("Yes, go ahead", confirm=True) == (
        "Done: Approve James Lind’s proposal: roll back payments-api"
    )
    me.type("Post an update", confirm=True)
    me.run_until(lambda: any(m.strategy == "rollback" for m in state.mitigations))
    assert "Thanks, I'll roll back payments-api now." in me.said("james", mark)
    me.run_until(lambda: any(m.effective_at is not None for m in state.mitigations))
    me.type("Post an update: monitoring, ETA 10 minutes", confirm=True)
    me.type(
        "We're resolved: metrics normal, no recurring errors, customer impact resolved, "
        "stakeholders notified",
        confirm=True,
    )
    assert state.resolved
    assert me.rating() is Rating.P


def test_orders_by_talking_with_a_declined_proposal(
    main_window: Any, qtbot: Any, modal: Any, runs_dir: Any
) -> None:
    me = Trainee(main_window, qtbot, "orders-db-primary-failover", modal)
    exercise = me.session.exercise
    state = exercise.state
    me.run_until(lambda: "maria" in exercise.unacked_pages, timeout=60000)
    me.type("ack")
    me.type("I'm the incident commander. Declaring SEV-1", confirm=True)
    assert me.type("Escalate to leadership", confirm=True) == (
        "Done: Escalate: page escalation level 3"
    )
    me.type("Page the database on-call, page Lena and page Sam", confirm=True)
    me.type("Open a bridge")
    me.type("Update the status page", confirm=True)
    me.run_until(lambda: all(state.in_incident(p) for p in ("lena", "sam")), 60000)
    me.type("Lena, you're comms lead and Sam is scribe")
    me.run_until(lambda: state.in_incident("tom"), 60000)
    me.type("Tom, you're tech lead")
    me.type("Tom, check the postgres-orders logs and report back in 10 minutes")
    me.run_until(lambda: bool(state.open_proposals()), 60000)
    first = state.open_proposals()[-1]
    assert me.view.channel.proposal.text().startswith(
        "Tom Becker proposes: fail over postgres-orders"
    )
    # declined by its button; Tom says what he will do instead
    mark = len(exercise.records)
    click(qtbot, me.view.channel.decline)
    assert state.proposals[first.seq].decision == "declined"
    assert not me.view.channel.proposal_bar.isVisible()
    me.run_until(lambda: bool(me.said("tom", mark)), 60000)
    assert me.said("tom", mark)[0] == (
        "OK, holding off on the failover. I'll keep digging into postgres-orders and come back "
        "with what I find."
    )
    # on second thought the trainee orders it: a mitigation task, confirmed first
    assert me.type("Tom, fail over postgres-orders now", confirm=True) == (
        "Done: Tom Becker to fail over postgres-orders"
    )
    me.type("Post an update", confirm=True)
    me.run_until(lambda: any(m.effective_at is not None for m in state.mitigations), 60000)
    me.type("Post an update: monitoring, ETA 10 minutes", confirm=True)
    me.type("Post an update: resolved, ETA none", confirm=True)
    me.type("Update the status page: resolved, orders work normally again.", confirm=True)
    me.type(
        "We're resolved: metrics normal, no recurring errors, customer impact resolved, "
        "stakeholders notified",
        confirm=True,
    )
    assert state.resolved
    assert me.rating() is Rating.P
