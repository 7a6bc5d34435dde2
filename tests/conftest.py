"""What every test shares: where a test module may live, and its compiled byte-code.

A test module sits in tests/unit/<stage>/ (one stage at a time, no build, fast),
tests/integration/ (builds, the command line, across stages) or tests/e2e/ (a browser), and
imports its helpers from tests.helpers; one anywhere else fails the collection, saying so.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import pytest

TESTS = Path(__file__).resolve().parent
KINDS = ("unit", "integration", "e2e")

# pytest rewrites every test module for its assertions and compiles it; where
# PYTHONDONTWRITEBYTECODE is set (as on this project's machines) it would do so again on every
# run, about 1.5 s of CPU of `pytest tests/unit`. Keep the test modules' byte-code, as
# `make setup` keeps the package's (git ignores __pycache__/).
sys.dont_write_bytecode = False


class _Misplaced(pytest.File):
    def collect(self) -> NoReturn:
        raise self.CollectError(
            f"{self.path.relative_to(TESTS.parent)}: a test module belongs in tests/unit/<stage>/, "
            "tests/integration/ or tests/e2e/ (README.md, Layout); move it there with "
            "`git mv` and import helpers as `from tests.helpers.library import ...`")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A test module outside tests/unit, tests/integration and tests/e2e: an error."""
    test_module = file_path.suffix == ".py" and file_path.name.startswith("test_")
    if test_module and file_path.relative_to(TESTS).parts[0] not in KINDS:
        return _Misplaced.from_parent(parent, path=file_path)
    return None
