"""The proposal bot's reply (generator/intake/proposal_reply.py): whatever the answers say, the
report is quoted so that it can neither end its code block, add Markdown, nor mention anyone;
and a one-line answer with line breaks is a problem, not a way into the report."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from casebook.cli import main
from casebook.intake.proposal_reply import INTRO, REPORT_LIMIT, code_block, problem_reply, visible
from tests.helpers.library import HOSTILE, ROOT, make_library

EXPECTED = yaml.safe_load((HOSTILE / "expected.yml").read_text("utf-8"))
ISSUES = sorted(k for k in EXPECTED if k.startswith("issues/"))
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def block_contents(reply: str) -> tuple[str, list[str]]:
    """(text before the code block, lines inside it), read as CommonMark reads a fence: the
    block ends at the first line that starts with a fence of the same character at least as
    long as the opening one."""
    lines = reply.split("\n")
    start = next(i for i, line in enumerate(lines) if FENCE.match(line))
    opening = FENCE.match(lines[start]).group(1)  # type: ignore[union-attr]
    inside: list[str] = []
    for line in lines[start + 1:]:
        fence = FENCE.match(line)
        if fence and fence.group(1)[0] == opening[0] and len(fence.group(1)) >= len(opening) \
                and not line.strip().strip(opening[0]):
            break
        inside.append(line)
    return "\n".join(lines[:start]), inside


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library")
    shutil.copyfile(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    return root


@given(st.text(alphabet=st.sampled_from("`~ @\n\ta[]()<>!#*_-"), max_size=400))
def test_no_report_can_close_its_code_block_early(report: str) -> None:
    """The block holds every line of the report, whatever runs of backticks it contains."""
    _before, inside = block_contents(code_block(report))
    assert inside == report.split("\n")


def test_invisible_and_reordering_characters_are_shown_as_escapes() -> None:
    """A right-to-left override or a zero-width space is written out, not obeyed."""
    assert visible("by \u202e07%\u202c") == "by \\u202e07%\\u202c"
    assert visible("a\u200bb\tc\nd") == "a\\u200bb\tc\nd"


def test_a_long_report_is_cut_to_fit_a_github_comment() -> None:
    """GitHub refuses comments over 65,536 characters; the reply says how much was left out."""
    reply = problem_reply("\n".join(f"line {n}: " + "x" * 80 for n in range(5000)))
    assert len(reply) < 65_536
    assert re.search(r"… and [\d,]+ more lines", reply)
    assert len(reply) > REPORT_LIMIT * 0.9


@pytest.mark.parametrize("entry", ISSUES)
def test_each_hostile_issue_reports_its_codes_and_a_reply_that_quotes_it(
        entry: str, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """from-issue exits 1 with exactly the table's codes; the reply is the intro and one
    code block holding the whole report; nothing outside the block comes from the issue."""
    reply = tmp_path / "reply.md"
    status = main(["--root", str(library), "from-issue", str(HOSTILE / entry),
                   "--format", "json", "--reply", str(reply)])
    captured = capsys.readouterr()
    codes = sorted({d["code"] for d in json.loads(captured.out)})
    assert status == 1 and codes == EXPECTED[entry]
    text = reply.read_text("utf-8")
    assert not [c for c in text if unicodedata.category(c) == "Cf"], "an invisible character"
    before, inside = block_contents(text)
    assert before.strip() == INTRO
    assert "@" not in before and "::" not in before
    assert re.fullmatch(r"1 case checked: \d+ errors?, 0 warnings in \d files?", inside[-1])
    assert list((library / "cases").iterdir()) == []

