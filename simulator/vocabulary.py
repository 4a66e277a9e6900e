"""The one vocabulary: the words people read and write for roles, the resolution checklist
and mitigation strategies.

Every label shown to a person (GUI, reports) and every reader of free text (timeline
import, runbooks, simulated responders) takes its words from here, so the same thing is
called the same way everywhere. Nothing here knows about Qt, the journal or the engine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from simulator.model import Role, Strategy, Tool

#: What people read for each role, written as it reads inside a sentence
#: ("Ana named Bo communications lead"); :func:`role_title` capitalises it for a heading.
ROLE_LABELS: dict[Role, str] = {
    Role.INCIDENT_COMMANDER: "incident commander",
    Role.TECHNICAL_LEAD: "technical lead",
    Role.COMMUNICATIONS_LEAD: "communications lead",
    Role.SCRIBE: "scribe",
    Role.SUBJECT_MATTER_EXPERT: "subject-matter expert",
}

#: How people write each role (lower case): its label, its value, and the usual short forms
#: (a timeline's ``role`` row: ``comms lead: sam``).
ROLE_NAMES: dict[str, Role] = {
    **{label: role for role, label in ROLE_LABELS.items()},
    "incident_commander": Role.INCIDENT_COMMANDER,
    "ic": Role.INCIDENT_COMMANDER,
    "communications_lead": Role.COMMUNICATIONS_LEAD,
    "comms lead": Role.COMMUNICATIONS_LEAD,
    "comms": Role.COMMUNICATIONS_LEAD,
    "technical_lead": Role.TECHNICAL_LEAD,
    "tech lead": Role.TECHNICAL_LEAD,
    "subject_matter_expert": Role.SUBJECT_MATTER_EXPERT,
    "subject matter expert": Role.SUBJECT_MATTER_EXPERT,
    "sme": Role.SUBJECT_MATTER_EXPERT,
}

#: The guide's resolution checklist: (``MarkResolved`` field, the item as people read it).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("metrics_normal", "Service metrics returned to normal"),
    ("no_recurring_errors", "No recurring errors in logs"),
    ("customer_impact_resolved", "Customer-facing impact confirmed resolved"),
    ("stakeholders_notified", "Stakeholders notified of resolution"),
)

#: Words (lower case) that tick each checklist item when a resolution note holds them; each
#: item's label holds one of its words, so a note that copies the checklist ticks it all.
CHECKLIST_WORDS: dict[str, tuple[str, ...]] = {
    "metrics_normal": ("metrics_normal", "metrics normal", "metrics returned to normal"),
    "no_recurring_errors": ("no_recurring_errors", "no recurring errors"),
    "customer_impact_resolved": (
        "customer_impact_resolved",
        "customer impact resolved",
        "customer-facing impact confirmed resolved",
    ),
    "stakeholders_notified": ("stakeholders_notified", "stakeholders notified"),
}


def role_label(role: Role | str) -> str:
    """The label of a role inside a sentence; unknown text is returned as given.

    Args:
        role: A role, or its value as stored in a journal payload.

    Returns:
        For example ``"communications lead"``.
    """
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)


def checklist_ticks(text: str) -> dict[str, bool]:
    """Which checklist items a resolution note confirms (see :data:`CHECKLIST_WORDS`).

    Args:
        text: A resolution note, e.g. ``"Resolved; metrics normal, stakeholders notified"``.

    Returns:
        ``{MarkResolved field: ticked}`` for every item of :data:`CHECKLIST`.
    """
    lowered = text.lower()
    return {key: any(w in lowered for w in words) for key, words in CHECKLIST_WORDS.items()}


def role_title(role: Role | str) -> str:
    """The label of a role as a title (first letter capitalised), e.g. ``"Scribe"``.

    Args:
        role: A role, or its value as stored in a journal payload.

    Returns:
        For example ``"Communications lead"``.
    """
    label = role_label(role)
    return label[:1].upper() + label[1:]


#: The guide's internal update template: (``PostUpdate`` field, the label people read).
UPDATE_TEMPLATE: tuple[tuple[str, str], ...] = (
    ("severity", "Severity"),
    ("status", "Status"),
    ("impact", "Current Impact"),
    ("recent_actions", "Recent Actions"),
    ("next_steps", "Next Steps"),
    ("eta", "ETA"),
)

#: How people label the template's fields in an update they write (lower case) -> the field.
UPDATE_LABELS: dict[str, str] = {
    **{label.lower(): key for key, label in UPDATE_TEMPLATE},
    "impact": "impact",
    "eta to resolution": "eta",
}


# ---------------------------------------------------------------- mitigation strategies

#: The words that name each mitigation strategy in free text (a timeline row, a runbook's fix,
#: a task given to a responder), in precedence order: a text naming several strategies means
#: the first one here ("fail over, then restart the old primary" is a fail-over). Every word
#: of a phrase matches whole and with its common endings ("rolled back", "scaling", "feature
#: flags"); a space also matches a hyphen or nothing ("roll-back", "rollback"); a word in
#: brackets may be left out ("add [more] capacity"); ``…`` stands for up to four words
#: ("turn … off": "turned the new rule set off"). Moving traffic away (drain, shift) is a
#: fail-over; blocking it is block traffic.
STRATEGY_WORDS: tuple[tuple[Strategy, tuple[str, ...]], ...] = (
    (Strategy.ROLLBACK, ("roll back", "revert")),
    (
        Strategy.FAILOVER,
        (
            "fail over",
            "promote",
            "drain",
            "shift traffic",
            "shift … traffic",
            "move traffic",
            "reroute",
            "redirect traffic",
            "evacuate",
        ),
    ),
    (Strategy.RESTART, ("restart", "reboot", "bounce", "recycle")),
    (
        Strategy.SCALE,
        (
            "scale",
            "add [more] capacity",
            "add [more] replica",
            "add [more] node",
            "add [more] instance",
            "add [more] pod",
            "more replica",
            "extra replica",
            "extra capacity",
            "extra node",
            "extra instance",
            "provision more",
            "provision additional",
        ),
    ),
    (
        Strategy.FEATURE_FLAG,
        (
            "feature flag",
            "flag",
            "toggle",
            "kill switch",
            "kill",
            "disable",
            "turn off",
            "turn … off",
            "switch off",
            "switch … off",
            "pause",
        ),
    ),
    (
        Strategy.BLOCK_TRAFFIC,
        (
            "block",
            "block list",
            "black list",
            "deny",
            "deny list",
            "rate limit",
            "waf",
            "throttle",
            "shed",
            "shedding",
        ),
    ),
)

#: How a structured field names a strategy (a timeline's ``mitigation`` row starts with one of
#: these: ``rollback payments-api``): its value, spelt with spaces, and two common verbs.
STRATEGY_NAMES: dict[str, Strategy] = {
    "rollback": Strategy.ROLLBACK,
    "roll back": Strategy.ROLLBACK,
    "revert": Strategy.ROLLBACK,
    "restart": Strategy.RESTART,
    "failover": Strategy.FAILOVER,
    "fail over": Strategy.FAILOVER,
    "scale": Strategy.SCALE,
    "feature_flag": Strategy.FEATURE_FLAG,
    "feature flag": Strategy.FEATURE_FLAG,
    "block_traffic": Strategy.BLOCK_TRAFFIC,
    "block traffic": Strategy.BLOCK_TRAFFIC,
}

#: The words that name each investigation tool in free text, in precedence order (a text
#: naming none means logs).
TOOL_WORDS: tuple[tuple[Tool, tuple[str, ...]], ...] = (
    (Tool.DEPLOY_HISTORY, ("deploy", "release", "rollout", "history", "argocd", "version")),
    (Tool.TRACING, ("trace", "span", "tracing")),
    (Tool.LOGS, ("log", "logging", "error", "exception", "stack")),
    (Tool.METRICS, ("dashboard", "metric", "graph", "rate", "latency", "cpu", "memory")),
)

#: Words a task starts with when it asks to look rather than act ("check whether the flag is
#: on" is an investigation, not a feature-flag change).
LOOKING_WORDS = (
    "check",
    "checking",
    "look",
    "looking",
    "investigate",
    "find",
    "see",
    "verify",
    "confirm",
    "why",
    "what",
)

_SEPARATOR = "[ -]?"


def _inflected(word: str) -> str:
    """A regular expression for ``word`` with its common endings ("logs", "scaled",
    "deployment", "bouncing")."""
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|ing|ements?)"
    return re.escape(word) + "(?:s|es|ed|ing|ments?)?"


def _phrase(phrase: str) -> str:
    """A regular expression for a phrase of :data:`STRATEGY_WORDS` (see there)."""
    pattern = ""
    for word in phrase.split(" "):
        if word == "…":
            pattern = pattern.removesuffix(_SEPARATOR) + r"\s+(?:[\w'.-]+\s+){0,4}?"
            continue
        if word.startswith("[") and word.endswith("]"):
            pattern += f"(?:{re.escape(word[1:-1])}{_SEPARATOR})?"
        else:
            pattern += _inflected(word) + _SEPARATOR
    return pattern.removesuffix(_SEPARATOR)


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole words or phrases (with their common endings), never parts of other words:
    "conversion" does not contain the word "version" (case is ignored).

    Args:
        words: Words or phrases as written in :data:`STRATEGY_WORDS`.

    Returns:
        One pattern matching any of them.
    """
    alternatives = "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", re.I)


