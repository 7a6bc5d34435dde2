"""The frame around the cases, in a real browser: area cards in a grid, every page type
reflowing to 320 px (WCAG 1.4.10), page titles at full contrast in both schemes, the footer,
each case's "Edit this case" and "Suggest a correction", and Find cases' plurals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import (
    PAGE_TYPES,
    REPOSITORY,
    SESSION_READY,
    LibraryCase,
    Site,
    page_addresses,
)

WIDE = {"width": 1366, "height": 900}
BROWSE_READY = "[data-cb-browse][data-cb-ready='true']"
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def page_types(library: list[LibraryCase], taxonomy: dict[str, Any]) -> dict[str, str]:
    """Every page type, one address each: the pages the axe-core checks visit, so a page
    type added there is checked for reflow here too."""
    return page_addresses(library, taxonomy)


def open_ready(page: Page, path: str) -> None:
    """Open `path` and wait until Find cases has drawn its results."""
    response = page.goto(path)
    assert response is not None and response.ok, path
    if path.startswith("/browse/"):
        page.locator(BROWSE_READY).wait_for(state="attached")
    if path.startswith("/session/"):
        page.locator(SESSION_READY).wait_for(state="attached")


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("path", ["/", "/areas/"])
def test_area_cards_sit_in_at_least_two_columns_on_a_laptop(open_page: Callable[..., Page],
                                                            path: str) -> None:
    """At 1366 px the ten area cards form a grid, not one column of full-width cards."""
    page = open_page(viewport=WIDE)
    page.goto(path)
    lefts = page.locator(".cb-area-card").evaluate_all(
        "cards => cards.map(card => Math.round(card.getBoundingClientRect().left))")
    assert len(lefts) == 10
    assert len(set(lefts)) >= 2, f"{path}: every area card starts at x={lefts[0]}"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_page_type_scrolls_sideways_at_320_pixels(
        open_page: Callable[..., Page], page_types: dict[str, str], page_type: str) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS px (a 1,280 px screen zoomed to 400%) nothing is wider
    than the screen, so nothing needs scrolling sideways. (A 390 px phone:
    test_site_journeys.py, test_pages_fit_a_phone_screen_without_sideways_scrolling.)"""
    width = 320
    path = page_types[page_type]
    if not path:
        pytest.skip(f"the library has no {page_type} page")
    page = open_page(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    open_ready(page, path)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll > client:
        wide = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .filter(e => e.parentElement.getBoundingClientRect().right <= width + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""", client)
        pytest.fail(f"{page_type} at {width} px: {scroll} px of content on a {client} px "
                    f"screen; first too wide: {wide}", pytrace=False)


# ---------------------------------------------------------------- contrast of page titles


def _rgba(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str) -> float:
    """WCAG contrast of `colour` (perhaps translucent) drawn over an opaque `background`."""
    *fg, alpha = _rgba(colour)
    bg = _rgba(background)[:3]
    drawn = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
    light, dark = sorted((_luminance(drawn), _luminance(bg)), reverse=True)  # type: ignore[arg-type]
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("page_type", ["home", "case", "area term", "browse", "about",
                                       "accessibility statement"])
def test_page_titles_are_as_legible_as_the_text_in_both_schemes(
        open_page: Callable[..., Page], page_types: dict[str, str], page_type: str,
        scheme: str) -> None:
    """The h1 has the body text's colour, not Material's 54% grey, and at least 7:1 against
    the page (AAA: large text needs 4.5:1, the body text has it)."""
    page = open_page(viewport=WIDE, color_scheme=scheme)
    open_ready(page, page_types[page_type])
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    title, text, background = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.md-content h1')).color,
        getComputedStyle(document.querySelector('.md-content .md-typeset')).color,
        getComputedStyle(document.body).backgroundColor]""")
    assert title == text, f"{page_type} ({scheme}): title {title}, text {text}"
    assert contrast(title, background) >= 7, (title, background)


# ---------------------------------------------------------------- the footer


@pytest.mark.parametrize("path", ["/", "/cases/{slug}/", "/browse/"])
def test_every_page_ends_with_the_owner_licence_contact_repository_and_statement(
        page: Page, library: list[LibraryCase], path: str) -> None:
    """The footer names who runs the library and the code's licence, and links the
    accessibility statement, privacy, contact (the repository's issues) and the repository."""
    page.goto(path.format(slug=library[0].slug))
    footer = page.locator("footer .cb-footer")
    expect(footer).to_contain_text("Casebook is run by the Casebook project.")
    expect(footer).to_contain_text("The code is published under the MIT licence.")
    links = {name: footer.get_by_role("link", name=name) for name in (
        "Accessibility statement", "Privacy", "Contact us through an issue on GitHub",
        "Source code on GitHub")}
    expect(links["Source code on GitHub"]).to_have_attribute("href", REPOSITORY)
    expect(links["Contact us through an issue on GitHub"]).to_have_attribute(
        "href", f"{REPOSITORY}/issues")
    links["Accessibility statement"].click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^\s*Accessibility statement"))
    expect(page.get_by_role("link", name="the project's repository on GitHub")).to_have_attribute(
        "href", f"{REPOSITORY}/issues")


def test_no_page_asks_another_host_for_anything(open_page: Callable[..., Page],
                                                library: list[LibraryCase], site: Site) -> None:
    """With a repository set, Material would fetch its stars and forks from GitHub's API; the
    theme's plain repository link does not (at a phone's width, where the drawer shows it)."""
    page = open_page(viewport={"width": 390, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"/cases/{library[0].slug}/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".md-nav__source a.md-source")).to_have_attribute("href", REPOSITORY)
    elsewhere = [url for url in requested if not url.startswith(site.url + "/")]
    assert not elsewhere, elsewhere


# ---------------------------------------------------------------- each case's own links


def test_a_case_page_links_to_edit_it_and_to_suggest_a_correction(
        page: Page, library: list[LibraryCase]) -> None:
    """'Edit this case' opens its file in GitHub's editor; 'Suggest a correction' opens a new
    issue titled with the case's title, whatever that holds."""
    case = max(library, key=lambda c: sum(not ch.isalnum() for ch in c.title))
    page.goto(f"/cases/{case.slug}/")
    expect(page.get_by_role("link", name="Edit this case")).to_have_attribute(
        "href", f"{REPOSITORY}/edit/main/cases/{case.slug}.md")
    href = page.get_by_role("link", name="Suggest a correction").get_attribute("href") or ""
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/issues/new"
    fields = parse_qs(parts.query, strict_parsing=True)
    assert fields["title"] == [f"Correction: {' '.join(case.title.split())}"]
    assert f"File: cases/{case.slug}.md" in fields["body"][0]


# ---------------------------------------------------------------- plurals


# Query keys of the facets a (facet, term) pair is looked up in, as the finder's address names them.
QUERY_KEYS = {"areas": "area", "trust_type": "trust_type", "population_profile": "population",
              "region": "region", "evidence": "evidence", "outcome": "outcome"}


def _filter_matching(library: list[LibraryCase], count: int) -> str:
    """A filter (?key=term) that exactly `count` cases carry."""
    for facet, key in QUERY_KEYS.items():
        terms = sorted({t for c in library for t in (c.front.get(facet) if facet == "areas"
                                                     else [c.front.get(facet)]) if t})
        for term in terms:
            if sum(c.has(facet, term) for c in library) == count:
                return f"{key}={term}"
    pytest.skip(f"no term is carried by exactly {count} cases")


@pytest.mark.parametrize(("count", "status"), [(1, "1 case matches"), (2, "2 cases match")])
def test_browse_counts_matching_cases_in_the_singular_and_the_plural(
        page: Page, library: list[LibraryCase], count: int, status: str) -> None:
    """'1 case matches your filters', '2 cases match your filters' (plan/plurals.py's words)."""
    page.goto(f"/browse/?{_filter_matching(library, count)}")
    page.locator(BROWSE_READY).wait_for(state="attached")
    expect(page.locator("#cb-status")).to_have_text(
        f"{status} your filters (of {len(library)})")
