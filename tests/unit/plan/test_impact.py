"""Measured impact gathered (generator/plan/impact.py, impact_items.py, impact_page.py): every
measure once, under its own WRES indicator or "Other measures", on /impact/ and /wres/<n>/."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from casebook.library.cases import Case, Measure
from casebook.library.load import Library, load_library
from casebook.plan.context import site_context
from casebook.plan.impact import OTHER, entries, groups, indicator_entries
from casebook.plan.impact_items import (
    SMALL_COUNT,
    is_count,
    small_numbers,
    source_sentence,
    untagged_note,
)
from casebook.plan.impact_page import IMPACT_SRC, impact_page
from casebook.plan.page import Page
from casebook.plan.site import plan_site
from tests.helpers.library import TODAY, VALID_FRONT, case_text, make_library

_ITEM = re.compile(r'<li class="cb-measure" id="([^"]+)"')
_SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def _measure(name: str, baseline: float, latest: float, **more: Any) -> dict[str, Any]:
    record = {"measure": name, "baseline": {"value": baseline, "year": 2020},
              "latest": {"value": latest, "year": 2024}}
    record.update(more)
    if "quote" not in record:
        record["quote"] = f"It went from {baseline} to {latest}."
    return record


FIRST_HAND = {"type": "first-hand", "title": "Our own report", "year": 2025}
CASES = {
    # Two indicators named by the measures, one measure naming none.
    "alpha-case": {"title": "Alpha: a case with three measures", "wres_indicators": [3, 8],
                   "impact": [_measure("Disciplinary ratio", 2.1, 1.1, wres_indicator=3),
                              _measure("Discrimination from managers", 20, 15, unit="%",
                                       wres_indicator=8),
                              _measure("Discrimination from anyone", 25, 11, unit="%")]},
    # Tagged with one indicator only: its unnamed measure is still not put under it.
    "beta-case": {"title": "Beta: one indicator tagged", "wres_indicators": [1],
                  "impact": [_measure("Pay gap", 3.5, 4.0, unit="%")]},
    # A measure of indicator 3 in a case not tagged with 3.
    "gamma-case": {"title": "Gamma: untagged, small counts", "outcome": "mixed",
                   "impact": [_measure("Staff in formal hearings", 7, 2, unit="staff",
                                       wres_indicator=3),
                              _measure("Grievances upheld", 0, -3, unit="cases")]},
    "delta-case": {"title": "Delta: written first-hand", "source": FIRST_HAND,
                   "contact": {"name": "A Person", "role": "EDI lead",
                               "email": "edi@example.nhs.uk"},
                   "consent": {"approved_by": "Director of People",
                               "date": dt.date(2025, 1, 10)},
                   "impact": [{"measure": "Network members", "unit": "staff",
                               "baseline": {"value": 12, "year": 2023},
                               "latest": {"value": 40, "year": 2025}}]},
    "no-impact": {"title": "A case with no measure at all"},
}
FAILURE_BODY = "\n## What did not work\n\nThe hearings took too long.\n"


def _text(slug: str, extra: dict[str, Any]) -> str:
    text = case_text({**VALID_FRONT, **extra})
    if extra.get("outcome") == "mixed":
        text = text.replace("\n## Lessons", f"{FAILURE_BODY}\n## Lessons")
    return text


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = make_library(tmp_path_factory.mktemp("impact"),
                        {slug: _text(slug, extra) for slug, extra in CASES.items()})
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    return library


@pytest.fixture(scope="module")
def today() -> dt.date:
    """The date the library was loaded as of (tests/helpers/library.py), for `pages`."""
    return TODAY


def _case(library: Library, slug: str) -> Case:
    return next(c for c in library.cases if c.slug == slug)


def _items(markdown: str) -> list[str]:
    return _ITEM.findall(markdown)


def _section(markdown: str, anchor: str) -> str:
    """The Markdown of one group of /impact/, from its heading to the next."""
    start = markdown.index(f"{{ #{anchor} }}")
    end = markdown.find("\n## ", start)
    return markdown[start:end if end != -1 else None]


# ---------------------------------------------------------------- gathering


def test_every_measure_of_every_case_is_gathered_once(library: Library) -> None:
    """The groups hold each measure exactly once, and nothing else."""
    expected = sorted(f"measure-{c.slug}-{n}" for c in library.cases
                      for n in range(1, len(c.impact) + 1))
    gathered = [e.anchor for g in groups(library.cases, library.taxonomy) for e in g.entries]
    assert sorted(gathered) == expected
    assert len(entries(library.cases)) == len(expected) == 7


def test_groups_follow_the_taxonomy_order_with_other_measures_last(library: Library) -> None:
    """Indicators 3 and 8 in order, then the measures naming none; an indicator without
    measures has no group."""
    found = groups(library.cases, library.taxonomy)
    assert [g.indicator for g in found] == ["3", "8", OTHER]


def test_a_measure_naming_no_indicator_is_never_given_its_case_s_indicator(
        library: Library) -> None:
    """Beta's case is tagged with indicator 1 only; its pay gap is still under Other."""
    assert indicator_entries(library.cases, "1") == ()
    others = [e.case.slug for e in indicator_entries(library.cases, OTHER)]
    assert others == ["alpha-case", "beta-case", "delta-case", "gamma-case"]  # by title


