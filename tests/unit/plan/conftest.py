"""Fixtures shared by the plan's tests, derived from the `library` fixture that each module
defines (a generated library, or the fixture library). `pages` plans the site as of `today`,
the fixture library's date unless a module defines its own."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.library.load import Library
from casebook.library.taxonomy import Taxonomy
from casebook.plan.index import FacetIndex
from casebook.plan.page import Page
from casebook.plan.site import plan_site
from tests.regenerate_golden import FIXTURE_TODAY


@pytest.fixture(scope="module")
def taxonomy(library: Library) -> Taxonomy:
    assert library.taxonomy is not None
    return library.taxonomy


@pytest.fixture(scope="module")
def index(library: Library) -> FacetIndex:
    return FacetIndex.build(library.cases)


@pytest.fixture(scope="module")
def today() -> dt.date:
    return FIXTURE_TODAY


@pytest.fixture(scope="module")
def pages(library: Library, today: dt.date) -> dict[str, Page]:
    """Every planned page by its source path."""
    planned = plan_site(library, today=today)
    by_src = {page.src: page for page in planned}
    assert len(by_src) == len(planned), "two planned pages share a source path"
    return by_src
