"""One module per `casebook` command; `casebook.cli` wires them to the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.library.contents import CASES_DIR
from casebook.library.contract import is_slug


def new_case_file(root: Path, slug: str, command: str, instead: str) -> tuple[Path | None, int]:
    """Where a new case called `slug` goes, or (None, exit code) after saying why it cannot:
    2 for a slug that breaks the rules, 1 for a case that exists (never overwritten).
    `instead` tells the user what to do about an existing case."""
    if not is_slug(slug):
        print(f"casebook {command}: '{slug}' is not a valid slug (lower-case words joined by "
              "hyphens, at most 80 characters)", file=sys.stderr)
        return None, 2
    target = root / CASES_DIR / f"{slug}.md"
    if target.exists():
        print(f"casebook {command}: {target} already exists, and an existing case is never "
              f"overwritten. {instead}", file=sys.stderr)
        return None, 1
    return target, 0


def jobs_count(text: str) -> int:
    """The value of `--jobs`: a whole number of processes, 1 or more."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of processes, 1 or more: {text!r}")
    return jobs
