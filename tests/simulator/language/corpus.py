"""The utterance corpus (``corpus.txt``) and how a reading is judged against it.

An utterance is read exactly right when its commands are, in order, the expected ones: the
same action (or question, or chat) with every listed field equal. A side-effect action taken
without confirmation is one the reader puts among the actions taken at once
(:attr:`~simulator.language.Reading.immediate`) although it changes the world: the count must
be 0 on every line, whatever the reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from simulator.language import Command, Reading, read_message, side_effect
from tests.simulator.language.contexts import context

CORPUS = Path(__file__).with_name("corpus.txt")


@dataclass(frozen=True)
class Utterance:
    """One corpus line."""

    line: int
    moment: str
    text: str
    expected: str


def utterances() -> list[Utterance]:
    """Every utterance of the corpus, with its line number."""
    out = []
    for number, raw in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        moment, text, expected = (part.strip() for part in raw.split(" | "))
        out.append(Utterance(number, moment, text, expected))
    return out


def _matches(command: Command, expected: str) -> bool:
    head, _, tail = expected.partition(" ")
    fields = [f"{k}={v}" for k, v in re.findall(r"(\w+)=(.*?)(?=\s+\w+=|$)", tail)]
    if head.startswith("ask:"):
        if command.ask != head.removeprefix("ask:"):
            return False
        return all(f"to={command.to}" == f for f in fields if f.startswith("to="))
    if command.action is None or command.action.name != head:
        return False
    payload = command.action.to_payload()
    for field in fields:
        key, value = field.split("=", 1)
        if str(payload.get(key)) != value and not (
            key == "timebox" and float(payload.get(key, 0)) == float(value)
        ):
            return False
    return True


def judge(reading: Reading, expected: str) -> bool:
    """Whether ``reading`` is exactly what the corpus expects."""
    wanted = [part.strip() for part in expected.split(";;")]
    if wanted[0].startswith("chat"):
        words = wanted[0].split()
        rest = wanted[1:]
        commands = list(reading.commands)
        if "near" in words and not reading.near and not rest:
            return False
        to = next((w.removeprefix("to=") for w in words if w.startswith("to=")), "")
        if to:
            return len(commands) == 1 and commands[0].ask == "chat" and commands[0].to == to
        if not rest:
            return not reading.actions and not any(
                c.ask in ("status", "objections") for c in commands
            )
        wanted = rest
    commands = [c for c in reading.commands if c.ask != "chat"]
    return len(commands) == len(wanted) and all(
        _matches(c, w) for c, w in zip(commands, wanted, strict=True)
    )


@dataclass(frozen=True)
class Result:
    """The reader's figures on the corpus."""

    total: int
    right: int
    unconfirmed: int
    wrong: list[tuple[Utterance, Reading]]

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def evaluate() -> Result:
    """Read every utterance; count the exactly right and the side effects left unconfirmed."""
    right = 0
    unconfirmed = 0
    wrong: list[tuple[Utterance, Reading]] = []
    for u in utterances():
        reading = read_message(u.text, context(u.moment))
        unconfirmed += sum(1 for a in reading.immediate if side_effect(a))
        if judge(reading, u.expected):
            right += 1
        else:
            wrong.append((u, reading))
    return Result(len(utterances()), right, unconfirmed, wrong)
