"""A scenario's injects -> an MSEL: CSV, XLSX (openpyxl) or a T3SF MSEL (JSON).

One row per inject, in the scenario's order, under the columns of
:data:`simulator.msel.MSEL_COLUMNS`: ``Scenario Time`` is the inject's ``at`` (``5m``) or its
condition in words (``after declare_incident +2m``, ``unless post_status_page by 25m``,
``after apply_mitigation (strategy=rollback) +1m``); ``Delivery Time`` the scenario clock at
that moment (ISO 8601); ``Inject Type``, ``Delivery Method``, ``From`` and ``Inject Text`` the
inject's kind, channel, sender and text; ``Expected Player Action``, ``Objective`` and
``Learning Points`` as written; ``Inject ID``, ``Service`` and ``Alert`` keep what an MSEL has
no column for, so that :mod:`simulator.importing.msel` reads the file back into the same
injects.

T3SF has no conditions and no kinds: a conditional inject is left out of a T3SF file (and
listed), ``Date`` is the scenario clock (``Tuesday 2:07 PM``), ``Real Time`` the same clock,
``Player`` the incident team.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

from simulator.durations import format_duration
from simulator.model import Inject, Scenario
from simulator.msel import MSEL_COLUMNS, T3SF_KEYS

#: The formats :func:`export` writes.
FORMATS = ("csv", "xlsx", "t3sf")

#: Who receives every inject of a game day (the MSEL's "To").
PLAYERS = "Incident response team"


def scenario_time(inject: Inject) -> str:
    """When an inject fires, as the MSEL's Scenario Time (see the module docstring)."""
    if inject.when is None:
        return format_duration(inject.at or 0.0)
    when = inject.when
    params = ", ".join(f"{k}={v}" for k, v in when.params)
    where = f" ({params})" if params else ""
    if when.unless_action:
        return f"unless {when.unless_action}{where} by {format_duration(when.by or 0.0)}"
    delay = f" +{format_duration(when.delay)}" if when.delay else ""
    return f"after {when.after_action}{where}{delay}"


def _synopsis(inject: Inject) -> str:
    first = inject.text.strip().split("\n", 1)[0]
    return inject.alert or (first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + " …")


def msel_rows(scenario: Scenario) -> list[dict[str, str]]:
    """The MSEL rows of a scenario's injects, keyed by column key."""
    rows = []
    for n, inject in enumerate(scenario.injects, start=1):
        moment = (
            scenario.clock.start + timedelta(seconds=inject.at)
            if inject.when is None and inject.at is not None
            else None
        )
        rows.append(
            {
                "number": str(n),
                "scenario_time": scenario_time(inject),
                "delivery_time": moment.isoformat() if moment else "",
                "synopsis": _synopsis(inject),
                "inject_type": inject.kind.value,
                "method": inject.channel.value,
                "sender": inject.sender,
                "recipient": PLAYERS,
                "text": inject.text,
                "expected_action": inject.expected_action or "",
                "objective": inject.objective or "",
                "learning_point": inject.learning_point,
                "inject_id": inject.id,
                "service": inject.service or "",
                "alert": inject.alert or "",
            }
        )
    return rows


def to_csv(scenario: Scenario) -> str:
    """The MSEL as CSV text (a header row of column titles, then one row per inject)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title in MSEL_COLUMNS])
    for row in msel_rows(scenario):
        writer.writerow([row.get(key, "") for key, _ in MSEL_COLUMNS])
    return out.getvalue()


def to_xlsx(scenario: Scenario) -> bytes:
    """The MSEL as an XLSX workbook: one sheet, a bold frozen header, readable widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "MSEL"
    sheet.append([title for _, title in MSEL_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in msel_rows(scenario):
        sheet.append([row.get(key, "") for key, _ in MSEL_COLUMNS])
    widths = {"text": 60, "synopsis": 36, "scenario_time": 28, "delivery_time": 26}
    for index, (key, title) in enumerate(MSEL_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(key, max(12, len(title) + 2))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = scenario.title
    book.properties.creator = "Game Day Simulator"
    # A fixed date keeps the file the same for the same scenario (openpyxl stamps "now").
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _clock_words(moment: datetime) -> str:
    """``Tuesday 2:07 PM``."""
    return f"{moment.strftime('%A')} {moment.strftime('%I:%M %p').lstrip('0')}"


def to_t3sf(scenario: Scenario) -> tuple[str, list[str]]:
    """The injects as a T3SF MSEL (JSON text) and the ids of those left out (conditional)."""
    entries: list[dict[str, Any]] = []
    left_out: list[str] = []
    for inject in scenario.injects:
        if inject.when is not None or inject.at is None:
            left_out.append(inject.id)
            continue
        moment = scenario.clock.start + timedelta(seconds=inject.at)
        values = {
            "#": len(entries) + 1,
            "Real Time": moment.strftime("%I:%M %p"),
            "Date": _clock_words(moment),
            "Subject": _synopsis(inject),
            "From": inject.sender,
            "Player": PLAYERS,
            "Script": inject.text,
            "Photo": "",
            "Picture Name": "",
            "Profile": "",
            "Poll": "",
        }
        entries.append({key: values[key] for key in T3SF_KEYS})
    return json.dumps(entries, indent=1, ensure_ascii=False) + "\n", left_out


def export(scenario: Scenario, form: str) -> tuple[bytes, list[str]]:
    """The file's bytes in ``form`` (one of :data:`FORMATS`) and what it leaves out."""
    if form == "xlsx":
        return to_xlsx(scenario), []
    if form == "t3sf":
        text, left_out = to_t3sf(scenario)
        notes = (
            [
                f"{len(left_out)} conditional inject(s) left out (T3SF has no conditions): "
                + ", ".join(left_out)
            ]
            if left_out
            else []
        )
        return text.encode("utf-8"), notes
    return to_csv(scenario).encode("utf-8"), []
