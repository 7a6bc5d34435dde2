"""Cases from trusts like mine on the real library (issue 16): the closest cases each trust
type page lists after its own, the model Browse ranks with, and the home form's way without
JavaScript. generator/plan/nearest.py and nearest_pages.py."""

from __future__ import annotations

import html
import json
import re

import pytest

from casebook.library.load import Library, load_library
from casebook.library.urls import term_src
from casebook.plan.context import site_context
from casebook.plan.nearest import (
    TRUST_TYPE,
    Choice,
    candidate,
    model,
    model_json,
    rank,
    type_phrase,
)
from casebook.plan.nearest_pages import pack_summaries, pack_url
from casebook.plan.page import Page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT

_ITEM = re.compile(r'<li class="cb-nearest__item"><a href="\.\./\.\./cases/([a-z0-9-]+)/">'
                   r'.*?</a> <span class="cb-nearest__differs">How it differs: (.*?)\.</span>')
_MODEL = re.compile(r'<script type="application/json" id="cb-nearest-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT)


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, Page]:
    return {p.src: p for p in plan_site(library)}


def test_each_trust_type_page_lists_the_closest_cases_of_its_similar_types_in_rank_order(
        library: Library, pages: dict[str, Page]) -> None:
    """After its own cases, /trust-types/<id>/ lists what the ranking gives for that one
    choice, each case saying it is of its own (similar) type, in the taxonomy's words."""
    types = library.taxonomy[TRUST_TYPE]
    m = model(library.taxonomy)
    cases = [candidate(c) for c in library.cases]
    with_section = 0
    for term in types:
        after = pages[term_src(TRUST_TYPE, term.id)].after
        expected = rank(cases, Choice(trust_types=frozenset({term.id})), m)
        found = [(slug, html.unescape(differs)) for slug, differs in _ITEM.findall(after)]
        assert found == [(n.case.slug, n.differs) for n in expected], term.id
        for slug, differs in found:
            case = next(c for c in library.cases if c.slug == slug)
            assert case.trust_type in term.similar
            own = types.get(case.trust_type)
            assert own is not None
            assert differs == type_phrase(own)[:1].upper() + type_phrase(own)[1:]
            assert own.label.lower() in differs.lower()
        if found:
            with_section += 1
            assert after.index('class="cb-cards"') < after.index("Closest cases from similar")
        else:
            assert "cb-nearest" not in after
    assert with_section >= 3, "the real library should show close cases on several types"


def test_the_mental_health_page_offers_combined_trusts_and_a_pack(
        pages: dict[str, Page]) -> None:
    """The NED's type without JavaScript: a combined mental health and community trust case
    and a pack, as the issue asks."""
    after = pages[term_src(TRUST_TYPE, "mental-health")].after
    section = after[after.index('<section class="cb-nearest"'):]
    assert "How it differs: A combined mental health and community trust." in section
    assert 'href="../../trust-types/combined-mental-health-community/"' in section
    assert re.search(r'<ul class="cb-nearest__packs">\s*<li><a href="\.\./\.\./packs/', section)


def test_types_with_no_similar_type_show_no_section(library: Library,
                                                     pages: dict[str, Page]) -> None:
    """Ambulance, specialist and not stated list no similar types, so nothing is claimed."""
    for term in library.taxonomy[TRUST_TYPE]:
        if not term.similar:
            assert "cb-nearest" not in pages[term_src(TRUST_TYPE, term.id)].after


def test_browse_embeds_the_model_nearest_js_ranks_with(library: Library,
                                                       pages: dict[str, Page]) -> None:
    """One set of rules: the JSON in the page is the build's model, with every pack."""
    match = _MODEL.search(pages["browse/index.md"].after)
    assert match is not None
    data = json.loads(match.group(1))
    ctx = site_context(library)
    urls = {p.slug: "../" + pack_url(p.slug) for p in library.packs}
    assert data == {**model_json(model(library.taxonomy), pack_summaries(ctx), urls),
                    "root": "../"}
    assert {p["s"] for p in data["packs"]} == {p.slug for p in library.packs}
    assert '<div id="cb-nearest" class="cb-nearest" hidden></div>' in pages[
        "browse/index.md"].after


def test_the_home_form_has_a_way_without_javascript_to_every_trust_type(
        library: Library, pages: dict[str, Page]) -> None:
    """The <noscript> links each kind of organisation's page, with its count."""
    home = pages["index.md"].markdown
    block = home[home.index("<noscript>"):home.index("</noscript>")]
    for term in library.taxonomy[TRUST_TYPE]:
        count = sum(c.trust_type == term.id for c in library.cases)
        noun = "case" if count == 1 else "cases"
        assert (f'<a href="./trust-types/{term.id}/">{html.escape(term.label)}</a> '
                f"({count} {noun})") in block
