"""The home page and the site's own text pages: About, Sources and the accessibility
statement ("Share your case" is generator/plan/share.py)."""

from __future__ import annotations

from typing import Any

from casebook.library.cases import Case
from casebook.library.contract import FAILURE_OUTCOMES
from casebook.library.taxonomy import AREAS, FACET_IDS
from casebook.library.urls import FACET_FOLDERS
from casebook.plan.accessibility_page import (
    ACCESSIBILITY_DESCRIPTION,
    ACCESSIBILITY_SRC,
    render_accessibility,
)
from casebook.plan.context import SiteContext
from casebook.plan.failure import FAILURE_SRC
from casebook.plan.fragments import render
from casebook.plan.impact_page import IMPACT_SRC
from casebook.plan.index import newest_first
from casebook.plan.page import Page
from casebook.plan.plurals import counted
from casebook.plan.sources_page import SOURCES_SRC, render_sources
from casebook.plan.views import term_view

NEWEST_ON_HOME = 6


def home_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    root = "./"
    areas = [term_view(taxonomy, t, ctx.index.count(AREAS, t.id)) for t in taxonomy.areas]
    populations = [term_view(taxonomy, t) for t in taxonomy["population_profile"]]
    newest = newest_first(ctx.cases)[:NEWEST_ON_HOME]
    markdown = "\n\n".join(part for part in [
        "# Race equality in the NHS workforce: what trusts did, and what happened",
        f"A library of {counted(len(ctx.cases), 'case study', 'case studies')} for NHS "
        "boards. Each case says what an "
        "organisation did about race equality for its staff, how strong the evidence is, and "
        "what happened, including what did not work. Board members can read cases from "
        "trusts like theirs before a meeting; facilitators can link them into peer-learning "
        "sessions.",
        _failure_line(ctx),
        _impact_line(ctx),
        render("like-mine.html", root=root, populations=populations,
               trust_types=[term_view(taxonomy, t, ctx.index.count("trust_type", t.id))
                            for t in taxonomy["trust_type"]]),
        "## The ten areas of good practice",
        "The areas come from NHS Providers' report *Race 2.0: time for real change* (2022), "
        "in which board members described what good looks like.",
        render("area-cards.html", root=root, areas=areas),
        "## Newest cases",
        render("cards.html", root=root, cards=ctx.cards(newest, root)),
        f"[Browse {'the' if len(ctx.cases) == 1 else 'all'} {counted(len(ctx.cases), 'case')}]"
        "(browse/index.md){ .md-button }",
        "Has your organisation tried something that others could learn from, whether it "
        "worked or not? [Share your case](contribute.md).",
    ] if part)
    return Page("index.md", "Home", markdown, hide=("navigation", "toc"), in_nav=True,
                description="Case studies on race equality in the NHS workforce, for NHS "
                            "boards.")


def _failure_line(ctx: SiteContext) -> str:
    """The way to /learning-from-failure/, with how many cases it lists ('' for none)."""
    count = sum(case.outcome in FAILURE_OUTCOMES for case in ctx.cases)
    if not count:
        return ""
    return (f"Failures are as welcome as successes: read [what did not work]"
            f"({FAILURE_SRC}) in the {count} case{'' if count == 1 else 's'} whose outcome was "
            f"mixed, no change yet or did not work.")


def _impact_line(ctx: SiteContext) -> str:
    """The way to /impact/, with how many measures it shows ('' for none)."""
    count = sum(len(case.impact) for case in ctx.cases)
    if not count:
        return ""
    return (f"See the [measured impact]({IMPACT_SRC}) the cases record: "
            f"{counted(count, 'measure')}, each before and after, by WRES indicator.")


def about_page(ctx: SiteContext) -> Page:
    taxonomy = ctx.taxonomy
    folders = [(f, FACET_FOLDERS[f]) for f in FACET_IDS]
    markdown = render("about.md", taxonomy=taxonomy, case_count=len(ctx.cases),
                      sources=_sources(ctx.cases), folders=folders)
    return Page("about.md", "About", markdown, in_nav=True, description=(
        "What the library is, where its cases come from and what its labels mean."))


def accessibility_page(ctx: SiteContext) -> Page:
    return Page(ACCESSIBILITY_SRC, "Accessibility statement",
                render_accessibility(ctx.site_url, ctx.repo_url),
                description=ACCESSIBILITY_DESCRIPTION)


def sources_page(ctx: SiteContext) -> Page:
    return Page(SOURCES_SRC, "Sources", render_sources(ctx.cases), description=(
        "Every case's source, with its address, and the cases drawn from it."))


def _sources(cases: list[Case]) -> list[dict[str, Any]]:
    counts: dict[tuple[str, str, int], int] = {}
    for case in cases:
        source = case.source
        key = ((source.publisher, source.title, source.year or 0) if source.published
               else (f"{case.organisation} (first-hand)", "", case.published.year))
        counts[key] = counts.get(key, 0) + 1
    return [{"publisher": p, "title": t, "year": y, "count": n}
            for (p, t, y), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
