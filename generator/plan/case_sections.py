"""The sections after a case's body: board questions, related cases, packs, source, how to
verify and how to cite the case.

They are the same few shapes on every case page (the questions are even the same for every
case of an area), so the core renders them with its autoescaping Jinja, as one HTML fragment,
instead of handing them to Python-Markdown, where they cost more than the body itself
(docs/performance.md). The fragment is the page's `CaseParts.sections`, with its headings
(`sections_toc`); the plugin appends it to the page's HTML and its headings to the table of
contents. Each heading carries the id and
permalink Python-Markdown's toc extension would give it, and `place` renames an id the body
already uses as the toc extension would, so anchors and the sidebar stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from casebook.library.anchors import unique_id
from casebook.library.cases import Case
from casebook.plan.citation import cite_section
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render
from casebook.plan.headings import HTML_HEADING, permalink, plain_text
from casebook.plan.pack_pages import used_in_packs
from casebook.plan.provenance import verify_section
from casebook.plan.repository import correction_links
from casebook.plan.views import long_date, period_text

INTRO = "From this case's primary area of good practice:"
OTHER_AREAS = "From its other areas:"
# The element that holds the sections: the end of the case's own text (generator/plan/lessons.py).
AFTER_BODY_CLASS = "cb-case__after"
# The body's sections the impact table closes Impact before: 'What did not work' when the
# case has one (it follows Impact), else 'Lessons'.
BEFORE_IMPACT_TABLE = ("what did not work", "lessons")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    html: Markup


def case_sections(ctx: SiteContext, case: Case) -> list[Section]:
    """The sections of a case page after its body, in order, each with its heading."""
    questions = [Markup(f"<p>{INTRO}</p>"), ctx.board_questions(case.areas[0])]
    others = [area.id for area in ctx.taxonomy.areas if area.id in case.areas[1:]]
    if others:
        questions.append(Markup(f"<p>{OTHER_AREAS}</p>"))
        questions += [ctx.board_questions(area_id, folded=True) for area_id in others]
    sections = [Section("questions-for-your-board", "Questions for your board",
                        Markup("\n").join(questions))]
    related = ctx.related[case.slug]
    if related:
        sections.append(Section("related-cases", "Related cases",
                                Markup(render("case-related.html", related=related))))
    packs = used_in_packs(ctx.library.packs, case.slug)
    if packs:
        sections.append(Section("used-in-session-packs", "Used in session packs", packs))
    sections.append(Section("source", "Source", Markup(render(
        "case-source.html", case=case, period=period_text(case.period),
        approved=long_date(case.consent.date) if case.consent else ""))))
    verify = verify_section(case, ctx.history.get(case.slug), ctx.repo_url) + correction_links(
        case, ctx.repo_url, ctx.edit_uri, ctx.site_url)
    if verify:
        sections.append(Section("verify-this-case", "Verify this case", verify))
    sections.append(Section("how-to-cite-this-case", "How to cite this case",
                            cite_section(case, ctx.site_url)))
    return sections


def sections_html(sections: list[Section]) -> str:
    """The sections as one HTML fragment, each with its heading and permalink."""
    return render("case-sections.html", sections=sections, after_body_class=AFTER_BODY_CLASS,
                  permalink=lambda heading_id: Markup(permalink(escape(heading_id))))


def place(fragment: str, headings: Iterable[tuple[str, str]],
          used: set[str]) -> tuple[str, list[tuple[str, str]]]:
    """The fragment and its (id, title) headings, with every id the page already uses
    renamed; the ids taken are added to `used`."""
    placed = []
    for heading_id, title in headings:
        new = unique_id(heading_id, used)
        if new != heading_id:
            fragment = fragment.replace(f'id="{heading_id}"', f'id="{new}"', 1).replace(
                f'href="#{heading_id}"', f'href="#{new}"', 1)
        placed.append((new, title))
    return fragment, placed


def place_impact(body: str, table: str) -> str:
    """The body's HTML with the impact table at the end of its Impact section: before its
    'What did not work' or 'Lessons' level-2 heading, or at the end of the body when there
    is neither."""
    if not table:
        return body
    for match in HTML_HEADING.finditer(body):
        if match.group(1) == "2" and plain_text(match.group(3)).casefold() in BEFORE_IMPACT_TABLE:
            return f"{body[:match.start()]}{table}\n{body[match.start():]}"
    return f"{body.rstrip()}\n{table}"
