"""What did not work, first-class: the section on a case page, and the pages that gather it.

A case's "What did not work" section (front-matter contract v1.1: required for a `mixed`,
`no-change-yet` or `did-not-work` outcome, welcome for any) is set apart on its page as a
panel under its own heading (`highlight`). Area pages gather their cases' sections as
"Pitfalls others met", and `/learning-from-failure/` gathers them by outcome
(generator/plan/failure.py). They are gathered as an area page gathers its cases' Lessons
(generator/plan/lessons.py): from each case page's finished, sanitised HTML, so a pitfall
reads exactly as on its case page, its links rebased and its headings moved down a level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casebook.library.anchors import fenced_lines
from casebook.library.cases import Case
from casebook.library.contract import WHAT_DID_NOT_WORK
from casebook.library.taxonomy import Taxonomy
from casebook.plan.headings import HTML_ID
from casebook.plan.lessons import extract as extract_section
from casebook.plan.lessons import gathered, section_bounds
from casebook.plan.page import Gathering

PITFALLS = WHAT_DID_NOT_WORK.casefold()
# Where an area page's gathered pitfalls go (an HTML comment, as LESSONS_MARKER).
PITFALLS_MARKER = "<!-- casebook:pitfalls -->"
AREA_HEADING = ("pitfalls-others-met", "Pitfalls others met")
AREA_INTRO = ("What the cases in this area say did not work, in their own words. Follow a "
              "title to read the whole case.")
# The case page's panel: its class, and the way on to the page that gathers every case's.
PANEL_CLASS = "cb-failure"
FAILURE_PAGE_URL = "learning-from-failure/"
# An ATX level-2 heading "What did not work" (the contract's form; body rules check it).
_HEADING_LINE = re.compile(rf"##[ \t]+{re.escape(WHAT_DID_NOT_WORK)}[ \t#]*", re.IGNORECASE)


def has_pitfalls(case: Case) -> bool:
    """Whether the case's body has a '## What did not work' section (outside code)."""
    if WHAT_DID_NOT_WORK.casefold() not in case.body.casefold():
        return False
    lines = case.body.split("\n")
    code = fenced_lines(lines)
    return any(_HEADING_LINE.fullmatch(line.rstrip()) and index not in code
               for index, line in enumerate(lines))


def area_pitfalls(cases: Iterable[Case], taxonomy: Taxonomy) -> tuple[Gathering, ...]:
    """An area page's "Pitfalls others met": its cases that say what did not work, in the
    order the page lists them; none when no case does."""
    entries = gathered((case for case in cases if has_pitfalls(case)), taxonomy)
    if not entries:
        return ()
    return (Gathering(PITFALLS_MARKER, AREA_HEADING, AREA_INTRO, entries),)


def extract(page_html: str) -> str:
    """The HTML of a case page's "What did not work" section, without its heading; '' if it
    has none."""
    return extract_section(page_html, PITFALLS)


def highlight(page_html: str, root: str) -> str:
    """A case page's HTML with its "What did not work" section, heading and all, in a panel
    named by that heading, ending with a link to the other cases' (from `root`, the path
    to the site root). The heading stays a real level-2 heading, in the table of contents."""
    bounds = section_bounds(page_html, PITFALLS)
    if bounds is None:
        return page_html
    start, heading_end, end = bounds
    heading_id = HTML_ID.search(page_html[start:heading_end])
    named = f' aria-labelledby="{heading_id.group(1)}"' if heading_id else ""
    section = page_html[start:end].rstrip()
    after = page_html[start + len(section):end]
    more = (f'<p class="{PANEL_CLASS}__more" data-pagefind-ignore="all">'
            f'<a href="{root}{FAILURE_PAGE_URL}">What did not work in other cases</a></p>')
    return (f'{page_html[:start]}<section class="{PANEL_CLASS}"{named}>\n{section}\n{more}\n'
            f'</section>{after}{page_html[end:]}')
