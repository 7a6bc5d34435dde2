"""The tests' own layout: the tests and the benchmark import nothing from each other."""

from __future__ import annotations

import ast

from tests.helpers.library import ROOT


def imported(source: str) -> set[str]:
    """The top-level names of the modules `source` imports (relative imports left out)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def importers(folder: str, of: str) -> list[str]:
    """The modules under `folder` that import the package `of`."""
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if of in source and of in imported(source):  # parse only where the name occurs
            found.append(str(path.relative_to(ROOT)))
    return found


def test_no_test_imports_the_benchmark() -> None:
    """What both need is in tests/helpers or the package; the benchmark's quick run is
    started as `python -m bench.run`."""
    assert importers("tests", "bench") == []


def test_the_benchmark_imports_no_test() -> None:
    assert importers("bench", "tests") == []
