"""Impact charts (generator/plan/charts.py, templates/chart.html): inline SVG beside the table."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

import markdown
import pytest

from casebook.library.cases import Measure
from casebook.library.load import load_library
from casebook.library.urls import case_src
from casebook.plan.case_sections import place_impact
from casebook.plan.charts import PLOT_LEFT, PLOT_RIGHT, impact_charts, measure_chart, scale
from casebook.plan.fragments import render
from casebook.plan.page import Page
from casebook.plan.site import plan_site
from tests.helpers.library import ROOT, TODAY, VALID_FRONT, case_text, make_library

SVG = "{http://www.w3.org/2000/svg}"
_SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)

IMPACT: list[dict[str, Any]] = [
    {"measure": "Ethnic minority staff at band 8a and above", "unit": "%",
     "wres_indicator": 1, "baseline": {"value": 9.5, "year": 2019},
     "latest": {"value": 14, "year": 2024}, "quote": "It rose from 9.5% to 14%."},
    {"measure": "Relative likelihood of entering a formal disciplinary process",
     "baseline": {"value": 2.1, "year": 2020}, "latest": {"value": 1.1, "year": 2024},
     "quote": "The relative likelihood fell from 2.1 to 1.1."},
]


def svgs(markdown: str) -> list[ET.Element]:
    """Every inline SVG in a page, parsed as XML (an SVG fragment must be well formed)."""
    return [ET.fromstring(block) for block in _SVG_BLOCK.findall(markdown)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """A library of two cases: one with two impact measures, one without any."""
    with_impact = case_text({**VALID_FRONT, "impact": IMPACT})
    root = make_library(tmp_path_factory.mktemp("charts"), {
        "with-impact": with_impact, "without-impact": case_text()})
    library = load_library(root, today=TODAY)
    assert library.ok, library.diagnostics
    return {page.src: page for page in plan_site(library, today=TODAY)}


def measure(baseline: float, latest: float, unit: str = "") -> Measure:
    return Measure("A measure", baseline, 2019, latest, 2024, unit=unit)


def impact_of(page: Page) -> str:
    """The impact block the plugin places in a case page's body (plan/case_sections.py)."""
    return str(page.case.impact)


def test_each_measure_gets_an_svg_whose_text_alternative_names_both_values_and_years(
        pages: dict[str, Page]) -> None:
    """role="img", aria-labelledby pointing at its <title>, which states both figures."""
    charts = svgs(impact_of(pages[case_src("with-impact")]))
    assert len(charts) == len(IMPACT)
    expected = [("9.5%", "2019", "14%", "2024"), ("2.1", "2020", "1.1", "2024")]
    for svg, figures in zip(charts, expected, strict=True):
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text
        assert svg.get("aria-labelledby") == title.get("id")
        for figure in figures:
            assert figure in title.text, (figure, title.text)


def test_a_case_without_impact_has_no_chart_and_no_impact_table(
        pages: dict[str, Page]) -> None:
    """No `impact` in the front-matter: no SVG, no chart, no table."""
    page = pages[case_src("without-impact")]
    assert impact_of(page) == ""
    for forbidden in ("<svg", "cb-chart", "cb-impact"):
        assert forbidden not in page.markdown


def test_the_charts_sit_beside_the_table_at_the_end_of_the_impact_section(
        pages: dict[str, Page]) -> None:
    """Charts and table share the impact block, placed after '## Impact' and before
    '## Lessons' in the body's HTML, not in its Markdown (which is the contributor's)."""
    page = pages[case_src("with-impact")]
    assert "cb-impact" not in page.markdown
    placed = place_impact(markdown.markdown(page.markdown), impact_of(page))
    impact, block, charts, table, lessons = (
        placed.index(">Impact</h2>"), placed.index('<div class="cb-impact">'),
        placed.index('class="cb-impact__charts"'), placed.index("<table>"),
        placed.index(">Lessons</h2>"))
    assert impact < block < charts < table < lessons


def test_the_impact_block_goes_at_the_end_of_a_body_with_no_lessons_heading() -> None:
    """A 'Lessons' line in a code block or a level-3 heading is not the Lessons section."""
    body = markdown.markdown("## Impact\n\nText.\n\n    ## Lessons\n\n### Lessons\n\nEnd.")
    placed = place_impact(body, '<div class="cb-impact"></div>')
    assert placed.endswith('<p>End.</p>\n<div class="cb-impact"></div>')
    assert place_impact(body, "") == body


def test_chart_ids_are_unique_on_the_page(pages: dict[str, Page]) -> None:
    """Two charts never share an id, so each aria-labelledby names its own title."""
    ids = re.findall(r'\bid="([^"]+)"', impact_of(pages[case_src("with-impact")]))
    assert len(ids) == len(set(ids))


def test_a_percentage_is_drawn_against_0_to_100() -> None:
    """12% of the scale is 12% of the plot's width; the track shows the full 0-100 range."""
    assert scale(measure(9.5, 14, "%")) == (0.0, 100.0)
    chart = measure_chart(measure(25, 50, "%"), "c")
    span = PLOT_RIGHT - PLOT_LEFT
    assert [bar.width for bar in chart.bars] == [span / 4, span / 2]
    assert chart.track == (PLOT_LEFT, span)


def test_any_other_unit_is_drawn_from_0_to_the_larger_figure() -> None:
    """The larger figure fills the plot; the other is in proportion; no 0-100 track."""
    chart = measure_chart(measure(40, 10, "staff"), "c")
    span = PLOT_RIGHT - PLOT_LEFT
    assert [bar.width for bar in chart.bars] == [span, span / 4]
    assert chart.track is None
    assert chart.caption == "A measure (staff)"


def test_a_negative_figure_extends_the_scale_below_zero_with_a_zero_line() -> None:
    """A pay gap that reversed: both bars start at zero, one to each side."""
    chart = measure_chart(measure(3.2, -0.8, "%"), "c")
    assert chart.zero_x is not None
    baseline, latest = chart.bars
    assert baseline.x == pytest.approx(chart.zero_x)
    assert latest.x + latest.width == pytest.approx(chart.zero_x)
    assert "-0.8% in 2024" in chart.alt


def test_two_zero_figures_still_draw_a_valid_chart() -> None:
    """No division by zero: an empty scale becomes 0-1 and both bars have no width."""
    chart = measure_chart(measure(0, 0), "c")
    assert [bar.width for bar in chart.bars] == [0, 0]
    assert "no change" in chart.alt


def test_measure_text_is_escaped_inside_the_svg() -> None:
    """A measure with markup characters stays text in the <title> and the caption."""
    hostile = Measure("<script>alert(1)</script> & </title>", 1, 2019, 2, 2024)
    html = render("impact.html", measures=[], charts=impact_charts([hostile]))
    assert "<script>" not in html and "</title> &" not in html
    svg = svgs(html)[0]
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert title.text.startswith("<script>alert(1)</script> & </title>: 1 in 2019")


def test_the_chart_uses_classes_not_inline_styles() -> None:
    """The Content-Security-Policy may restrict style-src, so no style attribute or element."""
    html = render("impact.html", measures=[], charts=impact_charts([measure(1, 2, "%")]))
    assert "style=" not in html and "<style" not in html


def test_the_chart_template_lives_beside_the_impact_template() -> None:
    """The templates ship with the package (setuptools package-data 'templates/*')."""
    templates = ROOT / "generator" / "templates"
    assert (templates / "chart.html").is_file()
    assert '{% include "chart.html" %}' in (templates / "impact.html").read_text()

