"""Rewrite the stored golden outputs: ``python -m tests.golden.regenerate``.

Only for a change of behaviour that is intended; say which in the commit message.
"""

from __future__ import annotations

import gzip

from tests.golden.cases import DATA, cases, outputs


def main() -> None:
    """Run every case and store its outputs (journals gzipped: they are the bulk)."""
    DATA.mkdir(exist_ok=True)
    for case in cases():
        for suffix, text in outputs(case).items():
            path = DATA / (case.name + suffix)
            if suffix == ".jsonl":
                path = path.with_name(path.name + ".gz")
                path.write_bytes(gzip.compress(text.encode(), mtime=0))
            else:
                path.write_text(text, encoding="utf-8")
        print(case.name)


if __name__ == "__main__":
    main()
