"""`/impact/`: every measured impact in the library, grouped by WRES indicator, each measure
as a build-time SVG chart with its figures, case, trust type and source's sentence
(plan/impact.py gathers, plan/impact_items.py shows). A `/wres/<n>/` page shows its own
group the same way (`wres_measures`, called from plan/terms.py).
"""

from __future__ import annotations

import posixpath

from casebook.library.taxonomy import WRES
from casebook.library.urls import term_src
from casebook.plan.context import SiteContext
from casebook.plan.impact import OTHER, Group, groups, indicator_entries
from casebook.plan.impact_items import SMALL_COUNT, counts, measures_html
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Page, page_root
from casebook.plan.plurals import counted

IMPACT_SRC = "impact/index.md"
TITLE = "Measured impact"
DESCRIPTION = ("Every measured impact in the library, by WRES indicator: each figure before "
               "and after, with its case and the source's own words.")
OTHER_HEADING = "Other measures"
OTHER_INTRO = ("Measures that name no WRES indicator: a measure may bear on one without "
               "saying which, or measure something the WRES does not (a pay gap, a waiting "
               "list). None is placed under an indicator it does not name.")
HOW_TO_READ = (
    "Each chart shows the first figure (the upper bar) and the latest (the lower bar) with "
    "their years; a percentage is drawn against 0 to 100. Hover over or move to *The source’s "
    "words* for the sentence the figures come from; Escape hides it.")
SAMPLE_SIZES = (
    f"**Small numbers.** The library does not record sample sizes, so it cannot say which "
    f"percentages or ratios rest on few staff or cases; where a case's note says so, it is "
    f"shown with the measure. Counts of people or cases under {SMALL_COUNT} are flagged: there "
    f"one more or one fewer moves the figure by a tenth or more. Figures are as each source "
    f"gives them, and not comparable between trusts.")


def _heading(ctx: SiteContext, group: Group) -> tuple[str, str]:
    """(anchor, title) of a group's section."""
    if group.indicator == OTHER:
        return "other-measures", OTHER_HEADING
    facet = ctx.taxonomy[WRES]
    term = facet.get(group.indicator)
    assert term is not None  # groups() keeps only the taxonomy's indicators
    return f"wres-{term.id}", f"{facet.label} {term.id}: {term.label}"


def impact_page(ctx: SiteContext) -> Page:
    """The page: an introduction, a list of the groups, then each group's measures."""
    found = groups(ctx.cases, ctx.taxonomy)
    root = page_root(IMPACT_SRC)
    total, cases = counts([e for g in found for e in g.entries])
    parts = [f"# {TITLE}"]
    if not total:
        parts.append("No case in the library records a measured impact yet. When a case "
                     "gives figures before and after, they appear here.")
        return Page(IMPACT_SRC, TITLE, "\n\n".join(parts), in_nav=True,
                    description=DESCRIPTION)
    parts += [
        f"{counted(total, 'measure')} from {counted(cases, 'case')}: every figure the "
        f"library's cases record before and after, grouped by the WRES indicator it "
        f"measures.",
        HOW_TO_READ, SAMPLE_SIZES,
        "\n".join(f"- [{md_text(title)}](#{anchor}): {counted(len(g.entries), 'measure')}"
                  for g in found for anchor, title in [_heading(ctx, g)]),
    ]
    for group in found:
        anchor, title = _heading(ctx, group)
        parts.append(f"## {md_text(title)} {{ #{anchor} }}")
        if group.indicator == OTHER:
            parts.append(OTHER_INTRO)
        else:
            href = _link(IMPACT_SRC, term_src(WRES, group.indicator))
            parts.append(f"[Cases tagged with indicator {group.indicator}]({href})")
        parts.append(measures_html(group.entries, ctx.views, root))
    return Page(IMPACT_SRC, TITLE, "\n\n".join(parts), in_nav=True, description=DESCRIPTION)


def _link(from_src: str, to_src: str) -> str:
    """A Markdown link's target from one page's source to another's, as MkDocs resolves it."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def wres_measures(ctx: SiteContext, indicator: str) -> str:
    """The Markdown of a `/wres/<n>/` page's measures: a heading, a line, and the list."""
    src = term_src(WRES, indicator)
    found = indicator_entries(ctx.cases, indicator)
    impact = _link(src, IMPACT_SRC)
    if not found:
        return (f"## Measures\n\nNo case in the library records a measure of this indicator "
                f"yet. [Every measured impact]({impact}) is gathered on one page.")
    measures, cases = counts(found)
    return "\n\n".join([
        f"## Measures ({measures})",
        f"{counted(measures, 'measure')} of this indicator from {counted(cases, 'case')}, "
        f"shown as on [Measured impact]({impact}), which gathers every measure in the "
        f"library.",
        SAMPLE_SIZES,
        measures_html(found, ctx.views, page_root(src))])
