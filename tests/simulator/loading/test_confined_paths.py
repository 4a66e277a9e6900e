"""A scenario's ``team:`` and ``runbooks:`` may name files only in its own folder tree (its
folder and below, its parent's ``teams/`` and ``runbooks/``, the bundled library) unless the
caller allows outside paths: a shared scenario cannot make the tool read, and echo in its
errors, any file on the machine (issue 12)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scenarios import BUNDLED_DIR
from simulator.loading import load_bundle, load_bundle_or_raise
from simulator.loading.validation import validate
from simulator.problems import LoadError

SCENARIO = (BUNDLED_DIR / "payments-bad-deploy.yaml").read_text(encoding="utf-8")


def scenario(folder: Path, team: str, runbooks: str = "runbooks/") -> Path:
    """The bundled payments scenario written into ``folder`` with other team / runbook paths."""
    text = SCENARIO.replace("team: teams/acme-platform.yaml", f"team: {team}", 1)
    text = text.replace("runbooks: runbooks/", f"runbooks: {runbooks}", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(path: Path, allow_outside_paths: bool = False) -> list[str]:
    _bundle, found = load_bundle(path, allow_outside_paths=allow_outside_paths)
    return [p.format() for p in found if p.level.value == "error"]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A team file and runbook folder in a folder beside the scenario's."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(BUNDLED_DIR / "teams" / "acme-platform.yaml", elsewhere / "team.yaml")
    shutil.copytree(BUNDLED_DIR / "runbooks", elsewhere / "runbooks")
    return elsewhere


def test_a_team_outside_the_scenario_folder_is_refused_with_the_fix(
    tmp_path: Path, outside: Path
) -> None:
    path = scenario(tmp_path / "drills", "../elsewhere/team.yaml", str(BUNDLED_DIR / "runbooks"))
    drills = os.path.realpath(tmp_path / "drills")
    root = os.path.realpath(tmp_path)
    assert errors(path) == [
        f"{path}:16:7: error: team: the team file '../elsewhere/team.yaml' is outside the "
        f"scenario's folder ({tmp_path / 'elsewhere' / 'team.yaml'}); a scenario may name "
        f"files only in {drills} and below, in {root}/teams, in {root}/runbooks or in the "
        "bundled scenarios (copy the team file next to the scenario, or run with "
        "--allow-outside-paths)"
    ]
    assert errors(path, allow_outside_paths=True) == []
    bundle = load_bundle_or_raise(path, allow_outside_paths=True)
    assert bundle.team_path == str(outside / "team.yaml")
    with pytest.raises(LoadError):
        load_bundle_or_raise(path)


def test_an_absolute_runbook_folder_elsewhere_is_refused(tmp_path: Path, outside: Path) -> None:
    path = scenario(tmp_path / "drills", str(BUNDLED_DIR / "teams" / "acme-platform.yaml"),
                    str(outside / "runbooks"))  # fmt: skip
    [message] = errors(path)
    assert message.startswith(
        f"{path}:17:11: error: runbooks: the runbook folder '{outside / 'runbooks'}' is outside "
        "the scenario's folder"
    )
    assert message.endswith(
        "(copy the runbook folder next to the scenario, or run with --allow-outside-paths)"
    )
    assert errors(path, allow_outside_paths=True) == []


def test_a_symbolic_link_out_of_the_folder_is_outside(tmp_path: Path, outside: Path) -> None:
    drills = tmp_path / "drills"
    drills.mkdir()
    (drills / "team.yaml").symlink_to(outside / "team.yaml")
    path = scenario(drills, "team.yaml", str(BUNDLED_DIR / "runbooks"))
    [message] = errors(path)
    assert "team: the team file 'team.yaml' is outside the scenario's folder" in message


def test_a_path_outside_is_refused_before_its_content_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    path = scenario(tmp_path / "drills", str(secret))
    found = errors(path)
    assert len(found) == 2  # the team and the missing runbooks/ next to the scenario
    assert not any("hunter2" in line or "password" in line for line in found)
    assert "is outside the scenario's folder" in found[0]


def test_the_library_layout_and_the_bundled_files_are_inside(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_DIR / "teams", library / "teams")
    shutil.copytree(BUNDLED_DIR / "runbooks", library / "runbooks")
    beside = scenario(library / "scenarios", "../teams/acme-platform.yaml", "../runbooks/")
    assert errors(beside) == []
    below = library / "scenarios" / "deep"
    shutil.copytree(BUNDLED_DIR / "runbooks", below / "rb")
    shutil.copy(BUNDLED_DIR / "teams" / "acme-platform.yaml", below / "t.yaml")
    assert errors(scenario(below, "t.yaml", "rb/")) == []
    bundled = scenario(tmp_path / "mine", str(BUNDLED_DIR / "teams" / "acme-platform.yaml"),
                       str(BUNDLED_DIR / "runbooks"))  # fmt: skip
    assert errors(bundled) == []


def test_validate_refuses_unless_allowed(tmp_path: Path, outside: Path) -> None:
    path = scenario(tmp_path / "drills", "../elsewhere/team.yaml", "../elsewhere/runbooks/")
    found = [p for p in validate([path]) if p.level.value == "error"]
    assert [(p.line, p.path) for p in found] == [(16, "team"), (17, "runbooks")]
    assert not [p for p in validate([path], allow_outside_paths=True) if p.level.value == "error"]
