"""Batches on a ``dask.distributed`` cluster: ``gameday batch --cluster ADDRESS|local:N``.

An optional extra (``pip install 'gameday-simulator[cluster]'``): nothing here imports dask
until a cluster is asked for, and :class:`ClusterError` says how to install it when it is
missing. :func:`connect` opens a client on a running scheduler (``ADDRESS``, e.g.
``tcp://10.0.0.5:8786``; every worker needs gameday-simulator installed) or on a
``LocalCluster`` of N one-thread worker processes (``local:N``), and yields a
:class:`DaskRunner` for :func:`simulator.engine.batch.run_batch`.

The runner scatters the batch's bundles to every worker once (``broadcast``), so a chunk
sends only its group index and seeds' futures, not a pickled bundle per task; chunks are
sized by the number of worker threads the scheduler reports; results come back as chunks
finish. When a worker is lost, the scheduler re-runs its chunks elsewhere; a chunk that keeps
failing because workers die (``KilledWorker``) or is cancelled is submitted again, up to
:data:`RESUBMITS` times. A replication is a pure function of (bundle, seed), so a re-run
chunk gives the rows it would have given the first time.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.bundle import Bundle
from simulator.engine.batch import Chunk, Row, run_chunk

if TYPE_CHECKING:
    from distributed import Client

LOCAL_PREFIX = "local:"
#: How often one chunk is submitted again after losing its worker, before the batch fails.
RESUBMITS = 3
#: Seconds to wait for a remote scheduler to answer.
CONNECT_TIMEOUT = 10
INSTALL_HINT = "install the cluster extra: pip install 'gameday-simulator[cluster]'"


class ClusterError(Exception):
    """A cluster that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ClusterSpec:
    """Where to run: a scheduler's ``address``, or ``local_workers`` local processes."""

    address: str = ""
    local_workers: int = 0

    def describe(self) -> str:
        """How a person names it: ``a local cluster of 2 workers`` or the address."""
        if self.local_workers:
            plural = "" if self.local_workers == 1 else "s"
            return f"a local cluster of {self.local_workers} worker{plural}"
        return f"the dask scheduler at {self.address}"


def parse_cluster(text: str) -> ClusterSpec:
    """``local:N`` (N >= 1 worker processes) or the address of a running scheduler.

    Raises:
        ClusterError: for an empty text or a ``local:`` without a positive whole number.
    """
    text = text.strip()
    if not text:
        raise ClusterError("--cluster: expected ADDRESS (e.g. tcp://10.0.0.5:8786) or local:N")
    if text.lower().startswith(LOCAL_PREFIX):
        count = text[len(LOCAL_PREFIX) :].strip()
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(
                f"--cluster {text}: expected local:N with N the number of worker processes, "
                "e.g. local:4"
            )
        return ClusterSpec(local_workers=int(count))
    return ClusterSpec(address=text)


def dask_installed() -> bool:
    """True when ``dask.distributed`` can be imported (the ``cluster`` extra)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def connect(spec: ClusterSpec) -> Iterator[DaskRunner]:
    """A :class:`DaskRunner` on the cluster ``spec`` names, closed (and stopped, if local) after.

    Raises:
        ClusterError: dask is not installed, or the scheduler cannot be reached.
    """
    dd = _distributed()
    cluster: Any = None
    try:
        if spec.local_workers:
            cluster = dd.LocalCluster(
                n_workers=spec.local_workers,
                threads_per_worker=1,
                processes=True,
                # any free port: a fixed one warns when another cluster holds it
                dashboard_address=":0",
            )
            client = dd.Client(cluster)
        else:
            client = dd.Client(spec.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(
            f"cannot reach {spec.describe()}: {exc} (start one with `dask scheduler` and "
            "`dask worker ADDRESS`, or run on this machine with --cluster local:N)"
        ) from None
    try:
        yield DaskRunner(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _distributed() -> Any:
    """The ``distributed`` module (untyped calls stay behind ``Any``).

    Raises:
        ClusterError: it is not installed.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--cluster needs dask.distributed: {INSTALL_HINT}") from None
    return distributed


def _lost() -> tuple[type[BaseException], ...]:
    """The exceptions that mean a chunk lost its worker (not that the chunk is wrong)."""
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    return (KilledWorker, CommClosedError, cf.CancelledError)


class DaskRunner:
    """Runs a batch's chunks on a ``dask.distributed`` client (see the module docstring)."""

    def __init__(self, client: Client) -> None:
        self.client: Any = client

    @property
    def workers(self) -> int:
        """Worker threads the scheduler has now (at least 1)."""
        return max(1, int(sum(self.client.nthreads().values())))

    def run(
        self, bundles: Sequence[Bundle], chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, list[Row]]]:
        """Scatter the bundles once, submit every chunk, yield rows as chunks finish."""
        as_completed = _distributed().as_completed
        lost = _lost()
        shared = self.client.scatter(list(bundles), broadcast=True, hash=False)
        futures: dict[Any, int] = {}
        for i, chunk in enumerate(chunks):
            futures[self._submit(shared[chunk.group], chunk)] = i
        tries = [0] * len(chunks)
        pending = as_completed(list(futures))
        for future in pending:
            index = futures.pop(future)
            try:
                rows: list[Row] = future.result()
            except lost as exc:
                tries[index] += 1
                if tries[index] > RESUBMITS:
                    raise ClusterError(
                        f"a chunk of {len(chunks[index].seeds)} runs lost its worker "
                        f"{tries[index]} times ({type(exc).__name__}: {exc}); the cluster "
                        "keeps losing workers"
                    ) from None
                again = self._submit(shared[chunks[index].group], chunks[index])
                futures[again] = index
                pending.add(again)
                continue
            yield index, rows

    def _submit(self, bundle: Any, chunk: Chunk) -> Any:
        # pure=False: a re-submitted chunk is a new task, not the lost one's key again
        return self.client.submit(run_chunk, bundle, list(chunk.seeds), pure=False)
