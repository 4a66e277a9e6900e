"""The checker never loses a check: when the worker process dies, the check runs again on a
worker thread and every later one too."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

import gui.authoring.checker as checker_module
from gui.authoring.checker import Checker
from scenarios import DEFAULT_SCENARIO


class _DeadPool:
    """A pool whose worker process has died."""

    def submit(self, *_args: Any, **_kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("the worker died"))
        return future


def test_a_dead_worker_process_falls_back_to_a_thread(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.app import application

    application()
    monkeypatch.setattr(checker_module, "_POOL", _DeadPool())
    monkeypatch.setattr(checker_module, "_PROCESS_BROKEN", False)
    checker = Checker()
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    with qtbot.waitSignal(checker.checked, timeout=60000) as signal:
        checker.request(str(DEFAULT_SCENARIO), text, now=True)
    result = signal.args[0]
    assert result.scenario is not None and result.scenario.id == "payments-bad-deploy"
    assert checker_module._PROCESS_BROKEN
    pool = checker_module._POOL
    assert type(pool).__name__ == "ThreadPoolExecutor"
    qtbot.waitUntil(lambda: not checker.busy, timeout=60000)
    checker.stop()
    pool.shutdown()
