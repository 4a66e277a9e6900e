"""Who and what a message names: people (by name, nickname, id, role or typo) and services.

People type fast during an incident: "Jmaes" is James, "@lena" is Lena, "comms lead" is whoever
holds the role, "the database on-call" is the person who knows the database. A typo is only
forgiven in a capitalised word or a word followed by a comma (how a name is written), one
letter off (swapped, missing, extra or wrong), for names of four letters or more, and never
for a word of the channel's own vocabulary ("trace" is not Grace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.language.context import Context
from simulator.model import Role
from simulator.vocabulary import ROLE_SAYINGS, fold_accents

#: Words one letter away from a name that are ordinary words of the channel, never a typo.
ORDINARY_WORDS = frozenset(
    {
        "trace",
        "traces",
        "games",
        "lean",
        "door",
        "poor",
        "moor",
        "mean",
        "lens",
        "grade",
        "space",
        "place",
        "dave",
        "save",
        "rave",
        "aim",
        "tim",
        "diet",
        "loom",
        "noon",
        "room",
        "tomb",
        "names",
        "jams",
        "rabi",
        "ruby",
        "wait",
        "weigh",
    }
)

_WORD = re.compile(r"@?[A-Za-zÀ-ÿ][\w'À-ÿ-]*")


@dataclass(frozen=True)
class Mention:
    """A person named in a message: who, where, and whether the name was a typo."""

    person: str
    start: int
    end: int
    typo: bool = False


def damerau(a: str, b: str) -> int:
    """The optimal string alignment distance between ``a`` and ``b`` ("jmaes" -> "james"
    is 1: one swap)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def people_in(text: str, ctx: Context) -> list[Mention]:
    """Every person ``text`` names, in order (full names before first names).

    Args:
        text: One clause of a message.
        ctx: The team to resolve against.

    Returns:
        The mentions, each once per place.
    """
    found: list[Mention] = []
    folded = fold_accents(text)
    taken: list[tuple[int, int]] = []
    # full names first ("Maria Okafor"), so the first name is not read twice
    for person in ctx.people:
        full = fold_accents(person.name)
        for m in re.finditer(rf"(?<![\w@]){re.escape(full)}(?!\w)", folded):
            found.append(Mention(person.id, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        word = fold_accents(m.group().lstrip("@")).removesuffix("'s").removesuffix("’s")
        person_id = ctx.names.get(word)
        if person_id is not None:
            found.append(Mention(person_id, m.start(), m.end()))
            continue
        guess = _typo(m.group(), word, text[m.end() : m.end() + 1], ctx)
        if guess is not None:
            found.append(Mention(guess, m.start(), m.end(), typo=True))
    return sorted(found, key=lambda mention: mention.start)


def _typo(raw: str, word: str, after: str, ctx: Context) -> str | None:
    """The person a misspelt name means, or None (see the module's rules)."""
    looks_like_name = raw[:1].isupper() or raw.startswith("@") or after == ","
    if not looks_like_name or len(word) < 4 or word in ORDINARY_WORDS:
        return None
    matches = {
        pid
        for name, pid in ctx.names.items()
        if len(name) >= 4 and " " not in name and damerau(word, name) == 1
    }
    return matches.pop() if len(matches) == 1 else None


def role_in(text: str) -> tuple[Role, re.Match[str]] | None:
    """The role ``text`` names ("comms lead", "the IC", "scribe"), longest saying first."""
    folded = text.lower()
    for saying in sorted(ROLE_SAYINGS, key=len, reverse=True):
        pattern = re.escape(saying).replace(r"\ ", r"[\s_-]")
        m = re.search(rf"(?<![\w-]){pattern}(?![\w-])", folded)
        if m is not None:
            return ROLE_SAYINGS[saying], m
    return None


def services_in(text: str, ctx: Context) -> list[str]:
    """The services ``text`` names by id or name ("payments-api", "Payments API",
    "payments api"), in order of appearance, each once."""
    folded = fold_accents(text)
    hits: list[tuple[int, str]] = []
    for service in ctx.services:
        spellings = {service.id.lower(), fold_accents(service.name), service.id.replace("-", " ")}
        for spelling in spellings:
            pattern = re.escape(spelling).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
            m = re.search(rf"(?<![\w-]){pattern}(?![\w-])", folded)
            if m is not None:
                hits.append((m.start(), service.id))
                break
    seen: list[str] = []
    for _start, sid in sorted(hits):
        if sid not in seen:
            seen.append(sid)
    return seen
