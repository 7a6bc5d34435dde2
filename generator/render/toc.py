"""A page's table of contents and anchors, kept as Python-Markdown's toc extension would keep
them when Casebook adds headings to a page's HTML after Markdown has run."""

from __future__ import annotations

from collections.abc import Callable

from markdown.extensions import toc as toc_extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink

from casebook.plan.headings import Heading
from casebook.plan.lessons import LESSONS_MARKER


def slugify_for(config: MkDocsConfig) -> Callable[[str], str]:
    """The toc extension's slugify, as mkdocs.yml configures it."""
    options = (config.mdx_configs or {}).get("toc", {})
    function = options.get("slugify", toc_extension.slugify)
    separator = options.get("separator", "-")
    return lambda text: function(text, separator)


def anchor_ids(page: MkDocsPage) -> set[str]:
    """The ids on the page (headings and others), which the page keeps up to date as the
    plugin adds headings, so MkDocs checks links to them."""
    if page.present_anchor_ids is None:
        page.present_anchor_ids = set()
    return page.present_anchor_ids


def add_to_toc(items: list[AnchorLink], link: AnchorLink) -> None:
    """Add `link` where Python-Markdown would nest it: under the last open heading of a
    higher level, if any."""
    while items and items[-1].level < link.level:
        items = items[-1].children
    items.append(link)


def insert_at_lessons(page: MkDocsPage, headings: list[Heading],
                      marker_text: str = LESSONS_MARKER) -> None:
    """Add headings the plugin put at LESSONS_MARKER (or another gathered section's marker)
    to the page's table of contents, in document order: each under the last open entry of a
    higher level, as the toc extension nests them."""
    content = page.content or ""
    marker = content.find(marker_text)
    items = page.toc.items
    while True:  # down to the list the first heading belongs in
        before = [i for i in items if content.find(f'id="{i.id}"') < marker]
        if not before or before[-1].level >= headings[0].level:
            break
        items = before[-1].children
    first = AnchorLink(headings[0].title, headings[0].id, headings[0].level)
    items.insert(len(before), first)
    for heading in headings[1:]:
        add_to_toc([first], AnchorLink(heading.title, heading.id, heading.level))
