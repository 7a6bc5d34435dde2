"""Coverage: where the library is thin, as areas × trust types and areas × population profiles.

Counts come from the facet index in one pass over each area's cases, so the work is linear
in the number of cases (each case is visited once per area it carries, at most four times).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from casebook.library.taxonomy import AREAS, Taxonomy
from casebook.library.urls import browse_url, facet_url, term_url
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.index import FacetIndex
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Page

# Facets set against the areas, in the order the page shows them.
COVERAGE_FACETS = ("trust_type", "population_profile")
# A cell's shade: (lowest count, class suffix). Thin cells are also named in their text.
LEVELS = ((8, "most"), (4, "many"), (2, "some"), (1, "thin"), (0, "none"))

_HEADINGS = {"trust_type": "Areas and kinds of organisation",
             "population_profile": "Areas and local population profiles"}
_EXPLANATIONS = {
    "trust_type": (
        "Each row is an area of good practice and each column a kind of organisation. A "
        "number is how many cases are tagged with both; follow it to see those cases. A case "
        "tagged with several areas counts once in each of its rows, so the totals at the "
        "foot count each case once."),
    "population_profile": (
        "The same areas set against the share of the local population from ethnic minority "
        "groups, so a board can see whether there are cases from places like its own."),
}


@dataclass(frozen=True)
class Cell:
    """One count, the Browse view that lists those cases, and how it reads."""

    count: int
    url: str
    level: str
    label: str  # what a screen reader hears after the number, e.g. "Data, Acute trust"

    @property
    def text(self) -> str:
        """The visible text: thin and empty cells say so in words, not only in colour."""
        if self.count == 0:
            return "0 — none yet"
        if self.count == 1:
            return "1 — thin"
        return str(self.count)


@dataclass(frozen=True)
class Header:
    id: str
    label: str
    url: str


@dataclass(frozen=True)
class Row:
    header: Header
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class Matrix:
    """Areas (rows) against the terms of one facet (columns), with totals."""

    facet: str
    caption: str
    explanation: str
    columns: tuple[Header, ...]
    rows: tuple[Row, ...]
    totals: tuple[Cell, ...]
    total: Cell

    def count(self, area_id: str, term_id: str) -> int:
        row = next(r for r in self.rows if r.header.id == area_id)
        col = next(i for i, c in enumerate(self.columns) if c.id == term_id)
        return row.cells[col].count


def level(count: int) -> str:
    return next(name for lowest, name in LEVELS if count >= lowest)


def coverage_matrix(index: FacetIndex, taxonomy: Taxonomy, facet_id: str) -> Matrix:
    """The matrix of areas against `facet_id`, with row and column totals."""
    facet = taxonomy[facet_id]
    columns = tuple(Header(t.id, t.label, term_url(facet_id, t.id)) for t in facet)
    rows = []
    for area in taxonomy.areas:
        counts = Counter(value for case in index.cases(AREAS, area.id)
                         for value in case.facet_values(facet_id))
        cells = tuple(
            _cell(counts[col.id], f"{area.label}, {col.label}",
                  {AREAS: area.id, facet_id: col.id})
            for col in columns)
        rows.append(Row(Header(area.id, f"{area.number}. {area.title}",
                               term_url(AREAS, area.id)), cells,
                        _cell(index.count(AREAS, area.id), f"{area.label}, in total",
                              {AREAS: area.id})))
    # Column totals count each case once, however many areas it carries.
    totals = tuple(_cell(index.count(facet_id, c.id), f"{c.label}, in total", {facet_id: c.id})
                   for c in columns)
    cases = {case.slug for terms in index.by_term[facet_id].values() for case in terms}
    return Matrix(
        facet=facet_id,
        caption=f"Cases by area of good practice and {facet.label.lower()}",
        explanation=_EXPLANATIONS[facet_id],
        columns=columns,
        rows=tuple(rows),
        totals=totals,
        total=_cell(len(cases), "all cases", {}),
    )


def _cell(count: int, label: str, filters: dict[str, str]) -> Cell:
    """A count with the Browse view of the same cases (`filters`: facet id → term id)."""
    return Cell(count, browse_url(**filters), level(count), label)


def coverage_markdown(index: FacetIndex, taxonomy: Taxonomy, root: str = "../") -> str:
    """The page: an introduction, then each table under its own heading and explanation."""
    parts = [
        "# Coverage",
        "Where the library has cases, and where it is thin. Each table counts the cases "
        "tagged with an area of good practice and a kind of organisation or local "
        "population. Cells with no case say **none yet**; cells with one case say **thin**. "
        "The shading repeats the count for a quick look; the numbers carry the meaning.",
        "**Does your organisation have a case for a gap?** The library needs cases from "
        "every kind of trust and place, including work that did not succeed. "
        "[Share your case](../contribute.md).",
    ]
    for facet_id in COVERAGE_FACETS:
        matrix = coverage_matrix(index, taxonomy, facet_id)
        parts += [f"## {_HEADINGS[facet_id]}", md_text(matrix.explanation),
                  render("coverage.html", m=matrix, root=root)]
    parts.append(f"The pages for [regions](../{facet_url('region')}index.md) and "
                 f"[strength of evidence](../{facet_url('evidence')}index.md) count the cases "
                 "for each of their terms too.")
    return "\n\n".join(parts)


def coverage_page(ctx: SiteContext) -> Page:
    return Page("coverage/index.md", "Coverage", coverage_markdown(ctx.index, ctx.taxonomy),
                hide=("navigation", "toc"), in_nav=True, description=(
                    "Where the library has cases and where it is thin, by area, kind of "
                    "organisation and local population."))
