"""A list worked through on every core: forked processes each take a share and send back
their results, in order.

For work that is many small independent items, all in memory already (checking the case
files of a library): a forked process starts in milliseconds with everything the work
needs, and only results travel back, pickled through a pipe. A share that does not come
back whole (the process failed, was killed, or sent what cannot be read) is worked out by
the caller instead, so the results, and any error the work raises, are what one process
would have given.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")


def can_fork() -> bool:
    """A platform that forks, and no other thread running (a thread holding a lock when
    the process forks would leave the lock held forever in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def cpu_jobs() -> int:
    """One process a core."""
    return max(1, os.cpu_count() or 1)


def map_forked(work: Callable[[_T], _R], items: Sequence[_T], jobs: int) -> list[_R]:
    """`[work(item) for item in items]`, the items shared out over `jobs` processes (this
    one and `jobs - 1` forked ones), when more than one can run here."""
    jobs = min(jobs, len(items))
    if jobs < 2 or not can_fork():
        return [work(item) for item in items]
    size = -(-len(items) // jobs)
    shares = [items[start:start + size] for start in range(0, len(items), size)]
    sys.stdout.flush()  # what is buffered now must not be written twice, by the children too
    sys.stderr.flush()
    children: list[_Child] = []
    try:
        children.extend(_Child.start(work, share) for share in shares[1:])
        results = [work(item) for item in shares[0]]
        for child, share in zip(children, shares[1:], strict=True):
            sent = child.collect()
            results.extend(sent if sent is not None else [work(item) for item in share])
        return results
    finally:
        for child in children:  # after an error or Ctrl-C, end whatever still runs
            child.end()


@dataclass
class _Child:
    pid: int
    pipe: BinaryIO
    running: bool = True

    @classmethod
    def start(cls, work: Callable[[_T], _R], share: Sequence[_T]) -> _Child:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without the parent's clean-up
            code = 1
            try:
                os.close(reader)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's
                data = pickle.dumps([work(item) for item in share], pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        return cls(pid, os.fdopen(reader, "rb"))  # closed by collect() or end()

    def collect(self) -> list | None:
        """The child's results, or None when it did not finish and send them whole."""
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
