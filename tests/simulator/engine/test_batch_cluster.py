"""``gameday batch --cluster``: a two-worker dask LocalCluster gives ``--jobs 1``'s rows.

dask.distributed is the optional ``cluster`` extra; the test extra installs it, so CI runs
these. Without it they are skipped, saying why.
"""

from __future__ import annotations

import csv
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from main import main
from simulator.bundle import Bundle
from simulator.engine.batch import Group, run_batch
from simulator.engine.cluster import ClusterError, ClusterSpec, DaskRunner, connect, parse_cluster
from simulator.engine.variants import apply_override
from simulator.loading import load_bundle
from tests.simulator.engine_bundles import small_bundle

distributed = pytest.importorskip(
    "distributed",
    reason="dask.distributed is not installed (pip install -e '.[test]' installs the cluster "
    "extra the --cluster tests need)",
)

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = ROOT / "scenarios" / "payments-bad-deploy.yaml"


@pytest.fixture(scope="module")
def runner() -> Iterator[DaskRunner]:
    with connect(ClusterSpec(local_workers=2)) as dask_runner:
        yield dask_runner


def test_parse_cluster_addresses_and_local_workers() -> None:
    assert parse_cluster("local:3") == ClusterSpec(local_workers=3)
    assert parse_cluster("tcp://10.0.0.5:8786") == ClusterSpec(address="tcp://10.0.0.5:8786")
    with pytest.raises(ClusterError) as bad:
        parse_cluster("local:two")
    assert str(bad.value) == (
        "--cluster local:two: expected local:N with N the number of worker processes, e.g. local:4"
    )
    assert parse_cluster("local:2").describe() == "a local cluster of 2 workers"


def test_a_two_worker_cluster_gives_the_inline_document_and_sends_bundles_once(
    runner: DaskRunner,
) -> None:
    bundle = small_bundle()
    groups = [
        Group("baseline", bundle),
        Group("no-rb", apply_override(bundle, "remove-runbooks"), "remove-runbooks"),
    ]
    client: Any = runner.client
    scattered: list[object] = []
    submitted: list[tuple[object, ...]] = []
    real_scatter, real_submit = client.scatter, client.submit

    def scatter(data: object, **kwargs: object) -> object:
        scattered.append(data)
        return real_scatter(data, **kwargs)

    def submit(fn: object, *args: object, **kwargs: object) -> object:
        submitted.append(args)
        return real_submit(fn, *args, **kwargs)

    client.scatter, client.submit = scatter, submit
    seen: list[int] = []
    try:
        doc = run_batch(
            groups, 12, base_seed=4, runner=runner, progress=lambda d, t: seen.append(d)
        )
    finally:
        client.scatter, client.submit = real_scatter, real_submit
    assert doc == run_batch(groups, 12, base_seed=4, jobs=1)
    assert runner.workers == 2
    assert len(scattered) == 1  # both bundles, once, for every chunk
    assert len(submitted) == 8  # 24 runs cut for 2 workers x 4 chunks each
    assert not any(isinstance(arg, Bundle) for args in submitted for arg in args)
    assert seen == sorted(seen) and seen[-1] == 24


def test_a_lost_worker_s_chunks_are_run_again_with_the_same_results(runner: DaskRunner) -> None:
    bundle, _ = load_bundle(SCENARIO)
    assert bundle is not None
    groups = [Group("acme", bundle)]
    client: Any = runner.client
    killed: list[str] = []

    def kill_one_worker(done: int, total: int) -> None:
        if killed:
            return
        victim = sorted(client.nthreads())[0]
        killed.append(victim)
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while victim in client.nthreads() and time.monotonic() < deadline:
            time.sleep(0.05)  # polling the scheduler's view, not waiting a fixed time
        assert victim not in client.nthreads(), "the worker did not go away"
        assert done < total, "the batch finished before the worker was lost"

    doc = run_batch(groups, 400, base_seed=9, runner=runner, progress=kill_one_worker)
    assert killed
    assert doc == run_batch(groups, 400, base_seed=9, jobs=1)


def _rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "batch.csv").read_text(encoding="utf-8").splitlines()))


def test_batch_cli_on_a_local_cluster_writes_the_rows_of_jobs_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["batch", str(SCENARIO), "--runs", "6", "--variant", "no-rb=remove-runbooks"]
    assert main([*common, "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    capsys.readouterr()
    assert main([*common, "--cluster", "local:2", "--out", str(tmp_path / "cluster")]) == 0
    err = capsys.readouterr().err
    assert "running on a local cluster of 2 workers (2 worker threads)" in err
    assert "[##############################] 12/12 runs" in err
    assert _rows(tmp_path / "cluster") == _rows(tmp_path / "one")
    assert len(_rows(tmp_path / "one")) == 12


def test_batch_cli_cluster_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(SCENARIO), "--runs", "2", "--cluster", "local:0"]) == 2
    assert "expected local:N with N the number of worker processes" in capsys.readouterr().err
    assert main(["batch", str(SCENARIO), "--runs", "2", "--jobs", "2", "--cluster", "local:2"]) == 2
    assert "give --jobs or --cluster, not both" in capsys.readouterr().err


def test_without_dask_the_cluster_option_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    out = tmp_path / "b"
    assert (
        main(["batch", str(SCENARIO), "--runs", "2", "--cluster", "local:2", "--out", str(out)])
        == 1
    )
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            "gameday batch: --cluster needs dask.distributed: install the cluster extra: "
            "pip install 'gameday-simulator[cluster]'"
        )
    )
    assert not (out / "batch.json").exists()
