"""Paths and zone names the file system or the tz database would choke on are located errors
with a suggestion, never an internal error (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.loading import load_bundle
from simulator.loading.files import team_from_bytes

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = (ROOT / "scenarios" / "payments-bad-deploy.yaml").read_text(encoding="utf-8")
TEAM = (ROOT / "scenarios" / "teams" / "acme-platform.yaml").read_text(encoding="utf-8")


def bundle_errors(tmp_path: Path, team: str, runbooks: str = "runbooks/") -> list[str]:
    text = SCENARIO.replace("team: teams/acme-platform.yaml", f"team: {team}", 1)
    text = text.replace("runbooks: runbooks/", f"runbooks: {runbooks}", 1)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    _bundle, found = load_bundle(path)
    return [p.format() for p in found if p.level.value == "error" and p.line in (16, 17)]


@pytest.mark.parametrize("team", ["a" * 5000 + ".yaml", "x/" * 2100 + "t.yaml"])
def test_a_team_path_longer_than_the_os_allows(tmp_path: Path, team: str) -> None:
    [message, _runbooks] = bundle_errors(tmp_path, team)
    assert message == (
        f"{tmp_path / 's.yaml'}:16:7: error: team: the path is longer than the file system "
        f"allows ({len(team):,} characters; a name at most 255, a path at most 4096) (give "
        "the real path, relative to the scenario's folder)"
    )


def test_a_runbooks_path_longer_than_the_os_allows(tmp_path: Path) -> None:
    found = bundle_errors(tmp_path, "teams/acme-platform.yaml", "r" * 5000)
    assert found[-1] == (
        f"{tmp_path / 's.yaml'}:17:11: error: runbooks: the path is longer than the file "
        "system allows (5,000 characters; a name at most 255, a path at most 4096) (give the "
        "real path, relative to the scenario's folder)"
    )


def test_a_team_file_that_is_not_yaml_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    [message, _runbooks] = bundle_errors(tmp_path, str(secret))
    assert message == (
        f"{tmp_path / 's.yaml'}:16:7: error: team: a team file is .yaml or .yml, not 'passwd' "
        "(give the team's YAML file, e.g. 'teams/platform.yaml')"
    )
    assert "root:x" not in message


def zone_errors(zone: str) -> list[str]:
    text = re.sub(r"timezone: \S+", f"timezone: {zone}", TEAM, count=1)
    _team, found = team_from_bytes(text.encode("utf-8"), "t.yaml")
    return [p.format() for p in found if p.level.value == "error"]


def test_a_timezone_naming_a_tz_folder_suggests_a_city() -> None:
    [message] = zone_errors("America")
    assert message.endswith(
        "error: people[0].timezone: unknown time zone 'America'; expected an IANA name like "
        "Europe/Berlin ('America' is a region; name a city in it, e.g. 'America/Adak')"
    )


@pytest.mark.parametrize("zone", ["a" * 300, "x/" * 3000])
def test_a_very_long_timezone_is_cut_and_refused(zone: str) -> None:
    [message] = zone_errors(zone)
    assert f"unknown time zone '{zone[:59]}…'; expected an IANA name like Europe/Berlin" in message
    assert message.endswith("(IANA names are short, like Europe/Berlin or America/New_York)")
