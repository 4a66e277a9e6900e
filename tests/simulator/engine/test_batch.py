"""``gameday batch``: derived seeds, any Executor, summaries, comparisons, the files."""

from __future__ import annotations

import concurrent.futures as cf
import csv
import json
import statistics
from pathlib import Path

import numpy as np
import pytest

from main import main
from simulator.engine.batch import (
    Group,
    bootstrap_median_diff,
    derive_seeds,
    plan_chunks,
    quantile,
    run_batch,
    run_one,
    summarize,
)
from simulator.engine.bootstrap import BOOTSTRAP_RESAMPLES, resampled_medians
from simulator.engine.variants import apply_override
from tests.simulator.engine_bundles import small_bundle

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


def test_seeds_are_derived_stably_from_the_base_seed() -> None:
    assert derive_seeds(1, 3) == derive_seeds(1, 5)[:3]
    assert derive_seeds(1, 3) != derive_seeds(2, 3)
    assert len(set(derive_seeds(7, 200))) == 200


def test_quantiles_and_summaries() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([10.0], 0.9) == 10.0
    assert summarize([None, 3.0, 1.0, 2.0]) == {
        "median": 2.0,
        "p10": 1.2,
        "p90": 2.8,
        "n": 3,
        "not_recorded": 0,
    }
    assert summarize([None, None], not_recorded=1) == {
        "median": None,
        "p10": None,
        "p90": None,
        "n": 0,
        "not_recorded": 1,
    }


def test_bootstrap_is_seeded_and_brackets_the_difference() -> None:
    base = [10.0, 11.0, 12.0, 13.0, 14.0] * 4
    other = [20.0, 21.0, 22.0, 23.0, 24.0] * 4
    one = bootstrap_median_diff(base, other, 1)
    two = bootstrap_median_diff(base, other, 1)
    assert one == two
    spread = [float(v) ** 1.5 for v in range(40)]
    assert resampled_medians(spread, 1).tolist() != resampled_medians(spread, 2).tolist()
    diff, lo, hi = one
    assert diff == 10.0
    assert lo is not None and hi is not None and lo <= 10.0 <= hi
    assert bootstrap_median_diff([], other, 1) == (None, None, None)


@pytest.mark.parametrize("n", [1, 2, 7, 20, 201])
def test_vectorised_resample_medians_are_the_medians_of_the_resamples(n: int) -> None:
    """The order-statistic shortcut gives exactly the median of every drawn resample."""
    values = [float((i * 37) % 11) + i / 100 for i in range(n)]
    got = resampled_medians(values, seed=5, resamples=50)
    ordered = sorted(values)
    rng = np.random.Generator(np.random.PCG64(5))
    picks = rng.integers(0, n, size=(50, n), dtype=np.int16)
    expected = [statistics.median(ordered[int(i)] for i in row) for row in picks]
    assert got.tolist() == expected
    assert len(resampled_medians(values, seed=5)) == BOOTSTRAP_RESAMPLES


def test_chunks_are_sized_by_the_workers_over_the_whole_batch() -> None:
    seeds = derive_seeds(1, 100)
    one_group_32 = plan_chunks(1, seeds, 32)
    assert len(one_group_32) == 100  # 100 runs for 128 slots: one run a chunk, all workers busy
    many_groups_2 = plan_chunks(10, seeds, 2)
    assert {len(c.seeds) for c in many_groups_2} == {100}  # 1,000 runs / 8 chunks: whole groups
    assert [c.group for c in many_groups_2] == list(range(10))
    four = plan_chunks(2, seeds, 4)
    assert {len(c.seeds) for c in four} == {13, 9}
    assert sorted(s for c in four if c.group == 1 for s in c.seeds) == sorted(seeds)


def test_run_batch_document_and_comparison_with_any_executor() -> None:
    bundle = small_bundle()
    groups = [
        Group("baseline", bundle),
        Group("no-rb", apply_override(bundle, "remove-runbooks"), "remove-runbooks"),
    ]
    inline = run_batch(groups, 4, base_seed=3, jobs=1)
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        threaded = run_batch(groups, 4, base_seed=3, executor=pool)
    assert inline == threaded
    assert set(inline) == {
        "format",
        "scenario",
        "scenarios",
        "title",
        "base_seed",
        "runs_per_group",
        "time_limit",
        "groups",
        "comparisons",
    }
    assert (inline["format"], inline["scenario"], inline["runs_per_group"]) == (
        "gameday/batch@1",
        "small",
        4,
    )
    first = inline["groups"][0]
    assert (first["name"], first["scenario"], first["team"], first["variant"]) == (
        "baseline",
        "small",
        "small-team",
        "",
    )
    assert [r["seed"] for r in first["runs"]] == derive_seeds(3, 4)
    assert first["runs"][0] == run_one(bundle, derive_seeds(3, 4)[0])
    assert set(first["summary"]) >= {
        "mttd",
        "mtta",
        "time_to_declare",
        "time_to_mitigate",
        "time_to_resolve",
    }
    assert first["summary"]["mttd"] == {
        "median": 84.0,
        "p10": 84.0,
        "p90": 84.0,
        "n": 4,
        "not_recorded": 0,
    }
    assert inline["groups"][1]["variant"] == "remove-runbooks"
    comparison = inline["comparisons"][0]
    assert (comparison["scenario"], comparison["baseline"], comparison["other"]) == (
        "small",
        "baseline",
        "no-rb",
    )
    assert comparison["metric"] == "mttd"
    assert (comparison["median_diff"], comparison["ci_low"], comparison["ci_high"]) == (0, 0, 0)


