"""Find cases (/browse/, finder.js) in a real browser at a laptop's and a phone's width: words
through Pagefind's full text, facets over the embedded metadata, results first on a phone,
old /search/ links, the hook for other modules, and hostile addresses."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.helpers.e2e import LibraryCase

READY = "[data-cb-browse][data-cb-ready='true']"
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
QUERY_KEYS = {"areas": "area", "trust_type": "trust_type", "population_profile": "population",
              "region": "region", "evidence": "evidence", "outcome": "outcome"}


def open_finder(open_page: Callable[..., Page], path: str, **options: Any) -> Page:
    page = open_page(**options)
    page.goto(path)
    page.locator(READY).wait_for(state="attached")
    return page


def shown(page: Page) -> list[str]:
    """The slugs of the cards shown, in order."""
    ids = page.locator("#cb-cards .cb-card").filter(visible=True).evaluate_all(
        "cards => cards.map(card => card.id)")
    return [i.removeprefix("case-") for i in ids]


def pagefind_slugs(page: Page, words: str) -> list[str]:
    """What Pagefind itself finds for `words`, asked directly in the page: every result's
    case, read from its fragment (the finder learns the same from the 'slug' filter)."""
    return page.evaluate("""async (words) => {
        const pf = await import(new URL("../pagefind/pagefind.js", location.href).href);
        await pf.options({ baseUrl: new URL("../", location.href).pathname });
        const search = await pf.search(words);
        const data = await Promise.all(search.results.map((r) => r.data()));
        return data.map((d) => /\\/cases\\/([^/]+)\\/$/.exec(d.url)[1]);
    }""", words)


@pytest.fixture(scope="module")
def area_and_outcome(library: list[LibraryCase]) -> tuple[str, str]:
    """The library's most used area, and the outcome most cases have."""
    areas = [a for c in library for a in c.front["areas"]]
    outcomes = [c.front["outcome"] for c in library]
    return max(set(areas), key=areas.count), max(set(outcomes), key=outcomes.count)


# ---------------------------------------------------------------- a phone and a laptop


@pytest.mark.parametrize("query", ["", "?q=board", "?q=staff&area={area}&outcome={outcome}"])
def test_at_390_pixels_the_first_result_is_in_view_before_any_filter(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str], query: str) -> None:
    """On a phone the filters are folded behind "Filters (n)": the first card starts inside
    the first screen, without scrolling."""
    area, outcome = area_and_outcome
    page = open_finder(open_page, "/browse/" + query.format(area=area, outcome=outcome),
                       viewport=PHONE, is_mobile=True, has_touch=True)
    expect(page.locator("#cb-filters fieldset").first).to_be_hidden()
    first = page.locator("#cb-cards .cb-card").filter(visible=True).first
    box = first.bounding_box()
    assert box is not None and box["y"] + 60 < PHONE["height"], box
    assert page.evaluate("window.scrollY") == 0


def test_filters_n_opens_the_filters_on_a_phone_and_show_results_closes_them(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str]) -> None:
    """'Filters (2)' names the two chosen filters, opens the panel (aria-expanded), and its
    'Show N cases' button closes it and returns focus to the toggle."""
    area, outcome = area_and_outcome
    page = open_finder(open_page, f"/browse/?area={area}&outcome={outcome}", viewport=PHONE,
                       is_mobile=True)
    toggle = page.get_by_role("button", name="Filters (2)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#f-area-{area}")).to_be_visible()
    expect(page.locator(f"#f-area-{area}")).to_be_checked()
    n = len(shown(page))
    done = page.get_by_role("button", name=f"Show {n} case{'' if n == 1 else 's'}")
    done.click()
    expect(page.locator(f"#f-area-{area}")).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_at_1366_pixels_the_filters_sit_beside_the_results(
        open_page: Callable[..., Page]) -> None:
    """On a laptop the filters are a column left of the cards, open, with no toggle; Sort
    and Clear are above both."""
    page = open_finder(open_page, "/browse/", viewport=WIDE)
    expect(page.locator("#cb-filters-toggle")).to_be_hidden()
    filters = page.locator("#cb-filters").bounding_box()
    cards = page.locator("#cb-cards").bounding_box()
    sort = page.get_by_label("Sort by").bounding_box()
    clear = page.get_by_role("button", name="Clear all filters").bounding_box()
    assert filters and cards and sort and clear
    assert filters["x"] + filters["width"] <= cards["x"]
    assert abs(filters["y"] - cards["y"]) < 5
    assert sort["y"] < cards["y"] and clear["y"] < cards["y"]


