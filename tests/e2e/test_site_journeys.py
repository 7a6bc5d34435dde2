"""Journeys through the built library in a real browser: what board members and facilitators do."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.e2e import LibraryCase, Site, build_site, make_alias_library

BODY_HEADINGS = ["The challenge", "What they did", "Impact", "Lessons"]
BROWSE_READY = "[data-cb-browse][data-cb-ready='true']"
# The index folders of the facets Browse filters on (DESIGN.md, site map).
BROWSE_FACET_FOLDERS = ["areas", "trust-types", "population", "regions", "evidence", "outcomes",
                        "wres"]


def open_browse(page: Page, query: str = "") -> None:
    page.goto(f"/browse/{query}")
    page.locator(BROWSE_READY).wait_for(state="attached")


def heading(text: str) -> re.Pattern[str]:
    """A heading's text, followed by its anchor link's '¶'."""
    return re.compile(rf"^\s*{re.escape(text)}\s*¶?\s*$")


def visible_cards(page: Page) -> list[str]:
    """The slugs of the case cards Browse shows, in the order shown."""
    ids = page.locator("#cb-cards .cb-card").filter(visible=True).evaluate_all(
        "cards => cards.map(card => card.id)")
    return [i.removeprefix("case-") for i in ids]


def ticked(page: Page) -> set[str]:
    """The ids of the ticked filter boxes."""
    return set(page.locator("#cb-filters input[type=checkbox]:checked").evaluate_all(
        "boxes => boxes.map(box => box.id)"))


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def matches(n: int) -> str:
    """Browse's words for a count of matching cases: '1 case matches', '2 cases match'."""
    return f"{n} case matches" if n == 1 else f"{n} cases match"


def matching(library: list[LibraryCase], *filters: tuple[str, str]) -> set[str]:
    """Slugs of the cases carrying every (facet, term) given."""
    return {c.slug for c in library if all(c.has(f, t) for f, t in filters)}


@pytest.fixture(scope="module")
def two_filters(library: list[LibraryCase]) -> tuple[str, str]:
    """An area and a trust type that together narrow the library more than the area alone."""
    areas = sorted({a for c in library for a in c.front["areas"]})
    types = sorted({c.front["trust_type"] for c in library})
    best = max(
        ((len(matching(library, ("areas", a), ("trust_type", t))), a, t)
         for a, t in product(areas, types)
         if 0 < len(matching(library, ("areas", a), ("trust_type", t)))
         < len(matching(library, ("areas", a)))),
        default=None)
    assert best is not None, "no area and trust type in the library narrow each other"
    return best[1], best[2]


def test_a_reader_goes_from_the_home_page_through_an_area_to_a_case(
        page: Page, taxonomy: dict[str, Any]) -> None:
    """Home → the first area card → the area page with its cases → one case with every part."""
    area = taxonomy["facets"]["areas"]["terms"][0]
    page.goto("/")
    page.locator(".cb-area-card a").first.click()
    page.wait_for_url(re.compile(rf"/areas/{area['id']}/$"))
    expect(page.locator("h1")).to_have_text(heading(f"{area['number']}. {area['title']}"))
    cards = page.locator(".cb-card")
    expect(cards.first).to_be_visible()

    cards.first.locator(".cb-card__title a").click()
    page.wait_for_url(re.compile(r"/cases/[a-z0-9-]+/$"))
    expect(page.locator("article.cb-case h1")).to_be_visible()
    expect(page.locator(".cb-panel")).to_be_visible()
    expect(page.locator(".cb-panel")).to_contain_text("Organisation")
    headings = [h.rstrip("¶ \n") for h in page.locator("article.cb-case h2").all_inner_texts()]
    body = [h for h in headings if h in BODY_HEADINGS]
    assert body == BODY_HEADINGS, headings
    assert "Questions for your board" in headings
    assert "Related cases" in headings
    expect(page.locator(f".cb-panel a[href$='areas/{area['id']}/']")).to_be_visible()


