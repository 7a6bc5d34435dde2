"""The session page (plan/session_page.py) and the pack handouts' print parts
(plan/pack_pages.py), planned over the fixture library without MkDocs."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from casebook.library.load import Library, load_library
from casebook.library.packs import MAX_CASES, TEXT_LIMITS
from casebook.library.taxonomy import Taxonomy
from casebook.library.urls import RESERVED_SLUGS
from casebook.plan.context import site_context
from casebook.plan.index import FacetIndex
from casebook.plan.pack_pages import pack_markdown
from casebook.plan.page import Page
from casebook.plan.session_page import SESSION_SRC, session_page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT
from tests.regenerate_golden import FIXTURE_TODAY, load_fixture_library

_DATA = re.compile(r'<script type="application/json" id="cb-session-data">([^<]*)</script>')


@pytest.fixture(scope="module")
def library() -> Library:
    return load_fixture_library()


def session_data(page: Page) -> dict:
    match = _DATA.search(page.after)
    assert match, "the session page embeds its data"
    return json.loads(match.group(1))


def test_the_site_plans_a_session_page_kept_out_of_search_engines(
        pages: dict[str, Page]) -> None:
    """/session/ is planned, not in the navigation, and marked noindex (its state is in the
    address, so every address would be another page to a crawler)."""
    page = pages[SESSION_SRC]
    assert page.robots == "noindex" and not page.in_nav
    assert page.markdown.startswith("# Session\n")


def test_the_session_data_holds_every_case_and_area_question(library: Library,
                                                             pages: dict[str, Page]) -> None:
    """Each case's title, primary area and organisation; each area's board questions; the
    pack rules the download keeps."""
    data = session_data(pages[SESSION_SRC])
    assert set(data["cases"]) == {case.slug for case in library.cases}
    for case in library.cases:
        assert data["cases"][case.slug] == [case.title, case.areas[0], case.organisation]
    for area in library.taxonomy.areas:
        assert data["areas"][area.id] == [area.number, area.title, list(area.board_questions)]
    assert data["maxCases"] == MAX_CASES
    assert data["limits"] == {key: list(value) for key, value in TEXT_LIMITS.items()}
    assert set(data["reserved"]) == RESERVED_SLUGS
    assert data["site"] == ""


def test_the_session_data_cannot_end_its_script_element(library: Library) -> None:
    """A title holding '</script>' stays inside the JSON (escaped), and the site's address,
    when known, ends with one slash."""
    ctx = site_context(library, FIXTURE_TODAY, site_url="https://example.org/casebook")
    first = library.cases[0]
    ctx.library.cases[0] = type(first)(**{**vars(first), "title": "</script><b>x</b>"})
    try:
        page = session_page(ctx)
    finally:
        ctx.library.cases[0] = first
    assert "</script><b>" not in page.after
    data = session_data(page)
    assert data["cases"][first.slug][0] == "</script><b>x</b>"
    assert data["site"] == "https://example.org/casebook/"


def test_the_browser_caps_a_session_at_a_pack_s_number_of_cases() -> None:
    """session-store.js's MAX_CASES is the pack's: every session downloads as a valid pack."""
    script = (ROOT / "theme/assets/casebook/session-store.js").read_text(encoding="utf-8")
    match = re.search(r"export const MAX_CASES = (\d+);", script)
    assert match and int(match.group(1)) == MAX_CASES


def test_every_case_card_carries_a_hidden_add_to_session_button(
        pages: dict[str, Page], library: Library) -> None:
    """Hidden until the script shows it (it can do nothing without one), naming its case."""
    home = pages["index.md"].markdown
    buttons = re.findall(r'<p class="cb-add" hidden><button type="button" '
                         r'class="cb-add__button" data-cb-add="([a-z0-9-]+)"', home)
    assert buttons and set(buttons) <= {case.slug for case in library.cases}


def test_a_pack_handout_prints_each_case_s_address_and_keeps_its_questions_together() -> None:
    """Each case of a pack (the repository's own): its questions in one block under their
    heading, its address (completed in the browser without a site_url), and a link to the
    same session."""
    library = load_library(ROOT)
    pack = library.packs[0]
    markdown = pack_markdown(site_context(library), pack, "../../")
    assert markdown.count('<div class="cb-discuss">') == len(pack.cases)
    assert "**Questions to discuss**" not in markdown
    for entry in pack.cases:
        assert (f'<a href="../../cases/{entry.slug}/" data-cb-absolute>'
                f"../../cases/{entry.slug}/</a>") in markdown
    cases = ",".join(entry.slug for entry in pack.cases)
    assert f'href="../../session/?cases={cases}&amp;title=' in markdown


def _area_session_link(page: Page) -> tuple[str, list[str], str]:
    match = re.search(
        r'<p class="cb-session__noprint cb-area-session"><a href="([^"]+)">([^<]+)</a>', page.after)
    assert match, f"{page.src} links its cases as a session"
    query = parse_qs(urlsplit(html.unescape(match.group(1))).query)
    return query["title"][0], query["cases"][0].split(","), match.group(2)


def test_an_area_page_opens_its_cases_as_a_session_in_the_order_it_lists_them(
        taxonomy: Taxonomy, index: FacetIndex, pages: dict[str, Page]) -> None:
    """The facilitator's area page: its cases, newest first as its cards, as a session under
    the area's title, so they can be printed with their addresses or shared as a link."""
    checked = 0
    for term in taxonomy["areas"]:
        cases = index.cases("areas", term.id)
        page = pages[f"areas/{term.id}.md"]
        if not cases:
            assert "cb-area-session" not in page.after
            continue
        title, slugs, text = _area_session_link(page)
        assert title == f"{term.number}. {term.title}"
        assert slugs == [c.slug for c in cases][:MAX_CASES]
        assert page.after.index("cb-area-session") < page.after.index('class="cb-card')
        assert text.startswith("Open")
        checked += 1
    assert checked, "the fixture library has cases in at least one area"


def test_an_area_with_more_cases_than_a_session_holds_offers_the_newest() -> None:
    """Over twelve cases, the link says it opens the newest twelve, and opens just those."""
    real = load_library(ROOT)
    ctx = site_context(real, FIXTURE_TODAY)
    big = [t for t in ctx.taxonomy["areas"] if ctx.index.count("areas", t.id) > MAX_CASES]
    if not big:
        pytest.skip("no area of the repository's library holds more cases than a session")
    term = big[0]
    page = next(p for p in plan_site(real, FIXTURE_TODAY) if p.src == f"areas/{term.id}.md")
    _, slugs, text = _area_session_link(page)
    assert slugs == [c.slug for c in ctx.index.cases("areas", term.id)][:MAX_CASES]
    assert text == f"Open the {MAX_CASES} newest of these cases as a session"
