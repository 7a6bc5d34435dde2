"""The crosswalk (plan/crosswalk.py): areas against WRES indicators and high impact actions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casebook.library.load import Library
from casebook.library.taxonomy import AREAS, HIGH_IMPACT, WRES
from casebook.plan.crosswalk import FRAMEWORKS, FRAMEWORKS_SRC, crosswalk, crosswalk_markdown
from tests.helpers.library import TODAY, load_generated_library

_ROW = re.compile(r'<tr><th scope="row"><a href="\.\./areas/([\w-]+)/">.*?</tr>', re.S)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_generated_library(tmp_path_factory.mktemp("crosswalk") / "lib", 29)


@pytest.fixture(scope="module")
def today() -> dt.date:
    """The date the library was loaded as of (tests/helpers/library.py), for `pages`."""
    return TODAY


@pytest.mark.parametrize("facet_id", [WRES, HIGH_IMPACT])
def test_marks_follow_the_taxonomy_links_of_each_area(taxonomy, index, facet_id):
    """A cell is marked exactly when the area's term lists that indicator or action."""
    field = FRAMEWORKS[facet_id][0]
    table = crosswalk(index, taxonomy, facet_id)
    assert [c.id for c in table.columns] == list(taxonomy[facet_id].ids)
    for row, area in zip(table.rows, taxonomy.areas, strict=True):
        assert row.id == area.id
        linked = {c.id for c, mark in zip(table.columns, row.linked, strict=True) if mark}
        assert linked == set(getattr(area, field))


@pytest.mark.parametrize("facet_id", [WRES, HIGH_IMPACT])
def test_counts_equal_direct_counts_over_the_cases(library, taxonomy, index, facet_id):
    """Per area: cases tagged with it; per indicator or action: cases that name it."""
    table = crosswalk(index, taxonomy, facet_id)
    for row in table.rows:
        assert row.count == sum(1 for c in library.cases if row.id in c.areas)
    numbers = {WRES: "wres_indicators", HIGH_IMPACT: "high_impact_actions"}[facet_id]
    for column in table.columns:
        assert column.count == sum(1 for c in library.cases
                                   if int(column.id) in getattr(c, numbers))


def test_links_are_marked_in_words_with_an_explanation_for_screen_readers(index, taxonomy):
    """'✓ linked' is text, the tick is hidden from screen readers, and unlinked cells say so."""
    md = crosswalk_markdown(index, taxonomy)
    assert md.count("<table") == 2 and md.count("<caption") == 2
    assert '<span aria-hidden="true">✓</span> linked<span class="cb-visually-hidden">' in md
    assert '<span class="cb-visually-hidden">not linked</span>' in md
    assert '<th scope="col">' in md and '<th scope="row">' in md


def test_the_rendered_marks_match_the_taxonomy(index, taxonomy):
    """Each area's row in the WRES table has one '✓ linked' per indicator it lists."""
    md = crosswalk_markdown(index, taxonomy)
    wres_table = md[:md.index("## Areas and high impact actions")]
    rows = {m.group(1): m.group(0) for m in _ROW.finditer(wres_table)}
    assert list(rows) == list(taxonomy[AREAS].ids)
    for area in taxonomy.areas:
        assert rows[area.id].count("✓</span> linked") == len(area.wres_indicators)


def test_the_frameworks_page_is_planned_out_of_the_nav_and_linked_from_about(pages):
    """/frameworks/ exists, is not in the navigation, and About links to it."""
    page = pages[FRAMEWORKS_SRC]
    assert page.url == "frameworks/" and not page.in_nav
    assert "](frameworks.md)" in pages["about.md"].markdown
    assert 'href="../wres/1/"' in page.markdown and 'href="../areas/data/"' in page.markdown
