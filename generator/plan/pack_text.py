"""A pack handout's cases in their own words: under each case of a pack, its "What they did",
"Impact" (with the impact table and charts the case page closes it with) and "What did not
work", so a printed pack carries the cases' text and a facilitator needs nothing else.

They are gathered as an area page gathers its cases' Lessons (generator/plan/lessons.py):
the planner marks where each case's text goes (pack_pages.text_marker) and lists the pack's
cases in the page's `case_texts`; while the site is rendered, the plugin keeps those sections
of each of these case pages' finished HTML (`extract`), which the sanitiser has cleaned and whose
headings have their ids (generator/render/case_html.py); once every page is rendered it puts
them on the pack page (`assemble`). Nothing is parsed or rendered twice, and a pack shows
nothing its cases' pages would not.

On the pack page each case is a level-2 heading, so each section is a level-3 heading and the
headings inside it move down one level. Every id the sections carry (a heading's, a chart's
title, one a contributor wrote) is made unique on the page, and the same-page links and
ARIA references to it follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from casebook.library.anchors import unique_id
from casebook.library.contract import WHAT_DID_NOT_WORK
from casebook.library.urls import case_url
from casebook.plan.headings import Heading, heading_id, permalink, without_permalink
from casebook.plan.lessons import demoted, rebase
from casebook.plan.lessons import extract as extract_section

# The sections a pack shows, in the case page's order: (heading in lower case, title). The
# case's Challenge and Lessons stay on its page; its board questions are the pack's own.
SECTIONS = (("what they did", "What they did"), ("impact", "Impact"),
            (WHAT_DID_NOT_WORK.casefold(), WHAT_DID_NOT_WORK))
TEXT_CLASS = "cb-pack__text"
# A start tag as the sanitiser writes it (every attribute value in double quotes, none with a
# '"' in it), and one attribute of it; the attributes that name an id on the same page.
_START_TAG = re.compile(r'<([a-zA-Z][\w-]*)((?:\s+[^\s"\'<>/=]+(?:="[^"]*")?)*)(\s*/?)>')
_ATTRIBUTE = re.compile(r'(\s+)([^\s"\'<>/=]+)(?:="([^"]*)")?')
_REFERENCES = frozenset({"aria-labelledby", "aria-describedby", "aria-controls", "for"})
_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


def extract(page_html: str) -> dict[str, str]:
    """The HTML of a case page's sections a pack shows (lower-case heading → HTML without
    its heading); a section the case does not have is left out."""
    sections = {key: extract_section(page_html, key) for key, _ in SECTIONS}
    return {key: html for key, html in sections.items() if html}


def assemble(slug: str, texts: Mapping[str, str], page_url: str, used: set[str],
             slugify: Callable[[str], str]) -> tuple[str, list[Heading]]:
    """A case's sections for the pack page at `page_url`, from its `texts` (`extract`), and
    their headings in order. Ids are taken from `used` (the page's ids) and added to it."""
    parts: list[str] = []
    headings: list[Heading] = []
    for key, title in SECTIONS:
        text = texts.get(key)
        if not text:
            continue
        section_id = heading_id(title, used, slugify)
        parts.append(f'<h3 id="{section_id}">{title}{permalink(section_id)}</h3>')
        headings.append(Heading(3, section_id, title))
        # Permalinks go first: they point into the case page, and are made again below.
        body = rebase(without_permalink(text), case_url(slug), page_url)
        body, inner = demoted(body, used, slugify)
        parts.append(_other_ids_unique(body, {h.id for h in inner}, used))
        headings += inner
    if not parts:
        return "", []
    return "\n".join([f'<div class="{TEXT_CLASS}">', *parts, "</div>"]), headings


def _other_ids_unique(fragment: str, given: set[str], used: set[str]) -> str:
    """The fragment with every id but its headings' (`given`, already unique on the page)
    made unique on the page, and the same-page links and ARIA references in it following."""
    renamed: dict[str, str] = {}

    def ids(tag: re.Match[str]) -> str:
        heading = tag.group(1).lower() in _HEADING_TAGS

        def one(attribute: re.Match[str]) -> str:
            name, value = attribute.group(2).lower(), attribute.group(3)
            if name != "id" or value is None or (heading and value in given):
                return attribute.group(0)
            new = unique_id(value, used)
            renamed.setdefault(value, new)
            return f'{attribute.group(1)}{attribute.group(2)}="{new}"'

        return f"<{tag.group(1)}{_ATTRIBUTE.sub(one, tag.group(2))}{tag.group(3)}>"

    def references(tag: re.Match[str]) -> str:
        def one(attribute: re.Match[str]) -> str:
            name, value = attribute.group(2).lower(), attribute.group(3)
            if value is None:
                return attribute.group(0)
            if name in _REFERENCES:
                value = " ".join(renamed.get(v, v) for v in value.split())
            elif name == "href" and value.startswith("#"):
                value = "#" + renamed.get(value[1:], value[1:])
            return f'{attribute.group(1)}{attribute.group(2)}="{value}"'

        return f"<{tag.group(1)}{_ATTRIBUTE.sub(one, tag.group(2))}{tag.group(3)}>"

    fragment = _START_TAG.sub(ids, fragment)
    if any(old != new for old, new in renamed.items()):
        fragment = _START_TAG.sub(references, fragment)
    return fragment
