"""Measuring one command: wall-clock time, CPU time and peak memory of a subprocess.

Each command runs as a child process reaped with `os.wait4`, whose resource usage is that
child's alone (and its own children's): `getrusage(RUSAGE_CHILDREN)` only ever reports the
largest child so far, so it cannot tell a small command after a large one.

Peak memory is the most the command and the processes it started held at one time: a build
runs Pagefind beside itself, and the machine must hold both. The kernel keeps only each
process's own peak (`ru_maxrss`), so a thread adds up the resident sets of the whole process
tree every SAMPLE_SECONDS; the figure reported is the larger of that sum's peak and the
largest single peak (which no sampling can miss).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 20
SAMPLE_SECONDS = 0.02
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
REPO = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """A measured command failed; the message holds its command line and the end of its output."""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float     # seconds, start to exit
    cpu: float      # user + system seconds, the command and the processes it waited for
    peak_mb: float  # the most memory the command and its processes held at one time


@dataclass(frozen=True)
class Summary:
    """Several runs of one command: medians of the times, the largest peak."""

    runs: int
    wall: float
    cpu: float
    peak_mb: float

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        return cls(runs=len(samples), wall=statistics.median(s.wall for s in samples),
                   cpu=statistics.median(s.cpu for s in samples),
                   peak_mb=max(s.peak_mb for s in samples))


def bench_env() -> dict[str, str]:
    """The environment of every measured command."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # `python -m bench.…` from any folder: the bench package is not installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def measure(command: Sequence[str], cwd: Path) -> Sample:
    """Run `command` once in `cwd`; raise BenchError if it fails."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=bench_env())
        sampler = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            tail = "\n".join(log.read().splitlines()[-TAIL_LINES:])
            raise BenchError(f"{' '.join(command)} exited with {proc.returncode}:\n{tail}")
    # Linux reports ru_maxrss in KiB.
    largest_process = usage.ru_maxrss * 1024
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                  peak_mb=max(largest_process, sampler.peak_bytes) / 2**20)


class TreeMemory:
    """The peak of the summed resident sets of a process and its descendants, sampled in a
    thread until `stop`."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self.peak_bytes = max(self.peak_bytes, tree_rss(self.pid))


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and every process below it (0 once it has gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        proc = Path("/proc") / str(current)
        try:
            total += int((proc / "statm").read_text("ascii").split()[1]) * PAGE_BYTES
            for task in (proc / "task").iterdir():
                kids = (task / "children").read_text("ascii")
                stack.extend(int(child) for child in kids.split())
        except (OSError, ValueError):
            continue  # the process ended while we looked
    return total


def repeat(command: Sequence[str], cwd: Path, runs: int) -> Summary:
    """`runs` runs of `command`, summarised."""
    return Summary.of([measure(command, cwd) for _ in range(runs)])
