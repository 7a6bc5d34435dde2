"""`/session/?cases=a,b&title=…`: a facilitator's session, built in the browser from cases
chosen with "Add to session" on case cards and pages.

The address is the session: nothing is stored on a server, and a copied link reopens the
same session anywhere (theme/assets/casebook/session.js). The page is static: it embeds what
the script needs to check and label the chosen cases (their titles, primary areas and the
areas' board questions from taxonomy.yml) and fetches each chosen case's own page for its
summary, what they did, impact and what did not work, so that every word about a case is the
one its page shows, and a library of thousands of cases does not put every case's text in
one page. Without JavaScript the page says what it is and links to the maintained packs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from casebook.library.contents import PACKS_DIR
from casebook.library.packs import MAX_CASES, MAX_QUESTIONS, TEXT_LIMITS
from casebook.library.urls import RESERVED_SLUGS, on_site
from casebook.plan.context import SiteContext
from casebook.plan.fragments import render, script_json
from casebook.plan.page import Page

SESSION_SRC = "session/index.md"
TITLE = "Session"
# The longest session title the page keeps, as a pack's title (library/packs.py).
MAX_TITLE = TEXT_LIMITS["title"][1]


def session_address(root: str, slugs: Sequence[str], title: str) -> str:
    """The session page holding these cases, in this order, under this title."""
    query = urlencode({"cases": ",".join(slugs), "title": title}, safe=",")
    return f"{root}session/?{query}"


def session_page(ctx: SiteContext) -> Page:
    """The session page: its explanation, the empty frame its script fills, and the data."""
    root = "../"
    markdown = (f"# {TITLE}\n\n"
                "A session is a handful of cases for a peer-learning session or a board "
                "discussion, in the order you want to discuss them. Choose cases with "
                "**Add to session** on any case or case card; this page shows each case's "
                "summary, what they did, its impact and what did not work, with questions to "
                "discuss. The address of this page holds the whole session: copy the link "
                "to share it or to come back to it. Nothing is stored on a server.\n"
                "{: .cb-session__intro }")
    fragment = render("session.html", root=root, packs=f"{root}{PACKS_DIR}/",
                      max_cases=MAX_CASES, max_title=MAX_TITLE,
                      data=script_json(session_data(ctx)))
    return Page(SESSION_SRC, TITLE, markdown, after=fragment, hide=("navigation", "toc"),
                robots="noindex",
                description="A session of chosen cases for a peer-learning session, "
                            "built in your browser and shared by its link.")


def session_data(ctx: SiteContext) -> dict[str, Any]:
    """What the session script needs, compact: each case's title, primary area and
    organisation; each area's number, title and board questions; the site's address for
    printed links; and the rules a downloaded pack file must keep (library/packs.py)."""
    areas = {area.id: [area.number, area.title, list(area.board_questions)]
             for area in ctx.taxonomy.areas}
    return {
        "site": on_site(ctx.site_url, ""),
        "cases": {case.slug: [case.title, case.areas[0], case.organisation]
                  for case in ctx.cases},
        "areas": areas,
        "maxCases": MAX_CASES,
        "maxQuestions": MAX_QUESTIONS,
        "maxTitle": MAX_TITLE,
        "limits": {key: list(limits) for key, limits in TEXT_LIMITS.items()},
        "reserved": sorted(RESERVED_SLUGS),
    }
