"""generator/fanout.py: a list worked through by forked processes gives what one process
gives, in order, whatever happens to the processes; and none outlives the call."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from support import TODAY, write_library

from generator import fanout
from generator.fanout import map_forked
from generator.library import FAN_OUT_FROM, load_library

PARENT = os.getpid()


def _square_with_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("jobs", [1, 2, 3, 4])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 101])
def test_results_come_back_whole_and_in_order(jobs, count):
    """Every item once, in the order given, however the items divide between processes."""
    results = map_forked(_square_with_pid, list(range(count)), jobs)
    assert [value for value, _pid in results] == [i * i for i in range(count)]
    assert _no_children_left()


def _slow_square_with_pid(item: int) -> tuple[int, int]:
    time.sleep(0.002)
    return _square_with_pid(item)


def test_the_items_are_really_shared_with_another_process():
    """With two jobs, both processes work through items (each takes them as it is free)."""
    results = map_forked(_slow_square_with_pid, list(range(200)), 2)
    assert [value for value, _pid in results] == [i * i for i in range(200)]
    pids = [pid for _value, pid in results]
    assert PARENT in pids and len(set(pids)) == 2


def test_one_job_or_one_item_stays_in_this_process():
    for results in (map_forked(_square_with_pid, list(range(10)), 1),
                    map_forked(_square_with_pid, [3], 4)):
        assert {pid for _value, pid in results} == {PARENT}


def test_nothing_is_forked_while_another_thread_runs():
    """A forked process would inherit any lock that thread holds, held forever."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = map_forked(_square_with_pid, list(range(10)), 2)
    finally:
        stop.set()
        thread.join()
    assert {pid for _value, pid in results} == {PARENT}


def _dies_in_a_child(item: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return item + 1


def test_a_share_whose_process_dies_is_worked_out_here():
    assert map_forked(_dies_in_a_child, list(range(8)), 2) == list(range(1, 9))
    assert _no_children_left()


def _unpicklable_in_a_child(item: int) -> object:
    return (lambda: item) if os.getpid() != PARENT else item


def test_a_share_that_cannot_be_sent_back_is_worked_out_here():
    """A child's results that pickle refuses: its process fails, and this one does the work."""
    assert map_forked(_unpicklable_in_a_child, list(range(6)), 2) == list(range(6))


def _fails_on(item: int) -> int:
    if item == 7:
        raise ValueError("item 7")
    return item


def test_an_error_in_a_childs_share_is_raised_here_as_one_process_would():
    with pytest.raises(ValueError, match="item 7"):
        map_forked(_fails_on, list(range(10)), 2)
    assert _no_children_left()


def _interrupted_here(item: int) -> int:
    if os.getpid() == PARENT:
        raise KeyboardInterrupt
    time.sleep(30)  # a child still at work when this process is interrupted
    return item


def test_ctrl_c_here_ends_the_children_too():
    """Children ignore Ctrl-C; the call that is interrupted ends them before it returns."""
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        map_forked(_interrupted_here, list(range(100)), 3)
    assert time.monotonic() - started < 10
    assert _no_children_left()


def test_without_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.delattr(fanout.os, "fork")
    assert {pid for _v, pid in map_forked(_square_with_pid, list(range(10)), 2)} == {PARENT}


def test_a_library_checked_by_two_processes_is_the_library_one_process_checks(tmp_path: Path):
    """Cases, diagnostics and their order are the same, problems in either share included:
    an error, a warning, and an alias that collides with a case of the other share."""
    root = write_library(tmp_path, FAN_OUT_FROM + 10)
    cases = sorted((root / "cases").glob("*.md"))
    first, last = cases[0], cases[-1]
    first.write_text(first.read_text().replace("trust_type: ", "trust_type: acut", 1))
    last.write_text(last.read_text().replace(
        "\n---\n", f"\naliases: [{first.stem}]\n---\n", 1).replace(
        "## Impact", "## Impact\n\nOur BAME network.", 1))
    assert fanout.can_fork()  # or this test would compare one process with itself
    one = load_library(root, today=TODAY, jobs=1)
    two = load_library(root, today=TODAY, jobs=2)
    assert {d.code for d in one.diagnostics} >= {"unknown-term", "duplicate-slug",
                                                  "discouraged-term"}
    assert two.diagnostics == one.diagnostics
    assert [c.slug for c in two.cases] == [c.slug for c in one.cases]
    assert two.cases == one.cases
    collision = next(d for d in two.diagnostics if d.code == "duplicate-slug")
    assert last.read_text().split("\n")[collision.line - 1].startswith("aliases:")


def test_more_items_than_the_pipe_holds_claims_for_are_taken_in_larger_chunks():
    """Every claim is written before anyone reads: past _MAX_CLAIMS chunks they grow."""
    count = fanout.CHUNK * fanout._MAX_CLAIMS + 5
    assert map_forked(abs, range(-count, 0), 2) == list(range(count, 0, -1))
