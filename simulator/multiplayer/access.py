"""Who may join: the join code of a game day and the limit on wrong tries per address.

A join code is short enough to read out in a room (six characters from an alphabet without
look-alikes: no 0/O, 1/I/L) and random per exercise (:mod:`secrets`). It is compared in
constant time (:func:`hmac.compare_digest`) so a wrong guess takes as long as a right one.
An address that guesses wrong :data:`MAX_TRIES` times is refused for the rest of the
exercise.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

#: Characters of a join code: capitals and digits without look-alikes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Characters in a join code (31^6, about 890 million codes).
CODE_LENGTH = 6
#: Wrong codes an address may send before it is refused for the rest of the exercise.
MAX_TRIES = 5


def new_join_code() -> str:
    """A fresh random join code, e.g. ``K7QX2M``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str:
    """A code as typed (``k7q x2m``, ``K7Q-X2M``) in the form it was given out."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class JoinCode:
    """The code of one exercise."""

    code: str

    def matches(self, given: str) -> bool:
        """True when ``given`` is this code, typed with any case, spaces or dashes; compared
        in constant time."""
        return hmac.compare_digest(
            normalise(given).encode("utf-8"), normalise(self.code).encode("utf-8")
        )


@dataclass
class TryLimiter:
    """Counts wrong join codes per address and refuses an address after ``limit`` of them."""

    limit: int = MAX_TRIES
    _wrong: dict[str, int] = field(default_factory=dict)

    def locked(self, address: str) -> bool:
        """True when ``address`` used up its tries."""
        return self._wrong.get(address, 0) >= self.limit

    def wrong(self, address: str) -> int:
        """Count one wrong code from ``address``; returns the tries it has left."""
        self._wrong[address] = self._wrong.get(address, 0) + 1
        return max(0, self.limit - self._wrong[address])


def code_problem(code: str) -> str:
    """Why ``code`` cannot be a join code ("" when it can): six of :data:`ALPHABET`."""
    given = normalise(code)
    if len(given) != CODE_LENGTH or any(ch not in ALPHABET for ch in given):
        return (
            f"{code!r} is not a join code: it is {CODE_LENGTH} letters and digits, "
            "as the facilitator's lobby shows it (e.g. K7QX2M)"
        )
    return ""
