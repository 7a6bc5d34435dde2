"""Casebook's one way of working on every core: numbered items shared between this process,
which claims them from the front, and forked helper processes, which take them from the
back, a chunk of a few at a time, until the two meet.

Forked, because a forked process starts in milliseconds with everything the work needs
already in memory (the library's files, or MkDocs' pages and plugins): nothing is sent to
a helper, and only results come back, pickled. Who has which chunk is two numbers in memory
the processes share, the next chunk from the front and the next from the back, changed
under a lock; nobody waits for anybody however the machine's load falls, and a process on
a busier core simply does fewer. A helper keeps its results until none are left to take and
then sends them all at once through a pipe of its own, which the caller reads once its own
share is done: so no process waits for another while there is work.

An item a helper does not deliver (its work raised, its process died, or its results could
not be pickled) is the caller's to work out, so the results are the ones a single process
gives, and an error the work raises is raised by the caller, as one process would raise it.

Ctrl-C: the terminal sends it to every process of the group. Helpers ignore it; the caller,
interrupted (or failing), kills the helpers still at work and waits for them before it goes
on, so no process is left behind and only the caller reports anything.

Measured against `concurrent.futures.ProcessPoolExecutor` over forked processes, which
needs the caller's own threads to hand out each chunk and take in each result, and so
competes with the caller's work for the interpreter: see docs/performance.md.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Generic, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

# Items map_forked hands out at a time: few enough that the processes finish together,
# enough that claiming a chunk (a lock, two numbers) costs nothing beside the work.
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
    with Helpers(one, len(items), jobs - 1, chunk=CHUNK) as helpers:
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
        self.processes: list[_Child] = []  # the helpers, once started
        self._claims: _Claims | None = None
        self._mine: set[int] = set()  # chunks this process claimed
        self._delivered: set[int] = set()  # chunks helpers sent back

    def __enter__(self) -> Helpers[_R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Fork the helpers. Raises OSError when no process is to be had (the helpers
        forked already are ended by `close`)."""
        self._claims = _Claims(len(self.chunks))
        sys.stdout.flush()  # what is buffered now must not be written twice, by helpers too
        sys.stderr.flush()
        with _ctrl_c_held():
            for _ in range(self.workers):
                self.processes.append(_Child.start(self._help))

    def claim(self, index: int) -> bool:
        """Whether this process works out item `index` itself: yes, unless a helper has
        taken its chunk."""
        number = index // self.size
        if number not in self._mine:
            if self._claims is not None and not self._claims.front(number):
                return False
            self._mine.add(number)
        return True

    def delivered(self) -> Iterator[tuple[int, _R]]:
        """Each item a helper worked out and sent back, in order, once every helper has
        finished; not those claimed here, nor those no helper delivered (`left_over`)."""
        results: dict[int, list[_R]] = {}
        for child in self.processes:
            results.update(child.collect() or {})
        for number, chunk in enumerate(self.chunks):
            if number in results:
                self._delivered.add(number)
                yield from zip(chunk, results.pop(number), strict=True)

    def left_over(self) -> list[int]:
        """The items neither claimed here nor delivered by a helper: the caller's to work
        out (once `delivered` has been read to the end)."""
        return [index for number, chunk in enumerate(self.chunks)
                if number not in self._mine and number not in self._delivered
                for index in chunk]

    def close(self) -> None:
        """End the helpers still at work (after an error, or Ctrl-C) and wait for every
        one. Calling it again does nothing."""
        if self._claims is not None:
            self._claims.close()
        for child in self.processes:
            child.end()

    def _help(self) -> dict[int, list[_R]]:
        """A helper's life: take chunks from the back and work them out until none are
        left, or one fails (the caller works that one out, and says why)."""
        assert self._claims is not None
        if self.setup is not None:
            self.setup()
        done: dict[int, list[_R]] = {}
        while (number := self._claims.back()) is not None:
            try:
                done[number] = [self.work(index) for index in self.chunks[number]]
            except Exception:
                break
        return done


class _Claims:
    """The next chunk from the front and the next from the back, in memory shared with
    the forked helpers, changed under a lock: a byte in a pipe, which one process at a time
    can read (and writes back when done)."""

    _FORMAT = "qq"

    def __init__(self, count: int) -> None:
        self._shared = mmap.mmap(-1, struct.calcsize(self._FORMAT))  # shared across fork
        self._reader, self._writer = os.pipe()
        os.write(self._writer, b".")
        self._set(0, count - 1)
        self.open = True

    def front(self, number: int) -> bool:
        """Chunk `number` for this process, unless a helper has taken it (or the helpers
        are gone: what they took is theirs, delivered or left over)."""
        if not self.open:
            return False
        with self._locked():
            front, back = self._get()
            if number > back:
                return False
            self._set(max(front, number + 1), back)
        return True

    def back(self) -> int | None:
        """The next chunk for a helper, or None once the two ends have met."""
        with self._locked():
            front, back = self._get()
            if back < front:
                return None
            self._set(front, back - 1)
        return back

    def close(self) -> None:
        if self.open:
            os.close(self._reader)
            os.close(self._writer)
            self.open = False

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        os.read(self._reader, 1)
        try:
            yield
        finally:
            os.write(self._writer, b".")

    def _get(self) -> tuple[int, int]:
        return struct.unpack_from(self._FORMAT, self._shared)

    def _set(self, front: int, back: int) -> None:
        struct.pack_into(self._FORMAT, self._shared, 0, front, back)


@dataclass
class _Child:
    """A forked helper, and the pipe its results come back through."""

    pid: int
    pipe: BinaryIO
    running: bool = True

    @classmethod
    def start(cls, life: Callable[[], object]) -> _Child:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: live, send, and leave without the caller's clean-up
            code = 1
            try:
                os.close(reader)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                data = pickle.dumps(life(), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        return cls(pid, os.fdopen(reader, "rb"))  # closed by collect() or end()

    def collect(self) -> Any:
        """What the helper sent, once it has finished; None when it did not finish and
        send it whole."""
        data = self.pipe.read()
        self.pipe.close()
        _, status = os.waitpid(self.pid, 0)
        self.running = False
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # cut short, or not what was sent: the caller works it out
            return None

    def end(self) -> None:
        self.pipe.close()
        if self.running:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.running = False


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while helpers fork, so that none is interrupted before it ignores
    Ctrl-C (it would print a traceback); this process gets it as soon as they are forked."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
