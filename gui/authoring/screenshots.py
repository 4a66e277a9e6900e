"""Regenerate the Authoring view's screenshots in ``docs/screenshots/``.

Run it under a real X server so fonts and styles are what users see::

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m gui.authoring.screenshots \\
        docs/screenshots

It writes ``authoring-editor.png`` (a typo's marker and suggestion beside the MSEL table),
``authoring-preview.png`` and ``authoring-dry-run.png`` (50 runs). The scenario is made from
the payments template in a temporary folder; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from gui.app import application
from scenarios import BUNDLED_DIR


def _settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(widget: QWidget, path: Path, app: QApplication) -> None:
    _settle(app)
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    """Write the three screenshots into the folder given."""
    parser = argparse.ArgumentParser(prog="python -m gui.authoring.screenshots")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    app = application()
    from gui.authoring.files import new_scenario
    from gui.authoring.view import AuthoringView

    folder = Path(tempfile.mkdtemp(prefix="gameday-shots-"))
    path = folder / "checkout-drill.yaml"
    new_scenario(BUNDLED_DIR / "payments-bad-deploy.yaml", path, "Checkout drill")
    view = AuthoringView()
    view.resize(width, height)
    view.show()
    view.open(path)
    document = view.document
    assert document is not None

    def wait_checked() -> None:
        while document.checking:
            app.processEvents()

    wait_checked()
    text = document.text()
    row = text.split("\n").index("    kind: deploy") + 1
    document.editor.go_to(row, len("    kind: deploy") + 1)
    document.editor.insertPlainText("y")
    wait_checked()
    document.editor.go_to(row - 12, 1)
    document.editor.go_to(row, len("    kind: deployy") + 1)
    args.folder.mkdir(parents=True, exist_ok=True)
    _save(view, args.folder / "authoring-editor.png", app)
    document.editor.textCursor().deletePreviousChar()
    wait_checked()
    view.panes.setCurrentWidget(view.preview)
    _save(view, args.folder / "authoring-preview.png", app)
    view.panes.setCurrentWidget(view.dry_run)
    view.dry_run.start()
    while view.dry_run.running:
        app.processEvents()
    _save(view, args.folder / "authoring-dry-run.png", app)
    view.stop()
    view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
