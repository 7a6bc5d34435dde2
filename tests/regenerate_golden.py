"""Regenerate the golden planned pages of the fixture library.

Run from the repository root, then review the diff before committing it:

    .venv/bin/python -m tests.regenerate_golden

tests/golden/planned/ is the plan of tests/fixtures/library/ as `write_stage` writes it (every
planned page, and the other generated files), with "today" fixed so the output never ages.
(`casebook stage` writes the same pages to DIR/docs, with the parts the plugin places written
into their Markdown: generator/plan/standalone.py.)
tests/unit/plan/test_pages_golden.py compares against it; the other tests import the fixture
library's paths and loaders from here (`from tests.regenerate_golden import ...`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from casebook.diagnostics.report import format_text
from casebook.library.load import Library, load_library
from casebook.plan.page import Output, Page
from casebook.plan.site import plan
from casebook.plan.stage import write_stage

TESTS = Path(__file__).resolve().parent
FIXTURE_LIBRARY = TESTS / "fixtures" / "library"
GOLDEN = TESTS / "golden" / "planned"
# The fixture library is planned as of this day, so overdue notices never drift.
FIXTURE_TODAY = dt.date(2026, 11, 22)
# A made-up repository (the real one states no address) and mkdocs.yml's edit_uri
# (extra.casebook).
FIXTURE_REPOSITORY = "https://github.com/example/casebook"
FIXTURE_EDIT_URI = "edit/main/"


def load_fixture_library(root: Path = FIXTURE_LIBRARY) -> Library:
    """The fixture library, loaded and validated as of FIXTURE_TODAY."""
    library = load_library(root, today=FIXTURE_TODAY)
    if not library.ok:
        raise AssertionError("the fixture library is not valid:\n"
                             + format_text(library.diagnostics, library.files_checked))
    return library


def plan_fixture() -> tuple[list[Page], list[Output]]:
    """The fixture library's planned pages and other generated files, with a repository, so
    the goldens hold each case's "Edit this case" and "Suggest a correction" links."""
    return plan(load_fixture_library(), today=FIXTURE_TODAY, repo_url=FIXTURE_REPOSITORY,
                edit_uri=FIXTURE_EDIT_URI)


def plan_fixture_library() -> list[Page]:
    return plan_fixture()[0]


def stage_fixture_library(folder: Path) -> list[Page]:
    """Write the fixture library's planned pages and files to `folder`, as `write_stage`."""
    pages, outputs = plan_fixture()
    write_stage(pages, folder, tuple(outputs))
    return pages


def staged_files(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def main() -> int:
    # Stage into a scratch folder first, so a failure leaves the golden copy untouched.
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "planned"
        pages = stage_fixture_library(staged)
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, GOLDEN)
    print(f"Wrote {len(pages)} golden pages to {GOLDEN}; review them with `git diff`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
