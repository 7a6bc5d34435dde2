"""The starter library in cases/ meets the coverage rules of the starter-library issue."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.library import Library, load_library

ROOT = Path(__file__).resolve().parent.parent
LEARNING_OUTCOMES = ("mixed", "did-not-work")
NO_MEASURE = re.compile(
    r"\bno\s+(measure|figures?|data|evaluation|measured|results?|outcomes?)|not\s+(measured|"
    r"report|give|say)|gives\s+no|reports?\s+no|too\s+early", re.IGNORECASE)
SAYS_WHAT_FAILED = re.compile(r"did not work|didn't work|what held .* back|no progress",
                              re.IGNORECASE)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT)


def lessons(body: str) -> str:
    match = re.search(r"^## Lessons\s*$(.*?)(?=^## |\Z)", body, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def test_the_library_passes_strict_validation(library: Library) -> None:
    """No errors and no warnings: `casebook validate --strict` passes."""
    assert library.ok
    assert [f"{d.path}:{d.line} {d.code}" for d in library.diagnostics] == []


def test_there_are_at_least_twenty_cases(library: Library) -> None:
    """At least 20 cases drawn from the seeds."""
    assert len(library.cases) >= 20


def test_every_area_is_primary_once_and_tagged_twice(library: Library) -> None:
    """Each of the ten areas is the first area of at least one case and on at least two."""
    assert library.taxonomy is not None
    primary = Counter(c.areas[0] for c in library.cases)
    tagged = Counter(a for c in library.cases for a in c.areas)
    for area in library.taxonomy.areas:
        assert primary[area.id] >= 1, f"no case has {area.id} as its primary area"
        assert tagged[area.id] >= 2, f"fewer than two cases are tagged {area.id}"


def test_at_least_five_trust_types_are_represented(library: Library) -> None:
    """Cases come from at least five kinds of organisation (not-stated counts as one)."""
    assert len({c.trust_type for c in library.cases}) >= 5


def test_at_least_three_cases_teach_from_what_did_not_work(library: Library) -> None:
    """Outcome mixed or did-not-work, or Lessons that say plainly what did not work."""
    learning = [c.slug for c in library.cases
                if c.outcome in LEARNING_OUTCOMES or SAYS_WHAT_FAILED.search(lessons(c.body))]
    assert len(learning) >= 3, learning


def test_a_case_without_a_measure_says_so_and_is_labelled_emerging(library: Library) -> None:
    """Where a case reports no figures (no `impact`), its evidence is 'emerging' and its
    Impact section says plainly that there is no measure."""
    for case in library.cases:
        if case.impact:
            continue
        assert case.evidence == "emerging", case.slug
        impact = re.search(r"^## Impact\s*$(.*?)(?=^## )", case.body, re.MULTILINE | re.DOTALL)
        assert impact is not None, case.slug
        assert NO_MEASURE.search(impact.group(1)), \
            f"{case.slug}: Impact does not say there is no measure"


def test_every_case_cites_its_source(library: Library) -> None:
    """Every case names the publisher, title and year of the document it is drawn from."""
    for case in library.cases:
        assert case.source.publisher and case.source.title and case.source.year, case.slug
