"""A spawned process that runs one check at a time with a time limit, for the tests that
feed Casebook input meant to make it hang (the hostile corpus, linear time)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

import pytest

# A check that has not answered after this many seconds hangs: its worker is replaced.
HANG_SECONDS = 60.0


class Worker:
    """One spawned process that runs checks with a time limit, replaced when one hangs."""

    def __init__(self) -> None:
        # 'spawn', not 'fork': the browser tests of the same session leave threads running,
        # and a forked child of a threaded process can deadlock on a lock it inherited.
        self.context = multiprocessing.get_context("spawn")
        self.pool = self.context.Pool(1)

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return self.pool.apply_async(function, args).get(timeout=HANG_SECONDS)
        except multiprocessing.TimeoutError:
            self.pool.terminate()
            self.pool = self.context.Pool(1)
            pytest.fail(f"no answer after {HANG_SECONDS:.0f} s: the check hangs", pytrace=False)

    def close(self) -> None:
        self.pool.terminate()
