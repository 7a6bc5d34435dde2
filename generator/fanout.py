"""Casebook's one way of working on every core: numbered items shared between this process,
which claims them from the front, and forked helper processes, which take them from the
back, until the two meet.

The helpers are the standard library's `ProcessPoolExecutor` over forked processes: a forked
process starts in milliseconds with everything the work needs already in memory (the
library's files, or MkDocs' pages and plugins), so only items' numbers go to a helper and
only their results come back, pickled. The items go out a chunk of a few at a time, each chunk
one future, the last chunk first; this process claims a chunk by cancelling its future, which
succeeds only while no helper has started it. So each item is worked out once, nobody waits
for anybody however the machine's load falls, and a process on a busier core does fewer.

An item a helper does not deliver (its work raised, its process died, or its result could not
be pickled) is the caller's to work out, so the results are the ones a single process gives,
and an error the work raises is raised by the caller, as one process would raise it.

Ctrl-C: the terminal sends it to every process of the group. Helpers ignore it; the caller,
interrupted (or failing), ends the helpers still at work before it goes on, so no process is
left behind and only the caller reports anything.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # imported on use: `casebook validate` of a small library never forks
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

_T = TypeVar("_T")
_R = TypeVar("_R")

# Items handed out at a time: few enough that the processes finish together, enough that
# handing a chunk out (a future, and a trip each way through a pipe) costs little beside
# the work.
CHUNK = 8


def can_fork() -> bool:
    """A platform that forks, and no other thread running (a thread holding a lock when
    the process forks would leave the lock held forever in the child)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cpu_jobs() -> int:
    """One process a core."""
    return max(1, os.cpu_count() or 1)


def map_forked(work: Callable[[_T], _R], items: Sequence[_T], jobs: int) -> list[_R]:
    """`[work(item) for item in items]`, worked out by `jobs` processes (this one and
    `jobs - 1` forked helpers), when more than one can run here."""
    jobs = min(jobs, len(items))
    if jobs < 2 or not can_fork():
        return [work(item) for item in items]

    def one(index: int) -> _R:
        return work(items[index])

    done: dict[int, _R] = {}
    with Helpers(one, len(items), jobs - 1) as helpers:
        with contextlib.suppress(OSError):  # no process to be had: every item is claimed here
            helpers.start()
        for index in range(len(items)):
            if helpers.claim(index):
                done[index] = one(index)
        done.update(helpers.delivered())
    return [done[index] if index in done else one(index) for index in range(len(items))]


class Helpers(Generic[_R]):
    """Items `0 … count - 1` of `work`, shared a chunk of `chunk` items at a time between
    this process, which claims them from the front (`claim`), and `workers` forked helpers,
    which take them from the back. `setup` runs once in each helper, before its first item."""

    def __init__(self, work: Callable[[int], _R], count: int, workers: int, *,
                 chunk: int = CHUNK, setup: Callable[[], None] | None = None) -> None:
        self.work = work
        self.workers = workers
        self.setup = setup
        self.size = chunk
        self.chunks = [range(start, min(start + chunk, count)) for start in range(0, count, chunk)]
        self.processes: list[BaseProcess] = []  # the helpers, once started
        self._executor: ProcessPoolExecutor | None = None
        self._futures: dict[int, Future[list[_R]]] = {}  # chunks handed to the helpers
        self._claimed: set[int] = set()  # chunks, as are the next two
        self._delivered: set[int] = set()
        self._handed_out = False  # start() handed every chunk to the helpers

    def __enter__(self) -> Helpers[_R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Fork the helpers and hand them every chunk, the last first. Raises OSError when
        no process (or, in some containers, no semaphore) is to be had."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        sys.stdout.flush()  # what is buffered now must not be written twice, by helpers too
        sys.stderr.flush()
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_become_helper, initargs=(self.work, self.setup))
        before = set(multiprocessing.active_children())
        last = len(self.chunks) - 1
        try:
            with _ctrl_c_held():  # the first chunk handed out forks the helpers
                self._hand_out(last)
            for number in reversed(range(last)):
                self._hand_out(number)
        except BrokenProcessPool:
            pass  # a helper died already: the chunks not handed out are the caller's
        else:
            self._handed_out = True
        finally:
            self.processes = [p for p in multiprocessing.active_children() if p not in before]

    def _hand_out(self, number: int) -> None:
        assert self._executor is not None
        self._futures[number] = self._executor.submit(_work_on, self.chunks[number])

    def claim(self, index: int) -> bool:
        """Whether this process works out item `index` itself: yes, unless a helper has
        started its chunk (or been handed it, a chunk or two ahead of where it works)."""
        number = index // self.size
        if number not in self._claimed:
            future = self._futures.get(number)
            if future is not None and not future.cancel():
                return False
            self._claimed.add(number)
        return True

    def delivered(self) -> Iterator[tuple[int, _R]]:
        """Each item a helper worked out and sent back, in order, once it has; not those
        claimed here, nor those a helper did not deliver (`left_over`)."""
        for number, chunk in enumerate(self.chunks):
            if number in self._claimed or number not in self._futures:
                continue
            future = self._futures.pop(number)  # the results are the caller's to keep
            try:
                results = future.result()
            except Exception:  # raised, died or unreadable: the caller works it out
                continue
            self._delivered.add(number)
            yield from zip(chunk, results, strict=True)

    def left_over(self) -> list[int]:
        """The items neither claimed here nor delivered by a helper: the caller's to work
        out (once `delivered` has been read to the end)."""
        return [index for number, chunk in enumerate(self.chunks)
                if number not in self._claimed and number not in self._delivered
                for index in chunk]

    def close(self) -> None:
        """End the helpers and wait for them: at once, if any is still at work (after an
        error, or Ctrl-C). Nothing is handed out after this; calling it again does nothing."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for future in self._futures.values():
            future.cancel()
        if not self._handed_out or not all(f.done() for f in self._futures.values()):
            for process in self.processes:
                process.kill()
        executor.shutdown(wait=True, cancel_futures=True)
        for process in self.processes:
            process.join()


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while helpers fork, so that none is interrupted before it ignores
    Ctrl-C (it would print a traceback); this process gets it as soon as they are forked."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class _Helper:
    """This helper process's work, inherited through fork (never pickled): the numbers of
    a chunk's items are all that travels to it."""

    work: Callable[[int], Any] | None = None


def _become_helper(work: Callable[[int], Any], setup: Callable[[], None] | None) -> None:
    """A helper's start: Ctrl-C is the caller's to act on, so ignore it (then let it through,
    held back since the fork), keep the work, and set up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _Helper.work = work
    if setup is not None:
        setup()


def _work_on(chunk: range) -> list[Any]:
    work = _Helper.work
    assert work is not None
    return [work(index) for index in chunk]
