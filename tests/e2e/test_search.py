"""Search in a real browser: Pagefind's index with facet filters, state in the query string."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import LibraryCase

RESULTS = "#cb-search-results li h2 a"
PAGE_SIZE = 10  # results shown before "Show more" (search.js)


def wait_for_results(page: Page) -> None:
    """The search page marks itself ready once results (or 'no case matches') are shown."""
    page.locator("[data-cb-search][data-cb-ready='true']").wait_for(state="attached")


def result_slugs(page: Page) -> list[str]:
    hrefs = page.locator(RESULTS).evaluate_all("links => links.map(a => a.pathname)")
    return [re.sub(r"^.*/cases/([^/]+)/$", r"\1", h) for h in hrefs]


@pytest.fixture(scope="module")
def titled(library: list[LibraryCase]) -> LibraryCase:
    """A case whose title has a distinctive phrase: the reverse mentoring case if present."""
    for case in library:
        if "reverse mentoring" in case.title.lower():
            return case
    return library[0]


def test_a_phrase_from_a_case_title_finds_that_case_first(page: Page,
                                                           titled: LibraryCase) -> None:
    """Searching for words of one case's title puts that case at the top."""
    words = " ".join(titled.title.split(":")[0].split()[:3])
    page.goto(f"/search/?q={words}")
    wait_for_results(page)
    assert result_slugs(page)[0] == titled.slug


def test_ticking_a_filter_narrows_results_to_cases_carrying_that_term(
        page: Page, library: list[LibraryCase], taxonomy: dict[str, Any]) -> None:
    """Every result after ticking a trust-type filter carries that trust type."""
    page.goto("/search/?q=board")
    wait_for_results(page)
    before = result_slugs(page)
    box = page.locator("#cb-search-filters input[name='trust_type']").first
    term = box.get_attribute("value")
    box.check()
    wait_for_results(page)
    page.wait_for_url(re.compile(rf"trust_type={term}"))
    expect(page.locator("#cb-search-status")).to_contain_text("match")
    after = result_slugs(page)
    by_slug = {c.slug: c for c in library}
    assert after, "the filter left no results although its count was shown"
    assert all(by_slug[s].has("trust_type", term) for s in after)
    assert set(after) <= set(before) or len(before) >= PAGE_SIZE  # only the first page shown


def test_a_new_search_clears_the_ready_mark_until_its_own_results_are_shown(
        page: Page) -> None:
    """Waiting for 'ready' after a change must wait for that change's results, not the last."""
    page.goto("/search/?q=staff")
    wait_for_results(page)
    # Click and read in one task: the search's promise cannot settle in between.
    during = page.locator("#cb-search-filters input[name='area']").first.evaluate(
        "box => { box.click(); return [box.closest('[data-cb-search]').dataset.cbReady,"
        " document.getElementById('cb-search-results').getAttribute('aria-busy')]; }")
    assert during == ["false", "true"]
    wait_for_results(page)
    expect(page.locator("#cb-search-results")).not_to_have_attribute("aria-busy", "true")


def test_opening_a_copied_search_url_restores_query_filters_and_results(
        open_page: Callable[..., Page]) -> None:
    """A facilitator's link reopens the same query, ticked filters and results."""
    first = open_page()
    first.goto("/search/?q=staff")
    wait_for_results(first)
    first.locator("#cb-search-filters input[name='area']").first.check()
    wait_for_results(first)
    first.wait_for_url(re.compile(r"area="))
    shared, results = first.url, result_slugs(first)
    query = parse_qs(urlparse(shared).query)

    fresh = open_page()
    fresh.goto(shared)
    wait_for_results(fresh)
    assert fresh.locator("#cb-search-q").input_value() == "staff"
    ticked = fresh.locator("#cb-search-filters input[name='area']:checked")
    assert [ticked.nth(i).get_attribute("value") for i in range(ticked.count())] == query["area"]
    assert result_slugs(fresh) == results


def test_the_header_search_works_on_a_page_reached_by_navigation(page: Page) -> None:
    """From the home page, follow a tab, then search from the header box."""
    page.goto("/")
    page.get_by_role("link", name="Browse", exact=True).first.click()
    page.wait_for_url(re.compile(r"/browse/"))
    page.fill("#cb-header-q", "mentoring")
    page.press("#cb-header-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=mentoring"))
    wait_for_results(page)
    assert page.locator(RESULTS).count() > 0
    assert page.locator("#cb-search-q").input_value() == "mentoring"


def test_search_finds_only_case_pages(page: Page) -> None:
    """Index and navigation pages stay out of the results: every result is a case."""
    page.goto("/search/?q=areas")
    wait_for_results(page)
    hrefs = page.locator(RESULTS).evaluate_all("links => links.map(a => a.pathname)")
    assert all("/cases/" in h for h in hrefs)


def test_a_search_with_no_match_says_so(page: Page) -> None:
    """A word no case contains gives a clear message, not an empty page."""
    page.goto("/search/?q=zyxwvutsrq")
    wait_for_results(page)
    expect(page.locator("#cb-search-status")).to_contain_text("No case matches")
    assert page.locator(RESULTS).count() == 0
