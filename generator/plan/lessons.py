"""Learning across cases: an area page gathers what its cases found and what they learnt.

Two parts:
- how the cases split by outcome and strength of evidence (a small table of counts), planned
  with the page;
- the Lessons section of every case, each under a level-3 heading that links back to the
  case, so a board can read what tends to go wrong before it starts.

The lessons are gathered as Material's tags plugin gathers its listings: collect, then
render. The planner marks where they go on the area page (LESSONS_MARKER) and lists the
area's cases in its meta (`casebook_lessons`, from `gathered`); while the site is rendered,
the plugin keeps each case page's Lessons section from its finished HTML (`extract`), and
once every page is rendered it assembles each area page's section from them (`assemble`).
Nothing is parsed or rendered twice: rendering every case's Lessons again as Markdown on each
of its (up to four) area pages cost more than a second for 1,000 cases; assembling costs a
few string operations per case.

A case's Lessons run from its 'Lessons' level-2 heading to the next level-1 or level-2
heading, or the end of the body (where the sections after it begin). On the area page,
headings inside them move down one level (h3 → h4; an h6 becomes a bold line) so the outline
stays valid. They keep their anchors and their place in the table of contents, with the ids
Python-Markdown's toc extension gives them had the lessons been written on the area page (an
id the page already uses is numbered on). Relative links are rebased to work from the area page.
The lessons are taken from the case page's finished HTML, which the sanitiser has cleaned
(generator/render/sanitise.py): the area page shows nothing the case page would not.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

from casebook.library.anchors import unique_id
from casebook.library.cases import Case
from casebook.library.taxonomy import Taxonomy
from casebook.library.urls import case_src, case_url
from casebook.plan.case_sections import AFTER_BODY_CLASS
from casebook.plan.fragments import render
from casebook.plan.headings import (
    HTML_HEADING,
    HTML_ID,
    Heading,
    heading_id,
    permalink,
    plain_text,
    toc_title,
    without_permalink,
)
from casebook.plan.page import Lesson, Page

LESSONS = "lessons"
# Where the gathered lessons go in an area page's Markdown: an HTML comment, which
# Python-Markdown passes through as it is, and which a reader of `casebook stage` sees.
LESSONS_MARKER = "<!-- casebook:lessons -->"
HEADING = ("lessons-from-these-cases", "Lessons from these cases")
INTRO = ("What each case in this area says it learnt, including what did not work, in its own "
         "words. Follow a title to read the whole case.")
# A level-1 or level-2 heading, or the start of the sections after the body.
_SECTION_BREAK = re.compile(
    rf'<h([12])\b[^>]*>(.*?)</h\1\s*>|<div class="{AFTER_BODY_CLASS}"', re.DOTALL | re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
# A start or end tag as the sanitiser writes them (attribute values quoted; a name or an
# unquoted value stops at '<', so a tag left open never runs on into the next), and the
# elements that have no end tag.
_TAG = re.compile(r"""<(/?)([a-zA-Z][\w-]*)
                      (?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>""",
                  re.VERBOSE)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


def place(page_html: str, fragment: str, marker: str = LESSONS_MARKER) -> str:
    """The area page's HTML with the gathered lessons at the marker (or the marker gone, when
    there are none). Python-Markdown puts a blank line after the marker's block; the
    section's own blocks are separated by a newline, as Markdown's are."""
    at = page_html.find(marker)
    if at < 0:
        return page_html
    end = at + len(marker)
    while page_html.startswith("\n", end):
        end += 1
    return page_html[:at] + (fragment + "\n" if fragment else "") + page_html[end:]


def gathered(cases: Iterable[Case], taxonomy: Taxonomy) -> tuple[Lesson, ...]:
    """What an area page shows above each case's lessons: the case's slug, its title and a
    line about it (organisation, outcome, evidence)."""
    entries = []
    for case in cases:
        outcome = taxonomy["outcome"].get(case.outcome)
        evidence = taxonomy["evidence"].get(case.evidence)
        about = [case.organisation.rstrip(".")]
        if outcome and evidence:
            about += [f"Outcome: {outcome.label}", f"Evidence: {evidence.label}"]
        entries.append(Lesson(case.slug, case.title, ". ".join(about) + "."))
    return tuple(entries)


def gathered_from(page: Page) -> set[str]:
    """The sources of the case pages whose lessons (or "What did not work" sections,
    generator/plan/pitfalls.py, or text, generator/plan/pack_text.py) a page shows."""
    entries = [*page.lessons, *(entry for group in page.pitfalls for entry in group.entries)]
    return {case_src(entry.slug) for entry in entries} | {case_src(s) for s in page.case_texts}


def extract(page_html: str, heading: str = LESSONS) -> str:
    """The HTML of a case page's Lessons section (or the section under another level-2
    `heading`, in lower case), without its heading; '' if it has none."""
    bounds = section_bounds(page_html, heading)
    return "" if bounds is None else page_html[bounds[1]:bounds[2]].strip()


def section_bounds(page_html: str, heading: str) -> tuple[int, int, int] | None:
    """Where a case page's first level-2 section titled `heading` (in lower case) is: the
    start and end of its heading, and its own end (the next level-1 or level-2 heading, the
    sections after the body, or the end of the page); None if it has none.

    A section that does not close every element it opens counts as none: its heading sits
    inside an element the body opened earlier (a contributed <section> left open, which the
    sanitiser closes only at the end of the body), so taking it out, or wrapping it, would
    carry an end tag away from its start."""
    start = None
    bounds = None
    for match in _SECTION_BREAK.finditer(page_html):
        if start is not None:
            bounds = start[0], start[1], match.start()
            break
        if match.group(1) == "2" and plain_text(match.group(2)).casefold() == heading:
            start = match.start(), match.end()
    if start is not None and bounds is None:
        bounds = start[0], start[1], len(page_html)
    if bounds is None or not _balanced(page_html[bounds[0]:bounds[2]]):
        return None
    return bounds


def _balanced(fragment: str) -> bool:
    """Whether every element the fragment opens is closed in it, in order, and it closes
    none it did not open."""
    if "<" not in fragment:
        return True
    open_tags: list[str] = []
    for match in _TAG.finditer(fragment):
        name = match.group(2).lower()
        if name in _VOID:
            continue
        if not match.group(1):
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return False
    return not open_tags


def rebase(fragment: str, from_url: str, to_url: str) -> str:
    """Relative href and src addresses written for the page at `from_url`, made to work from
    the page at `to_url` (both site-relative folder URLs, 'cases/x/')."""
    return _URL_ATTRIBUTE.sub(
        lambda m: m.group(1) + rebased(m.group(2), from_url, to_url) + m.group(3), fragment)


def rebased(url: str, from_url: str, to_url: str) -> str:
    """One address written for the page at `from_url`, made to work from `to_url`. Empty,
    absolute ('https:', 'mailto:', '//host') and root-relative addresses stay as they are."""
    parts = urlsplit(url)
    if not url or parts.scheme or parts.netloc or url.startswith("/"):
        return url
    joined = urlsplit(urljoin("/" + from_url, url))
    path = posixpath.relpath(joined.path, "/" + to_url)
    if path == ".":
        path = "./"
    elif joined.path.endswith("/"):
        path += "/"
    return urlunsplit(("", "", path, joined.query, joined.fragment))


def assemble(entries: Iterable[Lesson], captured: Mapping[str, str], page_url: str,
             used: set[str], slugify: Callable[[str], str], *,
             heading: tuple[str, str] = HEADING, intro: str = INTRO,
             empty: str = "") -> tuple[str, list[Heading]]:
    """The 'Lessons from these cases' section of the area page at `page_url`, from each
    case's Lessons HTML in `captured` (slug → HTML), and its headings in order. Ids are
    taken from `used` (the page's ids) and added to it. Another gathered section gives its
    own (id, title) `heading` and `intro`; with `empty`, a case with nothing captured is
    listed all the same, with that sentence."""
    parts: list[str] = []
    headings: list[Heading] = []
    section_id = unique_id(heading[0], used)
    for entry in entries:
        lessons = captured.get(entry.slug) or (f"<p>{html.escape(empty)}</p>" if empty else "")
        if not lessons:
            continue
        title = html.escape(" ".join(entry.title.split()), quote=False)
        case_id = heading_id(html.unescape(title), used, slugify)
        link = rebased("./", case_url(entry.slug), page_url)
        parts += [f'<h3 id="{case_id}"><a href="{link}">{title}</a>{permalink(case_id)}</h3>',
                  f"<p><em>{html.escape(entry.about, quote=False)}</em></p>"]
        headings.append(Heading(3, case_id, title))
        # Permalinks go first: they point into the case page, and are made again below.
        lessons = rebase(without_permalink(lessons), case_url(entry.slug), page_url)
        body, inner = demoted(lessons, used, slugify)
        parts.append(body)
        headings += inner
    if not parts:
        used.discard(section_id)
        return "", []
    title = html.escape(heading[1], quote=False)
    head = [f'<h2 id="{section_id}">{title}{permalink(section_id)}</h2>',
            f"<p>{html.escape(intro, quote=False)}</p>"]
    return "\n".join(head + parts), [Heading(2, section_id, title), *headings]


def demoted(fragment: str, used: set[str], slugify: Callable[[str], str]
             ) -> tuple[str, list[Heading]]:
    """Every heading one level down (an h6 becomes a bold line), with the id the toc
    extension would give it on this page (the case page gave every heading its id from its
    text: generator/plan/headings.py, renumber); and those headings, in order."""
    headings: list[Heading] = []

    def one(match: re.Match[str]) -> str:
        level = int(match.group(1)) + 1
        attributes, content = match.group(2), match.group(3)
        if level > 6:
            return f"<p><strong>{content}</strong></p>"
        if HTML_ID.search(attributes) is None:
            return f"<h{level}{attributes}>{content}</h{level}>"
        new = heading_id(plain_text(content), used, slugify)
        attributes = HTML_ID.sub(f' id="{new}"', attributes, count=1)
        headings.append(Heading(level, new, toc_title(content)))
        return f"<h{level}{attributes}>{content}{permalink(new)}</h{level}>"

    return HTML_HEADING.sub(one, fragment), headings


def outcome_counts(cases: Iterable[Case], taxonomy: Taxonomy) -> str:
    """'## How these cases turned out': cases by outcome (rows) and evidence (columns)."""
    counts = Counter((c.outcome, c.evidence) for c in cases)
    total = sum(counts.values())
    if not total:
        return ""
    outcomes, evidence = taxonomy["outcome"], taxonomy["evidence"]
    rows = [{"label": o.label, "cells": [counts[(o.id, e.id)] for e in evidence],
             "total": sum(counts[(o.id, e.id)] for e in evidence)} for o in outcomes]
    columns = [sum(counts[(o.id, e.id)] for o in outcomes) for e in evidence]
    table = render("chart-outcomes.html", rows=rows, columns=[e.label for e in evidence],
                   column_totals=columns, total=total,
                   outcome_label=outcomes.label, evidence_label=evidence.label)
    return "\n\n".join(["## How these cases turned out", table])