def test_cases_like_mine_on_the_home_page_opens_browse_with_that_trust_type(
        page: Page, library: list[LibraryCase]) -> None:
    """Choosing a trust type on the home page lands on Browse with its box ticked and its cases."""
    counts = Counter(c.front["trust_type"] for c in library)
    candidates = [t for t, n in counts.most_common() if n < len(library)]
    trust_type = next((t for t in candidates if t != "not-stated"), candidates[0])
    page.goto("/")
    page.get_by_label("My organisation is").select_option(trust_type)
    page.get_by_role("button", name="Show matching cases").click()
    page.wait_for_url(re.compile(r"/browse/\?"))
    page.locator(BROWSE_READY).wait_for(state="attached")
    assert query_of(page) == {"trust_type": [trust_type], "population": [""]}
    assert ticked(page) == {f"f-trust_type-{trust_type}"}
    expected = matching(library, ("trust_type", trust_type))
    assert set(visible_cards(page)) == expected
    expect(page.locator("#cb-status")).to_have_text(
        f"{len(expected)} case{'s' if len(expected) != 1 else ''} match your filters "
        f"(of {len(library)})")


def test_browse_filters_live_in_the_address_and_survive_a_reload_back_and_clear(
        page: Page, open_page: Callable[..., Page], library: list[LibraryCase],
        two_filters: tuple[str, str]) -> None:
    """Two ticked facets narrow the cards; the URL reopens the view; Back and Clear restore it."""
    area, trust_type = two_filters
    open_browse(page)
    assert len(visible_cards(page)) == len(library)

    page.locator(f"#f-area-{area}").check()
    only_area = matching(library, ("areas", area))
    assert set(visible_cards(page)) == only_area
    page.locator(f"#f-trust_type-{trust_type}").check()
    both = matching(library, ("areas", area), ("trust_type", trust_type))
    expect(page.locator("#cb-status")).to_have_text(
        re.compile(rf"^{matches(len(both))} your filters \(of {len(library)}\)$"))
    assert set(visible_cards(page)) == both
    assert query_of(page) == {"area": [area], "trust_type": [trust_type]}
    boxes = {f"f-area-{area}", f"f-trust_type-{trust_type}"}
    assert ticked(page) == boxes

    shared = open_page()
    shared.goto(page.url)
    shared.locator(BROWSE_READY).wait_for(state="attached")
    assert ticked(shared) == boxes
    assert visible_cards(shared) == visible_cards(page)

    page.go_back()
    expect(page).to_have_url(re.compile(rf"/browse/\?area={area}$"))
    assert ticked(page) == {f"f-area-{area}"}
    assert set(visible_cards(page)) == only_area

    page.get_by_role("button", name="Clear all filters").click()
    assert ticked(page) == set()
    assert len(visible_cards(page)) == len(library)
    expect(page.locator("#cb-status")).to_have_text(f"{len(library)} cases")
    assert urlsplit(page.url).query == ""


@pytest.mark.parametrize("words", ["board", "shadow board"])
def test_browse_words_search_the_full_text_and_keep_every_case_that_names_them(
        page: Page, library: list[LibraryCase], words: str) -> None:
    """Typing words searches every case's full text (Pagefind): each case whose title,
    summary, organisation or keywords hold them all is among the results, and the status
    counts exactly the cards shown."""
    named = {c.slug for c in library if all(w in c.words for w in words.split())}
    assert 0 < len(named) < len(library), f"pick other words than {words!r}"
    open_browse(page)
    page.get_by_label("Words to search for in every case").fill(words)
    expect(page).to_have_url(re.compile(r"[?&]q=" + words.replace(" ", r"\+") + "$"))
    page.locator(BROWSE_READY).wait_for(state="attached")
    shown = visible_cards(page)
    assert named <= set(shown)
    expect(page.locator("#cb-status")).to_have_text(
        f"{matches(len(shown))} “{words}” (of {len(library)})")


def test_browse_sorts_cards_by_title(page: Page, library: list[LibraryCase]) -> None:
    """Sorting by title puts the cards in alphabetical order and keeps the choice in the URL."""
    open_browse(page)
    page.get_by_label("Sort by").select_option("title")
    expect(page).to_have_url(re.compile(r"[?&]sort=title$"))
    titles = page.locator("#cb-cards .cb-card").filter(visible=True).locator(
        ".cb-card__title").all_inner_texts()
    assert len(titles) == len(library)
    assert titles == sorted(titles, key=str.casefold)