_STRATEGY_PATTERNS = tuple((s, word_pattern(words)) for s, words in STRATEGY_WORDS)
_TOOL_PATTERNS = tuple((tool, word_pattern(words)) for tool, words in TOOL_WORDS)
_LOOKING_PATTERN = re.compile(rf"\s*(?:{'|'.join(LOOKING_WORDS)})(?![a-z0-9])", re.I)
#: "do not fail over", "rather than restarting": what follows is advised against.
_NEGATION = re.compile(r"\b(?:not|never|don't|avoid|instead of|rather than)\b[^.;:\n]*$", re.I)


def find_strategy(text: str) -> tuple[Strategy, re.Match[str]] | None:
    """The strategy ``text`` names (see :data:`STRATEGY_WORDS`) and where its word is.

    Args:
        text: Free text, e.g. ``"Rolled back the web-tier deploy"``.

    Returns:
        The strategy and the match of its word, or None when no strategy is named.
    """
    for strategy, pattern in _STRATEGY_PATTERNS:
        found = pattern.search(text)
        if found is not None:
            return strategy, found
    return None


def strategy_in(text: str) -> Strategy | None:
    """The mitigation strategy ``text`` names, or None (the first of
    :data:`STRATEGY_WORDS` when it names several).

    Args:
        text: Free text, e.g. ``"bounce the api pods"``.

    Returns:
        For example ``Strategy.RESTART``.
    """
    found = find_strategy(text)
    return None if found is None else found[0]