def test_nothing_scrolls_sideways_at_320_pixels_with_the_filters_open(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str]) -> None:
    """WCAG 1.4.10 with the panel open, chips shown and words searched."""
    area, outcome = area_and_outcome
    page = open_finder(open_page, f"/browse/?q=staff&area={area}&outcome={outcome}",
                       viewport={"width": 320, "height": 800}, is_mobile=True)
    page.locator("#cb-filters-toggle").click()
    expect(page.locator(f"#f-area-{area}")).to_be_visible()
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_the_phone_panel_open(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str], scheme: str) -> None:
    """The chips, the open panel and the excerpts pass axe-core (serious and critical) in
    both schemes, at a phone's width."""
    area, outcome = area_and_outcome
    page = open_finder(open_page, f"/browse/?q=staff&area={area}&outcome={outcome}",
                       viewport=PHONE, color_scheme=scheme)
    page.locator("#cb-filters-toggle").click()
    violations = Axe().run(page).response["violations"]
    blocking = [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert blocking == []


# ---------------------------------------------------------------- words and facets agree


def test_a_word_search_counts_what_pagefind_finds_in_the_full_text(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """'promotion' gives Pagefind's own results, wherever it is typed: the finder's box, the
    header's box, or an old /search/ link."""
    page = open_finder(open_page, "/browse/?q=promotion")
    expected = pagefind_slugs(page, "promotion")
    assert expected, "nothing in the library says promotion: pick another word"
    assert sorted(shown(page)) == sorted(expected)
    n = len(expected)
    expect(page.locator("#cb-status")).to_have_text(
        f"{n} case{' matches' if n == 1 else 's match'} “promotion” (of {len(library)})")

    page.goto("/about/")
    page.fill("#cb-header-q", "promotion")
    page.press("#cb-header-q", "Enter")
    page.wait_for_url(re.compile(r"/browse/\?q=promotion$"))
    page.locator(READY).wait_for(state="attached")
    assert sorted(shown(page)) == sorted(expected)

    page.goto("/search/?q=promotion")
    page.wait_for_url(re.compile(r"/browse/\?q=promotion$"))
    page.locator(READY).wait_for(state="attached")
    assert sorted(shown(page)) == sorted(expected)


def test_words_and_a_facet_give_the_cases_holding_both(
        open_page: Callable[..., Page], library: list[LibraryCase],
        area_and_outcome: tuple[str, str]) -> None:
    """Words and a ticked outcome: exactly Pagefind's results that carry that outcome, and
    each option's count is of the cases the words leave."""
    _, outcome = area_and_outcome
    page = open_finder(open_page, "/browse/?q=staff")
    found = set(pagefind_slugs(page, "staff"))
    by_slug = {c.slug: c for c in library}
    page.locator(f"#f-outcome-{outcome}").check()
    page.wait_for_url(re.compile(rf"\?q=staff&outcome={outcome}$"))
    page.locator(READY).wait_for(state="attached")
    both = {s for s in found if by_slug[s].has("outcome", outcome)}
    assert set(shown(page)) == both
    trust_types = {by_slug[s].front["trust_type"] for s in both}
    for term in trust_types:
        n = sum(by_slug[s].has("trust_type", term) for s in both)
        expect(page.locator(f"[data-count-for='trust_type={term}']")).to_have_text(f"({n})")


def test_filters_without_words_never_load_pagefind(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str]) -> None:
    """With no words the facets are filtered over the embedded metadata: not one request for
    Pagefind's script, index or filters (a filter-only Pagefind query would fetch it all)."""
    area, _ = area_and_outcome
    page = open_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"/browse/?area={area}")
    page.locator(READY).wait_for(state="attached")
    page.locator("#cb-filters input[name=outcome]").filter(visible=True).first.check()
    page.wait_for_url(re.compile(r"outcome="))
    page.locator(READY).wait_for(state="attached")
    assert not [url for url in requested if "/pagefind/" in url]


