"""Keys and modals around the conversation: a shortcut never destroys typed text (every
shortcut pressed in every text field of the exercise view), no shortcut takes a key a text
field owns on some platform, and any modal dialog stops the sim clock while it is open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QMessageBox, QPlainTextEdit

from gui.exercise_view import TEXT_FIELD_KEYS
from gui.start_dialog import Mode, StartOptions
from scenarios import BUNDLED_DIR

SCENARIO = BUNDLED_DIR / "payments-bad-deploy.yaml"


def _start(window: Any, qtbot: Any) -> Any:
    assert window.start(SCENARIO, StartOptions(None, Mode.PLAY, 60.0, 1))
    view = window.exercise_view
    qtbot.mouseClick(view.briefing.start, Qt.MouseButton.LeftButton)
    window.session.clock.pause()
    return view


def test_no_shortcut_takes_a_key_a_text_field_owns(main_window: Any, qtbot: Any) -> None:
    view = _start(main_window, qtbot)
    keys = {
        name: action.shortcut().toString()
        for name, action in view.shortcut_actions.items()
        if not action.shortcut().isEmpty()
    }
    assert keys["update"] == "Ctrl+Shift+P" and keys["ack"] == "Ctrl+Shift+A"
    assert not {k for k in keys.values() if k in TEXT_FIELD_KEYS}, keys


def test_every_shortcut_from_every_text_field_keeps_the_text(main_window: Any, qtbot: Any) -> None:
    view = _start(main_window, qtbot)
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    fields = [
        w
        for w in view.findChildren(QLineEdit) + view.findChildren(QPlainTextEdit)
        if not w.isReadOnly() and w.isEnabled() and not isinstance(w.parent(), QAbstractSpinBox)
    ]
    assert len(fields) >= 8  # channel box, update form, status page, resolve summary, ...
    shortcuts = [a.shortcut() for a in view.shortcut_actions.values() if not a.shortcut().isEmpty()]
    checked = 0
    for field in fields:
        field.window().activateWindow()
        if hasattr(field, "setText"):
            field.setText("Checkout errors for EU cards")
        else:
            field.setPlainText("Checkout errors for EU cards")
        for sequence in shortcuts:
            combo = sequence[0]
            if combo.key() == Qt.Key.Key_Space:
                continue  # typing a space is typing
            field.setFocus()
            # where a shortcut moves the focus, put it back on the field before the next one
            qtbot.keyClick(field, combo.key(), combo.keyboardModifiers())
            text = field.text() if hasattr(field, "setText") else field.toPlainText()
            assert text == "Checkout errors for EU cards", (field.objectName(), sequence.toString())
            checked += 1
        view.session.clock.pause()
    assert checked >= len(fields) * (len(shortcuts) - 1)


def test_a_modal_dialog_stops_the_clock(main_window: Any, qtbot: Any) -> None:
    view = _start(main_window, qtbot)
    clock = view.session.clock
    exercise = view.session.exercise
    clock.play()
    qtbot.waitUntil(lambda: exercise.now > 0, timeout=5000)
    box = QMessageBox(QMessageBox.Icon.Question, "Confirm", "Roll back?", parent=main_window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    qtbot.waitExposed(box)
    assert clock.modal_open()
    frozen = exercise.now
    slices: list[None] = []
    clock.timer.timeout.connect(lambda: slices.append(None))
    # slices keep coming (the clock still runs) yet no sim time passes
    qtbot.waitUntil(lambda: len(slices) >= 5, timeout=5000)
    assert exercise.now == frozen and clock.running
    box.close()
    qtbot.waitUntil(lambda: exercise.now > frozen, timeout=5000)
    clock.pause()
