"""The library's problems pane, as a new user meets it: a broken file shows its problems with
no empty "Difficulty:" / "Time limit:" rows, the warnings `gameday validate` prints (an alert
without a runbook) are there too, and fixing the file on disk lists it again by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from main import main
from tests.gui.authoring.conftest import TEMPLATE


def _shown(library: Any) -> list[str]:
    problems = library.details.problems
    return [problems.item(i).text() for i in range(problems.count())]


def test_broken_file_then_fixed_on_disk(
    main_window: Any, qtbot: Any, tmp_path: Path, capsys: Any
) -> None:
    from gui.authoring.files import from_template

    library = main_window.library
    path = tmp_path / "drill.yaml"
    good = from_template(TEMPLATE, path, "Drill on disk")
    path.write_text(good.replace("difficulty: beginner", "difficulty: beginer"), encoding="utf-8")
    library.open_paths([path])
    details = library.details
    capsys.readouterr()
    main(["validate", str(path)])
    printed = capsys.readouterr().out.rstrip("\n").split("\n")[:-1]
    assert _shown(library) == printed
    assert any("did you mean 'beginner'?" in line for line in printed)
    assert any(": warning: " in line and "has no runbook" in line for line in printed)
    assert details.problems_label.text() == (
        "Problems (fix them with Edit scenario… or any editor; saved fixes show here):"
    )
    for label in (details.difficulty, details.duration, details.team, details.injects):
        assert not label.isVisible()  # no empty "Difficulty:" / "Time limit:" rows
    assert details.problems.isVisible() and details.problems.height() > 60
    assert not details.start.isEnabled() and details.edit.isEnabled()

    # fixed in another editor: the library lists it again by itself
    path.write_text(good, encoding="utf-8")
    qtbot.waitUntil(
        lambda: library.current_entry() is not None and library.current_entry().ok, timeout=60000
    )
    qtbot.waitUntil(lambda: not library.reload_pending, timeout=60000)
    assert details.title.text() == "Drill on disk"
    assert details.difficulty.isVisible() and details.difficulty.text() == "beginner"
    assert details.problems_label.text() == "Warnings:"
    assert [line for line in _shown(library) if "has no runbook" in line]
    assert details.start.isEnabled()
    qtbot.waitUntil(lambda: not library.reload_pending and not library.busy, timeout=60000)


def test_a_new_file_in_a_library_folder_appears(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from gui.authoring.files import from_template

    library = main_window.library
    folder = tmp_path / "mine"
    folder.mkdir()
    library.add_folder(folder)
    qtbot.waitUntil(lambda: not library.busy, timeout=60000)
    assert "Written elsewhere" not in library.visible_titles()
    path = folder / "elsewhere.yaml"
    path.write_text(from_template(TEMPLATE, path, "Written elsewhere"), encoding="utf-8")
    qtbot.waitUntil(lambda: "Written elsewhere" in library.visible_titles(), timeout=60000)
    qtbot.waitUntil(lambda: not library.reload_pending and not library.busy, timeout=60000)