def test_a_phrase_from_a_case_title_finds_that_case_first(
        open_page: Callable[..., Page], library: list[LibraryCase]) -> None:
    """With words, the default order is best match: a case's own title words put it first."""
    titled = next((c for c in library if "reverse mentoring" in c.title.lower()), library[0])
    words = " ".join(titled.title.split(":")[0].split()[:3])
    page = open_finder(open_page, f"/browse/?q={quote(words)}")
    expect(page.get_by_label("Sort by")).to_have_value("relevance")
    assert shown(page)[0] == titled.slug


def test_options_with_no_match_are_hidden_and_come_back(
        open_page: Callable[..., Page], library: list[LibraryCase],
        area_and_outcome: tuple[str, str]) -> None:
    """An option no case would match (given the other choices) is hidden, unless ticked;
    clearing brings every option with a case back."""
    _, outcome = area_and_outcome
    page = open_finder(open_page, f"/browse/?outcome={outcome}")
    rows = page.locator("#cb-filters .cb-facet__term")
    counts = rows.evaluate_all("""rows => rows.map(row => [row.querySelector('input').name,
        row.querySelector('input').value, row.hidden, row.querySelector('input').checked,
        Number(row.querySelector('.cb-count').textContent.replace(/[()]/g, ''))])""")
    with_outcome = [c for c in library if c.has("outcome", outcome)]
    for key, value, hidden, checked, n in counts:
        facet = next(f for f, k in QUERY_KEYS.items() if k == key) if key != "wres" else ""
        if facet and key != "outcome":
            assert n == sum(c.has(facet, value) for c in with_outcome), (key, value)
        assert hidden == (n == 0 and not checked), (key, value, n)
    assert any(hidden for _key, _value, hidden, _checked, _n in counts), "no option hidden"
    page.get_by_role("button", name="Clear all filters").click()
    page.locator(READY).wait_for(state="attached")
    hidden_after = rows.evaluate_all("rows => rows.filter(r => r.hidden).map(r => "
                                     "r.querySelector('.cb-count').textContent)")
    assert set(hidden_after) <= {"(0)"}


# ---------------------------------------------------------------- chips, old links, the hook


def test_chips_name_each_chosen_filter_and_remove_it(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str]) -> None:
    """Each chosen filter is a button 'Remove filter: <facet>: <term>' above the results;
    pressing it unticks the box, rewrites the address and keeps focus among the chips."""
    area, outcome = area_and_outcome
    page = open_finder(open_page, f"/browse/?area={area}&outcome={outcome}")
    chips = page.locator("#cb-filters-chips button")
    expect(chips).to_have_count(2)
    first = page.get_by_role("button", name=re.compile(r"^Remove filter: Area of good practice: "))
    expect(first).to_have_count(1)
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/browse/\?outcome={outcome}$"))
    page.locator(READY).wait_for(state="attached")
    expect(page.locator(f"#f-area-{area}")).not_to_be_checked()
    expect(chips).to_have_count(1)
    expect(chips.first).to_be_focused()
    expect(page.locator("#cb-filters-toggle")).to_have_text("Filters (1)")


def test_old_browse_and_search_links_land_on_the_same_results(
        open_page: Callable[..., Page], area_and_outcome: tuple[str, str]) -> None:
    """/search/?q=…&area=…#frag forwards to /browse/ with the query and fragment; the cards
    are those of the same view opened directly, and an old /browse/?area=… link is the view."""
    area, _ = area_and_outcome
    direct = open_finder(open_page, f"/browse/?q=staff&area={area}")
    old = open_page()
    old.goto(f"/search/?q=staff&area={area}#results")
    old.wait_for_url(re.compile(rf"/browse/\?q=staff&area={area}#results$"))
    old.locator(READY).wait_for(state="attached")
    assert shown(old) == shown(direct)
    assert old.locator("#cb-filters input:checked").evaluate_all(
        "boxes => boxes.map(b => b.id)") == [f"f-area-{area}"]


