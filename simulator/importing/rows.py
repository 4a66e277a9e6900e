"""One event of a real incident's record, as every importer hands it to the journal builder.

A timeline CSV row, a Statuspage incident update and a PagerDuty log entry all become
:class:`Row` values: a time, a kind of :data:`simulator.importing.timeline.KINDS`, who did it
and its text, plus where it was found (a CSV line and columns, or a JSON path) so that every
problem can be located. :mod:`simulator.importing.timeline` turns sorted rows into journal
records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from simulator.model import Strategy


@dataclass
class Row:
    """One event: when, what kind, who, the text, and where it was written."""

    #: The line of the file it was read from (1-based; 0 when unknown).
    line: int
    #: Column name -> the 1-based character column where that field starts (CSV rows).
    columns: dict[str, int]
    time: datetime
    kind: str
    actor: str
    text: str
    #: True when the kind was read from the text (no kind given): parse the text leniently.
    from_text: bool = False
    #: A mitigation read from the row's own words: its strategy and target ("" not recorded).
    strategy: Strategy | None = None
    target: str = ""
    #: False for a declaration when no row names a severity (severity not recorded).
    severity_recorded: bool = True
    #: A ``mitigated`` row read from prose that says the mitigation only partly worked.
    partial: bool = False
    #: Where the row is in a JSON source (``incidents[0].incident_updates[2]``), else "".
    path: str = ""
    #: The person a ``page`` row pages, when the source names them apart from the text.
    person: str = ""
    #: Extra fields a JSON source read (e.g. a page's notification channel).
    extra: dict[str, str] = field(default_factory=dict)
