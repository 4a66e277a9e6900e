"""One firing, one value: an alert inject (an authored pager notification such as
"[FIRING:1] PaymentsAPIHighErrorRate ...: 5xx rate 21.4% > 5% for 2m") that names an alert the
monitoring already fired from the modelled metric announces that same firing, so its reading must
say the value the ``alert`` record holds. The author's reading is replaced by the fired value,
rounded to as many decimals as the author wrote; the threshold ("> 5%") stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.journal import Record
from simulator.model import Scenario

#: A reading with its unit ("21.4%", "1,500 ms"); ``{unit}`` is filled with the escaped unit.
_READING = r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(\s?){unit}(?!\w)"


def _said(value: float, like: str) -> str:
    """``value`` written as ``like`` was: as many decimals, thousands commas if it had them."""
    places = len(like.partition(".")[2])
    text = f"{value:,.{places}f}"
    return text if "," in like else text.replace(",", "")


def _same(text: str, value: float) -> bool:
    return _said(value, text).replace(",", "") == text.replace(",", "")


def as_fired(
    text: str, alert: str, scenario: Scenario, records: Sequence[Record], firing_since: float
) -> str:
    """``text`` with its readings of ``alert`` set to the value of the alert record of the
    current firing (the first notification at ``firing_since``), or unchanged when the
    monitoring has not fired it (then the inject is the announcement) or the metric has no unit.

    Args:
        text: The inject's authored text.
        alert: The alert the inject names.
        scenario: The scenario (the alert's metric gives the unit and threshold).
        records: The journal so far.
        firing_since: When the current firing began (the engine's ``firing`` entry).
    """
    metric = next(
        (m for s in scenario.services for m in s.metrics if m.alert == alert and m.unit), None
    )
    if metric is None:
        return text
    fired = next(
        (
            r
            for r in reversed(records)
            if r.kind == "alert"
            and r.payload.get("alert") == alert
            and not r.payload.get("repeat")
            and abs(r.t - firing_since) < 1e-3
        ),
        None,
    )
    if fired is None or not isinstance(fired.payload.get("value"), int | float):
        return text
    value = float(fired.payload["value"])
    threshold = metric.alert_threshold

    def agree(match: re.Match[str]) -> str:
        said = match.group(1)
        if threshold is not None and _same(said, float(threshold)):
            return match.group(0)
        return _said(value, said) + match.group(0)[len(said) :]

    return re.sub(_READING.format(unit=re.escape(metric.unit)), agree, text)
