"""'How to cite this case': the permanent link and a citation, both copyable.

A case drawn from a published source is a summary of that source, so its citation credits
the source first (publisher, year, title and address), then the library's page; a case
written first-hand by its organisation is cited as the organisation's:

    NHS Providers (2022). *Race 2.0: time for real change*. https://…. Summarised in
    Casebook as "Title". https://…/cases/slug/ (published 14 March 2025).

    Organisation (2025). *Title*. Casebook. https://…/cases/slug/ (published 14 March 2025;
    last reviewed 2 February 2026).

The citation is dated by the case itself (published, and last reviewed), never by the day the
site was built, so it does not change from one build to the next.

The section is an HTML fragment (generator/plan/case_sections.py) with the link to the page
itself ('./'). `assets/casebook/share.js` adds the "Copy link" and "Copy citation" buttons; without
JavaScript the text is there to select. When the site's address is unknown (no `site_url`),
the link shows the site-relative path, marked `data-cb-absolute` for share.js to complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from casebook.library.cases import Case
from casebook.library.urls import permanent_url
from casebook.plan.fragments import render
from casebook.plan.views import long_date

SITE_NAME = "Casebook"


def citation_dates(case: Case) -> str:
    text = f"published {long_date(case.published)}"
    if case.reviewed:
        text += f"; last reviewed {long_date(case.reviewed)}"
    return text


@dataclass(frozen=True)
class Part:
    """A piece of the citation: plain text, a title (shown in italics), the source's
    address or the case's permanent link (both shown as links)."""

    text: str
    kind: str = ""  # "", "title", "source" or "page"


def citation_parts(case: Case, site_url: str = "") -> list[Part]:
    """The citation, piece by piece, so its text and its HTML say the same."""
    page = [Part(permanent_url(case.slug, site_url), "page"),
            Part(f" ({citation_dates(case)}).")]
    source = case.source
    if source.published:
        return [Part(f"{source.publisher} ({source.year}). "), Part(source.title, "title"),
                Part(". "), Part(source.url, "source"),
                Part(f". Summarised in {SITE_NAME} as “{case.title}”. "), *page]
    return [Part(f"{case.organisation} ({case.published.year}). "), Part(case.title, "title"),
            Part(f". {SITE_NAME}. "), *page]


def citation_text(case: Case, site_url: str = "") -> str:
    """The citation as plain text, as the copy button copies it."""
    return "".join(part.text for part in citation_parts(case, site_url))


def cite_section(case: Case, site_url: str = "") -> Markup:
    """The body of a case page's 'How to cite this case' section, as HTML."""
    return Markup(render("case-cite.html", url=permanent_url(case.slug, site_url),
                         complete=not site_url, parts=citation_parts(case, site_url)))
