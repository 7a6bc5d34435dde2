"""Cases from trusts like mine, never a dead end, in a real browser (Chromium, 1366 and 390 px).

The NED's journey (issue 16): a non-executive director of a mental health trust in a highly
diverse area asks the home page for cases from trusts like theirs. The closest cases the page
shows, in order and with their differences, are those generator/plan/nearest.py ranks for
the same choice: the browser's nearest.js and the build apply one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from casebook.library.load import load_library
from casebook.plan.context import site_context
from casebook.plan.nearest import FEW, Choice, candidate, exact, fitting_packs, model, rank
from casebook.plan.nearest_pages import pack_summaries
from tests.helpers.library import ROOT

BROWSE_READY = "[data-cb-browse][data-cb-ready='true']"
TRUST_TYPE = "mental-health"
WIDTHS = [pytest.param({"width": 1366, "height": 900}, id="1366px"),
          pytest.param({"width": 390, "height": 800}, id="390px")]


@pytest.fixture(scope="module")
def expected(taxonomy: dict[str, Any]) -> dict[str, Any]:
    """What the build's ranking says for the NED's choice on the real library: the most
    diverse population profile is the first in the taxonomy's order."""
    profile = taxonomy["facets"]["population_profile"]["terms"][0]["id"]
    library = load_library(ROOT)
    ctx = site_context(library)
    m = model(library.taxonomy)
    cases = [candidate(c) for c in library.cases]
    choice = Choice(trust_types=frozenset({TRUST_TYPE}), populations=frozenset({profile}))
    matches = exact(cases, choice)
    near = rank(cases, choice, m) if len(matches) < FEW else []
    shown = [*matches, *(n.case for n in near)]
    packs = fitting_packs(pack_summaries(ctx), choice, shown, m)
    return {"profile": profile, "exact": [c.slug for c in matches], "near": near,
            "packs": [f.pack.title for f in packs]}


def label_of(taxonomy: dict[str, Any], facet: str, term_id: str) -> str:
    return next(t["label"] for t in taxonomy["facets"][facet]["terms"] if t["id"] == term_id)


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_neds_journey_ends_in_ranked_close_matches_that_say_how_they_differ(
        open_page: Callable[..., Page], viewport: dict[str, int], expected: dict[str, Any],
        taxonomy: dict[str, Any]) -> None:
    """Home → 'Mental health trust' + the most diverse profile → exact matches, or the
    closest cases in the build's order, each difference stated in the taxonomy's labels, and
    packs that fit."""
    page = open_page(viewport=viewport)
    page.goto("/")
    page.get_by_label("My organisation is").select_option(TRUST_TYPE)
    page.get_by_label("serving a local population that is").select_option(expected["profile"])
    page.get_by_role("button", name="Show matching cases").click()
    page.wait_for_url(re.compile(r"/browse/\?"))
    page.locator(BROWSE_READY).wait_for(state="attached")
    panel = page.locator("#cb-nearest")
    if len(expected["exact"]) >= FEW:
        expect(panel).to_be_hidden()
        return
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("Closest cases to your choices")
    intro = "No case matches" if not expected["exact"] else "Only "
    expect(panel.locator(".cb-nearest__intro")).to_contain_text(intro)
    items = panel.locator(".cb-nearest__item")
    near = expected["near"]
    assert near, "the real library offers nothing close to the NED's choice"
    expect(items).to_have_count(len(near))
    assert items.locator("a").all_inner_texts() == [n.case.title for n in near]
    differs = items.locator(".cb-nearest__differs").all_inner_texts()
    assert differs == [f"How it differs: {n.differs}." for n in near]
    # Stated in the taxonomy's own words: every case says its population profile differs,
    # and the combined trust the issue names is offered as one.
    profile = label_of(taxonomy, "population_profile", "not-stated").lower()
    assert f"How it differs: Local population: {profile}." in differs
    combined = label_of(taxonomy, "trust_type", "combined-mental-health-community").lower()
    assert any(text.startswith(f"How it differs: A {combined}; local population:")
               for text in differs), differs
    href = items.first.locator("a").get_attribute("href") or ""
    assert href == f"../cases/{near[0].case.slug}/"
    assert panel.locator(".cb-nearest__packs a").all_inner_texts() == expected["packs"]
    assert expected["packs"], "no pack fits the NED's choice"
    # On a phone the panel fits the screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_plenty_of_matches_show_no_close_list_and_clearing_hides_it(
        open_page: Callable[..., Page], library: list[Any]) -> None:
    """Three matches or more: the reader has enough, so nothing is offered besides; a choice
    with none shows the list, and clearing the filters hides it again."""
    page = open_page()
    busy = max({c.front["trust_type"] for c in library},
               key=lambda t: sum(c.front["trust_type"] == t for c in library))
    page.goto(f"/browse/?trust_type={busy}")
    page.locator(BROWSE_READY).wait_for(state="attached")
    expect(page.locator("#cb-nearest")).to_be_hidden()
    page.goto(f"/browse/?trust_type={TRUST_TYPE}&population=highly-diverse")
    page.locator(BROWSE_READY).wait_for(state="attached")
    expect(page.locator("#cb-nearest")).to_be_visible()
    page.locator("#cb-filters-clear").click()
    expect(page.locator("#cb-nearest")).to_be_hidden()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_without_javascript_the_home_page_leads_to_a_plain_ranked_list(
        open_page: Callable[..., Page], viewport: dict[str, int],
        taxonomy: dict[str, Any]) -> None:
    """No JavaScript: the home form says it would show every case and links each kind of
    organisation; the mental health trust page lists its cases, then the closest cases from
    similar trusts, each saying how it differs, and packs that fit."""
    page = open_page(java_script_enabled=False, viewport=viewport)
    page.goto("/")
    kinds = page.locator(".cb-like-mine__kinds")
    expect(kinds).to_be_visible()
    label = label_of(taxonomy, "trust_type", TRUST_TYPE)
    kinds.get_by_role("link", name=label, exact=True).click()
    page.wait_for_url(re.compile(rf"/trust-types/{TRUST_TYPE}/$"))
    expect(page.locator(".cb-cards .cb-card").first).to_be_visible()
    section = page.locator("section.cb-nearest")
    expect(section.locator("h2")).to_have_text(re.compile(r"Closest cases from similar trusts"))
    combined = label_of(taxonomy, "trust_type", "combined-mental-health-community")
    expect(section.locator(".cb-nearest__differs").first).to_have_text(
        f"How it differs: A {combined.lower()}.")
    expect(section.get_by_role("link", name=combined, exact=True)).to_be_visible()
    expect(section.locator(".cb-nearest__packs a").first).to_be_visible()


