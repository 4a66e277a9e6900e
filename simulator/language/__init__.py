"""The channel reader: incident-command language turned into the typed actions of
:mod:`simulator.actions` (rule-based, no network, no model; words from
:mod:`simulator.vocabulary`).

* ``context``: the team, services and incident a message is read against;
* ``names``: people (names, nicknames, typos, roles) and services in text;
* ``reading``: what a message was read as, and which actions need a confirmation;
* ``reader``: the clauses and intents;
* ``wording``: what the reader says back before a confirmation.
"""

from simulator.language.context import Context
from simulator.language.reader import read_message
from simulator.language.reading import Command, Reading, side_effect
from simulator.language.wording import say_action

__all__ = ["Command", "Context", "Reading", "read_message", "say_action", "side_effect"]
