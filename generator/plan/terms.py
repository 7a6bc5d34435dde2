"""Facet pages (`/areas/`, `/trust-types/` …) and one page per term, listing its cases."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.library.cases import Case
from casebook.library.packs import MAX_CASES
from casebook.library.taxonomy import AREAS, WRES
from casebook.library.urls import facet_src, term_src
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.impact_page import wres_measures
from casebook.plan.lessons import LESSONS_MARKER, gathered, outcome_counts
from casebook.plan.markdown_text import md_link, md_text
from casebook.plan.nearest import TRUST_TYPE
from casebook.plan.nearest_pages import closest_on_term_page
from casebook.plan.page import Page, page_root
from casebook.plan.pitfalls import PITFALLS_MARKER, area_pitfalls
from casebook.plan.session_page import session_address
from casebook.plan.views import term_view


def facet_page(ctx: SiteContext, facet_id: str) -> Page:
    taxonomy = ctx.taxonomy
    facet = taxonomy[facet_id]
    parts = [f"# {md_text(facet.label)}", md_text(facet.description)]
    if facet_id == AREAS:
        areas = [term_view(taxonomy, t, ctx.index.count(AREAS, t.id)) for t in facet]
        parts.append(render("area-cards.html", root="../", areas=areas))
    else:
        lines = []
        for term in facet:
            count = ctx.index.count(facet_id, term.id)
            label = f"{term.id}. {term.label}" if facet_id.endswith("indicator") else term.label
            lines.append(f"- {md_link(label, f'{term.id}.md')}: {md_text(term.description)} "
                         f"({count} case{'' if count == 1 else 's'})")
        parts.append("\n".join(lines))
    return Page(facet_src(facet_id), facet.label, "\n\n".join(parts),
                description=facet.description, in_nav=facet_id == AREAS)


def term_page(ctx: SiteContext, facet_id: str, term_id: str) -> Page:
    taxonomy = ctx.taxonomy
    facet = taxonomy[facet_id]
    term = facet.get(term_id)
    assert term is not None
    heading = term.label
    if facet_id == AREAS:
        heading = f"{term.number}. {term.title}"
    elif facet_id in ("wres_indicator", "high_impact_action"):
        heading = f"{facet.label} {term.id}: {term.label}"
    parts = [f"# {md_text(heading)}", md_text(term.description)]
    if term.threshold:
        parts.append(f"**Share of the local population from ethnic minority groups:** "
                     f"{md_text(term.threshold)}.")
    if term.qualifies:
        parts.append(f"**What qualifies a case:** {md_text(term.qualifies)}")
    if facet_id == AREAS:
        parts += ["## What good looks like",
                  "\n".join(f"- {md_text(p)}" for p in term.what_good_looks_like),
                  "## Questions for your board",
                  "\n".join(f"- {md_text(q)}" for q in term.board_questions)]
    cases = ctx.index.cases(facet_id, term_id)
    pitfalls = area_pitfalls(cases, taxonomy) if facet_id == AREAS else ()
    if facet_id == AREAS and cases:
        # Each case's Lessons are gathered here from its rendered page by the plugin
        # (generator/plan/lessons.py): the marker says where, the meta which cases, in order.
        # What did not work goes first, the same way (generator/plan/pitfalls.py).
        parts += [outcome_counts(cases, taxonomy), PITFALLS_MARKER if pitfalls else "",
                  LESSONS_MARKER]
    if facet_id == WRES:
        parts.append(wres_measures(ctx, term_id))  # as /impact/ shows them
    parts.append(f"## Cases ({len(cases)})")
    if facet_id == AREAS:
        parts.append(f"New and updated cases in this area are also in an "
                     f"[Atom feed]({term_id}/feed.xml) for your feed reader.")
    src = term_src(facet_id, term_id)
    root = page_root(src)
    after = render("cards.html", root=root, cards=ctx.cards(cases, root))
    if facet_id == AREAS and cases:  # for a facilitator: print or share the area's cases
        after = area_session(cases, f"{term.number}. {term.title}", root) + after
    if facet_id == TRUST_TYPE:  # never a dead end, even without JavaScript
        after += closest_on_term_page(ctx, term_id, root)
    return Page(src, heading, "\n\n".join(p for p in parts if p),
                description=term.description,
                after=after,
                lessons=gathered(cases, taxonomy) if facet_id == AREAS else (),
                pitfalls=pitfalls)


def area_session(cases: Sequence[Case], title: str, root: str) -> str:
    """A link that opens the area's cases (newest first, as many as a session holds) as a
    session a facilitator can reorder, trim, print with every address, and share."""
    shown = [case.slug for case in cases[:MAX_CASES]]
    return render("area-session.html", count=len(cases), shown=len(shown),
                  href=session_address(root, shown, title))
