"""The page does not move when its scripts show their controls: Find cases' word box, bar and
filters, and each card's "Add to session", have their room from the first paint
(material-boot.js marks <html> cb-scripted in <head>; casebook.css lays the hidden controls
out unseen under that mark). Without JavaScript they take no room at all."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Route

READY = "[data-cb-browse][data-cb-ready='true']"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
SHOWN_LATE = "**/assets/casebook/{finder,session-add}.js"  # the scripts that unhide controls
CARDS = "#cb-cards .cb-card, .cb-card"
# Every layout shift the page makes, from its start (buffered), summed as Lighthouse's
# cumulative layout shift counts them (shifts just after input excluded).
SHIFTS = """() => new Promise((resolve) => {
    let sum = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(sum)));
})"""


def card_tops(page: Page) -> list[float]:
    """Where the first five cards start, from the top of the document."""
    tops: list[float] = page.locator(CARDS).evaluate_all(
        "cards => cards.slice(0, 5).map(c => c.getBoundingClientRect().top + window.scrollY)")
    return tops


def wait_until_shown(page: Page, path: str) -> None:
    if path.startswith("/browse/"):
        page.locator(READY).wait_for(state="attached")
    page.locator(".cb-card .cb-add:not([hidden])").first.wait_for(state="visible")


def blank(route: Route) -> None:
    route.fulfill(body="", content_type="text/javascript")


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "laptop"])
@pytest.mark.parametrize("path", ["/browse/", "/areas/data/"])
def test_cards_stay_where_they_were_before_the_scripts_ran(
        open_page: Callable[..., Page], viewport: dict[str, int], path: str) -> None:
    """The cards stand in the same place with the scripts that unhide the controls served
    empty (what the reader sees before they run) as once those scripts have run."""
    before = open_page(viewport=viewport)
    before.route(SHOWN_LATE, blank)
    before.goto(path, wait_until="load")
    assert before.locator(".cb-card .cb-add:not([hidden])").count() == 0
    after = open_page(viewport=viewport)
    after.goto(path)
    wait_until_shown(after, path)
    assert card_tops(after) == pytest.approx(card_tops(before), abs=1)


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "laptop"])
def test_find_cases_shifts_nothing_when_its_script_arrives_after_the_first_paint(
        open_page: Callable[..., Page], viewport: dict[str, int]) -> None:
    """finder.js held back until the page has been painted, as on a slow phone: the sum of
    the page's layout shifts stays near nought (it was 0.136 on Lighthouse's phone)."""
    page = open_page(viewport=viewport, is_mobile=viewport is PHONE)

    def late(route: Route) -> None:
        time.sleep(0.5)  # the browser paints meanwhile: it is another process
        route.continue_()

    page.route("**/assets/casebook/finder.js", late)
    page.goto("/browse/")
    page.locator(READY).wait_for(state="attached")
    shift: float = page.evaluate(SHIFTS)
    assert shift < 0.01, f"the page moved when its controls appeared: layout shift {shift:.3f}"


def test_without_javascript_the_controls_take_no_room(open_page: Callable[..., Any]) -> None:
    """No script, no mark: the word box, the bar, the filters and "Add to session" are not
    laid out at all, so nothing dead stands in the page nor leaves a gap."""
    page = open_page(java_script_enabled=False, viewport=PHONE)
    page.goto("/browse/")
    assert page.evaluate("document.documentElement.classList.contains('cb-scripted')") is False
    for selector in ("#cb-filters-words", "#cb-filters-bar", "#cb-filters", ".cb-add"):
        assert page.locator(selector).first.bounding_box() is None, selector
