"""generator/fanout.py: a list worked through by forked processes gives what one process
gives, in order, whatever happens to the processes; and none outlives the call.

What forking does is tried in a fresh process (tests/helpers/fanout_work.py): map_forked does not
fork where another thread runs, as in this test session, which the last tests show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from casebook import fanout
from casebook.fanout import map_forked
from tests.helpers.library import ROOT

WORK = "tests.helpers.fanout_work"


def _run(scenario: str, jobs: int, count: int) -> dict[str, Any]:
    """The scenario's JSON, and what it wrote to stderr; in a process group of its own, as
    a command run from a terminal is (Ctrl-C goes to that group)."""
    done = subprocess.run([sys.executable, "-m", WORK, scenario, str(jobs), str(count)],
                          cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
                          start_new_session=True)
    return {**json.loads(done.stdout), "stderr": done.stderr}


@pytest.mark.parametrize(("jobs", "count"), [(1, 101), (2, 0), (2, 1), (2, 2), (2, 5),
                                             (2, 101), (3, 5), (4, 101)])
def test_results_come_back_whole_and_in_order(jobs, count):
    """Every item once, in the order given, however the items divide between processes."""
    run = _run("square", jobs, count)
    assert run["values"] == [i * i for i in range(count)]
    assert run["left"] == []
    assert run["forked"] == (min(jobs, count) - 1 if min(jobs, count) > 1 else 0)


def test_the_items_are_really_shared_with_another_process():
    """With two jobs, both processes work through items, each as it is free: this one from
    the front, the helper from the back, until they meet."""
    run = _run("slow_square", 2, 200)
    assert run["values"] == [i * i for i in range(200)]
    assert run["parent"] in run["pids"] and len(run["pids"]) == 2
    assert run["turns"][0] == run["parent"] and len(run["turns"]) == 2


def test_the_items_of_a_process_that_dies_are_worked_out_here():
    run = _run("dies_in_a_child", 2, 100)
    assert run["values"] == [i * i for i in range(100)]
    assert run["pids"] == [run["parent"]] and run["left"] == []


def test_items_that_cannot_be_sent_back_are_worked_out_here():
    """A child's results that pickle refuses: its process fails, and this one does the work."""
    run = _run("unpicklable_in_a_child", 2, 100)
    assert run["values"] == [i * i for i in range(100)]


def test_an_error_in_a_childs_item_is_raised_here_as_one_process_would():
    run = _run("fails_on_seven", 2, 100)
    assert run["error"] == "ValueError: item 7"
    assert run["left"] == []


def test_ctrl_c_here_ends_the_children_too():
    """Children ignore Ctrl-C; the call that is interrupted ends them before it returns."""
    started = time.monotonic()
    run = _run("interrupted_here", 3, 100)
    assert run["error"].startswith("KeyboardInterrupt")
    assert run["forked"] == 2 and run["left"] == []
    assert time.monotonic() - started < 20  # not the 30 s each child would sleep


def test_a_library_checked_by_two_processes_is_the_library_one_process_checks():
    """Cases, diagnostics and their order are the same, problems in either process's items
    included: an error, a warning, and an alias that collides with a case of the other."""
    run = _run("library", 2, 10)
    assert run["forked"] == 1
    assert run["same"]
    assert {"unknown-term", "duplicate-slug", "discouraged-term"} <= set(run["codes"])
    assert run["collision_line"].startswith("aliases:")


def test_a_library_below_the_threshold_is_checked_in_one_process():
    """Fewer than FAN_OUT_FROM files: forking would cost more than it saves."""
    run = _run("library", 2, -1)
    assert run["forked"] == 0 and run["same"]


def test_a_long_list_comes_back_whole_and_in_order():
    """Over a thousand chunks, each handed out on its own, all come back in their places."""
    count = fanout.CHUNK * 1_500 + 5
    run = _run("square", 2, count)
    assert run["values"] == [i * i for i in range(count)] and run["forked"] == 1


def test_helpers_ignore_ctrl_c():
    """Ctrl-C is this process's to act on: a helper it reached would report a traceback."""
    run = _run("ignores_ctrl_c", 2, 200)
    assert run["values"] == [1] * 200 and len(run["pids"]) == 2


def test_ctrl_c_from_the_terminal_ends_every_process_without_a_traceback():
    """The terminal sends Ctrl-C to the whole process group: the helpers ignore it, this
    process stops and ends them, and nobody prints a traceback."""
    started = time.monotonic()
    run = _run("ctrl_c_to_the_group", 3, 100)
    assert run["error"].startswith("KeyboardInterrupt")
    assert run["forked"] == 2 and run["left"] == []
    assert "Traceback" not in run["stderr"] and "KeyboardInterrupt" not in run["stderr"]
    assert time.monotonic() - started < 20  # not the 30 s each helper would sleep


# ---------------------------------------------------------------- without forking


def _square_with_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_one_job_or_one_item_stays_in_this_process():
    for results in (map_forked(_square_with_pid, list(range(10)), 1),
                    map_forked(_square_with_pid, [3], 4)):
        assert {pid for _value, pid in results} == {os.getpid()}


def test_nothing_is_forked_while_another_thread_runs():
    """A forked process would inherit any lock that thread holds, held forever."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not fanout.can_fork()
        results = map_forked(_square_with_pid, list(range(10)), 2)
    finally:
        stop.set()
        thread.join()
    assert [value for value, _pid in results] == [i * i for i in range(10)]
    assert {pid for _value, pid in results} == {os.getpid()}


def test_without_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.delattr(fanout.os, "fork")
    assert not fanout.can_fork()
    assert map_forked(abs, [-1, -2, -3], 2) == [1, 2, 3]
