"""Rows in people's own words, read into the strict syntax of their kind.

A timeline row whose kind was read from its text, or whose text is prose although its kind is
given ("Reverted the config push in every region"), is rewritten here: the strategy its words
name (the vocabulary's one word table) or ``other``, a severity named in words, a person a page
or a hand-over names. Each reading is a warning on the builder; a row is never refused for its
wording alone. :func:`lenient` is the entry point, used by :mod:`simulator.importing.timeline`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from simulator.importing.builder import LEVEL_FIRST, SEVERITY_FIRST
from simulator.importing.builder import Builder as _Builder
from simulator.importing.kinds import UNNAMED_ACTOR
from simulator.importing.rows import Row as _Row
from simulator.importing.timeline_parse import (
    prose_severity,
    prose_strategy,
    prose_target,
    severity_hint,
)
from simulator.model import Severity, Status, Strategy
from simulator.vocabulary import ROLE_NAMES, STRATEGY_NAMES

_RECOVERED = re.compile(
    r"\b(?:recovered|restored|back to normal|returned to normal|operating normally|resolved the"
    r" (?:issue|errors)|errors? (?:stopped|subsided|dropped))\b",
    re.I,
)
_PAGED_WHO = re.compile(
    r"\b(?:paged|paging|page[sd]? to|called in|woke up|notified|notifying|assigned to)\s+"
    r"(?:the\s+)?([\w.@-]+)",
    re.I,
)
#: A page row's text that starts with one of these is prose ("Notified Alice via SMS").
_PAGE_VERBS = frozenset({"notified", "notifying", "paged", "paging", "called", "assigned"})
_ROLE_PERSON = re.compile(
    r"^\s*(?P<a>[A-Z][\w.-]*)\s+(?:is|was|became|becomes|took over as|takes over as|assumed|"
    r"assumes|acted as|acts as|joined as|named)\b|\b(?:named|assigned|appointed|made)\s+"
    r"(?P<b>[A-Z][\w.-]*)\b",
)
_TO_PERSON = re.compile(r"\bto\s+(?P<p>[A-Z][\w.-]*)")
_LEVEL_IN = re.compile(r"\blevel\s*(\d+)\b", re.I)


def _lenient(b: _Builder, row: _Row) -> list[_Row]:
    """Rows whose kind was read from free text, rewritten in the strict syntax of their kind
    (``Declared a SEV 1`` -> ``SEV-1 Declared a SEV 1``), or as a note when the text lacks what
    the kind needs. Rows with a kind given are returned as they are."""
    if not row.from_text:
        return _prose_of_given_kind(b, row)
    reader = _PROSE_READERS.get(row.kind)
    rewritten = reader(b, row) if reader is not None else None
    if rewritten is not None:
        return rewritten
    b.read_as[row.line] = row.kind
    return [row]


def _strict(b: _Builder, row: _Row, kind: str, text: str) -> _Row:
    """``row`` read as ``kind`` with ``text`` in that kind's syntax (remembered as read)."""
    b.read_as[row.line] = kind
    return _Row(row.line, row.columns, row.time, kind, row.actor, text, False)


def _as_note(b: _Builder, row: _Row) -> list[_Row]:
    """A prose row that lacks what its kind needs: a note."""
    return [_strict(b, row, "note", row.text)]


# Readers of prose rows by the kind read from their text: the rows in their kind's syntax,
# or None to take the row as it is.


def _prose_severity(b: _Builder, row: _Row) -> list[_Row] | None:
    """A declaration or severity change in prose: the level it names (``SEV 1``, ``P1``), else
    one named in words (``critical``, ``Severity: High``, a colour state), else (a declaration)
    the level the incident has or another row names; else the severity is not recorded."""
    level = prose_severity(row.text)
    if level is not None:
        return [_strict(b, row, row.kind, f"SEV-{level} {row.text}")]
    fix = "write the level in the text, e.g. 'Declared SEV-1'"
    words = severity_hint(row.text)
    if words is not None:
        b.warn(row, "text", f"severity read from '{words[1]}' as SEV-{words[0]}", fix)
        return [_strict(b, row, row.kind, f"SEV-{words[0]} {row.text}")]
    if row.kind != "declare":
        b.warn(row, "text", "the severity row names no level: read as a note", fix)
        return _as_note(b, row)
    if b.severity is not None:
        b.warn(
            row,
            "text",
            f"the declaration names no severity: read as {b.severity.value}, "
            "the level the incident already has",
            fix,
        )
        return [_strict(b, row, "declare", f"{b.severity.value} {row.text}")]
    if b.default_severity is not None:
        severity, line, said = b.default_severity
        b.warn(
            row,
            "text",
            f"the declaration names no severity: read as {severity.value} from "
            f"'{said}' on line {line}",
            fix,
        )
        return [_strict(b, row, "declare", f"{severity.value} {row.text}")]
    b.warn(
        row,
        "text",
        "the declaration names no severity and no row does: declared with severity not recorded",
        fix,
    )
    declared = _strict(b, row, "declare", f"{Severity.SEV3.value} {row.text}")
    declared.severity_recorded = False
    return [declared]


