"""Headings in HTML the core renders itself, marked up as Python-Markdown's toc extension marks
up a Markdown heading (mkdocs.yml: `toc: permalink: true, permalink_title: …`), so a reader,
the table of contents and a link to an anchor cannot tell the two apart.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# What the toc extension adds at the end of a heading with mkdocs.yml's settings
# (tests/test_case_sections.py checks that the two agree).
PERMALINK_TITLE = "Link to this section"
PERMALINK = '<a class="headerlink" href="#{id}" title="' + PERMALINK_TITLE + '">&para;</a>'
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"[^>]*>[^<]*</a>')
_TAG = re.compile(r"<[^>]*>")


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


def unique_id(wanted: str, used: set[str]) -> str:
    """`wanted`, or `wanted_1`, `wanted_2`… if taken, as the toc extension does it; the id
    returned is added to `used`."""
    found = wanted
    if found in used or not found:
        match = _ID_COUNT.match(wanted)
        base, count = (match.group(1), int(match.group(2))) if match else (wanted, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        found = f"{base}_{count}"
    used.add(found)
    return found
