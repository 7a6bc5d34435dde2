"""The crosswalk: the ten areas against the nine WRES indicators and six high impact actions.

The links come from the taxonomy (each area lists the indicators and actions it bears on);
the counts come from the facet index, so the page costs one look-up per area and term.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.library.taxonomy import AREAS, HIGH_IMPACT, WRES, Taxonomy
from casebook.library.urls import term_url
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.index import FacetIndex
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Page

FRAMEWORKS_SRC = "frameworks.md"

# facet id → (the area's field listing its links, heading, what one term is called, for short)
FRAMEWORKS: dict[str, tuple[str, str, str, str]] = {
    WRES: ("wres_indicators", "Areas and WRES indicators", "WRES indicator", "Indicator"),
    HIGH_IMPACT: ("high_impact_actions", "Areas and high impact actions", "high impact action",
                  "Action"),
}

_EXPLANATIONS = {
    WRES: (
        "Each column is one of the nine indicators of the Workforce Race Equality Standard. "
        "A tick marks an indicator the area most bears on, so a board whose figures on an "
        "indicator are not improving can see which areas of practice, and which cases, to "
        "look at. The last column counts the cases filed under each area; the last row "
        "counts the cases that name each indicator. Cases name an indicator only when they "
        "report on it, so its count can be low even where many cases are relevant."),
    HIGH_IMPACT: (
        "Each column is one of the six high impact actions of NHS England's equality, "
        "diversity and inclusion improvement plan (June 2023). A tick marks an action the "
        "area most bears on. The last column counts the cases filed under each area; the "
        "last row counts the cases that name each action."),
}


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class CrossRow:
    id: str
    label: str
    url: str
    count: int
    linked: tuple[bool, ...]  # one per column


@dataclass(frozen=True)
class Crosswalk:
    facet: str
    caption: str
    term_name: str
    short_name: str
    columns: tuple[Column, ...]
    rows: tuple[CrossRow, ...]


def crosswalk(index: FacetIndex, taxonomy: Taxonomy, facet_id: str) -> Crosswalk:
    """Areas (rows) against the terms of `facet_id`, marked where the taxonomy links them."""
    field, heading, term_name, short_name = FRAMEWORKS[facet_id]
    columns = tuple(Column(t.id, t.label, term_url(facet_id, t.id), index.count(facet_id, t.id))
                    for t in taxonomy[facet_id])
    rows = []
    for area in taxonomy.areas:
        links = set(getattr(area, field))
        rows.append(CrossRow(area.id, f"{area.number}. {area.title}", term_url(AREAS, area.id),
                             index.count(AREAS, area.id),
                             tuple(c.id in links for c in columns)))
    return Crosswalk(facet_id, heading, term_name, short_name, columns, tuple(rows))


def crosswalk_markdown(index: FacetIndex, taxonomy: Taxonomy, root: str = "../") -> str:
    """The page: what the frameworks are, then one table for each."""
    parts = [
        "# How the areas connect to the WRES and the high impact actions",
        "The library files cases under three frameworks: the ten areas of good practice "
        "from NHS Providers' *Race 2.0* (2022), the nine indicators of the Workforce Race "
        "Equality Standard (WRES), and the six high impact actions of NHS England's equality, "
        "diversity and inclusion improvement plan (2023). The tables below show which "
        "indicators and actions each area most bears on, as the library's taxonomy records "
        "them. They are a guide for moving between the frameworks, not a rule: a case can "
        "bear on any indicator or action.",
    ]
    for facet_id in FRAMEWORKS:
        table = crosswalk(index, taxonomy, facet_id)
        parts += [f"## {md_text(table.caption)}", md_text(_EXPLANATIONS[facet_id]),
                  render("crosswalk.html", x=table, root=root)]
    parts.append("See also the [ten areas](areas/index.md), the "
                 "[WRES indicators](wres/index.md) and the "
                 "[high impact actions](high-impact-actions/index.md).")
    return "\n\n".join(parts)


def frameworks_page(ctx: SiteContext) -> Page:
    """`/frameworks/`: reached from About, not from the navigation."""
    return Page(FRAMEWORKS_SRC, "Areas, WRES and high impact actions",
                crosswalk_markdown(ctx.index, ctx.taxonomy),
                hide=("navigation", "toc"), description=(
                    "How the ten areas of good practice connect to the WRES indicators and "
                    "the high impact actions."))