def test_a_measure_counts_for_its_indicator_even_in_a_case_not_tagged_with_it(
        library: Library) -> None:
    """Gamma carries no wres_indicators; its hearings measure names indicator 3."""
    slugs = [e.case.slug for e in indicator_entries(library.cases, "3")]
    assert slugs == ["alpha-case", "gamma-case"]  # by case title


def test_the_untagged_note_names_the_case_s_own_indicators_without_choosing(
        library: Library) -> None:
    alpha = next(e for e in entries([_case(library, "alpha-case")]) if e.indicator == OTHER)
    assert untagged_note(alpha) == ("The measure names no WRES indicator; the case as a whole "
                                    "is tagged with indicators 3 and 8.")
    named = entries([_case(library, "alpha-case")])[0]
    assert untagged_note(named) == ""


# ---------------------------------------------------------------- what each item says


def test_the_source_sentence_is_the_measure_s_quote_verbatim(library: Library) -> None:
    case = _case(library, "alpha-case")
    assert source_sentence(case, case.impact[0]) == ("It went from 2.1 to 1.1.", True)


def test_a_first_hand_measure_without_a_quote_shows_where_the_case_comes_from(
        library: Library) -> None:
    case = _case(library, "delta-case")
    text, quoted = source_sentence(case, case.impact[0])
    assert not quoted
    assert text == ("Written first-hand by An acute trust in the Midlands, from “Our own "
                    "report” (2025). The case records no sentence from a source for this "
                    "figure.")


def _m(baseline: float, latest: float, unit: str) -> Measure:
    return Measure("A measure", baseline, 2020, latest, 2024, unit=unit)


@pytest.mark.parametrize(("measure", "counted"), [
    (_m(7, 2, "staff"), True),
    (_m(0, 12, "Cases"), True),
    (_m(12, 40, "staff"), True),
    (_m(7, 2, "%"), False),                      # a percentage: its base is not recorded
    (_m(7, 2, "staff per 1,000"), False),        # a rate
    (_m(1.5, 2, "times as likely"), False),      # a ratio
    (_m(7.5, 2, "staff"), False),                # not a whole number
    (_m(-1, 2, "staff"), False),                 # no count is below zero
    (_m(3, 2, "weeks"), False),                  # not people or cases
])
def test_only_whole_counts_of_people_or_cases_are_counts(measure: Measure,
                                                         counted: bool) -> None:
    assert is_count(measure) is counted


def test_a_count_under_the_threshold_is_flagged_with_its_figures_and_years() -> None:
    note = small_numbers(_m(7, 12, "staff"))
    assert note.startswith("Small numbers: 7 staff in 2020.")
    assert f"Under {SMALL_COUNT}" in note
    assert small_numbers(_m(0, 3, "cases")).startswith(
        "Small numbers: 0 cases in 2020 and 3 cases in 2024.")


def test_no_flag_where_nothing_is_derivable() -> None:
    """A percentage on an unrecorded base, or counts of 10 and more, are not flagged."""
    assert small_numbers(_m(2, 3, "%")) == ""
    assert small_numbers(_m(SMALL_COUNT, 40, "staff")) == ""


# ---------------------------------------------------------------- the pages


