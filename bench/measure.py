"""Measuring one command: wall-clock time, CPU time and peak memory of a subprocess.

Each command runs as a child process reaped with `os.wait4`, whose resource usage is that
child's alone (and its own children's): `getrusage(RUSAGE_CHILDREN)` only ever reports the
largest child so far, so it cannot tell a small command after a large one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 20
REPO = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """A measured command failed; the message holds its command line and the end of its output."""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float     # seconds, start to exit
    cpu: float      # user + system seconds, the command and the processes it waited for
    peak_mb: float  # the largest resident set of the command or any process it waited for


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
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            tail = "\n".join(log.read().splitlines()[-TAIL_LINES:])
            raise BenchError(f"{' '.join(command)} exited with {proc.returncode}:\n{tail}")
    # Linux reports ru_maxrss in KiB.
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                  peak_mb=usage.ru_maxrss / 1024)


def repeat(command: Sequence[str], cwd: Path, runs: int) -> Summary:
    """`runs` runs of `command`, summarised."""
    return Summary.of([measure(command, cwd) for _ in range(runs)])
