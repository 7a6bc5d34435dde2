"""What did not work, first-class, and a case page for a busy reader (issue #16), in a real
browser at a laptop's and a phone's width, on the real library."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import LibraryCase

FAILURE_OUTCOMES = ("mixed", "no-change-yet", "did-not-work")
WIDTHS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def failures(library: list[LibraryCase]) -> list[LibraryCase]:
    return [c for c in library if c.front["outcome"] in FAILURE_OUTCOMES]


def opened(open_page: Callable[..., Page], width: str) -> Page:
    phone = width == "phone"
    return open_page(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone)


def fits_the_screen(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: {width}px of content on a {inner}px screen"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_case_opens_at_a_glance_and_shows_what_did_not_work(
        open_page: Callable[..., Page], library: list[LibraryCase], width: str) -> None:
    """Under the title, before anything else, the glance box, on screen without scrolling;
    its link goes down to the "What did not work" panel, a real level-2 heading."""
    case = failures(library)[0]
    page = opened(open_page, width)
    page.goto(f"/cases/{case.slug}/")
    after_title = page.locator("article.cb-case h1").evaluate(
        "h1 => h1.nextElementSibling.className")
    assert after_title == "cb-glance"
    glance = page.locator(".cb-glance")
    expect(glance).to_be_in_viewport()
    expect(glance).to_contain_text(case.front["summary"][:40])
    expect(glance.locator("dt")).to_have_text(
        ["Result", "Evidence", "Source", "When", "What did not work"])
    panel = page.locator("section.cb-failure")
    heading = panel.locator("h2")
    expect(heading).to_have_text(re.compile(r"^\s*What did not work\s*¶?\s*$"))
    assert panel.get_attribute("aria-labelledby") == heading.get_attribute("id")
    expect(panel).to_be_visible()
    glance.get_by_role("link", name="Read what did not work").click()
    expect(heading).to_be_in_viewport()
    fits_the_screen(page)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_case_shows_its_primary_area_s_questions_and_folds_the_others(
        open_page: Callable[..., Page], library: list[LibraryCase], taxonomy: dict[str, Any],
        width: str) -> None:
    """The primary area's questions are on show; another area's open with one click."""
    case = next(c for c in library if len(c.front["areas"]) > 1)
    areas = {a["id"]: a for a in taxonomy["facets"]["areas"]["terms"]}
    page = opened(open_page, width)
    page.goto(f"/cases/{case.slug}/")
    primary = areas[case.front["areas"][0]]
    expect(page.get_by_text(primary["board_questions"][0], exact=True)).to_be_visible()
    other = next(areas[a] for a in areas if a in case.front["areas"][1:])
    question = page.get_by_text(other["board_questions"][0], exact=True).first
    expect(question).to_be_hidden()
    page.locator("details.cb-questions summary", has_text=other["title"]).click()
    expect(question).to_be_visible()
    numbers = page.locator(".cb-panel__areas li").all_inner_texts()
    assert [int(n.split(".")[0]) for n in numbers] == sorted(
        areas[a]["number"] for a in case.front["areas"])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_learning_from_failure_lists_every_case_of_those_outcomes(
        open_page: Callable[..., Page], library: list[LibraryCase], taxonomy: dict[str, Any],
        width: str) -> None:
    """Each mixed, no-change-yet and did-not-work case of the library, linked once under its
    outcome's heading; reached from the home page."""
    expected = failures(library)
    assert expected
    page = opened(open_page, width)
    page.goto("/")
    page.locator("article").get_by_role("link", name="what did not work").click()
    page.wait_for_url(re.compile(r"/learning-from-failure/$"))
    labels = {t["id"]: t["label"] for t in taxonomy["facets"]["outcome"]["terms"]}
    for outcome in FAILURE_OUTCOMES:
        cases = [c for c in expected if c.front["outcome"] == outcome]
        if not cases:
            continue
        group = page.locator(f"h2#{outcome}")
        expect(group).to_have_text(re.compile(rf"^\s*{labels[outcome]}\s*¶?\s*$"))
        for case in cases:
            link = page.locator(f"article h3 a[href$='/cases/{case.slug}/']")
            expect(link).to_have_count(1)
            assert link.evaluate(
                "(a, id) => !!(document.getElementById(id).compareDocumentPosition(a) & 4)",
                outcome), case.slug
            expect(link).to_have_text(case.title)
    linked = page.locator("article h3 a[href*='/cases/']").count()
    others = [c for c in library if c.front["outcome"] not in FAILURE_OUTCOMES
              and re.search(r"^## What did not work\s*$", c.body, re.M)]
    assert linked == len(expected) + len(others)
    fits_the_screen(page)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_area_page_gathers_pitfalls_others_met_linked_to_their_cases(
        open_page: Callable[..., Page], library: list[LibraryCase], width: str) -> None:
    """Before the lessons, each pitfall under its case's linked title; a title opens the
    case."""
    case = failures(library)[0]
    area = case.front["areas"][0]
    page = opened(open_page, width)
    page.goto(f"/areas/{area}/")
    pitfalls = page.locator("h2#pitfalls-others-met")
    expect(pitfalls).to_be_visible()
    link = page.locator(
        "xpath=//h2[@id='pitfalls-others-met']/following-sibling::h3"
        "[following-sibling::h2[@id='lessons-from-these-cases']]/a"
        f"[contains(@href, '/cases/{case.slug}/')]")
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(re.compile(rf"/cases/{case.slug}/$"))
    expect(page.locator("section.cb-failure")).to_be_visible()


def test_browse_filtered_to_did_not_work_shows_those_cases(
        page: Page, library: list[LibraryCase]) -> None:
    """Outcomes are a Browse filter: did-not-work gives exactly the library's such cases."""
    expected = {c.slug for c in library if c.front["outcome"] == "did-not-work"}
    assert expected
    page.goto("/browse/?outcome=did-not-work")
    page.locator("[data-cb-browse][data-cb-ready='true']").wait_for(state="attached")
    shown = page.locator("#cb-cards .cb-card").filter(visible=True).evaluate_all(
        "cards => cards.map(card => card.id.replace('case-', ''))")
    assert set(shown) == expected
