"""Numbers and durations that validate are finite and within the documented range: a value
beyond it is an error naming the range (never clamped in silence, never a run that never ends).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.loading import load_scenario_text

ROOT = Path(__file__).resolve().parents[3]
SOURCE = (ROOT / "scenarios" / "payments-bad-deploy.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    _scenario, found = load_scenario_text(text, "x.yaml")
    return [p.format() for p in found if p.level.value == "error"]


def with_time_limit(value: str) -> str:
    return SOURCE.replace("time_limit: 2h", f"time_limit: {value}", 1)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_time_limit_over_72h_names_the_limit() -> None:
    text = with_time_limit("20000h")
    assert problems(text) == [
        f"x.yaml:{line_of(text, 'time_limit:')}:15: error: clock.time_limit: '20000h' is too "
        "long; expected at most 72h (write a duration up to 72h)"
    ]


def test_72h_is_accepted() -> None:
    assert problems(with_time_limit("72h")) == []


@pytest.mark.parametrize("value", ["9" * 500 + "h", "1" + "0" * 30 + "h1s", "9" * 400 + "s"])
def test_a_duration_of_hundreds_of_digits_is_too_long_not_an_overflow(value: str) -> None:
    [message] = problems(with_time_limit(value))
    assert "is too long; expected at most 72h" in message
    assert "…" in message or len(value) <= 40


def test_any_duration_over_30_days_is_refused() -> None:
    text = SOURCE.replace("start: 3m", "start: 721h", 1)
    assert any("'721h' is too long; expected at most 720h" in m for m in problems(text))


def curve_values(value: str) -> str:
    head, tail = SOURCE.split("    metrics:\n      - service: payments-api", 1)
    tail = re.sub(r"value: [0-9.]+", f"value: {value}", tail, count=1)
    return head + "    metrics:\n      - service: payments-api" + tail


@pytest.mark.parametrize(
    ("value", "shown"), [("1.0e+307", "1e+307"), ("-1.0e+13", "-1e+13"), ("1.0e+12001", None)]
)
def test_a_huge_curve_value_is_out_of_range(value: str, shown: str | None) -> None:
    text = curve_values(value)
    [message] = problems(text)
    line = line_of(text, f"value: {value}")
    assert message.startswith(f"x.yaml:{line}:")
    assert ": error: truth.impact.metrics[0].points[0].value: " in message
    if shown is None:  # YAML reads it as infinity
        assert "give a finite number" in message
    else:
        assert message.endswith(
            f"{shown} is out of range; expected a value between -1e+12 and 1e+12"
        )


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_nan_and_infinity_are_refused(value: str) -> None:
    [message] = problems(curve_values(value))
    assert "expected a number" in message and "give a finite number" in message


def test_the_largest_allowed_curve_value_loads() -> None:
    assert problems(curve_values("1.0e+12")) == []


def test_a_clock_start_in_year_9999_is_out_of_range() -> None:
    text = re.sub(r'  start: "[^"]*"', '  start: "9999-12-31T23:00:00Z"', SOURCE, count=1)
    assert problems(text) == [
        f"x.yaml:{line_of(text, '9999-12-31')}:10: error: clock.start: year 9999 is out of "
        "range; expected a date-time between 1970 and 2999 (give the date the exercise "
        "pretends to happen on, e.g. this year)"
    ]
