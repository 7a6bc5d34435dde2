"""Browse (facets filtered in the browser over embedded metadata) and Search (Pagefind's
full text, with the same facets)."""

from __future__ import annotations

from typing import Any

from casebook.library.cases import Case
from casebook.library.urls import FACET_FOLDERS, QUERY_KEYS
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render, script_json
from casebook.plan.index import newest_first
from casebook.plan.nearest_pages import nearest_fragment
from casebook.plan.page import Page
from casebook.plan.views import term_view

# Facets shown as filters on Browse, in this order.
BROWSE_FACETS = ("areas", "trust_type", "population_profile", "region", "evidence", "outcome",
                 "wres_indicator")


def browse_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    page_root = "../"
    facets = []
    for facet_id in BROWSE_FACETS:
        facet = taxonomy[facet_id]
        terms = [term_view(taxonomy, t, ctx.index.count(facet_id, t.id)) for t in facet]
        facets.append({"key": QUERY_KEYS[facet_id], "label": facet.label,
                       "url": f"{FACET_FOLDERS[facet_id]}/", "terms": terms})
    cases = newest_first(ctx.cases)
    data = [browse_record(c) for c in cases]
    fragment = render("browse.html", root=page_root, facets=facets,
                      cards=ctx.cards(cases, page_root), data=script_json(data))
    fragment += nearest_fragment(ctx, page_root)  # closest cases when few match (nearest.js)
    markdown = ("# Browse cases\n\nNarrow the library by any combination of areas, kinds of "
                "organisation and evidence. The address in your browser keeps your choices, "
                "so you can copy it and share exactly this view.")
    return Page("browse/index.md", "Browse", markdown, after=fragment,
                hide=("navigation", "toc"), in_nav=True,
                description="Every case in the library, filtered by facet.")


def browse_record(case: Case) -> dict[str, Any]:
    """The compact metadata Browse filters on: a few hundred bytes per case."""
    text = " ".join([case.title, case.summary, case.organisation, *case.keywords])
    return {
        "s": case.slug,
        "t": case.title,
        "d": case.published.isoformat(),
        "x": text.casefold(),
        "f": {QUERY_KEYS[f]: list(case.facet_values(f)) for f in BROWSE_FACETS},
    }


def search_page(ctx: SiteContext) -> Page:
    """Full-text search over case pages (Pagefind), with filters; state in the query string."""
    taxonomy = ctx.taxonomy
    facets = [{"key": QUERY_KEYS[f], "name": taxonomy[f].label,
               "terms": [{"id": t.id, "label": t.label} for t in taxonomy[f]]}
              for f in BROWSE_FACETS]
    fragment = render("search.html", root="../", facets=script_json(facets))
    markdown = ("# Search cases\n\nSearch the text of every case, then narrow the results "
                "by area, kind of organisation or evidence. The address in your browser keeps "
                "your search, so you can share it.")
    return Page("search/index.md", "Search", markdown, after=fragment,
                hide=("navigation", "toc"), robots="noindex",
                description="Search the case studies.")
