"""'How to cite this case': the permanent link and a citation, both copyable.

The citation is dated by the case itself (published, and last reviewed), never by the day the
site was built, so it does not change from one build to the next:

    Organisation (2025). *Title*. Casebook. https://…/cases/slug/ (published 14 March 2025;
    last reviewed 2 February 2026).

The section is an HTML fragment (generator/case_sections.py) with the link to the page
itself ('./'). `assets/casebook/share.js` adds the "Copy link" and "Copy citation" buttons; without
JavaScript the text is there to select. When the site's address is unknown (no `site_url`),
the link shows the site-relative path, marked `data-cb-absolute` for share.js to complete.
"""

from __future__ import annotations

from markupsafe import Markup

from .cases import Case
from .fragments import render
from .urls import case_url
from .views import long_date

SITE_NAME = "Casebook"


def permanent_url(slug: str, site_url: str) -> str:
    """The case's address: absolute when the site's address is known, else site-relative."""
    path = case_url(slug)
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def citation_dates(case: Case) -> str:
    text = f"published {long_date(case.published)}"
    if case.reviewed:
        text += f"; last reviewed {long_date(case.reviewed)}"
    return text


def citation_text(case: Case, site_url: str = "") -> str:
    """The citation as plain text, as the copy button copies it."""
    return (f"{case.organisation} ({case.published.year}). {case.title}. {SITE_NAME}. "
            f"{permanent_url(case.slug, site_url)} ({citation_dates(case)}).")


def cite_section(case: Case, site_url: str = "") -> Markup:
    """The body of a case page's 'How to cite this case' section, as HTML."""
    return Markup(render("case-cite.html", case=case, url=permanent_url(case.slug, site_url),
                         complete=not site_url, site=SITE_NAME, dates=citation_dates(case)))