def _prose_page(b: _Builder, row: _Row) -> list[_Row] | None:
    who = _PAGED_WHO.search(row.text)
    person = who.group(1) if who else ""
    if person.lower() in ("", "on", "on-call", "oncall", "the", "a", "an"):
        person = "on-call"
    return [_strict(b, row, "page", f"{person} {row.text}")]


def _prose_role(b: _Builder, row: _Row) -> list[_Row] | None:
    lowered = row.text.lower()
    role = next(
        (
            name
            for name in sorted(ROLE_NAMES, key=len, reverse=True)
            if re.search(rf"\b{re.escape(name)}\b", lowered)
        ),
        None,
    )
    found = _ROLE_PERSON.search(row.text)
    person = (found.group("a") or found.group("b")) if found else ""
    if not person and row.actor and row.actor != UNNAMED_ACTOR:
        person = row.actor
    if role is None or not person:
        return _as_note(b, row)
    return [_strict(b, row, "role", f"{role}: {person}")]


def _prose_escalate(b: _Builder, row: _Row) -> list[_Row] | None:
    level_in = _LEVEL_IN.search(row.text)
    level = int(level_in.group(1)) if level_in else b.escalation_level + 1
    return [_strict(b, row, "escalate", f"level {level} {row.text}")]


def _prose_handover(b: _Builder, row: _Row) -> list[_Row] | None:
    to = _TO_PERSON.search(row.text)
    if to is None:
        return _as_note(b, row)
    return [_strict(b, row, "handover", f"{to.group('p')}: {row.text}")]


def _prose_mitigation(b: _Builder, row: _Row) -> list[_Row] | None:
    """A mitigation in the team's own words: the strategy its words name (the vocabulary's one
    word table), else ``other`` with its text; a target it does not name is not recorded."""
    text = row.text
    found = prose_strategy(text)
    applied = _strict(b, row, "mitigation", text)
    target_note = f"target {found[1]}" if found and found[1] else "target not recorded"
    if found is None:
        applied.strategy, applied.target = Strategy.OTHER, prose_target(text)
        how = "names none of the guide's strategies: recorded as other with its text"
    else:
        applied.strategy, applied.target = Strategy(found[0]), found[1]
        how = f"read as {found[0].replace('_', ' ')} (from '{found[2]}'), {target_note}"
    first = text.lower().split(" ", 1)[0] if found is None else ""
    close = difflib.get_close_matches(first, list(STRATEGY_NAMES), n=1, cutoff=0.85)
    hint = f"did you mean '{close[0]}'?" if close else ""  # a typo, not another verb
    b.warn(row, "text", f"mitigation '{_short(text)}' {how}", hint)
    if _RECOVERED.search(text):  # "Rolled back the deploy; errors stopped"
        effect = _Row(row.line, row.columns, row.time, "mitigated", "world", "", False)
        return [applied, effect]
    return [applied]


