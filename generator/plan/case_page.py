"""A case's page, and a page at each of its old addresses that sends the reader on."""

from __future__ import annotations

import re

from casebook.library.cases import Case
from casebook.library.urls import case_src
from casebook.plan.case_sections import case_sections, sections_html
from casebook.plan.charts import impact_charts
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.glance import glance
from casebook.plan.markdown_text import md_link
from casebook.plan.page import CaseParts, Kind, Page
from casebook.plan.views import measure_view

# '](../other-slug/)' as a contributor writes it → '](other-slug.md)', which MkDocs checks.
_SIBLING_LINK = re.compile(
    r"(\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)\.\./([a-z0-9]+(?:-[a-z0-9]+)*)/?(#[^\s)>]*)?"
    r"(?=>|\)|\s|$)", re.MULTILINE)


def case_page(ctx: SiteContext, case: Case) -> Page:
    view = ctx.views[case.slug]
    root = "../../"
    # Only the body is Markdown. The title, summary and panel are an HTML fragment placed
    # by the theme above it (as raw HTML in the Markdown they would cost Python-Markdown's
    # HTML parser more than the body: docs/performance.md); the impact table and the
    # sections after the body are others, which the plugin places in the body's HTML once
    # the body is sanitised, so that the contributed HTML and Casebook's own are cleaned
    # each against its own allow-list (generator/plan/case_sections.py,
    # generator/render/sanitise.py).
    sections = case_sections(ctx, case)
    parts = CaseParts(slug=case.slug,
                      header=render("case-header.html", c=view, g=glance(case), root=root),
                      impact=_impact_table(case), sections=sections_html(sections),
                      sections_toc=tuple((s.id, s.title) for s in sections))
    return Page(case_src(case.slug), case.title, _body_markdown(case).strip(), Kind.CASE,
                description=case.summary, case=parts)


def _body_markdown(case: Case) -> str:
    """The body, with links to sibling cases as MkDocs checks them."""
    body = case.body
    if "../" in body:  # most bodies link no sibling case: skip the pattern over each line
        body = _SIBLING_LINK.sub(r"\1\2.md\3", body)
    return body


def _impact_table(case: Case) -> str:
    """The impact table (and its charts), which the plugin puts at the end of the body's
    Impact section (generator/plan/case_sections.py, place_impact); none without measures."""
    if not case.impact:
        return ""
    return render("impact.html", measures=[measure_view(m) for m in case.impact],
                  charts=impact_charts(case.impact))


def redirect_page(case: Case, alias: str) -> Page:
    target = f"../{case.slug}/"
    markdown = f"# This case has moved\n\nIt is now at {md_link(case.title, f'{case.slug}.md')}."
    return Page(case_src(alias), case.title, markdown, Kind.REDIRECT, redirect_to=target,
                robots="noindex")
