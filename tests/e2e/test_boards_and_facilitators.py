"""Coverage and session packs in a real browser: the matrix leads to Browse, packs print."""

from __future__ import annotations

import re

from playwright.sync_api import Page

PACK = "/packs/board-accountability-for-race-equality/"


def test_a_coverage_cell_opens_the_matching_browse_view(page: Page) -> None:
    """A linked count in the areas × trust types table opens Browse with both filters ticked
    and shows exactly that many cases."""
    page.goto("/coverage/")
    table = page.locator("table").first
    assert table.locator("caption").count() == 1
    link = table.locator("td a[href*='browse/']").first
    count = int(re.match(r"\d+", link.inner_text().strip()).group())
    link.click()
    page.wait_for_url(re.compile(r"/browse/\?area=[^&]+&trust_type="))
    page.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    assert page.locator("#cb-filters input:checked").count() == 2
    assert page.locator("#cb-cards .cb-card:not([hidden])").count() == count


def test_the_coverage_table_is_reachable_by_keyboard(page: Page) -> None:
    """Tabbing from the page's heading reaches a link inside the coverage table."""
    page.goto("/coverage/")
    page.locator("h1").first.focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('table')")
        if inside:
            break
    assert inside


def test_a_pack_prints_without_navigation(page: Page) -> None:
    """In print media the pack handout keeps its cases and drops header, tabs and sidebars."""
    page.goto(PACK)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").first.is_visible()
    assert page.locator("article a[href*='cases/']").count() >= 2


def test_a_case_prints_without_navigation_and_with_its_address(page: Page) -> None:
    """In print media a case shows its text and its full web address, and no navigation."""
    page.goto(PACK)
    case = page.locator("article a[href*='cases/']").first.get_attribute("href")
    page.goto(case if case.startswith("/") else f"{PACK}{case}")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    printed = page.locator(".cb-print-url")
    assert printed.is_visible()
    assert printed.inner_text().strip().endswith(page.url.split("#")[0])
