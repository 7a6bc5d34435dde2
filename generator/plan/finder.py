"""Find cases: one page (/browse/) where words are searched in the full text of every case
(Pagefind) and facets are filtered over metadata embedded in the page. /search/, the old
search page, forwards there with its query string.

The finder keeps the address /browse/: every link the site already makes to a filtered view
(coverage cells, "cases like mine", learning from failure) and every link a facilitator has
shared lands on it without a hop, and its query string (?q=…&area=…&sort=…) is the one both
old pages read."""

from __future__ import annotations

from typing import Any

from casebook.library.cases import Case
from casebook.library.urls import FACET_FOLDERS, QUERY_KEYS
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render, script_json
from casebook.plan.index import newest_first
from casebook.plan.nearest_pages import nearest_fragment
from casebook.plan.page import Page
from casebook.plan.plurals import counted
from casebook.plan.views import term_view

# Facets shown as filters on Find cases, in this order.
BROWSE_FACETS = ("areas", "trust_type", "population_profile", "region", "evidence", "outcome",
                 "wres_indicator")
FINDER_SRC = "browse/index.md"
FINDER_TITLE = "Find cases"


def browse_page(ctx: SiteContext) -> Page:
    """Find cases: every case as a card (the whole page without JavaScript), the filters,
    and the metadata finder.js filters on."""
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
                      cards=ctx.cards(cases, page_root), data=script_json(data),
                      total=counted(len(cases), "case"))
    fragment += nearest_fragment(ctx, page_root)  # closest cases when few match (nearest.js)
    markdown = (f"# {FINDER_TITLE}\n\nSearch the words of every case and narrow by area, "
                "organisation or evidence. The address keeps your choices, so you can share it.")
    return Page(FINDER_SRC, FINDER_TITLE, markdown, after=fragment,
                hide=("navigation", "toc"), in_nav=True,
                description="Find cases: search every case's text and filter by facet.")


def browse_record(case: Case) -> dict[str, Any]:
    """The compact metadata the finder filters and sorts on: slug, title, date and facet
    values, about two hundred bytes a case. Words are searched by Pagefind, not here."""
    return {
        "s": case.slug,
        "t": case.title,
        "d": case.published.isoformat(),
        "f": {QUERY_KEYS[f]: list(case.facet_values(f)) for f in BROWSE_FACETS},
    }


def search_page(ctx: SiteContext) -> Page:
    """/search/: the old search page's address, kept for the links people saved. Its script
    forwards to Find cases with the same query string; without JavaScript, a link."""
    del ctx  # the page is the same for every library
    fragment = render("search.html", root="../")
    markdown = (f"# {FINDER_TITLE}\n\nSearch and Browse are now one page: "
                f"[{FINDER_TITLE}](../{FINDER_SRC}).")
    return Page("search/index.md", FINDER_TITLE, markdown, after=fragment,
                hide=("navigation", "toc"), robots="noindex",
                description="Search has moved to Find cases.")
