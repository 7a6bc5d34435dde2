"""The whole site planned: every page and every other generated file, from one context.

`plan` turns a valid library into `Page`s and `Output`s. The MkDocs plugin serves them as
virtual files; `casebook stage DIR` writes the very same pages to a folder
(generator/plan/stage.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from casebook.library.cases import Case
from casebook.library.load import Library
from casebook.library.taxonomy import AREAS, FACET_IDS, WRES
from casebook.library.urls import case_src, term_src, term_url
from casebook.plan.case_page import case_page, redirect_page
from casebook.plan.context import SiteContext, site_context
from casebook.plan.coverage import coverage_page
from casebook.plan.crosswalk import frameworks_page
from casebook.plan.failure import failure_page
from casebook.plan.feeds import SITE_FEED, area_feed_path, atom_feed
from casebook.plan.finder import browse_page, search_page
from casebook.plan.headers import HEADERS_FILE, headers_file
from casebook.plan.home import (
    about_page,
    accessibility_page,
    home_page,
    sources_page,
)
from casebook.plan.impact import indicator_entries
from casebook.plan.impact_page import impact_page
from casebook.plan.maintainers import maintainers_page
from casebook.plan.nearest import TRUST_TYPE
from casebook.plan.opendata import open_data
from casebook.plan.pack_pages import pack_pages
from casebook.plan.page import Output, Page
from casebook.plan.schema import SCHEMA_PATH, schema_json
from casebook.plan.session_page import session_page
from casebook.plan.share import share_page
from casebook.plan.terms import facet_page, term_page


def plan_site(library: Library, today: dt.date | None = None) -> list[Page]:
    """Every generated page of the site, for a library that has passed validation."""
    return plan(library, today)[0]


def plan(library: Library, today: dt.date | None = None, *, site_url: str = "",
         repo_url: str = "", edit_uri: str = "",
         git_history: bool = False) -> tuple[list[Page], list[Output]]:
    """Every generated page and every other generated file, computed from one context.

    `git_history` reads when each case file last changed from git (one call); it is off by
    default so that planned pages depend only on the library (golden tests)."""
    ctx = site_context(library, today, site_url=site_url, repo_url=repo_url, edit_uri=edit_uri,
                       git_history=git_history)
    return plan_pages(ctx), plan_outputs(ctx)


def plan_pages(ctx: SiteContext) -> list[Page]:
    """Every Markdown page of the site."""
    taxonomy = ctx.taxonomy
    library = ctx.library
    pages = [home_page(ctx), browse_page(ctx), search_page(ctx), coverage_page(ctx),
             about_page(ctx), share_page(ctx), maintainers_page(ctx), failure_page(ctx),
             impact_page(ctx)]
    for facet_id in FACET_IDS:
        pages.append(facet_page(ctx, facet_id))
        pages.extend(_remembered(ctx, term_src(facet_id, term.id),
                                 term_page_inputs(ctx, facet_id, term.id),
                                 term_page, ctx, facet_id, term.id)
                     for term in taxonomy[facet_id])
    for case in library.cases:
        pages.append(_remembered(ctx, case_src(case.slug), case_page_inputs(ctx, case),
                                 case_page, ctx, case))
        pages.extend(redirect_page(case, alias) for alias in case.aliases)
    pages.append(frameworks_page(ctx))
    pages.append(sources_page(ctx))
    pages.append(accessibility_page(ctx))
    pages.extend(pack_pages(ctx))
    pages.append(session_page(ctx))
    return pages


def site_inputs(ctx: SiteContext) -> tuple[Any, ...]:
    """What a case or term page may read besides its own inputs: when any of these changes,
    no remembered page is used."""
    return (ctx.taxonomy, ctx.today, ctx.site_url, ctx.repo_url, ctx.edit_uri,
            ctx.library.packs)


def term_page_inputs(ctx: SiteContext, facet_id: str, term_id: str) -> tuple[Any, ...]:
    """Everything `term_page` reads besides `site_inputs`: its cases; for a WRES indicator
    the measures of it, which may come from cases not tagged with it; and for a trust type
    the cases of its similar types, which it lists as the closest (generator/plan/nearest.py)."""
    inputs: tuple[Any, ...] = tuple(ctx.index.cases(facet_id, term_id))
    if facet_id == WRES:
        return inputs, indicator_entries(ctx.cases, term_id)
    term = ctx.taxonomy[facet_id].get(term_id)
    if facet_id == TRUST_TYPE and term is not None:
        inputs += tuple(c for t in term.similar for c in ctx.index.cases(facet_id, t))
    return inputs


def case_page_inputs(ctx: SiteContext, case: Case) -> tuple[Any, ...]:
    """Everything `case_page` reads besides `site_inputs`. Keep it whole: a page whose
    inputs are equal to last time's is not planned again under `casebook serve`."""
    return (case, tuple(ctx.related[case.slug]), ctx.history.get(case.slug))


def _remembered(ctx: SiteContext, src: str, inputs: tuple[Any, ...],
                planner: Callable[..., Page], *args: Any) -> Page:
    """`planner(*args)`, or the page it gave last time for the same `inputs` (in a preview).
    A term page's inputs are its cases; a case page's, `case_page_inputs`."""
    if ctx.memo is None:
        return planner(*args)
    remembered = ctx.memo.get(src)
    if remembered is not None and remembered[0] == inputs:
        return remembered[1]
    page = planner(*args)
    ctx.memo[src] = (inputs, page)
    return page


def plan_outputs(ctx: SiteContext) -> list[Output]:
    """Every generated file that is not a page (feeds, open data, schema)."""
    outputs: list[Output] = []
    outputs.append(Output(SCHEMA_PATH, schema_json(ctx.taxonomy)))
    outputs.append(Output(HEADERS_FILE, headers_file()))
    outputs.extend(_feeds(ctx))
    outputs.extend(Output(path, content) for path, content in open_data(ctx.cases, ctx.site_url))
    return outputs


def _feeds(ctx: SiteContext) -> list[Output]:
    """The library's Atom feed and one per area, each listing its newest changes."""
    feeds = [Output(SITE_FEED, atom_feed(
        ctx.cases, ctx.taxonomy, path=SITE_FEED, page="", site_url=ctx.site_url,
        today=ctx.today, title="Casebook: new and updated cases",
        subtitle="Case studies on race equality in the NHS workforce, newest first."))]
    for area in ctx.taxonomy.areas:
        feeds.append(Output(area_feed_path(area.id), atom_feed(
            ctx.index.cases(AREAS, area.id), ctx.taxonomy, path=area_feed_path(area.id),
            page=term_url(AREAS, area.id), site_url=ctx.site_url,
            today=ctx.today, title=f"Casebook: {area.number}. {area.title}",
            subtitle=f"New and updated cases in area {area.number}, newest first.")))
    return feeds
