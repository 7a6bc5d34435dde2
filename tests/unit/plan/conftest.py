"""Fixtures shared by the plan's tests, derived from the `library` fixture that each module
defines (a generated library, or the fixture library)."""

from __future__ import annotations

import pytest

from casebook.library.load import Library
from casebook.library.taxonomy import Taxonomy
from casebook.plan.index import FacetIndex


@pytest.fixture(scope="module")
def taxonomy(library: Library) -> Taxonomy:
    assert library.taxonomy is not None
    return library.taxonomy


@pytest.fixture(scope="module")
def index(library: Library) -> FacetIndex:
    return FacetIndex.build(library.cases)