def test_the_old_search_page_without_javascript_links_to_find_cases(
        open_page: Callable[..., Page]) -> None:
    """No dead end: with JavaScript off /search/ says where search went, as a link."""
    page = open_page(java_script_enabled=False)
    page.goto("/search/?q=staff")
    link = page.get_by_role("link", name="Go to Find cases")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/browse/$"))
    expect(page.locator("#cb-cards .cb-card").first).to_be_visible()
    expect(page.locator("#cb-filters-bar")).to_be_hidden()
    expect(page.locator("#cb-filters-words")).to_be_hidden()


def test_every_update_tells_other_modules_the_state_and_the_matches(
        open_page: Callable[..., Page], library: list[LibraryCase],
        area_and_outcome: tuple[str, str]) -> None:
    """The hook for the nearest-cases module: a 'casebook:results' event on document after
    each update, its detail kept on the root, and an empty #cb-nearest after the results."""
    area, _ = area_and_outcome
    page = open_finder(open_page, f"/browse/?area={area}")
    page.evaluate("""() => { window.__results = [];
        document.addEventListener('casebook:results', (e) => window.__results.push(e.detail)); }""")
    first = page.evaluate("document.querySelector('[data-cb-browse]').casebookResults")
    assert first["state"]["facets"]["area"] == [area]
    assert first["matches"] == shown(page)
    assert len(first["records"]) == len(library)
    page.locator("#cb-q").fill("staff")
    page.locator("#cb-filters-words button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=staff"))
    page.locator(READY).wait_for(state="attached")
    detail = page.evaluate("window.__results.at(-1)")
    assert detail["state"]["q"] == "staff" and detail["state"]["facets"]["area"] == [area]
    assert detail["matches"] == shown(page)
    nearest = page.locator("#cb-nearest")
    expect(nearest).to_be_hidden()
    assert nearest.evaluate("el => el.previousElementSibling.id") == "cb-cards"


# ---------------------------------------------------------------- an attacker's address


HOSTILE_WORDS = ('"><img src=x id=pwned><script>window.pwned=1</script>'
                 "\u202egnp.exe\u0000\u0007\u200b" + "x" * 5000)


def test_a_hostile_address_injects_nothing(open_page: Callable[..., Page],
                                           library: list[LibraryCase]) -> None:
    """Markup, very long values and control or direction characters in the address are kept
    as text at most: no element is added, nothing runs, the words are cleaned and cut, an
    unknown term or sort is ignored, and through /search/ the same."""
    query = (f"q={quote(HOSTILE_WORDS)}&area={quote('<b>bold</b>')}&area=" + "a" * 3000
             + f"&sort={quote('javascript:alert(1)')}&trust_type=acute%00")
    for path in (f"/browse/?{query}", f"/search/?{query}#%3Cimg%20src=x%3E"):
        page = open_page()
        page.goto(path)
        page.wait_for_url(re.compile(r"/browse/\?"))
        page.locator(READY).wait_for(state="attached")
        assert page.evaluate("window.pwned") is None
        # The only scripts in the content are the build's own data (finder and nearest cases).
        injected = page.locator(
            "#pwned, .md-content img, .md-content script:not(#cb-data):not(#cb-nearest-data)")
        assert injected.count() == 0
        words = page.locator("#cb-q").input_value()
        assert len(words) <= 200
        assert not re.search(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]", words)
        status = page.locator("#cb-status").inner_text()
        assert "\u202e" not in status and "<img" in status  # shown as text, never as markup
        assert len(status) < 200
        assert page.locator("#cb-filters input:checked").count() == 0
        assert page.locator("#cb-filters-chips button").count() == 0
        expect(page.get_by_label("Sort by")).to_have_value("relevance")
        assert len(shown(page)) < len(library)  # the words were searched, as text