def test_process_pool_gives_the_same_results_as_inline() -> None:
    groups = [Group("baseline", small_bundle())]
    assert run_batch(groups, 3, jobs=2) == run_batch(groups, 3, jobs=1)


def test_batch_cli_prints_and_writes_csv_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b"
    code = main(
        [
            "batch",
            str(SCENARIO),
            "--runs",
            "3",
            "--jobs",
            "1",
            "--variant",
            "no-rb=remove-runbook:PaymentsAPIHighErrorRate",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "[##############################] 6/6 runs" in captured.err
    assert "acme-platform (team acme-platform)" in captured.out
    assert "no-rb (team acme-platform) [remove-runbook:PaymentsAPIHighErrorRate]" in captured.out
    assert "no-rb vs acme-platform: time_to_resolve" in captured.out
    doc = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [g["name"] for g in doc["groups"]] == ["acme-platform", "no-rb"]
    text = (out / "batch.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 6
    assert list(rows[0]) == [
        "scenario",
        "group",
        "team",
        "variant",
        "seed",
        "mttd",
        "mtta",
        "time_to_declare",
        "time_to_status_page",
        "time_to_mitigate",
        "time_to_resolve",
        "resolved",
        "not_recorded",
    ]
    assert rows[3]["group"] == "no-rb"


def test_batch_cli_bad_variant_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["batch", str(SCENARIO), "--runs", "2", "--variant", "x=remove-runbok:Foo"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "gameday batch: variant x: unknown override 'remove-runbok' "
        "(did you mean 'remove-runbook'?)"
    )
    assert main(["batch", str(SCENARIO), "--runs", "2", "--variant", "nothing"]) == 2
    assert "expected NAME=OVERRIDE" in capsys.readouterr().err
    assert main(["batch", str(SCENARIO), "--runs", "0"]) == 2


class _EagerFuture:
    """A future that is not a concurrent.futures.Future (as dask.distributed's are)."""

    def __init__(self, value: object) -> None:
        self._value = value

    def result(self) -> object:
        return self._value


class _ClientLike(cf.Executor):
    """Like ``dask.distributed.Client``: submit() returns its own future type."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.submitted += 1
        return _EagerFuture(fn(*args, **kwargs))


def test_a_distributed_style_executor_gives_the_same_document() -> None:
    groups = [Group("baseline", small_bundle())]
    client = _ClientLike()
    assert run_batch(groups, 5, executor=client) == run_batch(groups, 5, jobs=1)
    assert client.submitted >= 1


def test_a_folder_of_scenarios_is_one_sweep_with_one_csv_json_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sweep"
    (folder / "teams").mkdir(parents=True)
    (folder / "runbooks").mkdir()
    for name in ("payments-bad-deploy", "storefront-traffic-surge"):
        (folder / f"{name}.yaml").write_bytes((ROOT / "scenarios" / f"{name}.yaml").read_bytes())
    for item in (ROOT / "scenarios" / "teams").iterdir():
        (folder / "teams" / item.name).write_bytes(item.read_bytes())
    for item in (ROOT / "scenarios" / "runbooks").iterdir():
        (folder / "runbooks" / item.name).write_bytes(item.read_bytes())
    out = tmp_path / "b"
    argv = ["batch", str(folder), "--runs", "3", "--jobs", "1", "--out", str(out)]
    code = main([*argv, "--variant", "no-rb=remove-runbooks"])
    assert code == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    assert "[##############################] 12/12 runs" in captured.err
    doc = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in doc["scenarios"]] == [
        "payments-bad-deploy",
        "storefront-traffic-surge",
    ]
    assert doc["title"] == "2 scenarios"
    assert [(g["scenario"], g["name"]) for g in doc["groups"]] == [
        ("payments-bad-deploy", "acme-platform"),
        ("payments-bad-deploy", "no-rb"),
        ("storefront-traffic-surge", "acme-platform"),
        ("storefront-traffic-surge", "no-rb"),
    ]
    # each scenario's variant is compared with that scenario's team, never across scenarios
    assert {(c["scenario"], c["baseline"], c["other"]) for c in doc["comparisons"]} == {
        ("payments-bad-deploy", "acme-platform", "no-rb"),
        ("storefront-traffic-surge", "acme-platform", "no-rb"),
    }
    rows = list(csv.DictReader((out / "batch.csv").read_text(encoding="utf-8").splitlines()))
    assert [(r["scenario"], r["group"]) for r in rows[3:5]] == [
        ("payments-bad-deploy", "no-rb"),
        ("payments-bad-deploy", "no-rb"),
    ]
    assert len(rows) == 12
    assert captured.out.startswith("2 scenarios: 3 runs per group, base seed 1\n")
    assert "\nStorefront" in captured.out or "storefront-traffic-surge):" in captured.out
    # the same two files named one by one give the same document
    again = tmp_path / "c"
    files = [
        str(folder / "payments-bad-deploy.yaml"),
        str(folder / "storefront-traffic-surge.yaml"),
    ]
    assert (
        main(
            [
                "batch",
                *files,
                "--runs",
                "3",
                "--jobs",
                "1",
                "--out",
                str(again),
                "--variant",
                "no-rb=remove-runbooks",
            ]
        )
        == 0
    )
    assert json.loads((again / "batch.json").read_text(encoding="utf-8")) == doc


def test_a_folder_without_scenarios_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert (
        main(["batch", str(tmp_path / "empty"), "--runs", "2", "--out", str(tmp_path / "o")]) == 1
    )
    assert capsys.readouterr().err.strip() == (
        f"{tmp_path / 'empty'}: no scenario files in this folder (a scenario declares "
        "format: gameday/scenario@1); give scenario files or a folder that holds them"
    )
