"""The page of sources (generator/plan/sources_page.py): every case's source with its address, and
the cases drawn from it, planned from the library so it never falls behind."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casebook.library.load import Library, load_library
from casebook.plan.site import plan
from casebook.plan.sources_page import SOURCES_SRC, render_sources
from tests.helpers.library import ROOT


@pytest.fixture(scope="module")
def library() -> Library:
    loaded = load_library(ROOT)
    assert loaded.ok
    return loaded


def test_every_case_is_listed_under_its_source_with_the_source_s_address(library):
    """Each case appears once, linked, below its source's heading and address."""
    page = render_sources(library.cases)
    for case in library.cases:
        link = f"(cases/{case.slug}.md)"
        assert page.count(link) == 1, case.slug
        heading = page.rfind("\n### ", 0, page.index(link))
        assert f"({case.source.url})" in page[heading:page.index(link)], case.slug


def test_the_site_plans_the_page_and_the_about_page_links_to_it(library):
    """/sources/ is a planned page of every build; About links to it."""
    pages = {p.src: p for p in plan(library, library.cases[0].published)[0]}
    assert pages[SOURCES_SRC].markdown == render_sources(library.cases)
    assert "](sources.md)" in pages["about.md"].markdown


def test_contributed_titles_stay_text_on_the_page(library):
    """Markup or Markdown in a source's title or a case's title is shown, not obeyed."""
    case = library.cases[0]
    hostile = replace(case, title="<script>x</script> [a](javascript:x) *b*",
                      source=replace(case.source, title="</h3><img src=x>"))
    page = render_sources([hostile])
    assert "<script>" not in page and "<img" not in page and "](javascript" not in page
