"""The two Jinja2 environments of the reports: HTML (autoescaped) and Markdown (escaped by
filters). Both use StrictUndefined, so a template naming a missing field fails loudly."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from simulator.durations import format_duration

TEMPLATES = Path(__file__).resolve().parent / "templates"


def css_token(value: object) -> str:
    """A safe CSS class / id fragment (``N/A`` -> ``NA``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "", str(value))


def md_text(value: object) -> str:
    """Text for a Markdown paragraph or list item: HTML and Markdown markup neutralised."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return re.sub(r"^([#>+-]|\d+\.)", r"\\\1", text)


def md_cell(value: object) -> str:
    """Text for a Markdown table cell (pipes escaped, one line)."""
    return md_text(value).replace("|", "\\|")


def duration_text(value: object) -> str:
    """Seconds as ``1h30m`` (``—`` for anything that is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return format_duration(float(value))


@cache
def html_environment() -> Environment:
    """HTML templates: autoescape on, StrictUndefined."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css"] = css_token
    env.filters["duration"] = duration_text
    return env


@cache
def markdown_environment() -> Environment:
    """Markdown templates: no HTML autoescape; the ``md`` / ``cell`` filters escape instead."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = md_text
    env.filters["cell"] = md_cell
    env.filters["duration"] = duration_text
    return env
