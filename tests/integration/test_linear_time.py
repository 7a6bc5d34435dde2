"""Every rule runs in time linear in its input (issue 13, class 7).

A case file at the 1 MB limit made of long adversarial lines (the tokens the rules look
for, repeated: '[](', '<a:', nested brackets, digits, quotes…) is checked in under 2 s, and
`casebook from-issue` reads a 65,536-character issue body (GitHub's limit) as quickly. Before
the rules were rewritten, a 30 kB case took over half a minute and a 62 kB issue minutes.

Each check runs in a spawned worker with a time limit (tests/helpers/worker.py, as for the
hostile corpus), so a pattern that backtracks fails its example instead of hanging the run.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.library.load import load_library
from casebook.library.sourcefile import MAX_BYTES
from tests.helpers.library import (
    FIXTURES,
    ROOT,
    TODAY,
    VALID_BODY,
    VALID_FRONT,
    front_matter,
    make_library,
)
from tests.helpers.worker import Worker

SECONDS = 2.0
ISSUE_LIMIT = 65_536  # characters GitHub keeps of an issue's body

# What the rules look for, and the pieces of it that start an attempt that cannot finish.
TOKENS = ("[](", "[a](", "[a](<", "](", "](\n", "[", "]", "(", ")", "[[", "]]", "<a:", "<a ",
          "<", ">", "<http:", "<a href=\"", "href=", "href=\"", "'", "\"", "“", "”", "{:",
          "{: #a", "@", "a@", "a.", ".", "0", "1", "01", "+44", "0161 ", "-", " ", "\t", "`",
          "```", "~~~", "*", "_", "#", "## ", "\\", "on", "onx=", "=", "BME", "BAME", "WRES",
          "non-white", "colour", ":", "&", "&#", "javascript:", "é", "\u0663", "\n", "\n ",
          "\n[a]:", "]:", "> ")

_RUN = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4).map("".join)


def _load_seconds(root: str) -> tuple[float, list[str]]:
    """In the worker: seconds to load and check the library, and the codes it reported."""
    started = time.perf_counter()
    library = load_library(Path(root), today=TODAY)
    return time.perf_counter() - started, sorted({d.code for d in library.diagnostics})


def _megabyte(run: str, where: str) -> str:
    """A valid case with `run` repeated until the file is at the 1 MB limit, in the body or
    in the title (quoted as YAML, so the same characters reach the field rules)."""
    size = MAX_BYTES - 4_000  # the rest of the file, and room for the title's escapes
    filler = (run * (size // len(run.encode("utf-8")) + 1))
    filler = filler.encode("utf-8")[:size].decode("utf-8", "ignore")
    if where == "title":
        quoted = json.dumps(filler, ensure_ascii=False)
        while len(quoted.encode("utf-8")) > size:  # escapes made it longer: cut it to size
            filler = filler[:len(filler) * size // len(quoted.encode("utf-8"))]
            quoted = json.dumps(filler, ensure_ascii=False)
        front = {**VALID_FRONT, "title": "TITLE"}
        head = front_matter(front).replace("title: TITLE", f"title: {quoted}")
        text = f"---\n{head}---\n{VALID_BODY}"
    else:
        text = f"---\n{front_matter(VALID_FRONT)}---\n{VALID_BODY}\n{filler}\n"
    data = text.encode("utf-8")
    assert len(data) <= MAX_BYTES, len(data)  # the real rules run: no file-too-large
    return text


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(run=_RUN, where=st.sampled_from(["body", "body", "title"]))
def test_a_megabyte_of_adversarial_lines_is_checked_in_under_two_seconds(
        run: str, where: str, tmp_path_factory: pytest.TempPathFactory,
        worker: Worker) -> None:
    """Any run of the tokens the rules look for, repeated to 1 MB: checked in under 2 s."""
    root = make_library(tmp_path_factory.mktemp("library"))
    (root / "cases" / "adversarial.md").write_text(_megabyte(run, where), "utf-8")
    seconds, codes = worker.run(_load_seconds, str(root))
    assert "file-too-large" not in codes
    assert seconds < SECONDS, f"{run!r} in the {where}: {seconds:.2f} s"


# ---------------------------------------------------------------- from-issue


def _from_issue_seconds(root: str, issue: str) -> tuple[float, int]:
    """In the worker: seconds for `casebook from-issue --dry-run`, and its exit status."""
    from casebook.cli import main

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = main(["--root", root, "from-issue", "--dry-run", issue])
    return time.perf_counter() - started, status


_VALID_ISSUE = (FIXTURES / "issue_forms" / "valid.md").read_text("utf-8")
_ANSWERS = ("What they did", "Areas of good practice", "Keywords", "Links to published evidence",
            "Consent and anonymisation", "Title")


def _long_issue(run: str, question: str) -> str:
    """The valid issue with one answer replaced by `run` repeated up to GitHub's limit."""
    head, rest = _VALID_ISSUE.split(f"### {question}\n\n", 1)
    _answer, _, tail = rest.partition("\n\n###")
    tail = f"\n\n###{tail}" if tail else ""
    room = ISSUE_LIMIT - len(head) - len(question) - len(tail) - 8
    filler = (run * (room // len(run) + 1))[:room]
    issue = f"{head}### {question}\n\n{filler}{tail}"
    assert len(issue) <= ISSUE_LIMIT
    return issue


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(run=st.one_of(_RUN, st.sampled_from(["a, ", "\n- [X] a  ", "\n### a  b", "\n- "])),
       question=st.sampled_from(_ANSWERS))
def test_an_issue_body_at_github_s_limit_is_read_in_under_two_seconds(
        run: str, question: str, tmp_path_factory: pytest.TempPathFactory,
        worker: Worker) -> None:
    """Any answer of 65,536 characters of the tokens: from-issue answers in under 2 s."""
    root = make_library(tmp_path_factory.mktemp("library"))
    shutil.copyfile(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    issue = root / "issue.md"
    issue.write_text(_long_issue(run, question), "utf-8")
    seconds, status = worker.run(_from_issue_seconds, str(root), str(issue))
    assert status in (0, 1)
    assert seconds < SECONDS, f"{run!r} in '{question}': {seconds:.2f} s"