def strategies_in(text: str) -> tuple[Strategy, ...]:
    """Every strategy ``text`` recommends, in the guide's order; a strategy named only after
    a negation ("do not fail over", "rather than restarting") is not recommended.

    Args:
        text: Advice, e.g. a runbook's fix texts.

    Returns:
        For example ``(Strategy.ROLLBACK, Strategy.RESTART)``.
    """
    named = {s for s, pattern in _STRATEGY_PATTERNS if _recommended(pattern, text)}
    return tuple(s for s in Strategy if s in named)


def _recommended(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` other than negated."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if not _NEGATION.search(before):
            return True
    return False


def _names_service(text: str, service: str) -> bool:
    """True when ``text`` (lower case) names ``service`` as a whole id."""
    return re.search(rf"(?<![\w-]){re.escape(service.lower())}(?![\w-])", text) is not None


def mitigation_in(text: str, target: str, services: list[str]) -> tuple[Strategy, str] | None:
    """A (strategy, service) a free-text task asks for, e.g. "roll back payments-api".

    A task that starts by looking ("check whether the flag is on") asks for none.

    Args:
        text: The task as given.
        target: The service the task was given for, if any ("" for none).
        services: The services there are; the target must be one of them, else the longest
            one the text names.

    Returns:
        The strategy and its service, or None.
    """
    lowered = text.lower()
    if _LOOKING_PATTERN.match(lowered):
        return None
    strategy = strategy_in(lowered)
    if strategy is None:
        return None
    if target in services:
        return strategy, target
    named = [s for s in services if _names_service(lowered, s)]
    return (strategy, max(named, key=len)) if named else None


@functools.lru_cache(maxsize=4096)
def tool_for(text: str) -> Tool:
    """The investigation tool a free-text step or task most likely means (logs by default).

    Words are matched whole ("conversion rate" means metrics, not deploy history).

    Args:
        text: An investigation step or task.

    Returns:
        The first tool of :data:`TOOL_WORDS` whose words ``text`` holds, else logs.
    """
    for tool, pattern in _TOOL_PATTERNS:
        if pattern.search(text):
            return tool
    return Tool.LOGS