def test_with_javascript_the_no_script_links_stay_hidden(page: Page) -> None:
    """The plain links are for readers without JavaScript; the form is enough for the rest."""
    page.goto("/")
    expect(page.locator(".cb-like-mine__kinds")).to_have_count(0)


HOSTILE_QUERIES = [
    "?trust_type=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E"
    "&population=%22%3E%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    f"?trust_type={TRUST_TYPE}&trust_type=%3Cb%3Ex%3C%2Fb%3E&area=__proto__"
    "&population=constructor&area=toString",
    "?trust_type=__proto__&population=hasOwnProperty&area=%27%3E%3Csvg%20onload%3Dalert(1)%3E",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_markup_and_odd_ids_in_the_address_inject_nothing_and_throw_nothing(
        page: Page, query: str) -> None:
    """Markup, prototype names and unknown ids in the query string: no script runs, no
    element is made from them, no console error (the fixture fails on one), and only real
    cases are offered."""
    page.goto(f"/browse/{query}")
    page.locator(BROWSE_READY).wait_for(state="attached")
    assert page.evaluate("window.__pwned") is None
    panel = page.locator("#cb-nearest")
    assert panel.locator("img, script, svg, b").count() == 0
    for href in panel.locator(".cb-nearest__item a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"):
        assert re.fullmatch(r"\.\./cases/[a-z0-9-]+/", href), href


HOSTILE_RESULTS = """() => {
  const records = [
    {s: "unknown-type", t: "<img src=x onerror='window.__pwned=1'>", d: "2030-01-01",
     f: {trust_type: ["<b>x</b>"], population: ["highly-diverse"], area: ["data"]}},
    {s: "proto", t: "Proto", d: "2030-01-01",
     f: {trust_type: ["__proto__"], population: ["constructor"], area: ["toString"]}},
    {s: "bad-area", t: "Bad area", d: "2030-01-01",
     f: {trust_type: ["mental-health"], population: ["diverse"], area: ["no-such-area"]}},
    {s: "no-facets", t: "No facets", d: "2030-01-01"},
    null,
    {s: "real", t: "<script>window.__pwned=1</script>A real one", d: "2020-01-01",
     f: {trust_type: ["combined-mental-health-community"], population: ["diverse"],
         area: ["data"]}},
  ];
  const state = {q: "", sort: "newest", facets: {trust_type: ["mental-health"],
                 population: ["highly-diverse"], area: [], evidence: "not a list"}};
  document.dispatchEvent(new CustomEvent("casebook:results",
                                         {detail: {state, matches: [], records}}));
  document.dispatchEvent(new CustomEvent("casebook:results", {detail: null}));
  document.dispatchEvent(new CustomEvent("casebook:results",
                                         {detail: {state, matches: [], records}}));
}"""


def test_records_with_unknown_ids_or_markup_are_left_out_or_shown_as_text(page: Page) -> None:
    """A results event whose records name ids the taxonomy lacks, prototype names, no facets
    or markup in a title: only the real one is offered, its title as text; nothing runs and
    nothing throws (the fixture fails on a console error)."""
    page.goto("/browse/")
    page.locator(BROWSE_READY).wait_for(state="attached")
    page.evaluate(HOSTILE_RESULTS)
    items = page.locator("#cb-nearest .cb-nearest__item")
    expect(items).to_have_count(1)
    expect(items.locator("a")).to_have_text("<script>window.__pwned=1</script>A real one")
    expect(items.locator(".cb-nearest__differs")).to_have_text(
        "How it differs: A combined mental health and community trust; local population: "
        "diverse.")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#cb-nearest img, #cb-nearest script").count() == 0
