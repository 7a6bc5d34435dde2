"""Related cases (generator/plan/related.py) scale linearly with the library: timed and
counted on synthetic libraries of 2,000 and 8,000 cases, too many for a unit test."""

from __future__ import annotations

import gc
import time

import pytest

from casebook.library.cases import Case
from casebook.library.taxonomy import Taxonomy, load_taxonomy
from casebook.plan import related as related_module
from casebook.plan.related import related_cases
from tests.helpers.cases import synthetic_cases
from tests.regenerate_golden import FIXTURE_LIBRARY


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    """The fixture library's taxonomy, whose terms the synthetic cases take."""
    taxonomy, diagnostics = load_taxonomy(FIXTURE_LIBRARY / "taxonomy.yml")
    assert taxonomy is not None and not diagnostics
    return taxonomy


def _best_times(*libraries: list[Case], runs: int = 3) -> list[float]:
    """The fastest CPU time of each library over a few interleaved runs.

    CPU time (not wall time) and the garbage collector held off, so other processes on a
    busy machine do not skew the ratio.
    """
    best = [float("inf")] * len(libraries)
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            for index, cases in enumerate(libraries):
                started = time.process_time()
                related_cases(cases)
                best[index] = min(best[index], time.process_time() - started)
    finally:
        gc.enable()
    return best


def test_related_cases_scale_linearly_not_quadratically(taxonomy: Taxonomy,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the cases takes well under sixteen times as long (quadratic would)."""
    small, large = synthetic_cases(2_000, taxonomy), synthetic_cases(8_000, taxonomy)
    small_time, large_time = _best_times(small, large)
    ratio = large_time / small_time
    assert ratio < 8, f"8,000 cases took {ratio:.1f}× as long as 2,000"
    # The same, counted rather than timed: comparisons per case do not grow with the library.
    calls = {"n": 0}
    original = related_module.similarity

    def counting(a: Case, b: Case) -> int:
        calls["n"] += 1
        return original(a, b)

    monkeypatch.setattr(related_module, "similarity", counting)
    per_case = []
    for cases in (small, large):
        calls["n"] = 0
        related_cases(cases)
        per_case.append(calls["n"] / len(cases))
    assert per_case[1] <= per_case[0] * 1.5, per_case
