"""Find cases (generator/plan/finder.py) and the old search address, planned without MkDocs:
what the page holds without JavaScript, the hook other modules render into, and /search/."""

from __future__ import annotations

import json
import re

import pytest

from casebook.library.load import Library
from casebook.library.urls import case_src
from casebook.plan.finder import FINDER_SRC, FINDER_TITLE
from casebook.plan.page import Page
from tests.regenerate_golden import load_fixture_library

_CB_DATA = re.compile(r'<script type="application/json" id="cb-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_fixture_library()


def test_the_finder_is_named_find_cases_and_stays_at_the_browse_address(
        pages: dict[str, Page]) -> None:
    """One page, in the navigation, at /browse/ (so every link made to a filtered view lands
    on it), titled "Find cases"."""
    finder = pages[FINDER_SRC]
    assert FINDER_SRC == "browse/index.md"
    assert finder.title == FINDER_TITLE == "Find cases" and finder.in_nav
    assert finder.markdown.startswith("# Find cases\n")


def test_without_javascript_the_finder_is_every_case_and_no_dead_control(
        library: Library, pages: dict[str, Page]) -> None:
    """The cards of every case are in the page; the word box, the bar, the chips and the
    filters are `hidden` until the script shows them, and the count is in words."""
    after = pages[FINDER_SRC].after
    assert len(re.findall(r'<article class="cb-card" id="case-', after)) == len(library.cases)
    for element in ('<form class="cb-finder__words" id="cb-filters-words"',
                    '<div class="cb-finder__bar" id="cb-filters-bar"',
                    '<ul class="cb-chips" id="cb-filters-chips"',
                    '<form class="cb-filters" id="cb-filters"'):
        start = after.index(element)
        assert " hidden" in after[start:after.index(">", start)], element
    assert f'aria-live="polite">{len(library.cases)} cases</p>' in after


def test_the_finder_leaves_an_empty_element_after_the_results_for_other_modules(
        pages: dict[str, Page]) -> None:
    """#cb-nearest, hidden and empty, follows the cards: the nearest-cases module fills it."""
    after = pages[FINDER_SRC].after
    cards_end = after.index('<div id="cb-nearest" class="cb-nearest" hidden></div>')
    assert after.rindex('id="cb-cards"', 0, cards_end) > 0


def test_the_embedded_records_hold_metadata_not_text(pages: dict[str, Page]) -> None:
    """Words are Pagefind's job: each record is slug, title, date and facet values only."""
    match = _CB_DATA.search(pages[FINDER_SRC].after)
    assert match is not None
    records = json.loads(match.group(1))
    assert all(set(record) == {"s", "t", "d", "f"} for record in records)


def test_the_old_search_address_forwards_to_the_finder_and_links_there(
        pages: dict[str, Page]) -> None:
    """/search/ stays out of the navigation and of search engines; its script forwards to
    /browse/ (with the query string), and without it a link goes there."""
    old = pages["search/index.md"]
    assert not old.in_nav and old.robots == "noindex"
    assert 'data-cb-forward="../browse/"' in old.after
    assert '<a class="md-button md-button--primary" href="../browse/">' in old.after
    assert "](../browse/index.md)" in old.markdown


def test_each_case_page_names_its_case_to_pagefind(library: Library,
                                                   pages: dict[str, Page]) -> None:
    """The 'slug' filter lets the finder learn which cases a search matched from one small
    filter file, without fetching each result."""
    for case in library.cases:
        header = pages[case_src(case.slug)].case.header
        assert f'data-pagefind-filter="slug:{case.slug}"' in header, case.slug
