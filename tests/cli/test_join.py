"""``gameday join HOST:PORT --code CODE``: what it checks before opening the app."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from cli.join import cmd_join
from main import build_parser, main


def test_a_bad_address_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "192.168.1.20:http", "--code", "K7QX2M"]) == 2
    assert capsys.readouterr().err == (
        "gameday join: '192.168.1.20:http': the port must be a number from 1 to 65535\n"
    )


def test_a_bad_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "192.168.1.20:47017", "--code", "K7Q"]) == 2
    assert capsys.readouterr().err == (
        "gameday join: --code 'K7Q' is not a join code: it is 6 letters and digits, as the "
        "facilitator's lobby shows it (e.g. K7QX2M)\n"
    )


def test_the_app_is_opened_with_the_address_code_name_and_seat() -> None:
    opened: list[argparse.Namespace] = []
    args = build_parser().parse_args(
        ["join", "192.168.1.20", "--code", "k7q-x2m", "--name", "Carol", "--seat", "lena"]
    )
    args.open_app = lambda a: opened.append(a) or 0
    assert cmd_join(args) == 0
    (given,) = opened
    values: dict[str, Any] = {
        k: getattr(given, k) for k in ("host", "port", "code", "name", "seat")
    }
    assert values == {
        "host": "192.168.1.20",
        "port": 47017,
        "code": "k7q-x2m",
        "name": "Carol",
        "seat": "lena",
    }


def test_the_join_command_reaches_the_gui_only_through_main() -> None:
    args = build_parser().parse_args(["join", "h:1", "--code", "K7QX2M"])
    assert args.open_app.__qualname__ == "_lazy.<locals>.run"
