"""`/learning-from-failure/`: every case whose outcome was mixed, no change yet or did not
work, with what it says did not work, grouped by outcome.

Each group's cases and their "What did not work" sections are gathered from the rendered
case pages, as an area page's pitfalls are (generator/plan/pitfalls.py). The groups run from
the starkest outcome to the most hopeful; after them come the cases of other outcomes that
say what did not work all the same.
"""

from __future__ import annotations

from casebook.library.cases import Case
from casebook.library.contract import FAILURE_OUTCOMES
from casebook.library.urls import QUERY_KEYS, relative
from casebook.plan.context import SiteContext
from casebook.plan.lessons import gathered
from casebook.plan.markdown_text import md_text
from casebook.plan.page import Gathering, Page, page_url
from casebook.plan.pitfalls import FAILURE_PAGE_URL, has_pitfalls

FAILURE_SRC = f"{FAILURE_PAGE_URL}index.md"
TITLE = "Learning from failure"
# Starkest first: a chair weighing an idea reads what did not work before what was mixed.
GROUPS = ("did-not-work", "no-change-yet", "mixed")
OTHER_HEADING = ("other-outcomes", "Other outcomes")
EMPTY = "The case says nothing more under “What did not work”: read the whole case."


def failure_page(ctx: SiteContext) -> Page:
    """The page, with one gathered section per outcome that has cases."""
    outcomes = ctx.taxonomy["outcome"]
    groups: list[tuple[Gathering, int]] = []
    for outcome_id in GROUPS:
        term = outcomes.get(outcome_id)
        cases = ctx.index.cases("outcome", outcome_id)
        if term is None or not cases:
            continue
        groups.append((_gathering(ctx, outcome_id, (outcome_id, term.label),
                                  term.description, cases, empty=EMPTY), len(cases)))
    others = [case for case in ctx.cases
              if case.outcome not in FAILURE_OUTCOMES and has_pitfalls(case)]
    if others:
        groups.append((_gathering(ctx, "other", OTHER_HEADING, _other_intro(ctx), others),
                       len(others)))
    failed = sum(count for group, count in groups if group.heading != OTHER_HEADING)
    parts = [f"# {TITLE}", _intro(failed)]
    if groups:
        parts.append("\n".join(f"- [{md_text(group.heading[1])}](#{group.heading[0]}): "
                               f"{_cases(count)}" for group, count in groups))
    if failed:
        # Raw HTML: MkDocs drops the query string of a Markdown link to a page.
        query = "&amp;".join(f"{QUERY_KEYS['outcome']}={o}" for o in GROUPS)
        href = relative(page_url(FAILURE_SRC), "browse/")
        parts.append(f'You can also <a href="{href}?{query}">browse these cases as cards</a>, '
                     f"and narrow any list of cases by its outcome.")
    parts += [group.marker for group, _ in groups]
    return Page(FAILURE_SRC, TITLE, "\n\n".join(parts), in_nav=True,
                pitfalls=tuple(group for group, _ in groups),
                description="Every case whose outcome was mixed, no change yet or did not "
                            "work, with what it says did not work.")


def _gathering(ctx: SiteContext, key: str, heading: tuple[str, str], intro: str,
               cases: list[Case], *, empty: str = "") -> Gathering:
    return Gathering(f"<!-- casebook:pitfalls:{key} -->", heading, intro,
                     gathered(cases, ctx.taxonomy), empty)


def _intro(count: int) -> str:
    if not count:
        return ("No case in the library has an outcome of *did not work*, *no change yet* or "
                "*mixed* yet. Failures are as welcome as successes: knowing what did not work "
                "saves other organisations time.")
    return (f"Not everything works, and this library keeps what did not. "
            f"{'This is' if count == 1 else 'These are'} the {_cases(count)} whose outcome "
            f"was *did not work*, *no change yet* or *mixed*, each with what it says did not "
            f"work, in its own words: the pitfalls to look for before starting something "
            f"similar. Follow a title to read the whole case.")


def _other_intro(ctx: SiteContext) -> str:
    labels = [t.label.lower() for t in ctx.taxonomy["outcome"] if t.id not in FAILURE_OUTCOMES]
    return (f"Cases with another outcome ({' or '.join(labels)}) that say what did not "
            f"work all the same.")


def _cases(count: int) -> str:
    return f"{count} case{'' if count == 1 else 's'}"
