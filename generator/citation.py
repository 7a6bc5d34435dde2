"""'How to cite this case': the permanent link and a citation, both copyable.

The citation is dated by the case itself (published, and last reviewed), never by the day the
site was built, so it does not change from one build to the next:

    Organisation (2025). *Title*. Casebook. https://…/cases/slug/ (published 14 March 2025;
    last reviewed 2 February 2026).

The section is plain Markdown with attribute lists (no raw HTML for the parser to stash).
`assets/casebook/share.js` adds the "Copy link" and "Copy citation" buttons; without
JavaScript the text is there to select. When the site's address is unknown (no `site_url`),
the link shows the site-relative path, marked `data-cb-absolute` for share.js to complete.
"""

from __future__ import annotations

from .cases import Case
from .markdown_text import md_text
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


def cite_section(case: Case, site_url: str = "") -> str:
    """The '## How to cite this case' section of a case page, as Markdown."""
    url = permanent_url(case.slug, site_url)
    complete = "" if site_url else ' data-cb-absolute="true"'

    def link(attributes: str) -> str:
        # A link to the page itself: '<slug>.md' from 'cases/<slug>.md', which MkDocs checks.
        return f"[{md_text(url)}]({case.slug}.md){{ .cb-share__url{complete}{attributes} }}"

    ignore = 'data-pagefind-ignore="all"'
    copy_link = link(' data-cb-copy="Copy link"')
    return "\n\n".join([
        "## How to cite this case",
        f"Permanent link: {copy_link}\n"
        f"{{ .cb-share__row {ignore} }}",
        f"{md_text(case.organisation)} ({case.published.year}). *{md_text(case.title)}*. "
        f"{SITE_NAME}. {link('')} ({citation_dates(case)}).\n"
        f"{{ .cb-share__row .cb-citation data-cb-copy=\"Copy citation\" {ignore} }}",
    ])
