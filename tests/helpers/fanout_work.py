"""Scenarios for tests/integration/test_fanout.py, each run in a fresh Python process.

map_forked forks only where no other thread runs, and a test session has threads of its
own (the browser tests' web servers), so what forking does is tried where a user's
`casebook` runs: a new single-threaded process. Prints one JSON object: the results, the
processes that worked out items, and any forked process the call did not wait for.

    python -m tests.helpers.fanout_work SCENARIO JOBS COUNT    # from the repository's root
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook.fanout import map_forked

PARENT = os.getpid()
FORKED: list[int] = []


def _record_forks() -> None:
    fork = os.fork

    def recording() -> int:
        pid = fork()
        if pid:
            FORKED.append(pid)
        return pid

    os.fork = recording


def _left_running() -> list[int]:
    """Forked processes the call did not wait for: running, or ended and not reaped."""
    left = []
    for pid in FORKED:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # waited for already
        left.append(pid)
    return left


def square(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def slow_square(item: int) -> tuple[int, int]:
    time.sleep(0.002)
    return square(item)


def dies_in_a_child(item: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os._exit(3)
    return square(item)


def unpicklable_in_a_child(item: int) -> Any:
    return (lambda: item) if os.getpid() != PARENT else square(item)


def fails_on_seven(item: int) -> tuple[int, int]:
    if item == 7:
        raise ValueError("item 7")
    return square(item)


def interrupted_here(item: int) -> tuple[int, int]:
    if os.getpid() == PARENT:
        raise KeyboardInterrupt
    time.sleep(30)  # a child still at work when this process is interrupted
    return square(item)


def ignores_ctrl_c(item: int) -> tuple[int, int]:
    """1 where Ctrl-C would not interrupt the work: in a helper (this process acts on it)."""
    time.sleep(0.002)
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    return int(ignored or os.getpid() == PARENT), os.getpid()


def ctrl_c_to_the_group(item: int) -> tuple[int, int]:
    if os.getpid() == PARENT:
        time.sleep(0.5)  # the helpers are at work
        os.killpg(0, signal.SIGINT)  # as a terminal's Ctrl-C does
        time.sleep(10)  # the KeyboardInterrupt comes here
    time.sleep(30)  # a helper still at work when Ctrl-C comes
    return square(item)


WORK: dict[str, Callable[[int], Any]] = {
    f.__name__: f for f in (square, slow_square, dies_in_a_child, unpicklable_in_a_child,
                            fails_on_seven, interrupted_here, ignores_ctrl_c,
                            ctrl_c_to_the_group)}


def _library(jobs: int, extra: int) -> dict[str, Any]:
    """The test library of FAN_OUT_FROM + `extra` cases, loaded by `jobs` processes and by
    one: whether the two agree, and where the alias collision is reported."""
    from casebook.library.load import FAN_OUT_FROM, load_library
    from tests.helpers.library import TODAY, write_library

    with tempfile.TemporaryDirectory() as folder:
        root = write_library(Path(folder), FAN_OUT_FROM + extra)
        cases = sorted((root / "cases").glob("*.md"))
        first, last = cases[0], cases[-1]
        first.write_text(first.read_text().replace("trust_type: ", "trust_type: acut", 1))
        last.write_text(last.read_text().replace(
            "\n---\n", f"\naliases: [{first.stem}]\n---\n", 1).replace(
            "## Impact", "## Impact\n\nOur BAME network.", 1))
        one = load_library(root, today=TODAY, jobs=1)
        forks_before = len(FORKED)
        shared = load_library(root, today=TODAY, jobs=jobs)
        collision = next(d for d in shared.diagnostics if d.code == "duplicate-slug")
        return {
            "same": shared.diagnostics == one.diagnostics and shared.cases == one.cases,
            "codes": sorted({d.code for d in one.diagnostics}),
            "forked": len(FORKED) - forks_before,
            "collision_line": last.read_text().split("\n")[collision.line - 1],
        }


def main(scenario: str, jobs: int, count: int) -> dict[str, Any]:
    _record_forks()
    out: dict[str, Any] = {"parent": PARENT}
    try:
        if scenario == "library":
            out.update(_library(jobs, count))
        else:
            results = map_forked(WORK[scenario], list(range(count)), jobs)
            out["values"] = [value for value, _pid in results]
            out["pids"] = sorted({pid for _value, pid in results})
            # Who worked out the items, in their order, one entry a run of the same process.
            out["turns"] = [pid for i, (_value, pid) in enumerate(results)
                            if i == 0 or results[i - 1][1] != pid]
    except (Exception, KeyboardInterrupt) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    out["forked"] = out.get("forked", len(FORKED))
    out["left"] = _left_running()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
