"""The author's story, through the main window with real keys and clicks: a scenario from a
template -> a typo shows its marker and suggestion -> fixed -> an inject re-timed in the MSEL
table changes the YAML with the comments intact (and undo/redo spans text and table) -> the
preview's alert time moves with the threshold -> a dry run reports the resolution rate ->
save -> the library lists it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from simulator.problems import Level
from tests.gui.authoring.conftest import checked, line_of


def _fill_new_scenario(folder: Path, title: str) -> Any:
    def handler(dialog: Any) -> int:
        assert dialog.windowTitle() == "New scenario from a template"
        index = dialog.template.findText("Checkout down: a bad payments deploy")
        dialog.template.setCurrentIndex(index)
        dialog.title.setText(title)
        dialog.folder.setText(str(folder))
        assert dialog.file_name.text() == "payments-drill.yaml"
        return int(QDialog.DialogCode.Accepted)

    return handler


def _type_at(qtbot: Any, editor: Any, line: int, column: int, text: str) -> None:
    editor.go_to(line, column)
    qtbot.keyClicks(editor, text)


def test_the_authors_story(main_window: Any, modal: Any, qtbot: Any, tmp_path: Path) -> None:
    window = main_window
    modal.expect(_fill_new_scenario(tmp_path, "Payments drill"))
    window.authoring.new_action.trigger()
    view = window.authoring.view()
    assert window.pages.currentWidget() is view
    document = view.document
    path = tmp_path / "payments-drill.yaml"
    assert document.path == path and path.is_file()
    checked(qtbot, document)
    assert view.problem_summary.text() == "0 errors, 1 warning in 1 file"
    editor = document.editor

    # a typo: the marker in the gutter and the suggestion in the problems list
    row = line_of(document.text(), "    kind: deploy")
    _type_at(qtbot, editor, row, len("    kind: deploy") + 1, "y")
    checked(qtbot, document)
    assert [p.level for p in editor.problems_by_line[row]] == [Level.ERROR]
    typo = [line for line in view.problem_lines() if f":{row}:" in line]
    assert typo == [
        f"{path}:{row}:11: error: injects[0].kind: 'deployy' is not one of "
        "alert, customer_report, internal_report, security_finding, synthetic_check, "
        "metric_change, deploy, stakeholder_question, executive_pressure, red_herring "
        "(did you mean 'deploy'?)"
    ]
    assert view.msel.banner.isVisible()  # the panes wait for the text to load again
    # choosing the problem jumps to its line
    view.problems.setCurrentRow(view.problem_lines().index(typo[0]))
    qtbot.mouseClick(
        view.problems.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.problems.visualItemRect(view.problems.currentItem()).center(),
    )
    assert editor.textCursor().blockNumber() + 1 == row
    # fix it
    editor.go_to(row, len("    kind: deployy") + 1)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    checked(qtbot, document)
    assert row not in editor.problems_by_line
    assert view.problem_summary.text() == "0 errors, 1 warning in 1 file"

    # a comment, then re-time the support ticket in the MSEL table by typing
    ticket = line_of(document.text(), "  - id: support-ticket")
    _type_at(qtbot, editor, ticket, 1, "  # customers notice first")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    checked(qtbot, document)
    table = view.msel.table
    row_of_ticket = view.msel.row_of("support-ticket")
    assert view.msel.cell(row_of_ticket, 0) == "9m"
    rect = table.visualRect(view.msel.model.index(row_of_ticket, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    field = QApplication.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, "12m")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # the delegate commits on the next turn of the event loop; then the text is checked
    qtbot.waitUntil(
        lambda: "  - id: support-ticket\n    at: 12m\n" in document.text(), timeout=30000
    )
    checked(qtbot, document)
    text = document.text()
    assert "  # customers notice first\n  - id: support-ticket\n    at: 12m\n" in text
    assert text.count("\n    at: 9m\n") == 0
    assert view.msel.cell(view.msel.row_of("support-ticket"), 0) == "12m"
    # one history for text and table: undo the re-timing, redo it, from the editor's keys
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "  - id: support-ticket\n    at: 9m\n" in document.text()
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "  - id: support-ticket\n    at: 12m\n" in document.text()
    checked(qtbot, document)

    # the preview: the 5xx alert fires later when the threshold goes up
    view.panes.setCurrentWidget(view.preview)
    before = view.preview.summary.text()
    assert "PaymentsAPIHighErrorRate fires at 5m27s" in before
    threshold = line_of(document.text(), "        alert_threshold: 5")
    _type_at(qtbot, editor, threshold, len("        alert_threshold: 5") + 1, "0")
    checked(qtbot, document)
    after = view.preview.summary.text()
    assert "PaymentsAPIHighErrorRate never fires" in after  # 50% is above the curve's 37.5%
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "30")
    checked(qtbot, document)
    assert "PaymentsAPIHighErrorRate fires at 11m22s" in view.preview.summary.text()

    # a dry run of 10 runs: progress, then the resolution rate
    view.panes.setCurrentWidget(view.dry_run)
    view.dry_run.runs.setValue(10)
    qtbot.mouseClick(view.dry_run.start_button, Qt.MouseButton.LeftButton)
    assert view.dry_run.running
    with qtbot.waitSignal(view.dry_run.finished, timeout=120000):
        pass
    assert view.dry_run.progress.value() == 10
    lines = view.dry_run.details.text().split("\n")
    assert lines[0] == "Resolved in 10 of 10 runs (100%)."
    assert lines[1].startswith("Time to resolve: median ")

    # save, and the library lists it
    assert (
        document.modified
        and view.title.text() == "payments-drill.yaml — unsaved: payments-drill.yaml"
    )
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not document.modified
    assert path.read_text(encoding="utf-8") == document.text()
    assert view.title.text() == "payments-drill.yaml"
    assert "Payments drill" in window.library.visible_titles()
    entry = window.library.catalogue.get(path)
    assert entry is not None and entry.ok
    checked(qtbot, document)
