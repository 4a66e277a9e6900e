"""The channel reader's accuracy on the utterance corpus (tests/simulator/language/corpus.txt).

Run from the checkout::

    .venv/bin/python bench/language.py [--wrong]

Prints how many incident-command utterances are read exactly right (target >= 95%) and how
many side-effect actions would be taken without a confirmation (target 0); ``--wrong`` lists
the utterances read wrong. Asserts nothing (figures, not a test).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.simulator.language.corpus import evaluate


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list the utterances read wrong")
    args = parser.parse_args()
    started = time.perf_counter()
    result = evaluate()
    took = time.perf_counter() - started
    print(f"utterances:                       {result.total}")
    print(
        f"read exactly right:               {result.right} ({result.accuracy:.1%}; target >= 95%)"
    )
    print(f"side effects without confirming:  {result.unconfirmed} (target 0)")
    print(
        f"time:                             "
        f"{took * 1000 / max(1, result.total):.2f} ms per utterance"
    )
    if args.wrong:
        for u, reading in result.wrong:
            got = [
                c.action.to_payload() if c.action else f"ask:{c.ask} to={c.to}"
                for c in reading.commands
            ]
            print(
                f"  line {u.line}: {u.text!r}\n    expected {u.expected}\n"
                f"    got {got} {reading.near}"
            )


if __name__ == "__main__":
    main()