def test_browse_is_usable_with_the_keyboard_alone(page: Page, library: list[LibraryCase]) -> None:
    """Tab reaches the first filter box, Space ticks it, and the status region announces it."""
    open_browse(page)
    first = page.locator("#cb-filters fieldset input[type=checkbox]").first
    first_id = first.get_attribute("id")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == first_id:
            break
    else:
        pytest.fail(f"Tab never reached the first filter box #{first_id}")
    status = page.get_by_role("status").filter(has_text="case")
    expect(status).to_have_text(f"{len(library)} cases")
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    facet, term = first_id.removeprefix("f-").split("-", 1)
    assert facet == "area"
    expected = matching(library, ("areas", term))
    expect(status).to_have_text(re.compile(rf"^{matches(len(expected))} your filters"))
    expect(page.locator("#cb-status")).to_have_attribute("aria-live", "polite")


def test_browse_without_javascript_lists_every_case_and_links_the_facet_pages(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """With JavaScript off, Browse shows every case card and links to each facet's index."""
    page = open_page(java_script_enabled=False)
    page.goto("/browse/")
    expect(page.locator("#cb-filters")).to_be_hidden()
    cards = page.locator("#cb-cards .cb-card")
    expect(cards).to_have_count(len(library))
    for card in cards.all():
        expect(card).to_be_visible()
    # Playwright's text matching skips <noscript>, so look inside it.
    notice = page.locator(".cb-results noscript p")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Searching and filtering need JavaScript")
    for folder in BROWSE_FACET_FOLDERS:
        expect(page.locator(f".cb-results a[href='../{folder}/']")).to_be_visible()


def test_an_old_address_of_a_renamed_case_redirects_to_the_case(
        tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], Site],
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """A case's `aliases` each get a page that sends the reader on to the case."""
    aliased = [c for c in library if c.front.get("aliases")]
    if aliased:
        target = aliased[0]
        alias, base = target.front["aliases"][0], ""
    else:
        folder = tmp_path_factory.mktemp("alias-library")
        target, alias = library[0], "an-old-name-for-this-case"
        root = make_alias_library(folder / "library", library[:2], [alias])
        base = serve(build_site(root, folder / "site")).url
    page = open_page()
    page.goto(f"{base}/cases/{alias}/")
    page.wait_for_url(re.compile(rf"/cases/{target.slug}/$"))
    expect(page.locator("article.cb-case h1")).to_have_text(heading(target.title))


def test_a_printed_case_has_no_navigation_and_shows_its_address(
        page: Page, library: list[LibraryCase]) -> None:
    """In print media the header, tabs and sidebars disappear and the case's address appears."""
    slug = library[0].slug
    page.goto(f"/cases/{slug}/")
    expect(page.locator(".cb-print-url")).to_be_hidden()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator(".cb-print-url")).to_be_visible()
    expect(page.locator(".cb-print-url")).to_contain_text(f"cases/{slug}/")
    expect(page.locator("article.cb-case h1")).to_be_visible()


@pytest.mark.parametrize("path", ["/cases/{slug}/", "/browse/", "/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(
        open_page: Callable[..., Page], library: list[LibraryCase], path: str) -> None:
    """At 390×844 CSS pixels the page is no wider than the screen."""
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(path.format(slug=library[0].slug))
    width, inner = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{path}: {width}px of content on a {inner}px screen"


def test_every_section_heading_of_a_case_has_an_anchor_link(
        page: Page, library: list[LibraryCase]) -> None:
    """Each h2 of a case has an id and a `.headerlink` to it, for linking into sessions."""
    page.goto(f"/cases/{library[0].slug}/")
    headings = page.locator("article.cb-case h2")
    assert headings.count() >= len(BODY_HEADINGS) + 1
    for heading in headings.all():
        anchor = heading.get_attribute("id")
        assert anchor, heading.inner_text()
        link = heading.locator(".headerlink")
        expect(link).to_have_attribute("href", f"#{anchor}")


def test_glossary_abbreviations_are_explained_where_they_appear(
        page: Page, library: list[LibraryCase], taxonomy: dict[str, Any]) -> None:
    """'WRES' in a case is an <abbr> whose title gives the glossary's meaning."""
    meaning = next(g["meaning"] for g in taxonomy["glossary"] if g["term"] == "WRES")
    case = next(c for c in library if re.search(r"\bWRES\b", c.body))
    page.goto(f"/cases/{case.slug}/")
    abbr = page.locator("article.cb-case abbr", has_text=re.compile(r"^WRES$")).first
    expect(abbr).to_be_attached()
    title = abbr.get_attribute("title") or abbr.get_attribute("data-md-tooltip") or ""
    assert title.split()[:4] == meaning.split()[:4], title
