"""Counts in words (generator/plan/plurals.py), and the pages that say how many cases there are."""

from __future__ import annotations

import pytest

from casebook.library.load import load_library
from casebook.plan.page import Page
from casebook.plan.plurals import counted
from casebook.plan.site import plan_site
from tests.helpers.library import TODAY, case_text, make_library


@pytest.mark.parametrize(("n", "expected"), [(0, "0 cases"), (1, "1 case"), (2, "2 cases"),
                                             (1000, "1000 cases")])
def test_a_count_takes_the_singular_only_for_one(n: int, expected: str) -> None:
    """'1 case', and 'cases' for every other number, nought included."""
    assert counted(n, "case") == expected


def test_a_noun_with_its_own_plural_uses_it() -> None:
    assert counted(1, "case study", "case studies") == "1 case study"
    assert counted(3, "case study", "case studies") == "3 case studies"


@pytest.fixture(scope="module")
def one_case_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """The planned pages of a library holding a single case."""
    root = make_library(tmp_path_factory.mktemp("one-case"), {"only-case": case_text()})
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    return {page.src: page for page in plan_site(library, today=TODAY)}


def test_the_home_page_of_a_one_case_library_speaks_in_the_singular(
        one_case_pages: dict[str, Page]) -> None:
    """No '1 case studies' or 'Browse all 1 cases' on the home page."""
    home = one_case_pages["index.md"].markdown
    assert "A library of 1 case study for NHS boards." in home
    assert "[Browse the 1 case](browse/index.md)" in home
    assert "1 cases" not in home and "1 case studies" not in home


def test_the_about_and_sources_pages_of_a_one_case_library_speak_in_the_singular(
        one_case_pages: dict[str, Page]) -> None:
    assert "The library holds 1 case." in one_case_pages["about.md"].markdown
    assert "## The 1 source of the 1 case" in one_case_pages["sources.md"].markdown

