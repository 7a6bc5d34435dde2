"""Golden tests: the planned pages of the fixture library, file by file.

When a change to the planned pages is intended, regenerate the golden copy with ONE command,
from the repository root, and review the diff like any other change:

    .venv/bin/python -m tests.regenerate_golden

tests/golden/planned/ then holds `write_stage(plan_site(...))` of tests/fixtures/library/,
planned as of FIXTURE_TODAY.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.regenerate_golden import GOLDEN, stage_fixture_library, staged_files

REGENERATE = "run `.venv/bin/python -m tests.regenerate_golden` and review the diff"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("staged") / "planned"
    stage_fixture_library(folder)
    return folder


def test_the_staged_pages_are_exactly_the_golden_files(staged: Path) -> None:
    """No page is missing from the golden copy, and no golden file is left over."""
    golden, planned = staged_files(GOLDEN), staged_files(staged)
    assert golden, f"no golden files in {GOLDEN}: {REGENERATE}"
    missing = sorted(set(planned) - set(golden))
    extra = sorted(set(golden) - set(planned))
    assert not missing and not extra, (
        f"planned but not golden: {missing}\ngolden but not planned: {extra}\n{REGENERATE}")


@pytest.mark.parametrize("name", staged_files(GOLDEN) if GOLDEN.is_dir() else [])
def test_a_staged_page_matches_its_golden_copy(staged: Path, name: str) -> None:
    """The staged Markdown and front-matter are byte for byte the golden copy."""
    actual_path = staged / name
    assert actual_path.is_file(), f"{name} is golden but no longer planned; {REGENERATE}"
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    actual = actual_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"golden/planned/{name}", tofile=f"planned/{name}"))
        pytest.fail(f"{name} differs from its golden copy; if intended, {REGENERATE}\n\n"
                    f"{diff}", pytrace=False)
