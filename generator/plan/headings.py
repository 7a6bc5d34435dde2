"""Headings in HTML the core renders itself, marked up as Python-Markdown's toc extension marks
up a Markdown heading (mkdocs.yml: `toc: permalink: true, permalink_title: …`), so a reader,
the table of contents and a link to an anchor cannot tell the two apart.

A contributed body's headings are given their ids here too (`renumber`), from their text
alone: an id a contributor chose (`{ #source }`, `<h2 id=…>`) is not kept, and an id the page's
own sections hold (#source, #how-to-cite-this-case …) or the site's scripts read (#__config,
#cb-data …) is never given to a body heading, whatever the body says.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from casebook.library.anchors import is_reserved_id, unique_id

# What the toc extension adds at the end of a heading with mkdocs.yml's settings
# (tests/integration/test_case_sections.py checks that the two agree).
PERMALINK_TITLE = "Link to this section"
PERMALINK = '<a class="headerlink" href="#{id}" title="' + PERMALINK_TITLE + '">&para;</a>'
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"[^>]*>[^<]*</a>')
_TAG = re.compile(r"<[^>]*>")
# A heading in HTML that nh3 wrote (attribute values in double quotes, no '>' in a title).
HTML_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1\s*>", re.DOTALL)
HTML_ID = re.compile(r'\sid="([^"]*)"')
_SAME_PAGE_LINK = re.compile(r'(\shref="#)([^"]*)(")')
# Before a slug that the site's scripts own ('__config', 'cb-data'): a body heading that
# reads so gets this in front.
RESERVED_SLUG_PREFIX = "section-"


@dataclass(frozen=True)
class Heading:
    """A heading for the page's table of contents: its level (2 for h2), id and title (as
    HTML, as the toc extension gives it)."""

    level: int
    id: str
    title: str


def permalink(heading_id: str) -> str:
    return PERMALINK.format(id=heading_id)


def without_permalink(inner: str) -> str:
    """A heading's content without the permalink the toc extension put at its end."""
    return _PERMALINK.sub("", inner)


def toc_title(inner: str) -> str:
    """A heading's title as the toc extension gives it: tags stripped (entities kept),
    white space collapsed."""
    return " ".join(_TAG.sub("", without_permalink(inner)).split())


def plain_text(inner: str) -> str:
    """A heading's text, entities decoded: what the toc extension slugifies for its id."""
    return html.unescape(toc_title(inner))


def heading_id(text: str, used: set[str], slugify: Callable[[str], str]) -> str:
    """The id the toc extension gives a heading of this (plain) text on a page whose ids are
    `used`, never one the site's scripts own; it is added to `used`."""
    wanted = slugify(text)
    if is_reserved_id(wanted):
        wanted = RESERVED_SLUG_PREFIX + wanted
    return unique_id(wanted, used)


def ids_in(fragment: str) -> set[str]:
    """Every id in HTML the core rendered (its templates quote attributes with '"')."""
    return set(HTML_ID.findall(fragment))


def renumber(body: str, reserved: set[str], slugify: Callable[[str], str]
             ) -> tuple[str, list[Heading]]:
    """A sanitised contributed body with each heading's id given from its text, as the toc
    extension gives it, but never an id in `reserved` (which the page itself holds) and never
    one the contributor chose; each heading with its permalink. Also its headings, in order,
    for the table of contents. A link in the body to a heading's former id follows it.

    The body's own permalinks must be gone before it is sanitised (`without_permalink`), so
    that no contributed link keeps the permalinks' class (casebook.js copies their address)."""
    used = set(reserved)
    headings: list[Heading] = []
    renamed: dict[str, str] = {}

    def one(match: re.Match[str]) -> str:
        level, attributes, content = int(match.group(1)), match.group(2), match.group(3)
        new = heading_id(plain_text(content), used, slugify)
        if (old := HTML_ID.search(attributes)) is not None:
            renamed.setdefault(old.group(1), new)
            attributes = HTML_ID.sub("", attributes)
        headings.append(Heading(level, new, toc_title(content)))
        return f'<h{level} id="{new}"{attributes}>{content}{permalink(new)}</h{level}>'

    body = HTML_HEADING.sub(one, body)
    moved = {old: new for old, new in renamed.items() if old != new and old not in reserved}
    if moved:
        body = _SAME_PAGE_LINK.sub(
            lambda m: m.group(1) + moved.get(m.group(2), m.group(2)) + m.group(3), body)
    return body, headings
