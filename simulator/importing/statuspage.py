"""Statuspage incidents (``incidents.json``, ``history.json``) -> rows of a timeline.

Atlassian Statuspage publishes each page's incidents as JSON (``/api/v2/incidents.json`` of a
public page, ``GET /v1/pages/{page_id}/incidents`` of the management API, a single incident, or
a ``history.json`` with the incidents month by month, ``months[].incidents[]``): each incident
has ``id``, ``name``, ``status``, ``impact`` (none, minor, major, critical), ``created_at``,
``started_at`` (when the impact began), ``monitoring_at``, ``resolved_at`` and
``incident_updates[]`` (``status``: investigating, identified, monitoring,
resolved, postmortem; ``body``; ``created_at``). One incident becomes one timeline:

====================  =====================================================================
incident              row
====================  =====================================================================
``started_at``        ``impact_start`` (none: MTTD, time to mitigate and resolve are not
                      recorded, with a warning)
``created_at``        ``declare`` at the severity of ``impact`` (critical SEV-1, major SEV-2,
                      minor SEV-3, none SEV-4)
each update           ``status_page`` post in its state, with its body
first ``monitoring``  also ``mitigated``: a fix is in place (the mitigation is ``other``, in
                      the update's words)
first ``resolved``    also ``resolved`` (else ``resolved_at``)
``postmortem``        ``note``
====================  =====================================================================

Statuspage records no alert, so detection (and what is measured from it: MTTA, time to
declare, time to first status post) is not recorded.
"""

from __future__ import annotations

from typing import Any

from simulator.importing.jsondoc import Choice, Where, choose, line_of_id, text_of, time_of
from simulator.importing.rows import Row
from simulator.model import Status, Strategy
from simulator.problems import Level, Problem

#: Statuspage's incident impact -> the guide's severity level.
IMPACT_LEVEL = {"critical": 1, "major": 2, "minor": 3, "none": 4, "maintenance": 4}

#: Statuspage's update states -> the status-page post's state.
UPDATE_STATUS = {
    "investigating": Status.INVESTIGATING,
    "identified": Status.IDENTIFIED,
    "monitoring": Status.MONITORING,
    "resolved": Status.RESOLVED,
}

ACTOR = "statuspage"


def incidents_of(doc: Any, text: str) -> list[Choice]:
    """Every incident of a Statuspage export, with its place in the file."""
    if isinstance(doc, dict) and isinstance(doc.get("months"), list):
        return [
            _choice(item, Where(f"months[{m}].incidents").at(i), text)
            for m, month in enumerate(doc["months"])
            if isinstance(month, dict) and isinstance(month.get("incidents"), list)
            for i, item in enumerate(month["incidents"])
            if isinstance(item, dict)
        ]
    if isinstance(doc, dict) and isinstance(doc.get("incidents"), list):
        items, base = doc["incidents"], Where("incidents")
    elif isinstance(doc, dict) and isinstance(doc.get("incident"), dict):
        return [_choice(doc["incident"], Where("incident"), text)]
    elif isinstance(doc, dict):
        return [_choice(doc, Where(""), text)]
    else:
        items, base = doc, Where("")
    return [
        _choice(item, base.at(i), text) for i, item in enumerate(items) if isinstance(item, dict)
    ]


def _choice(item: dict[str, Any], where: Where, text: str) -> Choice:
    ident = text_of(item.get("id"))
    return Choice(
        ident,
        text_of(item.get("name")),
        Where(
            where.path,
            line_of_id(text, item.get("id")) or line_of_id(text, item.get("code"), "code"),
        ),
        item,
        text_of(item.get("created_at")),
    )


def statuspage_rows(
    doc: Any, text: str, name: str, incident: str | None
) -> tuple[list[Row], list[Problem], str]:
    """The rows of the chosen incident, the problems found and the incident's name.

    Raises:
        JsonError: no incident, or several and ``incident`` chooses none.
    """
    chosen = choose(incidents_of(doc, text), incident, name, "incident")
    reader = _Reader(name, text, chosen.where)
    return reader.rows(chosen.value), reader.problems, chosen.name


