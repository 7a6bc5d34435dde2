"""A Python-Markdown extension for the folder `casebook stage` writes: what the plugin does to
a case page's HTML while MkDocs renders it, done inside Markdown's own run instead, for a
renderer that runs no MkDocs plugin but does run Markdown extensions (Zensical).

generator/plan/standalone.py marks a case page's parts in its Markdown. Here, once the page is
HTML: the contributed body is cleaned against its allow-list and its headings are given ids
that none of the page's own parts hold (generator/plan/headings.py), the impact table goes to the
end of the Impact section, Casebook's own fragments are cleaned against theirs, and the table
of contents lists the body's headings with the ids they now have, then the sections after
the body, as the plugin's does (generator/render/case_html.py, case_body). Other pages pass
as they are.

The body is everything between the first BODY_START and the last BODY_END: the header before
it is the core's escaped HTML, so whatever markers a contributed body writes, all of it lies
between the two, and nothing it writes can reach past them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.toc import nest_toc_tokens
from markdown.extensions.toc import slugify as toc_slugify
from markdown.postprocessors import Postprocessor

from casebook.plan.case_sections import place_impact
from casebook.plan.headings import (
    HTML_HEADING,
    HTML_ID,
    Heading,
    ids_in,
    renumber,
    toc_title,
    without_permalink,
)
from casebook.plan.standalone import BODY_END, BODY_START, IMPACT_END, IMPACT_START
from casebook.render.sanitise import sanitise_case_html, sanitise_contributed_html


class _CasePage(Postprocessor):
    """A case page's HTML put together as the plugin puts it (see the module's docstring)."""

    def run(self, text: str) -> str:
        start, end = text.find(BODY_START), text.rfind(BODY_END)
        if start < 0 or end < start:
            return text
        header = text[:start]
        body = text[start + len(BODY_START):end]
        impact, rest = _cut(text[end + len(BODY_END):], IMPACT_START, IMPACT_END)
        impact, rest = sanitise_case_html(impact).strip(), sanitise_case_html(rest).strip()
        reserved = ids_in(header) | ids_in(impact) | ids_in(rest)
        body, headings = renumber(sanitise_contributed_html(without_permalink(body)), reserved,
                                  self._slugify())
        self.md.toc_tokens = _toc([*headings, *_headings(rest)])  # type: ignore[attr-defined]
        return "\n".join(part for part in (header.rstrip(), place_impact(body, impact), rest)
                         if part)

    def _slugify(self) -> Callable[[str], str]:
        """The toc extension's slugify, as mkdocs.yml configures it."""
        try:
            toc = self.md.treeprocessors["toc"]
        except KeyError:  # no toc extension: its default
            toc = None
        function = getattr(toc, "slugify", toc_slugify)
        separator = getattr(toc, "sep", "-")
        return lambda text: function(text, separator)


def _cut(text: str, start_marker: str, end_marker: str) -> tuple[str, str]:
    """What lies between the markers at the start of `text`, and the rest."""
    text = text.lstrip()
    end = text.find(end_marker)
    if not text.startswith(start_marker) or end < 0:
        return "", text
    return text[len(start_marker):end], text[end + len(end_marker):]


def _headings(fragment: str) -> list[Heading]:
    """The headings of the core's sections after the body, as the table of contents lists
    them."""
    found = []
    for match in HTML_HEADING.finditer(fragment):
        heading_id = HTML_ID.search(match.group(2))
        if heading_id:
            found.append(Heading(int(match.group(1)), heading_id.group(1),
                                 toc_title(match.group(3))))
    return found


def _toc(headings: list[Heading]) -> list[Any]:
    """Python-Markdown's table-of-contents tokens for `headings`, nested as it nests them.
    Typed loosely: the tokens carry keys ('html', 'data-toc-label') its stubs do not declare."""
    tokens: list[Any] = [{"level": h.level, "id": h.id, "name": html.unescape(h.title),
                          "html": h.title, "data-toc-label": ""} for h in headings]
    return nest_toc_tokens(tokens)


class CasePageExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Last of all: after the raw HTML (the markers among it) is back in the text.
        md.postprocessors.register(_CasePage(md), "casebook_case_page", 5)


def makeExtension(**kwargs: Any) -> CasePageExtension:  # noqa: N802 (Python-Markdown's name)
    return CasePageExtension(**kwargs)
