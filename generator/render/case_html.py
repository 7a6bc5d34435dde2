"""A case page's HTML as a reader gets it: the contributed body cleaned against its own
allow-list and its headings given ids from their text, then Casebook's impact table and the
sections after the body placed, cleaned against theirs, and the whole wrapped in the article
search indexes."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink

from casebook.plan.case_sections import place, place_impact
from casebook.plan.headings import ids_in, renumber, without_permalink
from casebook.plan.page import CaseParts
from casebook.render.sanitise import sanitise_case_html, sanitise_contributed_html
from casebook.render.toc import add_to_toc


def case_body(html: str, page: MkDocsPage, parts: CaseParts,
              slugify: Callable[[str], str]) -> str:
    """A case's body as a reader gets it. The contributed HTML is cleaned against its own
    allow-list, whatever the validator may have missed, and its headings are given ids from
    their text, never one the page's own parts hold; then Casebook's impact table and the
    sections after the body are placed, cleaned against theirs. The table of contents lists
    the headings with the ids they have now."""
    reserved = ids_in(parts.header) | ids_in(parts.impact) | ids_in(parts.sections)
    body, headings = renumber(sanitise_contributed_html(without_permalink(html)), reserved,
                              slugify)
    page.toc.items[:] = []
    for heading in headings:
        add_to_toc(page.toc.items, AnchorLink(heading.title, heading.id, heading.level))
    used = {heading.id for heading in headings} | ids_in(parts.impact)
    body = _with_sections(place_impact(body, sanitise_case_html(parts.impact)), page, parts,
                          used)
    # The ids Markdown gave stay known to MkDocs' link check: a link a contributor wrote to
    # an id that is gone is the link checker's to report (`casebook linkcheck`), never a
    # reason for a build to fail that `casebook validate` passed.
    page.present_anchor_ids = set(page.present_anchor_ids or ()) | used
    return body


def _with_sections(html: str, page: MkDocsPage, parts: CaseParts, used: set[str]) -> str:
    """A case body's HTML followed by the sections the core rendered after it, whose headings
    join the page's table of contents and anchors as Markdown headings would. `used` are the
    body's ids, to which the sections' are added."""
    if not parts.sections:
        return html
    fragment, headings = place(parts.sections, parts.sections_toc, used)
    for heading_id, title in headings:
        add_to_toc(page.toc.items, AnchorLink(title, heading_id, 2))
    return f"{html}\n{sanitise_case_html(fragment).strip()}"


def article(parts: CaseParts, html: str) -> str:
    """A case page's content: its header (title, summary, metadata panel, rendered by the
    core) and its body in the article search indexes. The theme prints it as it is, and
    Pagefind is given the same string."""
    return f'<article class="cb-case" data-pagefind-body>\n{parts.header}\n{html}\n</article>'
