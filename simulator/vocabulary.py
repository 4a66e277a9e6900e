"""The one vocabulary: the words people read and write for roles, the resolution checklist
and mitigation strategies.

Every label shown to a person (GUI, reports) and every reader of free text (timeline
import, runbooks, simulated responders) takes its words from here, so the same thing is
called the same way everywhere. Nothing here knows about Qt, the journal or the engine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
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

#: How each strategy reads as an order in the channel ("Roll back payments-api").
STRATEGY_ORDERS: dict[Strategy, str] = {
    Strategy.ROLLBACK: "Roll back",
    Strategy.RESTART: "Restart",
    Strategy.FAILOVER: "Fail over",
    Strategy.SCALE: "Scale up",
    Strategy.FEATURE_FLAG: "Turn off the feature flag on",
    Strategy.BLOCK_TRAFFIC: "Block the bad traffic to",
}


#: How each strategy reads as a noun in a sentence ("the scale-out of storefront-web").
STRATEGY_NOUNS: dict[str, str] = {
    Strategy.ROLLBACK.value: "rollback",
    Strategy.RESTART.value: "restart",
    Strategy.FAILOVER.value: "failover",
    Strategy.SCALE.value: "scale-out",
    Strategy.FEATURE_FLAG.value: "feature-flag change",
    Strategy.BLOCK_TRAFFIC.value: "traffic block",
}


def strategy_noun(strategy: str) -> str:
    """``"scale"`` -> ``"scale-out"``; any other value with its underscores as spaces."""
    return STRATEGY_NOUNS.get(strategy, strategy.replace("_", " "))


def strategy_order(strategy: Strategy) -> str:
    """The order that applies ``strategy`` ("Roll back"); any other: "Mitigate"."""
    return STRATEGY_ORDERS.get(strategy, "Mitigate")


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


# ---------------------------------------------------------------- incident-command language
# The words of the channel reader (simulator.language): how an incident commander talks.

#: Short forms people use for a first name (lower case, accents folded): "Jim" is James.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "james": ("jim", "jimmy", "jamie", "jimbo"),
    "thomas": ("tom", "tommy"),
    "tom": ("tommy",),
    "samuel": ("sam", "sammy"),
    "sam": ("sammy",),
    "lukas": ("luke", "luk"),
    "hannah": ("han",),
    "diego": ("dieg",),
    "kwame": ("kwam",),
    "maria": ("mari",),
    "magdalena": ("lena",),
    "lena": ("leni",),
    "grace": ("gracie",),
    "chloe": ("clo",),
    "ravi": ("rav",),
    "aiko": ("ai",),
    "noor": ("nour",),
}

#: How people name a role in the channel (lower case), beyond :data:`ROLE_NAMES`.
ROLE_SAYINGS: dict[str, Role] = {
    **ROLE_NAMES,
    "commander": Role.INCIDENT_COMMANDER,
    "incident lead": Role.INCIDENT_COMMANDER,
    "communications": Role.COMMUNICATIONS_LEAD,
    "comms person": Role.COMMUNICATIONS_LEAD,
    "on comms": Role.COMMUNICATIONS_LEAD,
    "note taker": Role.SCRIBE,
    "notetaker": Role.SCRIBE,
    "note-taker": Role.SCRIBE,
    "notes": Role.SCRIBE,
    "taking notes": Role.SCRIBE,
    "technical lead": Role.TECHNICAL_LEAD,
    "tech": Role.TECHNICAL_LEAD,
    "ops lead": Role.TECHNICAL_LEAD,
    "operations lead": Role.TECHNICAL_LEAD,
    "subject matter expert": Role.SUBJECT_MATTER_EXPERT,
    "expert": Role.SUBJECT_MATTER_EXPERT,
}

#: How an answer to a proposal starts when it approves it (lower case).
APPROVE_WORDS: tuple[str, ...] = (
    "yes",
    "yep",
    "yeah",
    "yup",
    "ok",
    "okay",
    "sure",
    "approved",
    "approve",
    "go ahead",
    "go for it",
    "do it",
    "ship it",
    "sounds good",
    "let's do it",
    "lets do it",
    "let's do that",
    "make it so",
    "agreed",
    "agree",
    "green light",
    "proceed",
    "affirmative",
    "+1",
    "go",
    "fine",
    "please do",
)

#: How an answer to a proposal starts when it declines it (lower case).
DECLINE_WORDS: tuple[str, ...] = (
    "no",
    "nope",
    "nah",
    "hold off",
    "don't",
    "do not",
    "not yet",
    "let's not",
    "lets not",
    "decline",
    "declined",
    "denied",
    "negative",
    "wait",
    "stand by",
    "standby",
    "not now",
    "rejected",
    "reject",
    "not approved",
    "veto",
)

#: Words that make a message a question about where the incident stands.
STATUS_QUESTIONS: tuple[str, ...] = (
    "what's the status",
    "whats the status",
    "what is the status",
    "status?",
    "status update",
    "where are we",
    "sitrep",
    "what do we know",
    "any news",
    "any update",
    "any updates",
    "how's it going",
    "hows it going",
    "how is it going",
    "what have you got",
    "what have you found",
    "what did you find",
    "anything yet",
    "progress?",
    "how are we doing",
    "what are you seeing",
)

#: Words that ask the room for objections before a decision (IC-09: the guide's "any strong
#: objections?").
OBJECTION_QUESTIONS: tuple[str, ...] = (
    "any strong objections",
    "any objections",
    "any objection",
    "anyone object",
    "objections?",
    "any concerns",
    "any reason not to",
    "speak now",
    "anyone against",
)

#: Spelt-out numbers people use for minutes ("report back in ten minutes").
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "a couple of": 2,
    "a few": 5,
    "a couple": 2,
}

#: Words naming a kind of service when people page "the database on-call": the word, and the
#: words a service id holds to be one.
SERVICE_KINDS: dict[str, tuple[str, ...]] = {
    "database": ("postgres", "mysql", "db", "database", "sql"),
    "db": ("postgres", "mysql", "db", "database", "sql"),
    "postgres": ("postgres",),
    "cache": ("redis", "memcache", "cache"),
    "redis": ("redis",),
    "search": ("search", "es"),
    "network": ("edge", "gateway", "cdn"),
    "edge": ("edge", "gateway", "cdn"),
    "auth": ("auth",),
    "email": ("email", "mail"),
    "frontend": ("web", "storefront"),
    "payments": ("payment",),
    "orders": ("order",),
}


def fold_accents(text: str) -> str:
    """``text`` lower-cased with accents removed ("Chloé" -> "chloe"): how people type names.

    Args:
        text: A name or a message.

    Returns:
        The folded text.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def say_number(value: float, unit: str = "") -> str:
    """A measured value as people say it: rounded to what matters, units spaced.

    ``21.9366, "%"`` -> ``"21.9%"``; ``957.5, "MiB"`` -> ``"958 MiB"``; ``3040`` -> ``"3,040"``;
    ``0.2349, "s"`` -> ``"0.23 s"``. Percent and degree signs stick to the number; every other
    unit is spaced ("350 ms").

    Args:
        value: The number.
        unit: Its unit as the scenario names it ("" for none).

    Returns:
        The number and unit as text.
    """
    size = abs(value)
    if size >= 100:
        number = f"{round(value):,}"
    elif size >= 1:
        number = f"{value:.1f}".removesuffix(".0")
    else:
        number = f"{value:.2f}".rstrip("0").removesuffix(".") or "0"
    if number in ("-0", ""):
        number = "0"
    if not unit:
        return number
    glued = unit.startswith(("%", "°"))
    return f"{number}{unit}" if glued else f"{number} {unit}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count and its noun as people write them: ``1 update``, ``2 updates``, ``0 updates``.

    Args:
        count: How many.
        noun: The singular ("update", "status-page post").
        many: The plural when it is not ``noun + "s"`` ("time-boxes").

    Returns:
        ``"{count} {noun}"`` in the right number, the count with thousands separators.
    """
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"