def test_the_impact_page_lists_every_measure_under_its_group(pages: dict[str, Page]) -> None:
    page = pages[IMPACT_SRC]
    assert page.in_nav
    markdown = page.markdown
    assert len(_items(markdown)) == 7
    assert _items(_section(markdown, "wres-3")) == ["measure-alpha-case-1",
                                                    "measure-gamma-case-1"]
    assert _items(_section(markdown, "wres-8")) == ["measure-alpha-case-2"]
    assert sorted(_items(_section(markdown, "other-measures"))) == [
        "measure-alpha-case-3", "measure-beta-case-1", "measure-delta-case-1",
        "measure-gamma-case-2"]
    assert "7 measures from 4 cases" in markdown
    assert "does not record sample sizes" in markdown


def test_each_item_has_its_chart_case_trust_type_figures_and_source(
        pages: dict[str, Page]) -> None:
    markdown = pages[IMPACT_SRC].markdown
    start = markdown.index('id="measure-alpha-case-2"')
    item = markdown[start:markdown.index("</li>", start)]
    assert 'aria-labelledby="measure-alpha-case-2-chart-title"' in item
    assert "20% in 2020 → 15% in 2024" in item
    assert "(-5 percentage points)" in item
    assert '<a href="../cases/alpha-case/">Alpha: a case with three measures</a>' in item
    assert "Trust type: Acute trust" in item
    assert 'aria-describedby="measure-alpha-case-2-source"' in item
    assert 'id="measure-alpha-case-2-source" role="tooltip">“It went from 20 to 15.”' in item


def test_small_counts_are_flagged_on_the_page(pages: dict[str, Page]) -> None:
    markdown = pages[IMPACT_SRC].markdown
    assert markdown.count('class="cb-measure__small"') == 1  # gamma's hearings: 7 and 2
    assert "Small numbers: 7 staff in 2020 and 2 staff in 2024." in markdown


def test_each_wres_page_shows_its_measures_as_the_impact_page_does(
        pages: dict[str, Page]) -> None:
    three = pages["wres/3.md"].markdown
    assert _items(three) == ["measure-alpha-case-1", "measure-gamma-case-1"]
    assert '<a href="../../cases/gamma-case/">' in three  # one folder deeper than /impact/
    assert "[Measured impact](../impact/index.md)" in three
    assert "No case in the library records a measure of this indicator yet." in \
        pages["wres/1.md"].markdown
    impact = pages[IMPACT_SRC].markdown
    start = impact.index('<li class="cb-measure" id="measure-gamma-case-1"')
    on_impact = impact[start:impact.index("</li>", start)]
    assert on_impact.replace("../cases/", "../../cases/") in three


def test_every_chart_is_well_formed_svg_with_no_negative_width(pages: dict[str, Page]) -> None:
    """Zero and negative figures (gamma's grievances: 0 → -3) still draw a valid chart."""
    blocks = _SVG_BLOCK.findall(pages[IMPACT_SRC].markdown)
    assert len(blocks) == 7
    for block in blocks:
        svg = ET.fromstring(block)
        for rect in svg.iter("{http://www.w3.org/2000/svg}rect"):
            assert float(rect.get("width", "0")) >= 0


def test_a_library_without_measures_says_so(tmp_path: Path) -> None:
    root = make_library(tmp_path, {"plain": case_text()})
    library = load_library(root, today=TODAY)
    page = next(p for p in plan_site(library, today=TODAY) if p.src == IMPACT_SRC)
    assert "No case in the library records a measured impact yet." in page.markdown
    assert "cb-measure" not in page.markdown


def test_text_of_a_measure_never_breaks_the_list_or_reaches_the_page_as_markup(
        library: Library) -> None:
    """Markup, entities, a blank line and a very long line in every text a measure has: all
    shown as text, the list stays one HTML block, the chart stays well formed."""
    hostile = ("<script>alert(1)</script> &amp; &lt;b&gt; <img src=x onerror=alert(1)>"
               "\n\n## Not a heading\n\n" + "W" * 5000 + " \u202e\u2066end")
    case = _case(library, "alpha-case")
    measure = dataclasses.replace(case.impact[0], measure=hostile, unit=hostile,
                                  note=hostile, quote=hostile)
    bad = dataclasses.replace(case, title=hostile, impact=(measure,))
    page = impact_page(site_context(dataclasses.replace(library, cases=[bad]), TODAY))
    assert "<script" not in page.markdown and "<img" not in page.markdown
    assert "&amp;lt;b&amp;gt;" in page.markdown  # an entity is shown as typed
    block = page.markdown[page.markdown.index('<ul class="cb-measures">'):]
    assert "\n\n" not in block.strip()
    for svg in _SVG_BLOCK.findall(block):
        ET.fromstring(svg)
