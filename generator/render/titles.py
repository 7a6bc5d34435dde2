"""Every page's title and description as plain text, escaped once."""

from __future__ import annotations

import re

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage

from casebook.plan.page import Page

_FIRST_HEADING = re.compile(r"^#[ \t]+([^\n]+)", re.MULTILINE)


def plain_title_and_description(page: MkDocsPage, planned: Page | None, markdown: str,
                                config: MkDocsConfig) -> None:
    """Every page's title and description as plain text in its meta, escaped here, once:
    MkDocs' templates do not autoescape, and the theme prints both as they are (<title>,
    <meta name="description">, Open Graph, the header). The title is the one mkdocs.yml's
    navigation gives the page, or the planned page's own, never the text of its rendered
    heading: Material's fallback, `page.title | striptags`, turns an escaped '&lt;/title&gt;'
    in a heading back into markup. A page Casebook does not plan (docs/) is titled by the
    Markdown of its first heading."""
    meta = page.meta
    if "title" not in meta:
        from_nav = vars(page).get("title")  # MkDocs sets it on the page for a nav entry
        meta["title"] = from_nav or (planned.title if planned is not None else (
            first_heading(markdown) or config.site_name))
    meta.setdefault("description", config.site_description or "")
    for key in ("title", "description"):
        if isinstance(meta[key], str):
            meta[key] = escape(meta[key])


def first_heading(markdown: str) -> str:
    """The text of a page's first '# ' heading, '' if it has none."""
    match = _FIRST_HEADING.search(markdown)
    return match.group(1).strip().rstrip("#").strip() if match else ""