def _short(text: str, width: int = 60) -> str:
    """``text`` cut at a word to about ``width`` characters (for a warning)."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _prose_mitigated(b: _Builder, row: _Row) -> list[_Row] | None:
    partial = re.search(
        r"partial|began to|started to|recovering|dropp|decreas|fell|\b(?:majority|most|some"
        r"|many|gradually)\b",
        row.text,
        re.I,
    )
    if b.mitigations:
        return [_strict(b, row, "mitigated", "partial" if partial else "")]
    # No mitigation row above: the row itself is the mitigation that took effect.
    effect = _strict(b, row, "mitigated", row.text)
    effect.strategy, effect.partial = Strategy.OTHER, partial is not None
    return [effect]


def _prose_alert(b: _Builder, row: _Row) -> list[_Row] | None:
    text = row.text
    if ":" in text[:60] or len(text) <= 60:
        return None
    # A sentence, not an alert name: name the alert by its first words.
    name = text[:60].rsplit(" ", 1)[0].rstrip(" ,;.") + "…"
    return [_strict(b, row, "alert", f"{name}: {text}")]


def _prose_status_page(b: _Builder, row: _Row) -> list[_Row] | None:
    word = re.search(
        r"\b(investigating|identified|mitigating|monitoring|resolved)\b", row.text, re.I
    )
    if word is None:
        return None
    return [_strict(b, row, "status_page", f"{word.group(1).title()} - {row.text}")]


_PROSE_READERS: dict[str, Callable[[_Builder, _Row], list[_Row] | None]] = {
    "declare": _prose_severity,
    "severity": _prose_severity,
    "page": _prose_page,
    "role": _prose_role,
    "escalate": _prose_escalate,
    "handover": _prose_handover,
    "mitigation": _prose_mitigation,
    "mitigated": _prose_mitigated,
    "alert": _prose_alert,
    "status_page": _prose_status_page,
}


def _strict_form(b: _Builder, row: _Row) -> bool:
    """True when a row's text is in the syntax its (given) kind expects."""
    text, lowered = row.text, row.text.lower()
    if row.kind == "mitigation":
        return _names_strategy_first(text)
    if row.kind == "escalate":
        return LEVEL_FIRST.match(text) is not None
    if row.kind in ("severity", "declare"):
        # prose naming a level elsewhere ("Major incident declared (SEV-1)"), in words or
        # not at all ("Major incident opened") is read leniently
        return SEVERITY_FIRST.match(text) is not None
    if row.kind == "status_page":
        first = re.match(r"^\s*(\w+)\s*(?:-|–|—|:)", text)
        return (
            first is None
            or first.group(1).lower() in {s.value.lower() for s in Status}
            or not (
                re.search(
                    r"\b(?:investigating|identified|mitigating|monitoring|resolved)\b", lowered
                )
            )
        )
    if row.kind == "role":
        role_text, sep, person = text.partition(":")
        return bool(sep and person.strip()) and role_text.strip().lower() in ROLE_NAMES
    if row.kind == "page":
        return lowered.split(" ", 1)[0] not in _PAGE_VERBS
    if row.kind == "handover":
        person = text.partition(":")[0].strip()
        return bool(person) and " " not in person
    if row.kind == "mitigated":
        return bool(b.mitigations) or any(
            lowered.removeprefix("partial").strip(" :-").startswith(a) for a in STRATEGY_NAMES
        )
    return True


#: Words after a strategy name that show prose, not a target ("rollback the bad deploy").
_NOT_A_TARGET = frozenset(
    [
        "the",
        "a",
        "an",
        "all",
        "every",
        "of",
        "to",
        "in",
        "on",
        "for",
        "our",
        "its",
        "their",
        "some",
        "both",
        "was",
        "were",
        "is",
        "has",
        "had",
    ]
)


def _names_strategy_first(text: str) -> bool:
    """True for a mitigation in the strict syntax: a strategy name as its first word(s) and
    then a target (or nothing), not prose that starts with a verb ("Reverted the ...")."""
    lowered = text.lower()
    for alias in STRATEGY_NAMES:
        if not lowered.startswith(alias):
            continue
        rest = lowered[len(alias) :]
        if rest and rest[0] not in " :":
            continue
        first = rest.strip(" :").split(" ", 1)[0]
        return first not in _NOT_A_TARGET
    return False


def _prose_of_given_kind(b: _Builder, row: _Row) -> list[_Row]:
    """A row whose kind column names a kind but whose text is prose (a spreadsheet's
    ``Mitigation, Engineering disabled the bad configuration``): read like a row without a
    kind, as long as the prose gives what the kind needs; else the row stays as written and
    its strict parse reports the error."""
    if _strict_form(b, row) or (row.path and row.kind not in ("declare", "severity")):
        return [row]  # a JSON source's rows are structured: only a level may need reading
    read_as = dict(b.read_as)
    prose = _Row(row.line, row.columns, row.time, row.kind, row.actor, row.text, True)
    rewritten = _lenient(b, prose)
    b.read_as = read_as  # the kind was given, not read from the text
    if rewritten and (rewritten[0].kind == row.kind or row.kind == "severity"):
        return rewritten
    return [row]


def lenient(b: _Builder, row: _Row) -> list[_Row]:
    """The row in the strict syntax of its kind (one or more rows; see the module)."""
    return _lenient(b, row)
