"""Golden runs: journals, scorecards and reports of fixed runs are identical to the stored ones.

A refactor must leave every one of them byte for byte as it was. When a change of behaviour is
intended, regenerate with ``python -m tests.golden.regenerate`` and say why in the commit.
"""

from __future__ import annotations

import difflib
import gzip

import pytest

from tests.golden.cases import DATA, Case, cases, outputs


def _stored(case: Case, suffix: str) -> str:
    path = DATA / (case.name + suffix)
    if suffix == ".jsonl":
        return gzip.decompress(path.with_name(path.name + ".gz").read_bytes()).decode()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", list(cases()), ids=lambda c: c.name)
def test_golden_run_is_unchanged(case: Case) -> None:
    for suffix, text in outputs(case).items():
        stored = _stored(case, suffix)
        if text != stored:
            diff = "".join(
                list(
                    difflib.unified_diff(
                        stored.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        f"stored {case.name}{suffix}",
                        "now",
                    )
                )[:40]
            )
            pytest.fail(f"{case.name}{suffix} changed:\n{diff}")


def test_golden_set_covers_every_bundled_scenario_and_seat() -> None:
    names = {c.name for c in cases()}
    assert len(names) == 60
    stored = {p.name.split(".")[0] for p in DATA.glob("*.report.md")}
    assert stored == {c.scenario for c in cases()}
