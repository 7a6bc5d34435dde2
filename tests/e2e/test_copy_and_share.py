"""Copying and sharing in a real browser: a case's copy buttons (share.js), the heading
anchors that copy their address (casebook.js), and the parts of the address Find cases keeps
its state in (the url-state module), beyond what the journeys cover."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import LibraryCase, Site

STATUS = ".cb-share__status"
# Chromium without an asynchronous clipboard, as on an intranet served over plain HTTP.
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"


@pytest.fixture
def clipboard_page(open_page: Callable[..., Page]) -> Page:
    """A page whose clipboard the test may read (127.0.0.1 is a secure context)."""
    return open_page(permissions=["clipboard-read", "clipboard-write"])


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


@pytest.fixture(scope="module")
def case(library: list[LibraryCase]) -> LibraryCase:
    return library[0]


def test_copy_link_copies_the_case_address_and_says_so(clipboard_page: Page, site: Site,
                                                       case: LibraryCase) -> None:
    """Without a site_url the shown link is completed to the full address, which is copied."""
    address = f"{site.url}/cases/{case.slug}/"
    clipboard_page.goto(f"/cases/{case.slug}/")
    expect(clipboard_page.locator("a.cb-share__url[data-cb-copy]")).to_have_text(address)
    clipboard_page.get_by_role("button", name="Copy link").click()
    expect(clipboard_page.locator(STATUS)).to_have_text("Copied the link")
    assert clipboard(clipboard_page) == address


def test_copy_citation_copies_the_citation_as_one_line(clipboard_page: Page, site: Site,
                                                       case: LibraryCase) -> None:
    """The citation's text, its spacing made single, with the case's full address in it."""
    clipboard_page.goto(f"/cases/{case.slug}/")
    clipboard_page.get_by_role("button", name="Copy citation").click()
    expect(clipboard_page.locator(STATUS)).to_have_text("Copied the citation")
    shown = clipboard_page.locator(".cb-citation").evaluate(
        "p => p.textContent.replace(/\\s+/g, ' ').trim()")
    copied = clipboard(clipboard_page)
    assert copied == shown
    assert f"{site.url}/cases/{case.slug}/" in copied and case.title in copied


def test_without_the_clipboard_the_link_is_selected_for_the_reader(
        open_page: Callable[..., Page], site: Site, case: LibraryCase) -> None:
    """With no asynchronous clipboard the older copy command is tried; the link's text is
    left selected either way, and the status says which happened."""
    page = open_page()
    page.add_init_script(NO_CLIPBOARD)
    page.goto(f"/cases/{case.slug}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(STATUS)).to_have_text(re.compile(
        r"^(Copied the link|The link is selected: press Ctrl\+C \(or Cmd\+C\) to copy it)$"))
    assert page.evaluate("window.getSelection().toString()") == f"{site.url}/cases/{case.slug}/"


def test_a_heading_anchor_copies_its_address_and_still_leads_there(
        clipboard_page: Page, site: Site, case: LibraryCase) -> None:
    """Clicking a section's ¶ copies the section's address, announces it, and follows it."""
    clipboard_page.goto(f"/cases/{case.slug}/")
    link = clipboard_page.locator("article.cb-case h2 .headerlink").first
    expect(link).to_have_attribute("aria-label", "Copy link to this section")
    anchor = str(link.get_attribute("href"))
    link.click()
    expect(clipboard_page.locator("#cb-copied")).to_have_text("Link to this section copied")
    assert clipboard(clipboard_page) == f"{site.url}/cases/{case.slug}/{anchor}"
    expect(clipboard_page).to_have_url(re.compile(re.escape(anchor) + "$"))


# ---------------------------------------------------------------- the state in the address


def wait_for_search(page: Page) -> None:
    page.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")


def test_search_back_restores_the_previous_search(page: Page) -> None:
    """Each submitted search is an entry in the history; Back shows the previous one again."""
    page.goto("/browse/?q=staff")
    wait_for_search(page)
    page.locator("#cb-q").fill("board")
    page.locator("#cb-filters-words button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?q=board$"))
    wait_for_search(page)
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=staff$"))
    expect(page.locator("#cb-q")).to_have_value("staff")
    wait_for_search(page)
    expect(page.locator("#cb-status")).to_contain_text("“staff”")


def test_typing_makes_one_history_entry_so_back_returns_to_before_it(page: Page) -> None:
    """Searching as one types writes the address as it goes, but Back skips every keystroke
    to the view before the typing began."""
    page.goto("/browse/")
    wait_for_search(page)
    page.locator("#cb-q").press_sequentially("boa", delay=400)
    page.wait_for_url(re.compile(r"\?q=boa$"))
    wait_for_search(page)
    page.locator("#cb-q").press_sequentially("rd", delay=400)
    page.wait_for_url(re.compile(r"\?q=board$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/browse/$"))
    expect(page.locator("#cb-q")).to_have_value("")


def test_search_sort_is_kept_in_the_address_and_reopens(page: Page,
                                                        open_page: Callable[..., Any]) -> None:
    """'Newest first' is written as sort=newest; the default with words, best match, is left
    out."""
    page.goto("/browse/?q=staff")
    wait_for_search(page)
    expect(page.get_by_label("Sort by")).to_have_value("relevance")
    page.get_by_label("Sort by").select_option("newest")
    page.wait_for_url(re.compile(r"\?q=staff&sort=newest$"))
    fresh = open_page()
    fresh.goto(page.url)
    wait_for_search(fresh)
    expect(fresh.get_by_label("Sort by")).to_have_value("newest")
    fresh.get_by_label("Sort by").select_option("relevance")
    fresh.wait_for_url(re.compile(r"\?q=staff$"))


def test_search_ignores_unknown_terms_in_the_address(page: Page) -> None:
    """A hand-edited or stale link with a term the taxonomy lacks still searches, unfiltered
    by it, and the next change writes the address without it."""
    page.goto("/browse/?q=staff&area=no-such-area")
    wait_for_search(page)
    expect(page.locator("#cb-filters input:checked")).to_have_count(0)
    page.get_by_label("Sort by").select_option("newest")
    page.wait_for_url(re.compile(r"\?q=staff&sort=newest$"))


def test_browse_reads_filter_values_joined_by_commas(page: Page,
                                                     library: list[LibraryCase]) -> None:
    """?area=a,b ticks both terms (an older link form), and the next change writes them apart."""
    areas = sorted({a for c in library for a in c.front["areas"]})[:2]
    page.goto(f"/browse/?area={','.join(areas)}")
    page.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    for area in areas:
        expect(page.locator(f"#f-area-{area}")).to_be_checked()
    page.get_by_label("Sort by").select_option("title")
    page.wait_for_url(re.compile(rf"\?area={areas[0]}&area={areas[1]}&sort=title$"))
