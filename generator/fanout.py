"""A list worked through on every core: forked processes and this one take the items a few
at a time until none are left, and the results come back in order.

For work that is many small independent items, all in memory already (checking the case
files of a library): a forked process starts in milliseconds with everything the work
needs, and only results travel back, pickled through a pipe. The items are handed out
through a pipe too, a few at a time, so a process that runs slower (the other core is busy)
simply takes fewer. Items that do not come back (their process failed, was killed, or sent
what cannot be read) are worked out by the caller, so the results are what one process
would have given, and an error the work raises is raised here.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Generic, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

# Items taken at a time: few enough that the processes finish together, enough that taking
# them is no cost (one read from a pipe).
CHUNK = 8
# The pipe that hands out the items is filled before anyone reads it, so it must hold every
# claim at once, or the write would wait for ever: a Linux pipe holds at least 4 KB (one
# page, when a user has used up their quota of pipe memory), and a claim is 4 bytes.
_MAX_CLAIMS = 1_024
_CLAIM = 4


def can_fork() -> bool:
    """A platform that forks, and no other thread running (a thread holding a lock when
    the process forks would leave the lock held forever in the child)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cpu_jobs() -> int:
    """One process a core."""
    return max(1, os.cpu_count() or 1)


def map_forked(work: Callable[[_T], _R], items: Sequence[_T], jobs: int) -> list[_R]:
    """`[work(item) for item in items]`, worked out by `jobs` processes (this one and
    `jobs - 1` forked ones), when more than one can run here."""
    jobs = min(jobs, len(items))
    if jobs < 2 or not can_fork():
        return [work(item) for item in items]
    claims = _Claims(len(items))
    sys.stdout.flush()  # what is buffered now must not be written twice, by the children too
    sys.stderr.flush()
    children: list[_Child[_R]] = []
    try:
        for _ in range(jobs - 1):
            children.append(_Child.start(work, items, claims))
        done = {index: work(items[index]) for index in claims.taken()}
        claims.close()
        for child in children:
            done.update(child.collect() or {})
        return [done[i] if i in done else work(items[i]) for i in range(len(items))]
    finally:
        claims.close()
        for child in children:  # after an error or Ctrl-C, end whatever still runs
            child.end()


class _Claims:
    """The items' indexes, a chunk at a time, in a pipe every process reads from: a read of
    a few bytes from a pipe is atomic, so each chunk goes to exactly one process."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.chunk = max(CHUNK, -(-count // _MAX_CLAIMS))
        self.reader, writer = os.pipe()
        with os.fdopen(writer, "wb") as out:
            out.write(b"".join(start.to_bytes(_CLAIM, "little")
                               for start in range(0, count, self.chunk)))
        self.open = True

    def taken(self) -> Iterator[int]:
        """The indexes of the chunks this process takes, until there are none left."""
        while claim := os.read(self.reader, _CLAIM):
            start = int.from_bytes(claim, "little")
            yield from range(start, min(start + self.chunk, self.count))

    def close(self) -> None:
        if self.open:
            os.close(self.reader)
            self.open = False


@dataclass
class _Child(Generic[_R]):
    pid: int
    pipe: BinaryIO
    running: bool = True

    @classmethod
    def start(cls, work: Callable[[_T], _R], items: Sequence[_T],
              claims: _Claims) -> _Child[_R]:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without the parent's clean-up
            code = 1
            try:
                os.close(reader)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's
                done = {index: work(items[index]) for index in claims.taken()}
                data = pickle.dumps(done, pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        return cls(pid, os.fdopen(reader, "rb"))  # closed by collect() or end()

    def collect(self) -> dict[int, _R] | None:
        """The child's results by index, or None when it did not finish and send them."""
        data = self.pipe.read()
        self.pipe.close()
        _, status = os.waitpid(self.pid, 0)
        self.running = False
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            done: dict[int, _R] = pickle.loads(data)
        except Exception:  # cut short, or not what was sent: the caller works it out
            return None
        return done

    def end(self) -> None:
        self.pipe.close()
        if self.running:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.running = False
