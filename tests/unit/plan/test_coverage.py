"""Coverage (generator/plan/coverage.py): areas × trust types and × population profiles."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from casebook.library.cases import Case, Source
from casebook.library.load import Library
from casebook.library.taxonomy import AREAS
from casebook.library.urls import QUERY_KEYS
from casebook.plan.coverage import COVERAGE_FACETS, Cell, coverage_markdown, coverage_matrix, level
from casebook.plan.index import FacetIndex
from casebook.plan.page import Kind, Page
from casebook.plan.site import plan_site
from tests.helpers.library import TODAY, load_generated_library

_TD = re.compile(r'<td class="cb-cov cb-cov--(\w+)[^"]*">(.*?)</td>')


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_generated_library(tmp_path_factory.mktemp("coverage") / "lib", 37)


@pytest.fixture(scope="module")
def page(library: Library) -> Page:
    return next(p for p in plan_site(library, today=TODAY) if p.src == "coverage/index.md")


def direct_count(cases: list[Case], area: str, facet_id: str, term: str) -> int:
    return sum(1 for c in cases if area in c.areas and term in c.facet_values(facet_id))


@pytest.mark.parametrize("facet_id", COVERAGE_FACETS)
def test_every_cell_equals_a_direct_count_over_the_cases(library, taxonomy, index, facet_id):
    """Each cell counts the cases tagged with the area, in any position, and the term."""
    matrix = coverage_matrix(index, taxonomy, facet_id)
    assert [r.header.id for r in matrix.rows] == list(taxonomy.areas.ids)
    assert [c.id for c in matrix.columns] == list(taxonomy[facet_id].ids)
    for area in taxonomy.areas.ids:
        for term in taxonomy[facet_id].ids:
            assert matrix.count(area, term) == direct_count(library.cases, area, facet_id, term)


@pytest.mark.parametrize("facet_id", COVERAGE_FACETS)
def test_totals_count_each_case_once(library, taxonomy, index, facet_id):
    """Row totals are the cases in an area; column totals and the grand total count cases."""
    matrix = coverage_matrix(index, taxonomy, facet_id)
    for row in matrix.rows:
        assert row.total.count == sum(1 for c in library.cases if row.header.id in c.areas)
    for column, total in zip(matrix.columns, matrix.totals, strict=True):
        assert total.count == sum(1 for c in library.cases
                                  if column.id in c.facet_values(facet_id))
    assert matrix.total.count == len(library.cases)


def test_a_secondary_area_counts_like_the_primary(taxonomy):
    """A case counts in every area it carries, not only its first."""
    case = Case(slug="x", path=Path("x.md"), title="t" * 10, summary="s" * 40,
                organisation="An acute trust", trust_type="acute",
                population_profile="diverse", areas=("data", "hr-processes"),
                evidence="emerging", outcome="too-early", published=TODAY,
                source=Source("NHS Providers", 2024), body="")
    matrix = coverage_matrix(FacetIndex.build([case]), taxonomy, "trust_type")
    assert matrix.count("data", "acute") == matrix.count("hr-processes", "acute") == 1
    assert matrix.count("data", "ambulance") == 0


@pytest.mark.parametrize(("count", "text", "shade"), [
    (0, "0 — none yet", "none"), (1, "1 — thin", "thin"), (2, "2", "some"),
    (5, "5", "many"), (12, "12", "most")])
def test_empty_and_thin_cells_say_so_in_words(count, text, shade):
    """The words carry the meaning; the level only picks the shade."""
    cell = Cell(count, "browse/", level(count), "label")
    assert (cell.text, cell.level) == (text, shade)


def test_counting_visits_each_case_once_per_area(library, taxonomy, index, monkeypatch):
    """The matrix reads each case once per area it carries: linear in the number of cases."""
    calls = 0
    original = Case.facet_values

    def counting(self: Case, facet_id: str) -> tuple[str, ...]:
        nonlocal calls
        calls += 1
        return original(self, facet_id)

    monkeypatch.setattr(Case, "facet_values", counting)
    coverage_matrix(index, taxonomy, "trust_type")
    assert calls <= sum(len(c.areas) for c in library.cases)


def test_the_page_has_accessible_tables_with_captions_and_header_scopes(page):
    """Two tables, each with a caption, column and row headers, and an explanation above."""
    md = page.markdown
    assert md.count("<table") == 2 and md.count("<caption") == 2
    assert '<th scope="col">' in md and '<th scope="row">' in md
    assert "## Areas and kinds of organisation" in md
    assert "## Areas and local population profiles" in md
    assert page.in_nav and page.kind is Kind.PAGE


def test_cells_link_to_the_matching_browse_view(library, page):
    """A non-empty cell links to Browse with the area and the term set."""
    hrefs = re.findall(r'href="([^"]*browse/[^"]*)"', page.markdown)
    assert hrefs
    for href in hrefs:
        assert posixpath.normpath(posixpath.join(page.url, href.split("?")[0])) == "browse"
    area, trust = library.cases[0].areas[0], library.cases[0].trust_type
    expected = f'../browse/?{QUERY_KEYS[AREAS]}={area}&amp;trust_type={trust}"'
    assert expected in page.markdown


def test_empty_cells_are_plain_text_and_thin_cells_are_marked(page):
    """'0 — none yet' is not a link to an empty list; '1 — thin' is, and both are marked."""
    cells = _TD.findall(page.markdown)
    assert cells
    for shade, inner in cells:
        if shade == "none":
            assert inner == "0 — none yet"
        if shade == "thin":
            assert inner.startswith('<a href="') and "1 — thin" in inner


def test_the_page_calls_for_cases_through_the_contributor_guide(index, taxonomy):
    """The call for cases links to the contributor guide as a checked Markdown link."""
    assert "](../contribute.md)" in coverage_markdown(index, taxonomy)


def test_an_empty_library_shows_every_cell_as_none_yet(taxonomy):
    """With no cases, every cell and total says 'none yet'."""
    matrix = coverage_matrix(FacetIndex.build([]), taxonomy, "population_profile")
    assert {c.text for r in matrix.rows for c in (*r.cells, r.total)} == {"0 — none yet"}
    assert matrix.total.count == 0
