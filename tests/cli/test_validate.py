"""``gameday validate``: compiler-style lines, a summary, exit codes 0/1/2 and JSON output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "simulator" / "fixtures" / "loading"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A scenario with its team and runbook folder, laid out like scenarios/."""
    (tmp_path / "teams").mkdir()
    (tmp_path / "runbooks").mkdir()
    scenario = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace(
        "summary: A tiny scenario.\n",
        "summary: A tiny scenario.\nteam: teams/mini-team.yaml\nrunbooks: runbooks/\n",
    )
    (tmp_path / "mini.yaml").write_text(scenario, encoding="utf-8")
    shutil.copy(FIXTURES / "mini-team.yaml", tmp_path / "teams" / "mini-team.yaml")
    shutil.copy(FIXTURES / "ApiErrors.md", tmp_path / "runbooks" / "ApiErrors.md")
    return tmp_path


def test_clean_files_exit_0_with_a_summary(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(library)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 3 files\n"


def test_warnings_alone_still_exit_0(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (library / "runbooks" / "ApiErrors.md").unlink()
    assert main(["validate", str(library / "mini.yaml")]) == 0
    assert capsys.readouterr().out == (
        f"{library / 'mini.yaml'}:19:16: warning: services[0].metrics[0].alert: alert "
        f"'ApiErrors' has no runbook (in {library / 'runbooks'}) "
        "(add a runbook titled '# ApiErrors')\n"
        "0 errors, 1 warning in 1 file\n"
    )


def test_errors_exit_1_and_each_problem_is_reported_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = library / "teams" / "mini-team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8").replace("secondary: bo", "secondary: boo"),
        encoding="utf-8",
    )
    scenario = library / "mini.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("at: 4m", "at: 4 minutes"),
        encoding="utf-8",
    )
    # The team is reached twice (through the scenario and the folder walk): reported once.
    assert main(["validate", str(library), str(team)]) == 1
    assert capsys.readouterr().out == (
        f"{scenario}:37:9: error: injects[0].at: expected a duration like 90s, 5m or 1h30m, "
        "got '4 minutes' (write '4m')\n"
        f"{team}:17:14: error: on_call.secondary: unknown person 'boo'; expected one of ana, bo "
        "(did you mean 'bo'?)\n"
        "2 errors, 0 warnings in 3 files\n"
    )


def test_a_yaml_file_without_format_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.yml"
    path.write_text("id: x\nname: y\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}:1:1: error: format: missing 'format:'; expected 'format: gameday/scenario@1' "
        "or 'format: gameday/team@1' (add 'format: gameday/scenario@1' for a scenario or "
        "'format: gameday/team@1' for a team)\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_a_missing_path_is_a_usage_error_exit_2(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(library), str(library / "nope.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"gameday validate: {library / 'nope.yaml'}: no such file or folder\n"


def test_a_folder_without_files_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "no scenario, team or runbook files" in capsys.readouterr().err


def test_no_paths_is_an_argparse_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


def test_json_output_for_tools(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runbook = library / "runbooks" / "ApiErrors.md"
    runbook.write_text(
        runbook.read_text(encoding="utf-8").replace("## Escalation", "## Escalaton"),
        encoding="utf-8",
    )
    assert main(["validate", "--format", "json", str(runbook)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "ok": False,
        "files": [str(runbook)],
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "file": str(runbook),
                "line": 18,
                "column": 1,
                "path": "Escalaton",
                "message": "unknown section '## Escalaton'; expected one of Overview, Severity "
                "Assessment, Initial Investigation, Common Causes and Fixes, Escalation, "
                "Related Resources",
                "level": "error",
                "hint": "did you mean 'Escalation'?",
            }
        ],
    }


def test_the_bundled_library_validates_with_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "scenarios")]) == 0
    assert " 0 errors, " in " " + capsys.readouterr().out.splitlines()[-1]


def test_a_missing_file_suggests_the_one_next_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "payments-bad-deploy.yaml").write_text("x: 1\n", encoding="utf-8")
    for given in ("payments-bad-deploy.yml", "payment-bad-deploy.yaml"):
        assert main(["validate", str(tmp_path / given)]) == 2
        assert capsys.readouterr().err == (
            f"gameday validate: {tmp_path / given}: no such file or folder "
            "(did you mean 'payments-bad-deploy.yaml'?)\n"
        )
    assert main(["run", str(tmp_path / "payments-bad-deploy.yml")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'payments-bad-deploy.yml'}:0:0: error: no such scenario file (did you mean "
        "'payments-bad-deploy.yaml'?)\ngameday run: 1 error(s); nothing was run\n"
    )
    assert main(["validate", str(tmp_path / "gone" / "x.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"gameday validate: {tmp_path / 'gone' / 'x.yaml'}: no such file or folder (the folder "
        f"{tmp_path / 'gone'} does not exist either)\n"
    )


def test_validate_loads_neither_qt_matplotlib_nor_the_reports(library: Path) -> None:
    """main.py imports each command lazily: checking files stays quick on a bare server."""
    import subprocess
    import sys

    probe = (
        "import sys, main\n"
        f"code = main.main(['validate', {str(library)!r}])\n"
        "heavy = {'PySide6', 'matplotlib', 'jinja2', 'reports', 'gui'}\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