class _Reader:
    """Reads one incident into rows, collecting located problems."""

    def __init__(self, name: str, text: str, where: Where) -> None:
        self.name, self.text, self.where = name, text, where
        self.problems: list[Problem] = []

    def problem(self, where: Where, message: str, hint: str = "", warn: bool = False) -> None:
        level = Level.WARNING if warn else Level.ERROR
        self.problems.append(Problem(self.name, where.line, 0, where.path, message, level, hint))

    def time(self, item: dict[str, Any], key: str, where: Where, required: bool = True) -> Any:
        value = item.get(key)
        when = time_of(value)
        if when is None and (required or value not in (None, "")):
            self.problem(
                where.at(key),
                f"expected an ISO 8601 time with a zone, got {value!r}",
                hint="e.g. 2024-03-10T14:02:00.000Z",
            )
        return when

    def row(self, where: Where, when: Any, kind: str, text: str, **kw: Any) -> Row:
        return Row(where.line, {}, when, kind, ACTOR, text, path=where.path, **kw)

    def rows(self, item: dict[str, Any]) -> list[Row]:
        where, rows = self.where, []
        if "created_at" not in item and "incident_updates" not in item:
            self.problem(
                where,
                "this incident has no created_at and no incident_updates (a status page's "
                "history summary holds only a name and a message): nothing to time",
                hint="export the page's /api/v2/incidents.json, which has every update",
            )
            return []
        title = text_of(item.get("name")) or "Statuspage incident"
        created = self.time(item, "created_at", where)
        started = self.time(item, "started_at", where, required=False)
        if started is not None:
            rows.append(self.row(where.at("started_at"), started, "impact_start", title))
        elif "started_at" not in item or item.get("started_at") is None:
            self.problem(
                where.at("started_at"),
                "no started_at: when the impact began is not recorded, so MTTD and the times to "
                "mitigate and resolve are not recorded",
                hint="export from an API that gives started_at, or add it",
                warn=True,
            )
        impact = text_of(item.get("impact")).lower()
        level = IMPACT_LEVEL.get(impact)
        if created is not None:
            declared = f"SEV-{level} {title}" if level else title
            rows.append(self.row(where.at("created_at"), created, "declare", declared))
        rows += self.updates(item, where)
        resolved_at = self.time(item, "resolved_at", where, required=False)
        if resolved_at is not None and not any(r.kind == "resolved" for r in rows):
            rows.append(self.row(where.at("resolved_at"), resolved_at, "resolved", "Resolved"))
        return rows

    def updates(self, item: dict[str, Any], where: Where) -> list[Row]:
        updates = item.get("incident_updates", [])
        at = where.at("incident_updates")
        if not isinstance(updates, list):
            self.problem(at, f"expected a list of updates, got {type(updates).__name__}")
            return []
        rows: list[Row] = []
        for i, update in enumerate(updates):
            if not isinstance(update, dict):
                self.problem(at.at(i), "expected an update object")
                continue
            place = Where(at.at(i).path, line_of_id(self.text, update.get("id")))
            rows += self.update(update, place)
        rows.sort(key=lambda r: r.time)
        # Only the first 'monitoring' is the fix taking effect, the first 'resolved' the end.
        firsts = {
            k: next((r for r in rows if r.kind == k), None) for k in ("mitigated", "resolved")
        }
        return [r for r in rows if r.kind not in firsts or r is firsts[r.kind]]

    def update(self, update: dict[str, Any], where: Where) -> list[Row]:
        when = self.time(update, "created_at", where)
        if when is None:
            return []
        word = text_of(update.get("status")).lower()
        body = text_of(update.get("body")) or word.title()
        status = UPDATE_STATUS.get(word)
        if status is None:
            if word not in ("postmortem", "scheduled", "in_progress", "verifying", "completed"):
                self.problem(
                    where.at("status"),
                    f"unknown update status '{word}': read as a note",
                    hint="Statuspage states: investigating, identified, monitoring, resolved",
                    warn=True,
                )
            return [self.row(where, when, "note", f"{word.title()}: {body}")]
        rows = [self.row(where, when, "status_page", f"{status.value} - {body}")]
        if status is Status.MONITORING:
            rows.append(self.row(where, when, "mitigated", body, strategy=Strategy.OTHER))
        elif status is Status.RESOLVED:
            rows.append(self.row(where, when, "resolved", body))
        return rows
