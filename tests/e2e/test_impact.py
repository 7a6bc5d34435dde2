"""Measured impact you can see (issue #16): /impact/ in a real browser at a laptop's and a
phone's width, on the real library. The source's sentence shows on hover and on keyboard
focus, stays while the pointer moves onto it, hides with Escape (WCAG 2.2, 1.4.13), and is
always printed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import BLOCKING, RULES, SCHEMES, describe
from tests.helpers.e2e import LibraryCase

WIDTHS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def opened(open_page: Callable[..., Page], width: str) -> Page:
    phone = width == "phone"
    page = open_page(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone)
    page.goto("/impact/")
    return page


def measures(library: list[LibraryCase]) -> list[tuple[LibraryCase, int, dict[str, Any]]]:
    """Every measure in the case files, with its case and its position from 1."""
    return [(case, position, record) for case in library
            for position, record in enumerate(case.front.get("impact") or [], 1)]


def fits_the_screen(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: {width}px of content on a {inner}px screen"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_impact_page_lists_every_measure_the_library_holds(
        open_page: Callable[..., Page], library: list[LibraryCase], width: str) -> None:
    """One item per measure in the case files, each with its chart, its case's title as a
    link to the case, and its trust type; reached from the navigation."""
    found = measures(library)
    assert found
    page = opened(open_page, width)
    items = page.locator("li.cb-measure")
    expect(items).to_have_count(len(found))
    for case, position, record in found:
        item = page.locator(f"#measure-{case.slug}-{position}")
        expect(item.locator("svg[role=img] title")).to_have_text(
            re.compile(re.escape(str(record["latest"]["year"]))))
        link = item.get_by_role("link", name=case.title, exact=True)
        expect(link).to_have_attribute("href", f"../cases/{case.slug}/")
        expect(item.locator(".cb-measure__trust")).to_contain_text("Trust type:")
    fits_the_screen(page)
    if width == "laptop":
        expect(page.locator(".md-tabs").get_by_role("link", name="Measured impact")).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_source_sentence_shows_on_keyboard_focus_and_hides_with_escape(
        open_page: Callable[..., Page], library: list[LibraryCase], width: str) -> None:
    """Tab from the case's link to the button: the quote shows, is the button's description,
    and fits the screen; Escape hides it and leaves the focus where it was."""
    case, position, record = next(m for m in measures(library) if m[2].get("quote"))
    page = opened(open_page, width)
    item = page.locator(f"#measure-{case.slug}-{position}")
    tip = item.locator(".cb-source-tip__text")
    expect(tip).to_be_hidden()
    item.get_by_role("link", name=case.title, exact=True).focus()
    page.keyboard.press("Tab")
    button = item.locator(".cb-source-tip__button")
    expect(button).to_be_focused()
    expect(tip).to_be_visible()
    expect(tip).to_have_text(f"“{_flat(record['quote'])}”")
    expect(button).to_have_accessible_description(_flat(f"“{record['quote']}”"))
    fits_the_screen(page)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(tip).to_be_visible()  # focus returned: shown again


def test_the_source_sentence_shows_on_hover_and_stays_while_the_pointer_is_on_it(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """Hover the button: the sentence shows; move onto the sentence: it stays; Escape hides
    it with the pointer still there; leave and come back: it shows again."""
    case, position, _ = next(m for m in measures(library) if m[2].get("quote"))
    page = opened(open_page, "laptop")
    item = page.locator(f"#measure-{case.slug}-{position}")
    button = item.locator(".cb-source-tip__button")
    tip = item.locator(".cb-source-tip__text")
    button.hover()
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 4, steps=8)
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.mouse.move(0, 0)
    button.hover()
    expect(tip).to_be_visible()


def test_every_source_sentence_is_printed(open_page: Callable[..., Page],
                                          library: list[LibraryCase]) -> None:
    """On paper there is no hover: every sentence prints, and no button does."""
    page = opened(open_page, "laptop")
    page.emulate_media(media="print")
    tips = page.locator(".cb-source-tip__text")
    expect(tips).to_have_count(len(measures(library)))
    for index in range(tips.count()):
        expect(tips.nth(index)).to_be_visible()
    expect(page.locator(".cb-source-tip__button").first).to_be_hidden()


def test_nothing_scrolls_sideways_at_320_pixels_with_a_sentence_open(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """WCAG 1.4.10: the longest quote, open, still fits a 320 px screen."""
    case, position, _ = max((m for m in measures(library) if m[2].get("quote")),
                            key=lambda m: len(m[2]["quote"]))
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto("/impact/")
    button = page.locator(f"#measure-{case.slug}-{position} .cb-source-tip__button")
    button.focus()
    expect(page.locator(f"#measure-{case.slug}-{position} .cb-source-tip__text")).to_be_visible()
    fits_the_screen(page)


def test_a_wres_page_shows_its_measures_the_same_way(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """/wres/<n>/ lists exactly the measures naming indicator n."""
    named = [m for m in measures(library) if m[2].get("wres_indicator")]
    number = named[0][2]["wres_indicator"]
    expected = sorted(f"measure-{c.slug}-{p}" for c, p, r in named
                      if r["wres_indicator"] == number)
    page = open_page()
    page.goto(f"/wres/{number}/")
    ids = page.locator("li.cb-measure").evaluate_all("items => items.map(i => i.id)")
    assert sorted(ids) == expected
    expect(page.locator("li.cb-measure svg[role=img]")).to_have_count(len(expected))


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_an_open_source_sentence_has_no_serious_accessibility_violations(
        open_page: Callable[..., Page], library: list[LibraryCase], scheme: str) -> None:
    """axe with a sentence showing, in both colour schemes (its colours are the page's)."""
    page = open_page()
    page.emulate_media(color_scheme=scheme)
    page.goto("/impact/")
    page.locator(".cb-source-tip__button").first.focus()
    expect(page.locator(".cb-source-tip__text").first).to_be_visible()
    violations = Axe().run(page, options=RULES[scheme]).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
